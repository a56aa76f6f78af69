//! Every account's facts, streamed one account at a time: one cursor per table, each
//! ordered by account, advanced together (a merge join). Whole-portfolio work (risk
//! recompute, agenda, report, export) then holds one account in memory instead of the
//! 3.9M rows of a 100k portfolio, and never hashes an id to find where a row belongs.

use super::sqlite::bind;
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::*;
use rusqlite::{CachedStatement, Connection, Row, Rows};

/// Which child tables a scan reads (the others stay empty in the facts it hands out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub terms: bool,
    pub contacts: bool,
    pub promises: bool,
    pub requirements: bool,
    /// The requirements' transition histories (only with `requirements`).
    pub histories: bool,
    pub complaints: bool,
    pub touchpoints: bool,
    pub usage: bool,
    pub milestones: bool,
    pub tasks: bool,
    pub referrals: bool,
    /// Notes, handover texts, e-mail addresses and phone numbers. Without them the rows
    /// are read with those columns empty: scoring never looks at them, and they are most
    /// of the bytes a scan would decode.
    pub free_text: bool,
}

impl Parts {
    pub const ALL: Parts = Parts {
        terms: true,
        contacts: true,
        promises: true,
        requirements: true,
        histories: true,
        complaints: true,
        touchpoints: true,
        usage: true,
        milestones: true,
        tasks: true,
        referrals: true,
        free_text: true,
    };
    /// What risk scoring reads: everything but the free text. (The two-thread recompute
    /// test checks its scores against scoring fully loaded accounts.)
    /// Tasks are not read: no risk rule looks at them.
    pub const SCORING: Parts = Parts { free_text: false, tasks: false, referrals: false, ..Parts::ALL };
    pub const NONE: Parts = Parts {
        terms: false,
        contacts: false,
        promises: false,
        requirements: false,
        histories: false,
        complaints: false,
        touchpoints: false,
        usage: false,
        milestones: false,
        tasks: false,
        referrals: false,
        free_text: false,
    };
}

/// One table's rows in account order, with the next row read ahead.
struct Cursor<'s, T> {
    rows: Option<Rows<'s>>,
    map: fn(&Row) -> Result<T>,
    account_of: fn(&T) -> AccountId,
    ahead: Option<T>,
}

impl<'s, T> Cursor<'s, T> {
    fn open(
        stmt: &'s mut Option<CachedStatement<'_>>,
        range: (i64, i64),
        map: fn(&Row) -> Result<T>,
        account_of: fn(&T) -> AccountId,
    ) -> Result<Cursor<'s, T>> {
        let rows = match stmt {
            Some(s) => Some(s.query(range)?),
            None => None,
        };
        let mut c = Cursor { rows, map, account_of, ahead: None };
        c.advance()?;
        Ok(c)
    }

    fn advance(&mut self) -> Result<()> {
        self.ahead = match &mut self.rows {
            Some(rows) => match rows.next()? {
                Some(r) => Some((self.map)(r)?),
                None => None,
            },
            None => None,
        };
        Ok(())
    }

    /// Moves the rows of `id` into `out` (rows of accounts before it, which cannot exist
    /// with foreign keys on, are skipped).
    fn take(&mut self, id: AccountId, out: &mut Vec<T>) -> Result<()> {
        while let Some(row) = self.ahead.take() {
            let of = (self.account_of)(&row);
            if of > id {
                self.ahead = Some(row);
                break;
            }
            if of == id {
                out.push(row);
            }
            self.advance()?;
        }
        Ok(())
    }
}

/// A requirement transition with the account and requirement it belongs to.
type Transition = (AccountId, RequirementId, ReqTransition);

fn transition(row: &Row) -> Result<Transition> {
    let mut r = bind::LiteReader::new(row);
    Ok((
        AccountId(r.int()?),
        RequirementId(r.int()?),
        ReqTransition { status: r.choice()?, at: r.stamp()?, note: r.text()? },
    ))
}

/// Cached: `load_facts` scans one account at a time (an import loads accounts one by one,
/// and parsing the SQL each time cost more than the read).
fn prepare<'c>(conn: &'c Connection, wanted: bool, sql: &str) -> Result<Option<CachedStatement<'c>>> {
    Ok(if wanted { Some(conn.prepare_cached(sql)?) } else { None })
}

/// A child table's rows of the accounts in `[?1, ?2]`, by account. Within an account they
/// follow the table's index (`then`: its second column, or the id), so SQLite walks the
/// index without sorting; `normalise` puts each account's rows in their final order.
fn child<'c, T: Table>(
    conn: &'c Connection,
    wanted: bool,
    then: &str,
    free_text: bool,
) -> Result<Option<CachedStatement<'c>>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE account_id BETWEEN ?1 AND ?2 ORDER BY account_id, {then}",
        T::sql().list(free_text),
        T::NAME
    );
    prepare(conn, wanted, &sql)
}

