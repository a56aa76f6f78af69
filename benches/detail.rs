//! Account detail load on the 100k portfolio (issue 8 target: ≤ 5 ms), a different
//! account each time (as when the user walks the list):
//! - `load_facts`: `Store::load_facts` (the account and every record about it),
//! - `worker_load_detail`: what the detail pane waits for (`Effect::LoadDetail` in the
//!   store worker: load, assess, 12-week trend, flip set, reasons rendered),
//! - floor: the same rows with bare rusqlite (one indexed query per table, every column
//!   read, nothing decoded).
//!
//! Run: `cargo bench --bench detail`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Ops, now, timed};
use criterion::{Criterion, criterion_group, criterion_main};
use radar::domain::AccountId;
use radar::domain::risk::RiskConfig;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::msg::{Effect, Reply};
use radar::tui::worker::Worker;
use std::cell::Cell;

fn account_id(k: u64) -> AccountId {
    AccountId(1 + ((k * 7919) % 100_000) as i64)
}

/// The tables `load_facts` reads, keyed by account.
const CHILD_TABLES: [&str; 8] =
    ["term", "contact", "promise", "requirement", "complaint", "touchpoint", "usage", "milestone"];

fn bench(c: &mut Criterion) {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let k = Cell::new(0u64);
    let next = || {
        k.set(k.get() + 1);
        account_id(k.get())
    };

    let mut g = c.benchmark_group("detail");
    let mut ops = Ops::new("detail", "load_facts");
    g.bench_function("load_facts", |b| {
        timed(b, &mut ops, next, |id| store.load_facts(id).expect("load").expect("account"))
    });
    ops.save();

    let mut worker = Worker::new(Store::open(&path).expect("open"), now(), RiskConfig::default(), Lang::En);
    let mut ops = Ops::new("detail", "worker_load_detail");
    g.bench_function("worker_load_detail", |b| {
        timed(b, &mut ops, next, |id| {
            let mut got = false;
            worker.handle(&Effect::LoadDetail(id), &mut |r| got |= matches!(r, Reply::Detail(_)));
            assert!(got, "no detail for {id:?}");
        })
    });
    ops.save();

    let conn = rusqlite::Connection::open(&path).expect("open");
    let read_all = |sql: &str, id: i64| -> usize {
        let mut stmt = conn.prepare_cached(sql).expect("prepare");
        let n = stmt.column_count();
        let mut rows = stmt.query([id]).expect("query");
        let mut cells = 0;
        while let Some(r) = rows.next().expect("row") {
            for i in 0..n {
                std::hint::black_box(r.get_ref(i).expect("cell"));
                cells += 1;
            }
        }
        cells
    };
    let queries: Vec<String> = std::iter::once("SELECT * FROM account WHERE id = ?1".to_string())
        .chain(CHILD_TABLES.iter().map(|t| format!("SELECT * FROM {t} WHERE account_id = ?1 ORDER BY account_id, id")))
        .chain(std::iter::once(
            "SELECT r.account_id, t.* FROM requirement_transition t JOIN requirement r ON r.id = t.requirement_id \
             WHERE r.account_id = ?1 ORDER BY r.account_id, t.requirement_id, t.at, t.id"
                .to_string(),
        ))
        .collect();
    let mut ops = Ops::new("detail", "floor_bare_queries");
    g.bench_function("floor_bare_queries", |b| {
        timed(b, &mut ops, next, |id| queries.iter().map(|q| read_all(q, id.0)).sum::<usize>())
    });
    ops.save();
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
