//! `scan` on PostgreSQL. One account (a detail load, an edit's reload) is read by `= ?1`,
//! a few rows per table. A range is read through one server-side cursor per table,
//! fetched `FETCH` rows at a time and advanced together as SQLite's statements are: each
//! table's query then runs once per scan. (Before, the range was read in chunks of 500
//! accounts, each table's chunk a query of its own; under the children's row security
//! every such query hashed every account the user may read, so a scan cost chunks x
//! tables x accounts: `radar agenda` at 10k accounts, 20 chunks, ~25 ms per query.)

use super::{Cursor, Cursors, Map, Next, Parts, Queries, Transition, read_any, transition};
use crate::domain::*;
use crate::store::Result;
use crate::store::conn::{AnyReader, Conn, Tx, Val, vals};
use crate::store::pg::PgConn;

/// Rows per round trip of each cursor.
const FETCH: usize = 5000;

/// Reads `[from, to]` (or the one account) into `each`; returns how many accounts it saw.
pub(super) fn scan(
    conn: &Conn,
    parts: Parts,
    (from, to): (i64, i64),
    each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    if from == to {
        return scan_one(conn, parts, from, each);
    }
    // Cursors live in a transaction: the caller's, or a read snapshot of the scan's own.
    if conn.in_tx() {
        return scan_cursors(conn, parts, (from, to), each);
    }
    let tx = Tx::read(conn)?;
    let n = scan_cursors(conn, parts, (from, to), each)?;
    tx.finish()?;
    Ok(n)
}

type OneSrc<'i, 'q, 'v> = (&'i Conn, &'i mut std::slice::Iter<'q, Option<String>>, &'i [Val<'v>]);

fn one_next<T: 'static>(src: OneSrc<'_, '_, '_>, map: Map<T>) -> Result<Option<Next<'static, T>>> {
    let (conn, sqls, args) = src;
    let Some(Some(sql)) = sqls.next() else { return Ok(None) };
    let mut rows = conn.all(sql, args, map)?.into_iter();
    Ok(Some(Box::new(move || Ok(rows.next()))))
}

/// One account: its row and each table's rows by `= ?1` (PostgreSQL plans a prepared
/// statement for any value: it estimates `= ?1` at a few rows, and probes account's key
/// per row for the children's row security; a range it estimates at 0.5% of the table
/// made it hash every readable account, 11 times per detail load).
fn scan_one(
    conn: &Conn,
    parts: Parts,
    id: i64,
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let q = Queries::of(parts, true);
    let args = vals![id];
    let Some(account) = conn.first(&q.account, args, read_any::<Account>)? else { return Ok(0) };
    let mut sqls = q.children.iter();
    let mut cursors = cursors!(one_next, (conn, &mut sqls, args));
    each(cursors.fill(account, &mut Vec::new(), parts)?)?;
    Ok(1)
}

/// What a table's cursor is opened from: the connection, the next query, the range, and
/// the names of the cursors opened so far (closed at the end).
type CurSrc<'c, 'i, 'q> =
    (&'c Conn, &'i mut std::slice::Iter<'q, Option<String>>, (i64, i64), &'i mut Vec<String>);

fn cursor_next<'c, T: 'c>(src: CurSrc<'c, '_, '_>, map: Map<T>) -> Result<Option<Next<'c, T>>> {
    let (conn, sqls, (from, to), names) = src;
    let Some(Some(sql)) = sqls.next() else { return Ok(None) };
    let pg = conn.as_pg().ok_or_else(|| crate::store::StoreError::Invalid("not a team database".into()))?;
    let name = pg.declare(sql, vals![from, to])?;
    names.push(name.clone());
    Ok(Some(batched(pg, name, map)))
}

/// The rows of the declared cursor `name`, fetched `FETCH` at a time as they are asked for.
/// Shared with the agenda's candidate streams.
pub(in crate::store) fn batched<'c, T: 'c>(pg: &'c PgConn, name: String, map: Map<T>) -> Next<'c, T> {
    let (mut rows, mut done) = (Vec::new().into_iter(), false);
    Box::new(move || {
        if let Some(row) = rows.next() {
            return Ok(Some(row));
        }
        if done {
            return Ok(None);
        }
        let got = pg.fetch(&name, FETCH, &mut |r: &mut AnyReader<'_, '_>| map(r))?;
        done = got.len() < FETCH;
        rows = got.into_iter();
        Ok(rows.next())
    })
}

/// Reads the declared cursor `accounts` `FETCH` rows at a time and hands each account,
/// filled by `fill` (from the children's cursors), to `each`; the number of accounts.
/// Shared with the agenda's candidate streams (`store/agenda_streams.rs`).
pub(in crate::store) fn fill_each(
    pg: &PgConn,
    accounts: &str,
    mut fill: impl FnMut(Account) -> Result<AccountFacts>,
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let mut n = 0;
    loop {
        let batch = pg.fetch(accounts, FETCH, &mut |r: &mut AnyReader<'_, '_>| read_any::<Account>(r))?;
        let last = batch.len() < FETCH;
        for account in batch {
            each(fill(account)?)?;
            n += 1;
        }
        if last {
            return Ok(n);
        }
    }
}

fn scan_cursors(
    conn: &Conn,
    parts: Parts,
    (from, to): (i64, i64),
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let pg = conn.as_pg().ok_or_else(|| crate::store::StoreError::Invalid("not a team database".into()))?;
    let q = Queries::of(parts, false);
    let mut names = Vec::new();
    let out = (|| {
        let accounts = pg.declare(&q.account, vals![from, to])?;
        names.push(accounts.clone());
        let mut sqls = q.children.iter();
        let mut cursors: Cursors<'_> = cursors!(cursor_next, (conn, &mut sqls, (from, to), &mut names));
        let mut history: Vec<Transition> = Vec::new();
        fill_each(pg, &accounts, |a| cursors.fill(a, &mut history, parts), &mut each)
    })();
    pg.close(&names);
    out
}
