//! Parsing, the amount check, the formats and sums: exact cases, and properties against
//! an exact reference.

use super::*;
use proptest::prelude::*;

fn cny(s: &str) -> Result<Money, MoneyError> {
    Money::parse(s, Currency::CNY)
}

#[test]
fn parses_the_documented_forms() {
    assert_eq!(cny("¥120,000").unwrap(), Money::new(12_000_000, Currency::CNY));
    assert_eq!(cny("120000.50").unwrap(), Money::new(12_000_050, Currency::CNY));
    assert_eq!(cny("$1,200").unwrap(), Money::new(120_000, Currency::USD));
    assert_eq!(cny("¥120k").unwrap(), Money::new(12_000_000, Currency::CNY));
    assert_eq!(cny("1.2m").unwrap(), Money::new(120_000_000, Currency::CNY));
    assert_eq!(cny("12万").unwrap(), Money::new(12_000_000, Currency::CNY));
    assert_eq!(cny("-300").unwrap(), Money::new(-30_000, Currency::CNY));
    assert_eq!(cny("1,500 USD").unwrap(), Money::new(150_000, Currency::USD));
    assert_eq!(Money::parse("5000", Currency::JPY).unwrap().minor, 5000);
}

#[test]
fn rejects_garbage_and_too_precise() {
    for s in ["", "abc", "1.2.3", "¥", "12x", "--5", "1e5"] {
        assert!(cny(s).is_err(), "{s:?} should fail");
    }
    assert!(matches!(cny("1.0051"), Err(MoneyError::Precision(..))));
    assert!(matches!(cny("99999999999999999999"), Err(MoneyError::Overflow(_))));
}

/// B10: a sum that would overflow is "too large", for good, never i64::MAX.
#[test]
fn sums_never_saturate() {
    let mut sum = Some(0);
    add_to_sum(&mut sum, i64::MAX - 1);
    add_to_sum(&mut sum, 1);
    assert_eq!(sum, Some(i64::MAX));
    add_to_sum(&mut sum, 1);
    assert_eq!(sum, None);
    add_to_sum(&mut sum, -5);
    assert_eq!(sum, None, "once too large, always too large");
    assert_eq!(format_sum(None, Currency::CNY, "too large"), "too large");
    assert_eq!(format_sum(Some(12_000_050), Currency::CNY, "x"), "¥120,000.50");
    assert_eq!(format_sum_compact(None, Currency::CNY, "过大"), "过大");
    assert_eq!(format_sum_compact(Some(276_876_000), Currency::CNY, "x"), "¥2.8M");
    let mut neg = Some(i64::MIN + 1);
    add_to_sum(&mut neg, -1);
    assert_eq!(neg, Some(i64::MIN));
    add_to_sum(&mut neg, -1);
    assert_eq!(neg, None);
}

