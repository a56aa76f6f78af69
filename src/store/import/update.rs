//! Writing the difference between an account as loaded and as an import left it: inserts
//! for new records, versioned updates for changed ones, versioned deletes for those gone.

use super::AccountEdit;
use crate::domain::*;
use crate::store::Result;
use crate::store::codec::{Ch, opt_id};
use crate::store::dates::{d, dt, od};
use crate::store::write::{Inserters, stale_or_missing};
use crate::store::write::{
    insert_contact, insert_milestone, insert_promise, insert_requirement, insert_term,
};
use crate::store::write::{insert_touchpoint, insert_usage};
use rusqlite::{Connection, params};

/// Rows of one table in `before` and `after`: ids gone are deleted, id 0 inserted,
/// others updated when they differ.
fn diff<'a, T: PartialEq>(
    before: &'a [T],
    after: &'a mut [T],
    id: fn(&T) -> i64,
) -> (Vec<&'a T>, Vec<&'a mut T>, Vec<&'a mut T>) {
    let gone: Vec<&T> = before.iter().filter(|b| !after.iter().any(|a| id(a) == id(b))).collect();
    let mut inserts = Vec::new();
    let mut updates = Vec::new();
    for a in after.iter_mut() {
        if id(a) == 0 {
            inserts.push(a);
        } else if before.iter().find(|b| id(b) == id(a)).is_some_and(|b| b != &*a) {
            updates.push(a);
        }
    }
    (gone, inserts, updates)
}

/// Runs a versioned UPDATE/DELETE; no row touched means someone else changed or deleted it.
fn versioned(conn: &Connection, table: &'static str, id: i64, version: i64, n: usize) -> Result<()> {
    if n == 0 { Err(stale_or_missing(conn, table, id, version)) } else { Ok(()) }
}

fn delete(conn: &Connection, table: &'static str, id: i64, version: i64) -> Result<()> {
    let n = conn
        .prepare_cached(&format!("DELETE FROM {table} WHERE id = ?1 AND version = ?2"))?
        .execute(params![id, version])?;
    versioned(conn, table, id, version, n)
}

pub(super) fn save_edit(conn: &Connection, ins: &mut Inserters<'_>, e: &mut AccountEdit) -> Result<()> {
    let (b, a) = (&e.before, &mut e.after);
    let account_id = a.account.id;
    if a.account != b.account {
        update_account(conn, &a.account)?;
        a.account.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.terms, &mut a.terms, |t| t.id.0);
    gone.iter().try_for_each(|t| delete(conn, "term", t.id.0, t.version))?;
    for t in inserts {
        t.account_id = account_id;
        insert_term(ins, t)?;
    }
    for t in updates {
        update_term(conn, t)?;
        t.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.contacts, &mut a.contacts, |c| c.id.0);
    gone.iter().try_for_each(|c| delete(conn, "contact", c.id.0, c.version))?;
    for c in inserts {
        c.account_id = account_id;
        insert_contact(ins, c)?;
    }
    for c in updates {
        update_contact(conn, c)?;
        c.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.promises, &mut a.promises, |p| p.id.0);
    gone.iter().try_for_each(|p| delete(conn, "promise", p.id.0, p.version))?;
    for p in inserts {
        p.account_id = account_id;
        insert_promise(ins, p)?;
    }
    for p in updates {
        update_promise(conn, p)?;
        p.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.requirements, &mut a.requirements, |r| r.id.0);
    gone.iter().try_for_each(|r| delete(conn, "requirement", r.id.0, r.version))?;
    for r in inserts {
        r.account_id = account_id;
        insert_requirement(ins, r)?;
    }
    for r in updates {
        let old_len = b.requirements.iter().find(|o| o.id == r.id).map_or(0, |o| o.history.len());
        update_requirement(conn, r, old_len)?;
        r.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.touchpoints, &mut a.touchpoints, |t| t.id.0);
    gone.iter().try_for_each(|t| delete(conn, "touchpoint", t.id.0, t.version))?;
    for t in inserts {
        t.account_id = account_id;
        insert_touchpoint(ins, t)?;
    }
    for t in updates {
        let n = conn.prepare_cached(
            "UPDATE touchpoint SET date = ?2, kind = ?3, contact_id = ?4, note = ?5, version = version + 1 \
             WHERE id = ?1 AND version = ?6",
        )?
        .execute(params![t.id.0, d(t.date), Ch(t.kind), t.contact_id.map(|c| c.0), t.note, t.version])?;
        versioned(conn, "touchpoint", t.id.0, t.version, n)?;
        t.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.usage, &mut a.usage, |u| u.id.0);
    gone.iter().try_for_each(|u| delete(conn, "usage", u.id.0, u.version))?;
    for u in inserts {
        u.account_id = account_id;
        insert_usage(ins, u)?;
    }
    for u in updates {
        let n = conn
            .prepare_cached(
                "UPDATE usage SET date = ?2, active_users = ?3, seats = ?4, logins = ?5, minutes = ?6, \
             features_used = ?7, features_total = ?8, version = version + 1 WHERE id = ?1 AND version = ?9",
            )?
            .execute(params![
                u.id.0,
                d(u.date),
                u.active_users,
                u.seats,
                u.logins,
                u.minutes,
                u.features_used,
                u.features_total,
                u.version
            ])?;
        versioned(conn, "usage", u.id.0, u.version, n)?;
        u.version += 1;
    }
    let (gone, inserts, updates) = diff(&b.milestones, &mut a.milestones, |m| m.id.0);
    gone.iter().try_for_each(|m| delete(conn, "milestone", m.id.0, m.version))?;
    for m in inserts {
        m.account_id = account_id;
        insert_milestone(ins, m)?;
    }
    for m in updates {
        let n = conn
            .prepare_cached(
                "UPDATE milestone SET kind = ?2, due = ?3, status = ?4, done_on = ?5, note = ?6, \
             version = version + 1 WHERE id = ?1 AND version = ?7",
            )?
            .execute(params![m.id.0, Ch(m.kind), d(m.due), Ch(m.status), od(m.done_on), m.note, m.version])?;
        versioned(conn, "milestone", m.id.0, m.version, n)?;
        m.version += 1;
    }
    // Complaints are not imported from CSV; an edit never carries complaint changes.
    Ok(())
}

