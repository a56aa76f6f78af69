//! Writing the difference between an account as loaded and as an import left it: inserts
//! for new records, versioned updates for changed ones, versioned deletes for those gone.

use super::AccountEdit;
use crate::domain::*;
use crate::store::Result;
use crate::store::conn::Conn;
use crate::store::milestones::{is_stored, keep_decided, keep_stored_claims};
use crate::store::tables::Table;
use crate::store::write::{Inserters, Versioned, delete, update_bumped};

/// One child table's rows in `before` and `after`: ids gone are deleted, id 0 inserted
/// (with `insert`, after taking the account's id), others updated when they differ.
fn save_table<T: Table + Versioned + PartialEq>(
    conn: &Conn,
    before: &[T],
    after: &mut [T],
    mut insert: impl FnMut(&mut T) -> Result<()>,
) -> Result<()> {
    for gone in before.iter().filter(|b| !after.iter().any(|a| a.id() == b.id())) {
        delete::<T>(conn, gone.id(), gone.version())?;
    }
    for a in after.iter_mut() {
        if a.id() == 0 {
            insert(a)?;
        } else if before.iter().find(|b| b.id() == a.id()).is_some_and(|b| b != &*a) {
            update_bumped(conn, a)?;
        }
    }
    Ok(())
}

pub(super) fn save_edit(conn: &Conn, ins: &mut Inserters<'_>, e: &mut AccountEdit) -> Result<()> {
    let (b, a) = (&e.before, &mut e.after);
    let id = a.account.id;
    if a.account != b.account {
        update_bumped(conn, &mut a.account)?;
    }
    save_table(conn, &b.terms, &mut a.terms, |t| {
        t.account_id = id;
        ins.term(t)
    })?;
    save_table(conn, &b.contacts, &mut a.contacts, |c| {
        c.account_id = id;
        ins.contact(c)
    })?;
    save_table(conn, &b.promises, &mut a.promises, |p| {
        p.account_id = id;
        ins.promise(p)
    })?;
    // History is append-only: an updated requirement gets the steps added since it was
    // loaded (earlier moves are never rewritten); a new one all of them.
    let old: Vec<(RequirementId, usize)> = b.requirements.iter().map(|r| (r.id, r.history.len())).collect();
    save_table(conn, &b.requirements, &mut a.requirements, |r| {
        r.account_id = id;
        ins.requirement(r)
    })?;
    for r in &a.requirements {
        if let Some((_, len)) = old.iter().find(|(o, _)| *o == r.id)
            && r.history.len() > *len
        {
            ins.steps(r, *len)?;
        }
    }
    save_table(conn, &b.touchpoints, &mut a.touchpoints, |t| {
        t.account_id = id;
        ins.touchpoint(t)
    })?;
    save_table(conn, &b.usage, &mut a.usage, |u| {
        u.account_id = id;
        ins.usage(u)
    })?;
    // Milestones: the stored rows as loaded, and what needs storing of the list after.
    let stored: Vec<Milestone> = b.milestones.iter().filter(|m| is_stored(m)).cloned().collect();
    keep_decided(a);
    keep_stored_claims(&mut a.milestones, &stored);
    save_table(conn, &stored, &mut a.milestones, |m| {
        m.account_id = id;
        ins.milestone(m)
    })?;
    crate::store::milestones::rederive(a);
    save_table(conn, &b.tasks, &mut a.tasks, |t| {
        t.account_id = id;
        ins.task(t)
    })?;
    save_table(conn, &b.referrals, &mut a.referrals, |r| {
        r.account_id = id;
        ins.referral(r)
    })?;
    // Complaints are not imported from CSV; an edit never carries complaint changes.
    Ok(())
}
