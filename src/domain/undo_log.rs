//! One session's undo and redo stacks. An undo or redo writes the restored values at new
//! versions (a version never goes back), and the store returns the change with the
//! restored side at those versions. Every kept change that recorded the row in the state
//! just restored learns the new version too (the same state under a new number): the
//! next undo or redo of this session still finds each row as it left it, so undo after
//! undo and redo after undo keep working, while a write by anyone else (a version this
//! session never saw) makes them refuse.

use super::change::{Change, Row, RowKey};
use std::collections::HashMap;

/// Changes kept for undo; older ones are dropped.
pub const KEEP: usize = 500;

#[derive(Debug, Default, Clone)]
pub struct UndoLog {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl UndoLog {
    /// A change was made: it can be undone, and what was undone before can no longer be
    /// redone. A change that wrote nothing is not kept.
    pub fn record(&mut self, change: Change) {
        if change.is_empty() {
            return;
        }
        self.redo.clear();
        self.push_undo(change);
    }

    /// The change to undo next, taken off the stack (it comes back through `undone`).
    pub fn take_undo(&mut self) -> Option<Change> {
        self.undo.pop()
    }

    /// The change to redo next, taken off the stack (it comes back through `redone`).
    pub fn take_redo(&mut self) -> Option<Change> {
        self.redo.pop()
    }

    /// `sent` (as taken) was undone; `done` is the change the store returned, its
    /// `before` at the versions just written. It can be redone.
    pub fn undone(&mut self, sent: &Change, done: Change) {
        self.renamed(&sent.before, &done.before);
        self.redo.push(done);
    }

    /// `sent` (as taken) was redone; `done` is the change the store returned, its
    /// `after` at the versions just written. It can be undone again.
    pub fn redone(&mut self, sent: &Change, done: Change) {
        self.renamed(&sent.after, &done.after);
        self.push_undo(done);
    }

    /// An undo (`undo`) or redo taken (`take_undo`, `take_redo`) that wrote nothing, back
    /// on top of its stack as it was: the next one tries it again.
    pub fn put_back(&mut self, c: Change, undo: bool) {
        if undo { self.undo.push(c) } else { self.redo.push(c) }
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    fn push_undo(&mut self, c: Change) {
        self.undo.push(c);
        if self.undo.len() > KEEP {
            self.undo.remove(0);
        }
    }

    /// Every kept image equal to one in `old` (same values, same version: the same
    /// state of the row) becomes its counterpart in `new`, the state rewritten.
    fn renamed(&mut self, old: &[Row], new: &[Row]) {
        let by_key: HashMap<RowKey, (&Row, &Row)> = old
            .iter()
            .filter_map(|o| new.iter().find(|n| n.key() == o.key()).map(|n| (o.key(), (o, n))))
            .filter(|(_, (o, n))| o != n)
            .collect();
        if by_key.is_empty() {
            return;
        }
        for change in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            for image in change.before.iter_mut().chain(change.after.iter_mut()) {
                if let Some((o, n)) = by_key.get(&image.key())
                    && image == *o
                {
                    *image = (*n).clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use chrono::NaiveDate;

    fn promise(text: &str, version: i64) -> Row {
        let on = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        Row::Promise(Promise {
            id: PromiseId(7),
            account_id: AccountId(1),
            text: text.into(),
            made_by: "销售".into(),
            made_on: on,
            due: None,
            status: PromiseStatus::Open,
            status_on: on,
            version,
        })
    }

    fn change(before: Row, after: Row) -> Change {
        Change {
            kind: ChangeKind::Updated(RowKind::Promise),
            subject: "成都天府云图信息技术有限公司".into(),
            account: AccountId(1),
            before: vec![before],
            after: vec![after],
        }
    }

    #[test]
    fn an_undo_renames_the_state_it_restored_in_older_changes() {
        let mut log = UndoLog::default();
        log.record(change(promise("a", 1), promise("b", 2)));
        log.record(change(promise("b", 2), promise("c", 3)));
        let sent = log.take_undo().unwrap();
        // The store wrote "b" back at version 4.
        let done = Change { before: vec![promise("b", 4)], ..sent.clone() };
        log.undone(&sent, done);
        let older = log.take_undo().unwrap();
        assert_eq!(older.after, vec![promise("b", 4)], "the first change left b, now known as v4");
        assert_eq!(older.before, vec![promise("a", 1)]);
        assert_eq!(log.take_redo().unwrap().before, vec![promise("b", 4)]);
    }

    #[test]
    fn a_redo_renames_and_a_new_change_clears_the_redo_stack() {
        let mut log = UndoLog::default();
        log.record(change(promise("a", 1), promise("b", 2)));
        let sent = log.take_undo().unwrap();
        log.undone(&sent, Change { before: vec![promise("a", 3)], ..sent.clone() });
        let sent = log.take_redo().unwrap();
        assert_eq!(sent.before, vec![promise("a", 3)]);
        log.redone(&sent, Change { after: vec![promise("b", 4)], ..sent.clone() });
        assert_eq!((log.undo_len(), log.redo_len()), (1, 0));
        let sent = log.take_undo().unwrap();
        log.undone(&sent, Change { before: vec![promise("a", 5)], ..sent.clone() });
        log.record(change(promise("a", 5), promise("d", 6)));
        assert_eq!((log.undo_len(), log.redo_len()), (1, 0));
        log.record(change(promise("d", 6), promise("d", 6)));
        assert_eq!(log.undo_len(), 1, "a change that wrote nothing is not kept");
    }

    #[test]
    fn only_so_many_changes_are_kept() {
        let mut log = UndoLog::default();
        for v in 0..(KEEP as i64 + 3) {
            log.record(change(promise("x", v), promise("y", v + 1)));
        }
        assert_eq!(log.undo_len(), KEEP);
        assert_eq!(log.take_undo().unwrap().before, vec![promise("x", KEEP as i64 + 2)]);
    }
}
