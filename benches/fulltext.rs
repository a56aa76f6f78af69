//! Search everything (`Store::search`, what `radar search` and the dashboard's C-f run) on
//! the 100k demo, against its floor, interleaved in one process (the load of a shared
//! machine drifts between benches run a minute apart):
//! - `search_<word>`: the whole search of 20 results: the query normalised, FTS5's MATCH,
//!   bm25 and date order over the most recent matches, each record read back with its
//!   account's name, the snippet made. Words: 培训 (a two-character Chinese word in some
//!   90,000 records), `training` (an English prefix in as many), 天府云图 (a phrase of
//!   bigrams, in account names), `zebrafish` (in none).
//! - `floor_bare_match`: the bare FTS5 query of 培训 by rusqlite, rowids only, no order.
//!
//! 50 rounds (`RADAR_BENCH_SEARCH_ROUNDS`) after 3 unrecorded ones (`common::Ops`).
//! Run: `cargo bench --bench fulltext`. Target: median ≤ 50 ms.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ops;
use radar::store::Store;
use std::hint::black_box;
use std::time::Instant;

const WORDS: [(&str, &str); 4] = [
    ("search_peixun", "培训"),
    ("search_training", "training"),
    ("search_phrase", "天府云图"),
    ("search_none", "zebrafish"),
];

fn main() {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let bare = rusqlite::Connection::open(&path).expect("bare connection");
    let rounds: usize =
        std::env::var("RADAR_BENCH_SEARCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let mut ops: Vec<Ops> = WORDS.iter().map(|(id, _)| Ops::new("fulltext", id)).collect();
    let mut floor = Ops::new("fulltext", "floor_bare_match");
    for round in 0..rounds + 3 {
        for ((_, word), op) in WORDS.iter().zip(&mut ops) {
            let t = Instant::now();
            let hits = black_box(store.search(black_box(word), 20).expect("search"));
            let d = t.elapsed();
            assert!(hits.len() == 20 || *word != "培训", "{word}: {}", hits.len());
            if round >= 3 {
                op.times.push(d);
            }
        }
        let t = Instant::now();
        let mut stmt = bare
            .prepare_cached("SELECT rowid FROM search_index WHERE search_index MATCH ?1 LIMIT 20")
            .unwrap();
        let n = stmt.query_map(["\"培训\""], |r| r.get::<_, i64>(0)).unwrap().count();
        let d = t.elapsed();
        assert_eq!(black_box(n), 20);
        if round >= 3 {
            floor.times.push(d);
        }
    }
    for op in &ops {
        op.save();
    }
    floor.save();
}
