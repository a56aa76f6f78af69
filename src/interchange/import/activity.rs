//! Rows about what happened: usage snapshots (keyed by account + date) and touchpoints
//! (account + date + kind + note: the same visit written twice is one visit).

use super::contact_ref::{ContactCells, Named};
use super::people::account_of;
use super::summary::Tally;
use super::world::{Outcome, World};
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;

pub fn usage(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let date = c.required_date(F::Date);
    let active_users = c.count(F::ActiveUsers);
    let seats = c.count(F::Seats);
    let logins = c.count(F::Logins);
    let minutes = c.count(F::Minutes);
    let features_used = c.count(F::FeaturesUsed);
    let features_total = c.count(F::FeaturesTotal);
    if let (Some(u), Some(t)) = (features_used, features_total)
        && u > t
    {
        let why = c.t("import.row.features_over", &[("used", &u.to_string()), ("total", &t.to_string())]);
        c.problem(F::FeaturesUsed, why);
    }
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(date)) = (account, date) else { return Ok(None) };
    let k = w.occurrence(i, "usage", date.to_string());
    let f = w.edit(i)?;
    let Some(u) = f.usage.iter_mut().filter(|u| u.date == date).nth(k) else {
        f.usage.push(UsageSnapshot {
            id: UsageId(0),
            account_id: f.account.id,
            date,
            active_users: active_users.unwrap_or(0),
            seats: seats.unwrap_or(0),
            logins: logins.unwrap_or(0),
            minutes: minutes.unwrap_or(0),
            features_used: features_used.unwrap_or(0),
            features_total: features_total.unwrap_or(0),
            version: 0,
        });
        f.usage.sort_by_key(|u| (u.date, u.id.0 == 0, u.id));
        return Ok(Some(Outcome::Created));
    };
    let before = u.clone();
    for (slot, v) in [
        (&mut u.active_users, active_users),
        (&mut u.seats, seats),
        (&mut u.logins, logins),
        (&mut u.minutes, minutes),
        (&mut u.features_used, features_used),
        (&mut u.features_total, features_total),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    Ok(Some(if before == *u { Outcome::Unchanged } else { Outcome::Updated }))
}

/// A touchpoint row. `unlinked` counts rows naming a contact the account does not have
/// (kept without the link and reported once, rather than failing a whole CRM export).
pub fn touchpoint(
    w: &mut World,
    c: &mut Cells<'_>,
    unlinked: &mut usize,
) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let date = c.required_date(F::Date);
    let kind = c.choice::<TouchKind>(F::TouchKind);
    if let Some(why) = not_a_contact(c.text(F::TouchKind).as_deref(), c.text(F::Result).as_deref()) {
        c.problem(if why.0 { F::TouchKind } else { F::Result }, why.1);
    }
    let contact = ContactCells::read(c);
    let note = c.note(F::Note).unwrap_or_default();
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(date)) = (account, date) else { return Ok(None) };
    let kind = kind.unwrap_or(TouchKind::Other);
    let k = w.occurrence(i, "touchpoint", format!("{date}\u{0}{kind}\u{0}{note}"));
    let f = w.edit(i)?;
    let named = contact.resolve(&f.contacts);
    if contact.name.is_some() && named == Named::Unknown {
        *unlinked += 1;
    }
    let existing = f
        .touchpoints
        .iter()
        .enumerate()
        .filter(|(_, t)| t.date == date && t.kind == kind && t.note == note)
        .nth(k)
        .map(|(j, _)| j);
    let Some(contact_id) = linked(&named, existing.and_then(|j| f.touchpoints[j].contact_id)) else {
        let msg = ambiguous(contact.name.as_deref().unwrap_or_default(), &named, &f.contacts);
        c.problem(F::Contact, msg);
        return Ok(None);
    };
    let Some(t) = existing.map(|j| &mut f.touchpoints[j]) else {
        f.touchpoints.push(Touchpoint {
            id: TouchpointId(0),
            account_id: f.account.id,
            date,
            kind,
            contact_id,
            note,
            version: 0,
        });
        f.touchpoints.sort_by_key(|t| (t.date, t.id.0 == 0, t.id));
        return Ok(Some(Outcome::Created));
    };
    if contact_id.is_some() && t.contact_id != contact_id {
        t.contact_id = contact_id;
        return Ok(Some(Outcome::Updated));
    }
    Ok(Some(Outcome::Unchanged))
}