/// B10: amounts beyond `MAX_MAJOR` are refused on input, and an ARR is never negative.
#[test]
fn amounts_are_bounded_and_not_negative() {
    assert_eq!(cny("10,000,000,000,000").unwrap().minor, MAX_MAJOR * 100);
    assert_eq!(cny("-10,000,000,000,000").unwrap().minor, -MAX_MAJOR * 100);
    assert!(matches!(cny("10,000,000,000,000.01"), Err(MoneyError::Overflow(_))));
    assert!(matches!(cny("-10,000,000,000,000.01"), Err(MoneyError::Overflow(_))));
    assert!(matches!(cny("10000000000001"), Err(MoneyError::Overflow(_))));
    assert!(matches!(cny("1000万万"), Err(MoneyError::Amount(_))));
    assert!(matches!(cny("10000001m"), Err(MoneyError::Overflow(_))));
    assert_eq!(cny("10000000m").unwrap().minor, MAX_MAJOR * 100);
    assert_eq!(
        cny("10000001m").unwrap_err().to_string(),
        "'10000001m' is too large an amount (at most 10,000,000,000,000 in any currency)"
    );
    let jpy = Money::parse("10000000000000", Currency::JPY).unwrap();
    assert_eq!(jpy.minor, MAX_MAJOR);
    assert!(Money::parse("10000000000001", Currency::JPY).is_err());

    assert_eq!(Money::parse_amount(" 5000 ", Currency::CNY).unwrap().minor, 500_000);
    assert_eq!(Money::parse_amount("0", Currency::CNY).unwrap().minor, 0);
    let e = Money::parse_amount(" -5000 ", Currency::CNY).unwrap_err();
    assert_eq!(e, MoneyError::Negative("-5000".into()));
    assert_eq!(e.to_string(), "'-5000' is negative (an amount must be 0 or more)");
    assert!(matches!(Money::parse_amount("1.0051", Currency::CNY), Err(MoneyError::Precision(..))));
    assert!(matches!(Money::parse_amount("x", Currency::CNY), Err(MoneyError::Amount(_))));
    assert!(matches!(
        Money::parse_amount("99999999999999999999", Currency::CNY),
        Err(MoneyError::Overflow(_))
    ));

    let at = |minor: i64, c: Currency| Money::new(minor, c).check_amount();
    assert!(at(MAX_MAJOR * 100, Currency::CNY).is_ok());
    assert_eq!(
        at(MAX_MAJOR * 100 + 1, Currency::CNY),
        Err(MoneyError::Overflow("¥10,000,000,000,000.01".into()))
    );
    assert!(at(MAX_MAJOR, Currency::JPY).is_ok());
    assert!(at(MAX_MAJOR + 1, Currency::JPY).is_err());
    assert!(at(i64::MAX, Currency::CNY).is_err());
    assert_eq!(at(-1, Currency::CNY), Err(MoneyError::Negative("-¥0.01".into())));
    assert!(at(0, Currency::CNY).is_ok());
}

#[test]
fn formats() {
    assert_eq!(Money::new(12_000_050, Currency::CNY).format_full(), "¥120,000.50");
    assert_eq!(Money::new(120_000, Currency::USD).format_full(), "$1,200");
    assert_eq!(Money::new(0, Currency::CNY).format_full(), "¥0");
    assert_eq!(Money::new(-5, Currency::CNY).format_full(), "-¥0.05");
    assert_eq!(Money::new(-123_456_789, Currency::JPY).format_full(), "-JP¥123,456,789");
    assert_eq!(Money::new(12_000_000, Currency::CNY).format_compact(), "¥120k");
    assert_eq!(Money::new(123_000_000, Currency::USD).format_compact(), "$1.2M");
    assert_eq!(Money::new(150_000, Currency::CNY).format_compact(), "¥1.5k");
    let chf = Money::new(100, Currency::new("chf").unwrap());
    assert_eq!(chf.format_full(), "CHF 1");
}

/// Commas group digits where groups fall, or the text is not an amount: "1,2,3" was read
/// as ¥123 in a renewal's new ARR and "12,5" as ¥125 (CSM trial, session 22).
#[test]
fn commas_must_fall_where_groups_do() {
    for bad in [
        "1,2,3", "12,5", "1,23", "1234,567", ",123", "123,", "1,,234", "1,234,56", "1,2345", "12,34", "1_2_3",
    ] {
        assert_eq!(cny(bad), Err(MoneyError::Amount(bad.to_string())), "{bad}");
    }
    let ok = |s: &str| cny(s).unwrap().minor;
    assert_eq!(ok("1,234"), 123_400);
    assert_eq!(ok("12,345,678.90"), 1_234_567_890);
    assert_eq!(ok("1,20,000"), 12_000_000); // Indian grouping (lakh)
    assert_eq!(ok("12,34,567"), 123_456_700);
    assert_eq!(ok("¥1,200k"), 120_000_000);
    assert_eq!(ok("1_000"), 100_000);
}

