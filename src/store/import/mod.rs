//! Writes an import: brand-new accounts with everything about them, and existing accounts
//! as "what was loaded" → "what the import made of it". The difference is written record by
//! record (insert id 0, update changed rows, delete rows that are gone), every update and
//! delete naming the version it was loaded at, all in one transaction (`ImportTx`): a row
//! someone else changed meanwhile aborts the whole import with nothing written.

mod tx;
mod update;

pub use tx::ImportTx;

use super::Result;
use super::load::load_one;
use super::risk::{RiskWriter, write_risk, write_rows};
use super::sqlite::bulk::{ROW_BATCH, RowBatch};
use super::write::Inserters;
use crate::domain::risk::Assessment;
use crate::domain::*;
use crate::store::conn::Conn;
use chrono::NaiveDate;

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
        // A bulk load fills the full-text index once, when it commits.
        let mut ins = Inserters::with_index(conn, !self.is_bulk())?;
        // Only decisions about milestones are stored (each list kept once: `keep` reads a
        // whole list, stored and derived).
        new.iter_mut().for_each(super::milestones::keep_decided);
        if keep_ids {
            for f in new.iter_mut() {
                ins.facts(f, true)?;
            }
        } else {
            insert_new_accounts(conn, &mut ins, new)?;
        }
        new.iter_mut().for_each(super::milestones::rederive);
        Ok(())
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

    /// Caches the scores of accounts this import created (`insert_new`).
    pub fn save_new_risk(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        scores: &[(AccountId, &Assessment, i64, crate::domain::metrics::RateShare)],
    ) -> Result<()> {
        let w = RiskWriter::new(self.conn(), as_of, rules)?.for_new_accounts();
        write_rows(w, scores.iter().map(|(id, a, p, s)| (*id, *a, *p, *s)))
    }

    /// Replaces the cached risk of the given accounts.
    pub fn save_risk(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        scores: &[(AccountId, &Assessment, i64, crate::domain::metrics::RateShare)],
    ) -> Result<()> {
        write_risk(self.conn(), as_of, rules, scores.iter().map(|(id, a, p, s)| (*id, *a, *p, *s)))
    }

    /// One account with everything about it, as this transaction sees it.
    pub fn load_facts(&self, id: AccountId) -> Result<Option<AccountFacts>> {
        load_one(self.conn(), id)
    }
}

/// New accounts from a CSV import's bulk load (an account, its terms and the milestones
/// decided): accounts, terms and milestones go in multi-row batches; anything richer takes
/// the general path. Every table's rows go in in the order the row-by-row path wrote them, so
/// the ids are the same.
fn insert_new_accounts(conn: &Conn, ins: &mut Inserters<'_>, new: &mut [AccountFacts]) -> Result<()> {
    // The batches write rows only: records indexed as they go in (an import into a file
    // that holds accounts) take the general path too.
    let lite = conn.as_lite().filter(|_| !ins.indexes());
    let Some(lite) = lite else {
        // PostgreSQL: row by row, in the import's one transaction.
        for f in new.iter_mut() {
            ins.facts(f, false)?;
        }
        return Ok(());
    };
    let mut batches = Batches::new(lite)?;
    // Simple accounts waiting for a full batch, and their terms once the accounts have
    // ids: (account, term) positions in `new`.
    let mut accounts: Vec<usize> = Vec::with_capacity(ROW_BATCH);
    let mut terms: Vec<(usize, usize)> = Vec::new();
    for i in 0..new.len() {
        let f = &new[i];
        let simple = f.contacts.is_empty()
            && f.promises.is_empty()
            && f.requirements.is_empty()
            && f.complaints.is_empty()
            && f.touchpoints.is_empty()
            && f.usage.is_empty()
            && f.milestones.iter().all(|m| m.id.0 == 0);
        if !simple {
            // What waits goes in first, so ids follow the file's order.
            batches.accounts(new, &mut accounts, &mut terms, ins, true)?;
            batches.terms(new, &mut terms, ins, true)?;
            ins.facts(&mut new[i], false)?;
            continue;
        }
        accounts.push(i);
        if accounts.len() == ROW_BATCH {
            batches.accounts(new, &mut accounts, &mut terms, ins, false)?;
            batches.terms(new, &mut terms, ins, false)?;
        }
    }
    batches.accounts(new, &mut accounts, &mut terms, ins, true)?;
    batches.terms(new, &mut terms, ins, true)?;
    // The milestones of simple accounts (decisions only: few) last, every account having
    // its id by then.
    for f in new.iter_mut() {
        let account_id = f.account.id;
        f.milestones.iter_mut().for_each(|m| m.account_id = account_id);
    }
    let mut decided: Vec<&mut Milestone> =
        new.iter_mut().flat_map(|f| f.milestones.iter_mut().filter(|m| m.id.0 == 0)).collect();
    for chunk in decided.chunks_mut(ROW_BATCH) {
        if chunk.len() == ROW_BATCH {
            batches.milestones.flush(chunk)?;
        } else {
            for m in chunk.iter_mut() {
                ins.milestone(m)?;
            }
        }
    }
    Ok(())
}

