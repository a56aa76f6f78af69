//! `radar import KIND FILE`. `plan` (a dry run) reads and checks the whole file against the
//! portfolio and says what would be created, updated or left unchanged, writing nothing.
//! `run` (and `apply`, after a dry run) does it: under the write lock, in one transaction,
//! it checks every row against the portfolio as it is now and writes as it goes —
//! accounts, regenerated playbook milestones, recomputed risk — committing only if every
//! row was good. Any bad row fails the import listing every bad row: all or nothing.
//! `into_new_file` builds a portfolio that does not exist yet beside it and moves it into
//! place when done, so a failed import leaves no file.

mod account_match;
mod account_terms;
mod accounts;
mod activity;
mod changes;
mod contact_ref;
mod currency;
mod deals;
mod file_stamp;
mod json;
pub mod json_check;
mod new_file;
mod note_text;
mod outcomes;
mod pass;
mod people;
mod referrals;
mod rejected;
pub use rejected::{ERROR_COLUMN, file_for as rejected_file};
mod sink;
#[cfg(test)]
mod stream_tests;
mod summary;
mod world;

pub use currency::currency_here;
pub use currency::{CurrencySource, currency_of_locale, locale_from_env};
pub use new_file::{into_new_file, remove_own_temporary, remove_stale_temporaries, temporary_abandoned};
pub use summary::{Counts, Note, done_line, dry_run_line};
pub use world::Outcome;

use super::error::ImportError;
use super::fields::Kind;
use super::table::{ReadOptions, Table};
use crate::domain::Currency;
use crate::domain::risk::RiskConfig;
use crate::store::{Parts, Store};
use chrono::{NaiveDate, NaiveDateTime};
use pass::pass;
use sink::Sink;
use std::path::{Path, PathBuf};
use world::World;

/// Rows a dry run shows as they will be stored.
pub const PREVIEW_ROWS: usize = 3;

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

/// What `--on-name-match` says to do with a row whose name is another account's under
/// another external id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same customer: the row describes that account.
    Merge,
    /// Another customer of the same name: a second account.
    New,
    /// The same customer, and it takes the row's external id from now on (an account first
    /// imported under one CRM key, the HubSpot company ID, found again under the key the
    /// sibling files use, the company domain: with `merge` it kept the first, and those
    /// files found nothing).
    Adopt,
}

/// How to import: reading (`--map`, `--sheet`, …), `--skip-invalid`, `--on-name-match`,
/// and the currency of amounts that name none (`--currency`, the config's, else the
/// locale's; else the book's or the file's: `currency::resolve`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    pub read: ReadOptions,
    pub skip_invalid: bool,
    pub on_name_match: Option<NameMatch>,
    /// `radar import --currency`: over the config and the locale.
    pub currency_flag: Option<Currency>,
    /// `[import] currency` of the config.
    pub currency: Option<Currency>,
    /// The reporting currency of the config (`[report] currency`, else `[import]`): totals
    /// are in it, so an import that moves the book's main currency changes none of them.
    pub reporting: Option<Currency>,
    /// The locale (`LANG`), to propose a currency when the config has none.
    pub locale: Option<String>,
    /// The saved mapping applied (`saved::with_saved`): its use is dated when the import
    /// is written.
    pub saved_mapping: Option<i64>,
}

/// What to import: the file, its kind, how, and the day that dates what the file does not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: Kind,
    pub path: PathBuf,
    pub today: NaiveDate,
    pub options: Options,
}

impl Request {
    pub fn new(kind: Kind, path: &Path, today: NaiveDate) -> Request {
        Request { kind, path: path.to_path_buf(), today, options: Options::default() }
    }

    /// With a `--map` text (`""` for none).
    pub fn with_map(mut self, map: &str) -> Request {
        if !map.trim().is_empty() {
            self.options.read.map = vec![map.to_string()];
        }
        self
    }
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
    /// Rows set aside (`--skip-invalid`).
    pub rejected: Option<rejected::Rejected>,
    /// The first rows as they will be stored (a dry run's; empty for JSON).
    pub preview: crate::interchange::table::Preview,
    /// What the rows change in accounts Radar held (accounts files).
    pub changes: changes::Changes,
    /// The currency of amounts that name none, when something said it (`currency`).
    pub currency: Option<Currency>,
    request: Request,
    /// The file as the plan read it: `apply` refuses a file that changed since.
    read_as: Option<file_stamp::FileStamp>,
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
    plan_request(store, &Request::new(kind, path, today).with_map(map), &mut |_, _, _| {})
}

pub fn plan_with_progress(
    store: &Store,
    kind: Kind,
    path: &Path,
    map: &str,
    today: NaiveDate,
    progress: Progress<'_>,
) -> Result<ImportPlan, ImportError> {
    plan_request(store, &Request::new(kind, path, today).with_map(map), progress)
}

