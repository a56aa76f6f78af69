//! How `agenda_candidates` reads its tables on either engine: one query per table, each in
//! account order, advanced together with the candidates' account rows (a merge join). On
//! SQLite a statement's rows are stepped as they come; on PostgreSQL through a server-side
//! cursor per table fetched `FETCH` rows at a time (as `scan::pg` does), so memory stays
//! at a batch whatever the number of candidates.

use super::conn::{AnyReader, Conn, Val};
use super::scan::{
    Cursor as Stream, Next, Transition as Step, attach_history, batched, fill_each, transition as step,
};
use super::sqlite::bind::LiteReader;
use super::sqlite::lite::bind_vals;
use super::tables::Table;
use super::{Result, StoreError};
use crate::domain::*;
use chrono::NaiveDate;
use rusqlite::CachedStatement;

/// One table's query: its SQL (`?N` placeholders) and its parameters.
pub(super) struct Query<'v> {
    pub sql: String,
    pub vals: Vec<Val<'v>>,
}

/// What the agenda reads of the candidates, in this order: the accounts, then their terms,
/// requirements, requirement steps, complaints, referrals, pending milestones, open
/// promises, open tasks, praise touchpoints.
pub(super) struct Queries<'v> {
    /// The last day milestones are read up to.
    pub horizon: NaiveDate,
    pub account: Query<'v>,
    pub tables: [Query<'v>; 9],
}

type Map<T> = fn(&mut AnyReader<'_, '_>) -> Result<T>;

fn read_any<T: Table>(r: &mut AnyReader<'_, '_>) -> Result<T> {
    T::read(r)
}

/// The streams of every table, in `Queries::tables` order.
struct Streams<'s> {
    terms: Stream<'s, ContractTerm>,
    reqs: Stream<'s, Requirement>,
    steps: Stream<'s, Step>,
    complaints: Stream<'s, Complaint>,
    referrals: Stream<'s, Referral>,
    milestones: Stream<'s, Milestone>,
    promises: Stream<'s, Promise>,
    tasks: Stream<'s, Task>,
    touches: Stream<'s, Touchpoint>,
}

/// Builds `Streams`, each from `$open($src, map)` (one call per table, in order).
macro_rules! streams {
    ($open:ident, $src:expr) => {
        Streams {
            terms: Stream::new(Some($open($src, read_any::<ContractTerm>)?), |t: &ContractTerm| {
                t.account_id
            })?,
            reqs: Stream::new(Some($open($src, read_any::<Requirement>)?), |r: &Requirement| r.account_id)?,
            steps: Stream::new(Some($open($src, step)?), |s: &Step| s.0)?,
            complaints: Stream::new(Some($open($src, read_any::<Complaint>)?), |c: &Complaint| c.account_id)?,
            referrals: Stream::new(Some($open($src, read_any::<Referral>)?), |r: &Referral| r.account_id)?,
            milestones: Stream::new(Some($open($src, read_any::<Milestone>)?), |m: &Milestone| m.account_id)?,
            promises: Stream::new(Some($open($src, read_any::<Promise>)?), |p: &Promise| p.account_id)?,
            tasks: Stream::new(Some($open($src, read_any::<Task>)?), |t: &Task| t.account_id)?,
            touches: Stream::new(Some($open($src, read_any::<Touchpoint>)?), |t: &Touchpoint| t.account_id)?,
        }
    };
}

impl Streams<'_> {
    /// The account with its rows of every table, normalised; its milestones those pending
    /// and due by `horizon`, derived from its terms and the stored decisions.
    fn fill(
        &mut self,
        account: Account,
        history: &mut Vec<Step>,
        horizon: NaiveDate,
    ) -> Result<AccountFacts> {
        let mut f = AccountFacts::new(account);
        let id = f.account.id;
        self.terms.take(id, &mut f.terms)?;
        self.reqs.take(id, &mut f.requirements)?;
        self.steps.take(id, history)?;
        attach_history(&mut f.requirements, history);
        self.complaints.take(id, &mut f.complaints)?;
        self.referrals.take(id, &mut f.referrals)?;
        self.milestones.take(id, &mut f.milestones)?;
        self.promises.take(id, &mut f.promises)?;
        self.tasks.take(id, &mut f.tasks)?;
        self.touches.take(id, &mut f.touchpoints)?;
        f.normalise();
        super::scan::derive_milestones(&mut f, None);
        f.milestones.retain(|m| m.status == MilestoneStatus::Pending && m.due <= horizon);
        Ok(f)
    }
}

