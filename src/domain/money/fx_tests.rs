//! Exchange rates: parsing and printing exact decimals, the rate in force, the conversion
//! rule (direct, inverse, through a common base), half-to-even rounding and totals.

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn v(s: &str) -> FxValue {
    FxValue::parse(s).unwrap()
}

fn rate(cur: Currency, base: Currency, from: NaiveDate, r: &str) -> FxRate {
    FxRate::new(cur, base, from, v(r)).unwrap()
}

#[test]
fn rates_parse_and_print_exactly() {
    assert_eq!(v("7.10").micro(), 7_100_000);
    assert_eq!(v("7.1").to_string(), "7.1");
    assert_eq!(v("150").to_string(), "150");
    assert_eq!(v("0.138889").to_string(), "0.138889");
    assert_eq!(v(".5").to_string(), "0.5");
    assert_eq!(v("1000000").micro(), MAX_RATE_MICRO);
    for bad in ["", "0", "0.0", "-1", "1e3", "7,10", "7.1234567", "abc", "."] {
        assert!(FxValue::parse(bad).is_err(), "{bad:?}");
    }
    assert!(matches!(FxValue::parse("1000000.000001"), Err(FxError::TooLarge(_))));
    assert!(matches!(FxValue::parse("99999999999999999999"), Err(FxError::TooLarge(_))));
    // Not a number on either side of the point: not a rate (never "too large").
    for bad in ["a.1", "1.a", "x."] {
        assert!(matches!(FxValue::parse(bad), Err(FxError::Rate(_))), "{bad:?}");
    }
    assert!(FxRate::new(Currency::USD, Currency::USD, d(2026, 1, 1), v("1")).is_err());
}

#[test]
fn ties_go_to_even() {
    let cases = [(5, 10, 0), (15, 10, 2), (25, 10, 2), (35, 10, 4), (-5, 10, 0), (-15, 10, -2), (14, 10, 1)];
    for (n, den, want) in cases {
        assert_eq!(div_half_even(n, den), want, "{n}/{den}");
    }
    assert_eq!(div_half_even(16, 10), 2);
    assert_eq!(div_half_even(-16, 10), -2);
}

/// The rate in force is the pair's latest from on or before the date; none before the first.
#[test]
fn the_rate_in_force_changes_on_its_date() {
    let c = Converter::new(
        Currency::CNY,
        vec![
            rate(Currency::USD, Currency::CNY, d(2026, 7, 1), "7.20"),
            rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "7.10"),
        ],
    );
    let usd = Money::from_major(1_000, Currency::USD);
    assert_eq!(c.convert(usd, d(2025, 12, 31)), Converted::NoRate);
    assert_eq!(c.convert(usd, d(2026, 1, 1)), Converted::Amount(710_000));
    assert_eq!(c.convert(usd, d(2026, 6, 30)), Converted::Amount(710_000));
    assert_eq!(c.convert(usd, d(2026, 7, 1)), Converted::Amount(720_000));
    assert_eq!(c.convert(Money::from_major(5, Currency::EUR), d(2026, 7, 1)), Converted::NoRate);
    // The same currency needs no rate.
    assert_eq!(c.convert(Money::new(123, Currency::CNY), d(1990, 1, 1)), Converted::Amount(123));
}

/// Inverse and cross rates, and minor-unit scales (JPY has none).
#[test]
fn inverse_and_cross_rates() {
    let on = d(2026, 3, 1);
    let rates = vec![
        rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "7.1"),
        rate(Currency::EUR, Currency::CNY, d(2026, 1, 1), "7.8"),
        rate(Currency::JPY, Currency::CNY, d(2026, 1, 1), "0.047"),
    ];
    let usd = Converter::new(Currency::USD, rates.clone());
    // ¥710.00 → $100.00 (inverse).
    assert_eq!(usd.convert(Money::from_major(710, Currency::CNY), on), Converted::Amount(10_000));
    // €100 → ¥780 → $109.859154… → $109.86 (cross through CNY).
    assert_eq!(usd.convert(Money::from_major(100, Currency::EUR), on), Converted::Amount(10_986));
    // JP¥1,000 → ¥47.00 (JPY has no minor unit).
    let cny = Converter::new(Currency::CNY, rates.clone());
    assert_eq!(cny.convert(Money::new(1_000, Currency::JPY), on), Converted::Amount(4_700));
    // ¥1.00 → JP¥21.276… → JP¥21.
    let jpy = Converter::new(Currency::JPY, rates);
    assert_eq!(jpy.convert(Money::from_major(1, Currency::CNY), on), Converted::Amount(21));
}

#[test]
fn half_even_at_the_minor_unit() {
    // $0.05 × 0.5 = $0.025 → ¥0.02 (tie, to even); $0.07 × 0.5 = $0.035 → ¥0.04.
    let c = Converter::new(Currency::CNY, vec![rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "0.5")]);
    let on = d(2026, 2, 1);
    assert_eq!(c.convert(Money::new(5, Currency::USD), on), Converted::Amount(2));
    assert_eq!(c.convert(Money::new(7, Currency::USD), on), Converted::Amount(4));
    assert_eq!(c.convert(Money::new(3, Currency::USD), on), Converted::Amount(2));
}

