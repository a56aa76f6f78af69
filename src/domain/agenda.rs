//! What is due across the portfolio: playbook milestones, promises due, stalled
//! requirements, complaints near their 24-hour limit, follow-up tasks and the open term's
//! renewal date. Overdue first.

use super::account::AccountId;
use super::choice::choice;
use super::facts::AccountFacts;
use super::kinds::{ChurnReason, PromiseStatus, ReqLevel, ReqStatus};
use super::milestone::{Milestone, MilestoneKind, MilestoneStatus};
use super::referral_moments::{GoodMoment, referral_suggestion};
use super::term::TermOutcome;
use super::winback::Candidate;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

choice! {
    /// What kind of thing is due (`win_back`: a churned account whose named cause has
    /// since been delivered, see `winback`).
    AgendaKind "agenda kind" {
        Milestone = "milestone" [],
        Promise = "promise" [],
        Requirement = "requirement" [],
        Complaint = "complaint" [],
        Task = "task" [],
        // The open term's end: the renewal itself.
        Renewal = "renewal" [],
        WinBack = "win_back" ["win back", "挽回"],
        // An open referral that has not moved for `referral::FOLLOW_UP_DAYS`.
        Referral = "referral" ["转介绍"],
        // A good moment this quarter: consider asking for a referral (see `referral_moments`).
        ReferralAsk = "referral_ask" ["ask referral", "邀请转介绍"],
    }
}

