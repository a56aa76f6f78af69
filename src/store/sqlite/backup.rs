//! Backups with SQLite's online backup API (never a file copy: a copy taken while a
//! write is in flight can be torn; the backup API copies a consistent snapshot).
//!
//! A backup is only worth keeping if it is good: each copy is checked (`PRAGMA
//! quick_check`) before it takes its name, so a damaged portfolio is refused loudly instead
//! of being copied over the good backups one rotation at a time. A copy is built under a
//! temporary name and removed if anything fails; one left by a killed backup is removed by
//! the next (see `partial`).

use super::error::is_corrupt;
use super::open::{busy_handler, check_identity};
use super::partial::{Partial, remove_stale_partials};
use super::schema_check;
use crate::store::conn::Conn;
use crate::store::{Result, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Every page in one step: the copy reads one snapshot. In WAL mode that blocks no writer,
/// whereas a copy in several steps starts over after each write by another connection
/// (the dashboard's backup runs while its own workers save and rescore).
const PAGES_PER_STEP: i32 = -1;

/// How long a copy waits for another connection's lock.
const COPY_WAIT_MS: u64 = 5_000;

/// What a database file holds, for confirmation messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub path: PathBuf,
    pub accounts: i64,
    pub schema_version: i64,
    pub page_size: i64,
}

/// Copies every page of `from` into `to`. The error is SQLite's, so the caller can tell
/// the side that failed (reading the source or writing the destination).
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    let mut busy: u64 = 0;
    loop {
        match backup.step(PAGES_PER_STEP)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Another connection holds a lock: wait a little, as the busy timeout would.
            StepResult::Busy | StepResult::Locked => {
                busy += 1;
                if busy * 100 > COPY_WAIT_MS {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        None,
                    ));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // StepResult is non-exhaustive; anything new is treated as "keep going".
            _ => {}
        }
    }
}

/// Did reading the source fail (rather than writing the destination)?
fn source_side(e: &rusqlite::Error) -> bool {
    let rusqlite::Error::SqliteFailure(f, _) = e else { return false };
    matches!(
        f.code,
        ErrorCode::DatabaseCorrupt
            | ErrorCode::NotADatabase
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
    ) || matches!(f.extended_code, rusqlite::ffi::SQLITE_IOERR_READ | rusqlite::ffi::SQLITE_IOERR_SHORT_READ)
}

/// `PRAGMA quick_check` of one connection: None when good, else what is wrong (the first
/// few lines). A file too broken to check at all counts as damaged.
pub(super) fn problems(conn: &Connection) -> rusqlite::Result<Option<String>> {
    let mut stmt = match conn.prepare("PRAGMA quick_check(5)") {
        Err(e) if is_corrupt(&e) => return Ok(Some(e.to_string())),
        other => other?,
    };
    let lines: rusqlite::Result<Vec<String>> = stmt.query_map([], |r| r.get(0)).and_then(Iterator::collect);
    match lines {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(None),
        Ok(lines) => Ok(Some(describe_problems(&lines))),
        Err(e) if is_corrupt(&e) => Ok(Some(e.to_string())),
        Err(e) => Err(e),
    }
}

/// quick_check's lines as one: its "*** in database main ***" header (there is only one
/// database) dropped, line breaks inside a line made separators.
fn describe_problems(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|l| l.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_header(l))
        .collect::<Vec<_>>()
        .join("; ")
}

fn is_header(line: &str) -> bool {
    line.starts_with("***") && line.ends_with("***")
}

/// Why the destination could not take the copy, in words a user can act on.
fn write_failure(dest: &Path, detail: impl std::fmt::Display) -> StoreError {
    StoreError::BackupWrite { path: dest.to_path_buf(), detail: detail.to_string() }
}

fn sql_write_failure(dest: &Path, e: &rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => write_failure(dest, "the disk is full"),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            write_failure(dest, format!("the folder or file is not writable ({e})"))
        }
        Some(ErrorCode::SystemIoFailure) => write_failure(
            dest,
            format!("the disk reported an error writing it ({e}; is it full or too large?)"),
        ),
        _ => write_failure(dest, e),
    }
}

fn io_write_failure(dest: &Path, e: &std::io::Error) -> StoreError {
    if e.kind() == std::io::ErrorKind::StorageFull {
        write_failure(dest, "the disk is full")
    } else {
        write_failure(dest, e)
    }
}