#[test]
fn too_large_is_said_not_clipped() {
    let c = Converter::new(Currency::CNY, vec![rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "1000000")]);
    let big = Money::from_major(super::super::MAX_MAJOR, Currency::USD);
    assert_eq!(c.convert(big, d(2026, 1, 1)), Converted::TooLarge);
    let (sum, missing) = c.total([(big, d(2026, 1, 1)), (Money::new(1, Currency::CNY), d(2026, 1, 1))]);
    assert_eq!((sum, missing.len()), (None, 0));
}

/// Through a common base, the first base of the AMOUNT's own rates (code order) decides,
/// never a base that only another currency's rates name first.
#[test]
fn a_cross_rate_goes_through_the_first_base_of_the_amounts_own_rates() {
    let (on, gbp) = (d(2026, 3, 1), Currency::new("GBP").unwrap());
    let start = d(2026, 1, 1);
    let usd = Converter::new(
        Currency::USD,
        vec![
            // CNY sorts first: its base (JPY) must not be tried before EUR's own GBP.
            rate(Currency::CNY, Currency::JPY, start, "21"),
            rate(Currency::EUR, gbp, start, "0.9"),
            rate(Currency::EUR, Currency::JPY, start, "160"),
            rate(Currency::USD, gbp, start, "0.8"),
            rate(Currency::USD, Currency::JPY, start, "150"),
        ],
    );
    // €100 × 0.9 ÷ 0.8 = $112.50 (through GBP; through JPY it would be $106.67).
    assert_eq!(usd.convert(Money::from_major(100, Currency::EUR), on), Converted::Amount(11_250));
}

/// Through a currency each has a rate with, either way: HKD in USD and USD in CNY convert
/// HKD into CNY and CNY into HKD (they were "no exchange rate", and out of every total).
#[test]
fn a_chain_through_a_third_currency_converts_both_ways() {
    let (on, hkd) = (d(2026, 3, 1), Currency::new("HKD").unwrap());
    let start = d(2026, 1, 1);
    let rates =
        vec![rate(hkd, Currency::USD, start, "0.128"), rate(Currency::USD, Currency::CNY, start, "7.1")];
    // HK$1,000 × 0.128 = $128 × 7.1 = ¥908.80.
    let cny = Converter::new(Currency::CNY, rates.clone());
    assert_eq!(cny.convert(Money::from_major(1_000, hkd), on), Converted::Amount(90_880));
    // ¥908.80 ÷ 7.1 ÷ 0.128 = HK$1,000.00.
    let to_hkd = Converter::new(hkd, rates.clone());
    assert_eq!(to_hkd.convert(Money::new(90_880, Currency::CNY), on), Converted::Amount(100_000));
    // Both legs inverse: CNY in USD and USD in HKD.
    let inverse =
        vec![rate(Currency::CNY, Currency::USD, start, "0.125"), rate(Currency::USD, hkd, start, "8")];
    // HK$80 ÷ 8 = $10 ÷ 0.125 = ¥80.
    let c = Converter::new(Currency::CNY, inverse);
    assert_eq!(c.convert(Money::from_major(80, hkd), on), Converted::Amount(8_000));
    // The largest rates chained, on the largest amount: too large, never wrapped (the
    // product of two rates overflowed i128 in the conversion).
    let aaa = Currency::new("AUD").unwrap();
    let huge = vec![
        rate(aaa, Currency::USD, start, "1000000"),
        rate(Currency::USD, Currency::CNY, start, "1000000"),
    ];
    let big = Money::from_major(super::super::MAX_MAJOR, aaa);
    assert_eq!(Converter::new(Currency::CNY, huge).convert(big, on), Converted::TooLarge);
    // A leg before its first rate: no chain.
    assert_eq!(cny.convert(Money::from_major(1, hkd), d(2025, 12, 31)), Converted::NoRate);
    // An unrelated third rate is no path.
    let eur =
        vec![rate(hkd, Currency::USD, start, "0.128"), rate(Currency::EUR, Currency::CNY, start, "7.8")];
    assert_eq!(Converter::new(Currency::CNY, eur).convert(Money::from_major(1, hkd), on), Converted::NoRate);
}

/// A currency never converts when no rate, direct, inverse or chained, takes it into the
/// target on any day; one whose first rate is far ahead does.
#[test]
fn a_currency_with_no_rate_on_any_day_never_converts() {
    let hkd = Currency::new("HKD").unwrap();
    let late = vec![rate(Currency::USD, Currency::CNY, d(2090, 1, 1), "7.1")];
    let cny = Converter::new(Currency::CNY, late.clone());
    assert!(!cny.never_converts(Currency::CNY), "the target itself");
    assert!(!cny.never_converts(Currency::USD), "a rate from 2090 on still converts");
    assert!(cny.never_converts(Currency::EUR));
    assert!(!Converter::new(Currency::USD, late).never_converts(Currency::CNY), "the inverse");
    let chained = vec![
        rate(hkd, Currency::USD, d(2026, 1, 1), "0.128"),
        rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "7.1"),
    ];
    assert!(!Converter::new(Currency::CNY, chained).never_converts(hkd), "through USD");
    assert!(Converter::without_rates(Currency::CNY).never_converts(Currency::USD));
}

