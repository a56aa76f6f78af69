//! Bulk loading, SQLite's way: PRAGMAs that trade durability for speed on a file nobody
//! else can see yet, secondary indexes dropped and rebuilt in one sort each, and
//! milestones inserted many rows per statement. (PostgreSQL loads with binary COPY inside
//! the import's transaction and has no bulk mode: its database is shared.)

use super::bind;
use super::open::busy_handler;
use crate::store::tables::Table;
use crate::store::write::Versioned;
use crate::store::{Result, Store};
use rusqlite::{Connection, Statement};

/// SQLite's page cache while an import bulk loads, in KiB: room for the b-trees' right
/// edges and the index sorts at the end. (256 MiB made a 200k-row import peak over 1 GB.)
const BULK_CACHE_KIB: i64 = 65_536;

/// SQLite's default page cache, in KiB, restored after a bulk load.
const DEFAULT_CACHE_KIB: i64 = 2_000;

impl Store {
    /// Bulk mode for building a brand-new file nobody else can see yet (the demo builds a
    /// temporary file and renames it into place when done): no journal, no fsync per
    /// commit, no foreign-key checks, and the secondary indexes dropped (rebuilt in one sort
    /// each when bulk mode ends). A crash leaves that file unusable, so never use it on a
    /// file that holds the user's data: imports load in bulk through `begin_import`, which
    /// is one transaction.
    pub fn set_bulk_mode(&mut self, on: bool) -> Result<()> {
        let conn = self.conn.lite()?;
        if on {
            conn.pragma_update(None, "journal_mode", "OFF")?;
            conn.pragma_update(None, "synchronous", "OFF")?;
            conn.pragma_update(None, "foreign_keys", "OFF")?;
            conn.pragma_update(None, "cache_size", -262_144)?; // 256 MiB
            let dropped = drop_indexes(conn)?;
            self.dropped_indexes = dropped;
        } else {
            for sql in std::mem::take(&mut self.dropped_indexes) {
                conn.execute_batch(&sql)?;
            }
            retally(conn)?;
            // `insert_facts` left the full-text index alone while in bulk mode.
            super::fts::rebuild(conn)?;
            conn.pragma_update(None, "cache_size", -2_000)?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(())
    }

    /// For an import's bulk load: leaves WAL for the rollback journal; false (nothing
    /// changed) when SQLite refuses, which it does while another connection has the file open.
    pub(crate) fn enter_bulk(&mut self) -> Result<bool> {
        let conn = self.conn.lite()?;
        // Refused at once rather than after the 30 s a busy handler would wait.
        conn.busy_handler(None)?;
        let mode: rusqlite::Result<String> = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
        conn.busy_handler(Some(busy_handler))?;
        // An in-memory database keeps its in-memory journal, which rolls back just as well.
        if !matches!(mode.as_deref(), Ok("delete" | "memory")) {
            return Ok(false);
        }
        // Our own rows are consistent by construction; checking each reference costs time.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
        Ok(true)
    }

    /// Back to the usual settings after a bulk load, committed or not. Best effort: if
    /// another Radar opened the file meanwhile it has already switched it back to WAL.
    pub(crate) fn leave_bulk(&mut self) {
        let Some(conn) = self.conn.as_lite() else { return };
        let _ = conn.pragma_update(None, "cache_size", -DEFAULT_CACHE_KIB);
        let _ = conn.pragma_update(None, "foreign_keys", "ON");
        if self.path != std::path::Path::new(crate::store::IN_MEMORY) {
            let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0));
        }
    }
}

/// Drops every secondary index, the triggers that mark cached risk scores stale (a
/// bulk load writes accounts that have none; per row they cost as much as the insert) and
/// those that keep the currency and score tallies (`retally` counts them once at the end);
/// returns their `CREATE` statements, to run again.
pub(crate) fn drop_indexes(conn: &Connection) -> Result<Vec<String>> {
    let indexes: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE (type = 'index' AND sql IS NOT NULL) \
             OR (type = 'trigger' AND (name LIKE 'risk_stale_%' OR name LIKE 'currency_tally_%' \
                OR name LIKE 'risk_tally_%'))",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut dropped = Vec::with_capacity(indexes.len());
    for (kind, name, sql) in indexes {
        let kind = if kind == "trigger" { "TRIGGER" } else { "INDEX" };
        conn.execute_batch(&format!("DROP {kind} \"{}\"", name.replace('"', "\"\"")))?;
        dropped.push(sql);
    }
    Ok(dropped)
}

/// Counts the accounts of each currency and the cached scores again, after a bulk load
/// that dropped the triggers keeping the tallies (one walk of an index each).
pub(crate) fn retally(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM currency_tally; INSERT INTO currency_tally (currency, accounts) \
         SELECT currency, count(*) FROM account GROUP BY currency; \
         UPDATE risk_tally SET scores = (SELECT count(*) FROM risk_cache) WHERE id = 1;",
    )?;
    Ok(())
}

/// Rows per INSERT statement for the accounts, terms and milestones of a CSV import's new
/// accounts. At 100k accounts one statement per row spent more in statement bookkeeping
/// than in SQLite's own insert work (milestones, session 9; accounts and terms, session 27:
/// their single-row inserts were a fifth of an import's instructions).
pub(crate) const ROW_BATCH: usize = 32;

/// The multi-row insert of one table (`T::COLS`, `ROW_BATCH` rows).
pub(crate) struct RowBatch<'c, T> {
    conn: &'c Connection,
    stmt: Statement<'c>,
    rows: std::marker::PhantomData<T>,
}

impl<'c, T: Table + Versioned> RowBatch<'c, T> {
    pub(crate) fn new(conn: &'c Connection) -> Result<RowBatch<'c, T>> {
        let one = format!("({})", vec!["?"; T::COLS.len()].join(", "));
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            T::NAME,
            T::sql().select,
            vec![one; ROW_BATCH].join(", ")
        );
        Ok(RowBatch { conn, stmt: conn.prepare(&sql)?, rows: std::marker::PhantomData })
    }

    /// Inserts one full batch (`ROW_BATCH` rows) and writes their ids and versions back.
    /// Rows given no id get consecutive rowids within one statement, ending at the last
    /// insert rowid.
    pub(crate) fn flush(&mut self, rows: &mut [&mut T]) -> Result<()> {
        debug_assert_eq!(rows.len(), ROW_BATCH);
        let mut at = 0;
        for t in rows.iter_mut() {
            t.set_version(t.version().max(1));
            at = bind::bind(&mut self.stmt, at, &**t)?;
        }
        self.stmt.raw_execute()?;
        let last = self.conn.last_insert_rowid();
        let n = rows.len();
        for (j, t) in rows.iter_mut().enumerate() {
            t.set_id(last - (n - 1 - j) as i64);
        }
        Ok(())
    }
}
