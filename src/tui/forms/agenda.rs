//! The agenda's small forms: snooze to a date (`+3d`, `mon`, `12-01`), reschedule (a new
//! due date, the current one filled in), skip with a reason. Each saves one `Edit` on the
//! item the agenda row was read at (version-checked).

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::Values;
use crate::domain::agenda::AgendaKind;
use crate::domain::change::{RowKey, RowKind};
use crate::domain::dates::Facing::Future;
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::forms::records::Nanos0;
use crate::tui::msg::AgendaRow;
use crate::tui::panes::Ui;

/// The record an agenda row stands for.
pub fn row_key(r: &AgendaRow) -> RowKey {
    let kind = match r.item.kind {
        AgendaKind::Milestone => RowKind::Milestone,
        AgendaKind::Promise => RowKind::Promise,
        AgendaKind::Requirement => RowKind::Requirement,
        AgendaKind::Complaint => RowKind::Complaint,
        AgendaKind::Task => RowKind::Task,
        AgendaKind::Renewal => RowKind::Term,
        AgendaKind::WinBack => RowKind::Term,
        AgendaKind::Referral => RowKind::Referral,
        // A suggestion is no record (its id is the quarter): it stands for its account.
        AgendaKind::ReferralAsk => return RowKey { kind: RowKind::Account, id: r.item.account_id.0 },
    };
    RowKey { kind, id: r.item.item_id }
}

/// What a dated agenda form does with its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFor {
    Snooze,
    Reschedule,
}

pub fn open_date(ui: &Ui, r: &AgendaRow, what: &str, purpose: DateFor) -> Form {
    let (field, key) = match purpose {
        DateFor::Snooze => (Field::date(F::Until, Future, None), "ui.agenda.snooze_title"),
        DateFor::Reschedule => (Field::date(F::Due, Future, Some(r.item.date)), "ui.agenda.reschedule_title"),
    };
    let title = ui.tf(key, &[("what", what), ("account", &r.account)]);
    let kind = FormKind::AgendaDate {
        target: row_key(r),
        version: r.item.version,
        purpose,
        renewal: r.item.renewal,
    };
    Form::new(title, kind, vec![field.required()])
}

pub fn submit_date(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::AgendaDate { target, version, purpose, renewal } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let key = if purpose == DateFor::Snooze { F::Until } else { F::Due };
    let due = v.date(key);
    // One warning at a time: a date both before today and after an overdue renewal is
    // told the first (two would take turns, and a second Enter would never save).
    if due < ui.today {
        v.check_not_past(key, due);
    } else if let Some(renewal) = renewal {
        v.check_not_after_renewal(key, due, renewal);
    }
    if !v.ok() {
        return None;
    }
    Some(Edit::Reschedule { target, version, due })
}

pub fn open_skip(ui: &Ui, r: &AgendaRow, what: &str) -> Form {
    let kind = FormKind::AgendaSkip { target: row_key(r), version: r.item.version };
    let key = if r.item.kind == AgendaKind::Requirement {
        "ui.agenda.reject_title"
    } else {
        "ui.agenda.skip_title"
    };
    let title = ui.tf(key, &[("what", what), ("account", &r.account)]);
    Form::new(title, kind, vec![Field::multi(F::Reason, "").required()])
}

/// A milestone skipped with the reason as its note; a requirement rejected with the reason
/// the customer will hear.
pub fn submit_skip(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::AgendaSkip { target, version } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let note = v.text(F::Reason);
    if !v.ok() {
        return None;
    }
    match target.kind {
        RowKind::Milestone => Some(Edit::CompleteMilestone {
            id: MilestoneId(target.id),
            version,
            status: MilestoneStatus::Skipped,
            on: ui.today,
            note,
        }),
        RowKind::Task => Some(Edit::SetTaskStatus {
            id: TaskId(target.id),
            version,
            status: TaskStatus::Skipped,
            on: ui.today,
            reason: note,
        }),
        RowKind::Requirement => Some(Edit::MoveRequirement {
            id: RequirementId(target.id),
            version,
            to: ReqStatus::Rejected,
            at: ui.now.with_nanos0(),
            note,
        }),
        _ => None,
    }
}
