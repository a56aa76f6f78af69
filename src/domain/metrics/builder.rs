//! The renewal report built one account at a time, so a whole portfolio can be streamed
//! through it without being held in memory.

use super::forecast::{ForecastWeights, percent_sum_to_minor};
use super::share::{RateShare, RateSums};
use super::{DUE_WINDOWS, DueWindow, Rate, RenewalReport, ReportPeriod, Standing, standing};
use crate::domain::money::{Converted, Converter, add_to_sum};
use crate::domain::risk::Band;
use crate::domain::{AccountFacts, ContractTerm, Forecast};
use chrono::Duration;
use std::collections::BTreeMap;

/// Running totals of a renewal report. `add` every account once, then `finish`.
pub struct ReportBuilder {
    period: ReportPeriod,
    r: RenewalReport,
    /// sum(min(new, old)) of the renewed, for the gross renewal rate (None: too large).
    gross: Option<i64>,
    /// The portfolio rates' numerators and denominators.
    rates: RateSums,
    weights: ForecastWeights,
    /// Σ percent chance of the pending renewals (all currencies: the logo forecast).
    pending_pct: i64,
    /// Σ ARR × percent of the pending renewals in the reporting currency (None: too large).
    pending_weighted: Option<i128>,
    /// Into the reporting currency, at the rate in force on each renewal date.
    fx: Converter,
}

/// Adds a converted amount to a sum; too large makes the sum too large. (A missing rate is
/// the caller's to count: such a renewal is left out of every amount.)
fn add_converted(sum: &mut Option<i64>, c: Converted) {
    match c {
        Converted::Amount(v) => add_to_sum(sum, v),
        Converted::TooLarge => *sum = None,
        Converted::NoRate => {}
    }
}

impl ReportBuilder {
    pub fn new(period: &ReportPeriod) -> ReportBuilder {
        let r = RenewalReport {
            from: period.from,
            to: period.to,
            today: period.today,
            currency: period.currency,
            due_count: 0,
            renewed_count: 0,
            churned_count: 0,
            pending_count: 0,
            logo_renewal_rate: None,
            due_amount: Some(0),
            renewed_amount: Some(0),
            dollar_renewal_rate: None,
            gross_renewal_rate: None,
            at_risk_amount: Some(0),
            churn_reasons: BTreeMap::new(),
            churn_factors: BTreeMap::new(),
            other_currency_count: 0,
            missing_rates: BTreeMap::new(),
            activation_rate: None,
            feature_breadth: None,
            target_customer_ratio: None,
            due_next: DUE_WINDOWS
                .iter()
                .map(|d| DueWindow { days: *d, count: 0, amount: Some(0), no_rate: 0 })
                .collect(),
            decided_count: 0,
            decided_logo_rate: None,
            decided_amount: Some(0),
            decided_dollar_rate: None,
            pending_amount: Some(0),
            forecast_logo_rate: None,
            forecast_amount: None,
            forecast_dollar_rate: None,
            forecast_by_call: 0,
            forecast_by_band: 0,
            coverage: Default::default(),
        };
        ReportBuilder {
            period: *period,
            r,
            gross: Some(0),
            rates: RateSums::default(),
            weights: ForecastWeights::default(),
            pending_pct: 0,
            pending_weighted: Some(0),
            fx: Converter::without_rates(period.currency),
        }
    }

    /// The exchange rates amounts in other currencies convert at (default: none, so only
    /// amounts already in the reporting currency count).
    pub fn rates(mut self, fx: &Converter) -> ReportBuilder {
        self.fx = fx.with_target(self.period.currency);
        self
    }

    /// The chances of renewal the forecast weighs pending renewals by (default: the
    /// defaults of `[risk.forecast]`).
    pub fn forecast_weights(mut self, weights: ForecastWeights) -> ReportBuilder {
        self.weights = weights;
        self
    }

    /// Counts one account. `band` is asked (at most once) only when the account has a
    /// pending renewal due in the period: assessing risk is the expensive part.
    pub fn add(&mut self, f: &AccountFacts, band: impl FnOnce() -> Band) {
        self.add_terms(f.account.forecast, &f.terms, band);
        self.add_share(RateShare::of(f, self.period.to.min(self.period.today)));
    }

