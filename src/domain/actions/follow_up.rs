//! Follow-up actions on one record: a promise settled, a requirement's next step (or its
//! rejection), a complaint resolved, a playbook milestone done or skipped.

use super::ActionError;
use crate::domain::account::Account;
use crate::domain::change::{RowKind, TransitionRow};
use crate::domain::kinds::{ComplaintCause, PromiseStatus, ReqStatus};
use crate::domain::milestone::{Milestone, MilestoneKind, MilestoneStatus};
use crate::domain::records::{Complaint, Promise, Requirement};
use chrono::{NaiveDate, NaiveDateTime};

/// Kept, broken or withdrawn on `on`; reopened, it counts from when it was made again.
pub fn set_promise_status(p: &Promise, status: PromiseStatus, on: NaiveDate) -> Promise {
    let mut p = p.clone();
    p.status = status;
    p.status_on = if status.is_open() { p.made_on } else { on };
    p
}

/// A requirement moved, and the step to record in its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementStep {
    pub requirement: Requirement,
    pub step: TransitionRow,
}

/// One step along the closed loop, or to rejected (PLAYBOOK §7), at `at` with `note`.
/// `last` is the latest step already recorded: a step never goes before it (clocks
/// differ between machines).
pub fn move_requirement(
    r: &Requirement,
    to: ReqStatus,
    at: NaiveDateTime,
    note: &str,
    last: Option<NaiveDateTime>,
) -> Result<RequirementStep, ActionError> {
    if !r.status.can_move_to(to) {
        return Err(ActionError::BadMove { from: r.status, to });
    }
    let mut requirement = r.clone();
    requirement.status = to;
    let at = last.map_or(at, |l| l.max(at));
    let step = TransitionRow { id: 0, requirement_id: r.id, status: to, at, note: note.to_string() };
    Ok(RequirementStep { requirement, step })
}

/// Resolved at `at` (never before it was raised), with its cause (if newly known) and the
/// improvement made (PLAYBOOK §8). Once only.
pub fn resolve_complaint(
    x: &Complaint,
    at: NaiveDateTime,
    cause: Option<ComplaintCause>,
    improvement: &str,
) -> Result<Complaint, ActionError> {
    if x.resolved_at.is_some() {
        return Err(ActionError::AlreadyResolved { id: x.id });
    }
    let mut x = x.clone();
    x.resolved_at = Some(at.max(x.raised_at));
    x.cause = cause.or(x.cause);
    x.improvement = improvement.to_string();
    Ok(x)
}

/// Done or skipped on `on` (back to pending clears the day), with a note.
pub fn complete_milestone(m: &Milestone, status: MilestoneStatus, on: NaiveDate, note: &str) -> Milestone {
    let mut m = m.clone();
    m.status = status;
    m.done_on = (status != MilestoneStatus::Pending).then_some(on);
    m.note = note.to_string();
    m
}

/// The account once `done` is saved: its Activation milestone marked done records the day
/// it was activated (PLAYBOOK §3, activated by month 1; the activation rate counts
/// `activated_on`), unless a day is recorded already. None: nothing to change (marking it
/// done left "Activated: not activated" on the account; CSM trial, session 26).
pub fn activation_recorded(account: &Account, done: &Milestone) -> Option<Account> {
    (activates(done) && account.activated_on.is_none())
        .then(|| Account { activated_on: done.done_on, ..account.clone() })
}

/// Whether `done` may record its account's activation day (`activation_recorded`): the
/// store reads the account only then, not on every milestone completed.
pub fn activates(done: &Milestone) -> bool {
    done.kind == MilestoneKind::Activation && done.status == MilestoneStatus::Done
}

/// A pending milestone moved to `due` (snoozed or rescheduled from the agenda).
pub fn reschedule_milestone(m: &Milestone, due: NaiveDate) -> Result<Milestone, ActionError> {
    if m.status != MilestoneStatus::Pending {
        return Err(ActionError::NotDue { kind: RowKind::Milestone, id: m.id.0 });
    }
    let mut m = m.clone();
    m.due = due;
    Ok(m)
}

/// An open promise given a new due date (agreed again with the customer, PLAYBOOK §6),
/// on or after the day it was made.
pub fn reschedule_promise(p: &Promise, due: NaiveDate) -> Result<Promise, ActionError> {
    if !p.status.is_open() {
        return Err(ActionError::NotDue { kind: RowKind::Promise, id: p.id.0 });
    }
    if due < p.made_on {
        return Err(ActionError::DueBeforeMade { id: p.id.0, made_on: p.made_on, due });
    }
    let mut p = p.clone();
    p.due = Some(due);
    Ok(p)
}
