//! The portfolio as an import sees it: every account's key (id, external id, name) held in
//! memory, the accounts themselves loaded only when a row touches them, and only the tables
//! that kind of row can change. Matching rows to accounts happens here, including the rule
//! that makes re-imports idempotent when a key repeats: the k-th row with a key matches the
//! k-th stored record with that key.
//!
//! Finished accounts go to the `Sink` as they are finished: a real import writes them into
//! its transaction, a dry run counts and forgets them. Memory so stays bounded by the
//! keys, not by everything the file and the portfolio hold (a 200k-row file took 3.2 GB).

use super::sink::Sink;
use crate::domain::AccountFacts;
use crate::store::{Parts, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The result of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Note left on milestones that fell due before the account came into Radar.
pub const BEFORE_IMPORT: &str = "before import";

/// Touched accounts a real import holds before writing them out (a dry run cannot write,
/// so it keeps what later rows may touch again).
const CACHE_MAX: usize = 4_096;

/// What the import knows of an account without loading it.
#[derive(Debug, Clone)]
pub struct Slot {
    pub external_id: Option<Box<str>>,
    /// Line of the row that created the account (0: it was stored before this import).
    pub created_on_line: u64,
    /// Line of the accounts row that described it (0: none yet).
    pub described_on_line: u64,
    id: crate::domain::AccountId,
}

/// The slots carrying one name: almost always one, so no vector for it.
enum Names {
    One(usize),
    Many(Vec<usize>),
}

impl Names {
    fn as_slice(&self) -> &[usize] {
        match self {
            Names::One(i) => std::slice::from_ref(i),
            Names::Many(v) => v,
        }
    }
}

/// An existing account a row changed: as loaded, and as the rows left it.
pub(super) struct Touched {
    /// None in a dry run (nothing is written, nothing to compare).
    pub before: Option<AccountFacts>,
    pub after: AccountFacts,
    /// Its playbook milestones must be regenerated (dates, terms or tier changed).
    pub regen: bool,
}

pub struct World<'s> {
    pub today: NaiveDate,
    sink: Sink<'s>,
    /// The tables this kind of row reads and changes.
    parts: Parts,
    /// After a bad row nothing will be written: finished accounts are dropped, not written.
    failed: bool,
    slots: Vec<Slot>,
    by_ext: HashMap<String, usize>,
    by_name: HashMap<String, Names>,
    /// Occurrences of each key seen so far in the file, per account and record kind.
    seen: HashMap<(usize, &'static str, String), usize>,
    cache: HashMap<usize, Touched>,
}

impl<'s> World<'s> {
    /// Every stored account's key, read through the sink (inside the import's transaction
    /// for a real import).
    pub(super) fn new(sink: Sink<'s>, today: NaiveDate, parts: Parts) -> Result<World<'s>, StoreError> {
        let keys = sink.store().account_keys()?;
        let mut w = World {
            today,
            sink,
            parts,
            failed: false,
            slots: Vec::with_capacity(keys.len()),
            by_ext: HashMap::with_capacity(keys.len()),
            by_name: HashMap::with_capacity(keys.len()),
            seen: HashMap::new(),
            cache: HashMap::new(),
        };
        for (id, ext, name) in keys {
            w.index(id, ext, name, 0);
        }
        Ok(w)
    }

    fn index(&mut self, id: crate::domain::AccountId, ext: Option<String>, name: String, line: u64) -> usize {
        let i = self.slots.len();
        self.slots.push(Slot {
            id,
            external_id: ext.as_deref().map(Box::from),
            created_on_line: line,
            described_on_line: line,
        });
        if let Some(ext) = ext {
            self.by_ext.insert(ext, i);
        }
        match self.by_name.get_mut(&name) {
            None => {
                self.by_name.insert(name, Names::One(i));
            }
            Some(n) => {
                let mut all = n.as_slice().to_vec();
                all.push(i);
                *n = Names::Many(all);
            }
        }
        i
    }

    pub fn slot(&self, i: usize) -> &Slot {
        &self.slots[i]
    }

    /// Adds a new account (created by the row on `line`): finished at once, since no later
    /// row may change it (a second row for it is refused).
    pub fn add(&mut self, f: AccountFacts, line: u64) -> Result<usize, StoreError> {
        let i = self.index(f.account.id, f.account.external_id.clone(), f.account.name.clone(), line);
        if !self.failed {
            self.sink.created(f)?;
        }
        Ok(i)
    }

    pub fn by_external_id(&self, ext: &str) -> Option<usize> {
        self.by_ext.get(ext).copied()
    }

    pub fn named(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Names::as_slice)
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
        self.by_ext.insert(ext.to_string(), i);
        self.slots[i].external_id = Some(ext.into());
    }

    /// Records that the accounts row on `line` described account `i`.
    pub fn described(&mut self, i: usize, line: u64) {
        self.slots[i].described_on_line = line;
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

    /// The stored account at `i`, to be changed: loaded (the tables this kind of row
    /// touches) on first use, remembering how it was.
    pub fn edit(&mut self, i: usize) -> Result<&mut AccountFacts, StoreError> {
        if !self.cache.contains_key(&i) {
            if self.sink.is_writing() && self.cache.len() >= CACHE_MAX {
                self.flush()?;
            }
            let id = self.slots[i].id;
            let Some(f) = self.sink.load(id, self.parts)? else {
                return Err(StoreError::Missing { what: "account", id: id.0 });
            };
            let before = self.sink.is_writing().then(|| f.clone());
            self.cache.insert(i, Touched { before, after: f, regen: false });
        }
        let id = self.slots[i].id;
        let touched = self.cache.get_mut(&i).ok_or(StoreError::Missing { what: "account", id: id.0 })?;
        Ok(&mut touched.after)
    }

    /// Marks account `i` (being edited) for milestone regeneration.
    pub fn regen(&mut self, i: usize) {
        if let Some(t) = self.cache.get_mut(&i) {
            t.regen = true;
        }
    }

    /// Nothing will be written (a row was bad): stop writing, keep checking rows.
    pub fn fail(&mut self) {
        self.failed = true;
        self.sink.discard();
    }

    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The accounts touched so far are finished (an accounts row touches one account, and
    /// no later row may touch it again): written, or forgotten by a dry run, now.
    pub fn finish_touched(&mut self) -> Result<(), StoreError> {
        self.flush()
    }

    /// Hands every touched account to the sink (which writes it, or forgets it in a dry run).
    fn flush(&mut self) -> Result<(), StoreError> {
        let mut touched: Vec<(usize, Touched)> = self.cache.drain().collect();
        // Account order keeps the writes local in the file.
        touched.sort_by_key(|(i, _)| *i);
        for (_, t) in touched {
            self.sink.changed(t)?;
        }
        Ok(())
    }

    /// Finishes every account and hands back the sink.
    pub(super) fn finish_all(mut self) -> Result<Sink<'s>, StoreError> {
        if !self.failed {
            self.flush()?;
            self.sink.finish()?;
        }
        Ok(self.sink)
    }
}

/// Regenerates an account's playbook milestones, keeping completed ones. New milestones
/// that fell due before the account came into Radar are marked skipped: nobody could have
/// done them here, and showing a year of onboarding steps as overdue on a freshly imported
/// account would bury the real warnings.
pub(super) fn regenerate_milestones(f: &mut AccountFacts) {
    use crate::domain::{MilestoneStatus, playbook};
    let generated = playbook::generate(&f.account, &f.terms);
    // Nothing to keep on a new account: skip the merge.
    let mut merged =
        if f.milestones.is_empty() { generated } else { playbook::regenerate(&f.milestones, generated) };
    for m in merged.iter_mut().filter(|m| m.id.0 == 0 && m.due < f.account.created_on) {
        m.status = MilestoneStatus::Skipped;
        m.done_on = Some(m.due);
        m.note = BEFORE_IMPORT.to_string();
    }
    f.milestones = merged;
}
