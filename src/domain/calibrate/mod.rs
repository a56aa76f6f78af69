//! A score that proves itself (issue 16, PLAYBOOK §10): for every term that ended with an
//! outcome, the risk score as of T-90 (or T-60, T-30) from the facts dated before then,
//! against what happened. Reports the churn rate by band, the ROC AUC of the score for
//! churn and each rule's lift, and suggests weights as a config change for the user to
//! review (never applied here).

mod auc;
mod sample;
mod suggest;
#[cfg(test)]
mod tests;

pub use auc::{Auc, auc};
pub use sample::{Sample, Skipped, samples};
pub use suggest::{Suggestion, Why, applied, suggest};

use crate::domain::Choice;
use crate::domain::metrics::Rate;
use crate::domain::risk::{Band, RuleId};

/// The lead times `radar calibrate --at` accepts, in days before the renewal date.
pub const LEADS: [u32; 3] = [90, 60, 30];
/// Fewer outcomes than this are too few to judge a score by (said plainly, and no
/// weights are suggested).
pub const MIN_OUTCOMES: u32 = 30;

/// Churn among the samples of one band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BandRow {
    pub band: Band,
    pub outcomes: u32,
    pub churned: u32,
}

impl BandRow {
    pub fn churn_rate(&self) -> Option<Rate> {
        Rate::new(self.churned.into(), self.outcomes.into())
    }
}

/// One rule: churn when it fired against when it did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleLift {
    pub rule: RuleId,
    pub fired: u32,
    pub fired_churned: u32,
    pub not_fired: u32,
    pub not_fired_churned: u32,
}

impl RuleLift {
    pub fn rate_fired(&self) -> Option<Rate> {
        Rate::new(self.fired_churned.into(), self.fired.into())
    }

    pub fn rate_not_fired(&self) -> Option<Rate> {
        Rate::new(self.not_fired_churned.into(), self.not_fired.into())
    }

    /// Churn rate when fired over churn rate when not, as an exact fraction; None when
    /// either side is empty or nobody churned without the rule.
    pub fn lift(&self) -> Option<Rate> {
        let num = i64::from(self.fired_churned) * i64::from(self.not_fired);
        let den = i64::from(self.fired) * i64::from(self.not_fired_churned);
        Rate::new(num, den)
    }
}

/// What `radar calibrate` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calibration {
    pub lead_days: u32,
    pub outcomes: u32,
    pub churned: u32,
    pub skipped: Skipped,
    /// Every band, healthy first, including empty ones.
    pub bands: Vec<BandRow>,
    /// None when all outcomes are the same (no pair to compare).
    pub auc: Option<Auc>,
    /// Every rule in `RuleId` order.
    pub rules: Vec<RuleLift>,
}

impl Calibration {
    /// Whether there are enough outcomes to judge (`MIN_OUTCOMES`).
    pub fn enough(&self) -> bool {
        self.outcomes >= MIN_OUTCOMES
    }

    pub fn churn_rate(&self) -> Option<Rate> {
        Rate::new(self.churned.into(), self.outcomes.into())
    }
}

/// Sums the samples up.
pub fn calibrate(lead_days: u32, samples: &[Sample], skipped: Skipped) -> Calibration {
    let count = |f: &dyn Fn(&Sample) -> bool| {
        u32::try_from(samples.iter().filter(|s| f(s)).count()).unwrap_or(u32::MAX)
    };
    let bands = Band::ALL
        .iter()
        .map(|b| BandRow {
            band: *b,
            outcomes: count(&|s| s.band == *b),
            churned: count(&|s| s.band == *b && s.churned),
        })
        .collect();
    let rules = RuleId::ALL
        .iter()
        .map(|r| {
            let fired = |s: &Sample| s.fired.contains(r);
            RuleLift {
                rule: *r,
                fired: count(&|s| fired(s)),
                fired_churned: count(&|s| fired(s) && s.churned),
                not_fired: count(&|s| !fired(s)),
                not_fired_churned: count(&|s| !fired(s) && s.churned),
            }
        })
        .collect();
    let scored: Vec<(u32, bool)> = samples.iter().map(|s| (s.score, s.churned)).collect();
    Calibration {
        lead_days,
        outcomes: count(&|_| true),
        churned: count(&|s| s.churned),
        skipped,
        bands,
        auc: auc(&scored),
        rules,
    }
}

/// A lift as a multiple with two decimals, `2.50×` (rounded once from the exact ratio).
pub fn times(r: Rate) -> String {
    let hundredths = r.scaled(100);
    format!("{}.{:02}×", hundredths / 100, hundredths % 100)
}