proptest! {
    // Digits with commas put anywhere are an amount exactly when the commas group them,
    // the Western way or the Indian, and then the amount is the digits'.
    #[test]
    fn a_comma_anywhere_else_is_refused(digits in "[1-9][0-9]{0,9}", cuts in proptest::collection::btree_set(1usize..10, 0..4)) {
        let cuts: Vec<usize> = cuts.into_iter().filter(|c| *c < digits.len()).collect();
        let mut text = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if cuts.contains(&i) {
                text.push(',');
            }
            text.push(ch);
        }
        let mut lens: Vec<usize> = Vec::new();
        let mut last = 0;
        for c in cuts.iter().chain(std::iter::once(&digits.len())) {
            lens.push(c - last);
            last = *c;
        }
        let n = lens.len();
        let western = n == 1 || ((1..=3).contains(&lens[0]) && lens[1..].iter().all(|l| *l == 3));
        let indian = n > 1 && (1..=2).contains(&lens[0]) && lens[1..n - 1].iter().all(|l| *l == 2) && lens[n - 1] == 3;
        let read = cny(&text);
        if western || indian {
            prop_assert_eq!(read.map(|m| m.minor), Ok(digits.parse::<i64>().unwrap() * 100), "{}", text);
        } else {
            prop_assert!(read.is_err(), "{} read as {:?}", text, read);
        }
    }
}

proptest! {
    #[test]
    fn full_format_round_trips(minor in -MAX_MAJOR..=MAX_MAJOR,
                               cur in proptest::sample::select(vec!["CNY", "USD", "EUR", "JPY", "CHF"])) {
        let m = Money::new(minor, Currency::new(cur).unwrap());
        prop_assert_eq!(Money::parse(&m.format_full(), Currency::CNY).unwrap(), m);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,20}") {
        let _ = cny(&s);
    }
}

fn cny_major(major: i64) -> String {
    Money::new(major * 100, Currency::CNY).format_compact()
}

/// D16: the compact form rounds half away from zero at every magnitude.
#[test]
fn compact_rounds_half_away_from_zero() {
    assert_eq!(cny_major(2_768_760), "¥2.8M");
    assert_eq!(cny_major(2_750_000), "¥2.8M");
    assert_eq!(cny_major(2_749_999), "¥2.7M");
    assert_eq!(cny_major(999_500), "¥1M");
    assert_eq!(cny_major(999_499), "¥999k");
    assert_eq!(cny_major(12_500), "¥13k");
    assert_eq!(cny_major(12_499), "¥12k");
    assert_eq!(cny_major(9_950), "¥10k");
    assert_eq!(cny_major(1_450), "¥1.5k");
    assert_eq!(cny_major(1_449), "¥1.4k");
    assert_eq!(Money::new(99_950, Currency::CNY).format_compact(), "¥1k");
    assert_eq!(Money::new(85_050, Currency::CNY).format_compact(), "¥851");
    assert_eq!(Money::new(49, Currency::CNY).format_compact(), "¥0");
    assert_eq!(Money::new(-49, Currency::CNY).format_compact(), "¥0");
    assert_eq!(Money::new(-276_876_000, Currency::CNY).format_compact(), "-¥2.8M");
    assert_eq!(Money::new(1_550, Currency::JPY).format_compact(), "JP¥1.6k");
    let (hkd, sgd) = (Currency::new("HKD").unwrap(), Currency::new("SGD").unwrap());
    assert_eq!(Money::new(50_000_000, hkd).format_compact(), "HK$500k");
    assert_eq!(Money::new(30_000_000, hkd).format_full(), "HK$300,000");
    assert_eq!(Money::new(50_000_000, sgd).format_compact(), "SGD500k");
    assert_eq!(Money::new(-120_000_000, sgd).format_compact(), "-SGD1.2M");
    // An estimate to the whole unit, half away from zero; too large stays so.
    let est = |m| super::format_estimate(Some(m), Currency::CNY, "too large");
    assert_eq!(
        (est(2_031_803_565), est(2_031_803_549), est(-150)),
        ("¥20,318,036".into(), "¥20,318,035".into(), "-¥2".into())
    );
    assert_eq!(super::format_estimate(Some(i64::MAX), Currency::CNY, "-"), "¥92,233,720,368,547,758");
    assert_eq!(super::format_estimate(None, Currency::JPY, "too large"), "too large");
    assert_eq!(super::format_estimate(Some(1_234), Currency::JPY, "-"), "JP¥1,234");
    // A thousand million on: billions (the largest amount read `¥10000027.8M`).
    assert_eq!(Money::new(99_994_999_999, Currency::CNY).format_compact(), "¥999.9M");
    assert_eq!(Money::new(99_995_000_000, Currency::CNY).format_compact(), "¥1B");
    assert_eq!(Money::new(345_000_000_000, Currency::CNY).format_compact(), "¥3.5B");
    assert_eq!(Money::new(1_000_002_780_000_000, Currency::CNY).format_compact(), "¥10000B");
    assert_eq!(Money::parse("¥3.5b", Currency::CNY).unwrap(), Money::new(350_000_000_000, Currency::CNY));
    assert_eq!(Money::parse("2B", Currency::CNY).unwrap(), Money::new(200_000_000_000, Currency::CNY));
    assert_eq!(Money::parse("1.2亿", Currency::CNY).unwrap(), Money::new(12_000_000_000, Currency::CNY));
    assert_eq!(Money::new(50_000_000, sgd).format_full(), "SGD 500,000");
}

