//! Reading accounts and everything about them back into domain values.

use super::scan::{Parts, scan_range};
use super::sqlite::bind;
use super::tables::Table;
use super::{Result, Store};
use crate::domain::*;
use rusqlite::Connection;

impl Store {
    pub fn account(&self, id: AccountId) -> Result<Option<Account>> {
        first(&self.conn, &Account::sql().by_id, id.0)
    }

    /// Finds an account by external id, else by exact name.
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        let cols = &Account::sql().select;
        let sql = format!(
            "SELECT {cols} FROM account WHERE external_id = ?1 UNION ALL SELECT {cols} FROM account WHERE name = ?1 LIMIT 1"
        );
        first(&self.conn, &sql, key)
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
    let mut found = None;
    scan_range(conn, parts, (id.0, id.0), |f| {
        found = Some(f);
        Ok(())
    })?;
    Ok(found)
}

/// The first row of `sql` (one `?1`) as a `T`, if any.
fn first<T: Table>(conn: &Connection, sql: &str, arg: impl rusqlite::ToSql) -> Result<Option<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([arg])?;
    match rows.next()? {
        Some(r) => Ok(Some(bind::read::<T>(r)?)),
        None => Ok(None),
    }
}

/// Everything about every account, ordered by id, on any connection or transaction.
pub(super) fn load_all(conn: &Connection) -> Result<Vec<AccountFacts>> {
    let mut all = Vec::new();
    super::scan::scan(conn, Parts::ALL, |f| {
        all.push(f);
        Ok(())
    })?;
    Ok(all)
}
