//! Tests of `amount`: the forms of amounts, the file's decimal mark, grouping.

use super::*;
use proptest::prelude::*;

fn cny(s: &str, style: Style) -> Result<i64, AmountError> {
    parse(s, style, Unit::default(), Currency::CNY).map(|m| m.minor)
}

/// Grouping marks must fall where groups do: "1,2,3" was imported as ¥123, and in a file
/// with "12,5" in another row it was said to mix decimal marks (CSM trial, session 22).
#[test]
fn marks_where_no_groups_fall_are_not_an_amount() {
    for style in [Style::Unknown, Style::Point, Style::Comma, Style::Mixed] {
        for bad in ["1,2,3", "1.2.3", "12,34,5", "1.2,3.4"] {
            assert_eq!(cny(bad, style), Err(AmountError::NotAnAmount), "{bad} in {style:?}");
        }
    }
    // Spaces, apostrophes and underscores group digits too, under the same rule.
    for bad in ["1 2 3", "1'2'3", "1_2_3", "12 34 567 8", "1,5 0"] {
        assert_eq!(cny(bad, Style::Unknown), Err(AmountError::NotAnAmount), "{bad}");
    }
    assert_eq!(cny("12 345", Style::Unknown), Ok(1_234_500));
    assert_eq!(cny("1\u{a0}234,56", Style::Comma), Ok(123_456));
    assert_eq!(cny("1'234.5", Style::Point), Ok(123_450));
    assert_eq!(cny("1,20,000", Style::Point), Ok(12_000_000));
    assert_eq!(cny("1.234.567,5", Style::Comma), Ok(123_456_750));
    // A malformed cell is no evidence: the file's "12,5" stays a decimal comma.
    assert_eq!(evidence("1,2,3"), None);
    assert_eq!(observe(observe(Style::Unknown, "1,2,3"), "12,5"), Style::Comma);
    assert_eq!(cny("12,5", observe(observe(Style::Unknown, "1,2,3"), "12,5")), Ok(1_250));
}

#[test]
fn forms_of_the_issue() {
    let eur = |s: &str, st| parse(s, st, Unit::default(), Currency::CNY).unwrap();
    assert_eq!(eur("96.000 €", Style::Unknown), Money::new(9_600_000, Currency::EUR));
    assert_eq!(eur("€12.000", Style::Unknown), Money::new(1_200_000, Currency::EUR));
    assert_eq!(cny("1.234.567", Style::Unknown), Ok(123_456_700));
    assert_eq!(cny("1.234,56", Style::Unknown), Ok(123_456));
    assert_eq!(cny("1,2", Style::Comma), Ok(120));
    assert_eq!(cny("1,2", Style::Unknown), Ok(120));
    assert_eq!(cny("1 234,56", Style::Comma), Ok(123_456));
    assert_eq!(cny("(1,200)", Style::Unknown), Err(AmountError::Negative));
    assert_eq!(cny("-5", Style::Unknown), Err(AmountError::Negative));
    assert_eq!(cny("1.2亿", Style::Unknown), Ok(12_000_000_000));
    assert_eq!(cny("12万元", Style::Unknown), Ok(12_000_000));
    assert_eq!(cny("¥120k", Style::Unknown), Ok(12_000_000));
    assert_eq!(cny("¥3.5B", Style::Unknown), Ok(350_000_000_000));
    assert_eq!(cny("2 b", Style::Unknown), Ok(200_000_000_000));
    assert_eq!(cny("1.2bn", Style::Unknown), Ok(120_000_000_000));
    assert_eq!(cny("ab", Style::Unknown), Err(AmountError::NotAnAmount));
    assert_eq!(cny("120,000", Style::Unknown), Ok(12_000_000));
    assert_eq!(cny("500000.0", Style::Unknown), Ok(50_000_000));
    assert_eq!(cny("1.500", Style::Point), Ok(150));
    assert_eq!(cny("1.500", Style::Unknown), Ok(150_000));
    assert_eq!(cny("1,5", Style::Mixed), Err(AmountError::MixedStyle));
    assert_eq!(cny("1,234.5", Style::Mixed), Ok(123_450));
    assert_eq!(
        parse("USD 96,000", Style::Unknown, Unit::default(), Currency::CNY).unwrap().currency,
        Currency::USD
    );
    assert_eq!(cny("abc", Style::Unknown), Err(AmountError::NotAnAmount));
    assert_eq!(cny("1.234", Style::Comma), Ok(123_400));
}

#[test]
fn header_units() {
    let wan = Unit::parse("万元").unwrap();
    assert_eq!(wan, Unit { currency: Some(Currency::CNY), multiplier: 10_000 });
    assert_eq!(parse("50", Style::Unknown, wan, Currency::USD), Ok(Money::new(50_000_000, Currency::CNY)));
    assert_eq!(Unit::parse("USD").unwrap().currency, Some(Currency::USD));
    assert_eq!(Unit::parse("€").unwrap().currency, Some(Currency::EUR));
    // A header names its currency as the currency column and the commands read one.
    let hkd = Currency::new("HKD").ok();
    let units = [
        ("HK$", hkd),
        ("hk$", hkd),
        ("港币", hkd),
        ("美元", Some(Currency::USD)),
        ("rmb", Some(Currency::CNY)),
        ("Rmb", Some(Currency::CNY)),
        ("us$", Some(Currency::USD)),
    ];
    for (unit, want) in units {
        assert_eq!(Unit::parse(unit).map(|u| u.currency), Some(want), "{unit}");
    }
    assert_eq!(Unit::parse("%"), None);
    assert_eq!(Unit::parse("必填"), None);
}

#[test]
fn the_file_decides_the_mark() {
    let fold = |cells: &[&str]| cells.iter().fold(Style::Unknown, |s, c| observe(s, c));
    assert_eq!(fold(&["1.000", "2.500,50"]), Style::Comma);
    assert_eq!(fold(&["1,000", "2,500.50"]), Style::Point);
    assert_eq!(fold(&["1,000", "2.000"]), Style::Unknown);
    assert_eq!(fold(&["1,5", "2.5"]), Style::Mixed);
    assert_eq!(fold(&["1.234.567"]), Style::Comma);
}

proptest! {
    /// Any amount written with grouping in either style reads back as itself.
    #[test]
    fn grouped_amounts_round_trip(major in 0i64..10_000_000_000, cents in 0i64..100, comma in any::<bool>()) {
        let int = major.to_string();
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(if comma { '.' } else { ',' });
            }
            grouped.push(c);
        }
        let text = format!("{grouped}{}{cents:02}", if comma { ',' } else { '.' });
        let style = if comma { Style::Comma } else { Style::Point };
        prop_assert_eq!(observe(Style::Unknown, &text), style);
        prop_assert_eq!(cny(&text, style), Ok(major * 100 + cents));
        let bracketed = cny(&format!("({text})"), style);
        if major + cents > 0 {
            prop_assert_eq!(bracketed, Err(AmountError::Negative));
        } else {
            prop_assert_eq!(bracketed, Ok(0));
        }
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        let _ = parse(&s, Style::Unknown, Unit::default(), Currency::CNY);
        let _ = parse(&s, Style::Mixed, Unit::default(), Currency::CNY);
    }
}
