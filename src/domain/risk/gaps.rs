//! Unknown is not risk (issue 16): what an account's record does not tell yet, kept apart
//! from the facts that predict churn.
//!
//! A *gap* is a fact not known: no decision maker, tier-1 key person or administrator ever
//! recorded, no (recent) usage data, no activation date in the first term. It is listed and
//! counted in the data completeness figure. It scores nothing while the CSM has had the
//! account for less than `[risk.gaps] grace_days` (counted from `created_on`, the day the
//! account came into Radar: an import, or the new-account form at handover; an owner
//! change carries no date in the file, so a CSM-to-CSM handover does not restart it).
//! After that, a gap switched on in `[risk.gaps]` scores through its rule, once.
//!
//! A *known* fact is risk at once: a decision maker, administrator or tier-1 key person
//! who left, a key person not contacted, logins stopped while data still comes in.
//!
//! The seat, usage and activation states below are what the rules and the gap list both
//! read, so the two can never disagree about which is which.

use super::asof::{Ctx, arg};
use super::{Reason, RuleId};
use crate::domain::choice::choice;
use crate::domain::{Contact, KpTier, MilestoneKind, MilestoneStatus, Role};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

choice! {
    /// What an account's record may not tell yet.
    GapKind "data gap" {
        DecisionMaker = "decision_maker" [],
        KeyPerson = "key_person" [],
        Admin = "admin" [],
        Usage = "usage" [],
        Activation = "activation" [],
    }
}

impl GapKind {
    /// The rule a gap scores through once the grace period is over (if switched on).
    pub fn rule(self) -> RuleId {
        match self {
            GapKind::DecisionMaker => RuleId::NoDecisionMaker,
            GapKind::KeyPerson => RuleId::LowPowerOnly,
            GapKind::Admin => RuleId::AdminGone,
            GapKind::Usage => RuleId::UsageStopped,
            GapKind::Activation => RuleId::NotActivated,
        }
    }
}

/// One thing not known about the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    pub kind: GapKind,
    /// Named values for the i18n templates `risk.gap.<kind>.detail` / `.action`.
    pub args: Vec<(String, String)>,
    /// It scores now (through `kind.rule()`): the grace period is over and `[risk.gaps]`
    /// says it should.
    pub scored: bool,
}

/// A role in the decision chain as of the context's day.
pub(crate) enum Seat<'a> {
    /// An active contact holds it.
    Filled,
    /// Nobody active holds it, and this is the latest one who left (a known fact: risk).
    Left(&'a Contact),
    /// Nobody holding it was ever recorded (a gap).
    Unknown,
}

/// Who holds the seat of contacts matching `pred` on the context's day.
pub(crate) fn seat<'a>(ctx: &Ctx<'a>, pred: impl Fn(&Contact) -> bool) -> Seat<'a> {
    if ctx.active_contacts().any(&pred) {
        return Seat::Filled;
    }
    ctx.facts
        .contacts
        .iter()
        .filter(|c| pred(c) && c.left_on.is_some_and(|d| d <= ctx.today))
        .max_by_key(|c| (c.left_on, c.id))
        .map_or(Seat::Unknown, Seat::Left)
}

pub(crate) fn is_dm(c: &Contact) -> bool {
    c.role == Role::DecisionMaker
}

pub(crate) fn is_admin(c: &Contact) -> bool {
    c.role == Role::Admin
}

pub(crate) fn is_tier1(c: &Contact) -> bool {
    c.kp_tier == Some(KpTier::Tier1)
}

/// What the usage data says about whether we know how the product is used.
pub(crate) enum UsageData {
    /// Data as recent as `no_usage_data_days`.
    Fresh,
    /// The latest snapshot is `days` old.
    Stale { days: i64 },
    /// No snapshot at all; the account came into Radar `days` ago.
    Never { days: i64 },
}

pub(crate) fn usage_data(ctx: &Ctx<'_>) -> UsageData {
    match ctx.usage.last() {
        None => UsageData::Never { days: ctx.days_since(ctx.facts.account.created_on) },
        Some(latest) => {
            let days = ctx.days_since(latest.date);
            if days >= i64::from(ctx.cfg.params.no_usage_data_days) {
                UsageData::Stale { days }
            } else {
                UsageData::Fresh
            }
        }
    }
}

