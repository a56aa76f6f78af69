//! Backups with SQLite's online backup API (never a file copy: a copy taken while a
//! write is in flight can be torn; the backup API copies a consistent snapshot).

use super::{Result, Store, StoreError, check_identity, create_private_file};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every page in one step: the copy reads one snapshot. In WAL mode that blocks no writer,
/// whereas a copy in several steps starts over after each write by another connection
/// (the dashboard's backup runs while its own workers save and rescore).
const PAGES_PER_STEP: i32 = -1;

/// What a database file holds, for confirmation messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub path: PathBuf,
    pub accounts: i64,
    pub schema_version: i64,
}

fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    let mut busy = 0;
    loop {
        match backup.step(PAGES_PER_STEP)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock: wait a little, as the busy timeout would.
            StepResult::Busy | StepResult::Locked => {
                busy += 1;
                if busy > 50 {
                    return Err(StoreError::Busy { waited_ms: 5_000 });
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // StepResult is non-exhaustive; anything new is treated as "keep going".
            _ => {}
        }
    }
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl Store {
    /// Writes a consistent copy of this database to `dest` (mode 0600), atomically: the
    /// copy is built beside it and renamed into place.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        // One temporary name per copy: two dashboards opened at once both take the day's
        // backup, and must not write into the same half-built file. The second rename
        // replaces a complete copy with another complete copy.
        static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = sibling(dest, &format!(".partial-{}-{n}", std::process::id()));
        let _ = std::fs::remove_file(&tmp); // a leftover of an interrupted run
        create_private_file(&tmp)?;
        let mut to =
            Connection::open(&tmp).map_err(|source| StoreError::Open { path: tmp.clone(), source })?;
        copy(&self.conn, &mut to)?;
        // The copy carries our WAL setting; fold everything into the main file.
        to.pragma_update(None, "journal_mode", "DELETE")?;
        drop(to);
        std::fs::rename(&tmp, dest).map_err(|source| StoreError::Create { path: dest.to_path_buf(), source })
    }

    /// Replaces this database's content with `source`'s, in place (other open dashboards
    /// see the change through `data_version`). `source` must be a Radar file this version
    /// understands; it is checked before anything is written.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let from = open_read_only(source)?;
        copy(&from, &mut self.conn)
    }
}

fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::NotRadar { path: path.to_path_buf(), detail: "no such file".into() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    check_identity(&conn, path)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        return Err(StoreError::NotRadar { path: path.to_path_buf(), detail: "it is empty".into() });
    }
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(StoreError::NotRadar {
            path: path.to_path_buf(),
            detail: format!("integrity check: {ok}"),
        });
    }
    Ok(conn)
}

/// Checks a file without changing it and says what it holds.
pub fn summarize(path: &Path) -> Result<FileSummary> {
    let conn = open_read_only(path)?;
    Ok(FileSummary {
        path: path.to_path_buf(),
        accounts: conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?,
        schema_version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
    })
}
