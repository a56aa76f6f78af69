//! Live refresh at 100k accounts: another process wrote to the file, the dashboard reloads.
//! - `worker_load_portfolio`: the store worker's `Effect::LoadPortfolio` (the portfolio
//!   query; risk already fresh), off the UI thread,
//! - `apply_rows_on_ui_thread`: `App::update` with the worker's answer (the portfolio model
//!   rebuilt: search haystacks, name ranks, owner and industry lists, sort orders, view).
//!   This runs on the UI thread, at startup and on every live refresh: the design's rule is
//!   nothing over ~16 ms there.
//!
//! Run: `cargo bench --bench refresh`.

mod common;

use common::{Ops, timed};
use criterion::{Criterion, criterion_group, criterion_main};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::{Effect, Msg, Reply};

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
        timed(b, &mut ops, || Msg::Db(Reply::Portfolio(rows.clone())), |msg| h.app.update(msg))
    });
    ops.save();
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
