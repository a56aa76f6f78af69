//! One definition per stored entity: its table, its columns (id first, version last), how
//! a value is bound into a statement and how a row is read back. The INSERT, the
//! versioned UPDATE, the DELETE and the SELECT lists are generated from `COLS` once per
//! process (`Table::sql`), so a column is named in exactly one place.
//!
//! Binding and reading go through the `Binder` and `Reader` traits, not a driver's types:
//! the SQLite side (`sqlite::bind`) binds each value in place with no allocation, and a
//! second engine is a second pair of implementations. Choices are stored as their ids,
//! money as integer minor units (64-bit) plus a currency column, dates as the engine
//! stores dates (ISO text in SQLite).

mod account;
mod complaint;
mod contact;
pub(crate) mod fx_rate;
pub(crate) mod import_mapping;
mod milestone;
mod promise;
mod referral;
mod requirement;
mod task;
mod term;
mod touchpoint;
mod transition;
mod usage;

pub(crate) use transition::{StepRef, bind_transition};

use super::Result;
use crate::domain::change::Row;
use crate::domain::*;
use chrono::{NaiveDate, NaiveDateTime};

/// A column's type, as every engine understands it (64-bit integers for ids and money).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Int,
    Text,
    Date,
    Stamp,
    Bool,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Col {
    pub name: &'static str,
    // The type and nullability are what a second engine prepares typed statements and
    // COPY with (ARCHITECTURE.md, "The store and its seam"); SQLite needs neither, the schema test checks both.
    #[allow(dead_code)]
    pub ty: Ty,
    /// May be NULL.
    #[allow(dead_code)]
    pub null: bool,
    /// Notes and other prose: read as '' when a scan does not need it (`Parts::free_text`).
    pub free_text: bool,
}

impl Col {
    const fn of(name: &'static str, ty: Ty) -> Col {
        Col { name, ty, null: false, free_text: false }
    }
    pub(crate) const fn int(name: &'static str) -> Col {
        Col::of(name, Ty::Int)
    }
    pub(crate) const fn text(name: &'static str) -> Col {
        Col::of(name, Ty::Text)
    }
    pub(crate) const fn date(name: &'static str) -> Col {
        Col::of(name, Ty::Date)
    }
    pub(crate) const fn stamp(name: &'static str) -> Col {
        Col::of(name, Ty::Stamp)
    }
    pub(crate) const fn flag(name: &'static str) -> Col {
        Col::of(name, Ty::Bool)
    }
    /// The same column, nullable.
    pub(crate) const fn opt(self) -> Col {
        Col { null: true, ..self }
    }
    /// The same column, free text.
    pub(crate) const fn free(self) -> Col {
        Col { free_text: true, ..self }
    }
}

/// Identifiers that are reserved words in another engine (PostgreSQL rejects a column
/// named `end`): always written quoted.
const RESERVED: &[&str] = &["end"];

/// A column name as SQL text, quoted where it must be.
pub(crate) fn ident(name: &str) -> String {
    if RESERVED.contains(&name) { format!("\"{name}\"") } else { name.to_string() }
}

/// A stored entity: one row of `NAME` per value.
pub(crate) trait Table: Sized {
    const NAME: &'static str;
    /// Every column in the table's order: id first, then as created (for versioned tables
    /// `version` closed V1's list; columns a later migration adds come after it).
    const COLS: &'static [Col];
    /// Has a `version` column (the last one) that every update and delete checks.
    const VERSIONED: bool = true;
    /// Binds every column, in `COLS` order (id 0 as NULL: the engine assigns one).
    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B);
    /// Reads a row selected with `Sql::select` (or `lean`), in `COLS` order.
    fn read<R: Reader>(r: &mut R) -> Result<Self>;
    /// The statements generated from `COLS`, built once (see `cached_sql!`).
    fn sql() -> &'static Sql;
    fn into_row(self) -> Row;
}

/// Implements `Table::sql` with a static of its own (a static in a generic function would
/// be shared by every table).
macro_rules! cached_sql {
    () => {
        fn sql() -> &'static $crate::store::tables::Sql {
            static SQL: std::sync::OnceLock<$crate::store::tables::Sql> = std::sync::OnceLock::new();
            SQL.get_or_init($crate::store::tables::Sql::of::<Self>)
        }
    };
}
pub(crate) use cached_sql;

