//! Inserts and optimistic-concurrency updates. Every public method is one transaction.

use super::conn::{Conn, Tx, vals};
use super::sqlite::{bind, fts};
use super::tables::Reader;
use super::tables::{StepRef, Table, bind_transition};
use super::{Result, Store, StoreError};
use crate::domain::change::TransitionRow;
use crate::domain::*;
use rusqlite::Statement;

impl Store {
    /// Inserts whole accounts with everything about them, in one transaction. With
    /// `keep_ids` the records keep the ids they carry (a lossless import); otherwise they
    /// get fresh ids, written back into `facts`. A touchpoint's `contact_id` refers to a
    /// contact of the same facts and is remapped.
    pub fn insert_facts(&mut self, facts: &mut [AccountFacts], keep_ids: bool) -> Result<()> {
        let tx = Tx::deferred(&self.conn)?;
        {
            // In bulk mode (`set_bulk_mode`) the index is filled when it ends.
            let mut ins = Inserters::with_index(&self.conn, self.dropped_indexes.is_empty())?;
            for f in facts.iter_mut() {
                super::milestones::keep_decided(f);
                if !keep_ids {
                    clear_ids(f);
                }
                ins.facts(f, keep_ids)?;
                super::milestones::rederive(f);
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Saves an edited account if nobody changed it since it was loaded; bumps its version.
    pub fn update_account(&mut self, a: &Account) -> Result<Account> {
        let tx = Tx::deferred(&self.conn)?;
        update_bumped(&self.conn, &mut a.clone())?;
        tx.commit()?;
        self.account(a.id)?.ok_or(StoreError::Missing { what: "account", id: a.id.0 })
    }

    /// Deletes an account and (by cascade) everything recorded about it.
    pub fn delete_account(&mut self, id: AccountId, version: i64) -> Result<()> {
        let tx = Tx::deferred(&self.conn)?;
        delete::<Account>(&self.conn, id.0, version)?;
        tx.commit()?;
        Ok(())
    }
}

/// Writes `t` whole over its stored row at version `t.version`, which becomes one more
/// (in `t` too); refused as stale or missing otherwise.
pub(super) fn update_bumped<T: Table + Versioned>(conn: &Conn, t: &mut T) -> Result<()> {
    let expected = t.version();
    t.set_version(expected + 1);
    let n = conn.update(&*t, expected)?;
    if n == 0 {
        t.set_version(expected);
        return Err(stale_or_missing(conn, T::NAME, t.id(), expected));
    }
    fts::after_write(conn, T::NAME, t.id())
}

/// Deletes row `id` of `T` if it is still at `version` (foreign keys cascade).
pub(super) fn delete<T: Table>(conn: &Conn, id: i64, version: i64) -> Result<()> {
    // Out of the index first: an account's cascade takes the records its index rows are found by.
    fts::before_delete(conn, T::NAME, id)?;
    let sql = &T::sql().delete;
    let n = if T::VERSIONED { conn.exec(sql, vals![id, version])? } else { conn.exec(sql, vals![id])? };
    if n == 0 {
        return Err(stale_or_missing(conn, T::NAME, id, version));
    }
    Ok(())
}

/// Explains why a versioned write touched no row.
pub(super) fn stale_or_missing(conn: &Conn, table: &'static str, id: i64, expected: i64) -> StoreError {
    if let Some(p) = conn.as_pg() {
        return p.why_untouched(table, id, expected);
    }
    let sql = format!("SELECT version FROM {table} WHERE id = ?1");
    match conn.first(&sql, vals![id], |r| r.int()) {
        Ok(Some(found)) => StoreError::Stale { what: table, id, expected, found },
        Ok(None) => StoreError::Missing { what: table, id },
        Err(e) => e,
    }
}

/// The id and version of a versioned record, for the generic writes above.
pub(super) trait Versioned {
    fn id(&self) -> i64;
    fn version(&self) -> i64;
    fn set_version(&mut self, v: i64);
    /// Sets the id a fresh insert got.
    fn set_id(&mut self, id: i64);
}

macro_rules! versioned {
    ($($t:ty => $id:ident),* $(,)?) => {$(
        impl Versioned for $t {
            fn id(&self) -> i64 { self.id.0 }
            fn version(&self) -> i64 { self.version }
            fn set_version(&mut self, v: i64) { self.version = v }
            fn set_id(&mut self, id: i64) { self.id = $id(id) }
        }
    )*};
}

versioned!(Account => AccountId, ContractTerm => TermId, Contact => ContactId, Promise => PromiseId,
    Requirement => RequirementId, Complaint => ComplaintId, Touchpoint => TouchpointId,
    UsageSnapshot => UsageId, Milestone => MilestoneId, Task => TaskId, Referral => ReferralId);

/// The insert statements, prepared once per transaction: bulk loads insert millions of
/// rows, and looking a statement up in the cache by its SQL text on every row costs more
/// than the insert's own bookkeeping. (PostgreSQL's connection keeps its own statements.)
pub(super) struct Inserters<'c> {
    conn: &'c Conn,
    /// Index each record as it goes in (false in a bulk load, which fills the index once
    /// at the end: `fts::rebuild`).
    index: bool,
    lite: Option<LiteInserts<'c>>,
}

/// SQLite's prepared inserts, one per table.
struct LiteInserts<'c> {
    account: Statement<'c>,
    term: Statement<'c>,
    contact: Statement<'c>,
    promise: Statement<'c>,
    requirement: Statement<'c>,
    complaint: Statement<'c>,
    touchpoint: Statement<'c>,
    usage: Statement<'c>,
    milestone: Statement<'c>,
    task: Statement<'c>,
    referral: Statement<'c>,
    transition: Statement<'c>,
}

/// Marks every record as new (id 0) except contacts and touchpoints, whose old ids the
/// touchpoints and tasks still refer to; `Inserters::facts` remaps those.
fn clear_ids(f: &mut AccountFacts) {
    f.account.id = AccountId(0);
    f.terms.iter_mut().for_each(|t| t.id = TermId(0));
    f.promises.iter_mut().for_each(|p| p.id = PromiseId(0));
    f.requirements.iter_mut().for_each(|r| r.id = RequirementId(0));
    f.complaints.iter_mut().for_each(|c| c.id = ComplaintId(0));
    f.usage.iter_mut().for_each(|u| u.id = UsageId(0));
    f.milestones.iter_mut().for_each(|m| m.id = MilestoneId(0));
    f.tasks.iter_mut().for_each(|t| t.id = TaskId(0));
    f.referrals.iter_mut().for_each(|r| r.id = ReferralId(0));
}

/// Inserts one record with the statement prepared for its table: a new record gets
/// version 1 (one carrying a version keeps it), and the id it got is written back.
fn put<T: Table + Versioned>(
    conn: &Conn,
    stmt: Option<&mut Statement<'_>>,
    t: &mut T,
    index: bool,
) -> Result<()> {
    t.set_version(t.version().max(1));
    let id = match (stmt, conn.as_lite()) {
        (Some(stmt), Some(c)) => bind::insert(c, stmt, t)?,
        _ => conn.insert(t)?,
    };
    t.set_id(id);
    if index { fts::after_write(conn, T::NAME, id) } else { Ok(()) }
}

impl<'c> Inserters<'c> {
    pub(super) fn new(conn: &'c Conn) -> Result<Inserters<'c>> {
        Inserters::with_index(conn, true)
    }

    /// Inserters that leave the full-text index alone (`index` false): for a bulk load,
    /// which fills it in one pass at the end.
    pub(super) fn with_index(conn: &'c Conn, index: bool) -> Result<Inserters<'c>> {
        fn p<'c, T: Table>(conn: &'c rusqlite::Connection) -> Result<Statement<'c>> {
            Ok(conn.prepare(&T::sql().insert)?)
        }
        let Some(c) = conn.as_lite() else { return Ok(Inserters { conn, index, lite: None }) };
        let lite = LiteInserts {
            account: p::<Account>(c)?,
            term: p::<ContractTerm>(c)?,
            contact: p::<Contact>(c)?,
            promise: p::<Promise>(c)?,
            requirement: p::<Requirement>(c)?,
            complaint: p::<Complaint>(c)?,
            touchpoint: p::<Touchpoint>(c)?,
            usage: p::<UsageSnapshot>(c)?,
            milestone: p::<Milestone>(c)?,
            task: p::<Task>(c)?,
            referral: p::<Referral>(c)?,
            transition: p::<TransitionRow>(c)?,
        };
        Ok(Inserters { conn, index, lite: Some(lite) })
    }

