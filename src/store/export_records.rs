//! What the JSON export needs to know before it writes its first account: whether the
//! accounts it will write have follow-up tasks or referrals, which decide its `version`
//! (an older Radar must refuse such a file rather than drop them).

use super::tables::Reader;
use super::{Result, Store};

impl Store {
    /// The owners of the accounts that have follow-up tasks or referrals (distinct).
    pub fn owners_with_tasks_or_referrals(&self) -> Result<Vec<String>> {
        self.conn.all(
            "SELECT DISTINCT a.owner FROM account a \
             WHERE EXISTS (SELECT 1 FROM task t WHERE t.account_id = a.id) \
                OR EXISTS (SELECT 1 FROM referral r WHERE r.account_id = a.id)",
            &[],
            |r| r.text(),
        )
    }
}
