//! Rules about what we owe the customer: promises (承诺, §6), requirements (需求闭环, §7),
//! complaints (投诉, §8) and the playbook milestones.

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired, quote};
use crate::domain::{Milestone, MilestoneKind, Promise, PromiseStatus, ReqLevel, ReqStatus, Requirement};
use chrono::NaiveDate;
use std::cmp::Reverse;

/// Promises broken during the term in force (their status changed to broken on or after
/// the term's start), `points` each. Without any term, every broken promise counts. Each
/// counts because breaking one takes over its "overdue" fact (`config::REPLACES`): with
/// the rule's points given once, breaking a second promise that was overdue lowered the
/// score by the overdue points (a CSM trial: 70 → 60 on `B`).
pub(crate) fn promise_broken(ctx: &Ctx<'_>) -> Option<Reason> {
    let term_start = ctx.term.map(|t| t.start);
    let mut broken = ctx.facts.promises.iter().filter(|p| {
        p.status_at(ctx.today) == Some(PromiseStatus::Broken) && term_start.is_none_or(|s| p.status_on >= s)
    });
    let first = broken.next()?;
    let count = 1 + broken.count();
    let made_by = if first.made_by.trim().is_empty() { "—" } else { first.made_by.as_str() };
    let mut reason = fired(
        ctx,
        RuleId::PromiseBroken,
        vec![arg("promise", quote(&first.text)), arg("made_by", quote(made_by)), arg("count", count)],
    )?;
    reason.points = reason.points.saturating_mul(u32::try_from(count).unwrap_or(u32::MAX));
    Some(reason)
}

/// An open promise past its due date (due today is not yet overdue).
pub(crate) fn promise_overdue(ctx: &Ctx<'_>) -> Option<Reason> {
    let overdue = ctx.facts.promises.iter().filter_map(|p| {
        let due = p.due.filter(|d| *d < ctx.today)?;
        (p.status_at(ctx.today) == Some(PromiseStatus::Open)).then_some((p, due))
    });
    let count = overdue.clone().count();
    let oldest = overdue.min_by_key(|(p, due)| (*due, p.id));
    let (p, due) = oldest?;
    fired(
        ctx,
        RuleId::PromiseOverdue,
        vec![
            arg("promise", quote(&p.text)),
            arg("due", due),
            arg("days", ctx.days_since(due)),
            arg("count", count),
        ],
    )
}

/// An open P0 older than `p0_stalled_days`, or an open P1 older than `p1_stalled_days`
/// (age counted from when it was raised: the loop as a whole is what stalls), not yet
/// delivered: once product has delivered it, what is left is telling the customer and
/// closing the loop, which the agenda lists; "push it with product" would be wrong advice
/// and the risk is gone (a CSM trial saw a requirement delivered that day still score +10).
pub(crate) fn requirement_stalled(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let stalled = ctx.facts.requirements.iter().filter_map(|r| {
        let status = r.status_at(ctx.today).filter(|s| s.is_open() && *s != ReqStatus::Delivered)?;
        let limit = match r.level {
            ReqLevel::P0 => p.p0_stalled_days,
            ReqLevel::P1 => p.p1_stalled_days,
            ReqLevel::P2 | ReqLevel::P3 => return None,
        };
        let age = ctx.days_since(r.raised_on);
        (age > i64::from(limit)).then_some((r, status, age))
    });
    let count = stalled.clone().count();
    // Name the most urgent: P0 before P1, then the oldest.
    let worst = stalled.min_by_key(|(r, _, age)| (r.level, Reverse(*age), r.id));
    let (r, status, age) = worst?;
    fired(
        ctx,
        RuleId::RequirementStalled,
        vec![
            arg("title", quote(&r.title)),
            arg("level", r.level),
            arg("req_status", status),
            arg("days", age),
            arg("stalled", ctx.days_since(r.status_since(ctx.today))),
            arg("count", count),
        ],
    )
}