    /// An account with everything about it; children get its id. Its milestones are
    /// what needs storing (the callers ran `milestones::keep_decided` once on the list).
    pub(super) fn facts(&mut self, f: &mut AccountFacts, keep_ids: bool) -> Result<()> {
        self.account(&mut f.account)?;
        let account_id = f.account.id;
        for t in &mut f.terms {
            t.account_id = account_id;
            self.term(t)?;
        }
        let mut contact_map = Vec::with_capacity(f.contacts.len());
        for c in &mut f.contacts {
            let old = c.id;
            c.account_id = account_id;
            if !keep_ids {
                c.id = ContactId(0);
            }
            self.contact(c)?;
            contact_map.push((old, c.id));
        }
        for p in &mut f.promises {
            p.account_id = account_id;
            self.promise(p)?;
        }
        for r in &mut f.requirements {
            r.account_id = account_id;
            self.requirement(r)?;
        }
        for c in &mut f.complaints {
            c.account_id = account_id;
            self.complaint(c)?;
        }
        let mut touch_map = Vec::with_capacity(f.touchpoints.len());
        for t in &mut f.touchpoints {
            let old = t.id;
            t.account_id = account_id;
            t.contact_id =
                t.contact_id.and_then(|old| contact_map.iter().find(|(o, _)| *o == old).map(|(_, n)| *n));
            if !keep_ids {
                t.id = TouchpointId(0);
            }
            self.touchpoint(t)?;
            touch_map.push((old, t.id));
        }
        for u in &mut f.usage {
            u.account_id = account_id;
            self.usage(u)?;
        }
        for m in &mut f.milestones {
            m.account_id = account_id;
            self.milestone(m)?;
        }
        // A task refers to a contact and a touchpoint of the same facts: remapped like them.
        for t in &mut f.tasks {
            t.account_id = account_id;
            t.contact_id =
                t.contact_id.and_then(|old| contact_map.iter().find(|(o, _)| *o == old).map(|(_, n)| *n));
            t.touchpoint_id =
                t.touchpoint_id.and_then(|old| touch_map.iter().find(|(o, _)| *o == old).map(|(_, n)| *n));
            self.task(t)?;
        }
        for r in &mut f.referrals {
            r.account_id = account_id;
            r.contact_id =
                r.contact_id.and_then(|old| contact_map.iter().find(|(o, _)| *o == old).map(|(_, n)| *n));
            self.referral(r)?;
        }
        Ok(())
    }