/// An exact reference by other means: the decimal digits of |minor| / scale, cut to
/// `keep` decimals and rounded up when the first digit cut is 5 or more (half away
/// from zero on the magnitude), as a string of digits with an implied point.
fn reference_round(abs: u64, exponent: u32, unit_digits: u32, keep: u32) -> u128 {
    // The value in units of 10^unit_digits major, as a decimal string.
    let digits = abs.to_string();
    let shift = (exponent + unit_digits) as usize; // digits after the point
    let padded = format!("{digits:0>width$}", width = shift + 1);
    let (int, frac) = padded.split_at(padded.len() - shift);
    let kept: String = format!("{int}{}", &frac[..keep as usize]);
    let next = frac.as_bytes().get(keep as usize).copied().unwrap_or(b'0');
    kept.parse::<u128>().unwrap() + u128::from(next >= b'5')
}

/// What `format_compact` should print for |minor|, chosen from the reference roundings.
fn reference(abs: u64, currency: Currency) -> String {
    let e = currency.exponent();
    let tenths = |t: u128, unit: &str| {
        if t.is_multiple_of(10) {
            format!("{}{unit}", t / 10)
        } else {
            format!("{}.{}{unit}", t / 10, t % 10)
        }
    };
    let whole = reference_round(abs, e, 0, 0);
    if whole < 1_000 {
        return whole.to_string();
    }
    let k_tenths = reference_round(abs, e, 3, 1);
    if k_tenths < 100 {
        return tenths(k_tenths, "k");
    }
    let k = reference_round(abs, e, 3, 0);
    if k < 1_000 {
        return format!("{k}k");
    }
    let m_tenths = reference_round(abs, e, 6, 1);
    if m_tenths < 10_000 {
        return tenths(m_tenths, "M");
    }
    tenths(reference_round(abs, e, 9, 1), "B")
}

fn any_magnitude() -> impl Strategy<Value = i64> {
    // Spread over every magnitude, with the .5 boundaries hit often.
    prop_oneof![
        any::<i64>(),
        (0u32..19, -3i64..=3).prop_map(|(p, d)| 10_i64.pow(p).saturating_mul(5).saturating_add(d)),
        (0u32..18, 1i64..1000, -2i64..=2)
            .prop_map(|(p, m, d)| m.saturating_mul(10_i64.pow(p)).saturating_add(d)),
    ]
}

proptest! {
    #[test]
    fn compact_matches_the_exact_reference(
        minor in any_magnitude(),
        cur in proptest::sample::select(vec!["CNY", "USD", "JPY", "CHF"]),
    ) {
        let currency = Currency::new(cur).unwrap();
        let m = Money::new(minor, currency);
        let body = reference(minor.unsigned_abs(), currency);
        let sign = if minor < 0 && body != "0" { "-" } else { "" };
        prop_assert_eq!(m.format_compact(), format!("{sign}{}{body}", m.compact_prefix()));
    }

    /// Read back, the compact form is within half its last digit of the amount.
    #[test]
    fn compact_is_within_half_a_unit(minor in -MAX_MAJOR * 100..=MAX_MAJOR * 100) {
        let m = Money::new(minor, Currency::CNY);
        let shown = m.format_compact();
        let back = Money::parse(&shown, Currency::CNY).unwrap();
        let body = shown.trim_start_matches('-').trim_start_matches('¥');
        let unit: i64 = match (body.ends_with('M'), body.ends_with('k'), body.contains('.')) {
            _ if body.ends_with('B') => 100_000_000 * 100,
            (true, _, _) => 100_000 * 100,
            (_, true, true) => 100 * 100,
            (_, true, false) => 1_000 * 100,
            _ => 100,
        };
        prop_assert!(2 * (back.minor - minor).abs() <= unit, "{} shown as {}", minor, shown);
    }
}

