//! Stored accounts found by the keys an import file carries (issue 19): an import into a
//! large portfolio looks up, in batches over the `external_id` and `account_name` indexes,
//! only the accounts its rows name, instead of holding every account's key (a 100k file into
//! a 100k portfolio held both books' keys).

use super::conn::{AnyReader, Val};
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::AccountId;

/// Keys (or ids) bound per statement: few statements, and far under any engine's limit on
/// parameters.
const BATCH: usize = 200;

/// An account's id, external id and name.
pub type AccountKey = (AccountId, Option<String>, String);

impl Store {
    /// The highest account id (0 with none): accounts created after this reading have
    /// higher ids.
    pub fn max_account_id(&self) -> Result<AccountId> {
        Ok(AccountId(self.conn.one("SELECT coalesce(max(id), 0) FROM account", &[], |r| r.int())?))
    }

    /// The ids (up to `up_to`) of the accounts whose external id is one of `ids` or whose
    /// name is one of `names`, added to `found` (unsorted, maybe twice). Read off the
    /// indexes alone: the accounts themselves are read by `account_keys_of`, in id order.
    pub fn account_ids_for(
        &self,
        ids: &[&str],
        names: &[&str],
        up_to: AccountId,
        found: &mut Vec<AccountId>,
    ) -> Result<()> {
        for (column, keys) in [("external_id", ids), ("name", names)] {
            let sql = format!(
                "SELECT id FROM account WHERE {column} IN ({}) AND id <= ?{}",
                placeholders(1),
                BATCH + 1
            );
            self.in_batches(&sql, keys, up_to, |r| {
                found.push(AccountId(r.int()?));
                Ok(())
            })?;
        }
        Ok(())
    }

    /// The accounts of these ids (up to id `up_to`), each once, in id order.
    pub fn account_keys_of(&self, ids: &[AccountId], up_to: AccountId) -> Result<Vec<AccountKey>> {
        let sql = format!(
            "SELECT id, external_id, name FROM account WHERE id IN ({}) AND id <= ?{}",
            placeholders(1),
            BATCH + 1
        );
        let ids: Vec<i64> = ids.iter().map(|i| i.0).collect();
        let mut found: Vec<AccountKey> = Vec::with_capacity(ids.len());
        self.in_batches(&sql, &ids, up_to, |r| {
            found.push((AccountId(r.int()?), r.opt_text()?, r.text()?));
            Ok(())
        })?;
        found.sort_by_key(|k| k.0.0);
        found.dedup_by_key(|k| k.0.0);
        Ok(found)
    }

    /// Runs `sql` (`BATCH` values from `?1`, then `up_to`) over `values` a batch at a time,
    /// handing each row to `each`.
    fn in_batches<'v, V: Copy + Into<Val<'v>>>(
        &self,
        sql: &str,
        values: &'v [V],
        up_to: AccountId,
        mut each: impl FnMut(&mut AnyReader<'_, '_>) -> Result<()>,
    ) -> Result<()> {
        let mut vals: Vec<Val<'v>> = Vec::with_capacity(BATCH + 1);
        for chunk in values.chunks(BATCH) {
            vals.clear();
            // A short last batch repeats its last value: one statement serves every batch.
            vals.extend((0..BATCH).map(|k| chunk[k.min(chunk.len() - 1)].into()));
            vals.push(up_to.0.into());
            self.conn.each(sql, &vals, &mut each)?;
        }
        Ok(())
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

    /// The ids found by external id or name, each once in id order.
    fn ids_for(s: &Store, ids: &[&str], names: &[&str], up_to: AccountId) -> Vec<i64> {
        let mut found = Vec::new();
        s.account_ids_for(ids, names, up_to, &mut found).unwrap();
        let mut v: Vec<i64> = found.iter().map(|i| i.0).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn finds_by_external_id_or_name_in_id_order() {
        let s = store_with(&[
            ("成都天府云图信息技术有限公司", Some("X-1")),
            ("Acme 🚀", None),
            ("Acme 🚀", Some("X-3")),
            ("Other", Some("Acme 🚀")),
        ]);
        let max = s.max_account_id().unwrap();
        assert_eq!(max, AccountId(4));
        let keys = ["Acme 🚀", "X-1", "nobody"];
        assert_eq!(ids_for(&s, &keys, &keys, max), vec![1, 2, 3, 4]);
        // Names only as names, ids only as ids.
        assert_eq!(ids_for(&s, &[], &keys, max), vec![2, 3]);
        assert_eq!(ids_for(&s, &keys, &[], max), vec![1, 4]);
        // Nothing past `up_to`: accounts an import created are not stored ones.
        assert_eq!(ids_for(&s, &[], &["Acme 🚀"], AccountId(2)), vec![2]);
        let found =
            s.account_keys_of(&[AccountId(3), AccountId(1), AccountId(3), AccountId(9)], max).unwrap();
        assert_eq!(
            found,
            vec![
                (AccountId(1), Some("X-1".into()), "成都天府云图信息技术有限公司".into()),
                (AccountId(3), Some("X-3".into()), "Acme 🚀".into()),
            ]
        );
        assert!(s.account_keys_of(&[AccountId(4)], AccountId(3)).unwrap().is_empty());
    }

    #[test]
    fn batches_past_the_statement_size() {
        let names: Vec<String> = (0..BATCH * 2 + 7).map(|i| format!("Company {i}")).collect();
        let rows: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n.as_str(), None)).collect();
        let s = store_with(&rows);
        let max = s.max_account_id().unwrap();
        let keys: Vec<&str> = names.iter().map(String::as_str).rev().collect();
        assert_eq!(ids_for(&s, &[], &keys, max).len(), names.len());
        let ids: Vec<AccountId> = (1..=names.len() as i64).rev().map(AccountId).collect();
        let by_id = s.account_keys_of(&ids, max).unwrap();
        assert_eq!(by_id.len(), names.len());
        assert!(by_id.windows(2).all(|w| w[0].0.0 < w[1].0.0));
        assert!(ids_for(&s, &[], &[], max).is_empty());
        assert_eq!(Store::open_in_memory().unwrap().max_account_id().unwrap(), AccountId(0));
    }
}