    /// Whether each record is indexed as it goes in (not in a bulk load).
    pub(super) fn indexes(&self) -> bool {
        self.index
    }
    pub(super) fn account(&mut self, a: &mut Account) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.account), a, self.index)
    }
    pub(super) fn term(&mut self, t: &mut ContractTerm) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.term), t, self.index)
    }
    pub(super) fn contact(&mut self, c: &mut Contact) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.contact), c, self.index)
    }
    pub(super) fn promise(&mut self, p: &mut Promise) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.promise), p, self.index)
    }
    pub(super) fn complaint(&mut self, c: &mut Complaint) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.complaint), c, self.index)
    }
    pub(super) fn touchpoint(&mut self, t: &mut Touchpoint) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.touchpoint), t, self.index)
    }
    pub(super) fn usage(&mut self, u: &mut UsageSnapshot) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.usage), u, self.index)
    }
    pub(super) fn milestone(&mut self, m: &mut Milestone) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.milestone), m, self.index)
    }
    pub(super) fn task(&mut self, t: &mut Task) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.task), t, self.index)
    }
    pub(super) fn referral(&mut self, r: &mut Referral) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.referral), r, self.index)
    }

    /// A requirement and its whole history.
    pub(super) fn requirement(&mut self, r: &mut Requirement) -> Result<()> {
        put(self.conn, self.lite.as_mut().map(|l| &mut l.requirement), r, self.index)?;
        self.steps(r, 0)
    }

    /// Appends the requirement's history from step `from` on (history is append-only).
    pub(super) fn steps(&mut self, r: &Requirement, from: usize) -> Result<()> {
        for t in r.history.iter().skip(from) {
            match (&mut self.lite, self.conn.as_lite()) {
                (Some(l), Some(c)) => {
                    let mut b = bind::LiteBinder::new(&mut l.transition, 0);
                    bind_transition(&mut b, 0, r.id, StepRef::from(t));
                    b.finish()?;
                    bind::inserted_id(c, &mut l.transition)?;
                }
                _ => {
                    let step = TransitionRow {
                        id: 0,
                        requirement_id: r.id,
                        status: t.status,
                        at: t.at,
                        note: t.note.clone(),
                    };
                    self.conn.insert(&step)?;
                }
            }
        }
        Ok(())
    }
}
