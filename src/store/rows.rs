//! Any stored row read and written whole, by kind and id: the before/after images of a
//! `Change`, and the writes of edits, undo and redo. Every update and delete names the
//! version it expects (`WHERE id = ? AND version = ?`), so nothing is written over a row
//! that changed since it was read.

use super::Result;
use super::conn::{Conn, vals};
use super::sqlite::fts;
use super::tables::{Table, with_kind, with_row};
use super::write::stale_or_missing;
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::*;

fn read_one<T: Table>(conn: &Conn, id: i64) -> Result<Option<Row>> {
    conn.first(&T::sql().by_id, vals![id], |r| Ok(T::read(r)?.into_row()))
}

/// The row as stored now, if it exists.
pub(super) fn read(conn: &Conn, key: RowKey) -> Result<Option<Row>> {
    with_kind!(key.kind, T => read_one::<T>(conn, key.id))
}

/// The record as an edit finds it: the stored row, or a derived milestone (negative id,
/// no row yet) as a load derives it. (Undo and redo compare stored rows only: `read`.)
pub(super) fn current(conn: &Conn, key: RowKey) -> Result<Option<Row>> {
    let stored = read(conn, key)?;
    if stored.is_none() && key.kind == RowKind::Milestone && key.id < 0 {
        return Ok(super::milestones::derived(conn, key.id)?.map(Row::Milestone));
    }
    Ok(stored)
}

fn read_many<T: Table>(conn: &Conn, filter: &str, arg: i64) -> Result<Vec<Row>> {
    let sql = format!("SELECT {} FROM {} WHERE {filter} ORDER BY id", T::sql().select, T::NAME);
    conn.all(&sql, vals![arg], |r| Ok(T::read(r)?.into_row()))
}

/// Rows matching `filter` (an SQL condition on `?1`), ordered by id.
pub(super) fn read_where(conn: &Conn, kind: RowKind, filter: &str, arg: i64) -> Result<Vec<Row>> {
    with_kind!(kind, T => read_many::<T>(conn, filter, arg))
}

/// Every row that belongs to an account (not the account itself), children of children
/// included: what deleting the account takes with it.
pub(super) fn account_rows(conn: &Conn, account: AccountId) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for kind in RowKind::ALL {
        match kind {
            RowKind::Account => {}
            RowKind::Transition => out.extend(read_where(
                conn,
                kind,
                "requirement_id IN (SELECT id FROM requirement WHERE account_id = ?1)",
                account.0,
            )?),
            _ => out.extend(read_where(conn, kind, "account_id = ?1", account.0)?),
        }
    }
    Ok(out)
}

/// The rows that refer to `key` without belonging to it, and stay when it is deleted with
/// the reference cleared: a contact's touchpoints, tasks and referrals, a touchpoint's tasks.
pub(super) fn unlinked_by(conn: &Conn, key: RowKey) -> Result<Vec<Row>> {
    Ok(match key.kind {
        RowKind::Contact => {
            let mut v = read_where(conn, RowKind::Touchpoint, "contact_id = ?1", key.id)?;
            v.extend(read_where(conn, RowKind::Task, "contact_id = ?1", key.id)?);
            v.extend(read_where(conn, RowKind::Referral, "contact_id = ?1", key.id)?);
            v
        }
        RowKind::Touchpoint => read_where(conn, RowKind::Task, "touchpoint_id = ?1", key.id)?,
        _ => Vec::new(),
    })
}

/// Inserts the row as it is (its id, or a fresh one for id 0); returns the id.
pub(super) fn insert(conn: &Conn, row: &Row) -> Result<i64> {
    fn one<T: Table>(conn: &Conn, t: &T) -> Result<i64> {
        let id = conn.insert(t)?;
        fts::after_write(conn, T::NAME, id)?;
        Ok(id)
    }
    with_row!(row, t => one(conn, t))
}

/// Writes the row whole (its version included) over the stored one, if that one is still
/// at `expected` (transitions, which have no version: if it exists).
pub(super) fn update(conn: &Conn, row: &Row, expected: i64) -> Result<()> {
    fn one<T: Table>(conn: &Conn, t: &T, expected: i64) -> Result<usize> {
        conn.update(t, expected)
    }
    let changed = with_row!(row, t => one(conn, t, expected))?;
    if changed == 0 {
        return Err(stale_or_missing(conn, row.kind().table(), row.id(), expected));
    }
    fts::after_write(conn, row.kind().table(), row.id())
}

/// Deletes the row if it is still at `expected` (foreign keys cascade to its children,
/// which callers have read first).
pub(super) fn delete(conn: &Conn, key: RowKey, expected: i64) -> Result<()> {
    with_kind!(key.kind, T => super::write::delete::<T>(conn, key.id, expected))
}

impl super::Store {
    /// One row as stored now (the current version shown when a save is refused).
    pub fn row(&self, key: RowKey) -> Result<Option<Row>> {
        current(&self.conn, key)
    }
}
