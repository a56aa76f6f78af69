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

    /// Finds an account by external id, else by `#id`, else by exact name (when only one account has it),
    /// else by either whatever the case, when only one account answers to it so (`radar handover "wonka health group"`
    /// found nothing: helper's trial, session 21).
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        let cols = &Account::sql().select;
        if let Some(found) = first(
            &self.conn,
            &format!("SELECT {cols} FROM account WHERE external_id = ?1 LIMIT 1"),
            key.into(),
        )? {
            return Ok(Some(found));
        }
        // `#12`: the account's own id, what a refusal below names an account without a CRM id by.
        if let Some(id) = key.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return self.account(AccountId(id));
        }
        // A name two accounts share names neither (it picked the first one, silently: a
        // CSM trial's `radar handover "Northwind Health Ltd"` gave another CSM's account).
        let sql = format!("SELECT {cols} FROM account WHERE name = ?1 ORDER BY id LIMIT 2");
        let mut named: Vec<Account> = self.conn.all(&sql, &[key.into()], |r| Account::read(r))?;
        if named.len() > 1 {
            return Ok(None);
        }
        if let Some(found) = named.pop() {
            return Ok(Some(found));
        }
        match self.accounts_answering(key)?.as_slice() {
            [id] => self.account(*id),
            _ => Ok(None),
        }
    }

    /// The accounts whose external id or name is `key` but for the case. Folded here, not
    /// by the engine: SQLite's lower() folds ASCII only, PostgreSQL's the whole of Unicode
    /// ("ÉCOLE" found "école" on one engine only).
    pub fn accounts_answering(&self, key: &str) -> Result<Vec<AccountId>> {
        let folded = key.to_lowercase();
        let same = |s: &str| s.to_lowercase() == folded;
        let keys = self.account_keys()?.into_iter();
        Ok(keys
            .filter(|(_, ext, name)| same(name) || ext.as_deref().is_some_and(same))
            .map(|(id, ..)| id)
            .collect())
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