fn open<'s, T: Table>(
    stmt: &'s mut Option<CachedStatement<'_>>,
    range: (i64, i64),
    account_of: fn(&T) -> AccountId,
) -> Result<Cursor<'s, T>> {
    Cursor::open(stmt, range, bind::read::<T>, account_of)
}

/// Streams every account (in id order) with the `parts` asked for, normalised, into
/// `each`; stops at the first error `each` returns. Returns how many accounts were seen.
pub(super) fn scan(
    conn: &Connection,
    parts: Parts,
    each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    scan_range(conn, parts, (i64::MIN, i64::MAX), each)
}

/// `scan` of the accounts whose id is in `[from, to]`.
pub(super) fn scan_range(
    conn: &Connection,
    parts: Parts,
    (from, to): (i64, i64),
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let free = parts.free_text;
    let mut accounts = conn.prepare_cached(&format!(
        "SELECT {} FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
        Account::sql().list(free)
    ))?;
    let mut s_term = child::<ContractTerm>(conn, parts.terms, "start", free)?;
    let mut s_contact = child::<Contact>(conn, parts.contacts, "id", free)?;
    let mut s_promise = child::<Promise>(conn, parts.promises, "id", free)?;
    let mut s_req = child::<Requirement>(conn, parts.requirements, "id", free)?;
    let note = if free { "t.note" } else { "''" };
    let mut s_trans = prepare(
        conn,
        parts.requirements && parts.histories,
        &format!(
            "SELECT r.account_id, t.requirement_id, t.status, t.at, {note} FROM requirement_transition t \
             JOIN requirement r ON r.id = t.requirement_id WHERE r.account_id BETWEEN ?1 AND ?2 \
             ORDER BY r.account_id, r.id, t.at, t.id"
        ),
    )?;
    let mut s_complaint = child::<Complaint>(conn, parts.complaints, "id", free)?;
    let mut s_touch = child::<Touchpoint>(conn, parts.touchpoints, "date", free)?;
    let mut s_usage = child::<UsageSnapshot>(conn, parts.usage, "date", free)?;
    let mut s_milestone = child::<Milestone>(conn, parts.milestones, "due", free)?;
    let mut s_task = child::<Task>(conn, parts.tasks, "due", free)?;
    let mut s_referral = child::<Referral>(conn, parts.referrals, "date", free)?;

    let range = (from, to);
    let mut terms = open(&mut s_term, range, |t: &ContractTerm| t.account_id)?;
    let mut contacts = open(&mut s_contact, range, |c: &Contact| c.account_id)?;
    let mut promises = open(&mut s_promise, range, |p: &Promise| p.account_id)?;
    let mut reqs = open(&mut s_req, range, |r: &Requirement| r.account_id)?;
    let mut trans = Cursor::open(&mut s_trans, range, transition, |t| t.0)?;
    let mut complaints = open(&mut s_complaint, range, |c: &Complaint| c.account_id)?;
    let mut touches = open(&mut s_touch, range, |t: &Touchpoint| t.account_id)?;
    let mut usage = open(&mut s_usage, range, |u: &UsageSnapshot| u.account_id)?;
    let mut milestones = open(&mut s_milestone, range, |m: &Milestone| m.account_id)?;
    let mut tasks = open(&mut s_task, range, |t: &Task| t.account_id)?;
    let mut referrals = open(&mut s_referral, range, |r: &Referral| r.account_id)?;

    let mut history = Vec::new();
    let mut rows = accounts.query(range)?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let mut f = AccountFacts::new(bind::read::<Account>(row)?);
        let id = f.account.id;
        terms.take(id, &mut f.terms)?;
        contacts.take(id, &mut f.contacts)?;
        promises.take(id, &mut f.promises)?;
        reqs.take(id, &mut f.requirements)?;
        trans.take(id, &mut history)?;
        // Both are ordered by requirement id within the account: attach in one pass.
        let mut at = 0;
        for (_, req, t) in history.drain(..) {
            while at < f.requirements.len() && f.requirements[at].id < req {
                at += 1;
            }
            if let Some(r) = f.requirements.get_mut(at).filter(|r| r.id == req) {
                r.history.push(t);
            }
        }
        complaints.take(id, &mut f.complaints)?;
        touches.take(id, &mut f.touchpoints)?;
        usage.take(id, &mut f.usage)?;
        milestones.take(id, &mut f.milestones)?;
        tasks.take(id, &mut f.tasks)?;
        referrals.take(id, &mut f.referrals)?;
        f.normalise();
        each(f)?;
        n += 1;
    }
    Ok(n)
}

impl Store {
    /// Every account's facts (the `parts` asked for), one at a time in id order: memory
    /// stays at one account however large the portfolio. Reads one snapshot of the file.
    pub fn scan_facts(&self, parts: Parts, each: impl FnMut(AccountFacts) -> Result<()>) -> Result<usize> {
        self.in_read_tx(|conn| scan(conn, parts, each))
    }
}
