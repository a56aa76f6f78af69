//! Undo and redo: write the values of one side of a `Change` back over the other, in one
//! transaction, only if every touched row still looks exactly like the side being
//! replaced (values and version). If anyone changed one of them meanwhile (another
//! dashboard, an import), nothing is written and the error names the row, so a later
//! change is never clobbered by an earlier undo.
//!
//! An undo is a new change, not a rewind: each row gets the old values at its current
//! version plus one, and a deleted row comes back one past the version it was deleted
//! at. A version that went back could come round again to a number a form opened before
//! the undo holds, and that form's save would then be accepted over newer work.

use super::conn::Tx;
use super::edit::Rescore;
use super::rows;
use super::{Result, Store, StoreError};
use crate::domain::change::{Row, RowKey, RowKind, image};
use crate::domain::*;

impl Store {
    /// Restores the values the rows had before the change. Returns the change with
    /// `before` at the versions just written: what a redo must find.
    pub fn undo(&mut self, change: &Change, rescore: &Rescore<'_>) -> Result<Change> {
        let before = self.restore(change, &change.after, &change.before, rescore)?;
        Ok(Change { before, ..change.clone() })
    }

    /// Applies the change's values again. Returns the change with `after` at the
    /// versions just written: what the next undo must find.
    pub fn redo(&mut self, change: &Change, rescore: &Rescore<'_>) -> Result<Change> {
        let after = self.restore(change, &change.before, &change.after, rescore)?;
        Ok(Change { after, ..change.clone() })
    }

    /// Writes `target`'s values over `now`; returns `target` as stored afterwards.
    fn restore(
        &mut self,
        change: &Change,
        now: &[Row],
        target: &[Row],
        rescore: &Rescore<'_>,
    ) -> Result<Vec<Row>> {
        let c = &self.conn;
        let tx = Tx::write(c)?;
        let keys = change.keys();
        for key in &keys {
            let stored = rows::read(c, *key)?;
            let expected = image(now, *key);
            if stored.as_ref() != expected {
                return Err(conflict(*key, expected, stored.as_ref()));
            }
            match (expected, image(target, *key)) {
                (Some(_), None) => self.untracked_dependents(*key, &keys)?,
                (None, Some(row)) => self.parents_stored(row, target)?,
                _ => {}
            }
        }
        // Parents before children when inserting, children before parents when deleting,
        // so foreign keys hold at every statement. A row comes back one past the version it
        // was deleted at: the image holds that version (the delete, by the change or by an
        // earlier undo or redo, was checked against it).
        for key in &keys {
            if let (None, Some(row)) = (image(now, *key), image(target, *key)) {
                rows::insert(c, &row.clone().with_version(row.version() + 1))?;
            }
        }
        for key in &keys {
            if let (Some(old), Some(row)) = (image(now, *key), image(target, *key))
                && !old.same_values(row)
            {
                rows::update(c, &row.clone().with_version(old.version() + 1), old.version())?;
            }
        }
        for key in keys.iter().rev() {
            if let (Some(old), None) = (image(now, *key), image(target, *key)) {
                rows::delete(c, *key, old.version())?;
            }
        }
        let mut restored = Vec::with_capacity(target.len());
        for row in target {
            restored.push(
                rows::read(c, row.key())?
                    .ok_or(StoreError::Missing { what: row.kind().table(), id: row.id() })?,
            );
        }
        self.rescore(change.account, rescore)?;
        crate::store::sqlite::fts::tidy(c)?;
        tx.commit()?;
        Ok(restored)
    }

    /// A row coming back needs what it refers to (its account, its contact): restored by
    /// the same change, or still stored. If someone deleted it since, say which.
    fn parents_stored(&self, row: &Row, target: &[Row]) -> Result<()> {
        for parent in row.parents() {
            if image(target, parent).is_none() && rows::read(&self.conn, parent)?.is_none() {
                return Err(StoreError::Missing { what: parent.kind.table(), id: parent.id });
            }
        }
        Ok(())
    }

    /// Deleting this row would cascade to (or unlink) rows the change does not know about,
    /// added since by someone else: refuse rather than take their work with it.
    fn untracked_dependents(&self, key: RowKey, tracked: &[RowKey]) -> Result<()> {
        let c = &self.conn;
        let dependents = match key.kind {
            RowKind::Account => rows::account_rows(c, AccountId(key.id))?,
            RowKind::Requirement => rows::read_where(c, RowKind::Transition, "requirement_id = ?1", key.id)?,
            RowKind::Contact | RowKind::Touchpoint => rows::unlinked_by(c, key)?,
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
