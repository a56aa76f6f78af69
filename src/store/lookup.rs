//! Stored accounts found by the keys an import file carries (issue 19): an import into a
//! large portfolio looks up, in batches over the `external_id` and `account_name` indexes,
//! only the accounts its rows name, instead of holding every account's key (a 100k file into
//! a 100k portfolio held both books' keys).

use super::{Result, Store};
use crate::domain::AccountId;
use std::collections::BTreeMap;

/// Keys (or ids) bound per statement: few statements, and far under any engine's limit on
/// parameters.
const BATCH: usize = 200;

/// An account's id, external id and name.
pub type AccountKey = (AccountId, Option<String>, String);

impl Store {
    /// The highest account id (0 with none): accounts created after this reading have
    /// higher ids.
    pub fn max_account_id(&self) -> Result<AccountId> {
        Ok(AccountId(self.conn.query_row("SELECT coalesce(max(id), 0) FROM account", [], |r| r.get(0))?))
    }

    /// Every account up to id `up_to` whose external id or name is one of `keys`, each once,
    /// in id order.
    pub fn account_keys_for(&self, keys: &[&str], up_to: AccountId) -> Result<Vec<AccountKey>> {
        let list = placeholders(1);
        let max = BATCH + 1;
        let sql = format!(
            "SELECT id, external_id, name FROM account WHERE external_id IN ({list}) AND id <= ?{max} \
             UNION ALL SELECT id, external_id, name FROM account WHERE name IN ({list}) AND id <= ?{max}"
        );
        self.keys_in_batches(&sql, keys, up_to)
    }

    /// The accounts of these ids (up to id `up_to`), each once, in id order.
    pub fn account_keys_of(&self, ids: &[AccountId], up_to: AccountId) -> Result<Vec<AccountKey>> {
        let sql = format!(
            "SELECT id, external_id, name FROM account WHERE id IN ({}) AND id <= ?{}",
            placeholders(1),
            BATCH + 1
        );
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        self.keys_in_batches(&sql, &ids, up_to)
    }

    /// Runs `sql` (`BATCH` values from `?1`, then `up_to`) over `values` a batch at a time.
    fn keys_in_batches<V: rusqlite::ToSql>(
        &self,
        sql: &str,
        values: &[V],
        up_to: AccountId,
    ) -> Result<Vec<AccountKey>> {
        let mut found: BTreeMap<i64, (Option<String>, String)> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(sql)?;
        for chunk in values.chunks(BATCH) {
            // A short last batch repeats its last value: one statement serves every batch.
            for k in 0..BATCH {
                stmt.raw_bind_parameter(k + 1, &chunk[k.min(chunk.len() - 1)])?;
            }
            stmt.raw_bind_parameter(BATCH + 1, up_to.0)?;
            let mut rows = stmt.raw_query();
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                if !found.contains_key(&id) {
                    found.insert(id, (r.get(1)?, r.get(2)?));
                }
            }
        }
        Ok(found.into_iter().map(|(id, (ext, name))| (AccountId(id), ext, name)).collect())
    }
}

/// `?from, …` for one batch.
fn placeholders(from: usize) -> String {
    (from..from + BATCH).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Account, AccountFacts, Currency, Tier};

    fn store_with(names: &[(&str, Option<&str>)]) -> Store {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut facts: Vec<AccountFacts> = names
            .iter()
            .map(|(name, ext)| {
                let mut a = Account::new(name, Tier::Mid, Currency::CNY, today);
                a.external_id = ext.map(str::to_string);
                AccountFacts::new(a)
            })
            .collect();
        store.insert_facts(&mut facts, false).unwrap();
        store
    }

    #[test]
    fn finds_by_external_id_or_name_each_once_in_id_order() {
        let s = store_with(&[
            ("成都天府云图信息技术有限公司", Some("X-1")),
            ("Acme 🚀", None),
            ("Acme 🚀", Some("X-3")),
            ("Other", Some("Acme 🚀")),
        ]);
        let max = s.max_account_id().unwrap();
        assert_eq!(max, AccountId(4));
        let found = s.account_keys_for(&["Acme 🚀", "X-1", "nobody"], max).unwrap();
        let ids: Vec<i64> = found.iter().map(|k| k.0.0).collect();
        assert_eq!(ids, vec![1, 2, 3, 4]);
        assert_eq!(found[0], (AccountId(1), Some("X-1".into()), "成都天府云图信息技术有限公司".into()));
        // Nothing past `up_to`: accounts an import created are not stored ones.
        let found = s.account_keys_for(&["Acme 🚀"], AccountId(2)).unwrap();
        assert_eq!(found.iter().map(|k| k.0.0).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn batches_past_the_statement_size() {
        let names: Vec<String> = (0..BATCH * 2 + 7).map(|i| format!("Company {i}")).collect();
        let rows: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n.as_str(), None)).collect();
        let s = store_with(&rows);
        let max = s.max_account_id().unwrap();
        let keys: Vec<&str> = names.iter().map(String::as_str).rev().collect();
        assert_eq!(s.account_keys_for(&keys, max).unwrap().len(), names.len());
        let ids: Vec<AccountId> = (1..=names.len() as i64).map(AccountId).collect();
        let by_id = s.account_keys_of(&ids, max).unwrap();
        assert_eq!(by_id.len(), names.len());
        assert!(by_id.windows(2).all(|w| w[0].0.0 < w[1].0.0));
        assert!(s.account_keys_for(&[], max).unwrap().is_empty());
        assert_eq!(Store::open_in_memory().unwrap().max_account_id().unwrap(), AccountId(0));
    }
}
