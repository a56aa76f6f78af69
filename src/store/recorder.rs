//! Keeps the before image of every row an edit touches, and reads their after images
//! when it is done: the two halves of a `Change`.

use super::Result;
use super::conn::Conn;
use super::rows::read;
use crate::domain::change::{Row, RowKey};

/// The same row at another version.
pub(super) fn with_version(row: Row, version: i64) -> Row {
    row.with_version(version)
}

/// The images of one edit, collected as it writes.
#[derive(Default)]
pub(super) struct Recorder {
    keys: Vec<RowKey>,
    before: Vec<Row>,
}

impl Recorder {
    /// Remembers a row about to be changed or deleted (first sighting wins).
    pub(super) fn touch(&mut self, row: &Row) {
        if !self.keys.contains(&row.key()) {
            self.keys.push(row.key());
            self.before.push(row.clone());
        }
    }

    /// Remembers a row that did not exist before the edit.
    pub(super) fn created(&mut self, key: RowKey) {
        if !self.keys.contains(&key) {
            self.keys.push(key);
        }
    }

    /// The id of the last row of `kind` created so far (a touchpoint whose task refers to it).
    pub(super) fn created_id(&self, kind: crate::domain::change::RowKind) -> Option<i64> {
        let existed = |k: &RowKey| self.before.iter().any(|r| r.key() == *k);
        self.keys.iter().rev().find(|k| k.kind == kind && !existed(k)).map(|k| k.id)
    }

    /// (before, after) images, each in foreign-key order.
    pub(super) fn finish(mut self, conn: &Conn) -> Result<(Vec<Row>, Vec<Row>)> {
        self.keys.sort();
        let mut after = Vec::new();
        for key in &self.keys {
            if let Some(row) = read(conn, *key)? {
                after.push(row);
            }
        }
        self.before.sort_by_key(Row::key);
        Ok((self.before, after))
    }
}