choice! {
    AgendaStatus "agenda status" {
        Overdue = "overdue" [],
        Due = "due" [],
        Upcoming = "upcoming" [],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub date: NaiveDate,
    pub kind: AgendaKind,
    pub status: AgendaStatus,
    pub account_id: AccountId,
    /// The id of the milestone / promise / requirement / complaint.
    pub item_id: i64,
    /// The record's version when read (acting on it from the agenda is version-checked).
    pub version: i64,
    /// For milestones, which one (its title comes from i18n).
    pub milestone: Option<MilestoneKind>,
    /// The item's own text (promise, requirement title, complaint summary).
    pub text: String,
    /// A requirement's next step along its loop ("done" from the agenda moves it there).
    pub next: Option<ReqStatus>,
    /// A win-back item's churn: when, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn: Option<(NaiveDate, ChurnReason)>,
    /// A referral suggestion's good moment and its day (the item's id is the quarter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moment: Option<(GoodMoment, NaiveDate)>,
    /// A milestone's identity that outlives its row: the account, kind and playbook date
    /// (`playbook_derive::derived_id`) it stands for; its id changes when it is decided.
    /// A calendar event is named by it, so a snooze updates the event, not adds one.
    #[serde(skip)]
    pub stands_for: Option<i64>,
    /// A renewal countdown step's renewal date (`counts_down_to`): a snooze past it is
    /// warned about.
    #[serde(skip)]
    pub renewal: Option<NaiveDate>,
}

/// How old an open requirement may get before it counts as stalled.
#[derive(Debug, Clone, Copy)]
pub struct StallLimits {
    pub p0_days: i64,
    pub p1_days: i64,
}

fn status_of(date: NaiveDate, today: NaiveDate) -> AgendaStatus {
    match date.cmp(&today) {
        std::cmp::Ordering::Less => AgendaStatus::Overdue,
        std::cmp::Ordering::Equal => AgendaStatus::Due,
        std::cmp::Ordering::Greater => AgendaStatus::Upcoming,
    }
}

fn churned(f: &AccountFacts) -> bool {
    matches!(f.terms.last().and_then(|t| t.outcome.as_ref()), Some(TermOutcome::Churned { .. }))
}

/// Whether `m` is the open term's "T-0: renewal outcome", which only recording the outcome
/// closes (the agenda lists the renewal instead; done or skipped by hand, it read "T-0 Done"
/// beside a renewal never recorded).
pub fn is_the_renewal(f: &AccountFacts, m: &Milestone) -> bool {
    let open_end = f.terms.last().filter(|t| t.outcome.is_none()).map(|t| t.end);
    m.kind == MilestoneKind::T0 && Some(m.due) == open_end
}

/// The renewal date a countdown step (T-90 … T-0) counts down to: the end of the first
/// term ending on or after the day the playbook gave it (a snooze moves its due date, not
/// that day). None for other milestones.
pub fn counts_down_to(f: &AccountFacts, m: &Milestone) -> Option<NaiveDate> {
    let given = m.origin.unwrap_or(m.due);
    let ends = f.terms.iter().map(|t| t.end).filter(|end| *end >= given);
    ends.min().filter(|_| m.kind.is_countdown())
}

/// The agenda of one account from `now` up to `days` ahead (overdue items always).
pub fn account_agenda(
    f: &AccountFacts,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
) -> Vec<AgendaItem> {
    let today = now.date();
    let horizon = today + Duration::days(days.max(0));
    let mut out = Vec::new();
    let item = |date, kind, (item_id, version), milestone, text: &str| AgendaItem {
        date,
        kind,
        status: status_of(date, today),
        account_id: f.account.id,
        item_id,
        version,
        milestone,
        text: text.to_string(),
        next: None,
        churn: None,
        moment: None,
        stands_for: None,
        renewal: None,
    };
    // A task is a step the CSM set themselves, still to do when the account has churned (a
    // win-back call, a last invoice): it is listed whatever the account's state. It was
    // dropped with the rest, saved and never seen again (helper's trial, session 21).
    for t in f.tasks.iter().filter(|t| t.status.is_open() && t.due <= horizon) {
        out.push(item(t.due, AgendaKind::Task, (t.id.0, t.version), None, &t.title));
    }
    // The playbook's own steps end with the customer.
    if churned(f) {
        return out;
    }
    // The open term's "T-0: renewal outcome" is the renewal item below, on the same day:
    // listed as both, the one fact read as two things to do, and `D` on the milestone
    // closed it with no outcome recorded (CSM trial, session 22).
    for m in f.milestones.iter().filter(|m| m.status == MilestoneStatus::Pending && m.due <= horizon) {
        if is_the_renewal(f, m) {
            continue;
        }
        let stands_for = m.origin.map(|o| super::playbook_derive::derived_id(f.account.id, m.kind, o).0);
        out.push(AgendaItem {
            stands_for,
            renewal: counts_down_to(f, m),
            ..item(m.due, AgendaKind::Milestone, (m.id.0, m.version), Some(m.kind), "")
        });
    }
    for p in &f.promises {
        if let (PromiseStatus::Open, Some(due)) = (p.status, p.due)
            && due <= horizon
        {
            out.push(item(due, AgendaKind::Promise, (p.id.0, p.version), None, &p.text));
        }
    }
    for r in f.requirements.iter().filter(|r| r.status.is_open()) {
        let limit = match r.level {
            ReqLevel::P0 => stall.p0_days,
            ReqLevel::P1 => stall.p1_days,
            _ => continue,
        };
        // Stalled = no step along the loop for `limit` days: a step taken (from the agenda's
        // "done", say) puts it off until the limit has passed again.
        let stalls_on = r.status_since(today) + Duration::days(limit);
        if stalls_on <= horizon {
            let mut it = item(stalls_on, AgendaKind::Requirement, (r.id.0, r.version), None, &r.title);
            it.next = r.status.next();
            out.push(it);
        }
    }
    for r in &f.referrals {
        if let Some(on) = r.follow_up_on().filter(|on| *on <= horizon) {
            out.push(item(on, AgendaKind::Referral, (r.id.0, r.version), None, &r.prospect));
        }
    }
    if let Some(s) = referral_suggestion(f, today) {
        // A suggestion is not late: it stands, due today, until the quarter ends.
        let mut it = item(today, AgendaKind::ReferralAsk, (s.quarter, 0), None, "");
        it.moment = Some((s.kind, s.on));
        out.push(it);
    }
    // The renewal: the open term's end (an ended term with no outcome recorded is overdue).
    if let Some(term) = f.terms.last().filter(|t| t.outcome.is_none() && t.end <= horizon) {
        out.push(item(term.end, AgendaKind::Renewal, (term.id.0, term.version), None, ""));
    }
    for c in f.complaints.iter().filter(|c| c.resolved_at.is_none() && c.raised_at <= now) {
        let deadline = c.raised_at + Duration::hours(24);
        let mut it = item(deadline.date(), AgendaKind::Complaint, (c.id.0, c.version), None, &c.summary);
        // A complaint is judged to the hour: past 24 h is overdue even on the same day.
        it.status = if deadline < now { AgendaStatus::Overdue } else { AgendaStatus::Due };
        out.push(it);
    }
    out
}

/// A win-back candidate as an agenda item, dated from the delivery of its cause (or the
/// day its churn reason was fixed: then its text is empty); its id and version are the
/// churned term's (the last one).
pub fn win_back_item(f: &AccountFacts, c: &Candidate, today: NaiveDate) -> Option<AgendaItem> {
    let t = f.terms.last()?;
    Some(AgendaItem {
        date: c.since,
        kind: AgendaKind::WinBack,
        status: status_of(c.since, today),
        account_id: c.account_id,
        item_id: t.id.0,
        version: t.version,
        milestone: None,
        text: c.requirement.clone().unwrap_or_default(),
        next: None,
        churn: Some((c.churned_on, c.reason)),
        moment: None,
        stands_for: None,
        renewal: None,
    })
}

/// The whole portfolio's agenda: overdue first, then due, then upcoming; by date within.
pub fn agenda(all: &[AccountFacts], now: NaiveDateTime, days: i64, stall: StallLimits) -> Vec<AgendaItem> {
    let mut out: Vec<AgendaItem> = all.iter().flat_map(|f| account_agenda(f, now, days, stall)).collect();
    sort_agenda(&mut out);
    out
}

/// The agenda's order: overdue first, then due, then upcoming; by date within.
pub fn sort_agenda(out: &mut [AgendaItem]) {
    sort_agenda_by(out, |i| i);
}

/// `sort_agenda` for rows that each carry an item (`item` finds it).
pub fn sort_agenda_by<T>(out: &mut [T], item: impl Fn(&T) -> &AgendaItem) {
    out.sort_by(|a, b| {
        let (a, b) = (item(a), item(b));
        (a.status, a.date, a.account_id, a.kind, a.item_id).cmp(&(
            b.status,
            b.date,
            b.account_id,
            b.kind,
            b.item_id,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use chrono::NaiveTime;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

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
            version: 1,
        });
        f
    }

    const STALL: StallLimits = StallLimits { p0_days: 7, p1_days: 30 };

    #[test]
    fn statuses_and_order() {
        let mut f = facts();
        f.milestones = playbook::generate(&f.account, &f.terms);
        f.promises.push(Promise {
            id: PromiseId(3),
            account_id: AccountId(7),
            text: "WeCom integration".into(),
            made_by: "Sales".into(),
            made_on: d(1, 1),
            due: Some(d(11, 22)),
            status: PromiseStatus::Open,
            status_on: d(1, 1),
            version: 1,
        });
        let now = d(11, 22).and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        let items = agenda(&[f], now, 7, STALL);
        assert!(!items.is_empty());
        assert_eq!(items[0].status, AgendaStatus::Overdue);
        let promise = items.iter().find(|i| i.kind == AgendaKind::Promise).unwrap();
        assert_eq!(promise.status, AgendaStatus::Due);
        assert!(items.iter().all(|i| i.date <= d(11, 29)));
        let statuses: Vec<_> = items.iter().map(|i| i.status).collect();
        let mut sorted = statuses.clone();
        sorted.sort();
        assert_eq!(statuses, sorted);
    }

    #[test]
    fn open_tasks_and_the_renewal_are_on_the_agenda_closed_tasks_are_not() {
        let mut f = facts();
        let today = d(11, 22);
        let mut t = Task::new(AccountId(7), "send the quote", d(11, 25), TaskOrigin::Touchpoint, today);
        t.id = TaskId(4);
        t.version = 2;
        let mut done = t.clone();
        done.id = TaskId(5);
        done.status = TaskStatus::Done;
        done.done_on = Some(today);
        f.tasks = vec![t, done];
        let now = today.and_time(NaiveTime::MIN);
        assert!(agenda(std::slice::from_ref(&f), now, 0, STALL).is_empty(), "due in 3 days: not today");
        let week = agenda(std::slice::from_ref(&f), now, 7, STALL);
        assert_eq!(week.len(), 1);
        assert_eq!((week[0].kind, week[0].item_id, week[0].version), (AgendaKind::Task, 4, 2));
        assert_eq!(
            (week[0].date, week[0].status, week[0].text.as_str()),
            (d(11, 25), AgendaStatus::Upcoming, "send the quote")
        );
        let year = agenda(std::slice::from_ref(&f), now, 60, STALL);
        let renewal = year.iter().find(|i| i.kind == AgendaKind::Renewal).unwrap();
        assert_eq!((renewal.date, renewal.item_id), (d(12, 31), 1));
        // A term past its end with no outcome is an overdue renewal.
        let late =
            agenda(&[f], NaiveDate::from_ymd_opt(2027, 1, 4).unwrap().and_time(NaiveTime::MIN), 0, STALL);
        assert!(late.iter().any(|i| i.kind == AgendaKind::Renewal && i.status == AgendaStatus::Overdue));
    }

    #[test]
    fn complaint_is_overdue_after_24_hours_to_the_hour() {
        let mut f = facts();
        let raised = d(11, 21).and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap());
        f.complaints.push(Complaint {
            id: ComplaintId(1),
            account_id: AccountId(7),
            raised_at: raised,
            severity: Severity::High,
            summary: "outage".into(),
            cause: None,
            resolved_at: None,
            improvement: String::new(),
            version: 1,
        });
        let at = |h| agenda(std::slice::from_ref(&f), raised + Duration::hours(h), 0, STALL)[0].status;
        assert_eq!(at(23), AgendaStatus::Due);
        assert_eq!(at(25), AgendaStatus::Overdue);
    }

    #[test]
    fn stalled_requirement_appears_from_its_limit() {
        let mut f = facts();
        f.requirements.push(Requirement {
            id: RequirementId(1),
            account_id: AccountId(7),
            title: "SSO".into(),
            requester: String::new(),
            category: ReqCategory::Feature,
            level: ReqLevel::P0,
            raised_on: d(11, 10),
            status: ReqStatus::Submitted,
            history: vec![],
            version: 1,
        });
        let now = d(11, 22).and_time(NaiveTime::MIN);
        let items = agenda(std::slice::from_ref(&f), now, 0, STALL);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].date, d(11, 17));
        assert_eq!(items[0].status, AgendaStatus::Overdue);
        assert_eq!(items[0].next, Some(ReqStatus::Scheduled), "done from the agenda: the next step");
        // A step taken today (the agenda's "done"): stalled again only 7 days on.
        f.requirements[0].history.push(ReqTransition {
            status: ReqStatus::Scheduled,
            at: now,
            note: String::new(),
        });
        f.requirements[0].status = ReqStatus::Scheduled;
        assert!(agenda(std::slice::from_ref(&f), now, 0, STALL).is_empty(), "off today's agenda");
        let week = agenda(&[f], now, 7, STALL);
        assert_eq!(week[0].date, d(11, 29));
    }
}

#[cfg(test)]
#[path = "tests_agenda.rs"]
mod tests_edges;
