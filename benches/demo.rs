//! Demo generation at 100k accounts (issue target: under 3 s): `write_demo` into a new
//! file, as `radar demo --accounts 100000` does. Seconds per run, so timed with
//! `common::heavy` (10 runs, `RADAR_BENCH_HEAVY_RUNS` to change) rather than criterion.
//! Run: `cargo bench --bench demo`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use radar::demo::{DemoOptions, write_demo};

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.db");
    let opts = DemoOptions { accounts: 100_000, seed: 1, today: common::today() };
    common::heavy(
        "demo",
        "generate_100k_accounts",
        || {
            if path.exists() {
                std::fs::remove_file(&path).expect("cleanup");
            }
        },
        |()| write_demo(&path, &opts, false, &mut |_, _| {}).expect("demo written"),
    );
}
