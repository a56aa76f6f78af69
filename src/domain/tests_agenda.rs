//! The agenda's edges that mutation testing found unguarded: a churned account's agenda,
//! P1 stall limits, resolved and exactly-24-hour complaints, and the win-back item.

use super::*;
use crate::domain::*;
use chrono::NaiveTime;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

const STALL: StallLimits = StallLimits { p0_days: 7, p1_days: 30 };

/// Account 7 (Chinese name) with one open term ending 2026-12-31 (term 1, version 3).
fn facts() -> AccountFacts {
    let mut a = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, d(1, 1));
    a.id = AccountId(7);
    let mut f = AccountFacts::new(a);
    f.terms.push(ContractTerm {
        id: TermId(1),
        account_id: AccountId(7),
        start: d(1, 1),
        end: d(12, 31),
        arr: Money::new(1, Currency::CNY),
        outcome: None,
        version: 3,
    });
    f
}

fn complaint(id: i64, raised_at: NaiveDateTime, resolved_at: Option<NaiveDateTime>) -> Complaint {
    Complaint {
        id: ComplaintId(id),
        account_id: AccountId(7),
        raised_at,
        severity: Severity::High,
        summary: "宕机 outage 🔥".into(),
        cause: None,
        resolved_at,
        improvement: String::new(),
        version: 1,
    }
}

fn churn(f: &mut AccountFacts) {
    f.terms[0].outcome = Some(TermOutcome::Churned {
        decided_on: d(6, 1),
        reason: ChurnReason::ProductFit,
        note: String::new(),
        because_of: None,
    });
}

/// A churned account is off the agenda but for its open tasks: the playbook's steps, the
/// renewal and the rest end with the customer (the win-back list is where it comes back),
/// a task the CSM set themselves does not (a win-back call set on a churned account was
/// saved and never listed anywhere: helper's trial, session 21).
#[test]
fn a_churned_account_keeps_only_its_open_tasks_on_the_agenda() {
    let mut f = facts();
    let today = d(11, 22);
    let mut t = Task::new(AccountId(7), "回访 call back", d(11, 1), TaskOrigin::Touchpoint, today);
    t.id = TaskId(4);
    let mut done = Task::new(AccountId(7), "sent", d(11, 2), TaskOrigin::Touchpoint, today);
    done.id = TaskId(5);
    done.status = TaskStatus::Done;
    f.tasks = vec![t, done];
    f.milestones = playbook::generate(&f.account, &f.terms);
    let now = today.and_time(NaiveTime::MIN);
    let before = account_agenda(&f, now, 60, STALL);
    assert!(before.iter().any(|i| i.kind == AgendaKind::Milestone), "{before:?}");
    assert!(before.iter().any(|i| i.kind == AgendaKind::Renewal), "{before:?}");
    churn(&mut f);
    let after = account_agenda(&f, now, 60, STALL);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        (after[0].kind, after[0].item_id, after[0].status),
        (AgendaKind::Task, 4, AgendaStatus::Overdue)
    );
}

/// A P1 requirement stalls after the P1 limit (30 days), not the P0 one; P2 never stalls.
#[test]
fn a_p1_requirement_stalls_after_its_own_limit() {
    let mut f = facts();
    let req = |id, level| Requirement {
        id: RequirementId(id),
        account_id: AccountId(7),
        title: "SSO 单点登录".into(),
        requester: String::new(),
        category: ReqCategory::Feature,
        level,
        raised_on: d(10, 1),
        status: ReqStatus::Submitted,
        history: vec![],
        version: 1,
    };
    f.requirements = vec![req(1, ReqLevel::P1), req(2, ReqLevel::P2)];
    let now = d(11, 22).and_time(NaiveTime::MIN);
    let items = account_agenda(&f, now, 0, STALL);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!((items[0].kind, items[0].item_id), (AgendaKind::Requirement, 1));
    assert_eq!((items[0].date, items[0].status), (d(10, 31), AgendaStatus::Overdue));
}

