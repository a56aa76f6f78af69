//! The PostgreSQL side of `tables::{Binder, Reader}` (design note §2): values collected
//! for one statement (typed NULLs, 64-bit integers, native DATE/timestamp/boolean), rows
//! read column by column. `Remap` renumbers the id columns of rows moved between
//! databases (`team import-solo`).

use super::error::pg_err;
use crate::domain::{Choice, Currency};
use crate::store::tables::{Binder, Reader, Table, Ty};
use crate::store::{Result, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::ToSql;
use std::collections::HashMap;

/// `?N` placeholders (the shared SQL's) as PostgreSQL's `$N`. The generated statements
/// hold no quoted `?`.
pub(crate) fn dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

/// Old id → new id, per table, for the references a moved row carries.
#[derive(Default)]
pub(crate) struct Remap {
    pub ids: HashMap<&'static str, HashMap<i64, i64>>,
}

impl Remap {
    /// Do other rows name this table's ids (so a move must keep its old → new map)?
    pub(crate) fn is_named(table: &str) -> bool {
        ["account", "contact", "touchpoint", "requirement"].contains(&table)
    }

    /// The table an id column points at (None: not a reference).
    fn target(col: &str) -> Option<&'static str> {
        Some(match col {
            "account_id" => "account",
            "contact_id" => "contact",
            "touchpoint_id" => "touchpoint",
            "requirement_id" | "churn_requirement_id" => "requirement",
            _ => return None,
        })
    }
}

/// Binds one row's values for `query`, each column as its `COLS` type.
pub(crate) struct PgBinder<'a> {
    cols: &'static [crate::store::tables::Col],
    pub(crate) vals: Vec<Box<dyn ToSql + Sync + 'a>>,
    remap: Option<&'a Remap>,
    /// A moved row's new id (reserved from the target's sequence).
    own: Option<i64>,
    err: Option<String>,
}

impl<'a> PgBinder<'a> {
    pub(crate) fn new<T: Table>(remap: Option<&'a Remap>) -> Self {
        PgBinder { cols: T::COLS, vals: Vec::with_capacity(T::COLS.len()), remap, own: None, err: None }
    }

    /// Binds a row moved into another database: its id `new`, its references renumbered.
    pub(crate) fn moved<T: Table>(remap: &'a Remap, new: i64) -> Self {
        PgBinder { own: Some(new), ..PgBinder::new::<T>(Some(remap)) }
    }

    fn col(&self) -> Option<&'static str> {
        self.cols.get(self.vals.len()).map(|c| c.name)
    }

    pub(crate) fn finish(self) -> Result<Vec<Box<dyn ToSql + Sync + 'a>>> {
        match self.err {
            Some(e) => Err(StoreError::Invalid(e)),
            None => Ok(self.vals),
        }
    }
}

impl<'a> Binder<'a> for PgBinder<'a> {
    fn int(&mut self, v: i64) {
        let col = self.col();
        let v = match (self.remap, col) {
            // A moved row gets a new id from the target database.
            (Some(_), Some("id")) => return self.vals.push(Box::new(self.own)),
            (Some(m), Some(c)) => match Remap::target(c) {
                Some(t) => match m.ids.get(t).and_then(|ids| ids.get(&v)) {
                    Some(new) => *new,
                    // A dangling optional link (a deleted requirement named by a churned term).
                    None if c == "churn_requirement_id" => return self.vals.push(Box::new(None::<i64>)),
                    None => {
                        self.err.get_or_insert_with(|| format!("{c} {v}: the row it names was not moved"));
                        v
                    }
                },
                None => v,
            },
            _ => v,
        };
        self.vals.push(Box::new(v))
    }
    fn text(&mut self, v: &'a str) {
        if v.contains('\0') {
            let c = self.col().unwrap_or("?");
            self.err.get_or_insert_with(|| format!("{c}: contains a NUL character"));
        }
        self.vals.push(Box::new(v))
    }
    fn date(&mut self, v: NaiveDate) {
        self.vals.push(Box::new(v))
    }
    fn stamp(&mut self, v: NaiveDateTime) {
        // timestamp(0) rounds, SQLite's text truncates: truncate here as well.
        self.vals.push(Box::new(v.with_nanosecond(0).unwrap_or(v)))
    }
    fn flag(&mut self, v: bool) {
        self.vals.push(Box::new(v))
    }
    fn null(&mut self, ty: Ty) {
        self.vals.push(match ty {
            Ty::Int => Box::new(None::<i64>),
            Ty::Text => Box::new(None::<&str>),
            Ty::Date => Box::new(None::<NaiveDate>),
            Ty::Stamp => Box::new(None::<NaiveDateTime>),
            Ty::Bool => Box::new(None::<bool>),
        })
    }
}

use chrono::Timelike;

/// Reads a row's columns in order.
pub(crate) struct PgReader<'r> {
    row: &'r postgres::Row,
    at: usize,
}

impl<'r> PgReader<'r> {
    pub(crate) fn new(row: &'r postgres::Row) -> Self {
        PgReader { row, at: 0 }
    }

    fn get<T: for<'b> postgres::types::FromSql<'b>>(&mut self) -> Result<T> {
        self.at += 1;
        self.row.try_get(self.at - 1).map_err(pg_err)
    }

    fn bad(&self, detail: String) -> StoreError {
        let column = self.row.columns().get(self.at - 1).map_or("?", |c| c.name()).to_string();
        StoreError::Invalid(format!("stored value in column {column} is not valid: {detail}"))
    }
}

impl Reader for PgReader<'_> {
    fn int(&mut self) -> Result<i64> {
        self.get()
    }
    fn opt_int(&mut self) -> Result<Option<i64>> {
        self.get()
    }
    fn uint(&mut self) -> Result<u32> {
        let v: i64 = self.get()?;
        u32::try_from(v).map_err(|_| self.bad(format!("{v} is not a count")))
    }
    fn opt_uint(&mut self) -> Result<Option<u32>> {
        match self.get::<Option<i64>>()? {
            None => Ok(None),
            Some(v) => u32::try_from(v).map(Some).map_err(|_| self.bad(format!("{v} is not a count"))),
        }
    }
    fn text(&mut self) -> Result<String> {
        self.get()
    }
    fn opt_text(&mut self) -> Result<Option<String>> {
        self.get()
    }
    fn date(&mut self) -> Result<NaiveDate> {
        self.get()
    }
    fn opt_date(&mut self) -> Result<Option<NaiveDate>> {
        self.get()
    }
    fn stamp(&mut self) -> Result<NaiveDateTime> {
        self.get()
    }
    fn opt_stamp(&mut self) -> Result<Option<NaiveDateTime>> {
        self.get()
    }
    fn flag(&mut self) -> Result<bool> {
        self.get()
    }
    fn choice<C: Choice>(&mut self) -> Result<C> {
        let s: String = self.get()?;
        C::parse(&s).map_err(|e| self.bad(e.to_string()))
    }
    fn opt_choice<C: Choice>(&mut self) -> Result<Option<C>> {
        match self.get::<Option<String>>()? {
            None => Ok(None),
            Some(s) => C::parse(&s).map(Some).map_err(|e| self.bad(e.to_string())),
        }
    }
    fn currency(&mut self) -> Result<Currency> {
        let s: String = self.get()?;
        Currency::new(&s).map_err(|e| self.bad(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_become_dollars() {
        assert_eq!(super::dollars("SELECT ?1, ?12 WHERE x = '?'"), "SELECT $1, $12 WHERE x = '?'");
    }
}
