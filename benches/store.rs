//! Store-level costs at 100k accounts (a demo portfolio built once per run):
//! - recompute the cached risk of every account (load all facts, score, save; issue 3
//!   target ≤ 0.8 s, issue 19) and load all facts: seconds each, timed in turn with a
//!   bare rusqlite read of every row of the same tables (their floor),
//! - recompute one account after an edit (issue 3 target ≤ 1 ms),
//! - the portfolio query (startup), against two floors: a bare rusqlite scan of the
//!   account table with its cached score (the least any list of 100k accounts costs), and
//!   the portfolio's own SQL run with nothing decoded (`Store::portfolio_floor`: what
//!   SQLite alone spends on it).
//!
//! Run: `cargo bench --bench store`. Without `RADAR_BENCH_FIXTURES` (see `common`) the
//! 100k file takes a few seconds to build.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use radar::domain::AccountId;
use radar::domain::risk::RiskConfig;
use radar::refresh;
use radar::store::Store;
use std::hint::black_box;
use std::time::Instant;

fn bench(c: &mut Criterion) {
    let (_dir, path) = common::demo_db(100_000);
    let (today, now) = (common::today(), common::now());
    let mut store = Store::open(&path).expect("open");
    let cfg = RiskConfig::default();

    let mut g = c.benchmark_group("store_one");
    g.bench_function("recompute_one_account", |b| {
        b.iter(|| refresh::recompute_one(&mut store, AccountId(4242), now, &cfg).expect("recompute"))
    });
    g.bench_function("load_one_account_facts", |b| {
        b.iter(|| black_box(store.load_facts(AccountId(4242)).expect("load")))
    });
    g.finish();

    let mut g = c.benchmark_group("portfolio_100k");
    g.sample_size(10);
    g.bench_function("portfolio_query", |b| {
        b.iter(|| black_box(store.portfolio(today).expect("rows").len()))
    });
    // Floor: a bare rusqlite scan of the account table with its cached score.
    let conn = rusqlite::Connection::open(&path).expect("open");
    g.bench_function("floor_bare_account_scan", |b| {
        b.iter(|| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT a.id, a.name, a.tier, a.stage, rc.score FROM account a \
                     LEFT JOIN risk_cache rc ON rc.account_id = a.id",
                )
                .expect("prepare");
            let n = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(4)?))
                })
                .expect("query")
                .count();
            black_box(n)
        })
    });
    g.bench_function("floor_same_sql_bare", |b| {
        b.iter(|| black_box(store.portfolio_floor(today).expect("rows")))
    });
    g.finish();

    // Seconds per run: timed outside criterion, and in turn (recompute, load all, floor,
    // recompute, …) so that each ratio compares the same minutes of a shared machine's
    // load. Last, so the WAL their writes leave behind does not slow the reads above.
    let bare = rusqlite::Connection::open(&path).expect("open");
    let mut recompute = common::Ops::new("store_100k", "recompute_all_cached_scores");
    let mut load = common::Ops::new("store_100k", "load_all_facts");
    let mut floor = common::Ops::new("store_100k", "floor_bare_scan_all_tables");
    for _ in 0..common::heavy_runs() {
        let t = Instant::now();
        black_box(refresh::recompute_all(&mut store, now, &cfg).expect("recompute"));
        recompute.times.push(t.elapsed());
        let t = Instant::now();
        black_box(store.load_all_facts().expect("load").len());
        load.times.push(t.elapsed());
        // Floor of both: every row of every table the facts come from, read by bare
        // rusqlite (each column touched, nothing decoded or allocated).
        let t = Instant::now();
        black_box(FACT_TABLES.iter().map(|t| scan(&bare, &format!("SELECT * FROM {t}"))).sum::<usize>());
        floor.times.push(t.elapsed());
    }
    for ops in [recompute, load, floor] {
        ops.save();
    }
}

/// The tables `Store::load_all_facts` reads.
const FACT_TABLES: [&str; 10] = [
    "account",
    "term",
    "contact",
    "promise",
    "requirement",
    "requirement_transition",
    "complaint",
    "touchpoint",
    "usage",
    "milestone",
];

/// Runs `sql`, touching every column of every row; returns the row count.
fn scan(conn: &rusqlite::Connection, sql: &str) -> usize {
    let mut stmt = conn.prepare_cached(sql).expect("prepare");
    let cols = stmt.column_count();
    let mut rows = stmt.query([]).expect("query");
    let mut n = 0;
    while let Some(r) = rows.next().expect("row") {
        for i in 0..cols {
            black_box(r.get_ref(i).expect("cell"));
        }
        n += 1;
    }
    n
}

criterion_group!(benches, bench);
criterion_main!(benches);
