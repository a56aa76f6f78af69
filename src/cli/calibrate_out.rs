//! `radar calibrate --format json`: every count behind every rate, so a script can
//! recompute or re-judge them.

use crate::domain::Choice;
use crate::domain::calibrate::{Auc, Calibration, MIN_OUTCOMES, Skipped, Suggestion, Why};
use crate::domain::metrics::Rate;
use serde::Serialize;

#[derive(Serialize)]
pub struct Out {
    lead_days: u32,
    outcomes: u32,
    churned: u32,
    churn_rate: Option<Rate>,
    /// False below `min_outcomes`: too few to judge, and nothing is suggested.
    enough: bool,
    min_outcomes: u32,
    skipped: Skipped,
    /// The ROC AUC as a number (null when every outcome was the same), and its counts.
    auc: Option<f64>,
    auc_pairs: Option<Auc>,
    bands: Vec<BandOut>,
    rules: Vec<RuleOut>,
    suggestions: Vec<SuggestionOut>,
}

#[derive(Serialize)]
struct BandOut {
    band: &'static str,
    outcomes: u32,
    churned: u32,
    churn_rate: Option<Rate>,
}

#[derive(Serialize)]
struct RuleOut {
    rule: &'static str,
    fired: u32,
    fired_churned: u32,
    churn_rate_fired: Option<Rate>,
    not_fired: u32,
    not_fired_churned: u32,
    churn_rate_not_fired: Option<Rate>,
    lift: Option<Rate>,
}

#[derive(Serialize)]
struct SuggestionOut {
    rule: &'static str,
    from: u32,
    to: u32,
    /// predicts, does_not_predict or keeps_above
    why: &'static str,
    /// For keeps_above: the rule it must weigh at least as much as.
    above: Option<&'static str>,
}

pub fn json(c: &Calibration, suggestions: &[Suggestion]) -> Out {
    Out {
        lead_days: c.lead_days,
        outcomes: c.outcomes,
        churned: c.churned,
        churn_rate: c.churn_rate(),
        enough: c.enough(),
        min_outcomes: MIN_OUTCOMES,
        skipped: c.skipped,
        auc: c.auc.map(|a| a.value()),
        auc_pairs: c.auc,
        bands: c
            .bands
            .iter()
            .map(|b| BandOut {
                band: b.band.id(),
                outcomes: b.outcomes,
                churned: b.churned,
                churn_rate: b.churn_rate(),
            })
            .collect(),
        rules: c
            .rules
            .iter()
            .map(|r| RuleOut {
                rule: r.rule.id(),
                fired: r.fired,
                fired_churned: r.fired_churned,
                churn_rate_fired: r.rate_fired(),
                not_fired: r.not_fired,
                not_fired_churned: r.not_fired_churned,
                churn_rate_not_fired: r.rate_not_fired(),
                lift: r.lift(),
            })
            .collect(),
        suggestions: suggestions
            .iter()
            .map(|s| SuggestionOut {
                rule: s.rule.id(),
                from: s.from,
                to: s.to,
                why: match s.why {
                    Why::Predicts(_) => "predicts",
                    Why::DoesNotPredict(_) => "does_not_predict",
                    Why::KeepsAbove(_) => "keeps_above",
                },
                above: match s.why {
                    Why::KeepsAbove(r) => Some(r.id()),
                    _ => None,
                },
            })
            .collect(),
    }
}