/// A follow-up task row: matched to the account's task of the same title (the n-th row
/// of a title is its n-th task), else added. The contact by name, else by e-mail (a name
/// the account does not have is counted in `unlinked`, the row kept without it). A done or
/// skipped task without `done_on` was closed on the row's activity date (HubSpot's), else
/// today; without a due date it was due then (HubSpot's completed tasks have none: they
/// were set aside as missing one, CSM trial, session 30).
pub fn task(w: &mut World, c: &mut Cells<'_>, tally: &mut Tally) -> Result<Option<Outcome>, StoreError> {
    // An activities export (HubSpot's) has its calls, e-mails, meetings and notes beside the
    // tasks: they are not to-dos, so they are skipped, counted, and not set aside as errors.
    if c.text(F::TouchKind).is_some_and(|t| !t.trim().eq_ignore_ascii_case("task")) {
        tally.not_tasks += 1;
        return Ok(None);
    }
    let unlinked = &mut tally.unlinked;
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let title = c.note(F::Task);
    if title.is_none() {
        let msg = c.t("import.row.required", &[("field", F::Task.name())]);
        c.problem(F::Task, msg);
    }
    let status = c.choice::<TaskStatus>(F::Status);
    let done_on = c.date(F::DoneOn);
    let closed = status.is_some_and(|s| !s.is_open());
    // The activity's date, read only where it dates something: an open task's is not
    // looked at (a bad one set aside no row before it was read).
    let dated = if closed && done_on.is_none() { c.date(F::Date) } else { None };
    let due = match done_on.or(dated) {
        Some(when) if closed && !c.given(F::Due) => Some(when),
        _ => c.required_date(F::Due),
    };
    let contact = ContactCells::read(c);
    let note = c.note(F::Note);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(title), Some(due)) = (account, title, due) else { return Ok(None) };
    let today = w.today;
    let k = w.occurrence(i, "task", title.clone());
    let f = w.edit(i)?;
    let named = contact.resolve(&f.contacts);
    if contact.given() && named == Named::Unknown {
        *unlinked += 1;
    }
    let existing = f.tasks.iter().enumerate().filter(|(_, t)| t.title == title).nth(k).map(|(j, _)| j);
    let Some(contact_id) = linked(&named, existing.and_then(|j| f.tasks[j].contact_id)) else {
        let msg = ambiguous(contact.name.as_deref().unwrap_or_default(), &named, &f.contacts);
        c.problem(F::Contact, msg);
        return Ok(None);
    };
    let closed_on = |s: TaskStatus| (!s.is_open()).then(|| done_on.or(dated).unwrap_or(today));
    let Some(t) = existing.map(|j| &mut f.tasks[j]) else {
        let mut t = Task::new(f.account.id, &title, due, TaskOrigin::Manual, today);
        t.status = status.unwrap_or(TaskStatus::Open);
        t.done_on = closed_on(t.status);
        t.contact_id = contact_id;
        t.note = note.unwrap_or_default();
        f.tasks.push(t);
        return Ok(Some(Outcome::Created));
    };
    let before = t.clone();
    t.due = due;
    if let Some(s) = status.filter(|s| *s != t.status) {
        t.status = s;
        t.done_on = closed_on(s);
    } else if let Some(d) = done_on.filter(|_| !t.status.is_open()) {
        t.done_on = Some(d);
    }
    if contact_id.is_some() {
        t.contact_id = contact_id;
    }
    if let Some(n) = note {
        t.note = n;
    }
    Ok(Some(if before == *t { Outcome::Unchanged } else { Outcome::Updated }))
}

/// The contact a row links to: `None` when namesakes cannot be told apart and the record
/// has no link to one of them yet (the row is refused); an existing link to one of them is
/// kept (a re-import of a file that cannot say which changes nothing).
fn linked(named: &Named, current: Option<ContactId>) -> Option<Option<ContactId>> {
    match named {
        Named::One(id) => Some(Some(*id)),
        Named::Nobody | Named::Unknown => Some(None),
        Named::Alike(ids) => Some(current.filter(|c| ids.contains(c)).or(ids.first().copied())),
        Named::Ambiguous(ids) => current.filter(|c| ids.contains(c)).map(Some),
    }
}

/// Why a row naming namesakes is refused.
fn ambiguous(name: &str, named: &Named, contacts: &[Contact]) -> String {
    match named {
        Named::Ambiguous(ids) => super::contact_ref::ambiguous(name, ids, contacts),
        _ => String::new(),
    }
}

/// Activities a CRM logs that were no contact with the customer: a task (a to-do), a call
/// nobody answered, a meeting cancelled or missed. Imported as touchpoints they would
/// count as contact and hide the silence the risk rules look for, so they are refused
/// (set aside with `--skip-invalid`). `(true, …)`: the activity type is the reason.
fn not_a_contact(kind: Option<&str>, result: Option<&str>) -> Option<(bool, String)> {
    let fold = |s: &str| s.trim().to_lowercase();
    if kind.map(fold).as_deref() == Some("task") {
        return Some((
            true,
            "a task is a to-do, not a contact with the customer; not imported as a touchpoint".into(),
        ));
    }
    let r = result.map(fold)?;
    const NO_CONTACT: [&str; 9] = [
        "no answer",
        "wrong number",
        "left voicemail",
        "busy",
        "cancelled",
        "canceled",
        "no show",
        "rescheduled",
        "not started",
    ];
    NO_CONTACT.contains(&r.as_str()).then(|| {
        (
            false,
            format!(
                "'{}': no contact took place; not imported as a touchpoint",
                result.unwrap_or_default().trim()
            ),
        )
    })
}
