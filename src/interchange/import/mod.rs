//! `radar import KIND FILE`. `plan` (a dry run) reads and checks the whole file against the
//! portfolio and says what would be created, updated or left unchanged, writing nothing.
//! `run` (and `apply`, after a dry run) does it: under the write lock, in one transaction,
//! it checks every row against the portfolio as it is now and writes as it goes —
//! accounts, regenerated playbook milestones, recomputed risk — committing only if every
//! row was good. Any bad row fails the import listing every bad row: all or nothing.
//! `into_new_file` builds a portfolio that does not exist yet beside it and moves it into
//! place when done, so a failed import leaves no file.

mod accounts;
mod activity;
mod json;
mod new_file;
mod outcomes;
mod people;
mod sink;
mod summary;
mod world;

pub use new_file::{into_new_file, remove_stale_temporaries};
pub use summary::{Counts, Note, done_line, dry_run_line};
pub use world::{BEFORE_IMPORT, Outcome};

use super::error::{ImportError, Problems};
use super::fields::Kind;
use super::table::Table;
use crate::domain::risk::RiskConfig;
use crate::store::{Parts, Store};
use chrono::{NaiveDate, NaiveDateTime};
use sink::Sink;
use std::path::{Path, PathBuf};
use world::World;

/// New accounts from which an import into an empty file loads in bulk (see
/// `Store::begin_import`): one transaction either way, bulk is only faster.
pub const BULK_MIN: usize = 5_000;

/// What a long import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading and checking rows (a dry run): (bytes read, bytes).
    Read,
    /// Reading, checking and writing rows: (bytes read, bytes).
    Write,
    /// Building indexes and committing: (0 or 1, 1).
    Finish,
}

/// Receives `(phase, done, total)` now and then.
pub type Progress<'a> = &'a mut dyn FnMut(Phase, usize, usize);

/// What to import: the file, its kind, the `--map` text (`""` for none) and the day that
/// dates what the file does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    pub path: PathBuf,
    pub map: String,
    pub today: NaiveDate,
}

/// A checked import (a dry run): what it would do. `describe` prints it; `apply` does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub kind: Kind,
    pub path: PathBuf,
    /// Data rows read (accounts, for JSON).
    pub rows: usize,
    pub counts: Counts,
    /// Things worth saying that did not stop the import (encoding, unknown columns, …).
    pub notes: Vec<Note>,
    request: Request,
}

impl ImportPlan {
    /// True when applying would write nothing.
    pub fn is_noop(&self) -> bool {
        self.counts.created == 0 && self.counts.updated == 0
    }

    pub fn request(&self) -> &Request {
        &self.request
    }
}

/// What an import did: `plan` describes it as `ImportPlan::describe` would (planned again
/// under the write lock, so it may differ from an earlier dry run if the portfolio changed
/// in between).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub counts: Counts,
    /// Accounts written (created or changed), whose risk was recomputed.
    pub accounts: usize,
    pub plan: ImportPlan,
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
    let request = Request { kind, path: path.to_path_buf(), map: map.to_string(), today };
    if kind == Kind::Json {
        check_json_map(&request)?;
        let (accounts, notes) = json::read(store, path).map_err(named(store.path(), path))?;
        return Ok(json_plan(request, accounts.len(), notes));
    }
    let table = Table::read(path, kind, map)?;
    let planned = store.read_snapshot(|store| {
        let w = World::new(Sink::Dry(store), today, parts(kind))?;
        pass(&table, request, w, Phase::Read, progress).map(|(plan, _)| plan)
    });
    planned.map_err(named(store.path(), path))?.map_err(named(store.path(), path))
}

/// Does what `plan` said, re-reading the file and planning again inside the write
/// transaction (the portfolio may have changed since), then writing: all or nothing.
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
    run(store, &plan.request, now, risk, progress)
}

/// Imports in one pass: takes the write lock, reads and checks every row against the
/// portfolio as it is now and writes as it goes, in one transaction that is committed
/// only if every row was good. `now` dates the risk scores.
pub fn run(
    store: &mut Store,
    request: &Request,
    now: NaiveDateTime,
    risk: &RiskConfig,
    progress: Progress<'_>,
) -> Result<Applied, ImportError> {
    if request.kind == Kind::Json {
        return run_json(store, request, now, risk, progress);
    }
    let db = store.path().to_path_buf();
    let input = request.path.as_path();
    let table = Table::read(input, request.kind, &request.map)?;
    // Every row of an accounts file into an empty portfolio creates an account.
    let bulk = request.kind == Kind::Accounts
        && table.line_count() > BULK_MIN
        && store.account_count().map_err(named(&db, input))? == 0;
    let tx = store.begin_import(bulk).map_err(named(&db, input))?;
    let w = World::new(Sink::write(tx, now, risk, false), request.today, parts(request.kind))
        .map_err(named(&db, input))?;
    let (plan, sink) = pass(&table, request.clone(), w, Phase::Write, progress).map_err(named(&db, input))?;
    drop(table);
    let (tx, accounts) = sink.into_writer().map_err(named(&db, input))?;
    progress(Phase::Finish, 0, 1);
    tx.commit().map_err(named(&db, input))?;
    progress(Phase::Finish, 1, 1);
    Ok(Applied { counts: plan.counts, accounts, plan })
}