/// The multi-row inserts of `insert_new_accounts`.
struct Batches<'c> {
    accounts: RowBatch<'c, Account>,
    terms: RowBatch<'c, ContractTerm>,
    milestones: RowBatch<'c, Milestone>,
}

impl<'c> Batches<'c> {
    fn new(conn: &'c rusqlite::Connection) -> Result<Batches<'c>> {
        Ok(Batches {
            accounts: RowBatch::new(conn)?,
            terms: RowBatch::new(conn)?,
            milestones: RowBatch::new(conn)?,
        })
    }

    /// Inserts the waiting accounts (`queue`, positions in `new`): a full batch in one
    /// statement, fewer only when `all` (row by row); then queues their terms.
    fn accounts(
        &mut self,
        new: &mut [AccountFacts],
        queue: &mut Vec<usize>,
        terms: &mut Vec<(usize, usize)>,
        ins: &mut Inserters<'_>,
        all: bool,
    ) -> Result<()> {
        if queue.len() == ROW_BATCH {
            let mut rows: Vec<&mut Account> =
                disjoint(new, queue).into_iter().map(|f| &mut f.account).collect();
            self.accounts.flush(&mut rows)?;
        } else if all {
            for &i in queue.iter() {
                ins.account(&mut new[i].account)?;
            }
        } else {
            return Ok(());
        }
        for &i in queue.iter() {
            let f = &mut new[i];
            let account_id = f.account.id;
            for (k, t) in f.terms.iter_mut().enumerate() {
                t.account_id = account_id;
                terms.push((i, k));
            }
        }
        queue.clear();
        Ok(())
    }

    /// Inserts the waiting terms in full batches, and the rest row by row when `all`.
    fn terms(
        &mut self,
        new: &mut [AccountFacts],
        queue: &mut Vec<(usize, usize)>,
        ins: &mut Inserters<'_>,
        all: bool,
    ) -> Result<()> {
        while queue.len() >= ROW_BATCH {
            let chunk: Vec<(usize, usize)> = queue.drain(..ROW_BATCH).collect();
            let accounts = dedup(chunk.iter().map(|(i, _)| *i));
            let mut rows: Vec<&mut ContractTerm> = Vec::with_capacity(ROW_BATCH);
            // `chunk` is in account order, each account's terms in order.
            for (f, i) in disjoint(new, &accounts).into_iter().zip(&accounts) {
                let mine: Vec<usize> = chunk.iter().filter(|(j, _)| j == i).map(|(_, k)| *k).collect();
                rows.extend(f.terms.iter_mut().enumerate().filter(|(k, _)| mine.contains(k)).map(|(_, t)| t));
            }
            self.terms.flush(&mut rows)?;
        }
        if all {
            for (i, k) in queue.drain(..) {
                ins.term(&mut new[i].terms[k])?;
            }
        }
        Ok(())
    }
}

/// Mutable references to `new[i]` for each of `positions` (increasing, no repeats).
fn disjoint<'a>(new: &'a mut [AccountFacts], positions: &[usize]) -> Vec<&'a mut AccountFacts> {
    let mut wanted = positions.iter().copied().peekable();
    let first = positions.first().copied().unwrap_or(new.len());
    new.iter_mut().enumerate().skip(first).filter_map(|(i, f)| wanted.next_if_eq(&i).map(|_| f)).collect()
}

/// The distinct values of an ordered sequence, in order.
fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut v: Vec<usize> = it.collect();
    v.dedup();
    v
}