/// Trial, session 4: `€12.000` typed in a form is twelve thousand euros (a European
/// thousands point), not twelve: a currency of two decimals never has three.
#[test]
fn a_lone_point_before_three_digits_groups_thousands() {
    let eur = Currency::new("EUR").unwrap();
    assert_eq!(Money::parse("€12.000", eur).unwrap(), Money::from_major(12_000, eur));
    assert_eq!(Money::parse("12.000", eur).unwrap(), Money::from_major(12_000, eur));
    assert_eq!(cny("1.005").unwrap(), Money::from_major(1_005, Currency::CNY));
    assert_eq!(Money::parse("5.000", Currency::JPY).unwrap(), Money::from_major(5_000, Currency::JPY));
    // Not a lone group: decimals, a multiplier, a leading zero, or a long integer part.
    assert_eq!(Money::parse("12.50", eur).unwrap(), Money::new(1_250, eur));
    assert_eq!(Money::parse("1.500k", eur).unwrap(), Money::from_major(1_500, eur));
    assert!(matches!(cny("0.005"), Err(MoneyError::Precision(..))));
    assert!(matches!(cny("1234.005"), Err(MoneyError::Precision(..))));
}

proptest! {
    /// `N.ddd` (N of one to three digits, no other separator) is N·1000 + ddd units of a
    /// currency of at most two decimals, with or without its symbol; `N.dd` stays decimal.
    #[test]
    fn point_and_three_digits_is_thousands(n in 1i64..=999, d in 0i64..=999,
                                           cur in proptest::sample::select(vec!["EUR", "CNY", "USD", "JPY"])) {
        let c = Currency::new(cur).unwrap();
        let text = format!("{n}.{d:03}");
        prop_assert_eq!(Money::parse(&text, c).unwrap(), Money::from_major(n * 1000 + d, c));
        let shown = Money::parse(&format!("{text} {cur}"), Currency::CNY).unwrap();
        prop_assert_eq!(shown, Money::from_major(n * 1000 + d, c));
        if c.exponent() == 2 {
            let two = format!("{n}.{:02}", d % 100);
            prop_assert_eq!(Money::parse(&two, c).unwrap(), Money::new(n * 100 + d % 100, c));
        }
    }
}

/// Every currency with a symbol shows it, the others their code (the short column fits both).
#[test]
fn symbols_and_codes() {
    let shown = |code: &str| Money::new(100_000, Currency::new(code).unwrap()).format_compact();
    let all = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD", "CHF"].map(shown);
    assert_eq!(all, ["¥1k", "$1k", "€1k", "£1k", "JP¥100k", "HK$1k", "CHF1k"]);
}

/// What is shown is read back: `HK$300,000` in a form is HKD (the form's hint names it so).
#[test]
fn hk_dollars_read_back() {
    let hkd = Currency::new("HKD").unwrap();
    let shown = Money::new(30_000_000, hkd).format_full();
    assert_eq!(Money::parse(&shown, Currency::CNY).unwrap(), Money::new(30_000_000, hkd));
    assert_eq!(Money::parse("$5", Currency::CNY).unwrap().currency, Currency::USD);
}

/// Only three capital letters are a currency code beside a number: "1,200 usd" and
/// "ABCD 1,200" are not amounts (a word is not guessed into a code).
#[test]
fn a_code_is_three_capitals() {
    assert!(Money::parse("1,200 usd", Currency::CNY).is_err());
    assert!(Money::parse("ABCD 1,200", Currency::CNY).is_err());
    assert_eq!(Money::parse("1,200 USD", Currency::CNY).unwrap(), Money::from_major(1_200, Currency::USD));
}
