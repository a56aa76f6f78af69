//! Reading accounts and everything about them back into domain values.

use super::conn::{Conn, Val};
use super::scan::{Parts, scan_range};
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::*;

impl Store {
    pub fn account(&self, id: AccountId) -> Result<Option<Account>> {
        first(&self.conn, &Account::sql().by_id, id.0.into())
    }

    pub fn account_count(&self) -> Result<i64> {
        self.conn.one("SELECT count(*) FROM account", &[], |r| r.int())
    }

    /// Everything about one account.
    pub fn load_facts(&self, id: AccountId) -> Result<Option<AccountFacts>> {
        load_one(&self.conn, id)
    }

    /// One account with only the child tables `parts` names (the others left empty).
    pub fn load_facts_parts(&self, id: AccountId, parts: Parts) -> Result<Option<AccountFacts>> {
        load_parts(&self.conn, id, parts)
    }

    /// Every account's id, external id and name, ordered by id: what an import matches
    /// rows against, without loading the accounts themselves.
    pub fn account_keys(&self) -> Result<Vec<(AccountId, Option<String>, String)>> {
        let sql = "SELECT id, external_id, name FROM account ORDER BY id";
        self.conn.all(sql, &[], |r| Ok((AccountId(r.int()?), r.opt_text()?, r.text()?)))
    }

    /// Every contact's e-mail address with its account (imports match rows to accounts
    /// and contacts through them).
    pub fn contact_emails(&self) -> Result<Vec<(AccountId, String)>> {
        let sql = "SELECT account_id, email FROM contact WHERE email <> '' ORDER BY id";
        self.conn.all(sql, &[], |r| Ok((AccountId(r.int()?), r.text()?)))
    }

    /// Everything about every account, ordered by account id (one query per table).
    pub fn load_all_facts(&self) -> Result<Vec<AccountFacts>> {
        load_all(&self.conn)
    }
}

/// Everything about one account, on any connection or transaction.
pub(super) fn load_one(conn: &Conn, id: AccountId) -> Result<Option<AccountFacts>> {
    load_parts(conn, id, Parts::ALL)
}

/// One account with the child tables `parts` names, on any connection or transaction.
pub(super) fn load_parts(conn: &Conn, id: AccountId, parts: Parts) -> Result<Option<AccountFacts>> {
    let mut found = None;
    scan_range(conn, parts, (id.0, id.0), |f| {
        found = Some(f);
        Ok(())
    })?;
    Ok(found)
}

/// The first row of `sql` (one `?1`) as a `T`, if any.
fn first<T: Table>(conn: &Conn, sql: &str, arg: Val<'_>) -> Result<Option<T>> {
    conn.first(sql, &[arg], |r| T::read(r))
}

/// Everything about every account, ordered by id, on any connection or transaction.
pub(super) fn load_all(conn: &Conn) -> Result<Vec<AccountFacts>> {
    let mut all = Vec::new();
    super::scan::scan(conn, Parts::ALL, |f| {
        all.push(f);
        Ok(())
    })?;
    Ok(all)
}