/// A converter keeps its target and its rates (sorted, one per pair and date), and
/// `with_target` keeps the rates for another target.
#[test]
fn a_converter_keeps_its_target_and_sorted_rates() {
    let r1 = rate(Currency::USD, Currency::CNY, d(2026, 7, 1), "7.2");
    let r0 = rate(Currency::USD, Currency::CNY, d(2026, 1, 1), "7.1");
    let c = Converter::new(Currency::CNY, vec![r1, r0, r1]);
    assert_eq!((c.target(), c.rates()), (Currency::CNY, &[r0, r1][..]));
    let u = c.with_target(Currency::USD);
    assert_eq!((u.target(), u.rates()), (Currency::USD, &[r0, r1][..]));
    let none = Converter::without_rates(Currency::JPY);
    assert_eq!((none.target(), none.rates().len()), (Currency::JPY, 0));
}

fn any_currency() -> impl Strategy<Value = Currency> {
    prop_oneof![Just(Currency::CNY), Just(Currency::USD), Just(Currency::EUR), Just(Currency::JPY)]
}

proptest! {
    /// Printing a rate and parsing it back gives the same rate.
    #[test]
    fn rate_text_round_trips(micro in 1..=MAX_RATE_MICRO) {
        let r = FxValue::from_micro(micro).unwrap();
        prop_assert_eq!(FxValue::parse(&r.to_string()).unwrap(), r);
    }

    /// A direct conversion is the exact product rounded half to even: within half a minor
    /// unit of it, and on a tie, even.
    #[test]
    fn direct_conversion_is_exact_then_rounded(minor in 0_i64..1_000_000_000_000, micro in 1_i64..100_000_000, from in any_currency(), to in any_currency()) {
        prop_assume!(from != to);
        let c = Converter::new(to, vec![FxRate::new(from, to, d(2026, 1, 1), FxValue::from_micro(micro).unwrap()).unwrap()]);
        let Converted::Amount(got) = c.convert(Money::new(minor, from), d(2026, 1, 2)) else {
            return Err(TestCaseError::fail("no amount"));
        };
        let n = i128::from(minor) * i128::from(micro) * 10_i128.pow(to.exponent());
        let den = i128::from(MICRO) * 10_i128.pow(from.exponent());
        // |got - n/den| ≤ 1/2  ⇔  |2·got·den - 2n| ≤ den.
        let err = (2 * i128::from(got) * den - 2 * n).abs();
        prop_assert!(err <= den, "{got} vs {n}/{den}");
        if err == den {
            prop_assert_eq!(got % 2, 0, "a tie goes to even");
        }
    }

    /// A converted total equals the sum of its converted parts, and the parts without a
    /// rate are all counted, by currency.
    #[test]
    fn a_total_is_the_sum_of_its_parts(
        parts in prop::collection::vec((0_i64..10_000_000_000, any_currency(), 0_i64..400), 0..40),
        usd in 1_i64..20_000_000, eur in 1_i64..20_000_000,
    ) {
        let rates = vec![
            FxRate::new(Currency::USD, Currency::CNY, d(2026, 1, 1), FxValue::from_micro(usd).unwrap()).unwrap(),
            FxRate::new(Currency::EUR, Currency::CNY, d(2026, 6, 1), FxValue::from_micro(eur).unwrap()).unwrap(),
        ];
        let c = Converter::new(Currency::CNY, rates);
        let parts: Vec<(Money, NaiveDate)> = parts
            .into_iter()
            .map(|(m, cur, day)| (Money::new(m, cur), d(2026, 1, 1) + chrono::Duration::days(day)))
            .collect();
        let (total, missing) = c.total(parts.iter().copied());
        let mut sum = 0_i64;
        let mut counted = 0_u32;
        for (m, on) in &parts {
            match c.convert(*m, *on) {
                Converted::Amount(v) => sum += v,
                Converted::NoRate => counted += 1,
                Converted::TooLarge => unreachable!(),
            }
        }
        prop_assert_eq!(total, Some(sum));
        prop_assert_eq!(missing.values().sum::<u32>(), counted);
        prop_assert!(!missing.contains_key(&Currency::CNY) && !missing.contains_key(&Currency::USD));
    }

    /// More money never converts to less (rounding is monotonic).
    #[test]
    fn conversion_is_monotonic(a in 0_i64..1_000_000_000, b in 0_i64..1_000_000_000, micro in 1_i64..50_000_000) {
        let c = Converter::new(Currency::USD, vec![FxRate::new(Currency::USD, Currency::CNY, d(2026, 1, 1), FxValue::from_micro(micro).unwrap()).unwrap()]);
        let on = d(2026, 1, 1);
        let (lo, hi) = (a.min(b), a.max(b));
        let conv = |m| match c.convert(Money::new(m, Currency::CNY), on) { Converted::Amount(v) => v, _ => i64::MIN };
        prop_assert!(conv(lo) <= conv(hi));
    }
}
