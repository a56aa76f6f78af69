//! What the JSON export needs to know before it writes its first account: whether the
//! accounts it will write have follow-up tasks or referrals, which decide its `version`
//! (an older Radar must refuse such a file rather than drop them).

use super::agenda_candidates::{among_at, id_param};
use super::conn::vals;
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::owner::OwnerFilter;

/// The accounts that have follow-up tasks or referrals.
const WITH_RECORDS: &str = "FROM account a \
     WHERE (EXISTS (SELECT 1 FROM task t WHERE t.account_id = a.id) \
        OR EXISTS (SELECT 1 FROM referral r WHERE r.account_id = a.id))";

impl Store {
    /// The owners of the accounts that have follow-up tasks or referrals (distinct).
    pub fn owners_with_tasks_or_referrals(&self) -> Result<Vec<String>> {
        self.conn.all(&format!("SELECT DISTINCT a.owner {WITH_RECORDS}"), &[], |r| r.text())
    }

    /// Whether some account `owner` covers has follow-up tasks or referrals: by its
    /// owner's name, or among the accounts it covers by id (co-owned).
    pub fn tasks_or_referrals_of(&self, owner: &OwnerFilter) -> Result<bool> {
        if self.owners_with_tasks_or_referrals()?.iter().any(|o| owner.matches_name(o)) {
            return Ok(true);
        }
        if owner.accounts().is_empty() {
            return Ok(false);
        }
        let list = id_param(&self.conn, owner.accounts());
        let sql = format!("SELECT a.id {WITH_RECORDS} AND {} LIMIT 1", among_at(&self.conn, "a.id", 1));
        Ok(self.conn.first(&sql, vals![list.as_str()], |r| r.int())?.is_some())
    }
}