/// A table's statements. Placeholders are `?N`, numbered in `COLS` order.
#[derive(Debug)]
pub(crate) struct Sql {
    /// Every column, for `SELECT {select} FROM …`.
    pub select: String,
    /// The same with the free-text columns read as ''.
    pub lean: String,
    /// Inserts every column (`?1` … `?N`). How the new row's id comes back is the engine's
    /// (`sqlite::bind::insert`: `last_insert_rowid`; PostgreSQL: `RETURNING id` appended).
    pub insert: String,
    /// Writes every column but the id over the row `?1`, if (versioned) its version is `?N+1`.
    pub update: String,
    /// Deletes the row `?1`, if (versioned) its version is `?2`.
    pub delete: String,
    /// `SELECT {select} FROM {NAME} WHERE id = ?1`.
    pub by_id: String,
}

impl Sql {
    pub(crate) fn of<T: Table>() -> Sql {
        let cols = T::COLS;
        let names: Vec<String> = cols.iter().map(|c| ident(c.name)).collect();
        let select = names.join(", ");
        let lean = cols
            .iter()
            .zip(&names)
            .map(|(c, n)| if c.free_text { "''" } else { n.as_str() })
            .collect::<Vec<_>>()
            .join(", ");
        let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let insert = format!("INSERT INTO {} ({select}) VALUES ({})", T::NAME, marks.join(", "));
        let sets: Vec<String> = names.iter().zip(&marks).skip(1).map(|(n, m)| format!("{n} = {m}")).collect();
        let check = if T::VERSIONED { format!(" AND version = ?{}", cols.len() + 1) } else { String::new() };
        let update = format!("UPDATE {} SET {} WHERE id = ?1{check}", T::NAME, sets.join(", "));
        let delete = if T::VERSIONED {
            format!("DELETE FROM {} WHERE id = ?1 AND version = ?2", T::NAME)
        } else {
            format!("DELETE FROM {} WHERE id = ?1", T::NAME)
        };
        let by_id = format!("SELECT {select} FROM {} WHERE id = ?1", T::NAME);
        Sql { select, lean, insert, update, delete, by_id }
    }

    /// The SELECT list for a scan that does (or does not) read the free text.
    pub(crate) fn list(&self, free_text: bool) -> &str {
        if free_text { &self.select } else { &self.lean }
    }
}

/// Where a table's values go: one call per column, in `COLS` order. Implementations bind
/// in place (no owned copies); an error is kept and reported when the statement runs.
pub(crate) trait Binder<'a> {
    fn int(&mut self, v: i64);
    fn text(&mut self, v: &'a str);
    fn date(&mut self, v: NaiveDate);
    fn stamp(&mut self, v: NaiveDateTime);
    fn flag(&mut self, v: bool);
    fn null(&mut self, ty: Ty);

    /// An id: 0 (not stored yet) as NULL, so the engine assigns one.
    fn id(&mut self, v: i64) {
        if v == 0 { self.null(Ty::Int) } else { self.int(v) }
    }
    fn opt_int(&mut self, v: Option<i64>) {
        match v {
            Some(v) => self.int(v),
            None => self.null(Ty::Int),
        }
    }
    fn opt_text(&mut self, v: Option<&'a str>) {
        match v {
            Some(v) => self.text(v),
            None => self.null(Ty::Text),
        }
    }
    fn opt_date(&mut self, v: Option<NaiveDate>) {
        match v {
            Some(v) => self.date(v),
            None => self.null(Ty::Date),
        }
    }
    fn opt_stamp(&mut self, v: Option<NaiveDateTime>) {
        match v {
            Some(v) => self.stamp(v),
            None => self.null(Ty::Stamp),
        }
    }
    fn choice<C: Choice>(&mut self, c: C) {
        self.text(c.id())
    }
    fn opt_choice<C: Choice>(&mut self, c: Option<C>) {
        self.opt_text(c.map(Choice::id))
    }
}

/// A cursor over one row's columns: each call reads the next column.
pub(crate) trait Reader {
    fn int(&mut self) -> Result<i64>;
    fn opt_int(&mut self) -> Result<Option<i64>>;
    /// A count (never negative, fits 32 bits).
    fn uint(&mut self) -> Result<u32>;
    fn opt_uint(&mut self) -> Result<Option<u32>>;
    fn text(&mut self) -> Result<String>;
    fn opt_text(&mut self) -> Result<Option<String>>;
    fn date(&mut self) -> Result<NaiveDate>;
    fn opt_date(&mut self) -> Result<Option<NaiveDate>>;
    fn stamp(&mut self) -> Result<NaiveDateTime>;
    fn opt_stamp(&mut self) -> Result<Option<NaiveDateTime>>;
    fn flag(&mut self) -> Result<bool>;
    fn choice<C: Choice>(&mut self) -> Result<C>;
    fn opt_choice<C: Choice>(&mut self) -> Result<Option<C>>;
    fn currency(&mut self) -> Result<Currency>;
}

