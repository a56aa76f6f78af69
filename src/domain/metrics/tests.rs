//! The metrics on hand-computed fixtures, and their invariants.

use super::*;
use crate::domain::*;
use chrono::Duration;
use proptest::prelude::*;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One account: (name, first-term start, [(end, arr, outcome)], currency).
pub(super) fn account(
    name: &str,
    start: NaiveDate,
    ends: &[(NaiveDate, i64, Option<TermOutcome>)],
    cur: Currency,
) -> AccountFacts {
    let mut f = AccountFacts::new(Account::new(name, Tier::Mid, cur, start));
    f.account.activated_on = Some(start + Duration::days(10));
    let mut s = start;
    for (i, (end, arr, outcome)) in ends.iter().enumerate() {
        let arr = Money::from_major(*arr, cur);
        f.terms.push(ContractTerm {
            id: TermId(i as i64),
            account_id: AccountId(0),
            start: s,
            end: *end,
            arr,
            outcome: outcome.clone(),
            version: 0,
        });
        s = *end;
    }
    f
}

pub(super) fn renewed(on: NaiveDate, major: i64, cur: Currency) -> Option<TermOutcome> {
    Some(TermOutcome::Renewed { decided_on: on, new_arr: Money::from_major(major, cur) })
}

fn snapshot(f: &mut AccountFacts, date: NaiveDate, used: u32, total: u32) {
    f.usage.push(UsageSnapshot {
        id: UsageId(0),
        account_id: AccountId(0),
        date,
        active_users: 1,
        seats: 1,
        logins: 1,
        minutes: 1,
        features_used: used,
        features_total: total,
        version: 0,
    });
}

