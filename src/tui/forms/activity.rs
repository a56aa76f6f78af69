//! Touchpoints (a visit, call, message… with whom, and a note; dated today unless
//! changed) and usage snapshots (active users against seats, logins, time online,
//! feature breadth).

use super::FormKind;
use super::parse::{Values, options};
use crate::domain::dates::Facing::Past;
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
        Field::date("date", Past, Some(t.date)).required(),
        Field::choice("touch_kind", options::<TouchKind>(ui, false), t.kind.id()),
        Field::choice("contact", people, &selected),
        Field::multi("note", &t.note),
    ];
    let new = base.is_none();
    let title = if new {
        ui.tf("edit.title.log_touchpoint", &[("account", account.1)])
    } else {
        ui.tf("edit.title.edit", &[("what", &ui.t("edit.kind.touchpoint")), ("account", account.1)])
    };
    let kind = FormKind::Touchpoint { account: account.0, base: base.map(|t| Box::new(t.clone())) };
    // The date is already right (today): start on the kind.
    Form::new(title, kind, fields).focus_on(if new { "touch_kind" } else { "date" })
}

pub fn submit_touchpoint(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Touchpoint { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let date = v.date("date");
    let kind = v.choice::<TouchKind>("touch_kind");
    let contact_id = v.text("contact").parse::<i64>().ok().map(ContactId);
    let note = v.text("note");
    if !v.ok() {
        return None;
    }
    let (id, version) = base.as_deref().map_or((TouchpointId(0), 0), |t| (t.id, t.version));
    Some(Edit::SaveTouchpoint(Touchpoint { id, account_id: account, date, kind, contact_id, note, version }))
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
        Field::date("date", Past, Some(u.date)).required(),
        Field::count("active_users", u.active_users),
        Field::count("seats", u.seats),
        Field::count("logins", u.logins),
        Field::count("minutes", u.minutes),
        Field::count("features_used", u.features_used),
        Field::count("features_total", u.features_total),
    ];
    let verb = if base.is_none() { "edit.title.new" } else { "edit.title.edit" };
    let title = ui.tf(verb, &[("what", &ui.t("edit.kind.usage")), ("account", account.1)]);
    let kind = FormKind::Usage { account: account.0, base: base.map(|u| Box::new(u.clone())) };
    Form::new(title, kind, fields).focus_on("active_users")
}

pub fn submit_usage(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Usage { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let date = v.date("date");
    let active_users = v.count("active_users");
    let seats = v.count("seats");
    let logins = v.count("logins");
    let minutes = v.count("minutes");
    let features_used = v.count("features_used");
    let features_total = v.count("features_total");
    if seats > 0 && active_users > seats {
        v.fail("active_users", ui.tf("edit.error.over_seats", &[("seats", &seats.to_string())]));
    }
    if features_total > 0 && features_used > features_total {
        v.fail("features_used", ui.tf("edit.error.over_total", &[("total", &features_total.to_string())]));
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
