//! Follow-up tasks (跟进任务): the next step of a call ("send the quote before 12/2") kept
//! as a dated record so the agenda brings it back on its day.
//!
//! Snoozing is not a status: a snoozed task is an open task whose due date moved (the agenda
//! shows it again on that day, which is all a "snoozed" flag would mean, and one date is
//! one thing to keep right). A task ends `done`, or `skipped` with the reason in its note.

use super::account::{AccountId, ContactId, TaskId, TouchpointId};
use super::choice::choice;
use super::records::Touchpoint;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice! {
    /// Where a task stands.
    TaskStatus "task status" {
        // HubSpot's task statuses besides "Completed": a task not done is open.
        Open = "open" ["todo", "pending", "not started", "in progress", "waiting", "deferred", "待办", "进行中"],
        Done = "done" ["completed", "closed", "已完成", "完成"],
        Skipped = "skipped" ["dropped", "cancelled", "canceled", "已跳过", "取消"],
    }
}

choice! {
    /// Where a task was created (`created_from`).
    TaskOrigin "task origin" {
        Manual = "manual" ["form", "手动"],
        Touchpoint = "touchpoint" ["next step", "下一步"],
        Agenda = "agenda" ["日程"],
        Palette = "palette" ["command", "命令"],
    }
}

impl TaskStatus {
    pub fn is_open(self) -> bool {
        self == TaskStatus::Open
    }
}

/// A follow-up task on an account, maybe with one of its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub account_id: AccountId,
    pub contact_id: Option<ContactId>,
    /// What to do; may span lines.
    pub title: String,
    pub due: NaiveDate,
    pub status: TaskStatus,
    /// When it was done or skipped (None while open).
    pub done_on: Option<NaiveDate>,
    pub created_from: TaskOrigin,
    /// The touchpoint whose next step it is (`created_from` = touchpoint).
    pub touchpoint_id: Option<TouchpointId>,
    pub created_on: NaiveDate,
    /// Why it was skipped, or anything else worth keeping beside the title.
    pub note: String,
    pub version: i64,
}

impl Task {
    /// Open at the end of `date`: created by then and not closed by then.
    pub fn open_at(&self, date: NaiveDate) -> bool {
        self.created_on <= date && self.done_on.is_none_or(|d| d > date)
    }

    /// A new open task (the store assigns the id).
    pub fn new(
        account_id: AccountId,
        title: &str,
        due: NaiveDate,
        from: TaskOrigin,
        today: NaiveDate,
    ) -> Task {
        Task {
            id: TaskId(0),
            account_id,
            contact_id: None,
            title: title.to_string(),
            due,
            status: TaskStatus::Open,
            done_on: None,
            created_from: from,
            touchpoint_id: None,
            created_on: today,
            note: String::new(),
            version: 0,
        }
    }
}

/// The task a touchpoint's "next step" becomes: same account and contact, created from it
/// on its date. None when the step is blank (nothing to follow up).
pub fn next_step(t: &Touchpoint, title: &str, due: NaiveDate) -> Option<Task> {
    if title.trim().is_empty() {
        return None;
    }
    let mut task = Task::new(t.account_id, title, due, TaskOrigin::Touchpoint, t.date);
    task.contact_id = t.contact_id;
    task.touchpoint_id = (t.id.0 != 0).then_some(t.id);
    Some(task)
}

/// Done or skipped on `on` (back to open clears the day); a skip's reason is kept in the
/// note, after what was there.
pub fn close_task(t: &Task, status: TaskStatus, on: NaiveDate, reason: &str) -> Task {
    let mut t = t.clone();
    t.status = status;
    t.done_on = (!status.is_open()).then_some(on);
    let reason = reason.trim();
    if !reason.is_empty() {
        t.note = if t.note.is_empty() { reason.to_string() } else { format!("{}\n{reason}", t.note) };
    }
    t
}

/// An open task moved to `due` (snoozed or rescheduled); None for a closed one.
pub fn reschedule_task(t: &Task, due: NaiveDate) -> Option<Task> {
    if !t.status.is_open() {
        return None;
    }
    let mut t = t.clone();
    t.due = due;
    Some(t)
}

