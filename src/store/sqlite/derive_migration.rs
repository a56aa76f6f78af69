//! Migration V21 (the 20th here; issue 19 item 2): only decisions about playbook
//! milestones stay stored. `schema_derived.sql` adds `milestone.origin`; this hook then
//! runs `playbook_derive::keep` over each account's stored rows: the rows `derive` gives
//! back unchanged (pending, never moved) go, and every row kept learns the playbook date
//! it stands for. The facts do not change, so the risk cache stays as it was (the
//! milestone triggers would mark every score stale).

use super::dates::{Day, d};
use crate::domain::choice::Choice;
use crate::domain::playbook_derive::{account_outline, expected, keep, term_outline};
use crate::domain::*;
use crate::store::{Result, StoreError};
use rusqlite::{Connection, params};
use std::path::Path;

/// The accounts' tiers, and their terms reduced to what the playbook reads (start, end,
/// open or not), read with the columns as they are at this migration (a later one may add
/// columns the current `Table` impls read).
const ACCOUNTS: &str = "SELECT id, tier, created_on FROM account ORDER BY id";
const TERMS: &str =
    "SELECT account_id, start, \"end\", outcome IS NULL FROM term ORDER BY account_id, start, id";
const MILESTONES: &str = "SELECT id, account_id, kind, due, status, done_on, note, version, NULL \
     FROM milestone ORDER BY account_id, due, id";

/// The `user_version` V22 writes: files below it store milestones a release of this
/// schema derives (V21: every pending one; V22: those skipped before arrival).
const DERIVED_SINCE: i64 = 21;

/// Before V21 or V22 runs on a file that holds accounts: a copy of the file as it is,
/// beside it (`portfolio.schema-19.db`, private, made once), since the migration deletes
/// the rows it derives (V21) and a release before it cannot open the file after. Nothing
/// when the copy is there already or the file is new or in memory.
pub(crate) fn keep_a_copy(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    if !(1..DERIVED_SINCE).contains(&version) || path.as_os_str() == crate::store::IN_MEMORY {
        return Ok(());
    }
    let accounts: i64 = conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?;
    if accounts == 0 {
        return Ok(());
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let copy = path.with_file_name(format!("{stem}.schema-{version}.db"));
    if copy.exists() {
        return Ok(());
    }
    // Written under another name and renamed once whole: a copy cut short (the process
    // killed mid-way) left a file of no tables under the final name, and later opens,
    // finding it there, made no other.
    let partial = copy.with_extension("db.partial");
    // With its journal: left hot beside a new empty file, SQLite would roll it back into it.
    let _ = std::fs::remove_file(partial.with_extension("partial-journal"));
    let _ = std::fs::remove_file(&partial);
    super::open::create_private_file(&partial)?;
    let written = conn.execute("VACUUM INTO ?1", [partial.to_string_lossy()]).map_err(StoreError::from);
    let renamed = written.and_then(|_| {
        std::fs::rename(&partial, &copy)
            .map_err(|e| StoreError::Invalid(format!("{}: cannot keep the copy: {e}", copy.display())))
    });
    if renamed.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    renamed
}

pub(crate) fn hook() -> impl rusqlite_migration::MigrationHook {
    |tx: &rusqlite::Transaction<'_>| {
        keep_decisions(tx).map(|_| ()).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
    }
}

/// Keeps only the decided rows of every account; returns how many rows went.
pub(crate) fn keep_decisions(c: &Connection) -> Result<usize> {
    c.execute_batch(
        "CREATE TEMP TABLE derive_was_stale AS SELECT account_id FROM risk_cache WHERE stale = 1",
    )?;
    let mut terms_q = c.prepare(TERMS)?;
    let mut terms = terms_q.query([])?;
    let mut ms_q = c.prepare(MILESTONES)?;
    let mut ms = ms_q.query([])?;
    let mut del = c.prepare("DELETE FROM milestone WHERE id = ?1")?;
    let mut set = c.prepare("UPDATE milestone SET origin = ?2 WHERE id = ?1")?;
    let (mut term_ahead, mut m_ahead) = (terms.next()?.map(term_row).transpose()?, None);
    if let Some(row) = ms.next()? {
        m_ahead = Some(super::bind::read::<Milestone>(row)?);
    }
    let mut gone = 0;
    let mut accounts_q = c.prepare(ACCOUNTS)?;
    let mut accounts = accounts_q.query([])?;
    while let Some(row) = accounts.next()? {
        let tier = Tier::parse(&row.get::<_, String>(1)?).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let account = account_outline(AccountId(row.get(0)?), tier, row.get::<_, Day>(2)?.0);
        let mut account_terms = Vec::new();
        while let Some((of, t)) = term_ahead.take() {
            if of != account.id.0 {
                term_ahead = Some((of, t));
                break;
            }
            account_terms.push(t);
            term_ahead = terms.next()?.map(term_row).transpose()?;
        }
        let mut stored = Vec::new();
        while let Some(m) = m_ahead.take() {
            if m.account_id != account.id {
                m_ahead = Some(m);
                break;
            }
            stored.push(m);
            if let Some(row) = ms.next()? {
                m_ahead = Some(super::bind::read::<Milestone>(row)?);
            }
        }
        let kept = keep(&stored, &expected(&account, &account_terms));
        for m in &stored {
            match kept.iter().find(|k| k.id == m.id) {
                Some(k) => set.execute(params![k.id.0, k.origin.map(d)])?,
                None => {
                    gone += 1;
                    del.execute([m.id.0])?
                }
            };
        }
    }
    c.execute_batch(
        "UPDATE risk_cache SET stale = 0 WHERE stale = 1 AND account_id NOT IN (SELECT account_id FROM derive_was_stale);
         DROP TABLE temp.derive_was_stale;",
    )?;
    Ok(gone)
}

fn term_row(row: &rusqlite::Row<'_>) -> Result<(i64, ContractTerm)> {
    let account = AccountId(row.get(0)?);
    let (start, end) = (row.get::<_, Day>(1)?.0, row.get::<_, Day>(2)?.0);
    Ok((account.0, term_outline(account, start, end, row.get(3)?)))
}
