//! The store's one way to its database, whatever the engine (docs/team-mode-design.md §2):
//! `Conn` runs the shared SQL (`?N` placeholders, portable statements) on SQLite or on
//! PostgreSQL, binds `Val`s and hands rows out as `Reader`s. What only one engine has
//! stays on its side (`sqlite/`, `pg/`); code that needs SQLite itself asks `lite()`.

mod tx;
mod val;

pub(crate) use tx::Tx;
pub(crate) use val::{AnyReader, Val, vals};

use super::pg::PgConn;
use super::sqlite::lite;
use super::tables::Table;
use super::{Result, StoreError};

/// An open connection of either engine.
pub(crate) enum Conn {
    Lite(rusqlite::Connection),
    Pg(Box<PgConn>),
}

impl Conn {
    /// The SQLite connection, for what only SQLite does (bulk loading, backups, the
    /// full-text index, file health); a clear refusal on a team database.
    pub(crate) fn lite(&self) -> Result<&rusqlite::Connection> {
        match self {
            Conn::Lite(c) => Ok(c),
            Conn::Pg(_) => {
                Err(StoreError::NotInTeamModeYet("this operation needs a solo (SQLite) file".into()))
            }
        }
    }

    /// `lite`, to change (the backup API's restore writes through it).
    pub(crate) fn lite_mut(&mut self) -> Result<&mut rusqlite::Connection> {
        match self {
            Conn::Lite(c) => Ok(c),
            Conn::Pg(_) => {
                Err(StoreError::NotInTeamModeYet("this operation needs a solo (SQLite) file".into()))
            }
        }
    }

    /// The SQLite connection, if this is one.
    pub(crate) fn as_lite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Lite(c) => Some(c),
            Conn::Pg(_) => None,
        }
    }

    pub(crate) fn as_pg(&self) -> Option<&PgConn> {
        match self {
            Conn::Lite(_) => None,
            Conn::Pg(p) => Some(p),
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub(crate) fn exec(&self, sql: &str, vals: &[Val<'_>]) -> Result<usize> {
        match self {
            Conn::Lite(c) => lite::exec(c, sql, vals),
            Conn::Pg(p) => p.exec(sql, vals),
        }
    }

    /// Runs statements without parameters (transaction control, DDL).
    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Lite(c) => Ok(c.execute_batch(sql)?),
            Conn::Pg(p) => p.batch(sql),
        }
    }

    /// Calls `f` on each row of the query, in order; stops at `f`'s first error.
    pub(crate) fn each(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        mut f: impl FnMut(&mut AnyReader<'_, '_>) -> Result<()>,
    ) -> Result<()> {
        match self {
            Conn::Lite(c) => lite::each(c, sql, vals, &mut f),
            Conn::Pg(p) => p.each(sql, vals, &mut f),
        }
    }

    /// Calls `f` on rows of the query in order until it returns false.
    pub(crate) fn each_while(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        mut f: impl FnMut(&mut AnyReader<'_, '_>) -> Result<bool>,
    ) -> Result<()> {
        if let Conn::Pg(p) = self
            && p.in_tx()
        {
            return p.each_while_cursor(sql, vals, &mut f);
        }
        // Stopping is an error that is not one, so both engines' `each` serve.
        let mut stopped = false;
        let out = self.each(sql, vals, |r| {
            if f(r)? {
                Ok(())
            } else {
                stopped = true;
                Err(StoreError::Invalid(String::new()))
            }
        });
        if stopped { Ok(()) } else { out }
    }

    /// Every row of the query, each read by `f`.
    pub(crate) fn all<T>(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        mut f: impl FnMut(&mut AnyReader<'_, '_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, vals, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of the query read by `f`, if there is one.
    pub(crate) fn first<T>(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        f: impl FnOnce(&mut AnyReader<'_, '_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut f = Some(f);
        let mut out = None;
        self.each(sql, vals, |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query that always returns one (an aggregate).
    pub(crate) fn one<T>(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        f: impl FnOnce(&mut AnyReader<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        self.first(sql, vals, f)?.ok_or_else(|| StoreError::Invalid(format!("no row from: {sql}")))
    }

    /// Inserts `t` with `Sql::insert` (id 0: a fresh one); returns the id it has.
    pub(crate) fn insert<T: Table>(&self, t: &T) -> Result<i64> {
        match self {
            Conn::Lite(c) => lite::insert(c, t),
            Conn::Pg(p) => p.insert(t),
        }
    }

    /// Writes `t` with `Sql::update` over the row stored at version `expected`; returns
    /// the number of rows written (0: stale, missing, or not the user's to write).
    pub(crate) fn update<T: Table>(&self, t: &T, expected: i64) -> Result<usize> {
        match self {
            Conn::Lite(c) => lite::update(c, t, expected),
            Conn::Pg(p) => p.update(t, expected),
        }
    }

    /// Inside a transaction already?
    pub(crate) fn in_tx(&self) -> bool {
        match self {
            Conn::Lite(c) => !c.is_autocommit(),
            Conn::Pg(p) => p.in_tx(),
        }
    }
}

/// A write that changes what the whole book reads (exchange rates, churn reasons marked
/// fixed) without touching an account: on a team server every open dashboard is told to
/// read everything again (the change feed's `*`, delivered when the transaction commits);
/// an account's own rows notify through their triggers, but these tables have none, and a
/// rate set by `radar fx` left every dashboard's totals at the old rate (team trial,
/// session 33). A solo file needs nothing: a dashboard reads it again on any change.
pub(crate) fn book_changed(conn: &Conn) -> Result<()> {
    match conn {
        Conn::Lite(_) => Ok(()),
        Conn::Pg(_) => conn.one("SELECT pg_notify('radar_changes', '*')", &[], |_| Ok(())),
    }
}
