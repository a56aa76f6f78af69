//! Touchpoints (a visit, call, message… with whom, and a note; dated today unless
//! changed) and usage snapshots (active users against seats, logins, time online,
//! feature breadth).

use super::field::FieldKey as F;
use super::parse::{Values, options};
use super::{FormKind, RecordKind, records};
use crate::domain::dates::Facing::{Future, Past};
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// `contacts`: the account's people (id, label), offered as the touchpoint's contact.
pub fn open_touchpoint(
    ui: &Ui,
    account: (AccountId, &str),
    base: Option<&Touchpoint>,
    contacts: Vec<(ContactId, String)>,
) -> Form {
    let t = base.cloned().unwrap_or(Touchpoint {
        id: TouchpointId(0),
        account_id: account.0,
        date: ui.today,
        kind: TouchKind::Call,
        contact_id: None,
        note: String::new(),
        version: 0,
    });
    let mut people = vec![(String::new(), ui.t("edit.nobody"))];
    people.extend(contacts.into_iter().map(|(id, label)| (id.0.to_string(), label)));
    let selected = t.contact_id.map_or(String::new(), |c| c.0.to_string());
    let fields = vec![
        Field::date(F::Date, Past, Some(t.date)).required(),
        Field::choice(F::TouchKind, options::<TouchKind>(ui, false), t.kind.id()),
        Field::choice(F::Contact, people, &selected),
        Field::multi(F::Note, &t.note),
    ];
    let new = base.is_none();
    // A new touchpoint may leave a next step behind: a task, saved with it.
    let mut fields = fields;
    if new {
        let mut step = Field::multi(F::NextStep, "");
        step.note = Some(ui.t("edit.hint.next_step"));
        fields.push(step);
        fields.push(Field::date(F::NextDue, Future, None));
    }
    let title = if new {
        ui.tf("edit.title.log_touchpoint", &[("account", account.1)])
    } else {
        records::title(ui, RecordKind::Touchpoint, false, account.1)
    };
    let kind = FormKind::Touchpoint { account: account.0, base: base.map(|t| Box::new(t.clone())) };
    // The date is already right (today): start on the kind.
    Form::new(title, kind, fields).focus_on(if new { F::TouchKind } else { F::Date })
}

pub fn submit_touchpoint(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Touchpoint { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let date = v.date(F::Date);
    let kind = v.choice::<TouchKind>(F::TouchKind);
    let contact_id = v.text(F::Contact).parse::<i64>().ok().map(ContactId);
    let note = v.text(F::Note);
    let step = if base.is_none() { v.text(F::NextStep) } else { String::new() };
    let step_due = if base.is_none() { v.opt_date(F::NextDue) } else { None };
    if !step.trim().is_empty() && step_due.is_none() && v.ok() {
        v.fail(F::NextDue, ui.t("edit.error.next_due"));
    }
    if !v.ok() {
        return None;
    }
    let (id, version) = base.as_deref().map_or((TouchpointId(0), 0), |t| (t.id, t.version));
    let touchpoint = Touchpoint { id, account_id: account, date, kind, contact_id, note, version };
    match step_due.and_then(|due| task::next_step(&touchpoint, &step, due)) {
        Some(task) => Some(Edit::LogWithNextStep { touchpoint, task }),
        None => Some(Edit::SaveTouchpoint(touchpoint)),
    }
}

pub fn open_usage(ui: &Ui, account: (AccountId, &str), base: Option<&UsageSnapshot>) -> Form {
    let u = base.cloned().unwrap_or(UsageSnapshot {
        id: UsageId(0),
        account_id: account.0,
        date: ui.today,
        active_users: 0,
        seats: 0,
        logins: 0,
        minutes: 0,
        features_used: 0,
        features_total: 0,
        version: 0,
    });
    let fields = vec![
        Field::date(F::Date, Past, Some(u.date)).required(),
        Field::count(F::ActiveUsers, u.active_users),
        Field::count(F::Seats, u.seats),
        Field::count(F::Logins, u.logins),
        Field::count(F::Minutes, u.minutes),
        Field::count(F::FeaturesUsed, u.features_used),
        Field::count(F::FeaturesTotal, u.features_total),
    ];
    let title = records::title(ui, RecordKind::Usage, base.is_none(), account.1);
    let kind = FormKind::Usage { account: account.0, base: base.map(|u| Box::new(u.clone())) };
    Form::new(title, kind, fields).focus_on(F::ActiveUsers)
}

pub fn submit_usage(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Usage { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let date = v.date(F::Date);
    let active_users = v.count(F::ActiveUsers);
    let seats = v.count(F::Seats);
    let logins = v.count(F::Logins);
    let minutes = v.count(F::Minutes);
    let features_used = v.count(F::FeaturesUsed);
    let features_total = v.count(F::FeaturesTotal);
    if seats > 0 && active_users > seats {
        v.fail(F::ActiveUsers, ui.tf("edit.error.over_seats", &[("seats", &seats.to_string())]));
    }
    if features_total > 0 && features_used > features_total {
        v.fail(F::FeaturesUsed, ui.tf("edit.error.over_total", &[("total", &features_total.to_string())]));
    }
    if !v.ok() {
        return None;
    }
    let (id, version) = base.as_deref().map_or((UsageId(0), 0), |u| (u.id, u.version));
    Some(Edit::SaveUsage(UsageSnapshot {
        id,
        account_id: account,
        date,
        active_users,
        seats,
        logins,
        minutes,
        features_used,
        features_total,
        version,
    }))
}
