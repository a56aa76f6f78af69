//! The reference-candidate rule selects exactly the accounts a fixture marks, and, by
//! property, an account is a candidate exactly when each of its four figures meets its
//! threshold.

use super::*;
use crate::domain::review::fixtures::{d, growing, today};
use crate::domain::{ContractTerm, TermId, UsageSnapshot};
use proptest::prelude::*;

/// A customer since `since` (first term start), with two readings in the open term
/// (2026-01-01 → 2026-12-31): `before` active users on 01-15, `after` on 11-15, and
/// `used` of 20 features in the latest.
fn account(since: NaiveDate, before: u32, after: u32, used: u32) -> AccountFacts {
    let mut f = growing();
    let mut first = f.terms[0].clone();
    first.id = TermId(0);
    first.start = since;
    first.end = d(2025, 12, 31);
    f.terms = if since < d(2026, 1, 1) { vec![first, f.terms[0].clone()] } else { f.terms.clone() };
    if since >= d(2026, 1, 1) {
        f.terms[0].start = since;
    }
    let reading = |id: i64, date: NaiveDate, users: u32| UsageSnapshot {
        id: crate::domain::UsageId(id),
        date,
        active_users: users,
        features_used: used,
        features_total: 20,
        ..f.usage[0].clone()
    };
    f.usage = vec![reading(1, d(2026, 1, 15), before), reading(2, d(2026, 11, 15), after)];
    f.normalise();
    f
}

fn candidates(book: &[(&str, AccountFacts, Option<Band>, bool)], rule: &ReferenceRule) -> Vec<String> {
    book.iter()
        .filter(|(_, f, band, _)| evaluate(f, *band, today(), rule).is_candidate())
        .map(|(n, ..)| n.to_string())
        .collect()
}

#[test]
fn selects_exactly_the_marked_accounts() {
    let two_years = d(2024, 11, 22);
    let h = Some(Band::Healthy);
    // (name, facts, band now, marked as a reference candidate)
    let book: Vec<(&str, AccountFacts, Option<Band>, bool)> = vec![
        ("all four, with room", account(d(2023, 6, 1), 10, 15, 20), h, true),
        ("exactly two years, +20%, every module", account(two_years, 10, 12, 20), h, true),
        ("a day short of two years", account(two_years + chrono::Duration::days(1), 10, 15, 20), h, false),
        ("one module unused", account(d(2023, 6, 1), 10, 15, 19), h, false),
        ("grew 19%", account(d(2023, 6, 1), 100, 119, 20), h, false),
        ("shrank", account(d(2023, 6, 1), 15, 10, 20), h, false),
        ("on watch", account(d(2023, 6, 1), 10, 15, 20), Some(Band::Watch), false),
        ("churned (not scored)", account(d(2023, 6, 1), 10, 15, 20), None, false),
        ("no users at the start: no base", account(d(2023, 6, 1), 0, 15, 20), h, false),
        ("new this year", account(d(2026, 1, 1), 10, 30, 20), h, false),
    ];
    let want: Vec<String> = book.iter().filter(|b| b.3).map(|b| b.0.to_string()).collect();
    assert_eq!(candidates(&book, &ReferenceRule::default()), want);
    // Loosen every threshold: the near misses come in, the churned and the base-less stay out.
    let loose =
        ReferenceRule { min_breadth_pct: 90, min_months: 10, min_growth_pct: -50, max_band: Band::Watch };
    let got = candidates(&book, &loose);
    assert_eq!(got.len(), 8, "{got:?}");
    assert!(!got.iter().any(|n| n.starts_with("churned") || n.starts_with("no users")));
}

#[test]
fn a_verdict_carries_the_figures_behind_each_check() {
    let f = account(d(2023, 6, 1), 10, 15, 19);
    let v = evaluate(&f, Some(Band::Healthy), today(), &ReferenceRule::default());
    assert_eq!(
        v.checks,
        vec![
            (Check::Modules { used_total: Some((19, 20)) }, false),
            // 2023-06-01 → 2026-11-22: 41 whole months.
            (Check::Tenure { since: d(2023, 6, 1), months: 41 }, true),
            (Check::Growth { users: Some((10, 15)), pct: Some(50) }, true),
            (Check::Health { band: Some(Band::Healthy) }, true),
        ]
    );
}

