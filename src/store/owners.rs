//! The account owners (CSMs) of a portfolio, for `--owner` to name the ones it knows when
//! a name matches none.

use super::tables::Reader;
use super::{Result, Store};

impl Store {
    /// Every distinct account owner, sorted; "" stands for accounts with no owner.
    pub fn owners(&self) -> Result<Vec<String>> {
        self.conn.all("SELECT DISTINCT owner FROM account ORDER BY owner", &[], |r| r.text())
    }

    /// How many accounts each owner has, sorted by name as Rust orders strings (a
    /// server's collation may differ); "" stands for accounts with no owner.
    pub fn owner_counts(&self) -> Result<Vec<(String, usize)>> {
        let mut counts = self.conn.all("SELECT owner, count(*) FROM account GROUP BY owner", &[], |r| {
            Ok((r.text()?, usize::try_from(r.int()?).unwrap_or(0)))
        })?;
        counts.sort();
        Ok(counts)
    }
}
