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

use crate::store::conn::Conn;
use crate::store::sqlite::bulk;
use crate::store::{Result, Store};

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
        // Bulk loading is SQLite's (a team database is shared: no such thing there).
        let bulk = bulk && self.conn.as_lite().is_some() && self.enter_bulk()?;
        let mut tx = ImportTx { store: self, bulk: bulk.then(Vec::new), open: false };
        tx.begin()?;
        Ok(tx)
    }
}

impl ImportTx<'_> {
    fn begin(&mut self) -> Result<()> {
        self.lock()?;
        if self.bulk.is_some() && self.store.account_count()? > 0 {
            // Another Radar wrote the file between the caller's look and this lock.
            self.store.conn.end("ROLLBACK")?;
            self.open = false;
            self.bulk = None;
            self.store.leave_bulk();
            self.lock()?;
        }
        if let Some(dropped) = &mut self.bulk {
            *dropped = bulk::drop_indexes(self.store.conn.lite()?)?;
        }
        Ok(())
    }

    fn lock(&mut self) -> Result<()> {
        self.store.conn.begin_write()?;
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

    pub(super) fn conn(&self) -> &Conn {
        &self.store.conn
    }

    /// Rebuilds the indexes a bulk load dropped (and fills the full-text index) and commits:
    /// everything or nothing.
    pub fn commit(mut self) -> Result<()> {
        for sql in self.bulk.iter().flatten() {
            self.store.conn.batch(sql)?;
        }
        if self.bulk.is_some() {
            // The load left the full-text index and the currency tally alone: filled here,
            // the index in one pass per kind.
            crate::store::sqlite::fts::rebuild(self.store.conn.lite()?)?;
            bulk::retally(self.store.conn.lite()?)?;
        }
        if self.bulk.is_none() {
            crate::store::sqlite::fts::tidy(&self.store.conn)?;
        }
        // An imported term may have ended with milestones still pending: closed here, as
        // an edit closing a term does (files are no longer checked at every open).
        if let Conn::Lite(_) = self.store.conn {
            crate::store::supersede::fix_up(&self.store.conn)?;
        }
        self.store.conn.end("COMMIT")?;
        self.open = false;
        Ok(()) // dropping `self` leaves bulk mode
    }
}

impl Drop for ImportTx<'_> {
    fn drop(&mut self) {
        if self.open {
            // SQLite may have rolled back already (a full disk does); nothing else to do then.
            let _ = self.store.conn.end("ROLLBACK");
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
            .lite()
            .unwrap()
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
        s.conn.lite().unwrap().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap()
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
        let pages: i64 = s.conn.lite().unwrap().pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
        s.conn.lite().unwrap().pragma_update(None, "max_page_count", pages + 40).unwrap();
        let mut tx = s.begin_import(true).unwrap();
        assert!(tx.is_bulk());
        let err = tx.insert_new(&mut demo(0..300), false).unwrap_err();
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
        drop(tx);
        assert_eq!(s.dump().unwrap(), before);
        assert_eq!(indexes(&s), names, "the indexes dropped for the load are back");
        assert_eq!(journal(&s), "wal");
        let ok: String =
            s.conn.lite().unwrap().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
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
        let fk: i64 = s.conn.lite().unwrap().pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
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

    /// An import bringing pending milestones inside a decided term closes them as
    /// superseded at its commit (bulk or not): opening a file no longer checks (issue 19).
    #[test]
    fn an_import_closes_the_milestones_of_its_decided_terms_at_commit() {
        use crate::domain::MilestoneStatus;
        for bulk in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let mut s = Store::open(&dir.path().join("p.db")).unwrap();
            if !bulk {
                s.insert_facts(&mut demo(0..2), false).unwrap();
            }
            let mut facts = demo(2..40);
            let mut reopened = 0;
            for m in facts.iter_mut().flat_map(|f| f.milestones.iter_mut()) {
                if m.status == MilestoneStatus::Superseded {
                    (m.status, m.done_on) = (MilestoneStatus::Pending, None);
                    reopened += 1;
                }
            }
            assert!(reopened > 0, "the demo has milestones of ended terms");
            let mut tx = s.begin_import(bulk).unwrap();
            assert_eq!(tx.is_bulk(), bulk);
            tx.insert_new(&mut facts, false).unwrap();
            tx.commit().unwrap();
            let q = |sql: &str| s.conn.lite().unwrap().query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
            let left = q("SELECT count(*) FROM milestone m WHERE status = 'pending' AND EXISTS (SELECT 1 \
                 FROM term t WHERE t.account_id = m.account_id AND t.outcome IS NOT NULL AND m.due <= t.\"end\")");
            assert_eq!(left, 0, "bulk {bulk}");
            assert!(
                q("SELECT count(*) FROM milestone WHERE status = 'superseded'") >= reopened,
                "bulk {bulk}"
            );
        }
    }
}
