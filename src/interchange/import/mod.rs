//! `radar import KIND FILE` as two steps any front end can drive: `plan` reads and checks
//! the whole file against the portfolio and says what would be created, updated or left
//! unchanged (writing nothing); `apply` writes that plan in one transaction, regenerates the
//! playbook milestones of the accounts whose dates changed and recomputes their risk.
//! Any bad row fails `plan`, listing every bad row: an import is all or nothing.

mod accounts;
mod activity;
mod json;
mod outcomes;
mod people;
mod summary;
mod world;

pub use summary::{Counts, Note, done_line, dry_run_line};
pub use world::{BEFORE_IMPORT, Outcome};

use super::error::{ImportError, Problems};
use super::fields::Kind;
use super::table::Table;
use crate::domain::risk::{Assessment, RiskConfig};
use crate::domain::{AccountFacts, AccountId};
use crate::refresh;
use crate::store::Store;
use crate::store::import::AccountEdit;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use world::World;

/// New accounts from which an import into an empty file uses the store's bulk mode.
pub const BULK_MIN: usize = 5_000;

/// What a long import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading and checking rows: (bytes read, bytes).
    Read,
    /// Writing: (0 or 1, 1).
    Write,
    /// Recomputing risk: (accounts done, accounts).
    Score,
}

/// Receives `(phase, done, total)` now and then.
pub type Progress<'a> = &'a mut dyn FnMut(Phase, usize, usize);

/// A checked import, ready to apply. `describe` prints what it would do.
#[derive(Debug)]
pub struct ImportPlan {
    pub kind: Kind,
    pub path: PathBuf,
    /// Data rows read (accounts, for JSON).
    pub rows: usize,
    pub counts: Counts,
    /// Things worth saying that did not stop the import (encoding, unknown columns, …).
    pub notes: Vec<Note>,
    new: Vec<AccountFacts>,
    edits: Vec<AccountEdit>,
    keep_ids: bool,
}

impl ImportPlan {
    /// True when applying would write nothing.
    pub fn is_noop(&self) -> bool {
        self.new.is_empty() && self.edits.is_empty()
    }

    /// Accounts the plan creates or changes.
    pub fn accounts_touched(&self) -> usize {
        self.new.len() + self.edits.len()
    }
}

/// What `apply` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub counts: Counts,
    /// Accounts written (created or changed), whose risk was recomputed.
    pub accounts: usize,
}

/// Reads and checks `path` as `kind` against the portfolio in `store`; writes nothing.
/// `map` is the `--map` text (`""` for none); `today` dates what the file does not.
pub fn plan(
    store: &Store,
    kind: Kind,
    path: &Path,
    map: &str,
    today: NaiveDate,
) -> Result<ImportPlan, ImportError> {
    plan_with_progress(store, kind, path, map, today, &mut |_, _, _| {})
}

pub fn plan_with_progress(
    store: &Store,
    kind: Kind,
    path: &Path,
    map: &str,
    today: NaiveDate,
    progress: Progress<'_>,
) -> Result<ImportPlan, ImportError> {
    if kind == Kind::Json {
        if !map.trim().is_empty() {
            return Err(ImportError::Map("--map applies to CSV files, not to a JSON export".into()));
        }
        let (accounts, notes) = json::read(store, path)?;
        let n = accounts.len();
        let counts = Counts { created: n, ..Counts::default() };
        return Ok(ImportPlan {
            kind,
            path: path.to_path_buf(),
            rows: n,
            counts,
            notes,
            new: accounts,
            edits: Vec::new(),
            keep_ids: true,
        });
    }
    let table = Table::read(path, kind, map)?;
    let existing = if store.account_count()? == 0 { Vec::new() } else { store.load_all_facts()? };
    let mut w = World::new(existing, today, table.len());
    let mut problems = Problems::default();
    let mut counts = Counts::default();
    let mut unlinked = 0;
    let mut ext_lines = HashMap::new();
    let total = table.len();
    let mut seen = 0usize;
    let rows = table.for_each(|rec, done| {
        let mut c = table.cells(rec, &mut problems);
        let outcome = match kind {
            Kind::Accounts => accounts::row(&mut w, &mut c, &mut ext_lines),
            Kind::Contacts => people::contact(&mut w, &mut c),
            Kind::Promises => people::promise(&mut w, &mut c),
            Kind::Requirements => people::requirement(&mut w, &mut c),
            Kind::Usage => activity::usage(&mut w, &mut c),
            Kind::Touchpoints => activity::touchpoint(&mut w, &mut c, &mut unlinked),
            Kind::Outcomes => outcomes::row(&mut w, &mut c),
            Kind::Json => None,
        };
        if let Some(o) = outcome {
            counts.add(o);
        }
        seen += 1;
        if seen.is_multiple_of(8192) {
            progress(Phase::Read, done, total);
        }
    })?;
    progress(Phase::Read, total, total);
    if !problems.is_empty() {
        return Err(problems.into_error(path.to_path_buf()));
    }
    w.regenerate_milestones();
    let (new, edits) = w.into_changes();
    let notes = summary::notes(&table, unlinked);
    Ok(ImportPlan { kind, path: path.to_path_buf(), rows, counts, notes, new, edits, keep_ids: false })
}

