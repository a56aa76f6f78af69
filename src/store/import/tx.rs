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

#[cfg(test)]
mod tests {
    use crate::demo::{DemoOptions, generate_range};
    use crate::store::{Store, StoreError};

    fn indexes(s: &Store) -> Vec<String> {
        let mut v: Vec<String> = s
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        v.sort();
        v
    }

    fn journal(s: &Store) -> String {
        s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap()
    }

    fn demo(range: std::ops::Range<usize>) -> Vec<crate::domain::AccountFacts> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        generate_range(&DemoOptions { accounts: range.end, seed: 3, today }, range).unwrap()
    }

    /// A bulk load that fails (a full disk, simulated with `max_page_count`) leaves the
    /// file exactly as it was: schema, every index, no rows, back in WAL mode.
    #[test]
    fn a_failed_bulk_load_leaves_the_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("p.db")).unwrap();
        let (before, names) = (s.dump().unwrap(), indexes(&s));
        let pages: i64 = s.conn.pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
        s.conn.pragma_update(None, "max_page_count", pages + 40).unwrap();
        let mut tx = s.begin_import(true).unwrap();
        assert!(tx.is_bulk());
        let err = tx.insert_new(&mut demo(0..300), false).unwrap_err();
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
        drop(tx);
        assert_eq!(s.dump().unwrap(), before);
        assert_eq!(indexes(&s), names, "the indexes dropped for the load are back");
        assert_eq!(journal(&s), "wal");
        let ok: String = s.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
    }

    /// Committed, a bulk load has every row and every index, and the file is in WAL again.
    #[test]
    fn a_committed_bulk_load_has_every_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("p.db")).unwrap();
        let names = indexes(&s);
        let mut tx = s.begin_import(true).unwrap();
        assert!(tx.is_bulk());
        assert!(tx.store().account_count().unwrap() == 0);
        tx.insert_new(&mut demo(0..50), false).unwrap();
        tx.commit().unwrap();
        assert_eq!(s.account_count().unwrap(), 50);
        assert_eq!(indexes(&s), names);
        assert_eq!(journal(&s), "wal");
        let fk: i64 = s.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1, "foreign keys are checked again");
    }

    /// Bulk loading needs the file to itself (leaving WAL does) and an empty portfolio;
    /// otherwise the import is one ordinary transaction.
    #[test]
    fn bulk_is_refused_when_another_connection_has_the_file_or_it_holds_accounts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut s = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        let tx = s.begin_import(true).unwrap();
        assert!(!tx.is_bulk());
        drop(tx);
        drop(other);
        s.insert_facts(&mut demo(0..2), false).unwrap();
        let mut tx = s.begin_import(true).unwrap();
        assert!(!tx.is_bulk());
        tx.insert_new(&mut demo(2..4), false).unwrap();
        tx.commit().unwrap();
        assert_eq!(s.account_count().unwrap(), 4);
        assert_eq!(journal(&s), "wal");
    }
}