/// A complaint still open more than `complaint_hours` after it was raised
/// (exactly 24 h is still within the promise).
pub(crate) fn complaint_open(ctx: &Ctx<'_>) -> Option<Reason> {
    let limit_secs = i64::from(ctx.cfg.params.complaint_hours) * 3600;
    let c = ctx
        .facts
        .complaints
        .iter()
        .filter(|c| c.open_at(ctx.now) && (ctx.now - c.raised_at).num_seconds() > limit_secs)
        .min_by_key(|c| (c.raised_at, c.id))?;
    let count = ctx.facts.complaints.iter().filter(|c| c.open_at(ctx.now)).count();
    fired(
        ctx,
        RuleId::ComplaintOpen,
        vec![
            arg("summary", quote(&c.summary)),
            arg("hours", (ctx.now - c.raised_at).num_hours()),
            arg("severity", c.severity),
            arg("count", count),
        ],
    )
}

/// Playbook milestones overdue: `points` each, at most `milestone_max_points`. The
/// activation milestone is not counted: whether the account was activated is
/// `not_activated`'s fact, counted once there. Nor is the lapsed term's T-0 (renewal
/// outcome): that no outcome is recorded is `renewal_lapsed`'s fact.
pub(crate) fn milestone_overdue(ctx: &Ctx<'_>) -> Option<Reason> {
    let lapsed_end = ctx.term.filter(|t| t.lapsed_on(ctx.today)).map(|t| t.end);
    let overdue = ctx.facts.milestones.iter().filter(|m| {
        m.kind != MilestoneKind::Activation
            && !(m.kind == MilestoneKind::T0 && Some(m.due) == lapsed_end)
            && m.overdue_on(ctx.today)
    });
    let count = overdue.clone().count();
    let oldest = overdue.min_by_key(|m| (m.due, m.id))?;
    let per = ctx.points(RuleId::MilestoneOverdue);
    let points =
        per.saturating_mul(u32::try_from(count).unwrap_or(u32::MAX)).min(ctx.cfg.params.milestone_max_points);
    let mut reason = fired(
        ctx,
        RuleId::MilestoneOverdue,
        vec![arg("count", count), arg("milestone", oldest.kind), arg("due", oldest.due)],
    )?;
    reason.points = points;
    Some(reason)
}

/// Whether scoring on `today` looks at milestone `m` at all: an overdue one
/// (`milestone_overdue`) or the activation milestone (`gaps::activation`). The others
/// (most of a portfolio's: done long ago, or due later) change no score, band, reason or
/// gap that day, so a full recompute for today reads only these (the store narrows its
/// read by the same test, issue 19); `tests_props` checks that assessing without the
/// others gives the same assessment.
pub fn milestone_scored_on(m: &Milestone, today: NaiveDate) -> bool {
    m.kind == MilestoneKind::Activation || m.overdue_on(today)
}

/// Whether scoring on `today` looks at promise `p`: one open or broken that day
/// (`promise_broken`, `promise_overdue`). One kept or withdrawn by then, or made after it,
/// changes nothing, so a full recompute does not read it (issue 19, as
/// `milestone_scored_on`).
pub fn promise_scored_on(p: &Promise, today: NaiveDate) -> bool {
    matches!(p.status_at(today), Some(PromiseStatus::Open | PromiseStatus::Broken))
}

/// Whether scoring on `today` looks at requirement `r`: a P0 or P1 raised by then
/// (`requirement_stalled` judges no other).
pub fn requirement_scored_on(r: &Requirement, today: NaiveDate) -> bool {
    matches!(r.level, ReqLevel::P0 | ReqLevel::P1) && r.raised_on <= today
}

/// Leaves of `r`'s history the one transition scoring on `today` reads: the last dated on
/// or before the day, which gives its status then and since when (`status_at`,
/// `status_since`). A requirement's history is most of a full recompute's rows otherwise.
pub fn keep_scored_history(r: &mut Requirement, today: NaiveDate) {
    match r.history.iter().rposition(|t| t.at.date() <= today) {
        Some(last) => {
            r.history.drain(..last);
            r.history.truncate(1);
        }
        None => r.history.clear(),
    }
}
