//! What `radar doctor` asks of a database file, read without changing it: its identity
//! and schema version, whether its schema is exactly ours, `PRAGMA quick_check`, the
//! indexes it lacks, its journal mode and WAL, and whether another program holds it.
//!
//! Every other open (`Store::open`) repairs as it goes (it upgrades the schema and
//! rebuilds missing indexes); the doctor must report the file as it is, so it reads
//! through its own read-only connection and never fails: each problem is a fact here.

use super::open::check_identity;
use super::read_only::file_uri;
use super::{backup, indexes, schema, schema_check};
use crate::store::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a read waits for a lock before the file is reported as held by another program.
const LOCK_WAIT: Duration = Duration::from_millis(500);

/// What the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// A Renewal Radar database this version understands.
    Radar,
    /// An empty file: the first open makes it a portfolio.
    Empty,
    /// Not ours (another program's database, or not a database at all); what it is.
    Foreign(String),
    /// Written by a newer Radar.
    Newer { found: i64, supported: i64 },
    /// Another program holds a lock that keeps even readers out.
    Locked,
    /// It could not be read at all; why.
    Unreadable(String),
}

/// The facts about one database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    pub path: PathBuf,
    /// Bytes of the file itself.
    pub size: u64,
    /// Bytes of its `-wal` file, if there is one.
    pub wal_size: Option<u64>,
    pub identity: Identity,
    /// `PRAGMA user_version`, when it could be read.
    pub schema_version: Option<i64>,
    /// The version this build writes.
    pub latest_version: i64,
    /// How the schema differs from ours for its version (a planted trigger, a changed
    /// table), if it does.
    pub schema_difference: Option<String>,
    /// What `quick_check` found wrong, if anything.
    pub damage: Option<String>,
    /// Indexes our schema defines that the file lacks.
    pub missing_indexes: Vec<String>,
    /// `wal`, `delete`, …
    pub journal_mode: Option<String>,
    /// Some(true) when another connection holds the write lock now (an import, a save).
    pub writer_active: Option<bool>,
    pub accounts: Option<i64>,
}

/// Inspects the existing file at `path` (the caller checks that it exists).
pub fn inspect(path: &Path) -> Health {
    let mut h = Health {
        path: path.to_path_buf(),
        size: std::fs::metadata(path).map_or(0, |m| m.len()),
        wal_size: std::fs::metadata(wal_path(path)).ok().map(|m| m.len()),
        identity: Identity::Radar,
        schema_version: None,
        latest_version: schema::LATEST_VERSION,
        schema_difference: None,
        damage: None,
        missing_indexes: Vec::new(),
        journal_mode: None,
        writer_active: None,
        accounts: None,
    };
    let conn = match identify(path, false) {
        // A folder where the `-shm` file cannot be made: read the file as it is on disk,
        // which is all of it when its WAL holds nothing.
        Err(Identity::Unreadable(_)) if h.wal_size.unwrap_or(0) == 0 => identify(path, true),
        other => other,
    };
    let conn = match conn {
        Ok(conn) => conn,
        Err(identity) => {
            h.identity = identity;
            return h;
        }
    };
    h.schema_version = conn.pragma_query_value(None, "user_version", |r| r.get(0)).ok();
    h.journal_mode = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).ok();
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
        .unwrap_or(0);
    if tables == 0 && h.schema_version == Some(0) {
        h.identity = Identity::Empty;
        return h;
    }
    if let Err(e) = schema_check::verify(&conn, path) {
        h.schema_difference = Some(match e {
            StoreError::NotRadar { detail, .. } => detail,
            other => other.to_string(),
        });
    }
    match backup::problems(&conn) {
        Ok(found) => h.damage = found,
        Err(e) if is_busy(&e) => h.identity = Identity::Locked,
        Err(e) => h.damage = Some(e.to_string()),
    }
    if h.damage.is_none() && h.identity == Identity::Radar {
        h.missing_indexes = indexes::missing_indexes(&conn).unwrap_or_default();
        h.accounts = conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0)).ok();
    }
    drop(conn);
    if h.identity == Identity::Radar && h.wal_size.is_some() {
        h.writer_active = writer_active(path);
    }
    h
}

