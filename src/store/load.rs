//! Reading accounts and everything about them back into domain values.

use super::codec::{self, *};
use super::scan::Parts;
use super::{Result, Store};
use crate::domain::*;
use rusqlite::{Connection, Row, params};

/// Where to attach each child row: the one account being loaded.
struct Scope<'a>(&'a mut AccountFacts);

impl Scope<'_> {
    fn filter(&self) -> &'static str {
        "WHERE account_id = ?1"
    }
    fn param(&self) -> i64 {
        self.0.account.id.0
    }
    fn target(&mut self, account_id: AccountId) -> Option<&mut AccountFacts> {
        (account_id == self.0.account.id).then_some(&mut *self.0)
    }
}

/// Reads one child table into the scope's facts.
fn fill<T>(
    conn: &Connection,
    scope: &mut Scope<'_>,
    table: &str,
    cols: &str,
    map: fn(&Row) -> rusqlite::Result<T>,
    account_of: fn(&T) -> AccountId,
    push: fn(&mut AccountFacts, T),
) -> Result<()> {
    let sql = format!("SELECT {cols} FROM {table} {} ORDER BY account_id, id", scope.filter());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![scope.param()], map)?;
    for row in rows {
        let row = row?;
        if let Some(f) = scope.target(account_of(&row)) {
            push(f, row);
        }
    }
    Ok(())
}

/// Reads the child tables `parts` names (all their columns: `free_text` is not looked at).
fn fill_children(conn: &Connection, mut scope: Scope<'_>, parts: Parts) -> Result<()> {
    let s = &mut scope;
    if parts.terms {
        fill(conn, s, "term", TERM_COLS, codec::term, |t| t.account_id, |f, t| f.terms.push(t))?;
    }
    if parts.contacts {
        fill(conn, s, "contact", CONTACT_COLS, codec::contact, |c| c.account_id, |f, c| f.contacts.push(c))?;
    }
    if parts.promises {
        fill(conn, s, "promise", PROMISE_COLS, codec::promise, |p| p.account_id, |f, p| f.promises.push(p))?;
    }
    if parts.requirements {
        fill(
            conn,
            s,
            "requirement",
            REQUIREMENT_COLS,
            codec::requirement,
            |r| r.account_id,
            |f, r| f.requirements.push(r),
        )?;
    }
    if parts.complaints {
        fill(
            conn,
            s,
            "complaint",
            COMPLAINT_COLS,
            codec::complaint,
            |c| c.account_id,
            |f, c| f.complaints.push(c),
        )?;
    }
    if parts.touchpoints {
        fill(
            conn,
            s,
            "touchpoint",
            TOUCHPOINT_COLS,
            codec::touchpoint,
            |t| t.account_id,
            |f, t| f.touchpoints.push(t),
        )?;
    }
    if parts.usage {
        fill(conn, s, "usage", USAGE_COLS, codec::usage, |u| u.account_id, |f, u| f.usage.push(u))?;
    }
    if parts.milestones {
        fill(
            conn,
            s,
            "milestone",
            MILESTONE_COLS,
            codec::milestone,
            |m| m.account_id,
            |f, m| f.milestones.push(m),
        )?;
    }
    if parts.requirements && parts.histories {
        fill_transitions(conn, &mut scope)?;
    }
    Ok(())
}

/// Requirement histories: joined through the requirement's account.
fn fill_transitions(conn: &Connection, scope: &mut Scope<'_>) -> Result<()> {
    let sql = format!(
        "SELECT r.account_id, t.requirement_id, t.status, t.at, t.note FROM requirement_transition t \
         JOIN requirement r ON r.id = t.requirement_id {} ORDER BY r.account_id, t.requirement_id, t.at, t.id",
        scope.filter().replace("account_id", "r.account_id")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params![scope.param()])?;
    while let Some(row) = rows.next()? {
        let account = AccountId(row.get(0)?);
        let req = RequirementId(row.get(1)?);
        let t =
            ReqTransition { status: codec::choice(row, 2)?, at: codec::stamp(row, 3)?, note: row.get(4)? };
        if let Some(f) = scope.target(account)
            && let Some(r) = f.requirements.iter_mut().find(|r| r.id == req)
        {
            r.history.push(t);
        }
    }
    Ok(())
}

