//! Writes an import: brand-new accounts with everything about them, and existing accounts
//! as "what was loaded" → "what the import made of it". The difference is written record by
//! record (insert id 0, update changed rows, delete rows that are gone), every update and
//! delete naming the version it was loaded at, all in one transaction (`ImportTx`): a row
//! someone else changed meanwhile aborts the whole import with nothing written.

mod tx;
mod update;

pub use tx::ImportTx;

use super::Result;
use super::codec::{Ch, new_id};
use super::dates::{d, od};
use super::load::load_one;
use super::portfolio::write_risk;
use super::write::{Inserters, insert_account, insert_account_facts, insert_milestone, insert_term};
use crate::domain::risk::Assessment;
use crate::domain::*;
use chrono::NaiveDate;
use rusqlite::Connection;

/// One existing account before and after an import.
#[derive(Debug, Clone)]
pub struct AccountEdit {
    pub before: AccountFacts,
    pub after: AccountFacts,
}

impl ImportTx<'_> {
    /// Inserts whole new accounts (fresh ids, or the ids they carry with `keep_ids`);
    /// ids and versions are written back.
    pub fn insert_new(&mut self, new: &mut [AccountFacts], keep_ids: bool) -> Result<()> {
        let conn = self.conn();
        let mut ins = Inserters::new(conn)?;
        if keep_ids {
            for f in new.iter_mut() {
                insert_account_facts(&mut ins, f, true)?;
            }
            Ok(())
        } else {
            insert_new_accounts(conn, &mut ins, new)
        }
    }

    /// Writes the difference of each edit; versions are written back. A row someone else
    /// changed since it was loaded fails the whole import (`Stale`).
    pub fn save_edits(&mut self, edits: &mut [AccountEdit]) -> Result<()> {
        let conn = self.conn();
        let mut ins = Inserters::new(conn)?;
        for e in edits.iter_mut() {
            update::save_edit(conn, &mut ins, e)?;
        }
        Ok(())
    }

    /// Replaces the cached risk of the given accounts.
    pub fn save_risk(&mut self, as_of: NaiveDate, scores: &[(AccountId, &Assessment, i64)]) -> Result<()> {
        write_risk(self.conn(), as_of, scores.iter().map(|(id, a, p)| (*id, *a, *p)))
    }

    /// One account with everything about it, as this transaction sees it.
    pub fn load_facts(&self, id: AccountId) -> Result<Option<AccountFacts>> {
        load_one(self.conn(), id)
    }
}

/// Milestone rows per INSERT statement for new accounts. A CSV import of 100k accounts
/// writes over a million milestones; one statement per row spent more in statement
/// bookkeeping than in SQLite's own insert work.
const MILESTONE_BATCH: usize = 32;
const MILESTONE_COLUMNS: usize = 8;

/// New accounts from a CSV import (an account, its terms and generated milestones):
/// milestones go in batches; anything richer takes the general path.
fn insert_new_accounts(conn: &Connection, ins: &mut Inserters<'_>, new: &mut [AccountFacts]) -> Result<()> {
    let groups = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; MILESTONE_BATCH].join(", ");
    let mut batch = conn.prepare(&format!(
        "INSERT INTO milestone (id, account_id, kind, due, status, done_on, note, version) VALUES {groups}"
    ))?;
    let mut queue: Vec<(usize, usize)> = Vec::with_capacity(MILESTONE_BATCH);
    for i in 0..new.len() {
        let f = &mut new[i];
        let simple = f.contacts.is_empty()
            && f.promises.is_empty()
            && f.requirements.is_empty()
            && f.complaints.is_empty()
            && f.touchpoints.is_empty()
            && f.usage.is_empty()
            && f.milestones.iter().all(|m| m.id.0 == 0);
        if !simple {
            insert_account_facts(ins, f, false)?;
            continue;
        }
        insert_account(ins, &mut f.account)?;
        let account_id = f.account.id;
        for t in &mut f.terms {
            t.account_id = account_id;
            insert_term(ins, t)?;
        }
        for (k, m) in f.milestones.iter_mut().enumerate() {
            m.account_id = account_id;
            queue.push((i, k));
        }
        while queue.len() >= MILESTONE_BATCH {
            let chunk: Vec<(usize, usize)> = queue.drain(..MILESTONE_BATCH).collect();
            flush_milestones(conn, &mut batch, new, &chunk)?;
        }
    }
    for &(i, k) in &queue {
        insert_milestone(ins, &mut new[i].milestones[k])?;
    }
    Ok(())
}

/// Inserts one full batch of milestones and writes their ids back. Rows given no id get
/// consecutive rowids within one statement, ending at the last insert rowid.
fn flush_milestones(
    conn: &Connection,
    stmt: &mut rusqlite::Statement<'_>,
    new: &mut [AccountFacts],
    chunk: &[(usize, usize)],
) -> Result<()> {
    for (j, &(i, k)) in chunk.iter().enumerate() {
        let m = &new[i].milestones[k];
        let b = j * MILESTONE_COLUMNS;
        stmt.raw_bind_parameter(b + 1, new_id(m.id.0))?;
        stmt.raw_bind_parameter(b + 2, m.account_id.0)?;
        stmt.raw_bind_parameter(b + 3, Ch(m.kind))?;
        stmt.raw_bind_parameter(b + 4, d(m.due))?;
        stmt.raw_bind_parameter(b + 5, Ch(m.status))?;
        stmt.raw_bind_parameter(b + 6, od(m.done_on))?;
        stmt.raw_bind_parameter(b + 7, &m.note)?;
        stmt.raw_bind_parameter(b + 8, m.version.max(1))?;
    }
    stmt.raw_execute()?;
    let last = conn.last_insert_rowid();
    for (j, &(i, k)) in chunk.iter().enumerate() {
        let m = &mut new[i].milestones[k];
        m.id = MilestoneId(last - (chunk.len() - 1 - j) as i64);
        m.version = m.version.max(1);
    }
    Ok(())
}
