//! Every account's facts, streamed one account at a time: one cursor per table, each
//! ordered by account, advanced together (a merge join). Whole-portfolio work (risk
//! recompute, agenda, report, export) then holds one account in memory instead of the
//! 3.9M rows of a 100k portfolio, and never hashes an id to find where a row belongs.

use super::conn::{AnyReader, Conn};
use super::sqlite::bind::{self, LiteReader};
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::*;
use rusqlite::CachedStatement;

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
    /// Only the records risk scoring on this day looks at (`store/scan/scored.rs`): the
    /// milestones, promises, requirements and requirement moves `risk::*_scored_on` keep,
    /// what a full recompute reads (issue 19; of a 100k demo's 1.22M milestones, 146k).
    /// None: all.
    pub scored_on: Option<chrono::NaiveDate>,
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
        scored_on: None,
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
        scored_on: None,
    };

    /// What scoring on `today` reads: `SCORING` with only the milestones it looks at.
    pub fn scoring_on(today: chrono::NaiveDate) -> Parts {
        Parts { scored_on: Some(today), ..Parts::SCORING }
    }
}

/// Where a cursor's rows come from: the next row, or None at the end.
pub(super) type Next<'s, T> = Box<dyn FnMut() -> Result<Option<T>> + 's>;

/// One table's rows in account order, with the next row read ahead (also the agenda's
/// candidate streams, `store/agenda_streams.rs`).
pub(super) struct Cursor<'s, T> {
    next: Option<Next<'s, T>>,
    account_of: fn(&T) -> AccountId,
    ahead: Option<T>,
}

