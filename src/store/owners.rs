//! The account owners (CSMs) of a portfolio, for `--owner` to name the ones it knows when
//! a name matches none.

use super::tables::Reader;
use super::{Result, Store};
use crate::domain::AccountId;
use crate::domain::owner::{CoOwned, OwnerCount};

impl Store {
    /// Every distinct account owner, sorted; "" stands for accounts with no owner.
    pub fn owners(&self) -> Result<Vec<String>> {
        self.conn.all("SELECT DISTINCT owner FROM account ORDER BY owner", &[], |r| r.text())
    }

    /// The accounts the login co-owns (team mode, `radar.co_owned()`): "mine" covers them
    /// too. None on a solo file, which has no co-owners.
    pub fn co_owned(&self) -> Result<Option<CoOwned>> {
        let Some(login) = self.team_login()? else { return Ok(None) };
        let ids = self.conn.all("SELECT unnest(radar.co_owned())", &[], |r| r.int())?;
        Ok(Some(CoOwned::new(&login, ids.into_iter().map(AccountId).collect())))
    }

    /// How many accounts each owner has, and how many are churned, sorted by name as Rust
    /// orders strings (a server's collation may differ); "" stands for accounts with no
    /// owner.
    pub fn owner_counts(&self) -> Result<Vec<OwnerCount>> {
        let mut counts = self.conn.all(OWNER_COUNTS, &[], |r| {
            let owner = r.text()?;
            let n = |v: i64| usize::try_from(v).unwrap_or(0);
            Ok(OwnerCount { owner, accounts: n(r.int()?), churned: n(r.int()?) })
        })?;
        counts.sort();
        Ok(counts)
    }
}

/// Churned as `capacity::Book::add` decides it: no open term, and the account's stage is
/// churned or its last term (by start, then id: `AccountFacts::normalise`) ended in churn.
const OWNER_COUNTS: &str = "SELECT a.owner, count(*), CAST(coalesce(sum(CASE WHEN \
     NOT EXISTS (SELECT 1 FROM term t WHERE t.account_id = a.id AND t.outcome IS NULL) \
     AND (a.stage = 'churned' OR (SELECT t.outcome FROM term t WHERE t.account_id = a.id \
     ORDER BY t.start DESC, t.id DESC LIMIT 1) = 'churned') THEN 1 ELSE 0 END), 0) AS bigint) \
     FROM account a GROUP BY a.owner";
