//! The indexes our schema defines, checked every time a file is opened. A file can lose
//! some: an older Radar dropped them for a bulk import outside any transaction, and a kill
//! at the wrong moment left them dropped for good (the file still opened, but the
//! dashboard never drew its first frame on 50k accounts). Missing ones are rebuilt.

use crate::store::Result;
use rusqlite::Connection;
use std::collections::HashSet;
use std::sync::OnceLock;

/// `(name, CREATE INDEX statement)` of every index the latest schema defines, learnt once
/// per process from the schema check's reference (our migrations applied to an empty
/// in-memory database): whatever a migration creates or drops, this is exactly what a file
/// at our version should have.
fn expected() -> Result<&'static [(String, String)]> {
    static EXPECTED: OnceLock<Vec<(String, String)>> = OnceLock::new();
    if let Some(list) = EXPECTED.get() {
        return Ok(list);
    }
    let list = super::schema_check::latest_indexes()?;
    Ok(EXPECTED.get_or_init(|| list))
}

/// The named indexes a database has (SQLite's automatic ones have no SQL and are not listed).
fn indexes(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Names of the indexes our schema defines that the file lacks.
pub(crate) fn missing_indexes(conn: &Connection) -> Result<Vec<String>> {
    let have: HashSet<String> = indexes(conn)?.into_iter().map(|(name, _)| name).collect();
    Ok(expected()?.iter().filter(|(name, _)| !have.contains(name)).map(|(name, _)| name.clone()).collect())
}

/// Rebuilds every index of our schema the file lacks; returns how many. Checked without
/// a lock first (the usual case: nothing is missing, nothing is written), then again under
/// the write lock, so two Radars opening the same damaged file do not both build one.
/// A file Radar may not write gives `ReadOnly` (`open_for_reading` then reads it as is).
pub(crate) fn ensure_indexes(conn: &Connection) -> Result<usize> {
    if missing_indexes(conn)?.is_empty() {
        return Ok(0);
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)
        .map_err(|e| crate::store::StoreError::from_sql(e, crate::store::BUSY_TIMEOUT.as_millis() as u64))?;
    let missing = missing_indexes(conn)?;
    for (_, sql) in expected()?.iter().filter(|(name, _)| missing.contains(name)) {
        conn.execute_batch(sql)?;
    }
    tx.commit()?;
    Ok(missing.len())
}

#[cfg(test)]
mod tests {
    use super::super::schema;
    use super::*;

    #[test]
    fn the_schema_defines_indexes_and_a_fresh_file_has_them_all() {
        let names: Vec<&str> = expected().unwrap().iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"account_name") && names.contains(&"milestone_pending"), "{names:?}");
        let mut conn = Connection::open_in_memory().unwrap();
        schema::MIGRATIONS.to_latest(&mut conn).unwrap();
        assert!(missing_indexes(&conn).unwrap().is_empty());
        assert_eq!(ensure_indexes(&conn).unwrap(), 0);
    }

    #[test]
    fn dropped_indexes_are_rebuilt_with_their_definitions() {
        let mut conn = Connection::open_in_memory().unwrap();
        schema::MIGRATIONS.to_latest(&mut conn).unwrap();
        let before = indexes(&conn).unwrap();
        conn.execute_batch("DROP INDEX milestone_pending; DROP INDEX account_name; DROP INDEX term_account;")
            .unwrap();
        assert_eq!(missing_indexes(&conn).unwrap().len(), 3);
        assert_eq!(ensure_indexes(&conn).unwrap(), 3);
        assert_eq!(indexes(&conn).unwrap(), before, "the same names and definitions");
    }
}
