//! Where finished accounts go. A dry run reads the store and forgets what it finished; a
//! real import writes into its transaction as it goes, in chunks: new accounts get their
//! playbook milestones and risk score and are inserted a thousand at a time, changed ones
//! are written as differences and rescored from what the transaction now holds.

use super::world::{Touched, regenerate_milestones};
use crate::domain::metrics::RateShare;
use crate::domain::money::Converter;
use crate::domain::playbook_derive;
use crate::domain::risk::{Assessment, RiskConfig};
use crate::domain::{AccountFacts, AccountId, Currency};
use crate::refresh;
use crate::store::import::{AccountEdit, ImportTx};
use crate::store::{Parts, Store, StoreError};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// New accounts written per insert batch.
const NEW_CHUNK: usize = 1_024;
/// Changed accounts written per batch.
const EDIT_CHUNK: usize = 256;

pub(super) enum Sink<'s> {
    /// A dry run: reads the store, writes nothing.
    Dry(&'s Store),
    Write(Box<Writer<'s>>),
}

pub(super) struct Writer<'s> {
    tx: ImportTx<'s>,
    now: NaiveDateTime,
    risk: &'s RiskConfig,
    /// New accounts keep the ids, versions and milestones they carry (a JSON restore).
    keep_ids: bool,
    new: Vec<AccountFacts>,
    edits: Vec<AccountEdit>,
    /// Accounts written so far (created or changed).
    written: usize,
    /// A bad row was found: nothing more is written (the transaction will be rolled back).
    discard: bool,
    /// The new accounts written so far, by the currency they are billed in.
    currencies: BTreeMap<Currency, u64>,
}

impl<'s> Sink<'s> {
    pub fn write(tx: ImportTx<'s>, now: NaiveDateTime, risk: &'s RiskConfig, keep_ids: bool) -> Sink<'s> {
        Sink::Write(Box::new(Writer {
            tx,
            now,
            risk,
            keep_ids,
            new: Vec::with_capacity(NEW_CHUNK),
            edits: Vec::new(),
            written: 0,
            discard: false,
            currencies: BTreeMap::new(),
        }))
    }

    pub fn store(&self) -> &Store {
        match self {
            Sink::Dry(store) => store,
            Sink::Write(w) => w.tx.store(),
        }
    }

    pub fn is_writing(&self) -> bool {
        matches!(self, Sink::Write(_))
    }

    pub fn load(&self, id: AccountId, parts: Parts) -> Result<Option<AccountFacts>, StoreError> {
        self.store().load_facts_parts(id, parts)
    }

    pub fn created(&mut self, f: AccountFacts) -> Result<(), StoreError> {
        let Sink::Write(w) = self else { return Ok(()) };
        if w.discard {
            return Ok(());
        }
        w.new.push(f);
        if w.new.len() >= NEW_CHUNK { w.write_new() } else { Ok(()) }
    }

    pub fn changed(&mut self, t: Touched) -> Result<(), StoreError> {
        let Sink::Write(w) = self else { return Ok(()) };
        let (Some(before), false) = (t.before, w.discard) else { return Ok(()) };
        let mut after = t.after;
        if t.regen {
            regenerate_milestones(&mut after);
        }
        if after != before {
            w.edits.push(AccountEdit { before, after });
            if w.edits.len() >= EDIT_CHUNK {
                w.write_edits()?;
            }
        }
        Ok(())
    }

    pub fn discard(&mut self) {
        if let Sink::Write(w) = self {
            w.discard = true;
            w.new.clear();
            w.edits.clear();
        }
    }

    /// Writes what is still buffered.
    pub fn finish(&mut self) -> Result<(), StoreError> {
        if let Sink::Write(w) = self
            && !w.discard
        {
            w.write_new()?;
            w.write_edits()?;
        }
        Ok(())
    }

    /// The transaction (to commit) and how many accounts were written.
    pub fn into_writer(self) -> Result<(ImportTx<'s>, usize), StoreError> {
        match self {
            // The callers build a writing sink; a dry run reaching here is a bug, said as one.
            Sink::Dry(_) => Err(StoreError::Invalid("a dry run has nothing to commit".into())),
            Sink::Write(w) => Ok((w.tx, w.written)),
        }
    }
}

impl Writer<'_> {
    /// ARR is weighed in the reporting currency, else in the main currency of the book as
    /// written so far (these accounts counted: into a new file, the first chunk would be
    /// weighed, and stamped, in an empty book's default). A bulk load, always into an empty
    /// book, has dropped the triggers keeping the store's tally: counted here instead.
    fn converter(&self) -> Result<Converter, StoreError> {
        let target = match (self.risk.report_currency, self.tx.is_bulk()) {
            (Some(c), _) => Some(c),
            (None, true) => {
                crate::domain::money::main_currency(self.currencies.iter().map(|(&c, &n)| (c, n)))
            }
            (None, false) => None,
        };
        self.tx.store().converter(target)
    }

    fn write_new(&mut self) -> Result<(), StoreError> {
        if self.new.is_empty() {
            return Ok(());
        }
        if !self.keep_ids {
            self.new
                .iter_mut()
                .filter(|f| !playbook_derive::nothing_to_store(&f.milestones, &f.terms))
                .for_each(regenerate_milestones);
        }
        let (now, risk) = (self.now, self.risk);
        self.tx.insert_new(&mut self.new, self.keep_ids)?;
        for f in &self.new {
            *self.currencies.entry(f.account.currency).or_default() += 1;
        }
        let fx = self.converter()?;
        let scored: Vec<(Assessment, i64)> =
            self.new.iter().map(|f| refresh::score_fx(f, now, risk, &fx)).collect();
        let rows: Vec<(AccountId, &Assessment, i64, RateShare)> = self
            .new
            .iter()
            .zip(&scored)
            .map(|(f, (a, p))| (f.account.id, a, *p, RateShare::of(f, now.date())))
            .collect();
        self.tx.save_new_risk(now.date(), &refresh::stamp(risk, &fx), &rows)?;
        self.written += self.new.len();
        self.new.clear();
        Ok(())
    }

    fn write_edits(&mut self) -> Result<(), StoreError> {
        if self.edits.is_empty() {
            return Ok(());
        }
        self.tx.save_edits(&mut self.edits)?;
        // Scored from what is stored now: the edit loaded only the tables its rows change.
        let mut scored = Vec::with_capacity(self.edits.len());
        let fx = self.converter()?;
        for e in &self.edits {
            let id = e.after.account.id;
            let f = self.tx.load_facts(id)?.ok_or(StoreError::Missing { what: "account", id: id.0 })?;
            let (a, p) = refresh::score_fx(&f, self.now, self.risk, &fx);
            scored.push((id, a, p, RateShare::of(&f, self.now.date())));
        }
        let rows: Vec<(AccountId, &Assessment, i64, RateShare)> =
            scored.iter().map(|(id, a, p, s)| (*id, a, *p, *s)).collect();
        self.tx.save_risk(self.now.date(), &refresh::stamp(self.risk, &fx), &rows)?;
        self.written += self.edits.len();
        self.edits.clear();
        Ok(())
    }
}
