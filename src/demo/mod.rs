//! The deterministic demo portfolio: `radar demo` and `radar --demo`.
//! The same seed, size and date always give the same file.

mod account;
mod names;
mod records;
mod rng;

pub use account::FIRST_ACCOUNT;
/// The deterministic generator, shared with the randomised tests (replayable by seed).
pub use rng::Rng;

use crate::domain::money::{FxRate, FxValue};
use crate::domain::*;
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub accounts: usize,
    pub seed: u64,
    /// Dates are laid out around this day.
    pub today: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("{0}: already holds a portfolio; pass --force to replace it with the demo")]
    Exists(PathBuf),
    #[error("{path}: cannot write: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("demo word list is broken: {0}")]
    Names(#[from] toml::de::Error),
}

/// Accounts generated and written per transaction batch.
const CHUNK: usize = 2_000;

/// Generates accounts `range` of the demo (ids are assigned deterministically by position).
pub fn generate_range(
    opts: &DemoOptions,
    range: std::ops::Range<usize>,
) -> Result<Vec<AccountFacts>, DemoError> {
    let names = names::Names::load()?;
    let today = opts.today;
    Ok(range
        .map(|i| {
            // One stream per account: any slice of the portfolio can be generated alone.
            let mut rng = rng::Rng::new(opts.seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
            let (acct, terms, chinese) = account::account_with_terms(i, &mut rng, &names, today);
            let mut f = AccountFacts::new(acct);
            f.terms = terms;
            records::contacts(&mut f, &mut rng, &names, chinese, today);
            records::touchpoints(&mut f, &mut rng, &names, today);
            records::promises(&mut f, &mut rng, &names, today);
            records::requirements(&mut f, &mut rng, &names, today);
            records::complaints(&mut f, &mut rng, &names, today);
            records::usage(&mut f, &mut rng, today);
            records::milestones(&mut f, &mut rng, today);
            f
        })
        .collect())
}

/// Writes the demo portfolio to `path`: built in a temporary file beside it and renamed
/// into place, so an interrupted run never leaves half a portfolio. Refuses to replace
/// a file that holds accounts unless `force`.
pub fn write_demo(
    path: &Path,
    opts: &DemoOptions,
    force: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), DemoError> {
    if path.exists() && !force {
        let existing = Store::open(path)?;
        if existing.account_count()? > 0 {
            return Err(DemoError::Exists(path.to_path_buf()));
        }
    }
    let tmp = sibling(path, ".building");
    remove_db_files(&tmp)?;
    // Created exclusively (a name that appeared since the removal, a planted link say, is
    // an error, never opened) and private, before SQLite opens it.
    create_exclusive(&tmp).map_err(|source| DemoError::Io { path: tmp.clone(), source })?;
    if let Err(e) = build(&tmp, opts, progress) {
        let _ = remove_db_files(&tmp); // best effort: the error below is what matters
        // The temporary file is an implementation detail: name the file the user asked for.
        return Err(match e {
            DemoError::Store(StoreError::Create { source, .. }) => {
                DemoError::Io { path: path.to_path_buf(), source }
            }
            other => other,
        });
    }
    remove_db_files(path)?;
    std::fs::rename(&tmp, path).map_err(|source| DemoError::Io { path: path.to_path_buf(), source })?;
    Ok(())
}

/// Builds the file: one thread generates batches while this one writes the previous
/// batch (generation is about a tenth of the time; SQLite is the rest).
fn build(tmp: &Path, opts: &DemoOptions, progress: &mut dyn FnMut(usize, usize)) -> Result<(), DemoError> {
    let mut store = Store::open(tmp)?;
    store.set_bulk_mode(true)?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<AccountFacts>, DemoError>>(1);
    let total = opts.accounts;
    std::thread::scope(|scope| -> Result<(), DemoError> {
        scope.spawn(move || {
            let mut start = 0;
            while start < total {
                let end = (start + CHUNK).min(total);
                // A closed channel means the writer failed; its error is the one reported.
                if tx.send(generate_range(opts, start..end)).is_err() {
                    return;
                }
                start = end;
            }
        });
        let mut done = 0;
        for batch in rx {
            let mut batch = batch?;
            store.insert_facts(&mut batch, false)?;
            done += batch.len();
            progress(done, total);
        }
        Ok(())
    })?;
    store.set_bulk_mode(false)?;
    for r in rates(opts.today) {
        store.set_fx_rate(&r)?;
    }
    Ok(())
}

/// The demo's exchange rates: its USD accounts convert into CNY at 6.90 from three years
/// back and 7.10 from this year on, so its totals are converted (renewals before the first
/// rate are named as having none, as a real book's would be).
pub fn rates(today: NaiveDate) -> Vec<FxRate> {
    let jan1 = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today);
    [(today.year() - 3, 6_900_000), (today.year(), 7_100_000)]
        .into_iter()
        .filter_map(|(y, micro)| {
            FxRate::new(Currency::USD, Currency::CNY, jan1(y), FxValue::from_micro(micro)?).ok()
        })
        .collect()
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn create_exclusive(path: &Path) -> std::io::Result<()> {
    // On a fresh machine the data folder does not exist yet (`radar --demo` names a file in it).
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop)
}

/// Removes a database file and its WAL companions, if present.
fn remove_db_files(path: &Path) -> Result<(), DemoError> {
    for p in [path.to_path_buf(), sibling(path, "-wal"), sibling(path, "-shm")] {
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(DemoError::Io { path: p, source }),
        }
    }
    Ok(())
}
