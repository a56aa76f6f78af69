//! The SQLite side of `tables::{Binder, Reader}`: values bound straight into a prepared
//! statement (`raw_bind_parameter`; SQLite copies what it needs, so nothing is allocated
//! per value), rows read column by column with the fast date parsers of `dates`.

use super::dates::{Day, Stamp, d, dt};
use crate::domain::{Choice, Currency};
use crate::store::tables::{Binder, Reader, Table, Ty};
use crate::store::{Result, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, Null, ToSql, ValueRef};
use rusqlite::{Connection, Row, Statement};

/// Binds parameters `from + 1 …` of a statement, keeping the first error.
pub(crate) struct LiteBinder<'s, 'c> {
    stmt: &'s mut Statement<'c>,
    at: usize,
    err: Option<rusqlite::Error>,
}

impl<'s, 'c> LiteBinder<'s, 'c> {
    pub(crate) fn new(stmt: &'s mut Statement<'c>, from: usize) -> Self {
        LiteBinder { stmt, at: from, err: None }
    }

    fn put<T: ToSql>(&mut self, v: T) {
        self.at += 1;
        if self.err.is_none()
            && let Err(e) = self.stmt.raw_bind_parameter(self.at, v)
        {
            self.err = Some(e);
        }
    }

    /// The index of the last parameter bound, or the first error.
    pub(crate) fn finish(self) -> Result<usize> {
        match self.err {
            Some(e) => Err(e.into()),
            None => Ok(self.at),
        }
    }
}

impl<'a> Binder<'a> for LiteBinder<'_, '_> {
    fn int(&mut self, v: i64) {
        self.put(v)
    }
    fn text(&mut self, v: &'a str) {
        self.put(v)
    }
    fn date(&mut self, v: NaiveDate) {
        self.put(d(v))
    }
    fn stamp(&mut self, v: NaiveDateTime) {
        self.put(dt(v))
    }
    fn flag(&mut self, v: bool) {
        self.put(v)
    }
    fn null(&mut self, _: Ty) {
        self.put(Null)
    }
}

/// Reads a row's columns in order.
pub(crate) struct LiteReader<'r, 's> {
    row: &'r Row<'s>,
    at: usize,
}

impl<'r, 's> LiteReader<'r, 's> {
    pub(crate) fn new(row: &'r Row<'s>) -> Self {
        LiteReader { row, at: 0 }
    }

    fn get<T: FromSql>(&mut self) -> Result<T> {
        self.at += 1;
        Ok(self.row.get(self.at - 1)?)
    }
}

/// Adapter so any choice enum can be read from a TEXT column without a copy.
struct Ch<C>(C);

impl<C: Choice> FromSql for Ch<C> {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        C::parse(s).map(Ch).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl Reader for LiteReader<'_, '_> {
    fn int(&mut self) -> Result<i64> {
        self.get()
    }
    fn opt_int(&mut self) -> Result<Option<i64>> {
        self.get()
    }
    fn uint(&mut self) -> Result<u32> {
        self.get()
    }
    fn opt_uint(&mut self) -> Result<Option<u32>> {
        self.get()
    }
    fn text(&mut self) -> Result<String> {
        self.get()
    }
    fn opt_text(&mut self) -> Result<Option<String>> {
        self.get()
    }
    fn date(&mut self) -> Result<NaiveDate> {
        Ok(self.get::<Day>()?.0)
    }
    fn opt_date(&mut self) -> Result<Option<NaiveDate>> {
        Ok(self.get::<Option<Day>>()?.map(|d| d.0))
    }
    fn stamp(&mut self) -> Result<NaiveDateTime> {
        Ok(self.get::<Stamp>()?.0)
    }
    fn opt_stamp(&mut self) -> Result<Option<NaiveDateTime>> {
        Ok(self.get::<Option<Stamp>>()?.map(|d| d.0))
    }
    fn flag(&mut self) -> Result<bool> {
        self.get()
    }
    fn choice<C: Choice>(&mut self) -> Result<C> {
        Ok(self.get::<Ch<C>>()?.0)
    }
    fn opt_choice<C: Choice>(&mut self) -> Result<Option<C>> {
        Ok(self.get::<Option<Ch<C>>>()?.map(|c| c.0))
    }
    fn currency(&mut self) -> Result<Currency> {
        let at = self.at;
        let s: String = self.get()?;
        Currency::new(&s).map_err(|e| {
            StoreError::from(rusqlite::Error::FromSqlConversionFailure(
                at,
                rusqlite::types::Type::Text,
                Box::new(e),
            ))
        })
    }
}

/// One row as a `T`.
pub(crate) fn read<T: Table>(row: &Row<'_>) -> Result<T> {
    T::read(&mut LiteReader::new(row))
}

/// Binds every column of `t` from parameter `from + 1` on; returns the last index bound.
pub(crate) fn bind<T: Table>(stmt: &mut Statement<'_>, from: usize, t: &T) -> Result<usize> {
    let mut b = LiteBinder::new(stmt, from);
    t.bind(&mut b);
    b.finish()
}

/// Runs `Sql::insert` for `t`; returns the id the row got.
pub(crate) fn insert<T: Table>(conn: &Connection, stmt: &mut Statement<'_>, t: &T) -> Result<i64> {
    bind(stmt, 0, t)?;
    inserted_id(conn, stmt)
}

/// Runs a bound INSERT of one row; returns its id. `last_insert_rowid` rather than
/// `RETURNING id`: SQLite builds an ephemeral table for every statement with RETURNING,
/// which made a bulk load 2.6 times slower.
pub(crate) fn inserted_id(conn: &Connection, stmt: &mut Statement<'_>) -> Result<i64> {
    stmt.raw_execute()?;
    Ok(conn.last_insert_rowid())
}

/// Runs `Sql::update` for `t` against the stored version `expected`; returns the number
/// of rows written (0: stale or missing).
pub(crate) fn update<T: Table>(stmt: &mut Statement<'_>, t: &T, expected: i64) -> Result<usize> {
    let n = bind(stmt, 0, t)?;
    if T::VERSIONED {
        stmt.raw_bind_parameter(n + 1, expected)?;
    }
    Ok(stmt.raw_execute()?)
}
