//! The portfolio as an import sees it: every account loaded once, changed in memory row by
//! row, then handed to the store as new accounts and before/after edits. Matching rows to
//! records happens here, including the rule that makes re-imports idempotent when a key
//! repeats: the k-th row with a key matches the k-th stored record with that key.

use crate::domain::{AccountFacts, MilestoneStatus, playbook};
use crate::store::import::AccountEdit;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

/// The result of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Note left on milestones that fell due before the account came into Radar.
pub const BEFORE_IMPORT: &str = "before import";

pub struct World {
    pub today: NaiveDate,
    pub facts: Vec<AccountFacts>,
    /// `facts[..existing]` were loaded from the store; the rest are new.
    existing: usize,
    before: HashMap<usize, AccountFacts>,
    by_ext: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
    /// Occurrences of each key seen so far in the file, per account and record kind.
    seen: HashMap<(usize, &'static str, String), usize>,
    /// Accounts whose milestones must be regenerated (dates, terms or tier changed).
    pub regen: BTreeSet<usize>,
}

impl World {
    /// The existing accounts, with room for `incoming` more (the file's rows): a 100k
    /// import otherwise spends a good part of its time growing these and copying them.
    pub fn new(facts: Vec<AccountFacts>, today: NaiveDate, incoming: usize) -> World {
        let room = facts.len() + incoming;
        let mut w = World {
            today,
            existing: facts.len(),
            facts: Vec::with_capacity(room),
            before: HashMap::new(),
            by_ext: HashMap::with_capacity(room),
            by_name: HashMap::with_capacity(room),
            seen: HashMap::new(),
            regen: BTreeSet::new(),
        };
        for f in facts {
            w.index_push(f);
        }
        w
    }

    fn index_push(&mut self, f: AccountFacts) -> usize {
        let i = self.facts.len();
        if let Some(ext) = &f.account.external_id {
            self.by_ext.insert(ext.clone(), i);
        }
        self.by_name.entry(f.account.name.clone()).or_default().push(i);
        self.facts.push(f);
        i
    }

    /// Adds a new account; returns its index.
    pub fn add(&mut self, f: AccountFacts) -> usize {
        self.index_push(f)
    }

    pub fn by_external_id(&self, ext: &str) -> Option<usize> {
        self.by_ext.get(ext).copied()
    }

    pub fn named(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Records that `i` now has external id `ext` (so later rows find it by id).
    pub fn set_external_id(&mut self, i: usize, ext: &str) {
        self.by_ext.insert(ext.to_string(), i);
    }

    /// The account a child row names: external id first, then exact name.
    pub fn find_account(&self, key: &str) -> Result<usize, String> {
        if let Some(i) = self.by_external_id(key) {
            return Ok(i);
        }
        match self.named(key) {
            [i] => Ok(*i),
            [] => Err(format!("no account has the external id or name '{key}' (import accounts first)")),
            many => Err(format!(
                "{} accounts are named '{key}'; name the account by its external id instead",
                many.len()
            )),
        }
    }

    /// How many earlier rows of this file had the same key (0 for the first).
    pub fn occurrence(&mut self, account: usize, kind: &'static str, key: String) -> usize {
        let n = self.seen.entry((account, kind, key)).or_insert(0);
        *n += 1;
        *n - 1
    }

    /// The account at `i`, to be changed: remembers how it was first.
    pub fn edit(&mut self, i: usize) -> &mut AccountFacts {
        if i < self.existing && !self.before.contains_key(&i) {
            self.before.insert(i, self.facts[i].clone());
        }
        &mut self.facts[i]
    }

    /// Regenerates the playbook milestones of the accounts whose dates changed, keeping
    /// completed ones. New milestones that fell due before the account came into Radar are
    /// marked skipped: nobody could have done them here, and showing a year of onboarding
    /// steps as overdue on a freshly imported account would bury the real warnings.
    pub fn regenerate_milestones(&mut self) {
        for i in std::mem::take(&mut self.regen) {
            let f = self.edit(i);
            let generated = playbook::generate(&f.account, &f.terms);
            // Nothing to keep on a new account: skip the merge (100k accounts on a big import).
            let mut merged = if f.milestones.is_empty() {
                generated
            } else {
                playbook::regenerate(&f.milestones, generated)
            };
            for m in merged.iter_mut().filter(|m| m.id.0 == 0 && m.due < f.account.created_on) {
                m.status = MilestoneStatus::Skipped;
                m.done_on = Some(m.due);
                m.note = BEFORE_IMPORT.to_string();
            }
            f.milestones = merged;
        }
    }

    /// The new accounts and the existing ones that really changed.
    pub fn into_changes(mut self) -> (Vec<AccountFacts>, Vec<AccountEdit>) {
        // Into an empty file every account is new: take the vector instead of copying it.
        let new = if self.existing == 0 {
            std::mem::take(&mut self.facts)
        } else {
            self.facts.split_off(self.existing)
        };
        let mut edits: Vec<AccountEdit> = Vec::new();
        let mut touched: Vec<(usize, AccountFacts)> = self.before.into_iter().collect();
        touched.sort_by_key(|(i, _)| *i);
        for (i, before) in touched {
            let after = std::mem::replace(&mut self.facts[i], AccountFacts::new(before.account.clone()));
            if after != before {
                edits.push(AccountEdit { before, after });
            }
        }
        (new, edits)
    }
}
