//! One search keystroke at 100k against its floor, interleaved in one process (the load of
//! a shared machine drifts between benches run a minute apart):
//! - `keystroke`: `/` already pressed, the query empty, then `a` (`App::update`, without
//!   effects): every row is tested (`a` matches all 100k rows: the ids are `ACC-…`),
//! - `nucleo_alone_100k` (the floor): nucleo-matcher alone testing the same 100k haystacks
//!   (name and external id, already UTF-32, as the portfolio model keeps them) against `a`,
//!   same case and normalisation settings. No filters, no sort, no view.
//!
//! 100 rounds (`RADAR_BENCH_SEARCH_ROUNDS`) after 5 unrecorded ones, each operation timed on
//! its own (`common::Ops`). The `tui` bench measures the same keystroke with criterion.
//! Run: `cargo bench --bench search_floor`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ops;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::time::Instant;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn main() {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let rows = store.portfolio(common::today()).expect("rows");
    let haystacks: Vec<Utf32String> = rows
        .iter()
        .map(|r| match &r.external_id {
            Some(x) => Utf32String::from(format!("{} {x}", r.name).as_str()),
            None => Utf32String::from(r.name.as_str()),
        })
        .collect();
    drop(rows);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut h = Harness::new(store, Lang::En, common::today(), (200, 50));
    assert_eq!(h.app.portfolio.model.total(), 100_000, "portfolio loaded");
    h.update_only(key('/'));

    let rounds: usize =
        std::env::var("RADAR_BENCH_SEARCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let mut keystroke = Ops::new("search_floor", "keystroke");
    let mut floor = Ops::new("search_floor", "nucleo_alone_100k");
    for round in 0..rounds + 5 {
        h.app.portfolio.search_input("");
        let t = Instant::now();
        black_box(h.update_only(key('a')));
        let d = t.elapsed();
        assert_eq!(h.app.portfolio.model.view.len(), 100_000, "`a` matches every row");
        if round >= 5 {
            keystroke.times.push(d);
        }

        let t = Instant::now();
        let p = Pattern::parse(black_box("a"), CaseMatching::Ignore, Normalization::Smart);
        let hits: Vec<u32> = (0..haystacks.len() as u32)
            .filter(|i| p.score(haystacks[*i as usize].slice(..), &mut matcher).is_some())
            .collect();
        let d = t.elapsed();
        assert_eq!(black_box(hits).len(), 100_000);
        if round >= 5 {
            floor.times.push(d);
        }
    }
    keystroke.save();
    floor.save();
}