/// `radar import json`: restores an export into an empty file, ids included.
fn run_json(
    store: &mut Store,
    request: &Request,
    now: NaiveDateTime,
    risk: &RiskConfig,
    progress: Progress<'_>,
) -> Result<Applied, ImportError> {
    check_json_map(request)?;
    let db = store.path().to_path_buf();
    let input = request.path.as_path();
    // Read (and refused if the file has accounts) before the lock, and checked again under it.
    let (accounts, notes) = json::read(store, input).map_err(named(&db, input))?;
    let tx = store.begin_import(accounts.len() >= BULK_MIN).map_err(named(&db, input))?;
    let held = tx.store().account_count().map_err(named(&db, input))?;
    if held > 0 {
        return Err(ImportError::NotEmpty { db, accounts: held });
    }
    let mut sink = Sink::write(tx, now, risk, true);
    let n = accounts.len();
    progress(Phase::Write, 0, n);
    for f in accounts {
        sink.created(f).map_err(named(&db, input))?;
    }
    sink.finish().map_err(named(&db, input))?;
    let (tx, written) = sink.into_writer().map_err(named(&db, input))?;
    progress(Phase::Finish, 0, 1);
    tx.commit().map_err(named(&db, input))?;
    progress(Phase::Finish, 1, 1);
    let plan = json_plan(request.clone(), n, notes);
    Ok(Applied { counts: plan.counts, accounts: written, plan })
}

/// Names the database (and the file being imported) in a store error that names neither.
fn named<'a, E: Into<ImportError>>(db: &'a Path, input: &'a Path) -> impl Fn(E) -> ImportError + 'a {
    move |e| ImportError::in_db(e.into(), db, input)
}

fn check_json_map(request: &Request) -> Result<(), ImportError> {
    if !request.map.trim().is_empty() {
        return Err(ImportError::Map("--map applies to CSV files, not to a JSON export".into()));
    }
    Ok(())
}

fn json_plan(request: Request, n: usize, notes: Vec<Note>) -> ImportPlan {
    ImportPlan {
        kind: Kind::Json,
        path: request.path.clone(),
        rows: n,
        counts: Counts { created: n, ..Counts::default() },
        notes,
        request,
    }
}

/// The tables a kind of row reads and changes: only those are loaded for an account a row
/// touches (a one-row touchpoint file into a 200k portfolio loaded all of it: 4 s, 519 MB).
fn parts(kind: Kind) -> Parts {
    let none = Parts { free_text: true, ..Parts::NONE };
    match kind {
        // Milestones: a changed date or tier regenerates them.
        Kind::Accounts | Kind::Outcomes => Parts { terms: true, milestones: true, ..none },
        Kind::Contacts => Parts { contacts: true, ..none },
        Kind::Promises => Parts { promises: true, ..none },
        Kind::Requirements => Parts { requirements: true, histories: true, ..none },
        Kind::Usage => Parts { usage: true, ..none },
        // Contacts: a touchpoint links the contact it names.
        Kind::Touchpoints => Parts { contacts: true, touchpoints: true, ..none },
        Kind::Json => none,
    }
}

/// Runs every row of `table` through the world: checks it, and writes or counts what it
/// makes. Any bad row fails the import, listing every bad row.
fn pass<'s>(
    table: &Table,
    request: Request,
    mut w: World<'s>,
    phase: Phase,
    progress: Progress<'_>,
) -> Result<(ImportPlan, Sink<'s>), ImportError> {
    let kind = request.kind;
    let mut problems = Problems::default();
    let mut counts = Counts::default();
    let mut unlinked = 0;
    let total = table.len();
    let mut seen = 0usize;
    let rows = table.try_for_each(|rec, done| {
        let mut c = table.cells(rec, &mut problems, request.today);
        let bad_before = c.problems.count();
        let outcome = match kind {
            Kind::Accounts => accounts::row(&mut w, &mut c),
            Kind::Contacts => people::contact(&mut w, &mut c),
            Kind::Promises => people::promise(&mut w, &mut c),
            Kind::Requirements => people::requirement(&mut w, &mut c),
            Kind::Usage => activity::usage(&mut w, &mut c),
            Kind::Touchpoints => activity::touchpoint(&mut w, &mut c, &mut unlinked),
            Kind::Outcomes => outcomes::row(&mut w, &mut c),
            Kind::Json => Ok(None),
        }?;
        if c.problems.count() > bad_before && !w.failed() {
            w.fail();
        }
        if let Some(o) = outcome {
            counts.add(o);
        }
        if kind == Kind::Accounts {
            w.finish_touched()?;
        }
        seen += 1;
        if seen.is_multiple_of(8192) {
            progress(phase, done, total);
        }
        Ok(())
    })?;
    progress(phase, total, total);
    if !problems.is_empty() {
        return Err(problems.into_error(request.path.clone()));
    }
    let sink = w.finish_all()?;
    let notes = summary::notes(table, unlinked);
    let plan = ImportPlan { kind, path: request.path.clone(), rows, counts, notes, request };
    Ok((plan, sink))
}
