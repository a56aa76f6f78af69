//! Transactions, SQLite's way. A write takes the file's write lock up front (`BEGIN
//! IMMEDIATE`), so reads inside see the latest data and no other writer can slip in
//! between a version check and the write; a read sees one snapshot (a deferred
//! transaction). PostgreSQL's side: `BEGIN` plus row locks on the accounts touched, and
//! `REPEATABLE READ READ ONLY` (docs/team-mode-design.md §2, §4).

use crate::store::{BUSY_TIMEOUT, Result, Store, StoreError};
use rusqlite::Connection;

/// A write transaction, rolled back if dropped before `commit`.
pub(crate) struct Immediate<'c> {
    conn: &'c Connection,
    done: bool,
}

impl<'c> Immediate<'c> {
    /// Waits for the write lock (the busy handler, up to `BUSY_TIMEOUT`) and begins.
    pub(crate) fn begin(conn: &'c Connection) -> Result<Immediate<'c>> {
        begin_immediate(conn)?;
        Ok(Immediate { conn, done: false })
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT")?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Immediate<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing useful to do if even the rollback fails: SQLite rolls back on close.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// `BEGIN IMMEDIATE` on its own (the import's transaction manages its end itself).
pub(crate) fn begin_immediate(conn: &Connection) -> Result<()> {
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(|e| StoreError::from_sql(e, BUSY_TIMEOUT.as_millis() as u64))
}

impl Store {
    /// Runs `f` inside one read transaction: one consistent snapshot, and one lock taken
    /// for all its reads instead of one per statement (a dry run reads accounts one by one).
    /// Inside a transaction already, `f` simply runs in it.
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        if !self.conn.is_autocommit() {
            return Ok(f(self));
        }
        self.conn.execute_batch("BEGIN")?;
        let out = f(self);
        self.conn.execute_batch("ROLLBACK")?;
        Ok(out)
    }

    /// Runs `f` on one snapshot of the file (a deferred transaction, ended without writing).
    pub(crate) fn in_read_tx<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let tx = self.conn.unchecked_transaction()?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` with each commit's fsync skipped, for derived data only (the risk cache:
    /// after a power cut it may lose the commit, never be half written), then makes every
    /// later commit durable again.
    pub(crate) fn without_fsync<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let result = f(self);
        let restored = self.conn.pragma_update(None, "synchronous", "FULL");
        let out = result?;
        restored?;
        Ok(out)
    }
}

/// Runs `f` on a second, read-only connection to `path`, in one read transaction (the
/// recompute's helper thread scores half the portfolio on it).
pub(crate) fn with_reader<T>(path: &std::path::Path, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
    let conn = super::read_only::open_reader(path, false)?;
    let read = conn.unchecked_transaction()?;
    let out = f(&read)?;
    read.finish()?;
    Ok(out)
}
