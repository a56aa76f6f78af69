//! Finding the account a row means: by external id, name, company domain or a contact's
//! e-mail, and keeping those keys current as rows rename accounts or give them ids; the
//! count of repeated keys that makes re-imports match the k-th row to the k-th record.

use super::{Names, World, normalise_domain};
use crate::domain::AccountId;
use crate::store::StoreError;
use std::collections::HashMap;

impl World<'_> {
    /// The accounts whose contacts have this e-mail address (the addresses are read once
    /// per import).
    pub fn by_contact_email(&mut self, email: &str) -> Result<Vec<usize>, StoreError> {
        let ids = self.emails()?.get(&email.trim().to_lowercase()).cloned().unwrap_or_default();
        self.slots_of(&ids)
    }

    /// Every stored contact's e-mail address (lower case) with its accounts, each once.
    fn emails(&mut self) -> Result<&HashMap<String, Vec<AccountId>>, StoreError> {
        if self.emails.is_none() {
            let mut map: HashMap<String, Vec<AccountId>> = HashMap::new();
            // Accounts this import created are not matched by their contacts (they have none
            // stored before it).
            for (id, email) in self.sink.store().contact_emails()? {
                if id.0 <= self.up_to.0 {
                    let v = map.entry(email.trim().to_lowercase()).or_default();
                    if !v.contains(&id) {
                        v.push(id);
                    }
                }
            }
            self.emails = Some(map);
        }
        Ok(self.emails.get_or_insert_default())
    }

    /// The account a company domain names: one whose external id is that domain, else the
    /// one account whose contacts write from it.
    pub fn by_domain(&mut self, domain: &str) -> Result<Vec<usize>, StoreError> {
        let d = normalise_domain(domain);
        if let Some(i) = self.by_ext.get(&d).copied().or_else(|| self.by_ext.get(domain.trim()).copied()) {
            return Ok(vec![i]);
        }
        let suffix = format!("@{d}");
        let mut found: Vec<AccountId> = Vec::new();
        for (email, ids) in self.emails()? {
            if email.ends_with(&suffix) {
                for id in ids {
                    if !found.contains(id) {
                        found.push(*id);
                    }
                }
            }
        }
        self.slots_of(&found)
    }

    pub fn by_external_id(&self, ext: &str) -> Option<usize> {
        self.by_ext.get(ext).copied()
    }

    pub fn named(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Names::as_slice)
    }

    /// A row of this file named account `i` `name` on `line` (the first is kept).
    pub fn saw_name(&mut self, i: usize, name: &str, line: u64) {
        self.named_by_row.entry(i).or_insert_with(|| (name.to_string(), line));
    }

    /// The name a row of this file first gave account `i`, and its line.
    pub fn name_seen(&self, i: usize) -> Option<(&str, u64)> {
        self.named_by_row.get(&i).map(|(n, l)| (n.as_str(), *l))
    }

    /// Account `i` is now called `new` instead of `old` (later rows find it by its new name).
    pub fn renamed(&mut self, i: usize, old: &str, new: &str) {
        if let Some(n) = self.by_name.get_mut(old) {
            let rest: Vec<usize> = n.as_slice().iter().copied().filter(|&j| j != i).collect();
            match rest.as_slice() {
                [] => {
                    self.by_name.remove(old);
                }
                [one] => *n = Names::One(*one),
                _ => *n = Names::Many(rest),
            }
        }
        match self.by_name.get_mut(new) {
            None => {
                self.by_name.insert(new.to_string(), Names::One(i));
            }
            Some(n) => {
                let mut all = n.as_slice().to_vec();
                all.push(i);
                *n = Names::Many(all);
            }
        }
    }

    /// Records that `i` now has external id `ext` (so later rows find it by id).
    pub fn set_external_id(&mut self, i: usize, ext: &str) {
        // An adopted id replaces the account's old one, which no longer names it.
        if let Some(old) = self.slots[i].external_id.take()
            && self.by_ext.get(&*old) == Some(&i)
        {
            self.by_ext.remove(&*old);
        }
        self.by_ext.insert(ext.to_string(), i);
        self.slots[i].external_id = Some(ext.into());
    }

    /// Records that the accounts row on `line` described account `i`.
    pub fn described(&mut self, i: usize, line: u64) {
        self.slots[i].described_on_line = line;
    }

    /// The account a child row names: external id first, then exact name. Else how many
    /// accounts have the name (0 or more than one), for the row's problem.
    pub fn find_account(&self, key: &str) -> Result<usize, usize> {
        if let Some(i) = self.by_external_id(key) {
            return Ok(i);
        }
        match self.named(key) {
            [i] => Ok(*i),
            many => Err(many.len()),
        }
    }

    /// How many earlier rows of this file had the same key (0 for the first).
    pub fn occurrence(&mut self, account: usize, kind: &'static str, key: String) -> usize {
        let n = self.seen.entry((account, kind, key)).or_insert(0);
        *n += 1;
        *n - 1
    }
}
