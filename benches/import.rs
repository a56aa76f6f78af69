//! `radar import accounts` of 100k rows (issue target: ≤ 2 s), measured as the CLI does it:
//! one pass (read, decode, map headers, check every row, build the accounts and their
//! milestones, score risk, write in bulk) into a fresh file each time.
//! Also: re-planning the same file against the filled portfolio (all rows unchanged).
//! `scripts/bench-import` compares the CLI with sqlite3's own `.import` of the same CSV.
//!
//! Run: `cargo bench --bench import`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use radar::domain::risk::RiskConfig;
use radar::interchange::{Kind, import};
use radar::store::Store;
use std::fmt::Write;
use std::hint::black_box;
use std::path::Path;

const ROWS: usize = 100_000;

/// A CRM-like accounts file: mixed Chinese and English names, every column filled.
pub fn accounts_csv(rows: usize) -> String {
    let tiers = ["ka", "large", "mid", "mid", "small", "small", "micro"];
    let stages = ["onboarding", "adoption", "mature", "renewal"];
    let mut seed: u64 = 42;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut s = String::with_capacity(rows * 130);
    s.push_str("external_id,name,arr,renewal_date,contract_start,tier,industry,region,owner,currency,stage,target_fit,activated_on,forecast\n");
    for i in 0..rows {
        let (y, m, d) = (2026 + next(2), 1 + next(12), 1 + next(28));
        let name = if i % 2 == 0 {
            format!("成都云图{i}号信息技术有限公司")
        } else {
            format!("Company {i} Ltd")
        };
        let _ = writeln!(
            s,
            "ACC-{i:06},{name},{},{y}-{m:02}-{d:02},{}-{m:02}-{d:02},{},retail,华东,Li Na,CNY,{},yes,,",
            (3 + next(3000)) * 1000,
            y - 1,
            tiers[next(7) as usize],
            stages[next(4) as usize],
        );
    }
    s
}

/// What `radar import accounts` does with a new file: one pass that checks and writes.
fn import_into(db: &Path, csv: &Path) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
    let now = today.and_hms_opt(12, 0, 0).expect("valid time");
    let cfg = RiskConfig::embedded().expect("embedded config");
    let request =
        import::Request { kind: Kind::Accounts, path: csv.to_path_buf(), map: String::new(), today };
    let done = import::into_new_file(db, &request, now, &cfg, &mut |_, _, _| {}).expect("import");
    assert_eq!(done.counts.created, ROWS);
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("accounts_100k.csv");
    std::fs::write(&csv, accounts_csv(ROWS)).expect("write csv");
    let mut g = c.benchmark_group("import");
    // Seconds per iteration: ten samples; the measurement time comes from the command line
    // (scripts/bench-report keeps the whole report within ten minutes).
    g.sample_size(10);
    let mut n = 0;
    g.bench_function("accounts_100k_into_empty_file", |b| {
        b.iter(|| {
            n += 1;
            let db = dir.path().join(format!("p{n}.db"));
            import_into(&db, &csv);
            let _ = std::fs::remove_file(&db);
        })
    });
    let filled = dir.path().join("filled.db");
    import_into(&filled, &csv);
    let store = Store::open(&filled).expect("open");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
    g.bench_function("replan_100k_unchanged", |b| {
        b.iter(|| {
            let plan = import::plan(&store, Kind::Accounts, &csv, "", today).expect("plan");
            assert!(plan.is_noop());
            black_box(plan.counts)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
