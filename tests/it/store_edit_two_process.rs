//! Two processes on one file. Process A loads an account; process B (this test binary
//! re-invoked with `--exact`) changes it and exits; A's save of its older copy is refused
//! and B's change survives. Then the same for an undo: A's undo of its own earlier edit
//! is refused once B has changed the row.
//!
//! SQLite-only (issue 18 item 8): two processes on one file. On PostgreSQL the same
//! refusals between two sessions are `store_undo_versions::*::pg`, and between processes
//! `team_writers`.

use crate::support::store_edit::*;
use radar::domain::*;
use radar::refresh;
use radar::store::{Store, StoreError};
use std::process::Command;

const CHILD_DB: &str = "RADAR_TEST_CHILD_DB";
const CHILD_ACCOUNT: &str = "RADAR_TEST_CHILD_ACCOUNT";

/// Process B: sets the account's owner to "B" through its own store handle.
#[test]
fn child_process_b() {
    let (Ok(db), Ok(id)) = (std::env::var(CHILD_DB), std::env::var(CHILD_ACCOUNT)) else {
        return; // only does something when re-invoked by the test below
    };
    let mut s = Store::open(std::path::Path::new(&db)).unwrap();
    let mut a = s.account(AccountId(id.parse().unwrap())).unwrap().unwrap();
    a.owner = "B".into();
    refresh::apply(&mut s, &Edit::SaveAccount { account: a, term: None }, now(), &cfg()).unwrap();
}

fn run_b(db: &std::path::Path, id: AccountId) {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe)
        .args(["--exact", "store_edit_two_process::child_process_b", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, db)
        .env(CHILD_ACCOUNT, id.0.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "process B failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 passed"), "process B did not run");
}

#[test]
fn a_save_on_top_of_another_process_change_is_refused_and_theirs_survives() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    drop(seeded_file(&db, 5));
    let mut a_store = Store::open(&db).unwrap();
    let loaded = a_store.load_all_facts().unwrap().remove(0).account;

    run_b(&db, loaded.id);

    let mut mine = loaded.clone();
    mine.owner = "A".into();
    let before = a_store.dump().unwrap();
    let err = refresh::apply(&mut a_store, &Edit::SaveAccount { account: mine, term: None }, now(), &cfg())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Stale { what: "account", expected, found, .. } if found == expected + 1),
        "{err}"
    );
    assert_eq!(a_store.dump().unwrap(), before, "nothing written by A");
    assert_eq!(a_store.account(loaded.id).unwrap().unwrap().owner, "B", "B's change survives");
}

#[test]
fn an_undo_after_another_process_changed_the_row_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    drop(seeded_file(&db, 3));
    let mut a_store = Store::open(&db).unwrap();
    let mut acct = a_store.load_all_facts().unwrap().remove(0).account;
    acct.region = "西南".into();
    let change =
        refresh::apply(&mut a_store, &Edit::SaveAccount { account: acct.clone(), term: None }, now(), &cfg())
            .unwrap();

    run_b(&db, acct.id);

    assert!(matches!(refresh::undo(&mut a_store, &change, now(), &cfg()), Err(StoreError::Stale { .. })));
    let now_there = a_store.account(acct.id).unwrap().unwrap();
    assert_eq!((now_there.owner.as_str(), now_there.region.as_str()), ("B", "西南"));
}
