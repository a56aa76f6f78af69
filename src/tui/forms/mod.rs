//! What each form edits and how its values become an `Edit`: one module per family of
//! records. A form keeps the record it was opened on (with its version): the save is
//! refused if someone changed it since, and `rebase` then merges their change in while
//! keeping everything the user typed.

pub mod account;
pub mod activity;
pub mod agenda;
pub mod field;
pub mod first_term;
pub mod form;
pub mod fx;
pub mod outcome;
pub mod parse;
pub mod quick;
pub mod records;
pub mod referral;
pub mod task;
#[cfg(test)]
mod tests_short_term;

use crate::domain::change::Row;
use crate::domain::dates::{DateError, Facing, parse_date_input};
use crate::domain::*;
use crate::tui::action::Action;
use crate::tui::forms::form::{FieldKind, Form};
use crate::tui::ids::ids;
use crate::tui::keymap::{Context, Keymap, Table};
use crate::tui::panes::Ui;
pub use field::FieldKey;
use field::FieldKey as F;

ids! {
    /// The kinds of record `new_record` creates; labels are `edit.kind.<id>`.
    pub enum RecordKind {
        Contact = "contact",
        Promise = "promise",
        Requirement = "requirement",
        Complaint = "complaint",
        Touchpoint = "touchpoint",
        Usage = "usage",
        Task = "task",
        Referral = "referral",
    }
}

impl RecordKind {
    /// The i18n key of the kind's name.
    pub fn label_key(self) -> String {
        format!("edit.kind.{}", self.id())
    }
}

/// What a form edits: the record as loaded (None: a new one) and its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    Account {
        base: Option<Box<Account>>,
        term: Option<Box<ContractTerm>>,
    },
    Contact {
        account: AccountId,
        base: Option<Box<Contact>>,
    },
    Promise {
        account: AccountId,
        base: Option<Box<Promise>>,
    },
    Requirement {
        account: AccountId,
        base: Option<Box<Requirement>>,
    },
    Complaint {
        account: AccountId,
        base: Option<Box<Complaint>>,
    },
    Touchpoint {
        account: AccountId,
        base: Option<Box<Touchpoint>>,
    },
    Usage {
        account: AccountId,
        base: Option<Box<UsageSnapshot>>,
    },
    Task {
        account: AccountId,
        base: Option<Box<Task>>,
        origin: TaskOrigin,
    },
    Referral {
        account: AccountId,
        base: Option<Box<Referral>>,
    },
    Renewal {
        term: Box<ContractTerm>,
    },
    Churn {
        account: Box<Account>,
        term: Box<ContractTerm>,
    },
    WinBack {
        account: Box<Account>,
        last: Box<ContractTerm>,
    },
    Milestone {
        milestone: Box<Milestone>,
        status: MilestoneStatus,
    },
    Reject {
        requirement: Box<Requirement>,
    },
    Resolve {
        complaint: Box<Complaint>,
    },
    /// From the agenda: a new date for a milestone or promise (snooze or reschedule).
    AgendaDate {
        target: RowKey,
        version: i64,
        purpose: agenda::DateFor,
        /// A countdown step's renewal date: a date after it is warned about.
        renewal: Option<chrono::NaiveDate>,
    },
    /// The person left the customer (on the date in the form).
    ContactLeft {
        contact: Box<Contact>,
    },
    /// From the agenda: skip with a reason.
    AgendaSkip {
        target: RowKey,
        version: i64,
    },
    /// The first contract term of an account that has none.
    FirstTerm {
        account: Box<Account>,
    },
    /// From the metrics view: an exchange rate (saved by `Effect::SetFxRate`, not an `Edit`).
    FxRate,
}

/// Checks every field; Some(edit) only when all are valid (errors are left on the fields).
pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    match &form.kind {
        FormKind::Account { .. } => account::submit(form, ui),
        FormKind::FirstTerm { .. } => first_term::submit(form, ui),
        FormKind::Contact { .. } => records::submit_contact(form, ui),
        FormKind::Promise { .. } => records::submit_promise(form, ui),
        FormKind::Requirement { .. } => records::submit_requirement(form, ui),
        FormKind::Complaint { .. } => records::submit_complaint(form, ui),
        FormKind::Touchpoint { .. } => activity::submit_touchpoint(form, ui),
        FormKind::Usage { .. } => activity::submit_usage(form, ui),
        FormKind::Task { .. } => task::submit(form, ui),
        FormKind::Referral { .. } => referral::submit(form, ui),
        FormKind::Renewal { .. } => outcome::submit_renewal(form, ui),
        FormKind::Churn { .. } => outcome::submit_churn(form, ui),
        FormKind::WinBack { .. } => outcome::submit_win_back(form, ui),
        FormKind::Milestone { .. } => quick::submit_milestone(form, ui),
        FormKind::Reject { .. } => quick::submit_reject(form, ui),
        FormKind::Resolve { .. } => quick::submit_resolve(form, ui),
        FormKind::ContactLeft { .. } => quick::submit_left(form, ui),
        FormKind::AgendaDate { .. } => agenda::submit_date(form, ui),
        FormKind::AgendaSkip { .. } => agenda::submit_skip(form, ui),
        // Not an edit: `fx::submit` reads it.
        FormKind::FxRate => None,
    }
}