/// A dry run of `request`.
pub fn plan_request(
    store: &Store,
    request: &Request,
    progress: Progress<'_>,
) -> Result<ImportPlan, ImportError> {
    let (kind, path) = (request.kind, request.path.as_path());
    // Taken before the read: a change during it is a change too.
    let read_as = file_stamp::FileStamp::of(path);
    if kind == Kind::Json {
        check_json_map(request)?;
        let read = json::read(store, path).map_err(named(store.path(), path))?;
        return Ok(ImportPlan { read_as, ..json_plan(request.clone(), read.accounts.len(), read.notes) });
    }
    let saved = super::saved::with_saved(store, request).map_err(named(store.path(), path))?;
    let (request, note) = match &saved {
        Some((r, note)) => (r, Some(note.clone())),
        None => (request, None),
    };
    let table = Table::read(path, kind, &request.options.read)?;
    let planned = store.read_snapshot(|store| {
        let w = World::new(Sink::Dry(store), request.today, parts(kind))?;
        pass(&table, request.clone(), w, Phase::Read, progress).map(|(plan, _)| plan)
    });
    let mut plan = planned.map_err(named(store.path(), path))?.map_err(named(store.path(), path))?;
    // The preview shows bare amounts in the import's currency; with none, in CNY only if
    // nothing needed one (a plan that needed it was refused above).
    let shown = plan.currency.unwrap_or(Currency::CNY);
    plan.preview = table.preview(PREVIEW_ROWS, request.today, shown, &rejected::set_aside(&plan.rejected));
    plan.notes.splice(0..0, note);
    plan.read_as = read_as;
    Ok(plan)
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
    if plan.read_as.is_some() && file_stamp::FileStamp::of(&plan.path) != plan.read_as {
        return Err(ImportError::Changed { path: plan.path });
    }
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
    let saved = super::saved::with_saved(store, request).map_err(named(&db, input))?;
    let (request, note) = match &saved {
        Some((r, note)) => (r, Some(note.clone())),
        None => (request, None),
    };
    let table = Table::read(input, request.kind, &request.options.read)?;
    // Every row of an accounts file into an empty portfolio creates an account.
    let bulk = request.kind == Kind::Accounts
        && table.line_count() > BULK_MIN
        && store.account_count().map_err(named(&db, input))? == 0;
    let tx = store.begin_import(bulk).map_err(named(&db, input))?;
    let w = World::new(Sink::write(tx, now, risk, false), request.today, parts(request.kind))
        .map_err(named(&db, input))?;
    let (plan, sink) = pass(&table, request.clone(), w, Phase::Write, progress).map_err(named(&db, input))?;
    // Written before the commit: if it cannot be, nothing is imported.
    if let Some(r) = &plan.rejected {
        rejected::write(&table, r)?;
    }
    drop(table);
    let (tx, accounts) = sink.into_writer().map_err(named(&db, input))?;
    progress(Phase::Finish, 0, 1);
    tx.commit().map_err(named(&db, input))?;
    progress(Phase::Finish, 1, 1);
    if let Some(id) = request.options.saved_mapping {
        // Dating the use is bookkeeping: the import is committed whatever happens here.
        let _ = store.touch_import_mapping(id, request.today);
    }
    let mut plan = plan;
    plan.notes.splice(0..0, note);
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
    let json::Read { accounts, fx_rates, fixed_reasons, notes } =
        json::read(store, input).map_err(named(&db, input))?;
    let tx = store.begin_import(accounts.len() >= BULK_MIN).map_err(named(&db, input))?;
    let held = tx.store().account_count().map_err(named(&db, input))?;
    if held > 0 {
        return Err(ImportError::NotEmpty { db, accounts: held });
    }
    // The rates first: the accounts are scored (triage weighs ARR) as they are written.
    tx.put_fx_rates(&fx_rates).map_err(named(&db, input))?;
    tx.put_fixed_reasons(&fixed_reasons).map_err(named(&db, input))?;
    // A team database is shared: its ids belong to the server (another CSM's accounts,
    // invisible here, hold some), so the records get fresh ones, links kept.
    let keep_ids = tx.store().team_target().is_none();
    let mut sink = Sink::write(tx, now, risk, keep_ids);
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
    if !request.options.read.map.is_empty() {
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
        rejected: None,
        preview: Default::default(),
        changes: Default::default(),
        currency: None,
        request,
        read_as: None,
    }
}

/// The tables a kind of row reads and changes: only those are loaded for an account a row
/// touches (a one-row touchpoint file into a 200k portfolio loaded all of it: 4 s, 519 MB).
fn parts(kind: Kind) -> Parts {
    let none = Parts { free_text: true, ..Parts::NONE };
    match kind {
        // Milestones: a changed date or tier regenerates them.
        Kind::Accounts | Kind::Deals => Parts { terms: true, milestones: true, ..none },
        // Requirements: a churn names the one that lost the account, by title.
        Kind::Outcomes => {
            Parts { terms: true, milestones: true, requirements: true, histories: true, ..none }
        }
        Kind::Contacts => Parts { contacts: true, ..none },
        Kind::Promises => Parts { promises: true, ..none },
        Kind::Requirements => Parts { requirements: true, histories: true, ..none },
        Kind::Usage => Parts { usage: true, ..none },
        // Contacts: a touchpoint links the contact it names.
        Kind::Touchpoints => Parts { contacts: true, touchpoints: true, ..none },
        Kind::Tasks => Parts { contacts: true, tasks: true, ..none },
        Kind::Referrals => Parts { contacts: true, referrals: true, ..none },
        Kind::Json => none,
    }
}