impl Store {
    pub fn account(&self, id: AccountId) -> Result<Option<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1");
        match self.conn.query_row(&sql, [id.0], codec::account) {
            Ok(a) => Ok(Some(a)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Finds an account by external id, else by exact name.
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        let sql = format!(
            "SELECT {ACCOUNT_COLS} FROM account WHERE external_id = ?1 \
             UNION ALL SELECT {ACCOUNT_COLS} FROM account WHERE name = ?1 LIMIT 1"
        );
        match self.conn.query_row(&sql, [key], codec::account) {
            Ok(a) => Ok(Some(a)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn account_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?)
    }

    /// Everything about one account.
    pub fn load_facts(&self, id: AccountId) -> Result<Option<AccountFacts>> {
        load_one(&self.conn, id)
    }

    /// One account with only the child tables `parts` names (the others left empty).
    pub fn load_facts_parts(&self, id: AccountId, parts: Parts) -> Result<Option<AccountFacts>> {
        load_parts(&self.conn, id, parts)
    }

    /// Runs `f` inside one read transaction: one consistent snapshot, and one lock taken
    /// for all its reads instead of one per statement (a dry run reads accounts one by one).
    /// Inside a transaction already, `f` simply runs in it.
    pub fn read_snapshot<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T> {
        if !self.conn.is_autocommit() {
            return Ok(f(self));
        }
        self.conn.execute_batch("BEGIN")?;
        let out = f(self);
        self.conn.execute_batch("ROLLBACK")?;
        Ok(out)
    }

    /// Every account's id, external id and name, ordered by id: what an import matches
    /// rows against, without loading the accounts themselves.
    pub fn account_keys(&self) -> Result<Vec<(AccountId, Option<String>, String)>> {
        let mut stmt = self.conn.prepare("SELECT id, external_id, name FROM account ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((AccountId(r.get(0)?), r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every contact's e-mail address with its account (imports match rows to accounts
    /// and contacts through them).
    pub fn contact_emails(&self) -> Result<Vec<(AccountId, String)>> {
        let mut stmt =
            self.conn.prepare("SELECT account_id, email FROM contact WHERE email <> '' ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((AccountId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Everything about every account, ordered by account id (one query per table).
    pub fn load_all_facts(&self) -> Result<Vec<AccountFacts>> {
        load_all(&self.conn)
    }
}

/// Everything about one account, on any connection or transaction.
pub(super) fn load_one(conn: &Connection, id: AccountId) -> Result<Option<AccountFacts>> {
    load_parts(conn, id, Parts::ALL)
}

/// One account with the child tables `parts` names, on any connection or transaction.
pub(super) fn load_parts(conn: &Connection, id: AccountId, parts: Parts) -> Result<Option<AccountFacts>> {
    let sql = format!("SELECT {ACCOUNT_COLS} FROM account WHERE id = ?1");
    // Cached: an import loads accounts one by one, and parsing the SQL each time cost more
    // than the read.
    let account = match conn.prepare_cached(&sql)?.query_row([id.0], codec::account) {
        Ok(a) => a,
        Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut facts = AccountFacts::new(account);
    fill_children(conn, Scope(&mut facts), parts)?;
    facts.normalise();
    Ok(Some(facts))
}

/// Everything about every account, ordered by id, on any connection or transaction.
pub(super) fn load_all(conn: &Connection) -> Result<Vec<AccountFacts>> {
    let mut all = Vec::new();
    super::scan::scan(conn, super::scan::Parts::ALL, |f| {
        all.push(f);
        Ok(())
    })?;
    Ok(all)
}
