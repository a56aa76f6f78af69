//! Transactions of either engine. A write takes the write lock up front (SQLite's `BEGIN
//! IMMEDIATE`: reads inside see the latest data, no other writer slips in between a
//! version check and the write; PostgreSQL's `BEGIN`, whose versioned UPDATEs wait for a
//! concurrent writer of the same row and then find it stale). A read sees one snapshot
//! (a deferred transaction; `REPEATABLE READ READ ONLY`).

use super::Conn;
use crate::store::{BUSY_TIMEOUT, Result, StoreError};

/// A transaction, rolled back if dropped before `commit`.
pub(crate) struct Tx<'c> {
    conn: &'c Conn,
    done: bool,
}

impl<'c> Tx<'c> {
    /// A write transaction (waits for SQLite's write lock up to `BUSY_TIMEOUT`).
    pub(crate) fn write(conn: &'c Conn) -> Result<Tx<'c>> {
        conn.begin_write()?;
        Ok(Tx { conn, done: false })
    }

    /// A transaction that takes locks as it goes (SQLite's deferred `BEGIN`).
    pub(crate) fn deferred(conn: &'c Conn) -> Result<Tx<'c>> {
        match conn {
            Conn::Lite(c) => c.execute_batch("BEGIN")?,
            Conn::Pg(p) => p.begin("BEGIN")?,
        }
        Ok(Tx { conn, done: false })
    }

    /// One consistent snapshot for reading.
    pub(crate) fn read(conn: &'c Conn) -> Result<Tx<'c>> {
        match conn {
            Conn::Lite(c) => c.execute_batch("BEGIN")?,
            Conn::Pg(p) => p.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?,
        }
        Ok(Tx { conn, done: false })
    }

    pub(crate) fn commit(mut self) -> Result<()> {
        self.done = true;
        self.end("COMMIT")
    }

    /// Ends a read without writing.
    pub(crate) fn finish(mut self) -> Result<()> {
        self.done = true;
        self.end("ROLLBACK")
    }

    fn end(&self, how: &str) -> Result<()> {
        self.conn.end(how)
    }
}

impl Conn {
    /// Begins a write transaction with no guard (the import's, which ends it itself).
    pub(crate) fn begin_write(&self) -> Result<()> {
        match self {
            Conn::Lite(c) => c
                .execute_batch("BEGIN IMMEDIATE")
                .map_err(|e| StoreError::from_sql(e, BUSY_TIMEOUT.as_millis() as u64)),
            Conn::Pg(p) => p.begin("BEGIN"),
        }
    }

    /// Ends the open transaction: `COMMIT` or `ROLLBACK`.
    pub(crate) fn end(&self, how: &str) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(how)?),
            Conn::Pg(p) => p.end(how),
        }
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing useful to do if even the rollback fails: both engines roll back an
            // open transaction when the connection closes.
            let _ = self.end("ROLLBACK");
        }
    }
}

impl crate::store::Store {
    /// Runs `f` inside one read transaction: one consistent snapshot, and one lock taken
    /// for all its reads instead of one per statement (a dry run reads accounts one by one).
    /// Inside a transaction already, `f` simply runs in it.
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&crate::store::Store) -> T) -> Result<T> {
        if self.conn.in_tx() {
            return Ok(f(self));
        }
        let tx = Tx::read(&self.conn)?;
        let out = f(self);
        tx.finish()?;
        Ok(out)
    }

    /// Runs `f` on one snapshot (a read transaction, ended without writing).
    pub(crate) fn in_read_tx<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        if self.conn.in_tx() {
            return f(&self.conn);
        }
        let tx = Tx::read(&self.conn)?;
        let out = f(&self.conn)?;
        tx.finish()?;
        Ok(out)
    }
}
