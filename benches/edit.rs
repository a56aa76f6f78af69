//! One user edit's commit on the 100k portfolio, with the store's durability settings
//! (WAL, `synchronous=FULL`: every commit waits for fsync). Issue 8 target: ≤ 10 ms p99.
//!
//! - `save_account`: an account's owner changed (`Edit::SaveAccount` through
//!   `refresh::apply`: BEGIN IMMEDIATE, version check, before/after images for undo, the
//!   account's risk recomputed, COMMIT),
//! - `log_call`: a new touchpoint (the most frequent CSM action),
//! - floor: one versioned UPDATE with bare rusqlite on the same file, same pragmas.
//!
//! The three are interleaved, one of each per round, each timed on its own: fsync time on a
//! shared disk drifts by an order of magnitude within minutes, and interleaving keeps the
//! ratio honest. `RADAR_BENCH_EDIT_ROUNDS` rounds (default 1000) after 20 unrecorded ones;
//! the durations go to `common::Ops` (median, p95, p99 in the report).
//! Run: `cargo bench --bench edit`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Ops, now, today};
use radar::domain::risk::RiskConfig;
use radar::domain::{AccountId, Edit, TouchKind, Touchpoint, TouchpointId};
use radar::refresh;
use radar::store::Store;
use std::time::Instant;

/// Accounts edited in turn (deterministic, spread over the file).
fn account_id(k: u64) -> AccountId {
    AccountId(1 + ((k * 7919) % 100_000) as i64)
}

fn main() {
    let (_dir, path) = common::demo_db(100_000);
    let mut store = Store::open(&path).expect("open");
    let cfg = RiskConfig::default();
    let now = now();
    // The floor's connection: same file, WAL, synchronous=FULL.
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.pragma_update(None, "synchronous", "FULL").expect("full");

    let rounds: usize =
        std::env::var("RADAR_BENCH_EDIT_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let back_to_back = std::env::var_os("RADAR_BENCH_EDIT_BACK_TO_BACK").is_some();
    let mut save = Ops::new("edit_commit", "save_account");
    let mut call = Ops::new("edit_commit", "log_call");
    let mut floor = Ops::new("edit_commit", "floor_bare_update");
    for round in 0..rounds + 20 {
        let k = round as u64 * 3;
        let keep = round >= 20;

        let mut a = store.account(account_id(k)).expect("read").expect("account");
        a.owner = if a.owner == "Bench A" { "Bench B".into() } else { "Bench A".into() };
        let edit = Edit::SaveAccount { account: a, term: None };
        let t = Instant::now();
        refresh::apply(&mut store, &edit, now, &cfg).expect("commit");
        if keep {
            save.times.push(t.elapsed());
        }
        if !back_to_back {
            store.checkpoint_idle().expect("checkpoint");
        }

        let edit = Edit::SaveTouchpoint(Touchpoint {
            id: TouchpointId(0),
            account_id: account_id(k + 1),
            date: today(),
            kind: TouchKind::Call,
            contact_id: None,
            note: "renewal check-in".into(),
            version: 0,
        });
        let t = Instant::now();
        refresh::apply(&mut store, &edit, now, &cfg).expect("commit");
        if keep {
            call.times.push(t.elapsed());
        }

        // Between two edits a person takes longer than the dashboard's clock tick, on
        // which its worker folds the WAL into the file (`Store::checkpoint_idle`); so
        // here, untimed. RADAR_BENCH_EDIT_BACK_TO_BACK=1 leaves it out: each commit that
        // takes the WAL past 1000 pages then copies it (about one in thirty, 10+ ms).
        if !back_to_back {
            store.checkpoint_idle().expect("checkpoint");
        }

        let (id, owner) = (account_id(k + 2).0, if round % 2 == 0 { "Bench A" } else { "Bench B" });
        let t = Instant::now();
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        conn.prepare_cached("UPDATE account SET owner = ?1, version = version + 1 WHERE id = ?2")
            .expect("prepare")
            .execute(rusqlite::params![owner, id])
            .expect("update");
        conn.execute_batch("COMMIT").expect("commit");
        if keep {
            floor.times.push(t.elapsed());
        }
    }
    save.save();
    call.save();
    floor.save();
}