/// A resolved complaint is off the agenda; an open one is on it.
#[test]
fn a_resolved_complaint_is_off_the_agenda() {
    let mut f = facts();
    let raised = d(11, 21).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
    f.complaints = vec![complaint(1, raised, Some(raised + Duration::hours(2))), complaint(2, raised, None)];
    let items = account_agenda(&f, raised + Duration::hours(3), 0, STALL);
    let complaints: Vec<_> =
        items.iter().filter(|i| i.kind == AgendaKind::Complaint).map(|i| (i.kind, i.item_id)).collect();
    assert_eq!(complaints, [(AgendaKind::Complaint, 2)]);
    // Resolved within 24 hours: a good moment, so the one other item is the referral suggestion.
    let others: Vec<_> = items.iter().filter(|i| i.kind != AgendaKind::Complaint).map(|i| i.kind).collect();
    assert_eq!(others, [AgendaKind::ReferralAsk]);
}

/// At exactly 24 hours the complaint is due, not yet overdue: only past the limit is late.
#[test]
fn a_complaint_at_exactly_24_hours_is_still_due() {
    let mut f = facts();
    let raised = d(11, 21).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
    f.complaints = vec![complaint(1, raised, None)];
    let at = |h: i64, m: i64| {
        account_agenda(&f, raised + Duration::hours(h) + Duration::minutes(m), 0, STALL)[0].status
    };
    assert_eq!(at(24, 0), AgendaStatus::Due);
    assert_eq!(at(24, 1), AgendaStatus::Overdue);
}

/// The win-back item carries the churned term's id and version, the cause's title, the
/// churn's date and reason, and a status from its date.
#[test]
fn a_win_back_item_names_the_churned_term_and_its_cause() {
    let mut f = facts();
    churn(&mut f);
    let c = Candidate {
        account_id: AccountId(7),
        since: d(11, 22),
        requirement: Some("SSO 单点登录".into()),
        churned_on: d(6, 1),
        reason: ChurnReason::ProductFit,
    };
    let it = win_back_item(&f, &c, d(11, 22)).unwrap();
    assert_eq!((it.kind, it.status, it.date), (AgendaKind::WinBack, AgendaStatus::Due, d(11, 22)));
    assert_eq!((it.account_id, it.item_id, it.version), (AccountId(7), 1, 3));
    assert_eq!(it.text, "SSO 单点登录");
    assert_eq!(it.churn, Some((d(6, 1), ChurnReason::ProductFit)));
    assert_eq!(win_back_item(&f, &c, d(11, 23)).unwrap().status, AgendaStatus::Overdue);
    // No term at all: nothing to act on.
    let mut bare = f.clone();
    bare.terms.clear();
    assert_eq!(win_back_item(&bare, &c, d(11, 22)), None);
    // Back because the reason was fixed: no requirement, so no text.
    let fixed = Candidate { requirement: None, ..c };
    assert_eq!(win_back_item(&f, &fixed, d(11, 21)).unwrap().text, "");
}

/// A referral is listed once its follow-up falls within the horizon (14 days after it
/// reached its stage), not before: the edge day in, the day after out.
#[test]
fn a_referral_is_listed_from_its_follow_up_day_within_the_horizon() {
    let mut f = facts();
    let today = d(11, 22);
    let now = today.and_time(NaiveTime::MIN);
    let mut r = Referral::asked(AccountId(7), "四川蜀道物流集团", today);
    r.id = ReferralId(3);
    f.referrals = vec![r];
    let referrals = |f: &AccountFacts, days| {
        account_agenda(f, now, days, STALL).into_iter().filter(|i| i.kind == AgendaKind::Referral).count()
    };
    assert_eq!(referrals(&f, 14), 1, "its follow-up is on the horizon's last day");
    assert_eq!(referrals(&f, 13), 0, "a day beyond it");
}

