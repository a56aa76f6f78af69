//! A user's change as data: every row it touched, as it was before and as it is after,
//! domain-typed. Undo writes the before values back, redo the after values, each only if
//! the rows still look exactly like the other side (nobody changed them meanwhile), so an
//! undo can never clobber someone else's work. An undo is itself a new change: the old
//! values are written at the next version, never at the version they once had, so a form
//! opened on any version before it is refused as stale (a version never goes back).

use super::account::*;
use super::kinds::ReqStatus;
use super::milestone::Milestone;
use super::records::*;
use super::referral::Referral;
use super::task::{Task, TaskStatus};
use super::term::{ContractTerm, RenewalKind};
use super::{MilestoneStatus, PromiseStatus};
use chrono::NaiveDateTime;

/// The kinds of stored rows, in foreign-key order: a row only refers to kinds before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowKind {
    Account,
    Term,
    Contact,
    Promise,
    Requirement,
    Complaint,
    Usage,
    Milestone,
    /// One step of a requirement's loop (no version of its own: its requirement's covers it).
    Transition,
    /// Refers to a contact.
    Touchpoint,
    /// A follow-up task; refers to a contact and the touchpoint it came from.
    Task,
    /// A referral (or a dismissed suggestion to ask); refers to a contact.
    Referral,
}

impl RowKind {
    pub const ALL: [RowKind; 12] = [
        RowKind::Account,
        RowKind::Term,
        RowKind::Contact,
        RowKind::Promise,
        RowKind::Requirement,
        RowKind::Complaint,
        RowKind::Usage,
        RowKind::Milestone,
        RowKind::Transition,
        RowKind::Touchpoint,
        RowKind::Task,
        RowKind::Referral,
    ];

    /// The SQL table (also the stable id used in messages and i18n keys).
    pub fn table(self) -> &'static str {
        match self {
            RowKind::Account => "account",
            RowKind::Term => "term",
            RowKind::Contact => "contact",
            RowKind::Promise => "promise",
            RowKind::Requirement => "requirement",
            RowKind::Complaint => "complaint",
            RowKind::Usage => "usage",
            RowKind::Milestone => "milestone",
            RowKind::Transition => "requirement_transition",
            RowKind::Touchpoint => "touchpoint",
            RowKind::Task => "task",
            RowKind::Referral => "referral",
        }
    }

    pub fn from_table(table: &str) -> Option<RowKind> {
        RowKind::ALL.into_iter().find(|k| k.table() == table)
    }
}

/// Which row: kind and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    pub kind: RowKind,
    pub id: i64,
}

/// A requirement transition as stored, with its own id (restoring a deleted requirement
/// must give back the same transition rows, ids included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRow {
    pub id: i64,
    pub requirement_id: RequirementId,
    pub status: ReqStatus,
    pub at: NaiveDateTime,
    pub note: String,
}

/// One stored row. A `Requirement` image carries no history: its transitions are rows
/// of their own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Account(Account),
    Term(ContractTerm),
    Contact(Contact),
    Promise(Promise),
    Requirement(Requirement),
    Complaint(Complaint),
    Usage(UsageSnapshot),
    Milestone(Milestone),
    Transition(TransitionRow),
    Touchpoint(Touchpoint),
    Task(Task),
    Referral(Referral),
}

impl Row {
    pub fn kind(&self) -> RowKind {
        match self {
            Row::Account(_) => RowKind::Account,
            Row::Term(_) => RowKind::Term,
            Row::Contact(_) => RowKind::Contact,
            Row::Promise(_) => RowKind::Promise,
            Row::Requirement(_) => RowKind::Requirement,
            Row::Complaint(_) => RowKind::Complaint,
            Row::Usage(_) => RowKind::Usage,
            Row::Milestone(_) => RowKind::Milestone,
            Row::Transition(_) => RowKind::Transition,
            Row::Touchpoint(_) => RowKind::Touchpoint,
            Row::Task(_) => RowKind::Task,
            Row::Referral(_) => RowKind::Referral,
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Row::Account(r) => r.id.0,
            Row::Term(r) => r.id.0,
            Row::Contact(r) => r.id.0,
            Row::Promise(r) => r.id.0,
            Row::Requirement(r) => r.id.0,
            Row::Complaint(r) => r.id.0,
            Row::Usage(r) => r.id.0,
            Row::Milestone(r) => r.id.0,
            Row::Transition(r) => r.id,
            Row::Touchpoint(r) => r.id.0,
            Row::Task(r) => r.id.0,
            Row::Referral(r) => r.id.0,
        }
    }

