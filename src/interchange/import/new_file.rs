//! An import into a portfolio file that does not exist yet: built in a temporary file
//! beside it (`<name>.import-<pid>`) and moved into place only once the import succeeded.
//! A bad row, a full disk or a kill so leaves no portfolio file at all — the file appears
//! only when something was really imported. The move is a hard link, which fails if the
//! name was taken meanwhile (another Radar created the file): the import then runs again
//! into that file, under its write lock, and sees what the other one wrote.

use super::{Applied, Progress, Request, run};
use crate::domain::risk::RiskConfig;
use crate::interchange::ImportError;
use crate::store::{Store, StoreError, fold_wal};
use chrono::NaiveDateTime;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Set when a signal's cleanup removed this process's temporary: from then on the import
/// must neither publish it nor report its own failure (the half-built file is gone from
/// under SQLite, whose next write fails), since the process is about to end by the signal.
/// A mutex, not a flag: the cleanup waits for a publish under way, so the user's file is
/// either the whole import or absent.
static ABANDONED: Mutex<bool> = Mutex::new(false);

/// `ABANDONED`, held (a panic while it was held cannot leave it wrong: it is one bool).
fn abandoned() -> MutexGuard<'static, bool> {
    ABANDONED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Imports `request` into `db`, which does not exist yet (see the module comment).
pub fn into_new_file(
    db: &Path,
    request: &Request,
    now: NaiveDateTime,
    risk: &RiskConfig,
    progress: Progress<'_>,
) -> Result<Applied, ImportError> {
    remove_stale_temporaries(db);
    let tmp = temporary(db, std::process::id());
    remove_db_files(&tmp);
    let applied = match build(&tmp, request, now, risk, &mut *progress) {
        Ok(applied) => applied,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(renamed(e, &tmp, db));
        }
    };
    if applied.accounts == 0 {
        // Nothing imported, nothing to keep: no file, as after a dry run.
        remove_db_files(&tmp);
        return Ok(applied);
    }
    let published = {
        // Held through the publish: a signal's cleanup waits for it (a guard in the `if`
        // condition itself would be dropped before the publish).
        let abandoned = abandoned();
        if *abandoned { Err(ErrorKind::Interrupted.into()) } else { publish(&tmp, db) }
    };
    match published {
        Ok(()) => Ok(applied),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            remove_db_files(&tmp);
            let mut store = Store::open(db).map_err(|e| ImportError::from(e).in_db(db, &request.path))?;
            run(&mut store, request, now, risk, progress)
        }
        Err(source) => {
            remove_db_files(&tmp);
            Err(ImportError::Write { path: db.to_path_buf(), source })
        }
    }
}

fn build(
    tmp: &Path,
    request: &Request,
    now: NaiveDateTime,
    risk: &RiskConfig,
    progress: Progress<'_>,
) -> Result<Applied, ImportError> {
    let mut store = Store::open(tmp)?;
    let applied = run(&mut store, request, now, risk, progress)?;
    drop(store);
    // Everything in the one file before it is linked into place (the link takes no -wal).
    fold_wal(tmp);
    Ok(applied)
}

/// Makes `tmp` durable and gives it the name `db`, failing with `AlreadyExists` if `db`
/// exists by then.
fn publish(tmp: &Path, db: &Path) -> std::io::Result<()> {
    let mut wal = tmp.as_os_str().to_owned();
    wal.push("-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        // Another connection kept the WAL open (it should not exist): never link half a file.
        return Err(std::io::Error::other("the new file's write-ahead log could not be folded in"));
    }
    std::fs::File::open(tmp)?.sync_all()?;
    match std::fs::hard_link(tmp, db) {
        Ok(()) => std::fs::remove_file(tmp)?,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(e),
        // A file system without hard links: a rename, after a last look (it replaces).
        Err(_) if db.exists() => return Err(ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(tmp, db)?,
    }
    sync_dir(db);
    Ok(())
}

/// Makes the new name durable (best effort: not every platform can open a directory).
fn sync_dir(path: &Path) {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Removes this process's temporary for `db` (a Ctrl-C's cleanup: the command line calls
/// it from its signal thread before the process ends; a finished import left none).
pub fn remove_own_temporary(db: &Path) {
    let mut abandoned = abandoned();
    *abandoned = true;
    remove_db_files(&temporary(db, std::process::id()));
}

/// Whether a signal's cleanup removed this process's temporary (the process is ending by
/// that signal: its main thread must not exit first with the failure the removal caused).
pub fn temporary_abandoned() -> bool {
    *abandoned()
}

/// `<db>.import-<pid>`.
fn temporary(db: &Path, pid: u32) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(format!(".import-{pid}"));
    PathBuf::from(name)
}

/// Removes what killed imports into `db` left behind: temporary files whose process is
/// gone. (Only where that can be told, on Linux through /proc; elsewhere they stay.)
pub fn remove_stale_temporaries(db: &Path) {
    let (Some(dir), Some(name)) = (db.parent(), db.file_name()) else { return };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let prefix = format!("{}.import-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else { continue };
        let pid = rest.split('-').next().unwrap_or_default();
        if pid.parse::<u32>().is_ok_and(|pid| pid != std::process::id() && gone(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn gone(_pid: u32) -> bool {
    false
}

/// Removes a database file and its journal, WAL and shared-memory companions, if present.
fn remove_db_files(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The temporary file is an implementation detail: errors name the file the user gave.
fn renamed(e: ImportError, tmp: &Path, db: &Path) -> ImportError {
    let db = db.to_path_buf();
    match e {
        ImportError::Database { input, source, .. } => ImportError::Database { db, input, source },
        ImportError::NotEmpty { accounts, .. } => ImportError::NotEmpty { db, accounts },
        ImportError::Store(StoreError::Open { path, source }) if path == tmp => {
            ImportError::Store(StoreError::Open { path: db, source })
        }
        ImportError::Store(StoreError::Create { path, source }) if path == tmp => {
            ImportError::Store(StoreError::Create { path: db, source })
        }
        ImportError::Store(StoreError::Migrate { path, source }) if path == tmp => {
            ImportError::Store(StoreError::Migrate { path: db, source })
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let mine = temporary(&db, std::process::id());
        // A pid no process has (above the kernel's pid_max of 4,194,304).
        let dead = temporary(&db, 4_999_999);
        let dead_journal = PathBuf::from(format!("{}-journal", dead.display()));
        let other = dir.path().join("q.db.import-4999999");
        for p in [&mine, &dead, &dead_journal, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        remove_stale_temporaries(&db);
        assert!(mine.exists(), "our own temporary is ours to handle");
        assert!(other.exists(), "another database's temporaries are not touched");
        if cfg!(target_os = "linux") {
            assert!(!dead.exists() && !dead_journal.exists());
        }
    }
}
