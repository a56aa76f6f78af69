//! JSON export of the 100k portfolio (`radar export --format json`), seconds per run, so
//! timed by `common::heavy` (10 runs, `RADAR_BENCH_HEAVY_RUNS` to change):
//! - `json_100k`: `interchange::export::json::write` (every account streamed from the
//!   store with all its records into the pretty, control-escaping document, written to a
//!   counting sink: the file system is not included),
//! - `to_bytes_100k`: the serialisation alone, from facts already loaded,
//! - floor: plain `serde_json::to_vec_pretty` of the same facts (no escaping formatter).
//!
//! Run: `cargo bench --bench export`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use radar::interchange::export::json;
use radar::store::Store;

fn main() {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let mut size = 0;
    common::heavy(
        "export",
        "json_100k",
        || (),
        |()| {
            let mut sink = Counting(0);
            assert_eq!(json::write(&store, &mut sink).expect("export"), 100_000);
            size = sink.0;
        },
    );
    eprintln!("export: {:.1} MB", size as f64 / 1e6);
    let facts = store.load_all_facts().expect("facts");
    common::heavy("export", "to_bytes_100k", || (), |()| json::to_bytes(&facts).expect("export").len());
    common::heavy(
        "export",
        "floor_serde_json_pretty",
        || (),
        |()| serde_json::to_vec_pretty(&facts).expect("json").len(),
    );
}

/// Counts the bytes written to it, and keeps none.
struct Counting(usize);

impl std::io::Write for Counting {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
