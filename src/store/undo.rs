//! Undo and redo: write one side of a `Change` back over the other, in one transaction,
//! only if every touched row still looks exactly like the side being replaced. If anyone
//! changed one of them meanwhile (another dashboard, an import), nothing is written and
//! the error names the row, so a later change is never clobbered by an earlier undo.

use super::edit::{Immediate, Rescore};
use super::rows;
use super::{Result, Store, StoreError};
use crate::domain::change::{Row, RowKey, RowKind, image};
use crate::domain::*;

impl Store {
    /// Restores the rows as they were before the change.
    pub fn undo(&mut self, change: &Change, rescore: &Rescore<'_>) -> Result<()> {
        self.restore(change, &change.after, &change.before, rescore)
    }

    /// Applies the change again, as it was first made.
    pub fn redo(&mut self, change: &Change, rescore: &Rescore<'_>) -> Result<()> {
        self.restore(change, &change.before, &change.after, rescore)
    }

    fn restore(&mut self, change: &Change, now: &[Row], target: &[Row], rescore: &Rescore<'_>) -> Result<()> {
        let c = &self.conn;
        let tx = Immediate::begin(c)?;
        let keys = change.keys();
        for key in &keys {
            let stored = rows::read(c, *key)?;
            let expected = image(now, *key);
            if stored.as_ref() != expected {
                return Err(conflict(*key, expected, stored.as_ref()));
            }
            if expected.is_some() && image(target, *key).is_none() {
                self.untracked_dependents(*key, &keys)?;
            }
        }
        // Parents before children when inserting, children before parents when deleting,
        // so foreign keys hold at every statement.
        for key in &keys {
            if let (None, Some(row)) = (image(now, *key), image(target, *key)) {
                rows::insert(c, row)?;
            }
        }
        for key in &keys {
            if let (Some(old), Some(row)) = (image(now, *key), image(target, *key))
                && old != row
            {
                rows::update(c, row, old.version())?;
            }
        }
        for key in keys.iter().rev() {
            if let (Some(old), None) = (image(now, *key), image(target, *key)) {
                rows::delete(c, *key, old.version())?;
            }
        }
        self.rescore(change.account, rescore)?;
        tx.commit()
    }

    /// Deleting this row would cascade to (or unlink) rows the change does not know about,
    /// added since by someone else: refuse rather than take their work with it.
    fn untracked_dependents(&self, key: RowKey, tracked: &[RowKey]) -> Result<()> {
        let c = &self.conn;
        let dependents = match key.kind {
            RowKind::Account => rows::account_rows(c, AccountId(key.id))?,
            RowKind::Requirement => rows::read_where(c, RowKind::Transition, "requirement_id = ?1", key.id)?,
            RowKind::Contact => rows::read_where(c, RowKind::Touchpoint, "contact_id = ?1", key.id)?,
            _ => Vec::new(),
        };
        match dependents.iter().find(|r| !tracked.contains(&r.key())) {
            Some(r) => Err(conflict(r.key(), None, Some(r))),
            None => Ok(()),
        }
    }
}

/// Why a row cannot be restored: it is gone, or it is not the version the change left.
fn conflict(key: RowKey, expected: Option<&Row>, stored: Option<&Row>) -> StoreError {
    match stored {
        None => StoreError::Missing { what: key.kind.table(), id: key.id },
        Some(s) => StoreError::Stale {
            what: key.kind.table(),
            id: key.id,
            expected: expected.map_or(0, Row::version),
            found: s.version(),
        },
    }
}
