//! The one transaction an import plans and writes in. `BEGIN IMMEDIATE` takes the write
//! lock before the import reads anything, so a second import started at the same moment
//! waits and then plans against the first one's result instead of creating every row again.
//!
//! Bulk loading (many new accounts into a file with none) swaps WAL for SQLite's rollback
//! journal for the duration. Into an empty file that journal holds only the few pages the
//! file had: pages appended past its end are not journaled, a rollback cuts them off. So
//! the load writes each page once (WAL would write it twice) and is still one transaction:
//! killed, out of disk or refused, the file is exactly as it was, schema and indexes
//! included. The secondary indexes are dropped and rebuilt inside that transaction (one
//! sort each at the end is several times faster than maintaining them row by row).

use crate::store::{BUSY_TIMEOUT, Result, Store, StoreError, busy_handler};

/// SQLite's page cache while bulk loading, in KiB: room for the b-trees' right edges and
/// the index sorts at the end. (256 MiB made a 200k-row import peak over 1 GB.)
const BULK_CACHE_KIB: i64 = 65_536;

/// SQLite's default page cache, in KiB, restored after a bulk load.
const DEFAULT_CACHE_KIB: i64 = 2_000;

/// An open import transaction: rolled back when dropped without `commit`.
pub struct ImportTx<'s> {
    store: &'s mut Store,
    /// In bulk mode: the statements of the indexes dropped inside the transaction.
    bulk: Option<Vec<String>>,
    open: bool,
}

impl Store {
    /// Waits for the write lock (like any write, up to `BUSY_TIMEOUT`) and opens the
    /// import's transaction. `bulk` asks for bulk loading; it is granted only when no other
    /// connection has the file open and, under the lock, the file has no accounts
    /// (`ImportTx::is_bulk` says whether it was).
    pub fn begin_import(&mut self, bulk: bool) -> Result<ImportTx<'_>> {
        let bulk = bulk && self.enter_bulk()?;
        let mut tx = ImportTx { store: self, bulk: bulk.then(Vec::new), open: false };
        tx.begin()?;
        Ok(tx)
    }

    /// Leaves WAL for the rollback journal; false (nothing changed) when SQLite refuses,
    /// which it does while another connection has the file open.
    fn enter_bulk(&mut self) -> Result<bool> {
        // Refused at once rather than after the 30 s a busy handler would wait.
        self.conn.busy_handler(None)?;
        let mode: rusqlite::Result<String> =
            self.conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
        self.conn.busy_handler(Some(busy_handler))?;
        // An in-memory database keeps its in-memory journal, which rolls back just as well.
        if !matches!(mode.as_deref(), Ok("delete" | "memory")) {
            return Ok(false);
        }
        // Our own rows are consistent by construction; checking each reference costs time.
        self.conn.pragma_update(None, "foreign_keys", "OFF")?;
        self.conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        Ok(true)
    }

    /// Back to the usual settings after a bulk load, committed or not. Best effort: if
    /// another Radar opened the file meanwhile it has already switched it back to WAL.
    fn leave_bulk(&mut self) {
        let _ = self.conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB);
        let _ = self.conn.pragma_update(None, "foreign_keys", "ON");
        if self.path != std::path::Path::new(":memory:") {
            let _ = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        }
    }
}

impl ImportTx<'_> {
    fn begin(&mut self) -> Result<()> {
        self.lock()?;
        if self.bulk.is_some() && self.store.account_count()? > 0 {
            // Another Radar wrote the file between the caller's look and this lock.
            self.store.conn.execute_batch("ROLLBACK")?;
            self.open = false;
            self.bulk = None;
            self.store.leave_bulk();
            self.lock()?;
        }
        if let Some(dropped) = &mut self.bulk {
            let indexes: Vec<(String, String)> = self
                .store
                .conn
                .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (name, sql) in indexes {
                self.store.conn.execute_batch(&format!("DROP INDEX \"{}\"", name.replace('"', "\"\"")))?;
                dropped.push(sql);
            }
        }
        Ok(())
    }

    fn lock(&mut self) -> Result<()> {
        self.store
            .conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(|e| StoreError::from_sql(e, BUSY_TIMEOUT.as_millis() as u64))?;
        self.open = true;
        Ok(())
    }

    /// True when this transaction bulk loads (see the module comment).
    pub fn is_bulk(&self) -> bool {
        self.bulk.is_some()
    }

    /// The store, to read inside the transaction (reads see what it wrote so far).
    pub fn store(&self) -> &Store {
        self.store
    }

    pub(super) fn conn(&self) -> &rusqlite::Connection {
        &self.store.conn
    }

    /// Rebuilds the indexes a bulk load dropped and commits: everything or nothing.
    pub fn commit(mut self) -> Result<()> {
        for sql in self.bulk.iter().flatten() {
            self.store.conn.execute_batch(sql)?;
        }
        self.store.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(()) // dropping `self` leaves bulk mode
    }
}

impl Drop for ImportTx<'_> {
    fn drop(&mut self) {
        if self.open {
            // SQLite may have rolled back already (a full disk does); nothing else to do then.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
        if self.bulk.is_some() {
            self.store.leave_bulk();
        }
    }
}
