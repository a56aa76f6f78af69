//! Opening a portfolio file: created private (0600), checked to be ours and of a version
//! we understand, its schema exactly ours, WAL for concurrent readers, `synchronous=FULL`
//! for durable commits, foreign keys on, a busy handler that waits for another writer, and
//! upgraded by the migrations.

use super::{indexes, schema, schema_check};
use crate::store::conn::Conn;
use crate::store::{DbError, Result, Store, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another Radar holding the write lock (a 100k-row import
/// holds it for a few seconds; a dashboard edit waits it out instead of failing).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Pause between retries while another connection holds the lock.
const BUSY_STEP: Duration = Duration::from_millis(20);

/// When (ms since the Unix epoch) a connection of this process last had to wait for
/// another writer. SQLite's busy handler is a plain `fn`, so it reports through a static.
static LAST_WAIT_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// SQLite calls this while the database is locked: wait a step and retry until
/// `BUSY_TIMEOUT`, noting the wait so the dashboard can say "waiting for the other Radar".
pub(crate) fn busy_handler(retries: i32) -> bool {
    if retries >= 5 {
        LAST_WAIT_MS.store(now_ms(), std::sync::atomic::Ordering::Relaxed);
    }
    if u128::from(retries.max(0) as u32) * BUSY_STEP.as_millis() >= BUSY_TIMEOUT.as_millis() {
        return false;
    }
    std::thread::sleep(BUSY_STEP);
    true
}

/// True while a write of this process is (or was, within the last 1.5 s) waiting
/// for another Radar to finish writing.
pub fn waiting_for_other_writer() -> bool {
    now_ms().saturating_sub(LAST_WAIT_MS.load(std::sync::atomic::Ordering::Relaxed)) < 1_500
}

impl Store {
    /// Opens (creating with mode 0600 if missing) and upgrades the file at `path`.
    /// Refuses files that are not Radar databases or come from a newer Radar, without
    /// changing them.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(StoreError::IsFolder { path: path.to_path_buf() });
        }
        let existed = path.exists();
        if !existed {
            create_private_file(path)?;
        }
        let connect = || {
            let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(path, flags)
                .map_err(|source| StoreError::Open { path: path.to_path_buf(), source: source.into() })
        };
        let (store, migrated) = Store::init(connect()?, path.to_path_buf())?;
        if !migrated {
            return Ok(store);
        }
        // A connection that renamed an AUTOINCREMENT table (migration V2 rebuilds every
        // table so) cannot checkpoint after a journal-mode change ("database table is
        // locked", SQLite 3.40 to 3.51): bulk mode and imports change it. A fresh
        // connection can.
        drop(store);
        Ok(Store::init(connect()?, path.to_path_buf())?.0)
    }

    /// A private in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Ok(Store::init(conn, PathBuf::from(crate::store::IN_MEMORY))?.0)
    }

    /// Checks, configures and migrates; true if a migration ran.
    fn init(mut conn: Connection, path: PathBuf) -> Result<(Store, bool)> {
        conn.busy_handler(Some(busy_handler))?;
        check_identity(&conn, &path)?;
        let exactly_latest = schema_check::verify(&conn, &path)?;
        // WAL lets the dashboard read while an import writes; FULL makes each commit durable.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Foreign keys stay off while the migrations run: one that rebuilds a table drops the
        // old one, which with foreign keys on would delete every row referring to it.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // Mark the file as ours before creating tables, so a crash mid-migration still
        // leaves a file we recognise.
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != schema::APPLICATION_ID {
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        }
        let before: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        super::derive_migration::keep_a_copy(&conn, &path, before)?;
        schema::MIGRATIONS
            .to_latest(&mut conn)
            .map_err(|source| StoreError::Migrate { path: path.clone(), source: DbError::new(source) })?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Room for every statement a scan keeps open plus the edits' own.
        conn.set_prepared_statement_cache_capacity(64);
        // A file these migrations just made from nothing has every index (the check builds
        // the latest schema in memory first: 20 ms of every import into a new file).
        if !exactly_latest && before != 0 {
            indexes::ensure_indexes(&conn)?;
        }
        // Milestones of terms that ended before the superseded rule existed are closed by
        // a migration, once per file (V13), not checked at every open (issue 19).
        let store = Store { conn: Conn::Lite(conn), path, dropped_indexes: Vec::new() };
        Ok((store, before != schema::LATEST_VERSION))
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.lite()?.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA data_version`: changes when another connection commits (live refresh).
    /// A team database reports its changes through its change feed instead: 0 there.
    pub fn data_version(&self) -> Result<i64> {
        let Some(c) = self.conn.as_lite() else { return Ok(0) };
        Ok(c.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Copies what the WAL holds into the file while nobody waits (the dashboard's worker,
    /// on its clock tick), so that an edit's commit seldom has to: SQLite checkpoints in
    /// the commit that takes the WAL past 1000 pages, and that copy and its fsync took
    /// 10 ms or more, one edit in thirty or so at 100k (issue 19, edit commit p99).
    /// PASSIVE: never waits for readers or writers; nothing to do costs a read of the WAL
    /// index. A team database has nothing of the kind.
    pub fn checkpoint_idle(&self) -> Result<()> {
        let Some(c) = self.conn.as_lite() else { return Ok(()) };
        c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// A canonical text dump of every table (ordered by id): two files with the same
    /// data give the same dump. Used by tests and by `--verify` style checks.
    pub fn dump(&self) -> Result<String> {
        let mut out = String::new();
        let conn = self.conn.lite()?;
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        tables.sort();
        for table in tables {
            // The full-text index's shadow tables hold its b-tree, which depends on the
            // order rows were written: the index is dumped by its rows instead.
            let sql = if table == super::fts::TABLE {
                Some(super::fts::dump_sql(conn)?)
            } else if table.starts_with(&format!("{}_", super::fts::TABLE)) {
                continue;
            } else {
                None
            };
            out.push_str(&format!("## {table}\n"));
            let mut stmt = match sql {
                Some(sql) => conn.prepare(&sql)?,
                None => {
                    // `version` last, where V1 had it: a later migration's columns come after it in
                    // the table, and readers of the dump (tests) take the last cell as the version.
                    let mut cols: Vec<String> = conn
                        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?
                        .query_map([&table], |r| r.get(0))?
                        .collect::<std::result::Result<_, _>>()?;
                    if let Some(at) = cols.iter().position(|c| c == "version") {
                        let version = cols.remove(at);
                        cols.push(version);
                    }
                    let list = cols.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
                    conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY 1"))?
                }
            };
            let n = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let cells: Vec<String> = (0..n)
                    .map(|i| match row.get_ref(i) {
                        Ok(v) => format!("{v:?}"),
                        Err(e) => format!("<{e}>"),
                    })
                    .collect();
                out.push_str(&cells.join("|"));
                out.push('\n');
            }
        }
        Ok(out)
    }
}

/// Folds the WAL into the file and removes it, if no other connection has the file open
/// (best effort: another Radar may be using it, or the file may be read-only). SQLite does
/// this when the last connection closes, but two connections closing at the same moment
/// can each see the other still open and both leave the WAL; called after they closed.
pub fn fold_wal(path: &Path) {
    if let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE) {
        let _ = conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        let _ = conn.close();
    }
}

/// Creates the file (and its folder) readable by the owner only: portfolio notes are private.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let err = |source| StoreError::Create { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(err(e)),
    }
}

/// Is this an empty file, or one of ours at a version we understand?
pub(crate) fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let not_radar = |detail: String| StoreError::NotRadar { path: path.to_path_buf(), detail };
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(|e| {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => not_radar("the file is not an SQLite database".into()),
            _ => StoreError::from_sql(e, BUSY_TIMEOUT.as_millis() as u64),
        }
    })?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if app_id == 0 {
        let tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))?;
        if tables > 0 || version != 0 {
            return Err(not_radar(format!(
                "it is an SQLite database of another program ({tables} tables, user_version {version})"
            )));
        }
    } else if app_id != schema::APPLICATION_ID {
        return Err(not_radar(format!("it is an SQLite database with application_id {app_id:#x}")));
    }
    if version > schema::LATEST_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: schema::LATEST_VERSION,
        });
    }
    Ok(())
}
