//! The score: run every rule as of a moment, add the points, pick the band.

use super::RuleId;
use super::asof::{Ctx, is_churned};
use super::{Assessment, Band, Reason, gaps, rules_account, rules_commitments, rules_people, rules_usage};
use crate::domain::AccountFacts;
use crate::domain::config::RiskConfig;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// The score cap.
pub const MAX_SCORE: u32 = 100;

type Rule = for<'a> fn(&Ctx<'a>) -> Option<Reason>;

/// Every rule, in `RuleId` order (the table test below keeps the two in step).
const RULES: [(RuleId, Rule); 19] = [
    (RuleId::NoDecisionMaker, rules_people::no_decision_maker),
    (RuleId::LowPowerOnly, rules_people::low_power_only),
    (RuleId::AdminGone, rules_people::admin_gone),
    (RuleId::Opponent, rules_people::opponent),
    (RuleId::KpSilent, rules_people::kp_silent),
    (RuleId::PromiseBroken, rules_commitments::promise_broken),
    (RuleId::PromiseOverdue, rules_commitments::promise_overdue),
    (RuleId::RequirementStalled, rules_commitments::requirement_stalled),
    (RuleId::ComplaintOpen, rules_commitments::complaint_open),
    (RuleId::UsageStopped, rules_usage::usage_stopped),
    (RuleId::UsageDeclining, rules_usage::usage_declining),
    (RuleId::LowSeatUse, rules_usage::low_seat_use),
    (RuleId::ShallowAdoption, rules_usage::shallow_adoption),
    (RuleId::NotActivated, rules_account::not_activated),
    (RuleId::MilestoneOverdue, rules_commitments::milestone_overdue),
    (RuleId::NonTarget, rules_account::non_target),
    (RuleId::SmallAccount, rules_account::small_account),
    (RuleId::RenewalUnconfirmed, rules_account::renewal_unconfirmed),
    (RuleId::RenewalLapsed, rules_account::renewal_lapsed),
];

/// The band of a score under the configured thresholds.
pub fn band_for(score: u32, cfg: &RiskConfig) -> Band {
    let b = cfg.bands;
    if score >= b.critical {
        Band::Critical
    } else if score >= b.at_risk {
        Band::AtRisk
    } else if score >= b.watch {
        Band::Watch
    } else {
        Band::Healthy
    }
}

/// The lowest score of a band (0 for healthy).
pub fn band_floor(band: Band, cfg: &RiskConfig) -> u32 {
    match band {
        Band::Healthy => 0,
        Band::Watch => cfg.bands.watch,
        Band::AtRisk => cfg.bands.at_risk,
        Band::Critical => cfg.bands.critical,
    }
}

/// The last second of `date`: the moment a date-only caller (`--today`, the trend) should
/// assess at, so that everything recorded during that day counts.
pub fn day_end(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

/// Assesses an account as of `now`, from its dated facts (facts dated after `now` are
/// ignored). Score = sum of the fired rules' points, capped at 100; reasons sorted by
/// points (highest first), then rule order. A rule configured to 0 points does not fire.
///
/// A churned account (its last term closed as churned by `now`, or stage churned with no
/// dated churn) is not scored for renewal: score 0, band healthy, no reasons. There is
/// nothing left to save, and a high score would push it to the top of triage, crowding
/// out accounts that can still be saved. Callers show the stage (use `is_churned`) rather
/// than the healthy band for such accounts. Win-back (挽回) is a separate list.
pub fn assess(facts: &AccountFacts, now: NaiveDateTime, cfg: &RiskConfig) -> Assessment {
    if is_churned(facts, now.date()) {
        return Assessment::unscored();
    }
    let ctx = Ctx::new(facts, now, cfg);
    // A rule given 0 points gives a reason of 0 points (`asof::fired`), and so does one
    // capped at 0 (`milestone_max_points = 0`): both are dropped here. (A filter that also
    // skipped 0-point rules before running them could not be told apart from this one by
    // any test: cargo-mutants left its mutant alive.)
    let mut reasons: Vec<Reason> =
        RULES.iter().filter_map(|(_, rule)| rule(&ctx)).filter(|r| r.points > 0).collect();
    reasons.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(&b.rule)));
    let total: u32 = reasons.iter().fold(0u32, |acc, r| acc.saturating_add(r.points));
    let score = total.min(MAX_SCORE);
    with_gaps(&ctx, score, band_for(score, cfg), reasons)
}

/// `assess` for an account whose score, band and reasons were cached (and are current):
/// only its data gaps are found, from the facts they read: the account, its terms,
/// contacts, usage and milestones (the others may be left out: a command printing 20
/// accounts reads less). A churned account is `unscored`, as in `assess`.
pub fn assess_cached(
    facts: &AccountFacts,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    (score, band, reasons): (u32, Band, Vec<Reason>),
) -> Assessment {
    if is_churned(facts, now.date()) {
        return Assessment::unscored();
    }
    with_gaps(&Ctx::new(facts, now, cfg), score, band, reasons)
}

fn with_gaps(ctx: &Ctx<'_>, score: u32, band: Band, reasons: Vec<Reason>) -> Assessment {
    let (mut gaps, checks) = gaps::find(ctx);
    gaps::mark_scored(&mut gaps, &reasons);
    Assessment { score, band, reasons, gaps, checks, grace_ends: Some(gaps::grace_ends(ctx)) }
}

impl Assessment {
    /// A churned account's assessment: not scored, nothing checked.
    pub fn unscored() -> Assessment {
        Assessment {
            score: 0,
            band: Band::Healthy,
            reasons: Vec::new(),
            gaps: Vec::new(),
            checks: 0,
            grace_ends: None,
        }
    }
}

/// The score at the end of each of the last `weeks` weeks ending `today` (oldest first,
/// the last value is `today`'s), recomputed from the dated facts: no snapshots needed.
pub fn trend(facts: &AccountFacts, today: NaiveDate, cfg: &RiskConfig, weeks: usize) -> Vec<u32> {
    (0..weeks)
        .rev()
        .map(|back| {
            let date = i64::try_from(back)
                .ok()
                .and_then(Duration::try_weeks)
                .and_then(|d| today.checked_sub_signed(d))
                .unwrap_or(NaiveDate::MIN);
            assess(facts, day_end(date), cfg).score
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Choice;

    #[test]
    fn rule_table_is_in_rule_id_order() {
        let ids: Vec<RuleId> = RULES.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, RuleId::ALL);
    }

    #[test]
    fn band_thresholds_are_inclusive_lower_bounds() {
        let cfg = RiskConfig::default();
        let bands: Vec<Band> = [0, 24, 25, 49, 50, 74, 75, 100].iter().map(|s| band_for(*s, &cfg)).collect();
        use Band::*;
        assert_eq!(bands, [Healthy, Healthy, Watch, Watch, AtRisk, AtRisk, Critical, Critical]);
        for b in Band::ALL {
            assert_eq!(band_for(band_floor(*b, &cfg), &cfg), *b);
        }
    }
}