/// An amount as the user would type it: major units, no symbol, no grouping.
pub fn plain_amount(m: Money) -> String {
    let scale = 10_i64.pow(m.currency.exponent());
    let (major, minor) = (m.minor / scale, (m.minor % scale).abs());
    if minor == 0 {
        major.to_string()
    } else {
        format!("{major}.{minor:0w$}", w = m.currency.exponent() as usize)
    }
}

/// The currency amounts in this form are in.
fn currency(form: &Form) -> Currency {
    match &form.kind {
        FormKind::Account { .. } => Currency::new(&form.get(F::Currency)).unwrap_or(Currency::CNY),
        FormKind::FirstTerm { account } => Currency::new(&form.get(F::Currency)).unwrap_or(account.currency),
        FormKind::Renewal { term } => term.arr.currency,
        FormKind::WinBack { last, .. } => last.arr.currency,
        _ => Currency::CNY,
    }
}

/// The dim line under the focused field: what a typed date or amount means, what forms
/// are accepted, how to pick or break a line.
pub fn hint(form: &Form, idx: usize, ui: &Ui, keymap: &Keymap) -> String {
    let Some(f) = form.fields.get(idx) else { return String::new() };
    let key = |a: Action| keymap.key_label(Context::Form, a).unwrap_or_default();
    let text = f.input.text().trim();
    match &f.kind {
        FieldKind::Date(facing) => match parse_date_input(text, ui.today, *facing) {
            Ok(d) if text != d.to_string() => {
                ui.tf("edit.hint.date_is", &[("date", &format!("{d} {}", weekday(ui, d)))])
            }
            Err(DateError::AfterToday { .. }) => {
                ui.tf("edit.error.after_today", &[("today", &ui.today.to_string())])
            }
            // A past-facing field's examples look back, as its error's do.
            _ if *facing == Facing::Past => ui.t("edit.hint.date_past"),
            _ => ui.t("edit.hint.date"),
        },
        FieldKind::Money => match Money::parse(text, currency(form)) {
            Ok(m) => match &form.kind {
                FormKind::Renewal { term } if m.currency == term.arr.currency => {
                    outcome::renewal_preview(ui, term.arr, m)
                }
                _ => ui.tf("edit.hint.money_is", &[("amount", &m.format_full())]),
            },
            Err(_) => ui.t("edit.hint.money"),
        },
        FieldKind::Choice(_) => {
            let prev = keymap.key_text_in(Table::Input, Action::CursorLeft);
            let next = keymap.key_text_in(Table::Input, Action::CursorRight);
            ui.tf("edit.hint.choice", &[("prev", &prev), ("next", &next), ("key", &key(Action::PickChoice))])
        }
        FieldKind::Multi => ui.tf("edit.hint.multi", &[("key", &key(Action::NewLine))]),
        FieldKind::Count => ui.t("edit.hint.count"),
        FieldKind::Text => String::new(),
    }
}

/// A date field whose text is not the date itself (`+3d`, `mon`, `12-01`): the line saying
/// which date it means. Shown under every such field, focused or not, so what a save will
/// write is on screen before Enter.
pub fn means_date(form: &Form, idx: usize, ui: &Ui) -> Option<String> {
    let f = form.fields.get(idx)?;
    let FieldKind::Date(facing) = f.kind else { return None };
    let text = f.input.text().trim().to_string();
    match parse_date_input(&text, ui.today, facing) {
        Ok(d) if !text.is_empty() && text != d.to_string() => {
            Some(ui.tf("edit.hint.date_is", &[("date", &format!("{d} {}", weekday(ui, d)))]))
        }
        _ => None,
    }
}

/// "Thu" / "周四".
fn weekday(ui: &Ui, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    ui.t(&format!("edit.weekday.{}", d.weekday().num_days_from_monday()))
}