fn update_account(conn: &Connection, a: &Account) -> Result<()> {
    crate::store::write::update_account_row(conn, a)
}

fn update_term(conn: &Connection, t: &ContractTerm) -> Result<()> {
    let (outcome, decided_on, new_arr, reason, note) = match &t.outcome {
        None => (None, None, None, None, String::new()),
        Some(TermOutcome::Renewed { decided_on, new_arr }) => {
            (Some("renewed"), Some(*decided_on), Some(new_arr.minor), None, String::new())
        }
        Some(TermOutcome::Churned { decided_on, reason, note }) => {
            (Some("churned"), Some(*decided_on), None, Some(reason.as_str()), note.clone())
        }
    };
    let n = conn
        .prepare_cached(
            "UPDATE term SET start = ?2, end = ?3, arr_minor = ?4, currency = ?5, outcome = ?6, decided_on = ?7, \
             new_arr_minor = ?8, churn_reason = ?9, churn_note = ?10, version = version + 1 \
             WHERE id = ?1 AND version = ?11",
        )?
        .execute(params![
            t.id.0,
            d(t.start),
            d(t.end),
            t.arr.minor,
            t.arr.currency.code(),
            outcome,
            od(decided_on),
            new_arr,
            reason,
            note,
            t.version
        ])?;
    versioned(conn, "term", t.id.0, t.version, n)
}

fn update_contact(conn: &Connection, c: &Contact) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE contact SET name = ?2, title = ?3, role = ?4, stance = ?5, kp_tier = ?6, influence = ?7, \
             email = ?8, phone = ?9, added_on = ?10, left_on = ?11, last_contact = ?12, version = version + 1 \
             WHERE id = ?1 AND version = ?13",
        )?
        .execute(params![
            c.id.0,
            c.name,
            c.title,
            Ch(c.role),
            Ch(c.stance),
            opt_id(c.kp_tier),
            Ch(c.influence),
            c.email,
            c.phone,
            d(c.added_on),
            od(c.left_on),
            od(c.last_contact),
            c.version
        ])?;
    versioned(conn, "contact", c.id.0, c.version, n)
}

fn update_promise(conn: &Connection, p: &Promise) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE promise SET text = ?2, made_by = ?3, made_on = ?4, due = ?5, status = ?6, status_on = ?7, \
             version = version + 1 WHERE id = ?1 AND version = ?8",
        )?
        .execute(params![
            p.id.0,
            p.text,
            p.made_by,
            d(p.made_on),
            od(p.due),
            Ch(p.status),
            d(p.status_on),
            p.version
        ])?;
    versioned(conn, "promise", p.id.0, p.version, n)
}

/// Updates the requirement and appends the transitions added since `old_len` (history is
/// append-only: earlier moves are never rewritten).
fn update_requirement(conn: &Connection, r: &Requirement, old_len: usize) -> Result<()> {
    let n = conn
        .prepare_cached(
            "UPDATE requirement SET title = ?2, requester = ?3, category = ?4, level = ?5, raised_on = ?6, \
             status = ?7, version = version + 1 WHERE id = ?1 AND version = ?8",
        )?
        .execute(params![
            r.id.0,
            r.title,
            r.requester,
            Ch(r.category),
            Ch(r.level),
            d(r.raised_on),
            Ch(r.status),
            r.version
        ])?;
    versioned(conn, "requirement", r.id.0, r.version, n)?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO requirement_transition (requirement_id, status, at, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for t in r.history.iter().skip(old_len) {
        stmt.execute(params![r.id.0, Ch(t.status), dt(t.at), t.note])?;
    }
    Ok(())
}
