//! Property: any sequence of user actions followed by as many undos (one session's
//! `UndoLog`) leaves the database with exactly the values it started with (the neutral
//! `Backend::dump`, every table, ids included); redoing them all gives back exactly the
//! values after the actions. Versions are not given back: they only ever move on (issue
//! 12, A3). On both engines (issue 18 item 8): 64 cases on SQLite, 16 on PostgreSQL.

use crate::both_props;
use crate::support::edit_ops::*;
use crate::support::store_edit::*;
use proptest::prelude::*;
use radar::domain::UndoLog;
use radar::refresh;
use radar::store::StoreError;

both_props!(
    actions_then_as_many_undos_leave_the_database_as_it_started,
    64,
    16,
    proptest::collection::vec(op(), 1..14),
    |db, ops| {
        let mut s = seeded(db, 4);
        let start = db.dump();
        let mut log = UndoLog::default();
        let mut applied = 0;
        for op in &ops {
            let Some(edit) = edit_for(&s, op) else { continue };
            match refresh::apply(&mut s, &edit, now(), &cfg()) {
                Ok(change) => {
                    applied += usize::from(!change.is_empty());
                    log.record(change);
                }
                // Rules the op may break on this data (a step past the loop's end, a renewal
                // of a churned account): refused whole, nothing written.
                Err(StoreError::Invalid(_) | StoreError::Refused(_)) => {}
                Err(e) => prop_assert!(false, "{op:?} -> {edit:?}: {e}"),
            }
        }
        let end = db.dump();
        let mut last = end.clone();
        while let Some(sent) = log.take_undo() {
            let done = refresh::undo(&mut s, &sent, now(), &cfg())
                .map_err(|e| TestCaseError::fail(format!("undo {:?}: {e}", sent.kind)))?;
            log.undone(&sent, done);
            let now_dump = db.dump();
            assert_versions_forward(&last, &now_dump);
            last = now_dump;
        }
        prop_assert_eq!(log.redo_len(), applied);
        prop_assert_eq!(values(&last), values(&start));
        while let Some(sent) = log.take_redo() {
            let done = refresh::redo(&mut s, &sent, now(), &cfg())
                .map_err(|e| TestCaseError::fail(format!("redo {:?}: {e}", sent.kind)))?;
            log.redone(&sent, done);
            let now_dump = db.dump();
            assert_versions_forward(&last, &now_dump);
            last = now_dump;
        }
        prop_assert_eq!(values(&last), values(&end));
        Ok(())
    }
);
