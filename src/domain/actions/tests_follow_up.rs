//! The follow-up rules: promises, requirement steps, complaints, milestones.

use super::*;
use crate::domain::risk::testkit::*;
use crate::domain::*;
use chrono::{Duration, NaiveDateTime};
use proptest::prelude::*;

fn at(h: u32) -> NaiveDateTime {
    today().and_hms_opt(h, 0, 0).unwrap()
}

#[test]
fn a_settled_promise_dates_its_status_and_a_reopened_one_counts_from_when_it_was_made() {
    let p = promise(3, PromiseStatus::Open, days_ago(300), None);
    let kept = set_promise_status(&p, PromiseStatus::Kept, today());
    assert_eq!((kept.status, kept.status_on), (PromiseStatus::Kept, today()));
    assert_eq!(kept.version, p.version, "the store bumps the version when it saves");
    let broken = set_promise_status(&kept, PromiseStatus::Broken, days_ago(1));
    assert_eq!((broken.status, broken.status_on), (PromiseStatus::Broken, days_ago(1)));
    let reopened = set_promise_status(&broken, PromiseStatus::Open, today());
    assert_eq!((reopened.status, reopened.status_on), (PromiseStatus::Open, p.made_on));
    assert_eq!(set_promise_status(&p, PromiseStatus::Withdrawn, today()).status_on, today());
}

#[test]
fn a_requirement_moves_one_step_and_records_it() {
    let r = requirement(4, ReqLevel::P1, days_ago(30));
    let moved = move_requirement(&r, ReqStatus::Analysed, at(10), "王总 confirmed 🚀", None).unwrap();
    assert_eq!(moved.requirement.status, ReqStatus::Analysed);
    assert_eq!(moved.requirement.history, r.history, "the history is rows the store writes");
    let step = moved.step;
    assert_eq!(step.id, 0);
    assert_eq!((step.requirement_id, step.status, step.at), (r.id, ReqStatus::Analysed, at(10)));
    assert_eq!(step.note, "王总 confirmed 🚀");
}

#[test]
fn a_step_never_goes_before_the_last_one_recorded() {
    let r = requirement(4, ReqLevel::P1, days_ago(30));
    // Another machine's clock was ahead: the step takes the last one's time.
    let later = move_requirement(&r, ReqStatus::Analysed, at(10), "", Some(at(11))).unwrap();
    assert_eq!(later.step.at, at(11));
    let same = move_requirement(&r, ReqStatus::Analysed, at(10), "", Some(at(10))).unwrap();
    assert_eq!(same.step.at, at(10));
    let earlier = move_requirement(&r, ReqStatus::Analysed, at(10), "", Some(at(9))).unwrap();
    assert_eq!(earlier.step.at, at(10));
}

#[test]
fn a_requirement_refuses_a_skipped_step_and_anything_after_its_loop_ended() {
    let mut r = requirement(4, ReqLevel::P1, days_ago(30));
    let skip = move_requirement(&r, ReqStatus::Scheduled, at(10), "", None);
    assert_eq!(skip, Err(ActionError::BadMove { from: ReqStatus::Collected, to: ReqStatus::Scheduled }));
    r.status = ReqStatus::Closed;
    let reject = move_requirement(&r, ReqStatus::Rejected, at(10), "no", None);
    assert_eq!(reject, Err(ActionError::BadMove { from: ReqStatus::Closed, to: ReqStatus::Rejected }));
    r.status = ReqStatus::Delivered;
    assert!(move_requirement(&r, ReqStatus::Rejected, at(10), "late", None).is_ok());
}

#[test]
fn a_complaint_is_resolved_once_never_before_it_was_raised() {
    let x = complaint(5, at(12));
    let done = resolve_complaint(&x, at(14), Some(ComplaintCause::Outage), "alerting 告警").unwrap();
    assert_eq!(done.resolved_at, Some(at(14)));
    assert_eq!((done.cause, done.improvement.as_str()), (Some(ComplaintCause::Outage), "alerting 告警"));
    // Resolved "before" it was raised (a clock behind): it counts as resolved when raised.
    let early = resolve_complaint(&x, at(9), None, "").unwrap();
    assert_eq!(early.resolved_at, Some(at(12)));
    assert_eq!(resolve_complaint(&done, at(15), None, ""), Err(ActionError::AlreadyResolved { id: x.id }));
}

#[test]
fn a_known_cause_is_kept_when_none_is_given() {
    let mut x = complaint(5, at(12));
    x.cause = Some(ComplaintCause::Billing);
    assert_eq!(resolve_complaint(&x, at(14), None, "").unwrap().cause, Some(ComplaintCause::Billing));
    let other = resolve_complaint(&x, at(14), Some(ComplaintCause::Service), "").unwrap();
    assert_eq!(other.cause, Some(ComplaintCause::Service));
}

