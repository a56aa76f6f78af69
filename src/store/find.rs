//! Finding the one account a user means by what they typed on the command line: its CRM
//! id, its `#number`, or its name. Two accounts that both answer to the key are never
//! resolved by picking one (a CSM trial's `radar handover "Northwind Health Ltd"` gave
//! another CSM's account): the caller is told which accounts answer, to name one exactly.

use super::conn::Val;
use super::lookup::AccountKey;
use super::tables::Table;
use super::{Result, Store};
use crate::domain::Account;
use crate::domain::account::told_apart;

/// What a key names.
#[derive(Debug, Clone, PartialEq)]
pub enum Named {
    One(Box<Account>),
    /// Several accounts answer to it exactly (a shared name, or one's CRM id that is
    /// another's name), each given by what tells it apart: its CRM id, else its `#number`.
    Several(Vec<String>),
    /// No account answers exactly, several but for the case: each by what tells it apart.
    SeveralByCase(Vec<String>),
    None,
}

impl Named {
    /// The account, when exactly one answers.
    pub fn one(self) -> Option<Account> {
        match self {
            Named::One(a) => Some(*a),
            _ => None,
        }
    }
}

impl Store {
    /// The account `key` names: by CRM id, `#id` or exact name; when none answers so, by
    /// either key whatever the case, if only one answers (`radar handover "wonka health
    /// group"` found nothing: helper's trial, session 21).
    pub fn named(&self, key: &str) -> Result<Named> {
        let cols = &Account::sql().select;
        // `#12`: the account's own id, what a refusal names an account without a CRM id by.
        let id = key.strip_prefix('#').and_then(|n| n.parse::<i64>().ok());
        let by_id = if id.is_some() { " OR id = ?2" } else { "" };
        let sql =
            format!("SELECT {cols} FROM account WHERE external_id = ?1 OR name = ?1{by_id} ORDER BY id");
        let mut args = vec![Val::Text(key)];
        args.extend(id.map(Val::Int));
        let mut exact: Vec<Account> = self.conn.all(&sql, &args, |r| Account::read(r))?;
        if exact.len() > 1 {
            let ids = exact.iter().map(|a| told_apart(a.id.0, a.external_id.as_deref(), key)).collect();
            return Ok(Named::Several(ids));
        }
        if let Some(one) = exact.pop() {
            return Ok(Named::One(Box::new(one)));
        }
        Ok(match self.keys_answering(key)?.as_slice() {
            [] => Named::None,
            [(id, ..)] => self.account(*id)?.map_or(Named::None, |a| Named::One(Box::new(a))),
            several => Named::SeveralByCase(
                several.iter().map(|(id, ext, _)| told_apart(id.0, ext.as_deref(), key)).collect(),
            ),
        })
    }

    /// The account `key` names, when exactly one does (`named`).
    pub fn find_account(&self, key: &str) -> Result<Option<Account>> {
        Ok(self.named(key)?.one())
    }

    /// Up to `limit` names of accounts whose name holds `key` whatever the case (what a user
    /// may have meant when nothing answers: "Sterling Retail Inc" for "Sterling Retail Inc
    /// 🚀"), in id order. Only read when nothing answered.
    pub fn names_like(&self, key: &str, limit: usize) -> Result<Vec<String>> {
        let folded = key.to_lowercase();
        if folded.trim().is_empty() {
            return Ok(Vec::new());
        }
        let keys = self.account_keys()?.into_iter();
        Ok(keys
            .filter(|(_, _, name)| name.to_lowercase().contains(&folded))
            .map(|(.., n)| n)
            .take(limit)
            .collect())
    }

    /// The accounts whose external id or name is `key` but for the case. Folded here, not
    /// by the engine: SQLite's lower() folds ASCII only, PostgreSQL's the whole of Unicode
    /// ("ÉCOLE" found "école" on one engine only).
    fn keys_answering(&self, key: &str) -> Result<Vec<AccountKey>> {
        let folded = key.to_lowercase();
        let same = |s: &str| s.to_lowercase() == folded;
        let keys = self.account_keys()?.into_iter();
        Ok(keys.filter(|(_, ext, name)| same(name) || ext.as_deref().is_some_and(same)).collect())
    }
}