    pub fn key(&self) -> RowKey {
        RowKey { kind: self.kind(), id: self.id() }
    }

    /// The optimistic-concurrency version (transitions have none: 0).
    pub fn version(&self) -> i64 {
        match self {
            Row::Account(r) => r.version,
            Row::Term(r) => r.version,
            Row::Contact(r) => r.version,
            Row::Promise(r) => r.version,
            Row::Requirement(r) => r.version,
            Row::Complaint(r) => r.version,
            Row::Usage(r) => r.version,
            Row::Milestone(r) => r.version,
            Row::Transition(_) => 0,
            Row::Touchpoint(r) => r.version,
            Row::Task(r) => r.version,
            Row::Referral(r) => r.version,
        }
    }

    /// The same row at another version (transitions have none: unchanged).
    pub fn with_version(mut self, version: i64) -> Row {
        match &mut self {
            Row::Account(r) => r.version = version,
            Row::Term(r) => r.version = version,
            Row::Contact(r) => r.version = version,
            Row::Promise(r) => r.version = version,
            Row::Requirement(r) => r.version = version,
            Row::Complaint(r) => r.version = version,
            Row::Usage(r) => r.version = version,
            Row::Milestone(r) => r.version = version,
            Row::Transition(_) => {}
            Row::Touchpoint(r) => r.version = version,
            Row::Task(r) => r.version = version,
            Row::Referral(r) => r.version = version,
        }
        self
    }

    /// Equal in everything but the version: restoring one over the other writes nothing.
    pub fn same_values(&self, other: &Row) -> bool {
        self.clone().with_version(0) == other.clone().with_version(0)
    }

    /// The rows this one refers to (its foreign keys): it cannot be stored without them.
    pub fn parents(&self) -> Vec<RowKey> {
        let key = |kind, id| RowKey { kind, id };
        match self {
            Row::Account(_) => Vec::new(),
            Row::Transition(t) => vec![key(RowKind::Requirement, t.requirement_id.0)],
            Row::Touchpoint(t) => {
                let mut v = vec![key(RowKind::Account, t.account_id.0)];
                v.extend(t.contact_id.map(|c| key(RowKind::Contact, c.0)));
                v
            }
            Row::Task(t) => {
                let mut v = vec![key(RowKind::Account, t.account_id.0)];
                v.extend(t.contact_id.map(|c| key(RowKind::Contact, c.0)));
                v.extend(t.touchpoint_id.map(|p| key(RowKind::Touchpoint, p.0)));
                v
            }
            other => other.account_id().map(|a| key(RowKind::Account, a.0)).into_iter().collect(),
        }
    }

    /// The account the row belongs to (a transition's is its requirement's: unknown here).
    pub fn account_id(&self) -> Option<AccountId> {
        match self {
            Row::Account(r) => Some(r.id),
            Row::Term(r) => Some(r.account_id),
            Row::Contact(r) => Some(r.account_id),
            Row::Promise(r) => Some(r.account_id),
            Row::Requirement(r) => Some(r.account_id),
            Row::Complaint(r) => Some(r.account_id),
            Row::Usage(r) => Some(r.account_id),
            Row::Milestone(r) => Some(r.account_id),
            Row::Transition(_) => None,
            Row::Touchpoint(r) => Some(r.account_id),
            Row::Task(r) => Some(r.account_id),
            Row::Referral(r) => Some(r.account_id),
        }
    }
}