/// Q1 2026, run on 2026-02-15. Amounts in thousands of CNY below.
fn fixture() -> (Vec<AccountFacts>, ReportPeriod) {
    let (cny, usd) = (Currency::CNY, Currency::USD);
    let churn = Some(TermOutcome::Churned {
        decided_on: d(2026, 1, 25),
        reason: ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    let mut a = account(
        "A 3-year, flat",
        d(2023, 2, 1),
        &[(d(2026, 2, 1), 300_000, renewed(d(2026, 1, 20), 300_000, cny)), (d(2027, 2, 1), 300_000, None)],
        cny,
    );
    let b = account(
        "B down-sell",
        d(2025, 3, 1),
        &[(d(2026, 3, 1), 100_000, renewed(d(2026, 2, 10), 80_000, cny)), (d(2027, 3, 1), 80_000, None)],
        cny,
    );
    let c = account(
        "C up-sell",
        d(2025, 1, 15),
        &[(d(2026, 1, 15), 50_000, renewed(d(2026, 1, 10), 70_000, cny)), (d(2027, 1, 15), 70_000, None)],
        cny,
    );
    let mut dd = account("D churned", d(2025, 1, 31), &[(d(2026, 1, 31), 40_000, churn)], cny);
    let mut e = account("E pending at risk", d(2025, 3, 10), &[(d(2026, 3, 10), 60_000, None)], cny);
    let mut f =
        account("F pending watch, ends on `to`", d(2025, 3, 31), &[(d(2026, 3, 31), 20_000, None)], cny);
    let mut g = account("G 3-year, not due", d(2025, 6, 1), &[(d(2028, 6, 1), 500_000, None)], cny);
    let mut h = account(
        "H USD",
        d(2025, 2, 20),
        &[(d(2026, 2, 20), 10_000, renewed(d(2026, 2, 1), 12_000, usd)), (d(2027, 2, 20), 12_000, None)],
        usd,
    );
    let i = account("I ends the day after `to`", d(2025, 4, 1), &[(d(2026, 4, 1), 30_000, None)], cny);
    let mut k = account("K due in 84 days", d(2025, 5, 10), &[(d(2026, 5, 10), 25_000, None)], cny);
    let mut l = account("L started 14 days ago", d(2026, 2, 1), &[(d(2027, 2, 1), 9_000, None)], cny);
    let mut m = account("M started 36 days ago", d(2026, 1, 10), &[(d(2027, 1, 10), 9_000, None)], cny);
    (k.account.activated_on, m.account.activated_on) = (None, None);
    (f.account.target_fit, k.account.target_fit, l.account.target_fit) = (false, false, false);
    dd.account.target_fit = false;
    snapshot(&mut a, d(2025, 12, 1), 9, 10);
    snapshot(&mut a, d(2026, 2, 1), 6, 10);
    snapshot(&mut a, d(2026, 3, 1), 10, 10); // after today: ignored
    snapshot(&mut e, d(2026, 2, 1), 2, 10);
    snapshot(&mut h, d(2026, 2, 1), 5, 8);
    snapshot(&mut g, d(2026, 2, 1), 1, 3);
    snapshot(&mut dd, d(2026, 1, 1), 0, 10); // churned: out of the portfolio
    let period =
        ReportPeriod { from: d(2026, 1, 1), to: d(2026, 3, 31), today: d(2026, 2, 15), currency: cny };
    (vec![a, b, c, dd, e, f, g, h, i, k, l, m], period)
}

#[test]
fn hand_computed_fixture() {
    let (accounts, period) = fixture();
    let band = |f: &AccountFacts| if f.account.name.starts_with('E') { Band::AtRisk } else { Band::Watch };
    let r = renewal_report(&accounts, &period, band);
    let k = |major: i64| major * 100; // CNY minor units
    // Due (term end in Q1): A, B, C, D, E, F, H = 7; renewed A, B, C, H; churned D; pending E, F.
    assert_eq!((r.due_count, r.renewed_count, r.churned_count, r.pending_count), (7, 4, 1, 2));
    assert_eq!(r.logo_renewal_rate, Rate::new(4, 7));
    // CNY only (H is USD): due 300 + 100 + 50 + 40 + 60 + 20 = 570k.
    assert_eq!((r.due_amount, r.other_currency_count), (Some(k(570_000)), 1));
    // Renewed at new ARR: 300 + 80 + 70 = 450k.
    assert_eq!(r.renewed_amount, Some(k(450_000)));
    assert_eq!(r.dollar_renewal_rate, Rate::new(k(450_000), k(570_000)));
    // Gross: min(300,300) + min(80,100) + min(70,50) = 430k.
    assert_eq!(r.gross_renewal_rate, Rate::new(k(430_000), k(570_000)));
    assert_eq!(r.gross_renewal_rate.map(|g| g.basis_points()), Some(7544)); // 0.754386
    // At risk: E only (60k); F is pending but only on watch.
    assert_eq!(r.at_risk_amount, Some(k(60_000)));
    assert_eq!(r.churn_reasons, BTreeMap::from([(ChurnReason::Price, 1)]));
    assert_eq!(r.churn_factors, BTreeMap::from([(ChurnFactor::Product, 1)]));
    // Next 30 days from 02-15: E (03-10). 60: + F (03-31), I (04-01). 90: + K (05-10).
    let windows: Vec<(i64, u32, i64)> =
        r.due_next.iter().map(|w| (w.days, w.count, w.amount.unwrap())).collect();
    assert_eq!(windows, [(30, 1, k(60_000)), (60, 3, k(110_000)), (90, 4, k(135_000))]);
    // Activation as of 02-15: first terms started by 01-16 = all but L (11); K, M not activated.
    assert_eq!(r.activation_rate, Rate::new(9, 11));
    // Portfolio without D = 11 accounts; F, K, L not target = 8/11.
    assert_eq!(r.target_customer_ratio, Rate::new(8, 11));
    // Latest breadth: A 6/10 = 6000, E 2/10 = 2000, H 5/8 = 6250, G 1/3 = 3333 bp.
    assert_eq!(r.feature_breadth, Rate::new(17_583, 40_000));
    assert_eq!(r.feature_breadth.map(|b| b.to_string()).as_deref(), Some("44.0%"));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["churn_reasons"]["price"], 1);
    assert_eq!(json["logo_renewal_rate"].as_f64(), Some(4.0 / 7.0));
}

#[test]
fn zero_denominators_are_null_and_late_outcomes_pending() {
    let period = ReportPeriod {
        from: d(2026, 1, 1),
        to: d(2026, 3, 31),
        today: d(2026, 2, 15),
        currency: Currency::CNY,
    };
    let r = renewal_report(&[], &period, |_| Band::Critical);
    let json = serde_json::to_value(&r).unwrap();
    for key in [
        "logo_renewal_rate",
        "dollar_renewal_rate",
        "gross_renewal_rate",
        "activation_rate",
        "feature_breadth",
        "target_customer_ratio",
    ] {
        assert!(json[key].is_null(), "{key}");
    }
    let f = account(
        "late",
        d(2025, 1, 10),
        &[(d(2026, 1, 10), 1_000, renewed(d(2026, 2, 16), 1_000, Currency::CNY))],
        Currency::CNY,
    );
    let r = renewal_report(&[f], &period, |_| Band::Critical);
    assert_eq!((r.pending_count, r.at_risk_amount), (1, Some(100_000)));
    assert_eq!(Rate::new(1, 3).map(|r| (r.basis_points(), r.to_string())), Some((3333, "33.3%".to_string())));
    assert_eq!(Rate::new(2, 3).map(|r| r.basis_points()), Some(6667));
}

proptest! {
    #[test]
    fn rates_stay_in_range_and_null_on_zero(terms in proptest::collection::vec((0i64..400, 0i64..2_000, 0u8..4, 0i64..3_000), 0..12)) {
        let cny = Currency::CNY;
        let accounts: Vec<AccountFacts> = terms.iter().map(|(off, arr, kind, new)| {
            let end = d(2026, 1, 1) + Duration::days(*off - 100);
            let outcome = match kind {
                0 => None,
                1 => renewed(end - Duration::days(3), *new, cny),
                2 => Some(TermOutcome::Churned { decided_on: end, reason: ChurnReason::Service, note: String::new(), because_of: None }),
                _ => renewed(end, *new, Currency::USD),
            };
            account("p", end - Duration::days(365), &[(end, *arr, outcome)], cny)
        }).collect();
        let period = ReportPeriod { from: d(2026, 1, 1), to: d(2026, 6, 30), today: d(2026, 3, 1), currency: cny };
        let r = renewal_report(&accounts, &period, |_| Band::AtRisk);
        prop_assert_eq!(r.due_count, r.renewed_count + r.churned_count + r.pending_count);
        prop_assert_eq!(r.logo_renewal_rate.is_none(), r.due_count == 0);
        prop_assert_eq!(r.gross_renewal_rate.is_none(), r.due_amount == Some(0));
        prop_assert_eq!(r.dollar_renewal_rate.is_none(), r.due_amount == Some(0));
        for rate in [r.logo_renewal_rate, r.gross_renewal_rate, r.activation_rate, r.feature_breadth, r.target_customer_ratio].into_iter().flatten() {
            prop_assert!((0..=10_000).contains(&rate.basis_points()), "{:?}", rate);
        }
        prop_assert!(r.at_risk_amount.unwrap() <= r.due_amount.unwrap());
        // Decided and pending split the due; the forecast lies between the renewed and
        // everything pending renewing.
        prop_assert_eq!(r.decided_count + r.pending_count, r.due_count);
        prop_assert_eq!(r.decided_amount.unwrap() + r.pending_amount.unwrap(), r.due_amount.unwrap());
        prop_assert_eq!(r.forecast_by_call + r.forecast_by_band, r.pending_count);
        let (renewed, fc) = (r.renewed_amount.unwrap(), r.forecast_amount.unwrap());
        prop_assert!(renewed <= fc && fc <= renewed + r.pending_amount.unwrap());
        if let (Some(logo), Some(fl)) = (r.logo_renewal_rate, r.forecast_logo_rate) {
            prop_assert!(logo.as_f64() <= fl.as_f64() + 1e-12);
            prop_assert!(fl.as_f64() <= (r.renewed_count + r.pending_count) as f64 / r.due_count as f64 + 1e-12);
        }
    }
}

/// B10: a sum that does not fit is reported as too large (None, JSON null), never as a
/// saturated number, and no rate is computed over it.
#[test]
fn overflowing_sums_are_not_saturated() {
    let period = ReportPeriod {
        from: d(2026, 1, 1),
        to: d(2026, 12, 31),
        today: d(2026, 3, 1),
        currency: Currency::CNY,
    };
    let mut huge = account("huge", d(2025, 5, 20), &[(d(2026, 5, 20), 1, None)], Currency::CNY);
    huge.terms[0].arr = Money::new(i64::MAX / 2 + 1, Currency::CNY);
    let one = account(
        "one",
        d(2025, 6, 1),
        &[(d(2026, 5, 1), 1, renewed(d(2026, 2, 1), 1, Currency::CNY))],
        Currency::CNY,
    );
    let r = renewal_report(&[huge.clone(), one.clone()], &period, |_| Band::Critical);
    assert_eq!(r.due_amount, Some(i64::MAX / 2 + 1 + 100), "fits: exact");
    let r = renewal_report(&[huge.clone(), huge, one], &period, |_| Band::Critical);
    assert_eq!((r.due_amount, r.at_risk_amount), (None, None), "too large, not saturated");
    assert_eq!(r.due_next.iter().map(|w| w.amount).collect::<Vec<_>>(), vec![Some(0), Some(0), None]);
    assert_eq!(r.renewed_amount, Some(100));
    assert_eq!((r.dollar_renewal_rate, r.gross_renewal_rate), (None, None));
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["due_amount"].is_null() && json["renewed_amount"] == 100, "{json}");
}

