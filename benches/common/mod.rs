//! Shared by the benches: the demo fixture and per-operation timings.
//!
//! Fixtures: `scripts/bench-report` writes the demo portfolios once
//! (`$RADAR_BENCH_FIXTURES/demo-100000.db`, ...) and every bench copies the file into its
//! own temp dir (benches that write must not change what the next one reads). Without the
//! variable (a plain `cargo bench --bench NAME`), the bench generates its own file.
//!
//! Per-operation timings: criterion keeps one mean per sample, which hides the tail. Benches
//! whose target is about the tail (an edit's p99) or that run one slow operation per
//! iteration time each operation themselves and write the durations (ns, JSON array) to
//! `$RADAR_BENCH_OPS/<group>/<bench>.json` (default `target/bench-ops`); the report
//! script takes p95/p99 from there. Warm-up iterations are included: a conservative tail.
//!
//! Heavy operations (seconds each: whole-portfolio loads, exports, demo generation) do not
//! go through criterion, whose ten samples minimum would take minutes: `heavy` runs them
//! `$RADAR_BENCH_HEAVY_RUNS` times (default 10; the report script uses 3) and saves the
//! durations the same way.

#![allow(dead_code)] // each bench uses a different part

use chrono::{NaiveDate, NaiveDateTime};
use criterion::Bencher;
use radar::demo::{DemoOptions, write_demo};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The date every fixture and rule uses (as `--today` in the report script).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date")
}

/// Noon of `today()`: the dashboard's `now` with a pinned date.
pub fn now() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).expect("valid time")
}

/// A demo portfolio of `accounts` in a fresh temp dir: a copy of the pre-built fixture if
/// the report script made one, else generated (seed 1). Keep the `TempDir` alive.
pub fn demo_db(accounts: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    let prebuilt = std::env::var_os("RADAR_BENCH_FIXTURES")
        .map(|d| PathBuf::from(d).join(format!("demo-{accounts}.db")))
        .filter(|p| p.exists());
    match prebuilt {
        Some(src) => {
            std::fs::copy(&src, &path).expect("copy fixture");
            copy_if_present(&src, &path, "-wal");
            eprintln!("fixture: copied {} in {:?}", src.display(), t.elapsed());
        }
        None => {
            let opts = DemoOptions { accounts, seed: 1, today: today() };
            write_demo(&path, &opts, false, &mut |_, _| {}).expect("demo written");
            eprintln!("fixture: generated {accounts} accounts in {:?}", t.elapsed());
        }
    }
    (dir, path)
}

fn copy_if_present(src: &Path, dst: &Path, suffix: &str) {
    let with = |p: &Path| {
        let mut s = p.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    if with(src).exists() {
        std::fs::copy(with(src), with(dst)).expect("copy fixture companion");
    }
}

/// Durations of single operations, saved as JSON for the report's percentiles.
pub struct Ops {
    group: String,
    bench: String,
    pub times: Vec<Duration>,
}

impl Ops {
    pub fn new(group: &str, bench: &str) -> Ops {
        Ops { group: group.into(), bench: bench.into(), times: Vec::new() }
    }

    /// Writes the durations (ns) to `$RADAR_BENCH_OPS/<group>/<bench>.json`; prints
    /// median, p95 and p99 to stderr as well.
    pub fn save(&self) {
        if self.times.is_empty() {
            return;
        }
        let root = std::env::var_os("RADAR_BENCH_OPS")
            .map_or_else(|| PathBuf::from("target/bench-ops"), PathBuf::from);
        let dir = root.join(&self.group);
        std::fs::create_dir_all(&dir).expect("ops dir");
        let ns: Vec<u128> = self.times.iter().map(Duration::as_nanos).collect();
        let json = serde_json::to_string(&ns).expect("json");
        std::fs::write(dir.join(format!("{}.json", self.bench)), json).expect("ops file");
        let mut sorted = self.times.clone();
        sorted.sort();
        let pct = |p: f64| sorted[((sorted.len() as f64 - 1.0) * p).round() as usize];
        eprintln!(
            "{}/{}: {} ops, median {:?}, p95 {:?}, p99 {:?}, max {:?}",
            self.group,
            self.bench,
            sorted.len(),
            pct(0.5),
            pct(0.95),
            pct(0.99),
            sorted[sorted.len() - 1]
        );
    }
}

/// How many times `heavy` runs an operation.
pub fn heavy_runs() -> usize {
    std::env::var("RADAR_BENCH_HEAVY_RUNS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(10)
}

/// Times `op` (after an untimed `setup`) `heavy_runs()` times, outside criterion; saves
/// the durations as `<group>/<bench>` for the report.
pub fn heavy<S, R>(group: &str, bench: &str, mut setup: impl FnMut() -> S, mut op: impl FnMut(S) -> R) {
    let mut ops = Ops::new(group, bench);
    for _ in 0..heavy_runs() {
        let input = setup();
        let t = Instant::now();
        let out = op(input);
        ops.times.push(t.elapsed());
        drop(std::hint::black_box(out));
    }
    ops.save();
}

/// Criterion's `iter_custom` with an untimed `setup` before each operation: only `op` is
/// timed, and every operation's duration is kept in `ops`.
pub fn timed<S, O, R>(b: &mut Bencher<'_>, ops: &mut Ops, mut setup: impl FnMut() -> S, mut op: O)
where
    O: FnMut(S) -> R,
{
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        for _ in 0..iters {
            let input = setup();
            let t = Instant::now();
            let out = op(input);
            let d = t.elapsed();
            std::hint::black_box(out);
            total += d;
            ops.times.push(d);
        }
        total
    });
}
