//! How long a contract term is, and what that says about its amount: a contract's total
//! over several years is not its ARR (a two-year contract of 780,000 is 390,000 a year),
//! and a term of a day or two is far more often a typo in a date than a contract.

use super::dates::add_months;
use super::money::Money;
use chrono::{Duration, NaiveDate};

/// Terms shorter than this many days are warned about (a monthly contract still passes).
pub const SHORT_TERM_DAYS: i64 = 28;

/// A term from `start` to `end` shorter than `SHORT_TERM_DAYS`: allowed (some contracts
/// are short), but worth a second look before saving (end 2026-12-01 for start 2026-11-30).
pub fn is_short_term(start: NaiveDate, end: NaiveDate) -> bool {
    (end - start).num_days() < SHORT_TERM_DAYS
}

/// The whole calendar months from `start` to `end`, reading `end` either as the renewal
/// date (2026-02-01 → 2027-02-01) or as the contract's last day (2026-02-01 → 2027-01-31,
/// how contract registers write it). None when the term is not whole months.
pub fn whole_months(start: NaiveDate, end: NaiveDate) -> Option<u32> {
    if end <= start {
        return None;
    }
    let after_last = end + Duration::days(1);
    // Months from `start` to `end` are at most the years between them ×12 + 12.
    let upper = (end - start).num_days() / 28 + 1;
    (1..=upper.min(12 * 200))
        .find(|m| {
            let d = add_months(start, *m as i32);
            d == end || d == after_last
        })
        .map(|m| m as u32)
}

/// What a contract's total over a term is as an annual amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Annual {
    /// A year's term: the total is the ARR.
    Year(Money),
    /// A term of `months` whole months, longer than a year: ARR = total × 12 / months.
    Annualised { arr: Money, months: u32 },
    /// A term shorter than a year or not of whole months: the total is kept as it is
    /// (annualising a six-month project or an 11½-month term would invent an amount).
    Kept { total: Money, days: i64 },
}

/// The ARR a contract's `total` over `start`..`end` stands for (see `Annual`).
pub fn annualise(total: Money, start: NaiveDate, end: NaiveDate) -> Annual {
    match whole_months(start, end) {
        Some(12) => Annual::Year(total),
        Some(months) if months > 12 => {
            let scaled = i128::from(total.minor) * 12;
            let m = i128::from(months);
            // Rounded half away from zero, in minor units (money is never a float).
            let minor = (scaled + scaled.signum() * m / 2) / m;
            // |total × 12 / months| < |total| for months > 12: it always fits.
            match i64::try_from(minor) {
                Ok(minor) => Annual::Annualised { arr: Money::new(minor, total.currency), months },
                Err(_) => Annual::Kept { total, days: (end - start).num_days() },
            }
        }
        _ => Annual::Kept { total, days: (end - start).num_days() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cny(minor: i64) -> Money {
        Money::new(minor, Currency::CNY)
    }

    #[test]
    fn short_terms_are_under_28_days() {
        assert!(is_short_term(d("2026-11-30"), d("2026-12-01")), "one day: a typo");
        assert!(is_short_term(d("2026-11-01"), d("2026-11-28")), "27 days");
        assert!(!is_short_term(d("2026-11-01"), d("2026-11-29")), "28 days: February's month");
        assert!(!is_short_term(d("2026-02-01"), d("2026-03-01")), "a monthly contract");
        assert!(!is_short_term(d("2026-02-01"), d("2027-02-01")));
    }

    #[test]
    fn months_read_the_end_as_renewal_date_or_last_day() {
        assert_eq!(whole_months(d("2026-02-01"), d("2027-02-01")), Some(12));
        assert_eq!(whole_months(d("2026-02-01"), d("2027-01-31")), Some(12));
        assert_eq!(whole_months(d("2026-04-01"), d("2028-03-31")), Some(24));
        assert_eq!(whole_months(d("2026-05-01"), d("2026-10-31")), Some(6));
        assert_eq!(whole_months(d("2026-01-15"), d("2026-12-31")), None, "11½ months");
        assert_eq!(whole_months(d("2026-01-15"), d("2026-01-15")), None);
        assert_eq!(whole_months(d("2026-01-15"), d("2025-01-15")), None);
    }

    #[test]
    fn a_two_year_total_is_half_a_year_s_arr() {
        // contractvision HT-2026-006: 780,000 over 2026-04-01..2028-03-31.
        assert_eq!(
            annualise(cny(78_000_000), d("2026-04-01"), d("2028-03-31")),
            Annual::Annualised { arr: cny(39_000_000), months: 24 }
        );
        assert_eq!(annualise(cny(500), d("2026-02-01"), d("2027-01-31")), Annual::Year(cny(500)));
        assert_eq!(
            annualise(cny(1_000), d("2026-01-01"), d("2027-07-01")),
            Annual::Annualised { arr: cny(667), months: 18 },
            "1000 × 12 / 18 = 666.67, rounded"
        );
        assert_eq!(
            annualise(cny(23_000_000), d("2026-05-01"), d("2026-10-31")),
            Annual::Kept { total: cny(23_000_000), days: 183 }
        );
        assert_eq!(
            annualise(cny(-1_000), d("2026-01-01"), d("2027-07-01")),
            Annual::Annualised { arr: cny(-667), months: 18 }
        );
    }

    proptest! {
        /// A term is short exactly when it is under 28 days, whatever the dates.
        #[test]
        fn short_is_under_28_days(start in 0i64..40_000, len in -30i64..400) {
            let s = d("1990-01-01") + Duration::days(start);
            let e = s + Duration::days(len);
            prop_assert_eq!(is_short_term(s, e), len < 28);
        }

        /// N whole years of a total are N ARRs (to the minor unit), for either reading of
        /// the end date; a year's total is its ARR.
        #[test]
        fn n_years_annualise_to_a_year(
            start in 0i64..40_000, years in 1i32..10, arr in 0i64..1_000_000_000_000, last_day in any::<bool>()
        ) {
            let s = d("1990-01-01") + Duration::days(start);
            let mut e = add_months(s, 12 * years);
            if last_day {
                e -= Duration::days(1);
            }
            let total = cny(arr * i64::from(years));
            let expected = if years == 1 {
                Annual::Year(total)
            } else {
                Annual::Annualised { arr: cny(arr), months: 12 * years as u32 }
            };
            prop_assert_eq!(annualise(total, s, e), expected);
        }

        /// The annualised amount never exceeds the total nor differs from total × 12 / months
        /// by more than half a minor unit.
        #[test]
        fn annualised_is_total_scaled(start in 0i64..40_000, months in 13i32..120, total in 0i64..i64::MAX / 2) {
            let s = d("1990-01-01") + Duration::days(start);
            let e = add_months(s, months);
            match annualise(cny(total), s, e) {
                Annual::Annualised { arr, months: m } => {
                    prop_assert_eq!(m, months as u32);
                    prop_assert!(arr.minor <= total);
                    let exact = i128::from(total) * 12;
                    let diff = (i128::from(arr.minor) * i128::from(m) - exact).abs();
                    prop_assert!(diff * 2 <= i128::from(m));
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