/// Issue 16, rates that do not mislead: the same quarter mid-way (today 02-15), decided
/// apart from pending, and the pending weighted by the CSM's call or else by band.
#[test]
fn decided_pending_and_forecast_by_hand() {
    let (mut accounts, period) = fixture();
    // E (pending, band at risk) carries the CSM's call "at risk" (40%); F (pending, band
    // watch) has no call and is weighted by band (75%).
    accounts[4].account.forecast = Some(Forecast::AtRisk);
    let band = |f: &AccountFacts| if f.account.name.starts_with('E') { Band::AtRisk } else { Band::Watch };
    let r = renewal_report(&accounts, &period, band);
    let k = |major: i64| major * 100;
    // Decided: A, B, C, H renewed, D churned.
    assert_eq!(r.decided_count, 5);
    assert_eq!(r.decided_logo_rate, Rate::new(4, 5));
    // CNY only: A 300 + B 100 + C 50 + D 40 = 490k; renewed at new ARR 450k.
    assert_eq!(r.decided_amount, Some(k(490_000)));
    assert_eq!(r.decided_dollar_rate, Rate::new(k(450_000), k(490_000)));
    assert_eq!(r.decided_dollar_rate.map(|x| x.to_string()).as_deref(), Some("91.8%"));
    // Pending: E 60k + F 20k.
    assert_eq!((r.pending_count, r.pending_amount), (2, Some(k(80_000))));
    // Forecast: 4 renewed + 0.40 + 0.75 of 7 due.
    assert_eq!((r.forecast_by_call, r.forecast_by_band), (1, 1));
    assert_eq!(r.forecast_logo_rate, Rate::new(515, 700));
    // 450k + 60k × 40% + 20k × 75% = 450 + 24 + 15 = 489k, of 570k due.
    assert_eq!(r.forecast_amount, Some(k(489_000)));
    assert_eq!(r.forecast_dollar_rate, Rate::new(k(489_000), k(570_000)));
    // Today's fields are unchanged: the pending still count as not renewed there.
    assert_eq!(r.logo_renewal_rate, Rate::new(4, 7));
    let json = serde_json::to_value(&r).unwrap();
    for key in ["decided_logo_rate", "decided_dollar_rate", "forecast_logo_rate", "forecast_dollar_rate"] {
        assert!(json[key].is_f64(), "{key}: {json}");
    }
    assert_eq!(json["pending_amount"], k(80_000));
    // Config weights are used: everything pending certain to renew.
    let all = ForecastWeights { call_at_risk: 100, band_watch: 100, ..ForecastWeights::default() };
    let mut b = ReportBuilder::new(&period).forecast_weights(all);
    for f in &accounts {
        b.add(f, || band(f));
    }
    let r = b.finish();
    assert_eq!(r.forecast_logo_rate, Rate::new(600, 700));
    assert_eq!(r.forecast_amount, Some(k(530_000)));
}