/// The next SQLite statement with its query.
type LiteSrc<'i, 's, 'c, 'q, 'v> =
    &'i mut std::iter::Zip<std::slice::IterMut<'s, CachedStatement<'c>>, std::slice::Iter<'q, Query<'v>>>;

fn lite_next<'s, T: 's>(src: LiteSrc<'_, 's, '_, '_, '_>, map: Map<T>) -> Result<Next<'s, T>> {
    let (stmt, q) = src.next().ok_or_else(|| StoreError::Invalid("agenda: a query too few".into()))?;
    bind_vals(stmt, &q.vals)?;
    let mut rows = stmt.raw_query();
    Ok(Box::new(move || match rows.next()? {
        Some(row) => Ok(Some(map(&mut AnyReader::Lite(LiteReader::new(row)))?)),
        None => Ok(None),
    }))
}

/// Streams the accounts of `q.account` with their rows into `each`; returns how many.
pub(super) fn scan(
    conn: &Conn,
    q: &Queries<'_>,
    each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    match conn {
        Conn::Lite(c) => scan_lite(c, q, each),
        Conn::Pg(_) => scan_pg(conn, q, each),
    }
}

fn scan_lite(
    conn: &rusqlite::Connection,
    q: &Queries<'_>,
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let mut stmts =
        q.tables.iter().map(|t| conn.prepare_cached(&t.sql)).collect::<rusqlite::Result<Vec<_>>>()?;
    let mut src = stmts.iter_mut().zip(q.tables.iter());
    let mut streams = streams!(lite_next, &mut src);
    let mut accounts = conn.prepare_cached(&q.account.sql)?;
    bind_vals(&mut accounts, &q.account.vals)?;
    let mut rows = accounts.raw_query();
    let (mut history, mut n) = (Vec::new(), 0);
    while let Some(row) = rows.next()? {
        let account = super::sqlite::bind::read::<Account>(row)?;
        each(streams.fill(account, &mut history, q.horizon)?)?;
        n += 1;
    }
    Ok(n)
}

/// What a PostgreSQL table's cursor is opened from: the connection, the next query, and
/// the names of the cursors opened so far (closed at the end).
type PgSrc<'c, 'i, 'q, 'v> = (&'c Conn, &'i mut std::slice::Iter<'q, Query<'v>>, &'i mut Vec<String>);

fn pg_next<'c, T: 'c>(src: PgSrc<'c, '_, '_, '_>, map: Map<T>) -> Result<Next<'c, T>> {
    let (conn, queries, names) = src;
    let q = queries.next().ok_or_else(|| StoreError::Invalid("agenda: a query too few".into()))?;
    let pg = conn.as_pg().ok_or_else(|| StoreError::Invalid("not a team database".into()))?;
    let name = pg.declare(&q.sql, &q.vals)?;
    names.push(name.clone());
    Ok(batched(pg, name, map))
}

fn scan_pg(conn: &Conn, q: &Queries<'_>, mut each: impl FnMut(AccountFacts) -> Result<()>) -> Result<usize> {
    let pg = conn.as_pg().ok_or_else(|| StoreError::Invalid("not a team database".into()))?;
    let mut names = Vec::new();
    let out = (|| {
        let accounts = pg.declare(&q.account.sql, &q.account.vals)?;
        names.push(accounts.clone());
        let mut queries = q.tables.iter();
        let mut streams = streams!(pg_next, (conn, &mut queries, &mut names));
        let mut history = Vec::new();
        fill_each(pg, &accounts, |a| streams.fill(a, &mut history, q.horizon), &mut each)
    })();
    pg.close(&names);
    out
}
