//! Demo generation at 100k accounts (issue target: under 3 s).
//! Run: `cargo bench --bench demo`.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use radar::demo::{DemoOptions, write_demo};
use std::time::Duration;

fn demo_100k(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
    let mut group = c.benchmark_group("demo");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    let mut n = 0;
    group.bench_function("generate_100k_accounts", |b| {
        b.iter(|| {
            n += 1;
            let path = dir.path().join(format!("demo{n}.db"));
            let opts = DemoOptions { accounts: 100_000, seed: 1, today };
            write_demo(&path, &opts, false, &mut |_, _| {}).expect("demo written");
            std::fs::remove_file(&path).expect("cleanup");
        })
    });
    group.finish();
}

criterion_group!(benches, demo_100k);
criterion_main!(benches);
