//! Property: any sequence of user actions followed by as many undos (one session's
//! `UndoLog`) leaves the database with exactly the values it started with (`Store::dump`,
//! every table, ids included); redoing them all gives back exactly the values after the
//! actions. Versions are not given back: they only ever move on (issue 12, A3).

use crate::support::edit_ops::*;
use crate::support::store_edit::*;
use proptest::prelude::*;
use radar::domain::UndoLog;
use radar::refresh;
use radar::store::StoreError;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn actions_then_as_many_undos_leave_the_database_as_it_started(ops in proptest::collection::vec(op(), 1..14)) {
        let mut s = seeded_memory(4);
        let start = s.dump().unwrap();
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
        let end = s.dump().unwrap();
        let mut last = end.clone();
        while let Some(sent) = log.take_undo() {
            let done = refresh::undo(&mut s, &sent, now(), &cfg()).map_err(|e| TestCaseError::fail(format!("undo {:?}: {e}", sent.kind)))?;
            log.undone(&sent, done);
            let now_dump = s.dump().unwrap();
            assert_versions_forward(&last, &now_dump);
            last = now_dump;
        }
        prop_assert_eq!(log.redo_len(), applied);
        prop_assert_eq!(values(&last), values(&start));
        while let Some(sent) = log.take_redo() {
            let done = refresh::redo(&mut s, &sent, now(), &cfg()).map_err(|e| TestCaseError::fail(format!("redo {:?}: {e}", sent.kind)))?;
            log.redone(&sent, done);
            let now_dump = s.dump().unwrap();
            assert_versions_forward(&last, &now_dump);
            last = now_dump;
        }
        prop_assert_eq!(values(&last), values(&end));
    }
}
