//! The account owners (CSMs) of a portfolio, for `--owner` to name the ones it knows when
//! a name matches none.

use super::tables::Reader;
use super::{Result, Store};

impl Store {
    /// Every distinct account owner, sorted; "" stands for accounts with no owner.
    pub fn owners(&self) -> Result<Vec<String>> {
        self.conn.all("SELECT DISTINCT owner FROM account ORDER BY owner", &[], |r| r.text())
    }
}
