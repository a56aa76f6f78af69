//! The portfolio as an import sees it: the key (id, external id, name) of every stored
//! account the file names, looked up before the first row (`keys`), the accounts themselves
//! loaded only when a row touches them, and only the tables that kind of row can change. Matching rows to accounts happens here, including the rule
//! that makes re-imports idempotent when a key repeats: the k-th row with a key matches the
//! k-th stored record with that key.
//!
//! Finished accounts go to the `Sink` as they are finished: a real import writes them into
//! its transaction, a dry run counts and forgets them. Memory so stays bounded by the
//! file's keys, not by everything the file and the portfolio hold (a 200k-row file took
//! 3.2 GB).

mod keys;
#[cfg(test)]
pub(super) use keys::EVERY_KEY;
mod lookup;

use super::sink::Sink;
use crate::domain::AccountFacts;
use crate::store::{Parts, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// Accounts created, by the currency they are billed in.
pub(super) type CreatedIn = std::collections::BTreeMap<crate::domain::Currency, u64>;

/// The result of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

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
    /// Created by this import and kept until the end: later rows of the file describe it too.
    pub new: bool,
    /// Kept until the end of the file (its key repeats in the file).
    pub held: bool,
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
    /// Slots of stored accounts by id.
    by_id: HashMap<crate::domain::AccountId, usize>,
    /// The highest account id when the import began: accounts it creates come after, and
    /// are never taken for stored ones when they are written before a lookup.
    up_to: crate::domain::AccountId,
    /// Occurrences of each key seen so far in the file, per account and record kind.
    seen: HashMap<(usize, &'static str, String), usize>,
    cache: HashMap<usize, Touched>,
    /// With `--skip-invalid`: the account the current row changed, as it was before.
    snapshot: Option<(usize, Option<Touched>)>,
    pub skip_invalid: bool,
    /// Contacts' e-mail addresses (lower case) → their accounts, built when a file needs it.
    emails: Option<HashMap<String, Vec<crate::domain::AccountId>>>,
    /// The currency of amounts that name none, for this import (`currency::resolve`);
    /// None: nothing said one, and a row that needs it fails the import (`unpriced`).
    pub currency: Option<crate::domain::Currency>,
    /// The first row that needed that currency when there was none: its line, and the
    /// header of its amount (None: a new account without an amount).
    pub unpriced: Option<(u64, Option<String>)>,
    pub on_name_match: Option<super::NameMatch>,
    /// Stored accounts that several rows of the file describe, as they were before the
    /// first of them: what the rows together changed is counted, not each step.
    originals: HashMap<usize, (crate::domain::Account, Vec<crate::domain::ContractTerm>)>,
    /// The name (and line) by which a row of this file first named an account: a later row
    /// may not give it another name (the file would say two, and a second import of it
    /// would replay the renames against the names the first one left).
    named_by_row: HashMap<usize, (String, u64)>,
    /// The accounts this import created, by the currency they are billed in (whether the
    /// book's main currency moves: `money::main_currency_moves`).
    created_in: CreatedIn,
}

impl<'s> World<'s> {
    /// A world knowing no account yet: `look_up` finds those the file names, through the
    /// sink (inside the import's transaction for a real import).
    pub(super) fn new(sink: Sink<'s>, today: NaiveDate, parts: Parts) -> Result<World<'s>, StoreError> {
        let up_to = sink.store().max_account_id()?;
        Ok(World {
            today,
            sink,
            parts,
            failed: false,
            slots: Vec::new(),
            by_ext: HashMap::new(),
            by_name: HashMap::new(),
            by_id: HashMap::new(),
            up_to,
            seen: HashMap::new(),
            cache: HashMap::new(),
            snapshot: None,
            skip_invalid: false,
            emails: None,
            currency: None,
            unpriced: None,
            on_name_match: None,
            originals: HashMap::new(),
            named_by_row: HashMap::new(),
            created_in: Default::default(),
        })
    }

    fn index(&mut self, id: crate::domain::AccountId, ext: Option<String>, name: String, line: u64) -> usize {
        let i = self.slots.len();
        self.slots.push(Slot {
            id,
            external_id: ext.as_deref().map(Box::from),
            created_on_line: line,
            described_on_line: line,
        });
        if line == 0 {
            self.by_id.insert(id, i);
        }
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

    /// Adds a new account (created by the row on `line`). Finished at once unless `held`
    /// (a later row of the file describes it too: it is kept to merge that row into it).
    pub fn add(&mut self, f: AccountFacts, line: u64, held: bool) -> Result<usize, StoreError> {
        let i = self.index(f.account.id, f.account.external_id.clone(), f.account.name.clone(), line);
        if held {
            self.cache.insert(i, Touched { before: None, after: f, regen: true, new: true, held: true });
        } else if !self.failed {
            self.create(f)?;
        }
        Ok(i)
    }

    /// A new account finished: to the sink, counted by its currency.
    fn create(&mut self, f: AccountFacts) -> Result<(), StoreError> {
        *self.created_in.entry(f.account.currency).or_default() += 1;
        self.sink.created(f)
    }

    /// Remembers stored account `i` as it is before the file's rows change it (once).
    pub fn remember(&mut self, i: usize) -> Result<(), StoreError> {
        if !self.originals.contains_key(&i) {
            let f = self.edit(i)?;
            let original = (f.account.clone(), f.terms.clone());
            self.originals.insert(i, original);
        }
        Ok(())
    }

    /// What the rows describing account `i` did together: created it (in this file), or
    /// changed it from how it was stored, or not.
    pub fn net_outcome(&self, i: usize) -> Outcome {
        if self.slots[i].created_on_line != 0 {
            return Outcome::Created;
        }
        match (self.originals.get(&i), self.cache.get(&i)) {
            (Some((a, t)), Some(now)) if now.after.account != *a || now.after.terms != *t => Outcome::Updated,
            _ => Outcome::Unchanged,
        }
    }

    /// What the rows describing stored account `i` changed together, listed at `line` (the
    /// first of them); None for an account this file created, or when they changed nothing.
    pub fn net_change(&self, i: usize, line: u64) -> Option<super::changes::AccountChange> {
        if self.slots[i].created_on_line != 0 {
            return None;
        }
        let ((account, terms), now) = (self.originals.get(&i)?, self.cache.get(&i)?);
        super::changes::diff(line, (account, terms), (&now.after.account, &now.after.terms))
    }

    /// Keeps account `i` (being edited) until the end of the file.
    pub fn hold(&mut self, i: usize) {
        if let Some(t) = self.cache.get_mut(&i) {
            t.held = true;
        }
    }

    /// A row starts (with `--skip-invalid`, what it changes can be undone).
    pub fn begin_row(&mut self) {
        self.snapshot = None;
    }

    /// The row was bad: the account it changed goes back to how it was before the row.
    pub fn undo_row(&mut self) {
        if let Some((i, before)) = self.snapshot.take() {
            match before {
                Some(t) => {
                    self.cache.insert(i, t);
                }
                None => {
                    self.cache.remove(&i);
                }
            }
        }
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
            self.cache.insert(i, Touched { before, after: f, regen: false, new: false, held: false });
            if self.skip_invalid && self.snapshot.is_none() {
                self.snapshot = Some((i, None));
            }
        } else if self.skip_invalid && self.snapshot.is_none() {
            let t = &self.cache[&i];
            let copy = Touched {
                before: t.before.clone(),
                after: t.after.clone(),
                regen: t.regen,
                new: t.new,
                held: t.held,
            };
            self.snapshot = Some((i, Some(copy)));
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

    /// The currency of what the row on `line` does not price itself (an amount under
    /// `header`, or a new account's). With none for this import the need is remembered
    /// (the first), nothing more is written, and the import fails when the file is read;
    /// CNY stands in meanwhile so the rows can still be checked.
    pub fn currency_for(&mut self, line: u64, header: Option<&str>) -> crate::domain::Currency {
        if let Some(c) = self.currency {
            return c;
        }
        if self.unpriced.is_none() {
            self.unpriced = Some((line, header.map(str::to_string)));
        }
        if !self.failed {
            self.fail();
        }
        crate::domain::Currency::CNY
    }

    /// The currencies the portfolio's accounts are in, with how many each (the store's tally).
    pub fn book_currencies(&self) -> Result<Vec<(crate::domain::Currency, u64)>, StoreError> {
        self.sink.store().currency_counts()
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

    /// Hands every touched account not held to the end to the sink (which writes it, or
    /// forgets it in a dry run).
    fn flush(&mut self) -> Result<(), StoreError> {
        self.flush_some(false)
    }

    fn flush_some(&mut self, all: bool) -> Result<(), StoreError> {
        let keys: Vec<usize> = self.cache.iter().filter(|(_, t)| all || !t.held).map(|(i, _)| *i).collect();
        let mut touched: Vec<(usize, Touched)> =
            keys.into_iter().filter_map(|i| self.cache.remove(&i).map(|t| (i, t))).collect();
        // Account order keeps the writes local in the file: stored accounts by id, then the
        // new ones as the file created them (slots are given as rows meet accounts, so
        // their order is not the accounts').
        touched.sort_by_key(|(i, _)| {
            let id = self.slots[*i].id.0;
            (id == 0, id, *i)
        });
        for (_, t) in touched {
            if t.new {
                if !self.failed {
                    let mut f = t.after;
                    if t.regen {
                        f.milestones.clear();
                    }
                    self.create(f)?;
                }
            } else {
                self.sink.changed(t)?;
            }
        }
        Ok(())
    }

    /// Finishes every account and hands back the sink, with the accounts created by
    /// currency.
    pub(super) fn finish_all(mut self) -> Result<(Sink<'s>, CreatedIn), StoreError> {
        if !self.failed {
            self.flush_some(true)?;
            self.sink.finish()?;
        }
        Ok((self.sink, self.created_in))
    }
}

/// `https://www.Example.com/path` → `example.com`.
pub fn normalise_domain(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(&s);
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.split(['/', '?', '#']).next().unwrap_or(s).to_string()
}

/// Regenerates an account's playbook milestones, keeping completed ones. New milestones
/// that fell due before the account came into Radar are marked skipped: nobody could have
/// done them here, and showing a year of onboarding steps as overdue on a freshly imported
/// account would bury the real warnings.
pub(super) fn regenerate_milestones(f: &mut AccountFacts) {
    use crate::domain::playbook;
    // What an ended term left pending is closed as superseded first, as the dashboard does
    // when a term closes: the merge below drops pending milestones the playbook no longer
    // asks for, and an imported outcome deleted them (helper's trial, session 15).
    playbook::close_ended(&mut f.milestones, &f.terms);
    let generated = playbook::generate(&f.account, &f.terms);
    // Nothing to keep on a new account: skip the merge.
    let mut merged =
        if f.milestones.is_empty() { generated } else { playbook::regenerate(&f.milestones, generated) };
    playbook::skip_before_arrival(&mut merged, f.account.created_on);
    f.milestones = merged;
}
