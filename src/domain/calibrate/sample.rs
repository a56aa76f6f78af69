//! One sample per term that ended with an outcome: the account scored as of T-N days
//! before the term's end, from the facts dated before then, and whether it churned.

use crate::domain::config::RiskConfig;
use crate::domain::risk::{Band, RuleId, assess, day_end};
use crate::domain::{AccountFacts, Stage, TermOutcome};
use chrono::{Duration, NaiveDate};

/// A closed term scored at the lead time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub score: u32,
    pub band: Band,
    /// The rules that fired (with points > 0).
    pub fired: Vec<RuleId>,
    pub churned: bool,
}

/// Terms with an outcome that could not be scored at the lead time, by why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// The outcome was already decided on or before the day of the score: nothing left
    /// to predict.
    pub decided_early: u32,
    /// The term had not started by then (shorter than the lead time).
    pub too_short: u32,
}

/// The samples of one account's closed terms at `lead_days` before each term's end.
///
/// The account is scored as it stood on that day: the term's outcome (decided later) and
/// every later term are removed, so the as-of machinery of `risk::assess` sees an open
/// renewal; facts dated after the day are ignored by `assess` itself. Two things carry no
/// date and are adjusted: the stage is taken as "in renewal" (a churned stage would stop
/// the scoring), and the account is taken to have been in Radar since its first term began
/// (so the grace period for data gaps, counted from the import, does not silence the gaps
/// of the years before the import).
pub fn samples(
    facts: &AccountFacts,
    lead_days: u32,
    cfg: &RiskConfig,
    out: &mut Vec<Sample>,
    skipped: &mut Skipped,
) {
    for (i, term) in facts.terms.iter().enumerate() {
        let Some(outcome) = &term.outcome else { continue };
        let Some(day) = term.end.checked_sub_signed(Duration::days(i64::from(lead_days))) else { continue };
        if outcome.decided_on() <= day {
            skipped.decided_early += 1;
            continue;
        }
        if term.start > day {
            skipped.too_short += 1;
            continue;
        }
        let mut then = facts.clone();
        then.terms.truncate(i + 1);
        then.terms[i].outcome = None;
        then.account.stage = Stage::Renewal;
        let first_start = then.terms.first().map_or(NaiveDate::MAX, |t| t.start);
        then.account.created_on = then.account.created_on.min(first_start);
        let a = assess(&then, day_end(day), cfg);
        out.push(Sample {
            score: a.score,
            band: a.band,
            fired: a.reasons.iter().map(|r| r.rule).collect(),
            churned: matches!(outcome, TermOutcome::Churned { .. }),
        });
    }
}
