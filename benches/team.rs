//! Team mode against solo mode, in one run, on the same book (issue 18's benchmarks):
//! the portfolio load, an account's detail load, an edit's commit (rescored in the same
//! transaction, as the dashboard saves it) and the live refresh after another session's
//! commit, each on PostgreSQL (as a CSM, under row security) and on SQLite, interleaved
//! run by run so a busy minute of the shared machine weighs on both, with a floor per
//! engine measured the same way.
//!
//! Needs the book on both engines (`scripts/bench-report --team` sets this up):
//! `RADAR_BENCH_TEAM_SOLO` (the solo file), `RADAR_BENCH_TEAM_URL` (the CSM's address;
//! password from `PGPASSWORD`), `RADAR_BENCH_TEAM_WRITER` (another login's address: the
//! "other CSM" whose commit the live refresh waits for), `RADAR_BENCH_TEAM_OUT` (a JSON
//! file the rows are merged into). Without them the bench says so and exits.
//!
//! Run: `cargo bench --profile profiling --bench team`.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use radar::domain::risk::RiskConfig;
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::store::Store;
use radar::store::pg::{ChangeFeed, Changes, TeamTarget};
use radar::tui::msg::{Effect, Reply};
use radar::tui::worker::Worker;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const QUICK_RUNS: usize = 21;

struct Engines {
    pg: Store,
    lite: Store,
}

fn main() {
    let (Ok(solo), Ok(url)) = (std::env::var("RADAR_BENCH_TEAM_SOLO"), std::env::var("RADAR_BENCH_TEAM_URL"))
    else {
        eprintln!(
            "team bench: RADAR_BENCH_TEAM_SOLO and RADAR_BENCH_TEAM_URL are not set (scripts/bench-report --team)"
        );
        return;
    };
    let writer = std::env::var("RADAR_BENCH_TEAM_WRITER").unwrap_or_else(|_| url.clone());
    let out = std::env::var("RADAR_BENCH_TEAM_OUT").ok();
    let target = TeamTarget::parse(&url).expect("team address");
    let (today, now, cfg) = (common::today(), common::now(), RiskConfig::default());
    let open = || Engines {
        pg: Store::open_team(&target).expect("open team"),
        lite: Store::open(std::path::Path::new(&solo)).expect("open solo"),
    };
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    let mut record = |key: &str, engine: &str, times: Vec<Duration>| {
        let ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        rows.push((format!("{key}_{engine}"), ms));
    };

    // Portfolio load: every account's row, as the dashboard's first load and each reload.
    let e = open();
    let ids_pg: Vec<AccountId> = e.pg.portfolio(today).unwrap().iter().map(|r| r.id).collect();
    let ids_lite: Vec<AccountId> = e.lite.portfolio(today).unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids_pg.len(), ids_lite.len(), "the CSM does not see the whole book on PostgreSQL");
    let mut pg_client = pg_floor_client(&url);
    let lite_floor = rusqlite::Connection::open(&solo).unwrap();
    let (mut a, mut b, mut fa, mut fb) = (vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        a.push(time(|| e.pg.portfolio(today).unwrap().len()));
        fa.push(time(|| {
            pg_client
                .query(
                    "SELECT a.id, a.name, a.tier, a.stage, rc.score FROM radar.account a \
                     LEFT JOIN radar.risk_cache rc ON rc.account_id = a.id",
                    &[],
                )
                .unwrap()
                .len()
        }));
        b.push(time(|| e.lite.portfolio(today).unwrap().len()));
        fb.push(time(|| {
            let mut s = lite_floor
                .prepare_cached(
                    "SELECT a.id, a.name, a.tier, a.stage, rc.score FROM account a \
                     LEFT JOIN risk_cache rc ON rc.account_id = a.id",
                )
                .unwrap();
            s.query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(4)?))
            })
            .unwrap()
            .count()
        }));
    }
    record("portfolio", "pg", a);
    record("portfolio_floor", "pg", fa);
    record("portfolio", "sqlite", b);
    record("portfolio_floor", "sqlite", fb);
    drop(e);

    // Detail load: what the detail pane waits for, a different account each time.
    let mut wp = Worker::new(Store::open_team(&target).unwrap(), now, cfg.clone(), Lang::En);
    let mut wl = Worker::new(Store::open(std::path::Path::new(&solo)).unwrap(), now, cfg.clone(), Lang::En);
    let (mut a, mut b, mut fa, mut fb) = (vec![], vec![], vec![], vec![]);
    for k in 1..=QUICK_RUNS {
        let i = (k * 7919) % ids_pg.len();
        a.push(time(|| detail(&mut wp, ids_pg[i])));
        fa.push(time(|| pg_client.query_one("SELECT 1", &[]).unwrap().len()));
        b.push(time(|| detail(&mut wl, ids_lite[i])));
        fb.push(time(|| lite_floor.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)).unwrap()));
    }
    record("detail", "pg", a);
    record("round_trip_floor", "pg", fa);
    record("detail", "sqlite", b);
    record("round_trip_floor", "sqlite", fb);

    // An edit's commit: a logged call, saved and rescored in one transaction.
    let mut e = open();
    let (mut a, mut b) = (vec![], vec![]);
    for k in 1..=QUICK_RUNS {
        let i = (k * 104_729) % ids_pg.len();
        a.push(time(|| refresh::apply(&mut e.pg, &call(ids_pg[i], k), now, &cfg).unwrap()));
        b.push(time(|| refresh::apply(&mut e.lite, &call(ids_lite[i], k), now, &cfg).unwrap()));
    }
    record("edit_commit", "pg", a);
    record("edit_commit", "sqlite", b);

    // Live refresh: another login commits; the feed hears it (PostgreSQL: LISTEN/NOTIFY;
    // SQLite: the dashboard's once-a-second `data_version` check, here polled at once), and
    // the dashboard reloads what it shows (portfolio and the open detail).
    let mut other = Store::open_team(&TeamTarget::parse(&writer).unwrap()).unwrap();
    let mut other_lite = Store::open(std::path::Path::new(&solo)).unwrap();
    let mut feed = ChangeFeed::connect(&target).unwrap();
    while feed.poll(Duration::from_millis(50)).unwrap() != Changes::None {}
    let (mut heard, mut shown, mut heard_l, mut shown_l) = (vec![], vec![], vec![], vec![]);
    let watch = Store::open(std::path::Path::new(&solo)).unwrap();
    let mut v0 = watch.data_version().unwrap();
    for k in 1..=RUNS {
        let i = (k * 7919) % ids_pg.len();
        refresh::apply(&mut other, &call(ids_pg[i], k + 100), now, &cfg).unwrap();
        let t0 = Instant::now();
        loop {
            match feed.poll(Duration::from_secs(5)).unwrap() {
                Changes::None => panic!("no notification within 5 s"),
                Changes::All => break,
                Changes::Accounts(ids) if ids.contains(&ids_pg[i]) => break,
                Changes::Accounts(_) => {}
            }
        }
        heard.push(t0.elapsed());
        reload(&mut wp, ids_pg[i]);
        shown.push(t0.elapsed());

        refresh::apply(&mut other_lite, &call(ids_lite[i], k + 100), now, &cfg).unwrap();
        let t0 = Instant::now();
        let v = watch.data_version().unwrap();
        assert_ne!(v, v0, "SQLite's data_version did not move");
        v0 = v;
        heard_l.push(t0.elapsed());
        reload(&mut wl, ids_lite[i]);
        shown_l.push(t0.elapsed());
    }
    record("notify_heard", "pg", heard);
    record("notify_to_screen", "pg", shown);
    record("change_seen", "sqlite", heard_l);
    record("change_to_screen", "sqlite", shown_l);

    for (key, ms) in &rows {
        println!("  {key:<32} median {:>9.2} ms  ({} runs)", median(ms), ms.len());
    }
    if let Some(out) = out {
        let mut json = String::from("{\n");
        for (i, (key, ms)) in rows.iter().enumerate() {
            let list: Vec<String> = ms.iter().map(|m| format!("{m:.3}")).collect();
            let comma = if i + 1 < rows.len() { "," } else { "" };
            json.push_str(&format!(
                " \"{key}\": {{\"median_ms\": {:.3}, \"ms\": [{}]}}{comma}\n",
                median(ms),
                list.join(", ")
            ));
        }
        json.push('}');
        std::fs::write(&out, json).expect("write results");
    }
}

