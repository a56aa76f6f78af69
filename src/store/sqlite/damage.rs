//! Tests only: a damaged file on disk, as a failing disk leaves it (one b-tree page of
//! junk), for the code outside `store/` that must cope with one.

use rusqlite::Connection;
use std::path::Path;

/// Overwrites the root page of the index or table `name` of the file at `db` with junk.
pub(crate) fn damage_root_page(db: &Path, name: &str) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let page: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap();
    drop(conn);
    let mut bytes = std::fs::read(db).unwrap();
    let at = usize::try_from((root - 1) * page).unwrap();
    bytes[at..at + usize::try_from(page).unwrap()].fill(0xA5);
    std::fs::write(db, bytes).unwrap();
}
