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
use crate::store::{Store, StoreError};

#[cfg(test)]
thread_local! {
    /// Tests compare imports planned against every stored key (the earlier way) with those
    /// planned against the file's keys only.
    pub(in crate::interchange::import) static EVERY_KEY: std::cell::Cell<bool> =
        const { std::cell::Cell::new(false) };
}

/// Rows whose keys are looked up together: memory for their keys, not the file's.
const ROWS_PER_LOOKUP: usize = 4_096;

/// The ids of the stored accounts (up to `up_to`) a row of `table` may find by the keys it
/// carries, as the rows read them: external ids (an accounts row's, the account a child row
/// names, a company domain) and names (an accounts row's, the account a child row names).
/// Sorted, each once.
fn file_account_ids(table: &Table, store: &Store, up_to: AccountId) -> Result<Vec<AccountId>, ImportError> {
    let mut found: Vec<AccountId> = Vec::new();
    let (mut ids, mut names): (Vec<String>, Vec<String>) = Default::default();
    let mut look_up = |ids: &mut Vec<String>, names: &mut Vec<String>| -> Result<(), StoreError> {
        for keys in [&mut *ids, &mut *names] {
            // Sorted: neighbouring keys read neighbouring index pages.
            keys.sort_unstable();
            keys.dedup();
        }
        let ids_: Vec<&str> = ids.iter().map(String::as_str).collect();
        let names_: Vec<&str> = names.iter().map(String::as_str).collect();
        store.account_ids_for(&ids_, &names_, up_to, &mut found)?;
        ids.clear();
        names.clear();
        Ok(())
    };
    // The day only dates cells read as dates; none is read here.
    let today = chrono::NaiveDate::MIN;
    let mut rows = 0usize;
    table.try_for_each(|rec, _| {
        let mut ignored = Problems::default();
        let mut c = table.cells(rec, &mut ignored, today);
        ids.extend(c.text(F::ExternalId));
        names.extend(c.text(F::Name));
        if let Some(k) = c.text(F::Account) {
            ids.push(k.clone());
            names.push(k);
        }
        // `by_domain` tries the domain as an external id, normalised and as written.
        if let Some(d) = c.text(F::AccountDomain) {
            ids.push(normalise_domain(&d));
            ids.push(d.trim().to_string());
        }
        rows += 1;
        if rows.is_multiple_of(ROWS_PER_LOOKUP) {
            look_up(&mut ids, &mut names)?;
        }
        Ok(())
    })?;
    look_up(&mut ids, &mut names)?;
    found.sort_unstable_by_key(|id| id.0);
    found.dedup();
    Ok(found)
}

impl World<'_> {
    /// Gives a slot to every stored account whose external id or name is one of the keys of
    /// `table` (`file_account_ids`), in id order (the order in which rows meet accounts of
    /// one name).
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
        let found = file_account_ids(table, self.sink.store(), self.up_to)?;
        // In id order, a batch at a time: the accounts' rows are read in file order.
        for ids in found.chunks(ROWS_PER_LOOKUP) {
            for (id, ext, name) in self.sink.store().account_keys_of(ids, self.up_to)? {
                if !self.by_id.contains_key(&id) {
                    self.index(id, ext, name, 0);
                }
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
