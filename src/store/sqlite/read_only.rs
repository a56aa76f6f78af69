//! Opening a portfolio only to read it (the CLI's reading commands), also where Radar may
//! not write: a file shared read-only, or one in a folder where SQLite cannot create the
//! `-shm` file WAL mode needs.

use super::open::{busy_handler, check_identity};
use super::{schema, schema_check};
use crate::store::{Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

impl Store {
    /// Opens an existing file to read it: as usual when Radar may write it, else read-only.
    /// Read-only goes through SQLite's WAL when it can; when it cannot (no `-shm` can be
    /// made) and the WAL holds nothing, the file is read as immutable. A file whose WAL
    /// still holds writes, or whose schema needs upgrading, is refused with the reason.
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        match Store::open(path) {
            Err(StoreError::ReadOnly) => open_read_only(path),
            Err(StoreError::Open { source, .. })
                if source
                    .0
                    .downcast_ref::<rusqlite::Error>()
                    .and_then(rusqlite::Error::sqlite_error_code)
                    == Some(rusqlite::ErrorCode::ReadOnly) =>
            {
                open_read_only(path)
            }
            other => other,
        }
    }
}

impl Store {
    /// The file opened read-only whoever runs the tests (root writes any file): for tests
    /// of what reads a portfolio it cannot write.
    #[cfg(test)]
    pub(crate) fn open_read_only_for_tests(path: &Path) -> Result<Store> {
        open_read_only(path)
    }

    /// The file opened for reading only: SQLite falls back to that, silently, when the file
    /// cannot be written (its permissions, an immutable flag, a read-only disk). The
    /// dashboard says so when it opens, before the first save fails. A team store: never.
    pub fn is_read_only(&self) -> bool {
        self.conn.as_lite().is_some_and(|c| c.is_readonly(rusqlite::MAIN_DB).unwrap_or(false))
    }
}

/// A read-only connection to `path` (also the recompute's second connection, which reads
/// a file a `Store` has open); `immutable`: without the WAL and its `-shm` file.
pub(crate) fn open_reader(path: &Path, immutable: bool) -> Result<Connection> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let uri = file_uri(path) + if immutable { "?immutable=1" } else { "" };
    let conn = Connection::open_with_flags(uri, flags)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source: source.into() })?;
    conn.busy_handler(Some(busy_handler))?;
    Ok(conn)
}

fn open_read_only(path: &Path) -> Result<Store> {
    let open = |immutable| -> Result<Connection> {
        let conn = open_reader(path, immutable)?;
        check_identity(&conn, path)?;
        schema_check::verify(&conn, path)?;
        Ok(conn)
    };
    let conn = match open(false) {
        Ok(conn) => conn,
        // A rollback journal left by a writer that stopped mid-write: read as immutable, the
        // file showed its half-written pages (review, session 22). It must be rolled back first.
        Err(_) if side_file_holds_writes(path, "-journal") => {
            return Err(StoreError::Invalid(format!(
                "{}: a write was interrupted and its -journal must be rolled back first, which needs write \
                 access: open it once with Radar where it can be written (nothing was changed)",
                path.display()
            )));
        }
        Err(_) if !side_file_holds_writes(path, "-wal") => open(true)?,
        Err(e) => return Err(e),
    };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != schema::LATEST_VERSION {
        return Err(StoreError::Invalid(format!(
            "{}: schema version {version} needs upgrading, which needs write access (this version reads {})",
            path.display(),
            schema::LATEST_VERSION
        )));
    }
    Ok(Store {
        conn: crate::store::conn::Conn::Lite(conn),
        path: path.to_path_buf(),
        dropped_indexes: Vec::new(),
    })
}

/// Does the file's `-wal` (committed writes not yet in the file itself) or `-journal`
/// (the pages an interrupted write changed) hold anything?
fn side_file_holds_writes(path: &Path, suffix: &str) -> bool {
    std::fs::metadata(side_file(path, suffix)).is_ok_and(|m| m.len() > 0)
}

/// The file SQLite keeps beside `path` (`-wal`, `-journal`, `-shm`).
fn side_file(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    side.into()
}

/// `file:` URI of a path: every byte outside the unreserved set percent-encoded, so a
/// `?`, `#` or `%` in a folder name cannot be read as URI syntax.
pub(super) fn file_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.to_string_lossy().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'.' | b'-' | b'_' | b'~' => {
                out.push(*b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_escapes_what_uri_syntax_would_read() {
        assert_eq!(file_uri(Path::new("/tmp/a b/p?x#y%.db")), "file:/tmp/a%20b/p%3Fx%23y%25.db");
        assert_eq!(file_uri(Path::new("成都.db")), "file:%E6%88%90%E9%83%BD.db");
    }
}

#[cfg(test)]
mod read_only_tests {
    use super::*;

    #[test]
    fn a_store_says_whether_it_can_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let store = Store::open(&path).unwrap();
        assert!(!store.is_read_only());
        drop(store);
        assert!(open_read_only(&path).unwrap().is_read_only());
        assert!(!Store::open_in_memory().unwrap().is_read_only());
    }

    /// A copy taken mid-write (the file and its hot rollback journal, as a writer that died
    /// leaves them) is refused with the reason, not read half-written as immutable.
    #[test]
    fn a_half_written_file_in_journal_mode_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut store = Store::open(&path).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut facts =
            crate::demo::generate_range(&crate::demo::DemoOptions { accounts: 40, seed: 1, today }, 0..40)
                .unwrap();
        store.insert_facts(&mut facts, false).unwrap();
        drop(store);
        let writer = Connection::open(&path).unwrap();
        writer.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; BEGIN;").unwrap();
        writer.execute("UPDATE account SET name = 'HALF-WRITTEN ' || name", []).unwrap();
        let copy = dir.path().join("copy.db");
        std::fs::copy(&path, &copy).unwrap();
        let (journal, copied) = (side_file(&path, "-journal"), side_file(&copy, "-journal"));
        assert!(std::fs::copy(&journal, &copied).unwrap() > 0, "the write spilled into the file");
        writer.execute_batch("ROLLBACK").unwrap();
        // SQLite rolls a hot journal back itself when it can write the journal (root can):
        // then the file reads whole. When it cannot, the immutable fallback read the
        // half-written pages; now the file is refused with the reason.
        match open_read_only(&copy) {
            Err(e) => assert!(e.to_string().contains("its -journal must be rolled back first"), "{e}"),
            Ok(store) => assert!(!store.dump().unwrap().contains("HALF-WRITTEN"), "read half-written"),
        }
        // Opened where it can be written, SQLite rolls it back: the names are whole again.
        drop(Store::open(&copy).unwrap());
        let half: i64 = Connection::open(&copy)
            .unwrap()
            .query_row("SELECT count(*) FROM account WHERE name LIKE 'HALF-WRITTEN%'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(half, 0);
    }
}
