//! Filter change on the 100k portfolio (issue 8 target: ≤ 16 ms), measured like the
//! `tui` bench's sort and search: `App::update` for one key, without its effects.
//! - `at_risk_toggle`: `r` (at risk or critical only, on and off in turn),
//! - `tier_cycle`: `t` (all → ka → large → … → all),
//! - floor: a bare pass over the same 100k rows keeping the at-risk ones (a `Vec` filter).
//!
//! Run: `cargo bench --bench filter`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use radar::domain::risk::Band;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn bench(c: &mut Criterion) {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let mut h = Harness::new(store, Lang::En, common::today(), (200, 50));
    assert_eq!(h.app.portfolio.model.total(), 100_000, "portfolio loaded");

    let mut g = c.benchmark_group("filter_change");
    g.bench_function("at_risk_toggle", |b| b.iter(|| black_box(h.update_only(key('r')))));
    if h.app.portfolio.model.filters.at_risk {
        h.update_only(key('r'));
    }
    g.bench_function("tier_cycle", |b| b.iter(|| black_box(h.update_only(key('t')))));
    h.update_only(key('x'));

    let rows = h.app.portfolio.model.rows();
    g.bench_function("floor_bare_filter", |b| {
        b.iter(|| {
            let kept: Vec<u32> = rows
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r.band, Some(Band::AtRisk | Band::Critical)))
                .map(|(i, _)| i as u32)
                .collect();
            black_box(kept)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