/// Writes a plan: one transaction, then milestones and risk of the touched accounts.
pub fn apply(
    store: &mut Store,
    plan: ImportPlan,
    now: NaiveDateTime,
    risk: &RiskConfig,
) -> Result<Applied, ImportError> {
    apply_with_progress(store, plan, now, risk, &mut |_, _, _| {})
}

pub fn apply_with_progress(
    store: &mut Store,
    plan: ImportPlan,
    now: NaiveDateTime,
    risk: &RiskConfig,
    progress: Progress<'_>,
) -> Result<Applied, ImportError> {
    let ImportPlan { counts, mut new, mut edits, keep_ids, .. } = plan;
    if new.is_empty() && edits.is_empty() {
        return Ok(Applied { counts, accounts: 0 });
    }
    // Bulk mode has no journal: only for a file with nothing in it to lose. SQLite refuses
    // to leave WAL mode while another connection (an open dashboard) has the file; then the
    // import simply runs as one normal transaction.
    let mut bulk = new.len() >= BULK_MIN && edits.is_empty() && store.account_count()? == 0;
    if bulk && store.set_bulk_mode(true).is_err() {
        store.set_bulk_mode(false)?;
        bulk = false;
    }
    progress(Phase::Write, 0, 1);
    if let Err(e) = store.save_import(&mut new, &mut edits, keep_ids) {
        if bulk {
            // Best effort; the write error is what the user needs to see.
            let _ = store.clear_after_failed_bulk_import();
            let _ = store.set_bulk_mode(false);
        }
        return Err(e.into());
    }
    progress(Phase::Write, 1, 1);
    // Risk is scored on a second thread while this one rebuilds the indexes: on two
    // cores a large import finishes that much sooner. In bulk mode the scores are then
    // written still without a journal (38 MB of reasons at 100k), and only then does the
    // file go back to WAL.
    let total = new.len() + edits.len();
    progress(Phase::Score, 0, total);
    let (scored, rebuilt) = std::thread::scope(|scope| {
        let scorer = scope.spawn(|| score_all(&new, &edits, now, risk));
        let rebuilt = if bulk { store.rebuild_dropped_indexes() } else { Ok(()) };
        (scorer.join(), rebuilt)
    });
    let scored = scored.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let refs: Vec<_> = scored.iter().map(|(id, a, p)| (*id, a, *p)).collect();
    let saved = rebuilt.and_then(|()| store.save_risk(now.date(), &refs));
    let left_bulk = if bulk { store.set_bulk_mode(false) } else { Ok(()) };
    saved?;
    left_bulk?;
    progress(Phase::Score, total, total);
    Ok(Applied { counts, accounts: total })
}

/// Risk assessment and triage priority of every written account.
fn score_all(
    new: &[AccountFacts],
    edits: &[AccountEdit],
    now: NaiveDateTime,
    risk: &RiskConfig,
) -> Vec<(AccountId, Assessment, i64)> {
    new.iter()
        .chain(edits.iter().map(|e| &e.after))
        .map(|f| {
            let (a, p) = refresh::score(f, now, risk);
            (f.account.id, a, p)
        })
        .collect()
}