/// Runs `$body` with `$t` bound to the value inside a `Row`, whatever its kind.
macro_rules! with_row {
    ($row:expr, $t:ident => $body:expr) => {
        match $row {
            $crate::domain::change::Row::Account($t) => $body,
            $crate::domain::change::Row::Term($t) => $body,
            $crate::domain::change::Row::Contact($t) => $body,
            $crate::domain::change::Row::Promise($t) => $body,
            $crate::domain::change::Row::Requirement($t) => $body,
            $crate::domain::change::Row::Complaint($t) => $body,
            $crate::domain::change::Row::Usage($t) => $body,
            $crate::domain::change::Row::Milestone($t) => $body,
            $crate::domain::change::Row::Transition($t) => $body,
            $crate::domain::change::Row::Touchpoint($t) => $body,
            $crate::domain::change::Row::Task($t) => $body,
            $crate::domain::change::Row::Referral($t) => $body,
        }
    };
}
pub(crate) use with_row;

/// Runs `$body` with the type alias `$T` naming the table of a `RowKind`.
macro_rules! with_kind {
    ($kind:expr, $T:ident => $body:expr) => {
        match $kind {
            $crate::domain::change::RowKind::Account => {
                type $T = $crate::domain::Account;
                $body
            }
            $crate::domain::change::RowKind::Term => {
                type $T = $crate::domain::ContractTerm;
                $body
            }
            $crate::domain::change::RowKind::Contact => {
                type $T = $crate::domain::Contact;
                $body
            }
            $crate::domain::change::RowKind::Promise => {
                type $T = $crate::domain::Promise;
                $body
            }
            $crate::domain::change::RowKind::Requirement => {
                type $T = $crate::domain::Requirement;
                $body
            }
            $crate::domain::change::RowKind::Complaint => {
                type $T = $crate::domain::Complaint;
                $body
            }
            $crate::domain::change::RowKind::Usage => {
                type $T = $crate::domain::UsageSnapshot;
                $body
            }
            $crate::domain::change::RowKind::Milestone => {
                type $T = $crate::domain::Milestone;
                $body
            }
            $crate::domain::change::RowKind::Transition => {
                type $T = $crate::domain::change::TransitionRow;
                $body
            }
            $crate::domain::change::RowKind::Touchpoint => {
                type $T = $crate::domain::Touchpoint;
                $body
            }
            $crate::domain::change::RowKind::Task => {
                type $T = $crate::domain::Task;
                $body
            }
            $crate::domain::change::RowKind::Referral => {
                type $T = $crate::domain::Referral;
                $body
            }
        }
    };
}
pub(crate) use with_kind;

/// Every table's generated statements, checked once (tests): the column lists are what
/// the schema has, in the same order.
#[cfg(test)]
pub(crate) fn all_sql() -> Vec<(&'static str, &'static [Col], &'static Sql)> {
    fn one<T: Table>() -> (&'static str, &'static [Col], &'static Sql) {
        (T::NAME, T::COLS, T::sql())
    }
    crate::domain::change::RowKind::ALL.iter().map(|k| with_kind!(*k, T => one::<T>())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table's columns are exactly the schema's, in order: id first, version last.
    #[test]
    fn columns_match_the_schema() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::sqlite::schema::MIGRATIONS.to_latest(&mut conn).unwrap();
        for (name, cols, sql) in all_sql() {
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid").unwrap();
            let have: Vec<String> =
                stmt.query_map([name], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap();
            let ours: Vec<&str> = cols.iter().map(|c| c.name).collect();
            assert_eq!(have, ours, "{name}");
            let mut stmt =
                conn.prepare("SELECT type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid").unwrap();
            let types: Vec<(String, bool, bool)> = stmt
                .query_map([name], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0, r.get::<_, i64>(2)? != 0)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            for (c, (ty, not_null, pk)) in cols.iter().zip(types) {
                let want = match c.ty {
                    Ty::Int | Ty::Bool => "INTEGER",
                    Ty::Text | Ty::Date | Ty::Stamp => "TEXT",
                };
                assert_eq!(ty, want, "{name}.{}", c.name);
                assert_eq!(c.null, !not_null && !pk, "{name}.{} nullability", c.name);
            }
            assert_eq!(cols[0].name, "id");
            for s in [&sql.insert, &sql.update, &sql.delete, &sql.by_id] {
                conn.prepare(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            }
            assert!(!sql.select.contains(" end") || sql.select.contains("\"end\""), "{}", sql.select);
        }
    }
}
