//! Referrals in the store: the one check a referral's write needs beyond its row.

use super::{Result, Store, StoreError, rows};
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::{ActionError, Referral};

impl Store {
    /// A referral's referring contact must be one of its account's (the form offers only
    /// those; an import or a stale form could name another).
    pub(super) fn check_referral_contact(&self, r: &Referral) -> Result<()> {
        let Some(cid) = r.contact_id else { return Ok(()) };
        match rows::read(&self.conn, RowKey { kind: RowKind::Contact, id: cid.0 })? {
            Some(Row::Contact(x)) if x.account_id == r.account_id => Ok(()),
            Some(Row::Contact(x)) => Err(ActionError::OtherAccountsContact { contact: x.id }.into()),
            _ => Err(StoreError::Missing { what: "contact", id: cid.0 }),
        }
    }
}
