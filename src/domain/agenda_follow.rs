//! Which agenda items a change touched, so the agenda can select the item an undo (or redo)
//! brought back. After `D` then `u` the agenda reselected by line, which landed on whatever
//! followed the line worked before, an unrelated item (CSM trial); the rows a change holds
//! name the item itself.

use super::agenda::{AgendaItem, AgendaKind};
use super::change::{Change, ChangeKind, Row, RowKind};
use super::playbook_derive::derived_id;

/// An agenda item a change names: its kind and id, and for a milestone the playbook step it
/// stands for (a derived milestone gets a new stored id once decided; undo brings back the
/// derived one, which only that step still names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef {
    pub kind: AgendaKind,
    pub id: i64,
    pub stands_for: Option<i64>,
}

impl ItemRef {
    /// Whether `item` is the one this names.
    pub fn names(&self, item: &AgendaItem) -> bool {
        item.kind == self.kind
            && (item.item_id == self.id
                || item.stands_for == Some(self.id)
                || self.stands_for.is_some_and(|s| item.item_id == s || item.stands_for == Some(s)))
    }
}

/// The agenda kind a stored row shows as, if any (a term's item is its renewal).
fn item_of(row: &Row) -> Option<ItemRef> {
    let plain = |kind, id| Some(ItemRef { kind, id, stands_for: None });
    match row {
        Row::Promise(r) => plain(AgendaKind::Promise, r.id.0),
        Row::Requirement(r) => plain(AgendaKind::Requirement, r.id.0),
        Row::Complaint(r) => plain(AgendaKind::Complaint, r.id.0),
        Row::Task(r) => plain(AgendaKind::Task, r.id.0),
        Row::Referral(r) => plain(AgendaKind::Referral, r.id.0),
        Row::Term(r) => plain(AgendaKind::Renewal, r.id.0),
        Row::Milestone(m) => Some(ItemRef {
            kind: AgendaKind::Milestone,
            id: m.id.0,
            stands_for: m.origin.map(|o| derived_id(m.account_id, m.kind, o).0),
        }),
        _ => None,
    }
}

/// The kind of row the user acted on (a requirement's step also writes a transition, a
/// renewal regenerates milestones: those are not what was done).
fn acted_on(kind: ChangeKind) -> Option<RowKind> {
    match kind {
        ChangeKind::Created(k) | ChangeKind::Updated(k) | ChangeKind::Deleted(k) => Some(k),
        ChangeKind::Rescheduled(k) => Some(k),
        ChangeKind::Promise(_) => Some(RowKind::Promise),
        ChangeKind::Task(_) => Some(RowKind::Task),
        ChangeKind::Requirement(_) => Some(RowKind::Requirement),
        ChangeKind::ComplaintResolved => Some(RowKind::Complaint),
        ChangeKind::Milestone(_) => Some(RowKind::Milestone),
        ChangeKind::Renewed(_) | ChangeKind::Churned => Some(RowKind::Term),
        ChangeKind::Forecast | ChangeKind::Reference | ChangeKind::WonBack => None,
    }
}