/// The open tasks of a list, soonest first (ties by id): what the activity tab, the
/// handover sheet and the value report show.
pub fn open_tasks(tasks: &[Task]) -> Vec<&Task> {
    let mut open: Vec<&Task> = tasks.iter().filter(|t| t.status.is_open()).collect();
    open.sort_by_key(|t| (t.due, t.id));
    open
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::choice::Choice;
    use crate::domain::kinds::TouchKind;
    use proptest::prelude::*;

    fn d(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap() + chrono::Duration::days(n)
    }

    fn task(status: TaskStatus, due: i64, id: i64) -> Task {
        let mut t =
            Task::new(AccountId(1), "成都天府云图信息技术有限公司 🚀 报价", d(due), TaskOrigin::Manual, d(0));
        t.id = TaskId(id);
        t.status = status;
        t.done_on = (!status.is_open()).then_some(d(0));
        t
    }

    fn any_status() -> impl Strategy<Value = TaskStatus> {
        proptest::sample::select(TaskStatus::ALL)
    }

    proptest! {
        // Closing sets the day exactly when the task leaves `open`, and changes nothing else
        // but the note (which only grows).
        #[test]
        fn closing_sets_the_day_iff_closed(from in any_status(), to in any_status(), on in -400i64..400,
                                           reason in "\\PC{0,12}") {
            let t = task(from, 3, 7);
            let c = close_task(&t, to, d(on), &reason);
            prop_assert_eq!(c.status, to);
            prop_assert_eq!(c.done_on.is_some(), !to.is_open());
            if !to.is_open() { prop_assert_eq!(c.done_on, Some(d(on))); }
            prop_assert!(c.note.starts_with(&t.note));
            prop_assert_eq!((c.id, c.account_id, c.due, &c.title, c.version), (t.id, t.account_id, t.due, &t.title, t.version));
        }

        // Only an open task moves, and only its due date changes.
        #[test]
        fn only_open_tasks_move(s in any_status(), due in -400i64..400) {
            let t = task(s, 3, 7);
            match reschedule_task(&t, d(due)) {
                Some(m) => { prop_assert!(s.is_open()); prop_assert_eq!(m.due, d(due)); prop_assert_eq!(Task { due: t.due, ..m }, t); }
                None => prop_assert!(!s.is_open()),
            }
        }

        // Open tasks come soonest first, and none is lost or closed.
        #[test]
        fn open_tasks_are_sorted_and_complete(list in proptest::collection::vec((any_status(), -50i64..50), 0..20)) {
            let tasks: Vec<Task> = list.iter().enumerate().map(|(i, (s, due))| task(*s, *due, i as i64 + 1)).collect();
            let open = open_tasks(&tasks);
            prop_assert_eq!(open.len(), tasks.iter().filter(|t| t.status.is_open()).count());
            prop_assert!(open.windows(2).all(|w| (w[0].due, w[0].id) <= (w[1].due, w[1].id)));
        }
    }

    #[test]
    fn a_next_step_becomes_a_task_of_the_touchpoint() {
        let tp = Touchpoint {
            id: TouchpointId(9),
            account_id: AccountId(4),
            date: d(0),
            kind: TouchKind::Call,
            contact_id: Some(ContactId(2)),
            note: "call".into(),
            version: 1,
        };
        assert_eq!(next_step(&tp, "  \n ", d(3)), None);
        let t = next_step(&tp, "send the quote", d(10)).unwrap();
        assert_eq!(
            (t.account_id, t.contact_id, t.touchpoint_id),
            (AccountId(4), Some(ContactId(2)), Some(TouchpointId(9)))
        );
        assert_eq!(
            (t.due, t.created_on, t.created_from, t.status),
            (d(10), d(0), TaskOrigin::Touchpoint, TaskStatus::Open)
        );
    }

    #[test]
    fn open_at_counts_from_creation_until_the_day_it_closed() {
        let mut t = task(TaskStatus::Open, 5, 1);
        t.created_on = d(0);
        assert!(!t.open_at(d(-1)), "not yet created");
        assert!(t.open_at(d(0)) && t.open_at(d(400)), "open for good while open");
        let t = close_task(&t, TaskStatus::Done, d(3), "");
        assert!(t.open_at(d(2)), "the day before it was done");
        assert!(!t.open_at(d(3)), "closed at the end of the day it was done");
    }

    #[test]
    fn a_skip_keeps_its_reason_and_reopening_clears_the_day() {
        let t = close_task(&task(TaskStatus::Open, 1, 1), TaskStatus::Skipped, d(2), " customer on leave ");
        assert_eq!((t.note.as_str(), t.done_on), ("customer on leave", Some(d(2))));
        let t = close_task(&t, TaskStatus::Skipped, d(3), "again");
        assert_eq!(t.note, "customer on leave\nagain");
        assert_eq!(close_task(&t, TaskStatus::Open, d(4), "").done_on, None);
        assert_eq!(TaskStatus::parse("已完成").unwrap(), TaskStatus::Done);
    }
}