fn pending(id: i64, kind: MilestoneKind, due: NaiveDate) -> Milestone {
    Milestone {
        id: MilestoneId(id),
        account_id: AccountId(7),
        kind,
        due,
        status: MilestoneStatus::Pending,
        done_on: None,
        note: String::new(),
        version: 1,
        origin: Some(due),
    }
}

/// The open term's "T-0: renewal outcome" is its renewal item, listed once: it was listed
/// beside "Contract term ends: record renewed or churned" on the same day, and `D` on it
/// closed the milestone with no outcome recorded (CSM trial, session 22). A T-0 moved off
/// the end (snoozed) and the term's other steps are listed as they were.
#[test]
fn the_open_terms_t0_is_its_renewal_item() {
    let mut f = facts();
    f.terms[0].end = d(11, 10);
    f.milestones = vec![pending(1, MilestoneKind::T0, d(11, 10)), pending(2, MilestoneKind::T30, d(10, 11))];
    let now = d(11, 22).and_time(NaiveTime::MIN);
    let kinds = |f: &AccountFacts| -> Vec<(AgendaKind, NaiveDate)> {
        account_agenda(f, now, 7, STALL).iter().map(|i| (i.kind, i.date)).collect()
    };
    assert_eq!(kinds(&f), [(AgendaKind::Milestone, d(10, 11)), (AgendaKind::Renewal, d(11, 10))]);
    f.milestones[0].due = d(11, 20);
    assert_eq!(
        kinds(&f),
        [
            (AgendaKind::Milestone, d(11, 20)),
            (AgendaKind::Milestone, d(10, 11)),
            (AgendaKind::Renewal, d(11, 10))
        ]
    );
    // Its outcome recorded, the term is not open: a T-0 still pending is listed.
    f.milestones[0].due = d(11, 10);
    f.terms[0].outcome =
        Some(TermOutcome::Renewed { decided_on: d(11, 12), new_arr: Money::new(1, Currency::CNY) });
    assert_eq!(kinds(&f), [(AgendaKind::Milestone, d(11, 10)), (AgendaKind::Milestone, d(10, 11))]);
}

/// A milestone item is named by the playbook date it stands for (its calendar event keeps
/// its UID when a snooze or a decision gives it another id); a row that stands for no date
/// has none.
#[test]
fn a_milestone_item_stands_for_its_playbook_date() {
    let mut f = facts();
    let snoozed = Milestone { due: d(11, 20), ..pending(5, MilestoneKind::T30, d(10, 11)) };
    let orphan = Milestone { origin: None, ..pending(6, MilestoneKind::T60, d(11, 1)) };
    f.milestones = vec![snoozed, orphan];
    let now = d(11, 22).and_time(NaiveTime::MIN);
    let items = account_agenda(&f, now, 7, STALL);
    let of = |id: i64| items.iter().find(|i| i.item_id == id).map(|i| i.stands_for);
    let want = crate::domain::playbook_derive::derived_id(f.account.id, MilestoneKind::T30, d(10, 11)).0;
    assert_eq!(of(5), Some(Some(want)));
    assert_eq!(of(6), Some(None));
}

/// A countdown step's item carries the renewal date it counts down to, snoozed past it or
/// not (the day the playbook gave it decides, not its due date); another milestone none.
#[test]
fn a_countdown_item_knows_its_renewal_date() {
    let mut f = facts();
    f.terms[0].end = d(11, 30);
    let snoozed = Milestone { due: d(12, 5), ..pending(5, MilestoneKind::T30, d(10, 31)) };
    let t60 = pending(6, MilestoneKind::T60, d(10, 1));
    let touch = pending(7, MilestoneKind::MonthlyTouch, d(11, 15));
    f.milestones = vec![snoozed, t60, touch];
    let now = d(11, 22).and_time(NaiveTime::MIN);
    let items = account_agenda(&f, now, 30, STALL);
    let of = |id: i64| items.iter().find(|i| i.item_id == id).map(|i| i.renewal);
    assert_eq!((of(5), of(6), of(7)), (Some(Some(d(11, 30))), Some(Some(d(11, 30))), Some(None)));
}