/// The agenda items `change` touched, the rows of the kind acted on first, each once.
pub fn items_of(change: &Change) -> Vec<ItemRef> {
    let primary = acted_on(change.kind);
    let rows = change.before.iter().chain(&change.after);
    let mut out: Vec<(bool, ItemRef)> = Vec::new();
    for row in rows {
        if let Some(item) = item_of(row)
            && !out.iter().any(|(_, i)| *i == item)
        {
            out.push((Some(row.kind()) != primary, item));
        }
    }
    // Stable: within each group, the order of the change's rows.
    out.sort_by_key(|(other, _)| *other);
    out.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::milestone::{Milestone, MilestoneKind, MilestoneStatus};
    use crate::domain::task::{Task, TaskOrigin, TaskStatus};
    use crate::domain::{AccountId, MilestoneId, TaskId};
    use chrono::NaiveDate;

    #[test]
    fn the_row_acted_on_comes_first_and_a_milestone_is_found_by_the_step_it_stands_for() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let account = AccountId(3);
        let stored = Milestone {
            id: MilestoneId(7),
            account_id: account,
            kind: MilestoneKind::T60,
            due: d,
            status: MilestoneStatus::Done,
            done_on: Some(d),
            note: String::new(),
            version: 1,
            origin: Some(d),
        };
        let mut task = Task::new(account, "call back", d, TaskOrigin::Manual, d);
        task.id = TaskId(5);
        let change = Change {
            kind: ChangeKind::Task(TaskStatus::Done),
            subject: String::new(),
            account,
            before: vec![Row::Milestone(stored.clone()), Row::Task(task.clone())],
            after: vec![Row::Milestone(stored), Row::Task(task)],
        };
        let items = items_of(&change);
        assert_eq!(items.len(), 2, "each once: {items:?}");
        assert_eq!((items[0].kind, items[0].id), (AgendaKind::Task, 5), "the task acted on first");
        // Undone, the milestone is pending again: derived, under its derived id.
        let derived = derived_id(account, MilestoneKind::T60, d).0;
        assert_eq!(items[1].stands_for, Some(derived));
        let pending = AgendaItem {
            date: d,
            kind: AgendaKind::Milestone,
            status: crate::domain::agenda::AgendaStatus::Due,
            account_id: account,
            item_id: derived,
            version: 0,
            milestone: Some(MilestoneKind::T60),
            text: String::new(),
            next: None,
            churn: None,
            moment: None,
            stands_for: Some(derived),
            renewal: None,
        };
        assert!(items[1].names(&pending));
        assert!(!items[0].names(&pending), "another kind");
        // The same id under another kind is another record (ids are per table).
        let task_item = AgendaItem {
            kind: AgendaKind::Task,
            item_id: 5,
            stands_for: None,
            milestone: None,
            ..pending.clone()
        };
        let promise_5 = AgendaItem { kind: AgendaKind::Promise, ..task_item.clone() };
        assert!(items[0].names(&task_item));
        assert!(!items[0].names(&promise_5), "same id, another kind");
        // A milestone is named by its stored id, by the step it stands for, or by a row that
        // stands for either; by nothing else.
        let row =
            |item_id: i64, stands_for: Option<i64>| AgendaItem { item_id, stands_for, ..pending.clone() };
        assert!(items[1].names(&row(derived, None)), "the derived one, as an undo brings it back");
        assert!(items[1].names(&row(42, Some(derived))), "a row standing for its step");
        assert!(items[1].names(&row(42, Some(7))), "a row standing for its stored id");
        assert!(!items[1].names(&row(43, Some(44))), "another step");
        assert!(!items[1].names(&row(43, None)));
    }

    /// Each kind of row the agenda shows names its item (a term: its renewal), under its
    /// own id; a row it does not show names none.
    #[test]
    fn each_kind_of_row_names_its_own_agenda_item() {
        use crate::domain::risk::testkit::{complaint, contact, noon, promise, requirement, term, today};
        use crate::domain::{PromiseStatus, ReferralId, ReqLevel, Role};
        let d = today();
        let referral = crate::domain::Referral {
            id: ReferralId(6),
            account_id: AccountId(1),
            contact_id: None,
            prospect: "成都天府云图".into(),
            date: d,
            stage: crate::domain::ReferralStage::Asked,
            stage_on: d,
            note: String::new(),
            version: 1,
        };
        let mut task = Task::new(AccountId(1), "call back", d, TaskOrigin::Manual, d);
        task.id = TaskId(7);
        let rows = [
            (Row::Promise(promise(1, PromiseStatus::Open, d, Some(d))), AgendaKind::Promise, 1),
            (Row::Requirement(requirement(2, ReqLevel::P0, d)), AgendaKind::Requirement, 2),
            (Row::Complaint(complaint(3, noon())), AgendaKind::Complaint, 3),
            (Row::Term(term(4, d, d + chrono::Duration::days(365), 100)), AgendaKind::Renewal, 4),
            (Row::Referral(referral), AgendaKind::Referral, 6),
            (Row::Task(task), AgendaKind::Task, 7),
        ];
        for (row, kind, id) in rows {
            assert_eq!(item_of(&row), Some(ItemRef { kind, id, stands_for: None }), "{row:?}");
        }
        assert_eq!(item_of(&Row::Contact(contact(8, "王芳", Role::User, None))), None);
    }

    /// The kind of row each change acts on; a call, a reference stage or a win-back is on no
    /// agenda row.
    #[test]
    fn the_row_acted_on_by_each_kind_of_change() {
        use crate::domain::term::RenewalKind;
        use crate::domain::{PromiseStatus, ReqStatus};
        let cases = [
            (ChangeKind::Created(RowKind::Task), Some(RowKind::Task)),
            (ChangeKind::Updated(RowKind::Promise), Some(RowKind::Promise)),
            (ChangeKind::Deleted(RowKind::Complaint), Some(RowKind::Complaint)),
            (ChangeKind::Rescheduled(RowKind::Milestone), Some(RowKind::Milestone)),
            (ChangeKind::Promise(PromiseStatus::Kept), Some(RowKind::Promise)),
            (ChangeKind::Task(TaskStatus::Done), Some(RowKind::Task)),
            (ChangeKind::Requirement(ReqStatus::Delivered), Some(RowKind::Requirement)),
            (ChangeKind::ComplaintResolved, Some(RowKind::Complaint)),
            (ChangeKind::Milestone(MilestoneStatus::Done), Some(RowKind::Milestone)),
            (ChangeKind::Renewed(RenewalKind::Flat), Some(RowKind::Term)),
            (ChangeKind::Churned, Some(RowKind::Term)),
            (ChangeKind::Forecast, None),
            (ChangeKind::Reference, None),
            (ChangeKind::WonBack, None),
        ];
        for (kind, row) in cases {
            assert_eq!(acted_on(kind), row, "{kind:?}");
        }
    }
}