impl<'s, T> Cursor<'s, T> {
    pub(super) fn new(next: Option<Next<'s, T>>, account_of: fn(&T) -> AccountId) -> Result<Cursor<'s, T>> {
        let mut c = Cursor { next, account_of, ahead: None };
        c.advance()?;
        Ok(c)
    }

    fn advance(&mut self) -> Result<()> {
        self.ahead = match &mut self.next {
            Some(next) => next()?,
            None => None,
        };
        Ok(())
    }

    /// Moves the rows of `id` into `out`, skipping rows of accounts before it (none with
    /// foreign keys on in a scan; the agenda's dated tables hold rows of accounts that are
    /// not candidates).
    pub(super) fn take(&mut self, id: AccountId, out: &mut Vec<T>) -> Result<()> {
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
pub(super) type Transition = (AccountId, RequirementId, ReqTransition);

pub(super) fn transition(r: &mut AnyReader<'_, '_>) -> Result<Transition> {
    Ok((
        AccountId(r.int()?),
        RequirementId(r.int()?),
        ReqTransition { status: r.choice()?, at: r.stamp()?, note: r.text()? },
    ))
}

/// The SELECT of each table a scan reads, `?1`/`?2` the account id range (or `?1` the one
/// account, with `one`); None for the tables not asked for.
struct Queries {
    account: String,
    children: [Option<String>; 11],
}

/// A child table's rows of the accounts in `[?1, ?2]`, by account. Within an account they
/// follow the table's index (`then`: its second column, or the id), so SQLite walks the
/// index without sorting; `normalise` puts each account's rows in their final order.
fn child<T: Table>(wanted: bool, then: &str, free_text: bool, which: &str) -> Option<String> {
    wanted.then(|| {
        format!(
            "SELECT {} FROM {} WHERE account_id {which} ORDER BY account_id, {then}",
            T::sql().list(free_text),
            T::NAME
        )
    })
}

/// The account ids a scan's queries select: a range, or one account. PostgreSQL plans a
/// prepared statement once for any values, estimating a range at 0.5% of the table; under
/// the children's row security that estimate made it hash every readable account per
/// query (schema_access.sql). Asked by `= ?1`, it expects a few rows and probes.
fn which(one: bool) -> &'static str {
    if one { "= ?1" } else { "BETWEEN ?1 AND ?2" }
}

impl Queries {
    fn of(parts: Parts, one: bool) -> Queries {
        let (free, w) = (parts.free_text, which(one));
        let note = if free { "t.note" } else { "''" };
        let day = parts.scored_on;
        let trans = (parts.requirements && parts.histories).then(|| scored::transitions_sql(w, note, day));
        Queries {
            account: format!("SELECT {} FROM account WHERE id {w} ORDER BY id", Account::sql().list(free)),
            children: [
                // Milestones are derived from the terms (`playbook_derive`).
                child::<ContractTerm>(parts.terms || parts.milestones, "start", free, w),
                child::<Contact>(parts.contacts, "id", free, w),
                child::<Promise>(parts.promises, "id", free, &scored::promises_which(w, day)),
                child::<Requirement>(parts.requirements, "id", free, &scored::requirements_which(w, day)),
                trans,
                child::<Complaint>(parts.complaints, "id", free, w),
                child::<Touchpoint>(parts.touchpoints, "date", free, w),
                child::<UsageSnapshot>(parts.usage, "date", free, w),
                child::<Milestone>(parts.milestones, "due", free, &scored::milestones_which(w, day)),
                child::<Task>(parts.tasks, "due", free, w),
                child::<Referral>(parts.referrals, "date", free, w),
            ],
        }
    }
}

/// One cursor per child table, in `Queries::children` order.
struct Cursors<'s> {
    terms: Cursor<'s, ContractTerm>,
    contacts: Cursor<'s, Contact>,
    promises: Cursor<'s, Promise>,
    reqs: Cursor<'s, Requirement>,
    trans: Cursor<'s, Transition>,
    complaints: Cursor<'s, Complaint>,
    touches: Cursor<'s, Touchpoint>,
    usage: Cursor<'s, UsageSnapshot>,
    milestones: Cursor<'s, Milestone>,
    tasks: Cursor<'s, Task>,
    referrals: Cursor<'s, Referral>,
}

/// Reads one row as a `T` (a function pointer for any row of any engine).
fn read_any<T: Table>(r: &mut AnyReader<'_, '_>) -> Result<T> {
    T::read(r)
}

/// A row reader of either engine as a function pointer.
type Map<T> = fn(&mut AnyReader<'_, '_>) -> Result<T>;

/// Builds `Cursors`, each from `$open($src, map)` (a generic function: one call per table).
macro_rules! cursors {
    ($open:ident, $src:expr) => {
        Cursors {
            terms: Cursor::new($open($src, read_any::<ContractTerm>)?, |t: &ContractTerm| t.account_id)?,
            contacts: Cursor::new($open($src, read_any::<Contact>)?, |c: &Contact| c.account_id)?,
            promises: Cursor::new($open($src, read_any::<Promise>)?, |p: &Promise| p.account_id)?,
            reqs: Cursor::new($open($src, read_any::<Requirement>)?, |r: &Requirement| r.account_id)?,
            trans: Cursor::new($open($src, transition)?, |t: &Transition| t.0)?,
            complaints: Cursor::new($open($src, read_any::<Complaint>)?, |c: &Complaint| c.account_id)?,
            touches: Cursor::new($open($src, read_any::<Touchpoint>)?, |t: &Touchpoint| t.account_id)?,
            usage: Cursor::new($open($src, read_any::<UsageSnapshot>)?, |u: &UsageSnapshot| u.account_id)?,
            milestones: Cursor::new($open($src, read_any::<Milestone>)?, |m: &Milestone| m.account_id)?,
            tasks: Cursor::new($open($src, read_any::<Task>)?, |t: &Task| t.account_id)?,
            referrals: Cursor::new($open($src, read_any::<Referral>)?, |r: &Referral| r.account_id)?,
        }
    };
}

mod pg;
mod scored;
pub(super) use pg::{batched, fill_each};

/// Gives each requirement its transitions, draining `history`. Both are ordered by
/// requirement id within the account, so they are attached in one pass.
pub(super) fn attach_history(requirements: &mut [Requirement], history: &mut Vec<Transition>) {
    let mut at = 0;
    for (_, req, t) in history.drain(..) {
        while at < requirements.len() && requirements[at].id < req {
            at += 1;
        }
        if let Some(r) = requirements.get_mut(at).filter(|r| r.id == req) {
            r.history.push(t);
        }
    }
}

impl Cursors<'_> {
    /// The account with its rows from every cursor, normalised; its milestones derived
    /// from its terms and the stored decisions (`parts` says which it reads).
    fn fill(
        &mut self,
        account: Account,
        history: &mut Vec<Transition>,
        parts: Parts,
    ) -> Result<AccountFacts> {
        let mut f = AccountFacts::new(account);
        let id = f.account.id;
        self.terms.take(id, &mut f.terms)?;
        self.contacts.take(id, &mut f.contacts)?;
        self.promises.take(id, &mut f.promises)?;
        self.reqs.take(id, &mut f.requirements)?;
        self.trans.take(id, history)?;
        attach_history(&mut f.requirements, history);
        self.complaints.take(id, &mut f.complaints)?;
        self.touches.take(id, &mut f.touchpoints)?;
        self.usage.take(id, &mut f.usage)?;
        self.milestones.take(id, &mut f.milestones)?;
        self.tasks.take(id, &mut f.tasks)?;
        self.referrals.take(id, &mut f.referrals)?;
        f.normalise();
        if parts.milestones {
            derive_milestones(&mut f, parts.scored_on);
        }
        if let Some(day) = parts.scored_on {
            scored::narrow(&mut f, day);
        }
        Ok(f)
    }
}

