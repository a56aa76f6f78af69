//! Renewal metrics: DESIGN.md "Metrics" exactly, plus the PLAYBOOK §2 portfolio rates.
//! `radar report` and the dashboard both call `renewal_report`.
//!
//! - A *due renewal* is any term (of any account) whose END falls in [from, to]. A
//!   multi-year term counts once, with its annual ARR.
//! - An outcome counts once it is decided on or before `today`; until then it is pending.
//! - Counts include every account. Amounts are integer minor units of the reporting
//!   currency; a due renewal in another currency (old or new ARR) is left out of every
//!   amount and counted in `other_currency_count` instead: there are no exchange rates
//!   in a local tool, and mixing currencies would be silently wrong.
//! - Portfolio rates (activation, breadth, target ratio) are taken as of
//!   `min(to, today)` over the accounts not churned by then (activation also counts the
//!   churned: failing to activate is how many of them were lost).
//! - A rate with a zero denominator is `None` (JSON `null`).

use crate::domain::risk::{Band, is_churned};
use crate::domain::{AccountFacts, ChurnFactor, ChurnReason, ContractTerm, Currency, TermOutcome};
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Days after the first term's start by which an account should be activated (PLAYBOOK §3).
pub const ACTIVATION_DAYS: i64 = 30;
/// The "renewals due in the next N days" windows (the T-30/60/90 countdown).
pub const DUE_WINDOWS: [i64; 3] = [30, 60, 90];

/// An exact ratio `num / den` with `den > 0`. Serialised as a JSON number (the only place
/// it becomes floating point).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub num: i64,
    pub den: i64,
}

impl Rate {
    /// None when the denominator is not positive.
    pub fn new(num: i64, den: i64) -> Option<Rate> {
        (den > 0).then_some(Rate { num, den })
    }

    /// In basis points (1/100 of a percent), rounded half away from zero.
    pub fn basis_points(&self) -> i64 {
        let (n, d) = (i128::from(self.num) * 10_000, i128::from(self.den));
        let q = (2 * n.abs() + d) / (2 * d);
        // |q| <= |num| * 10_000 / den + 1, within i64 for any real ratio of i64 amounts.
        i64::try_from(if n < 0 { -q } else { q }).unwrap_or(i64::MAX)
    }

    pub fn as_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl fmt::Display for Rate {
    /// `83.3%`: one decimal, from the basis points.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bp = self.basis_points();
        let tenths = (bp.abs() + 5) / 10;
        let sign = if bp < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}%", tenths / 10, tenths % 10)
    }
}

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

/// What the report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub currency: Currency,
}

/// Renewals due between `today` and `today + days` (inclusive) still without an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueWindow {
    pub days: i64,
    pub count: u32,
    /// Sum of their ARR, minor units of the reporting currency.
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenewalReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    /// The currency of every amount below.
    pub currency: Currency,
    pub due_count: u32,
    pub renewed_count: u32,
    pub churned_count: u32,
    pub pending_count: u32,
    /// renewed_count / due_count (续约率).
    pub logo_renewal_rate: Option<Rate>,
    pub due_amount: i64,
    /// New-term ARR of the renewed.
    pub renewed_amount: i64,
    /// renewed_amount / due_amount (续费率): shows up-sell and discounting.
    pub dollar_renewal_rate: Option<Rate>,
    /// sum(min(new, old)) / due_amount: what was kept, ignoring expansion.
    pub gross_renewal_rate: Option<Rate>,
    /// ARR of the pending renewals whose band is at risk or critical.
    pub at_risk_amount: i64,
    pub churn_reasons: BTreeMap<ChurnReason, u32>,
    pub churn_factors: BTreeMap<ChurnFactor, u32>,
    /// Due renewals left out of the amounts because they are in another currency.
    pub other_currency_count: u32,
    /// Activated / accounts whose first term started at least 30 days ago (启用率).
    pub activation_rate: Option<Rate>,
    /// Average of features used / available in each account's latest usage (功能使用广度).
    pub feature_breadth: Option<Rate>,
    /// Target customers / accounts (目标客户比例).
    pub target_customer_ratio: Option<Rate>,
    /// Renewals due in the next 30, 60 and 90 days from `today`.
    pub due_next: Vec<DueWindow>,
}

/// How a term's renewal stands as of `today`.
enum Standing {
    Renewed { old: i64, new: i64, same_currency: bool },
    Churned(ChurnReason),
    Pending,
}

