//! Renewal metrics: DESIGN.md "Metrics" exactly, plus the PLAYBOOK §2 portfolio rates.
//! `radar report` and the dashboard both call `renewal_report`.
//!
//! - A *due renewal* is any term (of any account) whose END falls in [from, to]. A
//!   multi-year term counts once, with its annual ARR.
//! - An outcome counts once it is decided on or before `today`; until then it is pending.
//! - Counts include every account. Amounts are integer minor units of the reporting
//!   currency: an amount in another currency converts at the exchange rate in force on
//!   the renewal date (the term's end; `money::fx`, rounded half to even per renewal, so
//!   a total is the sum of its converted renewals). A due renewal with an amount (old or
//!   new ARR) that has no rate is left out of every amount, counted in
//!   `other_currency_count` and named by currency in `missing_rates`: mixing currencies
//!   would be silently wrong, and leaving them out silently too.
//! - Portfolio rates (activation, breadth, target ratio) are taken as of
//!   `min(to, today)` over the accounts not churned by then (activation also counts the
//!   churned: failing to activate is how many of them were lost).
//! - A rate with a zero denominator is `None` (JSON `null`).

use crate::domain::money::Converter;
use crate::domain::ratio;
use crate::domain::risk::Band;
use crate::domain::{AccountFacts, ChurnFactor, ChurnReason, ContractTerm, Currency, TermOutcome};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

pub use known::{Counted, Coverage, Figure};

mod builder;
mod forecast;
mod known;
mod share;
pub use builder::ReportBuilder;
pub use forecast::ForecastWeights;
pub use share::{RateShare, RateSums};

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
        self.scaled(10_000)
    }

    /// `num / den × scale`, rounded once, half away from zero, from the exact ratio.
    /// Every shown rate goes through here: rounding an already rounded value (the basis
    /// points, then tenths) moved 0.390476 from 39.0% to 39.1%.
    pub fn scaled(&self, scale: i64) -> i64 {
        let n = i128::from(self.num) * i128::from(scale);
        ratio::clamp(ratio::round_half_away(n, i128::from(self.den)))
    }

    /// In whole percent, rounded once (half away from zero).
    pub fn whole_percent(&self) -> i64 {
        self.scaled(100)
    }

    pub fn as_f64(&self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl fmt::Display for Rate {
    /// `83.3%`: one decimal, rounded once from the exact ratio.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.scaled(1_000);
        let sign = if tenths < 0 { "-" } else { "" };
        let t = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}%", t / 10, t % 10)
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
    /// Sum of their ARR, minor units of the reporting currency; None when too large to
    /// add up (JSON `null`), never a clipped number.
    pub amount: Option<i64>,
    /// Of `count`, those left out of `amount`: no exchange rate on their renewal date.
    pub no_rate: u32,
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
    /// Amounts are None when too large to add up (JSON `null`), never a clipped number;
    /// a rate over such an amount is None too.
    pub due_amount: Option<i64>,
    /// New-term ARR of the renewed.
    pub renewed_amount: Option<i64>,
    /// renewed_amount / due_amount (续费率): shows up-sell and discounting.
    pub dollar_renewal_rate: Option<Rate>,
    /// sum(min(new, old)) / due_amount: what was kept, ignoring expansion.
    pub gross_renewal_rate: Option<Rate>,
    /// ARR of the pending renewals whose band is at risk or critical.
    pub at_risk_amount: Option<i64>,
    pub churn_reasons: BTreeMap<ChurnReason, u32>,
    pub churn_factors: BTreeMap<ChurnFactor, u32>,
    /// Due renewals left out of the amounts: in another currency with no exchange rate in
    /// force on their renewal date.
    pub other_currency_count: u32,
    /// The same, by the currency that has no rate ("3 renewals in EUR have no rate").
    pub missing_rates: BTreeMap<Currency, u32>,
    /// Activated / accounts whose first term started at least 30 days ago (启用率).
    pub activation_rate: Option<Rate>,
    /// Average of features used / available in each account's latest usage (功能使用广度).
    pub feature_breadth: Option<Rate>,
    /// Target customers / accounts (目标客户比例).
    pub target_customer_ratio: Option<Rate>,
    /// Renewals due in the next 30, 60 and 90 days from `today`.
    pub due_next: Vec<DueWindow>,
    // Rates that do not mislead mid-period (issue 16): the fields above count a pending
    // renewal as not renewed; these keep decided, pending and forecast apart.
    /// renewed_count + churned_count: the renewals with an outcome by `today`.
    pub decided_count: u32,
    /// renewed_count / decided_count: the logo rate of the decided renewals.
    pub decided_logo_rate: Option<Rate>,
    /// Due ARR of the decided renewals (reporting currency).
    pub decided_amount: Option<i64>,
    /// renewed_amount / decided_amount: the dollar rate of the decided renewals.
    pub decided_dollar_rate: Option<Rate>,
    /// Due ARR of the pending renewals (reporting currency).
    pub pending_amount: Option<i64>,
    /// Renewed plus each pending renewal at its chance of renewal (`ForecastWeights`):
    /// (renewed_count × 100 + Σ percent) / (due_count × 100).
    pub forecast_logo_rate: Option<Rate>,
    /// renewed_amount + Σ pending ARR × percent / 100 (rounded half away from zero).
    pub forecast_amount: Option<i64>,
    /// forecast_amount / due_amount.
    pub forecast_dollar_rate: Option<Rate>,
    /// How many pending renewals were weighted by the CSM's call, and how many by band.
    pub forecast_by_call: u32,
    pub forecast_by_band: u32,
    /// The renewals behind each amount and how many were left out (`is_unknown`).
    #[serde(skip)]
    pub coverage: Coverage,
}

