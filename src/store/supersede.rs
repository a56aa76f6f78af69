//! The agenda's writes that are not record saves: a due date moved (snooze, reschedule),
//! and the milestones of an ended term closed as superseded: when a term closes (inside
//! that edit's transaction), when an import commits, and once for files written before
//! this rule (migration V13).
//!
//! Kept in one file of its own: only rows that break the rule are touched, so running the
//! fix-up again changes nothing.

use super::conn::Conn;
use super::edit::save;
use super::recorder::Recorder;
use super::rows;
use super::tables::Reader;
use super::{Result, Store, StoreError};
use crate::domain::actions;
use crate::domain::change::{Row, RowKind};
use crate::domain::*;

/// Pending milestones due on or before the end of a term of their account that has an
/// outcome: closed as superseded on the day the first such term was decided. The same
/// statements close them once per older file (migration V13, `schema_open_once.sql`).
const FIX_UP: &str = "UPDATE milestone SET status = 'superseded', version = version + 1, \
       done_on = (SELECT t.decided_on FROM term t WHERE t.account_id = milestone.account_id \
                  AND t.outcome IS NOT NULL AND t.\"end\" >= milestone.due ORDER BY t.\"end\" LIMIT 1) \
     WHERE id IN (SELECT m.id FROM term t JOIN milestone m ON m.account_id = t.account_id \
                  AND m.status = 'pending' AND m.due <= t.\"end\" WHERE t.outcome IS NOT NULL)";

/// The fix-up after an import (idempotent), inside the import's transaction (SQLite
/// only: `INDEXED BY`). Accounts it changed lose their cached risk, so the next load
/// scores them again. Returns how many milestones it closed.
pub(super) fn fix_up(conn: &Conn) -> Result<usize> {
    // One seek into the pending milestones per decided term: written as a join, SQLite
    // walked the whole `milestone_pending` index (a million entries at 100k accounts).
    let any = conn.one(
        "SELECT EXISTS (SELECT 1 FROM term t WHERE t.outcome IS NOT NULL AND EXISTS (SELECT 1 FROM milestone m \
           INDEXED BY milestone_pending WHERE m.account_id = t.account_id AND m.status = 'pending' \
           AND m.due <= t.\"end\"))",
        &[],
        |r| r.flag(),
    )?;
    if !any {
        return Ok(0);
    }
    conn.exec(
        "DELETE FROM risk_cache WHERE account_id IN (SELECT DISTINCT m.account_id FROM term t \
           JOIN milestone m ON m.account_id = t.account_id AND m.status = 'pending' AND m.due <= t.\"end\" \
           WHERE t.outcome IS NOT NULL)",
        &[],
    )
    .and_then(|_| conn.exec(FIX_UP, &[]))
}

impl Store {
    /// `Edit::Reschedule`: a pending milestone or an open promise gets a new due date.
    pub(super) fn reschedule(&self, edit: &Edit, rec: &mut Recorder) -> Result<(ChangeKind, AccountId)> {
        let Edit::Reschedule { target, version, due } = edit else {
            return Err(StoreError::Invalid(format!("not a reschedule: {edit:?}")));
        };
        let row = match rows::current(&self.conn, *target)? {
            Some(r) if r.version() == *version => r,
            Some(other) => {
                return Err(StoreError::Stale {
                    what: target.kind.table(),
                    id: target.id,
                    expected: *version,
                    found: other.version(),
                });
            }
            None => return Err(StoreError::Missing { what: target.kind.table(), id: target.id }),
        };
        let moved = match row {
            Row::Milestone(m) => Row::Milestone(actions::reschedule_milestone(&m, *due)?),
            Row::Promise(p) => Row::Promise(actions::reschedule_promise(&p, *due)?),
            Row::Task(t) => Row::Task(
                crate::domain::task::reschedule_task(&t, *due)
                    .ok_or(ActionError::NotDue { kind: RowKind::Task, id: t.id.0 })?,
            ),
            other => {
                return Err(StoreError::Invalid(format!("{} rows have no due date", other.kind().table())));
            }
        };
        let account = moved.account_id().unwrap_or_default();
        save(&self.conn, rec, moved)?;
        Ok((ChangeKind::Rescheduled(target.kind), account))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_up_sql_is_valid_on_an_empty_file() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(fix_up(&store.conn).unwrap(), 0);
    }
}
