//! The account owners (CSMs) of a portfolio, for `--owner` to name the ones it knows when
//! a name matches none.

use super::{Result, Store};

impl Store {
    /// Every distinct account owner, sorted; "" stands for accounts with no owner.
    pub fn owners(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT owner FROM account ORDER BY owner")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}