impl RenewalReport {
    /// Every renewal due is left out of the amounts (none has an exchange rate into the
    /// reporting currency): the amounts are then not known, not zero ("£0" beside "n/a"
    /// rates; CSM trial, session 28).
    pub fn no_amount_converts(&self) -> bool {
        self.due_count > 0 && self.other_currency_count == self.due_count
    }

    /// Whether amount `f` is not known: no renewal due converts (then no amount is, as
    /// before), or it counts renewals and every one of them was left out for want of an
    /// exchange rate (see `known`).
    pub fn is_unknown(&self, f: Figure) -> bool {
        self.no_amount_converts() || self.coverage.of(f).is_some_and(Counted::unknown)
    }

    /// How many of the renewals amount `f` counts it leaves out (no exchange rate into the
    /// reporting currency on their renewal date): the text marks an amount that is known
    /// but partial (CSM trial, session 32: "Pending 34 · £2.98M" without the MYR renewal).
    pub fn left_out(&self, f: Figure) -> u32 {
        self.coverage.of(f).map_or(self.other_currency_count, |c| c.left_out)
    }

    /// Amount `f` as summed (None: too large to add up; see `is_unknown` first).
    pub fn amount(&self, f: Figure) -> Option<i64> {
        match f {
            Figure::Due => self.due_amount,
            Figure::Decided => self.decided_amount,
            Figure::Renewed => self.renewed_amount,
            Figure::Pending => self.pending_amount,
            Figure::AtRisk => self.at_risk_amount,
            Figure::Forecast => self.forecast_amount,
        }
    }

    fn amount_mut(&mut self, f: Figure) -> &mut Option<i64> {
        match f {
            Figure::Due => &mut self.due_amount,
            Figure::Decided => &mut self.decided_amount,
            Figure::Renewed => &mut self.renewed_amount,
            Figure::Pending => &mut self.pending_amount,
            Figure::AtRisk => &mut self.at_risk_amount,
            Figure::Forecast => &mut self.forecast_amount,
        }
    }

    /// The report with the amounts it cannot know as None: all of them when no renewal due
    /// converts, a window's when none of its renewals does. Its JSON then has `null` where
    /// the text says "n/a (no exchange rate)"; it had 0 beside `missing_rates`, read as
    /// nothing due (CSM trial, session 29).
    pub fn without_unknown_amounts(mut self) -> RenewalReport {
        for f in Figure::ALL {
            if self.is_unknown(f) {
                *self.amount_mut(f) = None;
            }
        }
        for w in self.due_next.iter_mut().filter(|w| w.no_amount_converts()) {
            w.amount = None;
        }
        self
    }
}

impl DueWindow {
    /// Every renewal of the window is left out of its amount (no exchange rate).
    pub fn no_amount_converts(&self) -> bool {
        self.count > 0 && self.no_rate == self.count
    }
}

/// How a term's renewal stands as of `today`.
pub(crate) enum Standing {
    Renewed { new: crate::domain::Money },
    Churned(ChurnReason),
    Pending,
}

pub(crate) fn standing(t: &ContractTerm, today: NaiveDate) -> Standing {
    match &t.outcome {
        Some(TermOutcome::Renewed { decided_on, new_arr }) if *decided_on <= today => {
            Standing::Renewed { new: *new_arr }
        }
        Some(TermOutcome::Churned { decided_on, reason, .. }) if *decided_on <= today => {
            Standing::Churned(*reason)
        }
        _ => Standing::Pending,
    }
}

/// The renewal report for `period` over `accounts` (see `ReportBuilder` to add them one
/// at a time). `band_of` gives an account's current risk band (from the cached scores, or
/// `risk::assess`); it is asked only about pending renewals.
pub fn renewal_report(
    accounts: &[AccountFacts],
    period: &ReportPeriod,
    band_of: impl Fn(&AccountFacts) -> Band,
) -> RenewalReport {
    renewal_report_fx(accounts, period, &Converter::without_rates(period.currency), band_of)
}

/// `renewal_report` with exchange rates.
pub fn renewal_report_fx(
    accounts: &[AccountFacts],
    period: &ReportPeriod,
    fx: &Converter,
    band_of: impl Fn(&AccountFacts) -> Band,
) -> RenewalReport {
    let mut b = ReportBuilder::new(period).rates(fx);
    for f in accounts {
        b.add(f, || band_of(f));
    }
    b.finish()
}

#[cfg(test)]
mod tests;
#[cfg(test)]
#[path = "tests_fx.rs"]
mod tests_fx;
#[cfg(test)]
mod tests_rate;
