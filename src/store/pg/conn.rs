//! `Conn`'s PostgreSQL side: one login's connection to the team database, running the
//! shared SQL (`?N` rewritten to `$N` once, statements prepared once per connection),
//! binding `Val`s by the type the server gives each parameter, and naming the server when
//! it cannot be reached. Every call fetches its rows whole before handing them out, so a
//! caller may query again while it reads (as SQLite's cursors allow).

use super::error::pg_err;
use super::target::TeamTarget;
use super::team::Team;
use super::values::{PgBinder, PgReader, dollars};
use crate::store::conn::{AnyReader, Val};
use crate::store::tables::Table;
use crate::store::{Result, StoreError};
use bytes::BytesMut;
use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Statement};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

pub(crate) struct PgConn {
    client: RefCell<Client>,
    stmts: RefCell<HashMap<String, Statement>>,
    in_tx: Cell<bool>,
    target: TeamTarget,
    /// The server process serving this connection: its commits' notifications carry it,
    /// so the dashboard's change feed can tell its own sessions' commits from others'.
    pid: Cell<i32>,
}

/// The connection's server process (0 if the server will not say: nothing is skipped).
fn backend_pid(client: &mut Client) -> i32 {
    client.query_one("SELECT pg_backend_pid()", &[]).map_or(0, |r| r.get(0))
}

impl PgConn {
    /// Connects as the target's user and checks the schema is the one this build needs.
    pub(crate) fn open(target: &TeamTarget) -> Result<PgConn> {
        let mut team = Team::open(target)?;
        let pid = backend_pid(&mut team.client);
        Ok(PgConn {
            client: RefCell::new(team.client),
            stmts: RefCell::default(),
            in_tx: Cell::new(false),
            target: target.clone(),
            pid: Cell::new(pid),
        })
    }

    pub(crate) fn target(&self) -> &TeamTarget {
        &self.target
    }

    /// The server's failure in the store's terms, naming the server when it is gone.
    pub(crate) fn err(&self, e: postgres::Error) -> StoreError {
        match pg_err(e) {
            StoreError::Unreachable { detail, .. } => {
                StoreError::Unreachable { target: self.target.to_string(), detail }
            }
            other => other,
        }
    }

    /// After the server went away (a restart, a lost network), the next call outside a
    /// transaction connects again; inside one, the transaction is lost and says so.
    fn ensure_open(&self) -> Result<()> {
        if !self.client.borrow().is_closed() || self.in_tx.get() {
            return Ok(());
        }
        let mut team = Team::open(&self.target)?;
        self.pid.set(backend_pid(&mut team.client));
        *self.client.borrow_mut() = team.client;
        self.stmts.borrow_mut().clear();
        Ok(())
    }