/// Whether the account was activated, as far as the first term's onboarding goes.
pub(crate) enum Activation {
    /// Not the first term, or less than `activation_days` into it: nothing to judge.
    NotJudged,
    /// An activation date, or the activation milestone done, on or before the day.
    Known,
    /// First term, `days` since it started on `start`, and no activation recorded.
    Missing { days: i64, start: NaiveDate },
}

pub(crate) fn activation(ctx: &Ctx<'_>) -> Activation {
    let Some(first) = ctx.facts.terms.first() else { return Activation::NotJudged };
    // Both point into `facts.terms`, so identity is the exact test.
    let in_first_term = ctx.term.is_some_and(|t| std::ptr::eq(t, first));
    let days = ctx.days_since(first.start);
    if !in_first_term || days < i64::from(ctx.cfg.params.activation_days) {
        return Activation::NotJudged;
    }
    let dated = ctx.facts.account.activated_on.is_some_and(|d| d <= ctx.today);
    // Ticking the playbook's activation milestone done records the same fact; skipped
    // (as an import skips what fell due before the account came in) says nothing.
    let ticked = ctx.facts.milestones.iter().any(|m| {
        m.kind == MilestoneKind::Activation && m.status == MilestoneStatus::Done && m.completed_by(ctx.today)
    });
    if dated || ticked { Activation::Known } else { Activation::Missing { days, start: first.start } }
}

/// The first day gaps may score: `grace_days` after the account came into Radar.
pub(crate) fn grace_ends(ctx: &Ctx<'_>) -> NaiveDate {
    let days = Duration::days(i64::from(ctx.cfg.gaps.grace_days));
    ctx.facts.account.created_on.checked_add_signed(days).unwrap_or(NaiveDate::MAX)
}

/// Whether a gap of `kind` scores on the context's day: the grace period is over and the
/// config switches it on.
pub(crate) fn gap_scores(ctx: &Ctx<'_>, kind: GapKind) -> bool {
    let g = &ctx.cfg.gaps;
    let on = match kind {
        GapKind::DecisionMaker => g.decision_maker,
        GapKind::KeyPerson => g.key_person,
        GapKind::Admin => g.admin,
        GapKind::Usage => g.usage,
        GapKind::Activation => g.activation,
    };
    on && ctx.today >= grace_ends(ctx)
}

/// The gaps of the account on the context's day, in `GapKind` order, and how many facts
/// were checked (the denominator of data completeness: the four seats-and-usage checks,
/// plus activation while it is being judged). `scored` is filled in by `assess`.
pub(crate) fn find(ctx: &Ctx<'_>) -> (Vec<Gap>, u32) {
    let mut gaps = Vec::new();
    let mut checks = 4;
    let mut gap = |kind, args| gaps.push(Gap { kind, args, scored: false });
    if matches!(seat(ctx, is_dm), Seat::Unknown) {
        gap(GapKind::DecisionMaker, Vec::new());
    }
    if matches!(seat(ctx, is_tier1), Seat::Unknown) {
        gap(GapKind::KeyPerson, vec![arg("count", ctx.active_contacts().count())]);
    }
    if matches!(seat(ctx, is_admin), Seat::Unknown) {
        gap(GapKind::Admin, Vec::new());
    }
    match usage_data(ctx) {
        UsageData::Fresh => {}
        UsageData::Stale { days } => gap(GapKind::Usage, vec![arg("variant", "stale"), arg("days", days)]),
        UsageData::Never { .. } => gap(GapKind::Usage, Vec::new()),
    }
    match activation(ctx) {
        Activation::NotJudged => {}
        Activation::Known => checks += 1,
        Activation::Missing { days, start } => {
            checks += 1;
            gap(GapKind::Activation, vec![arg("days", days), arg("start", start)]);
        }
    }
    (gaps, checks)
}

/// Marks the gaps that score: those whose rule fired (a gap's rule fires for the gap
/// only, since the seat, usage or activation state it reads is the gap itself).
pub(crate) fn mark_scored(gaps: &mut [Gap], reasons: &[Reason]) {
    for g in gaps {
        g.scored = reasons.iter().any(|r| r.rule == g.kind.rule());
    }
}
