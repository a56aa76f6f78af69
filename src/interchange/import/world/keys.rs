//! The stored accounts a file names, found before its first row: every key a row may match
//! an account by (external id, name, the account a child row names, a company domain) is
//! read off the file and looked up in batches over the store's indexes. Only those accounts
//! get a slot, so an import holds the keys of what it touches, not of the whole portfolio
//! (issue 19: a 100k file into a 100k portfolio).
//!
//! Looked up once, before anything is written, the stored accounts are exactly those a row
//! could have matched when every key was read up front: what the file matches is unchanged.
//! Accounts reached later through a contact's e-mail get their slot then (`slots_of`).

use super::{World, normalise_domain};
use crate::domain::AccountId;
use crate::interchange::error::{ImportError, Problems};
use crate::interchange::fields::F;
use crate::interchange::table::Table;
use crate::store::StoreError;
use std::collections::HashSet;

#[cfg(test)]
thread_local! {
    /// Tests compare imports planned against every stored key (the earlier way) with those
    /// planned against the file's keys only.
    pub(in crate::interchange::import) static EVERY_KEY: std::cell::Cell<bool> =
        const { std::cell::Cell::new(false) };
}

/// Every key a row of `table` may find an account by, as the rows read them.
fn file_keys(table: &Table) -> Result<Vec<String>, ImportError> {
    let mut keys: HashSet<String> = HashSet::new();
    // The day only dates cells read as dates; none is read here.
    let today = chrono::NaiveDate::MIN;
    table.try_for_each(|rec, _| {
        let mut ignored = Problems::default();
        let mut c = table.cells(rec, &mut ignored, today);
        for f in [F::ExternalId, F::Name, F::Account] {
            if let Some(k) = c.text(f) {
                keys.insert(k);
            }
        }
        // `by_domain` tries the domain as an external id, normalised and as written.
        if let Some(d) = c.text(F::AccountDomain) {
            keys.insert(normalise_domain(&d));
            keys.insert(d.trim().to_string());
        }
        Ok(())
    })?;
    let mut keys: Vec<String> = keys.into_iter().collect();
    // Sorted: neighbouring keys read neighbouring index pages.
    keys.sort_unstable();
    Ok(keys)
}

impl World<'_> {
    /// Gives a slot to every stored account whose external id or name is a key of `table`
    /// (`file_keys`), in id order (the order in which rows meet accounts of one name).
    /// Called before the first row; an empty portfolio is not asked.
    pub(in crate::interchange::import) fn look_up(&mut self, table: &Table) -> Result<(), ImportError> {
        if self.up_to.0 == 0 {
            return Ok(());
        }
        #[cfg(test)]
        if EVERY_KEY.get() {
            // How imports planned before issue 19: every stored account's key, up front.
            for (id, ext, name) in self.sink.store().account_keys()? {
                self.index(id, ext, name, 0);
            }
            return Ok(());
        }
        let keys = file_keys(table)?;
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        for (id, ext, name) in self.sink.store().account_keys_for(&keys, self.up_to)? {
            if !self.by_id.contains_key(&id) {
                self.index(id, ext, name, 0);
            }
        }
        Ok(())
    }

    /// The slots of these stored accounts (given one now if they have none), in the order
    /// given; ids the store no longer has, or created by this import, have none.
    pub(super) fn slots_of(&mut self, ids: &[AccountId]) -> Result<Vec<usize>, StoreError> {
        let missing: Vec<AccountId> = ids.iter().copied().filter(|id| !self.by_id.contains_key(id)).collect();
        if !missing.is_empty() {
            for (id, ext, name) in self.sink.store().account_keys_of(&missing, self.up_to)? {
                if !self.by_id.contains_key(&id) {
                    self.index(id, ext, name, 0);
                }
            }
        }
        Ok(ids.iter().filter_map(|id| self.by_id.get(id).copied()).collect())
    }
}
