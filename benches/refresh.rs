//! Live refresh at 100k accounts: another process wrote to the file, the dashboard reloads.
//! - `worker_load_portfolio`: the store worker's `Effect::LoadPortfolio` (the portfolio
//!   query; risk already fresh), off the UI thread,
//! - `apply_rows_on_ui_thread`: `App::update` with the worker's answer. The worker has
//!   already built the search haystacks, name ranks, owner and industry lists and every
//!   sort order (`LoadedRows::build`, in the setup, untimed); the UI thread swaps them in
//!   and filters. This runs at startup and on every live refresh: the design's rule is
//!   nothing over ~16 ms there.
//! - `build_rows_in_worker`: `LoadedRows::build` alone (the store worker's share).
//!
//! Run: `cargo bench --bench refresh`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Ops, timed};
use criterion::{Criterion, criterion_group, criterion_main};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::{Effect, Msg, Reply};
use radar::tui::panes::portfolio::model::LoadedRows;

fn bench(c: &mut Criterion) {
    let (_dir, path) = common::demo_db(100_000);
    let store = Store::open(&path).expect("open");
    let rows = store.portfolio(common::today()).expect("rows");
    let mut h = Harness::new(store, Lang::En, common::today(), (200, 50));
    assert_eq!(h.app.portfolio.model.total(), 100_000, "portfolio loaded");

    let mut g = c.benchmark_group("live_refresh");
    g.sample_size(10);
    let mut ops = Ops::new("live_refresh", "worker_load_portfolio");
    g.bench_function("worker_load_portfolio", |b| {
        timed(
            b,
            &mut ops,
            || (),
            |()| {
                let mut n = 0;
                h.worker
                    .handle(&Effect::LoadPortfolio, &mut |r| n += matches!(r, Reply::Portfolio(_)) as usize);
                assert_eq!(n, 1, "one portfolio answer (risk fresh)");
            },
        )
    });
    ops.save();
    let mut ops = Ops::new("live_refresh", "apply_rows_on_ui_thread");
    g.bench_function("apply_rows_on_ui_thread", |b| {
        timed(
            b,
            &mut ops,
            || Msg::Db(Reply::Portfolio(Box::new(LoadedRows::build(rows.clone(), common::today(), None)))),
            |msg| h.app.update(msg),
        )
    });
    ops.save();
    let mut ops = Ops::new("live_refresh", "build_rows_in_worker");
    g.bench_function("build_rows_in_worker", |b| {
        timed(b, &mut ops, || rows.clone(), |rows| LoadedRows::build(rows, common::today(), None))
    });
    ops.save();
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