#[test]
fn a_milestone_is_done_or_skipped_on_a_day_and_pending_again_without_one() {
    let m = milestone(6, MilestoneKind::Qbr, days_ago(3));
    let done = complete_milestone(&m, MilestoneStatus::Done, today(), "value report sent");
    assert_eq!(
        (done.status, done.done_on, done.note.as_str()),
        (MilestoneStatus::Done, Some(today()), "value report sent")
    );
    let skipped = complete_milestone(&m, MilestoneStatus::Skipped, days_ago(1), "");
    assert_eq!((skipped.status, skipped.done_on), (MilestoneStatus::Skipped, Some(days_ago(1))));
    let back = complete_milestone(&done, MilestoneStatus::Pending, today(), "");
    assert_eq!((back.status, back.done_on, back.note.as_str()), (MilestoneStatus::Pending, None, ""));
}

/// The Activation milestone done records the account's activation day, once: skipped,
/// another kind, or an account activated already, changes nothing.
#[test]
fn activation_done_records_the_day_the_account_was_activated() {
    let mut account = healthy().account;
    account.activated_on = None;
    let m = milestone(7, MilestoneKind::Activation, days_ago(10));
    let done = complete_milestone(&m, MilestoneStatus::Done, days_ago(2), "客户已启用 🚀");
    let a = activation_recorded(&account, &done).expect("activated");
    assert_eq!(a, Account { activated_on: Some(days_ago(2)), ..account.clone() });
    let skipped = complete_milestone(&m, MilestoneStatus::Skipped, days_ago(2), "");
    assert_eq!(activation_recorded(&account, &skipped), None);
    let other = complete_milestone(
        &milestone(8, MilestoneKind::NoHowTo, days_ago(10)),
        MilestoneStatus::Done,
        today(),
        "",
    );
    assert_eq!(activation_recorded(&account, &other), None);
    let already = Account { activated_on: Some(days_ago(40)), ..account };
    assert_eq!(activation_recorded(&already, &done), None, "the day recorded first stays");
}

#[test]
fn a_promise_may_fall_due_on_the_day_it_was_made_not_the_day_before() {
    let p = promise(6, PromiseStatus::Open, days_ago(300), None);
    assert_eq!(reschedule_promise(&p, p.made_on).unwrap().due, Some(p.made_on));
    let early = p.made_on - Duration::days(1);
    assert_eq!(
        reschedule_promise(&p, early),
        Err(ActionError::DueBeforeMade { id: 6, made_on: p.made_on, due: early })
    );
}

fn any_status() -> impl Strategy<Value = ReqStatus> {
    proptest::sample::select(ReqStatus::ALL)
}

proptest! {
    // A move is accepted exactly when the loop allows it, and its step is never before
    // the last one recorded nor before the time asked.
    #[test]
    fn requirement_moves_follow_the_loop_and_steps_stay_in_order(
        from in any_status(), to in any_status(), asked in -600i64..600, last in proptest::option::of(-600i64..600),
    ) {
        let mut r = requirement(4, ReqLevel::P2, days_ago(30));
        r.status = from;
        let asked = at(12) + Duration::minutes(asked);
        let last = last.map(|m| at(12) + Duration::minutes(m));
        match move_requirement(&r, to, asked, "", last) {
            Ok(m) => {
                prop_assert!(from.can_move_to(to));
                prop_assert_eq!(m.requirement.status, to);
                prop_assert!(m.step.at >= asked && last.is_none_or(|l| m.step.at >= l));
                prop_assert!(m.step.at == asked || Some(m.step.at) == last);
            }
            Err(e) => {
                prop_assert!(!from.can_move_to(to));
                prop_assert_eq!(e, ActionError::BadMove { from, to });
            }
        }
    }

    // An open complaint is resolved at the later of the two times; a resolved one never again.
    #[test]
    fn complaints_resolve_once_and_never_before_raised(raised in -600i64..600, asked in -600i64..600, resolved in any::<bool>()) {
        let mut x = complaint(5, at(12) + Duration::minutes(raised));
        if resolved {
            x.resolved_at = Some(x.raised_at);
        }
        let asked = at(12) + Duration::minutes(asked);
        match resolve_complaint(&x, asked, None, "") {
            Ok(done) => {
                prop_assert!(!resolved);
                prop_assert_eq!(done.resolved_at, Some(asked.max(x.raised_at)));
            }
            Err(e) => {
                prop_assert!(resolved);
                prop_assert_eq!(e, ActionError::AlreadyResolved { id: x.id });
            }
        }
    }

    // An open promise moves to any day from the one it was made on; an earlier day, or a
    // settled promise, is refused and nothing else changes.
    #[test]
    fn a_promise_falls_due_on_or_after_the_day_it_was_made(made in -400i64..0, to in -500i64..200, open in any::<bool>()) {
        let status = if open { PromiseStatus::Open } else { PromiseStatus::Kept };
        let made_on = today() + Duration::days(made);
        let p = Promise { made_on, ..promise(6, status, made_on, Some(made_on + Duration::days(30))) };
        let due = today() + Duration::days(to);
        match reschedule_promise(&p, due) {
            Ok(moved) => {
                prop_assert!(open && due >= p.made_on);
                prop_assert_eq!(moved, Promise { due: Some(due), ..p });
            }
            Err(ActionError::NotDue { kind, id }) => prop_assert_eq!((open, kind, id), (false, RowKind::Promise, 6)),
            Err(e) => {
                prop_assert!(open && due < p.made_on, "{:?}", e);
                prop_assert_eq!(e, ActionError::DueBeforeMade { id: 6, made_on: p.made_on, due });
            }
        }
    }
}