/// What the user did, for the status line ("Logged a touchpoint", "Undone: …").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Created(RowKind),
    Updated(RowKind),
    Deleted(RowKind),
    Promise(PromiseStatus),
    /// A task done, skipped or reopened.
    Task(TaskStatus),
    Requirement(ReqStatus),
    ComplaintResolved,
    Milestone(MilestoneStatus),
    /// A due date moved (a milestone or a promise).
    Rescheduled(RowKind),
    Forecast,
    /// An account became a reference, moved along the reference flow, or stopped being one.
    Reference,
    Renewed(RenewalKind),
    Churned,
    WonBack,
}

impl ChangeKind {
    /// A stable snake_case id (the i18n key suffix of its description).
    pub fn id(self) -> String {
        match self {
            ChangeKind::Created(k) => format!("created_{}", k.table()),
            ChangeKind::Updated(k) => format!("updated_{}", k.table()),
            ChangeKind::Deleted(k) => format!("deleted_{}", k.table()),
            ChangeKind::Promise(s) => format!("promise_{s}"),
            ChangeKind::Task(s) => format!("task_{s}"),
            ChangeKind::Requirement(s) => format!("requirement_{s}"),
            ChangeKind::ComplaintResolved => "complaint_resolved".into(),
            ChangeKind::Milestone(s) => format!("milestone_{s}"),
            ChangeKind::Rescheduled(k) => format!("rescheduled_{}", k.table()),
            ChangeKind::Forecast => "forecast".into(),
            ChangeKind::Reference => "reference".into(),
            ChangeKind::Renewed(RenewalKind::Flat) => "renewed_flat".into(),
            ChangeKind::Renewed(RenewalKind::Upsell) => "renewed_upsell".into(),
            ChangeKind::Renewed(RenewalKind::Downsell) => "renewed_downsell".into(),
            ChangeKind::Churned => "churned".into(),
            ChangeKind::WonBack => "won_back".into(),
        }
    }
}

/// One user action, as applied: undo restores the values of `before`, redo those of
/// `after`. A row present in only one image was created (after only) or deleted (before
/// only). The side last written holds the versions it was written at (an undo returns the
/// change with `before` at its new versions), which is what the next redo checks against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The account's name (or the record's title), for messages.
    pub subject: String,
    pub account: AccountId,
    pub before: Vec<Row>,
    pub after: Vec<Row>,
}

impl Change {
    /// Every row key the change touched, in foreign-key order.
    pub fn keys(&self) -> Vec<RowKey> {
        let mut keys: Vec<RowKey> = self.before.iter().chain(&self.after).map(Row::key).collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Nothing was actually written (e.g. a save without changes).
    pub fn is_empty(&self) -> bool {
        self.before == self.after
    }
}

/// The image of one key in a list of rows.
pub fn image(rows: &[Row], key: RowKey) -> Option<&Row> {
    rows.iter().find(|r| r.key() == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_in_foreign_key_order() {
        let mut sorted = RowKind::ALL;
        sorted.sort();
        assert_eq!(sorted, RowKind::ALL);
        assert!(RowKind::Touchpoint > RowKind::Contact && RowKind::Transition > RowKind::Requirement);
        for k in RowKind::ALL {
            assert_eq!(RowKind::from_table(k.table()), Some(k));
        }
    }

    #[test]
    fn a_row_at_another_version_has_the_same_values() {
        let t = TransitionRow {
            id: 3,
            requirement_id: RequirementId(1),
            status: ReqStatus::Collected,
            at: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(9, 0, 0).unwrap(),
            note: "成都 ✨".into(),
        };
        let row = Row::Transition(t.clone());
        assert_eq!(row.clone().with_version(7), row, "a transition has no version");
        let mut other = t;
        other.note.push('!');
        assert!(!row.same_values(&Row::Transition(other)));
    }

    #[test]
    fn change_ids_are_snake_case() {
        assert_eq!(ChangeKind::Created(RowKind::Touchpoint).id(), "created_touchpoint");
        assert_eq!(ChangeKind::Promise(PromiseStatus::Broken).id(), "promise_broken");
        assert_eq!(ChangeKind::Renewed(RenewalKind::Upsell).id(), "renewed_upsell");
    }
}
