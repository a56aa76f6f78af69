//! `Conn`'s SQLite side for the shared SQL: parameters bound in place (text borrowed,
//! dates as ISO text), rows handed out as `LiteReader`s, statements cached by their text.

use super::bind::{self, LiteReader};
use super::dates::{d, dt};
use crate::store::Result;
use crate::store::conn::{AnyReader, Val};
use crate::store::tables::Table;
use rusqlite::types::Null;
use rusqlite::{Connection, Statement};

/// Binds `vals` as parameters 1…n.
pub(crate) fn bind_vals(stmt: &mut Statement<'_>, vals: &[Val<'_>]) -> Result<()> {
    for (i, v) in vals.iter().enumerate() {
        let at = i + 1;
        match *v {
            Val::Int(x) => stmt.raw_bind_parameter(at, x)?,
            Val::Text(x) => stmt.raw_bind_parameter(at, x)?,
            Val::Date(x) => stmt.raw_bind_parameter(at, d(x))?,
            Val::Stamp(x) => stmt.raw_bind_parameter(at, dt(x))?,
            Val::Bool(x) => stmt.raw_bind_parameter(at, x)?,
            Val::Null => stmt.raw_bind_parameter(at, Null)?,
        }
    }
    Ok(())
}

pub(crate) fn exec(c: &Connection, sql: &str, vals: &[Val<'_>]) -> Result<usize> {
    let mut stmt = c.prepare_cached(sql)?;
    bind_vals(&mut stmt, vals)?;
    Ok(stmt.raw_execute()?)
}

pub(crate) fn each(
    c: &Connection,
    sql: &str,
    vals: &[Val<'_>],
    f: &mut dyn FnMut(&mut AnyReader<'_, '_>) -> Result<()>,
) -> Result<()> {
    let mut stmt = c.prepare_cached(sql)?;
    bind_vals(&mut stmt, vals)?;
    let mut rows = stmt.raw_query();
    while let Some(row) = rows.next()? {
        f(&mut AnyReader::Lite(LiteReader::new(row)))?;
    }
    Ok(())
}

pub(crate) fn insert<T: Table>(c: &Connection, t: &T) -> Result<i64> {
    bind::insert(c, &mut *c.prepare_cached(&T::sql().insert)?, t)
}

pub(crate) fn update<T: Table>(c: &Connection, t: &T, expected: i64) -> Result<usize> {
    bind::update(&mut *c.prepare_cached(&T::sql().update)?, t, expected)
}