fn standing(t: &ContractTerm, today: NaiveDate, currency: Currency) -> Standing {
    match &t.outcome {
        Some(TermOutcome::Renewed { decided_on, new_arr }) if *decided_on <= today => Standing::Renewed {
            old: t.arr.minor,
            new: new_arr.minor,
            same_currency: t.arr.currency == currency && new_arr.currency == currency,
        },
        Some(TermOutcome::Churned { decided_on, reason, .. }) if *decided_on <= today => {
            Standing::Churned(*reason)
        }
        _ => Standing::Pending,
    }
}

/// The renewal report for `period`. `band_of` gives an account's current risk band (from
/// the cached scores, or `risk::assess`); it is asked only about pending renewals.
pub fn renewal_report(
    accounts: &[AccountFacts],
    period: &ReportPeriod,
    band_of: impl Fn(&AccountFacts) -> Band,
) -> RenewalReport {
    let (cur, today) = (period.currency, period.today);
    let mut r = RenewalReport {
        from: period.from,
        to: period.to,
        today,
        currency: cur,
        due_count: 0,
        renewed_count: 0,
        churned_count: 0,
        pending_count: 0,
        logo_renewal_rate: None,
        due_amount: 0,
        renewed_amount: 0,
        dollar_renewal_rate: None,
        gross_renewal_rate: None,
        at_risk_amount: 0,
        churn_reasons: BTreeMap::new(),
        churn_factors: BTreeMap::new(),
        other_currency_count: 0,
        activation_rate: None,
        feature_breadth: None,
        target_customer_ratio: None,
        due_next: DUE_WINDOWS.iter().map(|d| DueWindow { days: *d, count: 0, amount: 0 }).collect(),
    };
    let mut gross: i64 = 0;
    for f in accounts {
        for t in &f.terms {
            let st = standing(t, today, cur);
            if t.end >= period.from && t.end <= period.to {
                let in_cur = match st {
                    Standing::Renewed { same_currency, .. } => same_currency,
                    _ => t.arr.currency == cur,
                };
                r.due_count += 1;
                if in_cur {
                    r.due_amount = r.due_amount.saturating_add(t.arr.minor);
                } else {
                    r.other_currency_count += 1;
                }
                match st {
                    Standing::Renewed { old, new, .. } => {
                        r.renewed_count += 1;
                        if in_cur {
                            r.renewed_amount = r.renewed_amount.saturating_add(new);
                            gross = gross.saturating_add(new.min(old).max(0));
                        }
                    }
                    Standing::Churned(reason) => {
                        r.churned_count += 1;
                        *r.churn_reasons.entry(reason).or_default() += 1;
                        *r.churn_factors.entry(reason.factor()).or_default() += 1;
                    }
                    Standing::Pending => {
                        r.pending_count += 1;
                        if in_cur && matches!(band_of(f), Band::AtRisk | Band::Critical) {
                            r.at_risk_amount = r.at_risk_amount.saturating_add(t.arr.minor);
                        }
                    }
                }
            }
            if matches!(st, Standing::Pending) && t.end >= today {
                for w in r.due_next.iter_mut().filter(|w| t.end <= today + Duration::days(w.days)) {
                    w.count += 1;
                    if t.arr.currency == cur {
                        w.amount = w.amount.saturating_add(t.arr.minor);
                    }
                }
            }
        }
    }
    r.logo_renewal_rate = Rate::new(r.renewed_count.into(), r.due_count.into());
    r.dollar_renewal_rate = Rate::new(r.renewed_amount, r.due_amount);
    r.gross_renewal_rate = Rate::new(gross, r.due_amount);
    portfolio_rates(accounts, period, &mut r);
    r
}