/// The same form opened on `current` (someone else's newer version of its record).
fn reopen(form: &Form, current: &Row, ui: &Ui) -> Option<Form> {
    // Only the fields and the record matter here, not the title: names are left empty.
    Some(match (&form.kind, current) {
        (FormKind::Account { term, .. }, Row::Account(a)) => account::open(ui, Some(a), term.as_deref()),
        (FormKind::Account { base, .. }, Row::Term(t)) => account::open(ui, base.as_deref(), Some(t)),
        (FormKind::Contact { account, .. }, Row::Contact(c)) => {
            records::open_contact(ui, (*account, ""), Some(c))
        }
        (FormKind::Promise { account, .. }, Row::Promise(p)) => {
            records::open_promise(ui, (*account, ""), Some(p))
        }
        (FormKind::Requirement { account, .. }, Row::Requirement(r)) => {
            records::open_requirement(ui, (*account, ""), Some(r))
        }
        (FormKind::Complaint { account, .. }, Row::Complaint(c)) => {
            records::open_complaint(ui, (*account, ""), Some(c))
        }
        (FormKind::Touchpoint { account, .. }, Row::Touchpoint(t)) => {
            let mut f = activity::open_touchpoint(ui, (*account, ""), Some(t), Vec::new());
            // Keep the contact list the user had.
            if let (Some(old), Some(new)) = (form.field(F::Contact), f.field_mut(F::Contact)) {
                new.kind = old.kind.clone();
                new.set_value(&t.contact_id.map_or(String::new(), |c| c.0.to_string()));
            }
            f
        }
        (FormKind::Usage { account, .. }, Row::Usage(u)) => activity::open_usage(ui, (*account, ""), Some(u)),
        // A follow-up task (it was missing here: a stale save said "none of the fields
        // changed" and every Enter after it was refused again, unsaid; CSM trial, session 31).
        (FormKind::Task { account, origin, .. }, Row::Task(t)) => {
            let mut f = task::open(ui, (*account, ""), Some(t), Vec::new(), *origin);
            // Keep the contact list the user had.
            if let (Some(old), Some(new)) = (form.field(F::Contact), f.field_mut(F::Contact)) {
                new.kind = old.kind.clone();
                new.set_value(&t.contact_id.map_or(String::new(), |c| c.0.to_string()));
            }
            f
        }
        (FormKind::Referral { account, .. }, Row::Referral(r)) => {
            let mut f = referral::open(ui, (*account, ""), Some(r), Vec::new(), "");
            // Keep the contact list the user had.
            if let (Some(old), Some(new)) = (form.field(F::Contact), f.field_mut(F::Contact)) {
                new.kind = old.kind.clone();
                new.set_value(&r.contact_id.map_or(String::new(), |c| c.0.to_string()));
            }
            f
        }
        (FormKind::Renewal { .. }, Row::Term(t)) => outcome::open_renewal(ui, "", t),
        (FormKind::Churn { term, .. }, Row::Account(a)) => {
            keep_causes(form, outcome::open_churn(ui, a, term, Vec::new()))
        }
        (FormKind::Churn { account, .. }, Row::Term(t)) => {
            keep_causes(form, outcome::open_churn(ui, account, t, Vec::new()))
        }
        (FormKind::WinBack { last, .. }, Row::Account(a)) => outcome::open_win_back(ui, a, last),
        (FormKind::FirstTerm { .. }, Row::Account(a)) => first_term::open(ui, a),
        (FormKind::Milestone { status, .. }, Row::Milestone(m)) => quick::open_milestone(ui, "", m, *status),
        (FormKind::Reject { .. }, Row::Requirement(r)) => quick::open_reject(ui, r),
        (FormKind::Resolve { .. }, Row::Complaint(c)) => quick::open_resolve(ui, c),
        (FormKind::ContactLeft { .. }, Row::Contact(c)) => quick::open_left(ui, "", c),
        _ => return None,
    })
}

/// Someone else saved `current` since the form was opened: take their values where the
/// user changed nothing, keep the user's where they did (marking fields both changed),
/// and move the form onto their version so the next Enter saves on top of it, knowingly.
/// Returns the labels of the fields they changed.
pub fn rebase(form: &mut Form, current: &Row, ui: &Ui) -> Option<Vec<String>> {
    let fresh = reopen(form, current, ui)?;
    let mut changed = Vec::new();
    let mut initial = form.initial.clone();
    for (i, f) in form.fields.iter_mut().enumerate() {
        let Some(theirs) = fresh.field(f.key) else { continue };
        let original = form.initial.get(i).cloned().unwrap_or_default();
        let (theirs_value, mine) = (theirs.value(), f.value());
        initial[i] = theirs_value.clone();
        if theirs_value == original {
            continue;
        }
        changed.push(ui.t(&f.key.label_key()));
        let shown = if theirs.display().is_empty() { "-".to_string() } else { theirs.display() };
        if mine == original {
            f.set_value(&theirs_value);
            f.note = Some(ui.tf("edit.conflict.took", &[("value", &shown)]));
        } else {
            f.note = Some(ui.tf("edit.conflict.theirs", &[("value", &shown)]));
        }
    }
    form.initial = initial;
    form.kind = fresh.kind;
    Some(changed)
}

/// The record was deleted elsewhere: the form becomes a new record of its account, so
/// Enter saves the user's text instead of losing it. False if that is not possible.
pub fn detach(form: &mut Form) -> bool {
    match &mut form.kind {
        FormKind::Contact { base, .. } => base.take().is_some(),
        FormKind::Promise { base, .. } => base.take().is_some(),
        FormKind::Requirement { base, .. } => base.take().is_some(),
        FormKind::Complaint { base, .. } => base.take().is_some(),
        FormKind::Touchpoint { base, .. } => base.take().is_some(),
        FormKind::Usage { base, .. } => base.take().is_some(),
        FormKind::Referral { base, .. } => base.take().is_some(),
        FormKind::Task { base, .. } => base.take().is_some(),
        _ => false,
    }
}

/// The churn form opened again (after a stale save) with the requirement list the user had.
fn keep_causes(old: &Form, mut new: Form) -> Form {
    if let (Some(was), Some(field)) = (old.field(F::BecauseOf), new.field_mut(F::BecauseOf)) {
        field.kind = was.kind.clone();
    }
    new
}