    /// Counts one account's terms (`forecast`: its CSM's call). Only the terms ending in
    /// the period or pending in the next `DUE_WINDOWS` days count here, so a caller may
    /// hand it just those (`RateShare` covers the rest of the account).
    pub fn add_terms(
        &mut self,
        forecast: Option<Forecast>,
        terms: &[ContractTerm],
        band: impl FnOnce() -> Band,
    ) {
        let (mut band, mut known) = (Some(band), None);
        let mut band_of = || *known.get_or_insert_with(|| band.take().map_or(Band::Healthy, |b| b()));
        let (today, period) = (self.period.today, self.period);
        let r = &mut self.r;
        for t in terms {
            let st = standing(t, today);
            // Both amounts of a renewal convert at the rate in force on its date, the term's end.
            let old = self.fx.convert(t.arr, t.end);
            let new = match st {
                Standing::Renewed { new } => Some((new.currency, self.fx.convert(new, t.end))),
                _ => None,
            };
            let missing = match (old, new) {
                (Converted::NoRate, _) => Some(t.arr.currency),
                (_, Some((c, Converted::NoRate))) => Some(c),
                _ => None,
            };
            if t.end >= period.from && t.end <= period.to {
                let in_cur = missing.is_none();
                r.due_count += 1;
                if let Some(c) = missing {
                    r.other_currency_count += 1;
                    *r.missing_rates.entry(c).or_default() += 1;
                }
                if in_cur {
                    add_converted(&mut r.due_amount, old);
                }
                if in_cur && !matches!(st, Standing::Pending) {
                    add_converted(&mut r.decided_amount, old);
                }
                let coverage = &mut r.coverage;
                match st {
                    Standing::Renewed { .. } => {
                        coverage.decided.add(!in_cur);
                        coverage.renewed.add(!in_cur);
                    }
                    Standing::Churned(_) => coverage.decided.add(!in_cur),
                    Standing::Pending => {
                        coverage.pending.add(!in_cur);
                        if matches!(band_of(), Band::AtRisk | Band::Critical) {
                            coverage.at_risk.add(!in_cur);
                        }
                    }
                }
                match st {
                    Standing::Renewed { .. } => {
                        r.renewed_count += 1;
                        if let (true, Some((_, new))) = (in_cur, new) {
                            add_converted(&mut r.renewed_amount, new);
                            match (old, new) {
                                (Converted::Amount(o), Converted::Amount(n)) => {
                                    add_to_sum(&mut self.gross, n.min(o).max(0))
                                }
                                _ => self.gross = None,
                            }
                        }
                    }
                    Standing::Churned(reason) => {
                        r.churned_count += 1;
                        *r.churn_reasons.entry(reason).or_default() += 1;
                        *r.churn_factors.entry(reason.factor()).or_default() += 1;
                    }
                    Standing::Pending => {
                        r.pending_count += 1;
                        // The CSM's call when there is one; the band only when not (it is
                        // the expensive part).
                        let pct = match forecast {
                            Some(call) => {
                                r.forecast_by_call += 1;
                                self.weights.by_call(call)
                            }
                            None => {
                                r.forecast_by_band += 1;
                                self.weights.by_band(band_of())
                            }
                        };
                        self.pending_pct += i64::from(pct);
                        if in_cur {
                            add_converted(&mut r.pending_amount, old);
                            self.pending_weighted = match old {
                                Converted::Amount(v) => self
                                    .pending_weighted
                                    .and_then(|s| s.checked_add(i128::from(v) * i128::from(pct))),
                                _ => None,
                            };
                            if matches!(band_of(), Band::AtRisk | Band::Critical) {
                                add_converted(&mut r.at_risk_amount, old);
                            }
                        }
                    }
                }
            }
            if matches!(st, Standing::Pending) && t.end >= today {
                for w in r.due_next.iter_mut().filter(|w| t.end <= today + Duration::days(w.days)) {
                    w.count += 1;
                    match old {
                        Converted::NoRate => w.no_rate += 1,
                        c => add_converted(&mut w.amount, c),
                    }
                }
            }
        }
    }

    /// Counts one account's share of the portfolio rates (`RateShare::of` as of
    /// `min(to, today)`).
    pub fn add_share(&mut self, s: RateShare) {
        self.rates.add(&RateSums::from(s));
    }

    /// Adds the shares of many accounts at once (summed by the store from the risk cache).
    pub fn add_shares(&mut self, s: &RateSums) {
        self.rates.add(s);
    }

    pub fn finish(self) -> RenewalReport {
        let mut r = self.r;
        r.logo_renewal_rate = Rate::new(r.renewed_count.into(), r.due_count.into());
        // A rate over a sum too large to add up is unknown, not a rate of clipped numbers.
        let rate = |num: Option<i64>, den: Option<i64>| num.zip(den).and_then(|(n, d)| Rate::new(n, d));
        r.dollar_renewal_rate = rate(r.renewed_amount, r.due_amount);
        r.gross_renewal_rate = rate(self.gross, r.due_amount);
        let s = self.rates;
        r.activation_rate = Rate::new(s.activated, s.should_activate);
        r.target_customer_ratio = Rate::new(s.target, s.live);
        r.feature_breadth = Rate::new(s.breadth_bp, s.with_usage * 10_000);
        r.decided_count = r.renewed_count + r.churned_count;
        r.decided_logo_rate = Rate::new(r.renewed_count.into(), r.decided_count.into());
        r.decided_dollar_rate = rate(r.renewed_amount, r.decided_amount);
        let pending = self.pending_weighted.and_then(percent_sum_to_minor);
        r.forecast_amount = r.renewed_amount.zip(pending).and_then(|(a, b)| a.checked_add(b));
        r.forecast_dollar_rate = rate(r.forecast_amount, r.due_amount);
        r.forecast_logo_rate =
            Rate::new(i64::from(r.renewed_count) * 100 + self.pending_pct, i64::from(r.due_count) * 100);
        r
    }
}