fn time<T>(f: impl FnOnce() -> T) -> Duration {
    let t0 = Instant::now();
    std::hint::black_box(f());
    t0.elapsed()
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 }
}

fn pg_floor_client(url: &str) -> postgres::Client {
    let mut cfg: postgres::Config = url.parse().expect("address");
    if let Ok(pw) = std::env::var("PGPASSWORD") {
        cfg.password(pw);
    }
    cfg.connect(postgres::NoTls).expect("connect")
}

fn detail(w: &mut Worker, id: AccountId) {
    let mut got = false;
    w.handle(&Effect::LoadDetail(id), &mut |r| got |= matches!(r, Reply::Detail(_)));
    assert!(got, "no detail for {id:?}");
}

/// What the dashboard does on `Reply::Changed` with an account open in the portfolio
/// view (`App::reload`): the portfolio, the detail, this quarter's report.
fn reload(w: &mut Worker, id: AccountId) {
    w.handle(&Effect::LoadPortfolio, &mut |_| {});
    detail(w, id);
    let (from, to) = (date(2026, 10, 1), date(2026, 12, 31));
    w.handle(&Effect::LoadReport { from, to, owner: None }, &mut |_| {});
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn call(id: AccountId, k: usize) -> Edit {
    Edit::SaveTouchpoint(Touchpoint {
        id: TouchpointId(0),
        account_id: id,
        date: common::today(),
        kind: TouchKind::Call,
        contact_id: None,
        note: format!("bench call {k}"),
        version: 0,
    })
}