#[test]
fn whole_months_count_once_the_day_is_reached() {
    assert_eq!(months_between(d(2024, 11, 22), d(2026, 11, 22)), 24);
    assert_eq!(months_between(d(2024, 11, 23), d(2026, 11, 22)), 23);
    assert_eq!(months_between(d(2024, 1, 31), d(2024, 2, 29)), 1, "clamped to the month's end");
    assert_eq!(months_between(d(2026, 12, 1), d(2026, 11, 22)), 0);
}

#[test]
fn the_config_table_is_laid_over_the_defaults_and_checked() {
    assert_eq!(ReferenceRule::from_toml_str("").unwrap(), ReferenceRule::default());
    let r = ReferenceRule::from_toml_str("[reference]\nmin_growth_pct = 35\nmax_band = \"watch\"\n").unwrap();
    assert_eq!((r.min_growth_pct, r.max_band, r.min_months), (35, Band::Watch, 24));
    let e = ReferenceRule::from_toml_str("[reference]\nmin_grwth_pct = 35\n").unwrap_err();
    assert!(e.to_string().contains("min_grwth_pct"), "{e}");
    let e = ReferenceRule::from_toml_str("[reference]\nmin_breadth_pct = 101\n").unwrap_err();
    assert!(e.to_string().contains("min_breadth_pct = 101"), "{e}");
    assert!(ReferenceRule::from_toml_str("[reference]\nmax_band = \"great\"\n").is_err());
    // The shipped defaults say what `Default` says.
    assert_eq!(
        ReferenceRule::from_toml_str(crate::domain::config::DEFAULT_CONFIG_TOML).unwrap(),
        ReferenceRule::default()
    );
}

proptest! {
    #[test]
    fn a_candidate_meets_every_threshold_and_nothing_else_is_one(
        since_days in 0i64..2_000,
        before in 0u32..200,
        after in 0u32..300,
        used in 0u32..=20,
        band in proptest::sample::select(vec![None, Some(Band::Healthy), Some(Band::Watch), Some(Band::AtRisk), Some(Band::Critical)]),
        min_breadth_pct in 0u32..=100,
        min_months in 0u32..60,
        min_growth_pct in -100i64..200,
    ) {
        let since = today() - chrono::Duration::days(since_days);
        let f = account(since, before, after, used);
        let rule = ReferenceRule { min_breadth_pct, min_months, min_growth_pct, max_band: Band::Watch };
        let got = evaluate(&f, band, today(), &rule).is_candidate();
        // Independently: the readings are both in the open term's windows only when the
        // term started by 01-15 (else the 01-15 reading is outside the period).
        let term_start = f.terms.last().unwrap().start;
        let growth = if term_start <= d(2026, 1, 15) && before > 0 {
            let exact = (f64::from(after) - f64::from(before)) * 100.0 / f64::from(before);
            exact.round() as i64 >= min_growth_pct
        } else {
            false
        };
        let want = used * 100 >= min_breadth_pct * 20
            && months_between(since, today()) >= min_months
            && growth
            && matches!(band, Some(Band::Healthy | Band::Watch));
        prop_assert_eq!(got, want);
    }
}

#[allow(dead_code)]
fn _uses(_: ContractTerm) {}

/// Growth is the value report's figure, from the exact averages: 10 active users on
/// average before and 11.5 after is +15%, short of +20% (from the rounded 10 and 12 it
/// read +20%, a candidate whose own report would then show +15%).
#[test]
fn growth_is_taken_from_the_exact_averages() {
    let mut f = account(d(2023, 6, 1), 10, 12, 20);
    let mut more = f.usage.clone();
    for (u, (date, users)) in more.iter_mut().zip([(d(2026, 2, 15), 10), (d(2026, 10, 15), 11)]) {
        (u.id, u.date, u.active_users) = (crate::domain::UsageId(u.id.0 + 10), date, users);
    }
    f.usage.extend(more);
    f.normalise();
    let v = evaluate(&f, Some(Band::Healthy), today(), &ReferenceRule::default());
    let growth = v.checks.iter().find_map(|(c, ok)| match c {
        Check::Growth { users, pct } => Some((*users, *pct, *ok)),
        _ => None,
    });
    assert_eq!(growth, Some((Some((10, 12)), Some(15), false)), "shown 10 → 12, counted 10 → 11.5");
}
