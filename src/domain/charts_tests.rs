use super::*;
use crate::domain::money::fx::{Converter, FxRate, FxValue};
use crate::domain::risk::testkit::{self, today, usage};
use crate::domain::*;
use chrono::Duration;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn month_runs_cross_the_year() {
    let labels = |v: Vec<Month>| v.into_iter().map(Month::label).collect::<Vec<_>>();
    assert_eq!(labels(Month::run(d(2026, 11, 22), 3, 1)), ["2026-11", "2026-12", "2027-01"]);
    assert_eq!(labels(Month::run(d(2026, 1, 31), 3, -1)), ["2025-11", "2025-12", "2026-01"]);
}

#[test]
fn percent_rounds_half_up() {
    assert_eq!(percent(Rate::new(2, 3)), Some(67));
    assert_eq!(percent(Rate::new(1, 8)), Some(13));
    assert_eq!(percent(Rate::new(1, 1)), Some(100));
    assert_eq!(percent(None), None);
}

/// The baseline with its open term ending on `end`.
fn renewing(end: NaiveDate) -> AccountFacts {
    let mut f = testkit::healthy();
    f.terms[1].end = end;
    f
}

#[test]
fn due_by_month_counts_open_terms_from_today_by_band() {
    let mut due = DueByMonth::new(today(), 6);
    due.add(&renewing(today()), today(), Band::Watch); // today: counted
    due.add(&renewing(today() - Duration::days(1)), today(), Band::Watch); // overdue: not due ahead
    due.add(&renewing(d(2027, 4, 30)), today(), Band::Critical); // the sixth month
    due.add(&renewing(d(2027, 5, 1)), today(), Band::Critical); // the seventh: out
    due.add(&renewing(d(2026, 12, 3)), today(), Band::Healthy);
    let mut closed = renewing(d(2026, 12, 3));
    closed.terms[1].outcome =
        Some(TermOutcome::Renewed { decided_on: today(), new_arr: closed.terms[1].arr });
    due.add(&closed, today(), Band::Healthy); // decided: nothing open
    let got: Vec<(String, [u32; 4])> = due.months.iter().map(|(m, c)| (m.label(), *c)).collect();
    assert_eq!(
        got,
        [
            ("2026-11".to_string(), [0, 1, 0, 0]),
            ("2026-12".to_string(), [1, 0, 0, 0]),
            ("2027-01".to_string(), [0; 4]),
            ("2027-02".to_string(), [0; 4]),
            ("2027-03".to_string(), [0; 4]),
            ("2027-04".to_string(), [0, 0, 0, 1]),
        ]
    );
    assert_eq!(due.max(), 1);
}

#[test]
fn band_book_sums_arr_in_one_currency_and_skips_the_churned() {
    let mut book = BandBook::new(&Converter::without_rates(Currency::CNY));
    let f = testkit::healthy(); // ¥120,000 open term
    book.add(&f, today(), Band::Healthy);
    book.add(&f, today(), Band::Healthy);
    let mut usd = f.clone();
    usd.terms[1].arr = Money::from_major(5_000, Currency::new("USD").unwrap());
    book.add(&usd, today(), Band::AtRisk);
    let mut gone = f.clone();
    gone.account.stage = Stage::Churned;
    book.add(&gone, today(), Band::Critical);
    assert_eq!(book.bands[0], (Band::Healthy, 2, Some(24_000_000)));
    assert_eq!(book.bands[2], (Band::AtRisk, 1, Some(0)));
    assert_eq!(book.bands[3], (Band::Critical, 0, Some(0)));
    assert_eq!(book.other_currency, 1);
    assert!(!book.no_amount_converts(), "the CNY accounts convert");
    // Only accounts without a rate: no amount is known.
    let mut dollars = BandBook::new(&Converter::without_rates(Currency::CNY));
    assert!(!dollars.no_amount_converts(), "nothing counted");
    dollars.add(&usd, today(), Band::AtRisk);
    dollars.add(&usd, today(), Band::Healthy);
    assert!(dollars.no_amount_converts());
}

/// An account billed in another currency is in the ARR once a rate converts it (at the
/// rate in force on its term's end), not dropped as before.
#[test]
fn band_book_converts_other_currencies_at_the_terms_end() {
    let usd = Currency::new("USD").unwrap();
    let f = testkit::healthy();
    let end = f.terms[1].end;
    let rates = vec![
        FxRate::new(usd, Currency::CNY, end - Duration::days(400), FxValue::parse("6.5").unwrap()).unwrap(),
        FxRate::new(usd, Currency::CNY, end, FxValue::parse("7.25").unwrap()).unwrap(),
    ];
    let mut book = BandBook::new(&Converter::new(Currency::CNY, rates));
    let mut dollars = f.clone();
    dollars.terms[1].arr = Money::from_major(10_000, usd);
    book.add(&dollars, today(), Band::Healthy);
    book.add(&f, today(), Band::Healthy);
    assert_eq!(book.bands[0], (Band::Healthy, 2, Some(7_250_000 + 12_000_000)));
    assert_eq!(book.other_currency, 0);
    let mut euros = f.clone();
    euros.terms[1].arr = Money::from_major(1, Currency::new("EUR").unwrap());
    book.add(&euros, today(), Band::AtRisk);
    assert_eq!((book.bands[2].1, book.bands[2].2, book.other_currency), (1, Some(0), 1));
}

#[test]
fn usage_by_month_takes_each_months_last_snapshot_up_to_today() {
    let snaps = vec![
        usage(1, d(2026, 9, 3), 10, 40, 1, 1),
        usage(2, d(2026, 9, 28), 12, 40, 1, 1),
        usage(3, d(2026, 11, 2), 20, 50, 1, 1),
        usage(4, d(2026, 11, 30), 99, 99, 1, 1), // after today: not known yet
    ];
    let got = usage_by_month(&snaps, today(), 4);
    let got: Vec<(String, Option<(u32, u32)>)> = got.into_iter().map(|(m, v)| (m.label(), v)).collect();
    assert_eq!(
        got,
        [
            ("2026-08".to_string(), None),
            ("2026-09".to_string(), Some((12, 40))),
            ("2026-10".to_string(), None),
            ("2026-11".to_string(), Some((20, 50))),
        ]
    );
}

proptest! {
    // Every open term ending within the months is counted exactly once, in its month.
    #[test]
    fn due_by_month_counts_each_renewal_once(offsets in proptest::collection::vec(-40i64..260, 0..40)) {
        let mut due = DueByMonth::new(today(), 6);
        let last = due.months.last().unwrap().0;
        let mut expected = 0;
        for (i, off) in offsets.iter().enumerate() {
            let end = today() + Duration::days(*off);
            if end >= today() && Month::of(end) <= last {
                expected += 1;
            }
            due.add(&renewing(end), today(), Band::ALL[i % 4]);
        }
        let total: u32 = due.months.iter().flat_map(|(_, c)| c.iter()).sum();
        prop_assert_eq!(total, expected);
    }
}

#[test]
fn due_by_month_max_is_the_largest_cell() {
    let mut due = DueByMonth::new(today(), 3);
    assert_eq!(due.max(), 0);
    for band in [Band::Watch, Band::Watch, Band::Healthy, Band::Watch] {
        due.add(&renewing(today()), today(), band);
    }
    due.add(&renewing(d(2026, 12, 3)), today(), Band::Critical);
    assert_eq!(due.max(), 3);
}
