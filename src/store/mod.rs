//! The only code that speaks SQL. One SQLite file per portfolio: WAL, `synchronous=FULL`,
//! foreign keys on, a busy timeout, mode 0600, schema by migrations in `user_version`.
//! Every public write is one transaction.

mod backup;
mod codec;
mod complete;
mod dates;
mod edit;
mod error;
pub mod health;
pub mod import;
mod indexes;
mod load;
mod partial;
mod plan;
mod portfolio;
mod quick;
mod read_only;
mod recorder;
mod rows;
mod scan;
mod schema;
mod schema_check;
mod undo;
mod write;

pub use backup::{FileSummary, is_good_copy, summarize};
pub use edit::Rescore;
pub use error::{Result, StoreError};
pub use partial::remove_stale_partials;
pub use plan::DeletePlan;
pub use portfolio::{PORTFOLIO_SELECT, PortfolioRow};
pub use scan::Parts;
pub use schema::{APPLICATION_ID, LATEST_VERSION};

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
fn busy_handler(retries: i32) -> bool {
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

/// An open portfolio database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Index definitions dropped by bulk mode, to rebuild when it ends.
    dropped_indexes: Vec<String>,
}

impl Store {
    /// Opens (creating with mode 0600 if missing) and upgrades the file at `path`.
    /// Refuses files that are not Radar databases or come from a newer Radar, without
    /// changing them.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists();
        if !existed {
            create_private_file(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        Store::init(conn, path.to_path_buf())
    }

    /// A private in-memory database (tests, benchmarks).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        Store::init(conn, PathBuf::from(":memory:"))
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_handler(Some(busy_handler))?;
        check_identity(&conn, &path)?;
        schema_check::verify(&conn, &path)?;
        // WAL lets the dashboard read while an import writes; FULL makes each commit durable.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Mark the file as ours before creating tables, so a crash mid-migration still
        // leaves a file we recognise.
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        if app_id != schema::APPLICATION_ID {
            conn.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
        }
        schema::MIGRATIONS
            .to_latest(&mut conn)
            .map_err(|source| StoreError::Migrate { path: path.clone(), source })?;
        indexes::ensure_indexes(&conn)?;
        Ok(Store { conn, path, dropped_indexes: Vec::new() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA data_version`: changes when another connection commits (live refresh).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// A canonical text dump of every table (ordered by id): two files with the same
    /// data give the same dump. Used by tests and by `--verify` style checks.
    pub fn dump(&self) -> Result<String> {
        let mut out = String::new();
        let mut tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        tables.sort();
        for table in tables {
            out.push_str(&format!("## {table}\n"));
            let mut stmt = self.conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))?;
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

impl Store {
    /// Bulk mode for building a brand-new file nobody else can see yet (the demo builds a
    /// temporary file and renames it into place when done): no journal, no fsync per
    /// commit, no foreign-key checks, and the secondary indexes dropped (rebuilt in one sort
    /// each when bulk mode ends). A crash leaves that file unusable, so never use it on a
    /// file that holds the user's data: imports load in bulk through `begin_import`, which
    /// is one transaction.
    pub fn set_bulk_mode(&mut self, on: bool) -> Result<()> {
        if on {
            self.conn.pragma_update(None, "journal_mode", "OFF")?;
            self.conn.pragma_update(None, "synchronous", "OFF")?;
            self.conn.pragma_update(None, "foreign_keys", "OFF")?;
            self.conn.pragma_update(None, "cache_size", -262_144)?; // 256 MiB
            let indexes: Vec<(String, String)> = self
                .conn
                .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, _) in &indexes {
                self.conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            }
            self.dropped_indexes = indexes.into_iter().map(|(_, sql)| sql).collect();
        } else {
            for sql in std::mem::take(&mut self.dropped_indexes) {
                self.conn.execute_batch(&sql)?;
            }
            self.conn.pragma_update(None, "cache_size", -2_000)?;
            self.conn.pragma_update(None, "foreign_keys", "ON")?;
            self.conn.pragma_update(None, "journal_mode", "WAL")?;
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};

    /// A full disk, simulated with `max_page_count`: the write fails as `DiskFull` and
    /// the transaction leaves the database exactly as it was.
    #[test]
    fn disk_full_changes_nothing() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut first = generate_range(&DemoOptions { accounts: 5, seed: 1, today }, 0..5).unwrap();
        store.insert_facts(&mut first, false).unwrap();
        let before = store.dump().unwrap();
        let pages: i64 = store.conn.pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
        store.conn.pragma_update(None, "max_page_count", pages + 2).unwrap();
        let mut more = generate_range(&DemoOptions { accounts: 400, seed: 2, today }, 5..405).unwrap();
        let err = store.insert_facts(&mut more, false).unwrap_err();
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
        assert!(err.to_string().contains("nothing was saved"));
        assert_eq!(store.dump().unwrap(), before);
    }

    /// The full recompute commits without an fsync (derived data), and every later
    /// commit is durable again.
    #[test]
    fn recompute_restores_full_sync() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let now = today.and_hms_opt(12, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let mut facts = generate_range(&DemoOptions { accounts: 12, seed: 1, today }, 0..12).unwrap();
        store.insert_facts(&mut facts, false).unwrap();
        let cfg = crate::domain::risk::RiskConfig::default();
        assert_eq!(store.recompute_risk_all(today, |f| crate::refresh::score(f, now, &cfg)).unwrap(), 12);
        let sync: i64 = store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL again");
    }
}
