//! Every account's facts, streamed one account at a time: one cursor per table, each
//! ordered by account, advanced together (a merge join). Whole-portfolio work (risk
//! recompute, agenda, report, export) then holds one account in memory instead of the
//! 3.9M rows of a 100k portfolio, and never hashes an id to find where a row belongs.

use super::codec::{self, *};
use super::{Result, Store};
use crate::domain::*;
use rusqlite::{Connection, Row, Rows, Statement};

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
    /// Notes, handover texts, e-mail addresses and phone numbers. Without them the rows
    /// are read with those columns empty: scoring never looks at them, and they are most
    /// of the bytes a scan would decode.
    pub free_text: bool,
}

/// The columns `Parts::free_text` covers (read as '' when it is off).
const FREE_TEXT: [&str; 8] =
    ["note", "churn_note", "improvement", "pain_points", "why_bought", "special_clauses", "email", "phone"];

/// `cols` with the free-text columns read as '' unless `free_text`.
fn columns(cols: &str, free_text: bool) -> String {
    if free_text {
        return cols.to_string();
    }
    let lean: Vec<&str> =
        cols.split(',').map(str::trim).map(|c| if FREE_TEXT.contains(&c) { "''" } else { c }).collect();
    lean.join(", ")
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
        free_text: true,
    };
    /// What risk scoring reads: everything but the free text. (The two-thread recompute
    /// test checks its scores against scoring fully loaded accounts.)
    pub const SCORING: Parts = Parts { free_text: false, ..Parts::ALL };
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
        free_text: false,
    };
}

/// One table's rows in account order, with the next row read ahead.
struct Cursor<'s, T> {
    rows: Option<Rows<'s>>,
    map: fn(&Row) -> rusqlite::Result<T>,
    account_of: fn(&T) -> AccountId,
    ahead: Option<T>,
}

impl<'s, T> Cursor<'s, T> {
    fn open(
        stmt: &'s mut Option<Statement<'_>>,
        range: (i64, i64),
        map: fn(&Row) -> rusqlite::Result<T>,
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

fn transition(row: &Row) -> rusqlite::Result<Transition> {
    Ok((
        AccountId(row.get(0)?),
        RequirementId(row.get(1)?),
        ReqTransition { status: codec::choice(row, 2)?, at: codec::stamp(row, 3)?, note: row.get(4)? },
    ))
}

fn prepare<'c>(conn: &'c Connection, wanted: bool, sql: &str) -> Result<Option<Statement<'c>>> {
    Ok(if wanted { Some(conn.prepare(sql)?) } else { None })
}

/// A child table's rows of the accounts in `[?1, ?2]`, by account. Within an account they
/// follow the table's index (`then`: its second column, or the id), so SQLite walks the
/// index without sorting; `normalise` puts each account's rows in their final order.
fn child_sql(table: &str, cols: &str, then: &str, free_text: bool) -> String {
    let cols = columns(cols, free_text);
    format!("SELECT {cols} FROM {table} WHERE account_id BETWEEN ?1 AND ?2 ORDER BY account_id, {then}")
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
    let account_cols = columns(ACCOUNT_COLS, parts.free_text);
    let mut accounts =
        conn.prepare(&format!("SELECT {account_cols} FROM account WHERE id BETWEEN ?1 AND ?2 ORDER BY id"))?;
    let mut s_term = prepare(conn, parts.terms, &child_sql("term", TERM_COLS, "start", parts.free_text))?;
    let mut s_contact =
        prepare(conn, parts.contacts, &child_sql("contact", CONTACT_COLS, "id", parts.free_text))?;
    let mut s_promise =
        prepare(conn, parts.promises, &child_sql("promise", PROMISE_COLS, "id", parts.free_text))?;
    let mut s_req = prepare(
        conn,
        parts.requirements,
        &child_sql("requirement", REQUIREMENT_COLS, "id", parts.free_text),
    )?;
    let note = if parts.free_text { "t.note" } else { "''" };
    let mut s_trans = prepare(
        conn,
        parts.requirements && parts.histories,
        &format!(
            "SELECT r.account_id, t.requirement_id, t.status, t.at, {note} FROM requirement_transition t \
             JOIN requirement r ON r.id = t.requirement_id WHERE r.account_id BETWEEN ?1 AND ?2 \
             ORDER BY r.account_id, r.id, t.at, t.id"
        ),
    )?;
    let mut s_complaint =
        prepare(conn, parts.complaints, &child_sql("complaint", COMPLAINT_COLS, "id", parts.free_text))?;
    let mut s_touch =
        prepare(conn, parts.touchpoints, &child_sql("touchpoint", TOUCHPOINT_COLS, "date", parts.free_text))?;
    let mut s_usage = prepare(conn, parts.usage, &child_sql("usage", USAGE_COLS, "date", parts.free_text))?;
    let mut s_milestone =
        prepare(conn, parts.milestones, &child_sql("milestone", MILESTONE_COLS, "due", parts.free_text))?;

    let range = (from, to);
    let mut terms = Cursor::open(&mut s_term, range, codec::term, |t| t.account_id)?;
    let mut contacts = Cursor::open(&mut s_contact, range, codec::contact, |c| c.account_id)?;
    let mut promises = Cursor::open(&mut s_promise, range, codec::promise, |p| p.account_id)?;
    let mut reqs = Cursor::open(&mut s_req, range, codec::requirement, |r| r.account_id)?;
    let mut trans = Cursor::open(&mut s_trans, range, transition, |t| t.0)?;
    let mut complaints = Cursor::open(&mut s_complaint, range, codec::complaint, |c| c.account_id)?;
    let mut touches = Cursor::open(&mut s_touch, range, codec::touchpoint, |t| t.account_id)?;
    let mut usage = Cursor::open(&mut s_usage, range, codec::usage, |u| u.account_id)?;
    let mut milestones = Cursor::open(&mut s_milestone, range, codec::milestone, |m| m.account_id)?;

    let mut history = Vec::new();
    let mut rows = accounts.query(range)?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let mut f = AccountFacts::new(codec::account(row)?);
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
        let tx = self.conn.unchecked_transaction()?;
        let n = scan(&tx, parts, each)?;
        tx.finish()?;
        Ok(n)
    }
}