impl Store {
    /// Writes a consistent, checked copy of this database to `dest` (mode 0600), atomically:
    /// the copy is built beside it, checked, and renamed into place. A damaged database is
    /// refused (`Damaged`, naming this file) and nothing is written; a destination that
    /// cannot take the copy is named (`BackupWrite`) and nothing is left there.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        self.write_copy(dest, true)
    }

    /// The same copy without the check: keeps this file's content whatever state it is in
    /// (a restore keeps the content it replaces, damaged or not).
    pub fn copy_to(&self, dest: &Path) -> Result<()> {
        self.write_copy(dest, false)
    }

    fn write_copy(&self, dest: &Path, check: bool) -> Result<()> {
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = dest.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        remove_stale_partials(dir, &name);
        let partial = Partial::create_beside(dest).map_err(|e| io_write_failure(dest, &e))?;
        let mut to = Connection::open(partial.path()).map_err(|e| sql_write_failure(dest, &e))?;
        copy(self.conn.lite()?, &mut to).map_err(|e| self.copy_failure(dest, e))?;
        // The copy carries our WAL setting; fold everything into the main file.
        to.pragma_update(None, "journal_mode", "DELETE").map_err(|e| sql_write_failure(dest, &e))?;
        if check && let Some(found) = problems(&to).map_err(|e| sql_write_failure(dest, &e))? {
            drop(to);
            return Err(self.damage_of_copy(dest, found));
        }
        drop(to);
        // Renamed into place; dropping `partial` then finds nothing left to remove.
        std::fs::rename(partial.path(), dest).map_err(|e| io_write_failure(dest, &e))
    }

    fn copy_failure(&self, dest: &Path, e: rusqlite::Error) -> StoreError {
        if is_corrupt(&e) {
            StoreError::Damaged { path: self.path.clone(), detail: e.to_string() }
        } else if source_side(&e) {
            StoreError::from_sql(e, COPY_WAIT_MS)
        } else {
            sql_write_failure(dest, &e)
        }
    }

    /// The copy is this file's pages, so a bad copy means a damaged file, unless the file
    /// itself checks good (then the copy went wrong on its way to the disk).
    fn damage_of_copy(&self, dest: &Path, found: String) -> StoreError {
        let Ok(conn) = self.conn.lite() else { return write_failure(dest, found) };
        match problems(conn) {
            Ok(None) => write_failure(dest, format!("the copy does not read back as written ({found})")),
            Ok(Some(here)) => StoreError::Damaged { path: self.path.clone(), detail: here },
            Err(_) => StoreError::Damaged { path: self.path.clone(), detail: found },
        }
    }

    /// Can `incoming` (a `summarize`d file) replace this database's content? Asked before
    /// anything is written, so a refusal leaves no "before restore" copy behind.
    pub fn check_restorable(&self, incoming: &FileSummary) -> Result<()> {
        self.check_page_size(&incoming.path, incoming.page_size)
    }

    fn check_page_size(&self, source: &Path, theirs: i64) -> Result<()> {
        let ours = page_size(self.conn.lite()?)?;
        if theirs == ours {
            return Ok(());
        }
        // SQLite cannot change the page size of a file in WAL mode; its backup says
        // "read-only", which would blame the user's permissions.
        Err(StoreError::CannotRestore {
            path: source.to_path_buf(),
            detail: format!(
                "its page size is {theirs} bytes where this portfolio's is {ours}, and a file in use cannot change its page size \
                 (to use it, convert a copy of it first: sqlite3 COPY.db 'PRAGMA journal_mode=DELETE; PRAGMA page_size={ours}; VACUUM;')"
            ),
        })
    }

    /// Opens the file a restore replaces. Like `open`, but only its identity is checked: a
    /// schema that is not exactly ours (a planted trigger) is what a restore repairs, so it
    /// is no reason to refuse; its content is kept aside before it is replaced.
    pub fn open_to_replace(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Store::open(path);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source: source.into() })?;
        conn.busy_handler(Some(busy_handler))?;
        check_identity(&conn, path)?;
        Ok(Store { conn: Conn::Lite(conn), path: path.to_path_buf(), dropped_indexes: Vec::new() })
    }

    /// `PRAGMA quick_check` of this database: a `Damaged` error naming the file and what is
    /// wrong, or Ok. Reads every page (about a second per 100 MB): run it in the background.
    pub fn quick_check(&self) -> Result<()> {
        match problems(self.conn.lite()?)? {
            None => Ok(()),
            Some(detail) => Err(StoreError::Damaged { path: self.path.clone(), detail }),
        }
    }

    /// Replaces this database's content with `source`'s, in place (other open dashboards
    /// see the change through `data_version`). `source` must be a Radar file this version
    /// understands, with our schema and this file's page size; it is checked before
    /// anything is written.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let from = open_read_only(source)?;
        self.check_page_size(source, page_size(&from)?)?;
        copy(&from, self.conn.lite_mut()?).map_err(|e| {
            if is_corrupt(&e) && source_side(&e) {
                StoreError::Damaged { path: source.to_path_buf(), detail: e.to_string() }
            } else {
                StoreError::from_sql(e, COPY_WAIT_MS)
            }
        })
    }
}

fn open_read_only(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(StoreError::NotRadar { path: path.to_path_buf(), detail: "no such file".into() });
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source: source.into() })?;
    check_identity(&conn, path)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 {
        return Err(StoreError::NotRadar { path: path.to_path_buf(), detail: "it is empty".into() });
    }
    let not_radar = |ok: String| StoreError::NotRadar {
        path: path.to_path_buf(),
        detail: format!("integrity check: {ok}"),
    };
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| if is_corrupt(&e) { not_radar(e.to_string()) } else { StoreError::from(e) })?;
    if ok != "ok" {
        return Err(not_radar(ok));
    }
    schema_check::verify(&conn, path)?;
    Ok(conn)
}

/// Checks a file without changing it and says what it holds.
pub fn summarize(path: &Path) -> Result<FileSummary> {
    let conn = open_read_only(path)?;
    Ok(FileSummary {
        path: path.to_path_buf(),
        accounts: conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?,
        schema_version: conn.pragma_query_value(None, "user_version", |r| r.get(0))?,
        page_size: page_size(&conn)?,
    })
}

fn page_size(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "page_size", |r| r.get(0))
}

/// Is the file at `path` a good copy (it opens read-only and passes `PRAGMA quick_check`)?
/// For choosing the newest good backup to offer.
pub fn is_good_copy(path: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else { return false };
    check_identity(&conn, path).is_ok() && matches!(problems(&conn), Ok(None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_check_lines_read_as_one_sentence() {
        let lines = vec![
            "*** in database main ***\nPage 150: btreeInitPage() returns error code 11".to_string(),
            "wrong # of entries in index touchpoint_contact".to_string(),
        ];
        assert_eq!(
            describe_problems(&lines),
            "Page 150: btreeInitPage() returns error code 11; wrong # of entries in index touchpoint_contact"
        );
    }
}