/// Activation rate, feature breadth and target-customer ratio as of `min(to, today)`.
fn portfolio_rates(accounts: &[AccountFacts], period: &ReportPeriod, r: &mut RenewalReport) {
    let asof = period.to.min(period.today);
    let (mut should_activate, mut activated) = (0i64, 0i64);
    let (mut live, mut target) = (0i64, 0i64);
    let (mut breadth_bp, mut with_usage) = (0i64, 0i64);
    for f in accounts {
        if f.terms.first().is_some_and(|t| t.start <= asof - Duration::days(ACTIVATION_DAYS)) {
            should_activate += 1;
            activated += i64::from(f.account.activated_on.is_some_and(|d| d <= asof));
        }
        if is_churned(f, asof) {
            continue;
        }
        live += 1;
        target += i64::from(f.account.target_fit);
        // `usage` is sorted by date: the last one on or before `asof` is the latest known.
        let latest = f.usage.iter().rev().find(|u| u.date <= asof && u.features_total > 0);
        if let Some(u) = latest {
            let (used, total) =
                (i64::from(u.features_used.min(u.features_total)), i64::from(u.features_total));
            // Each account's ratio in basis points (half up), so the average is one exact sum.
            breadth_bp += (used * 20_000 + total) / (2 * total);
            with_usage += 1;
        }
    }
    r.activation_rate = Rate::new(activated, should_activate);
    r.target_customer_ratio = Rate::new(target, live);
    r.feature_breadth = Rate::new(breadth_bp, with_usage * 10_000);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// One account: (name, first-term start, [(end, arr, outcome)], currency).
    fn account(
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

    fn renewed(on: NaiveDate, major: i64, cur: Currency) -> Option<TermOutcome> {
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
        });
        let mut a = account(
            "A 3-year, flat",
            d(2023, 2, 1),
            &[
                (d(2026, 2, 1), 300_000, renewed(d(2026, 1, 20), 300_000, cny)),
                (d(2027, 2, 1), 300_000, None),
            ],
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
        let band =
            |f: &AccountFacts| if f.account.name.starts_with('E') { Band::AtRisk } else { Band::Watch };
        let r = renewal_report(&accounts, &period, band);
        let k = |major: i64| major * 100; // CNY minor units
        // Due (term end in Q1): A, B, C, D, E, F, H = 7; renewed A, B, C, H; churned D; pending E, F.
        assert_eq!((r.due_count, r.renewed_count, r.churned_count, r.pending_count), (7, 4, 1, 2));
        assert_eq!(r.logo_renewal_rate, Rate::new(4, 7));
        // CNY only (H is USD): due 300 + 100 + 50 + 40 + 60 + 20 = 570k.
        assert_eq!((r.due_amount, r.other_currency_count), (k(570_000), 1));
        // Renewed at new ARR: 300 + 80 + 70 = 450k.
        assert_eq!(r.renewed_amount, k(450_000));
        assert_eq!(r.dollar_renewal_rate, Rate::new(k(450_000), k(570_000)));
        // Gross: min(300,300) + min(80,100) + min(70,50) = 430k.
        assert_eq!(r.gross_renewal_rate, Rate::new(k(430_000), k(570_000)));
        assert_eq!(r.gross_renewal_rate.map(|g| g.basis_points()), Some(7544)); // 0.754386
        // At risk: E only (60k); F is pending but only on watch.
        assert_eq!(r.at_risk_amount, k(60_000));
        assert_eq!(r.churn_reasons, BTreeMap::from([(ChurnReason::Price, 1)]));
        assert_eq!(r.churn_factors, BTreeMap::from([(ChurnFactor::Product, 1)]));
        // Next 30 days from 02-15: E (03-10). 60: + F (03-31), I (04-01). 90: + K (05-10).
        let windows: Vec<(i64, u32, i64)> = r.due_next.iter().map(|w| (w.days, w.count, w.amount)).collect();
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
        assert_eq!((r.pending_count, r.at_risk_amount), (1, 100_000));
        assert_eq!(
            Rate::new(1, 3).map(|r| (r.basis_points(), r.to_string())),
            Some((3333, "33.3%".to_string()))
        );
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
                    2 => Some(TermOutcome::Churned { decided_on: end, reason: ChurnReason::Service, note: String::new() }),
                    _ => renewed(end, *new, Currency::USD),
                };
                account("p", end - Duration::days(365), &[(end, *arr, outcome)], cny)
            }).collect();
            let period = ReportPeriod { from: d(2026, 1, 1), to: d(2026, 6, 30), today: d(2026, 3, 1), currency: cny };
            let r = renewal_report(&accounts, &period, |_| Band::AtRisk);
            prop_assert_eq!(r.due_count, r.renewed_count + r.churned_count + r.pending_count);
            prop_assert_eq!(r.logo_renewal_rate.is_none(), r.due_count == 0);
            prop_assert_eq!(r.gross_renewal_rate.is_none(), r.due_amount == 0);
            prop_assert_eq!(r.dollar_renewal_rate.is_none(), r.due_amount == 0);
            for rate in [r.logo_renewal_rate, r.gross_renewal_rate, r.activation_rate, r.feature_breadth, r.target_customer_ratio].into_iter().flatten() {
                prop_assert!((0..=10_000).contains(&rate.basis_points()), "{:?}", rate);
            }
            prop_assert!(r.at_risk_amount <= r.due_amount);
        }
    }
}