    fn prepare(&self, sql: &str) -> Result<Statement> {
        self.ensure_open()?;
        if let Some(s) = self.stmts.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.borrow_mut().prepare(&dollars(sql)).map_err(|e| self.err(e))?;
        self.stmts.borrow_mut().insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    pub(crate) fn exec(&self, sql: &str, vals: &[Val<'_>]) -> Result<usize> {
        let stmt = self.prepare(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let n = self.client.borrow_mut().execute(&stmt, &params).map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        self.ensure_open()?;
        self.client.borrow_mut().batch_execute(sql).map_err(|e| self.err(e))
    }

    /// The rows of a query, fetched whole.
    pub(crate) fn rows(&self, sql: &str, vals: &[Val<'_>]) -> Result<Vec<postgres::Row>> {
        let stmt = self.prepare(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> = vals.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let rows = self.client.borrow_mut().query(&stmt, &params).map_err(|e| self.err(e))?;
        Ok(rows)
    }

    pub(crate) fn each(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        f: &mut dyn FnMut(&mut AnyReader<'_, '_>) -> Result<()>,
    ) -> Result<()> {
        for row in &self.rows(sql, vals)? {
            f(&mut AnyReader::Pg(PgReader::new(row)))?;
        }
        Ok(())
    }

    pub(crate) fn insert<T: Table>(&self, t: &T) -> Result<i64> {
        // An id of 0 is bound as NULL: the identity column's next value then (an explicit
        // NULL would break its NOT NULL; SQLite takes NULL as "assign one").
        let sql = T::sql().insert.replacen(
            "VALUES (?1,",
            &format!("VALUES (coalesce(?1, nextval(pg_get_serial_sequence('radar.{}', 'id'))),", T::NAME),
            1,
        );
        let sql = format!("{sql} RETURNING id");
        let stmt = self.prepare(&sql)?;
        let mut b = PgBinder::new::<T>(None);
        t.bind(&mut b);
        let vals = b.finish()?;
        let params: Vec<&(dyn ToSql + Sync)> =
            vals.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect();
        let row = self.client.borrow_mut().query_one(&stmt, &params).map_err(|e| self.err(e))?;
        Ok(row.get(0))
    }

    pub(crate) fn update<T: Table>(&self, t: &T, expected: i64) -> Result<usize> {
        let stmt = self.prepare(&T::sql().update)?;
        let mut b = PgBinder::new::<T>(None);
        t.bind(&mut b);
        let mut vals = b.finish()?;
        if T::VERSIONED {
            vals.push(Box::new(expected));
        }
        let params: Vec<&(dyn ToSql + Sync)> =
            vals.iter().map(|v| v.as_ref() as &(dyn ToSql + Sync)).collect();
        let n = self.client.borrow_mut().execute(&stmt, &params).map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(crate) fn begin(&self, how: &str) -> Result<()> {
        self.batch(how)?;
        self.in_tx.set(true);
        Ok(())
    }

    pub(crate) fn end(&self, how: &str) -> Result<()> {
        self.in_tx.set(false);
        if self.client.borrow().is_closed() {
            // The server rolled the transaction back when the connection went.
            return if how == "ROLLBACK" {
                Ok(())
            } else {
                Err(StoreError::Unreachable {
                    target: self.target.to_string(),
                    detail: "connection lost".into(),
                })
            };
        }
        self.batch(how)
    }

    pub(crate) fn in_tx(&self) -> bool {
        self.in_tx.get()
    }

    /// The login this connection runs as (the agenda's "mine" in team mode).
    pub(crate) fn login(&self) -> Result<String> {
        let row =
            self.client.borrow_mut().query_one("SELECT session_user::text", &[]).map_err(|e| self.err(e))?;
        Ok(row.get(0))
    }
}

impl crate::store::Store {
    /// Opens a team database as the target's login (`--db postgres://…`): the same store
    /// API as a file, under the server's row security.
    pub fn open_team(target: &TeamTarget) -> Result<crate::store::Store> {
        let conn = PgConn::open(target)?;
        Ok(crate::store::Store {
            conn: crate::store::conn::Conn::Pg(Box::new(conn)),
            path: std::path::PathBuf::from(target.to_string()),
            dropped_indexes: Vec::new(),
        })
    }

    /// The team database this store is open on (None: a solo file).
    pub fn team_target(&self) -> Option<&TeamTarget> {
        self.conn.as_pg().map(PgConn::target)
    }

    /// The server process of this store's connection (None: a solo file). The dashboard's
    /// change feed skips the notifications its own workers' commits send.
    pub fn team_session(&self) -> Option<i32> {
        self.conn.as_pg().map(|p| p.pid.get()).filter(|p| *p != 0)
    }

    /// The login this store works as in team mode: the agenda's "mine".
    pub fn team_login(&self) -> Result<Option<String>> {
        self.conn.as_pg().map(PgConn::login).transpose()
    }
}

type BoxErr = Box<dyn std::error::Error + Sync + Send>;

/// The shared SQL binds dates, flags and counts the way SQLite takes them; the server
/// says each parameter's type, and the value is sent as that type.
impl ToSql for Val<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxErr> {
        let text = matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN);
        match *self {
            Val::Int(v) => match *ty {
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::BOOL => (v != 0).to_sql(ty, out),
                _ if text => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Val::Text(s) => match *ty {
                Type::DATE => NaiveDate::parse_from_str(s, "%Y-%m-%d")?.to_sql(ty, out),
                Type::TIMESTAMP => NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")?.to_sql(ty, out),
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                _ => s.to_sql(ty, out),
            },
            Val::Date(d) => match *ty {
                Type::TIMESTAMP => d.and_hms_opt(0, 0, 0).unwrap_or_default().to_sql(ty, out),
                _ if text => d.to_string().to_sql(ty, out),
                _ => d.to_sql(ty, out),
            },
            Val::Stamp(s) => match *ty {
                Type::DATE => s.date().to_sql(ty, out),
                _ if text => s.format("%Y-%m-%d %H:%M:%S").to_string().to_sql(ty, out),
                _ => s.to_sql(ty, out),
            },
            Val::Bool(b) => match *ty {
                Type::INT8 => i64::from(b).to_sql(ty, out),
                Type::INT4 => i32::from(b).to_sql(ty, out),
                _ => b.to_sql(ty, out),
            },
            Val::Null => Ok(IsNull::Yes),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl PgConn {
    /// May this login write account `id` (owner, co-owner or lead)?
    pub(crate) fn can_write(&self, id: i64) -> Result<bool> {
        let rows = self.rows("SELECT radar.can_write(?1)", crate::store::conn::vals![id])?;
        Ok(rows.first().is_some_and(|r| r.get::<_, bool>(0)))
    }

    /// Why a versioned write touched no row, as row security lets this user know it:
    /// gone, not theirs to write, or changed by someone else.
    pub(crate) fn why_untouched(&self, table: &'static str, id: i64, expected: i64) -> StoreError {
        let sql = "SELECT present, writable, version FROM radar.row_state(?1, ?2)";
        match self.rows(sql, crate::store::conn::vals![table, id]) {
            Ok(rows) => match rows.first() {
                Some(r) if r.get::<_, bool>(0) && !r.get::<_, bool>(1) => {
                    StoreError::NotInPortfolio { what: table, id }
                }
                Some(r) if r.get::<_, bool>(0) => StoreError::Stale {
                    what: table,
                    id,
                    expected,
                    found: r.get::<_, Option<i64>>(2).unwrap_or(0),
                },
                _ => StoreError::Missing { what: table, id },
            },
            Err(e) => e,
        }
    }
}
