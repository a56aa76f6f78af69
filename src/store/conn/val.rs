//! Values bound into a statement and rows read back, whatever the engine: `Val` is one
//! parameter (borrowed text, no copies), `AnyReader` one row of either engine behind the
//! store's `Reader` trait.

use super::super::pg::values::PgReader;
use super::super::sqlite::bind::LiteReader;
use crate::domain::{Choice, Currency};
use crate::store::Result;
use crate::store::tables::Reader;
use chrono::{NaiveDate, NaiveDateTime};

/// One statement parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    Int(i64),
    Text(&'a str),
    Date(NaiveDate),
    Stamp(NaiveDateTime),
    Bool(bool),
    Null,
}

impl From<i64> for Val<'_> {
    fn from(v: i64) -> Self {
        Val::Int(v)
    }
}
impl<'a> From<&'a str> for Val<'a> {
    fn from(v: &'a str) -> Self {
        Val::Text(v)
    }
}
impl<'a> From<&'a String> for Val<'a> {
    fn from(v: &'a String) -> Self {
        Val::Text(v)
    }
}
impl From<NaiveDate> for Val<'_> {
    fn from(v: NaiveDate) -> Self {
        Val::Date(v)
    }
}
impl From<NaiveDateTime> for Val<'_> {
    fn from(v: NaiveDateTime) -> Self {
        Val::Stamp(v)
    }
}
impl From<bool> for Val<'_> {
    fn from(v: bool) -> Self {
        Val::Bool(v)
    }
}
impl<'a, T: Into<Val<'a>>> From<Option<T>> for Val<'a> {
    fn from(v: Option<T>) -> Self {
        // The NULL's type only matters to PostgreSQL, which takes it from the statement.
        v.map_or(Val::Null, Into::into)
    }
}

/// `vals![a, b]`: the parameters `?1, ?2` of a statement.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { &[$($crate::store::conn::Val::from($v)),*][..] };
}
pub(crate) use vals;

/// One row of either engine, read column by column.
pub(crate) enum AnyReader<'r, 's> {
    Lite(LiteReader<'r, 's>),
    Pg(PgReader<'r>),
}

macro_rules! each_engine {
    ($self:ident, $r:ident => $body:expr) => {
        match $self {
            AnyReader::Lite($r) => $body,
            AnyReader::Pg($r) => $body,
        }
    };
}

impl Reader for AnyReader<'_, '_> {
    fn int(&mut self) -> Result<i64> {
        each_engine!(self, r => r.int())
    }
    fn opt_int(&mut self) -> Result<Option<i64>> {
        each_engine!(self, r => r.opt_int())
    }
    fn uint(&mut self) -> Result<u32> {
        each_engine!(self, r => r.uint())
    }
    fn opt_uint(&mut self) -> Result<Option<u32>> {
        each_engine!(self, r => r.opt_uint())
    }
    fn text(&mut self) -> Result<String> {
        each_engine!(self, r => r.text())
    }
    fn opt_text(&mut self) -> Result<Option<String>> {
        each_engine!(self, r => r.opt_text())
    }
    fn date(&mut self) -> Result<NaiveDate> {
        each_engine!(self, r => r.date())
    }
    fn opt_date(&mut self) -> Result<Option<NaiveDate>> {
        each_engine!(self, r => r.opt_date())
    }
    fn stamp(&mut self) -> Result<NaiveDateTime> {
        each_engine!(self, r => r.stamp())
    }
    fn opt_stamp(&mut self) -> Result<Option<NaiveDateTime>> {
        each_engine!(self, r => r.opt_stamp())
    }
    fn flag(&mut self) -> Result<bool> {
        each_engine!(self, r => r.flag())
    }
    fn choice<C: Choice>(&mut self) -> Result<C> {
        each_engine!(self, r => r.choice())
    }
    fn opt_choice<C: Choice>(&mut self) -> Result<Option<C>> {
        each_engine!(self, r => r.opt_choice())
    }
    fn currency(&mut self) -> Result<Currency> {
        each_engine!(self, r => r.currency())
    }
}