/// An account's milestones: the stored decisions and what the playbook derives from its
/// terms (`scored_on`: the stored rows were narrowed to what scoring on that day needs, so
/// only what it keeps is kept of the derived list as well).
pub(super) fn derive_milestones(f: &mut AccountFacts, scored_on: Option<chrono::NaiveDate>) {
    let decided = std::mem::take(&mut f.milestones);
    f.milestones = crate::domain::playbook_derive::derive(&f.account, &f.terms, &decided);
    if let Some(day) = scored_on {
        f.milestones.retain(|m| crate::domain::risk::milestone_scored_on(m, day));
    }
}

/// Streams every account (in id order) with the `parts` asked for, normalised, into
/// `each`; stops at the first error `each` returns. Returns how many accounts were seen.
pub(super) fn scan(conn: &Conn, parts: Parts, each: impl FnMut(AccountFacts) -> Result<()>) -> Result<usize> {
    scan_range(conn, parts, (i64::MIN, i64::MAX), each)
}

/// `scan` of the accounts whose id is in `[from, to]`.
pub(super) fn scan_range(
    conn: &Conn,
    parts: Parts,
    range: (i64, i64),
    each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    match conn {
        Conn::Lite(c) => scan_lite(c, parts, range, each),
        Conn::Pg(_) => pg::scan(conn, parts, range, each),
    }
}

/// The rows of the next SQLite statement, over `range`, as a `Next`.
type LiteSrc<'i, 's, 'c> = (&'i mut std::slice::IterMut<'s, Option<CachedStatement<'c>>>, (i64, i64));

fn lite_next<'s, T: 's>(src: LiteSrc<'_, 's, '_>, map: Map<T>) -> Result<Option<Next<'s, T>>> {
    let (stmts, range) = src;
    let Some(Some(stmt)) = stmts.next() else { return Ok(None) };
    let mut rows = stmt.query(range)?;
    Ok(Some(Box::new(move || match rows.next()? {
        Some(row) => Ok(Some(map(&mut AnyReader::Lite(LiteReader::new(row)))?)),
        None => Ok(None),
    })))
}

/// SQLite: one cursor per table over the whole range, advanced together.
fn scan_lite(
    conn: &rusqlite::Connection,
    parts: Parts,
    range: (i64, i64),
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let q = Queries::of(parts, false);
    // Cached: `load_facts` scans one account at a time (an import loads accounts one by
    // one, and parsing the SQL each time cost more than the read).
    let mut stmts = Vec::with_capacity(q.children.len());
    for sql in &q.children {
        stmts.push(match sql {
            Some(sql) => Some(conn.prepare_cached(sql)?),
            None => None,
        });
    }
    let mut it = stmts.iter_mut();
    let mut cursors = cursors!(lite_next, (&mut it, range));
    let mut accounts = conn.prepare_cached(&q.account)?;
    let mut history = Vec::new();
    let mut rows = accounts.query(range)?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let account = bind::read::<Account>(row)?;
        each(cursors.fill(account, &mut history, parts)?)?;
        n += 1;
    }
    Ok(n)
}

impl Store {
    /// The SQL a one-account load runs on PostgreSQL (the account's, then each table's),
    /// `?1` the account id: what tests/it/team_plans.rs has the server plan.
    #[doc(hidden)]
    pub fn one_account_sql() -> Vec<String> {
        let q = Queries::of(Parts::ALL, true);
        std::iter::once(q.account).chain(q.children.into_iter().flatten()).collect()
    }

    /// Every account's facts (the `parts` asked for), one at a time in id order: memory
    /// stays at one account however large the portfolio. Reads one snapshot of the file.
    pub fn scan_facts(&self, parts: Parts, each: impl FnMut(AccountFacts) -> Result<()>) -> Result<usize> {
        self.in_read_tx(|conn| scan(conn, parts, each))
    }
}
