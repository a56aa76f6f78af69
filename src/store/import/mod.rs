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
use super::risk::{write_new_risk, write_risk};
use super::sqlite::bulk::{MILESTONE_BATCH, MilestoneBatch};
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
        write_new_risk(self.conn(), as_of, rules, scores.iter().map(|(id, a, p, s)| (*id, *a, *p, *s)))
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

/// New accounts from a CSV import (an account, its terms and generated milestones):
/// milestones go in batches; anything richer takes the general path.
fn insert_new_accounts(conn: &Conn, ins: &mut Inserters<'_>, new: &mut [AccountFacts]) -> Result<()> {
    let Some(lite) = conn.as_lite() else {
        // PostgreSQL: row by row, in the import's one transaction.
        for f in new.iter_mut() {
            ins.facts(f, false)?;
        }
        return Ok(());
    };
    let mut batch = MilestoneBatch::new(lite)?;
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
            ins.facts(f, false)?;
            continue;
        }
        ins.account(&mut f.account)?;
        let account_id = f.account.id;
        for t in &mut f.terms {
            t.account_id = account_id;
            ins.term(t)?;
        }
        for (k, m) in f.milestones.iter_mut().enumerate() {
            m.account_id = account_id;
            queue.push((i, k));
        }
        while queue.len() >= MILESTONE_BATCH {
            let chunk: Vec<(usize, usize)> = queue.drain(..MILESTONE_BATCH).collect();
            batch.flush(new, &chunk)?;
        }
    }
    for &(i, k) in &queue {
        ins.milestone(&mut new[i].milestones[k])?;
    }
    Ok(())
}