/// The weighted pending amount rounds half away from zero, to the minor unit.
#[test]
fn forecast_amount_rounds_to_the_minor_unit() {
    let period = ReportPeriod {
        from: d(2026, 1, 1),
        to: d(2026, 3, 31),
        today: d(2026, 2, 15),
        currency: Currency::CNY,
    };
    let mut f = account("odd", d(2025, 3, 1), &[(d(2026, 3, 1), 0, None)], Currency::CNY);
    for (minor, band, expected) in
        [(1_01, Band::Critical, 25), (1_02, Band::Critical, 26), (3, Band::AtRisk, 2)]
    {
        // 101 × 25% = 25.25 → 25; 102 × 25% = 25.5 → 26; 3 × 50% = 1.5 → 2.
        f.terms[0].arr = Money::new(minor, Currency::CNY);
        let r = renewal_report(std::slice::from_ref(&f), &period, |_| band);
        assert_eq!(r.forecast_amount, Some(expected), "{minor} at {band:?}");
    }
    // No pending, nothing due: rates are null, amounts zero.
    let r = renewal_report(&[], &period, |_| Band::Healthy);
    assert_eq!((r.decided_logo_rate, r.forecast_logo_rate, r.forecast_amount), (None, None, Some(0)));
}

/// A snapshot without a feature count (features_total 0) says nothing about breadth: the
/// latest one that has a count is used, and a zero count is never divided by.
#[test]
fn breadth_skips_snapshots_without_a_feature_count() {
    let period = ReportPeriod {
        from: d(2026, 1, 1),
        to: d(2026, 3, 31),
        today: d(2026, 2, 15),
        currency: Currency::CNY,
    };
    let mut f = account(
        "成都天府云图信息技术有限公司",
        d(2025, 3, 1),
        &[(d(2026, 3, 1), 1_000, None)],
        Currency::CNY,
    );
    snapshot(&mut f, d(2026, 1, 10), 3, 4);
    snapshot(&mut f, d(2026, 2, 1), 0, 0);
    let r = renewal_report(std::slice::from_ref(&f), &period, |_| Band::Healthy);
    assert_eq!(r.feature_breadth, Rate::new(7_500, 10_000));
}