/// A read-only connection on `path` that has passed the identity check, or what the file is.
fn identify(path: &Path, immutable: bool) -> Result<Connection, Identity> {
    let flags =
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
    let uri = file_uri(path) + if immutable { "?immutable=1" } else { "" };
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| Identity::Unreadable(e.to_string()))?;
    conn.busy_timeout(LOCK_WAIT).map_err(|e| Identity::Unreadable(e.to_string()))?;
    match check_identity(&conn, path) {
        Ok(()) => Ok(conn),
        Err(StoreError::NotRadar { detail, .. }) => Err(Identity::Foreign(detail)),
        Err(StoreError::NewerSchema { found, supported, .. }) => Err(Identity::Newer { found, supported }),
        Err(StoreError::Busy { .. }) => Err(Identity::Locked),
        Err(e) => Err(Identity::Unreadable(e.to_string())),
    }
}

/// Does another connection hold the write lock now? Asked only when the file has a WAL
/// (a writer in WAL mode always has one), through a connection that takes the lock
/// without waiting, lets it go at once, and does not fold the WAL in when it closes.
/// None when this user may not write the file (then nobody's lock matters to Radar's reads).
fn writer_active(path: &Path) -> Option<bool> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).ok()?;
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).ok()?;
    conn.busy_timeout(Duration::ZERO).ok()?;
    match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
        Ok(()) => Some(false),
        Err(e) if is_busy(&e) => Some(true),
        Err(_) => None,
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn wal_path(path: &Path) -> PathBuf {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    PathBuf::from(wal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn radar_file(dir: &Path) -> PathBuf {
        let path = dir.join("p.db");
        drop(Store::open(&path).unwrap());
        path
    }

    #[test]
    fn a_fresh_file_is_healthy_and_inspecting_it_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = radar_file(dir.path());
        let before = std::fs::read(&path).unwrap();
        let h = inspect(&path);
        assert_eq!(h.identity, Identity::Radar);
        assert_eq!(h.schema_version, Some(schema::LATEST_VERSION));
        assert_eq!((h.damage.as_deref(), h.schema_difference.as_deref()), (None, None));
        assert!(h.missing_indexes.is_empty());
        assert_eq!(h.journal_mode.as_deref(), Some("wal"));
        assert_eq!(h.accounts, Some(0));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_dropped_index_is_found_and_left_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = radar_file(dir.path());
        Connection::open(&path).unwrap().execute_batch("DROP INDEX account_name").unwrap();
        assert_eq!(inspect(&path).missing_indexes, vec!["account_name".to_string()]);
        assert_eq!(inspect(&path).missing_indexes.len(), 1, "still missing: the doctor repairs nothing");
    }

    #[test]
    fn a_file_written_by_a_newer_radar_is_named_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = radar_file(dir.path());
        Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
        assert_eq!(inspect(&path).identity, Identity::Newer { found: 99, supported: schema::LATEST_VERSION });
    }

    #[test]
    fn a_file_of_another_program_and_text_are_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t (x)").unwrap();
        assert!(matches!(inspect(&other).identity, Identity::Foreign(_)));
        let text = dir.path().join("notes.db");
        std::fs::write(
            &text,
            "成都天府云图信息技术有限公司 is not a database, but it is long enough to look like one"
                .repeat(20),
        )
        .unwrap();
        assert!(matches!(inspect(&text).identity, Identity::Foreign(d) if d.contains("not an SQLite")));
    }

    #[test]
    fn an_exclusive_lock_is_reported_as_locked() {
        let dir = tempfile::tempdir().unwrap();
        let path = radar_file(dir.path());
        let holder = Connection::open(&path).unwrap();
        holder.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;").unwrap();
        assert_eq!(inspect(&path).identity, Identity::Locked);
    }

    #[test]
    fn a_writer_holding_the_lock_is_seen_and_readers_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = radar_file(dir.path());
        let holder = Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let h = inspect(&path);
        assert_eq!((h.identity, h.writer_active), (Identity::Radar, Some(true)));
        holder.execute_batch("ROLLBACK").unwrap();
        assert_eq!(inspect(&path).writer_active, Some(false));
    }
}
