//! A follow-up task by hand (`N` on the activity tab, `:task` anywhere): what to do, by
//! when (`+3d`, `mon`, a date: shown as the date it means), with whom.

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::Values;
use crate::domain::dates::Facing::Future;
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// `contacts`: the account's people (id, label); `origin`: where the form was opened from.
pub fn open(
    ui: &Ui,
    account: (AccountId, &str),
    base: Option<&Task>,
    contacts: Vec<(ContactId, String)>,
    origin: TaskOrigin,
) -> Form {
    let mut people = vec![(String::new(), ui.t("edit.nobody"))];
    people.extend(contacts.into_iter().map(|(id, label)| (id.0.to_string(), label)));
    let selected = base.and_then(|t| t.contact_id).map_or(String::new(), |c| c.0.to_string());
    let fields = vec![
        Field::multi(F::Task, base.map_or("", |t| t.title.as_str())).required(),
        Field::date(F::Due, Future, base.map(|t| t.due)).required(),
        Field::choice(F::Contact, people, &selected),
        Field::multi(F::Note, base.map_or("", |t| t.note.as_str())),
    ];
    let title = match base {
        None => ui.tf("edit.title.new_task", &[("account", account.1)]),
        Some(_) => super::records::title(ui, super::RecordKind::Task, false, account.1),
    };
    let kind = FormKind::Task { account: account.0, base: base.map(|t| Box::new(t.clone())), origin };
    Form::new(title, kind, fields)
}

pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Task { account, base, origin } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let title = v.text(F::Task);
    let due = v.date(F::Due);
    let contact_id = v.text(F::Contact).parse::<i64>().ok().map(ContactId);
    let note = v.text(F::Note);
    // An overdue task edited for its title keeps its date without a word.
    if base.as_ref().is_none_or(|b| b.due != due) {
        v.check_not_past(F::Due, due);
    }
    if !v.ok() {
        return None;
    }
    let mut t = match base {
        Some(b) => *b,
        None => Task::new(account, &title, due, origin, ui.today),
    };
    t.title = title;
    t.due = due;
    t.contact_id = contact_id;
    t.note = note;
    Some(Edit::SaveTask(t))
}
