//! `report` metrics over the 100k portfolio (this quarter, as the metrics pane and
//! `radar report` default to):
//! - `renewal_report_100k`: `domain::metrics::renewal_report` over the loaded facts, bands
//!   from the risk cache (as the store worker does): the pure computation,
//! - `renewal_report_assessed_100k`: the same with each pending account assessed afresh
//!   (as `radar report` does),
//! - `worker_load_report_100k`: what the metrics pane and the status bar wait for
//!   (`Effect::LoadReport`: terms and usage streamed through `ReportBuilder`, bands from
//!   the risk cache); seconds per run, timed by `common::heavy`.
//!
//! Run: `cargo bench --bench report`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use radar::cli::report_cmd::quarter_of;
use radar::domain::AccountId;
use radar::domain::metrics::{ReportPeriod, renewal_report};
use radar::domain::risk::{Band, RiskConfig};
use radar::i18n::Lang;
use radar::refresh;
use radar::store::Store;
use radar::tui::msg::{Effect, Reply};
use radar::tui::worker::Worker;
use std::collections::HashMap;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let (_dir, path) = common::demo_db(100_000);
    let (today, now, cfg) = (common::today(), common::now(), RiskConfig::default());
    let mut store = Store::open(&path).expect("open");
    refresh::ensure_fresh(&mut store, now, &cfg).expect("risk cache");
    let facts = store.load_all_facts().expect("facts");
    let bands: HashMap<AccountId, Band> =
        store.portfolio(today).expect("rows").iter().filter_map(|r| Some((r.id, r.band?))).collect();
    let (from, to): (NaiveDate, NaiveDate) = quarter_of(today);
    let currency = store.main_currency().expect("currency").expect("accounts");
    let period = ReportPeriod { from, to, today, currency };
    let r = renewal_report(&facts, &period, |f| bands[&f.account.id]);
    eprintln!("report {from}..{to}: {} due, {} pending", r.due_count, r.pending_count);

    let mut g = c.benchmark_group("report");
    g.bench_function("renewal_report_100k", |b| {
        b.iter(|| {
            black_box(renewal_report(black_box(&facts), &period, |f| {
                bands.get(&f.account.id).copied().unwrap_or(Band::Healthy)
            }))
        })
    });
    g.sample_size(10);
    g.bench_function("renewal_report_assessed_100k", |b| {
        b.iter(|| {
            black_box(renewal_report(black_box(&facts), &period, |f| refresh::score(f, now, &cfg).0.band))
        })
    });
    g.finish();
    drop(facts);
    // Seconds per run: timed outside criterion (see `common::heavy`).
    let mut worker = Worker::new(store, now, cfg.clone(), Lang::En);
    common::heavy(
        "report",
        "worker_load_report_100k",
        || (),
        |()| {
            let mut got = false;
            worker.handle(&Effect::LoadReport { from, to, owner: None }, &mut |r| {
                got |= matches!(r, Reply::Report(_))
            });
            assert!(got, "no report");
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
