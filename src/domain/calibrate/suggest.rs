//! Weights the outcomes argue for, as a change to `[risk.points]` the user reviews and
//! applies (or not): a rule whose accounts churned at least twice as often as the others
//! gains a step, a rule whose accounts churned no more often than the others loses one.
//! Small steps on purpose: one book is a small sample, and the next calibration will say
//! whether the change helped.

use super::{Calibration, RuleLift};
use crate::domain::config::{REPLACES, RiskConfig};
use crate::domain::metrics::Rate;
use crate::domain::risk::RuleId;

/// Points added or taken per suggestion.
pub const STEP: u32 = 5;
/// A rule must have fired, and not fired, on at least this many outcomes to be judged.
pub const MIN_SIDE: u32 = 5;
/// Evidence: a raise needs at least this many churns among the accounts the rule fired
/// on; a cut needs the rule to have fired on enough accounts that this many churns were
/// expected at the rate of the others (else "none churned" is just chance).
pub const MIN_CHURNS: i64 = 3;
/// No rule is suggested above this (the score is capped at 100).
pub const MAX_POINTS: u32 = 40;

/// Why a weight should change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Churn at least twice as often when the rule fired.
    Predicts(RuleLift),
    /// Churn no more often when the rule fired than when it did not.
    DoesNotPredict(RuleLift),
    /// Raised with the rule it replaces when a person leaves (`config::REPLACES`), so a
    /// departure never lowers the score.
    KeepsAbove(RuleId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    pub rule: RuleId,
    pub from: u32,
    pub to: u32,
    pub why: Why,
}

/// The suggested changes (in `RuleId` order), none when there are too few outcomes. The
/// config they make passes `RiskConfig::validate` whenever `cfg` does.
pub fn suggest(c: &Calibration, cfg: &RiskConfig) -> Vec<Suggestion> {
    if !c.enough() {
        return Vec::new();
    }
    let mut out: Vec<Suggestion> = c.rules.iter().filter_map(|l| judge(l, cfg.points(l.rule))).collect();
    for (rule, replaced) in REPLACES {
        let now =
            |r: RuleId, out: &[Suggestion]| out.iter().find(|s| s.rule == r).map_or(cfg.points(r), |s| s.to);
        let (points, floor) = (now(rule, &out), now(replaced, &out));
        if points < floor {
            out.retain(|s| s.rule != rule);
            out.push(Suggestion { rule, from: cfg.points(rule), to: floor, why: Why::KeepsAbove(replaced) });
        }
    }
    out.retain(|s| s.from != s.to);
    out.sort_by_key(|s| s.rule);
    out
}

fn judge(l: &RuleLift, points: u32) -> Option<Suggestion> {
    // A rule switched off is the user's choice; one seen on too few accounts says nothing.
    if points == 0 || l.fired < MIN_SIDE || l.not_fired < MIN_SIDE {
        return None;
    }
    let (fired, not) = (l.rate_fired()?, l.rate_not_fired()?);
    // Compared as fractions: a/b >= 2·c/d  <=>  a·d >= 2·c·b (all positive).
    let cross = |x: Rate, y: Rate, k: i64| {
        i128::from(x.num) * i128::from(y.den) >= i128::from(k) * i128::from(y.num) * i128::from(x.den)
    };
    if fired.num >= MIN_CHURNS && cross(fired, not, 2) {
        let to = (points + STEP).min(MAX_POINTS.max(points));
        return Some(Suggestion { rule: l.rule, from: points, to, why: Why::Predicts(*l) });
    }
    // Expected churns when fired, at the others' rate: fired × not.num / not.den >= MIN_CHURNS.
    let expected = i128::from(l.fired) * i128::from(not.num) >= i128::from(MIN_CHURNS) * i128::from(not.den);
    if expected && cross(not, fired, 1) {
        return Some(Suggestion {
            rule: l.rule,
            from: points,
            to: points.saturating_sub(STEP),
            why: Why::DoesNotPredict(*l),
        });
    }
    None
}

/// `cfg` with the suggestions applied (what the snippet would make of it).
pub fn applied(cfg: &RiskConfig, s: &[Suggestion]) -> RiskConfig {
    let mut out = cfg.clone();
    for x in s {
        out.points.set(x.rule, x.to);
    }
    out
}
