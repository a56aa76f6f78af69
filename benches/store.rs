//! Store-level costs at 100k accounts (a demo portfolio built once per run):
//! - recompute the cached risk of every account (load all facts, score, save),
//! - recompute one account after an edit (issue 3 target ≤ 1 ms),
//! - the portfolio query (startup), against a bare rusqlite scan of the same rows.
//!
//! Run: `cargo bench --bench store`. The 100k file takes a few seconds to build.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use radar::demo::{DemoOptions, write_demo};
use radar::domain::AccountId;
use radar::domain::risk::RiskConfig;
use radar::refresh;
use radar::store::Store;
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
    let now = today.and_hms_opt(12, 0, 0).expect("valid time");
    write_demo(&path, &DemoOptions { accounts: 100_000, seed: 1, today }, false, &mut |_, _| {})
        .expect("demo written");
    let mut store = Store::open(&path).expect("open");
    let cfg = RiskConfig::default();

    let mut g = c.benchmark_group("store_100k");
    g.sample_size(10).measurement_time(Duration::from_secs(40));
    g.bench_function("recompute_all_cached_scores", |b| {
        b.iter(|| refresh::recompute_all(&mut store, now, &cfg).expect("recompute"))
    });
    g.bench_function("load_all_facts", |b| b.iter(|| black_box(store.load_all_facts().expect("load").len())));
    g.finish();

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
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
