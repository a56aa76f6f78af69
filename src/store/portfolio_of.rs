//! The portfolio rows of some accounts only: what a live refresh reads when the change feed
//! names the accounts another CSM changed (issue 18 item 4), instead of the whole book.
//! The same query as `Store::portfolio` (`PORTFOLIO_SELECT`), with an id filter.

use super::conn::Val;
use super::portfolio::{PORTFOLIO_SELECT, PortfolioRow};
use super::{Result, Store};
use crate::domain::AccountId;
use chrono::NaiveDate;

/// Ids per statement. Lists are padded up to a power of two (the last id repeated), so at
/// most a handful of distinct statements is prepared per connection, whatever the count.
const CHUNK: usize = 256;

impl Store {
    /// The portfolio rows of `ids` that exist and this session may see, ordered by id.
    /// An id without a row is gone (deleted, or reassigned away under row security).
    pub fn portfolio_of(&self, today: NaiveDate, ids: &[AccountId]) -> Result<Vec<PortfolioRow>> {
        let mut ids: Vec<i64> = ids.iter().map(|a| a.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let n = chunk.len().next_power_of_two();
            let marks: Vec<String> = (0..n).map(|i| format!("?{}", i + 2)).collect();
            let sql = format!("{PORTFOLIO_SELECT} WHERE a.id IN ({}) ORDER BY a.id", marks.join(", "));
            let last = chunk[chunk.len() - 1];
            let mut vals: Vec<Val<'_>> = vec![Val::Date(today)];
            vals.extend((0..n).map(|i| Val::Int(chunk.get(i).copied().unwrap_or(last))));
            out.extend(self.portfolio_rows(&sql, &vals, today)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
    }

    #[test]
    fn rows_of_the_ids_named_are_the_portfolios_rows() {
        let mut store = Store::open_in_memory().unwrap();
        let opts = crate::demo::DemoOptions { accounts: 12, seed: 1, today: today() };
        let mut facts = crate::demo::generate_range(&opts, 0..12).unwrap();
        store.insert_facts(&mut facts, false).unwrap();
        let all = store.portfolio(today()).unwrap();
        let ids: Vec<AccountId> = vec![all[7].id, all[2].id, all[2].id, AccountId(999_999)];
        let some = store.portfolio_of(today(), &ids).unwrap();
        assert_eq!(some, vec![all[2].clone(), all[7].clone()]);
        assert!(store.portfolio_of(today(), &[]).unwrap().is_empty());
        // More than one statement's worth: every row once, in id order.
        let many: Vec<AccountId> = all.iter().map(|r| r.id).cycle().take(CHUNK + 3).collect();
        assert_eq!(store.portfolio_of(today(), &many).unwrap(), all);
    }
}
