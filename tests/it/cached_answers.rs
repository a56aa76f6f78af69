//! Commands that read what is cached (issue 19): `triage` and `report` answer from the
//! risk cache when it is current, and their answers equal the ones computed from every
//! account's facts; a cache that is not current is never used silently (recomputed first,
//! saying so on stderr, or with `--no-recompute` labelled stale).
//! On both engines (issue 18 item 8); on PostgreSQL the commands run as the lead.

use crate::both;
use crate::support::db::Backend;
use chrono::NaiveDate;
use radar::domain::Currency;
use radar::domain::money::{FxRate, FxValue};
use radar::domain::owner::OwnerFilter;
use radar::domain::risk::RiskConfig;
use radar::store::Store;
use radar::{cached_scans, refresh, scans};
use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-22";

fn radar_on(db: &Path, today: &str, config: &str, args: &[&str]) -> Output {
    radar_db(&Backend::Sqlite(db.to_path_buf()), today, config, args)
}

/// The binary on `db`: the file, or on PostgreSQL as the lead (who reads every account).
fn radar_db(db: &Backend, today: &str, config: &str, args: &[&str]) -> Output {
    let mut cmd = match db {
        Backend::Sqlite(p) => {
            let mut c = Command::new(env!("CARGO_BIN_EXE_radar"));
            c.arg("--db").arg(p);
            c
        }
        Backend::Pg(t) => t.radar_cmd("dave", None, &[]),
    };
    cmd.args(["--today", today, "--lang", "en"])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env_remove("RADAR_USER")
        .env("RADAR_CONFIG", config)
        .output()
        .expect("radar runs")
}

fn radar(db: &Path, args: &[&str]) -> Output {
    radar_on(db, TODAY, "/nonexistent/radar-config.toml", args)
}

fn ok(out: &Output) -> (String, String) {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "stderr: {stderr}");
    (stdout, stderr)
}

fn demo(dir: &Path, accounts: &str) -> std::path::PathBuf {
    let db = dir.join("p.db");
    ok(&radar(&db, &["demo", "--accounts", accounts, "--seed", "7"]));
    db
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `n` demo accounts (as `radar demo --seed SEED`) on `db`, read as the lead. On
/// PostgreSQL the accounts are then shared out among alice, bob and carol (the owner
/// there is the owning login), so that there are owners to filter by, as in the file.
fn demo_on(db: &Backend, n: usize, seed: u64) -> Store {
    let mut store = db.store("dave");
    let opts = radar::demo::DemoOptions { accounts: n, seed, today: now().date() };
    let mut facts = radar::demo::generate_range(&opts, 0..n).unwrap();
    store.insert_facts(&mut facts, false).unwrap();
    if let Backend::Pg(t) = db {
        let (a, b, c) = (t.login("alice"), t.login("bob"), t.login("carol"));
        let sql = format!(
            "UPDATE account SET owner_login = (CASE id % 3 WHEN 0 THEN '{a}' WHEN 1 THEN '{b}' ELSE '{c}' END)::name"
        );
        t.connect("postgres").batch_execute(&sql).unwrap();
    }
    store
}

// The acceptance test: on a demo portfolio, the triage list (order, scores, reasons,
// gaps, ARR) and the renewal report read from a current cache equal the ones computed
// from scratch, for every owner and several limits and periods. On both engines.
both!(cached_answers_equal_the_recomputed_ones_on_a_demo_portfolio, |db| {
    let cfg = RiskConfig::default();
    let mut store = demo_on(&db, 600, 7);
    refresh::recompute_all(&mut store, now(), &cfg).unwrap();
    assert!(refresh::cache_state(&store, now(), &cfg).unwrap().is_current());

    let mut owners: Vec<OwnerFilter> = vec![OwnerFilter::all()];
    let names: std::collections::BTreeSet<String> =
        store.portfolio(now().date()).unwrap().into_iter().map(|r| r.owner).collect();
    assert!(names.len() >= 2, "{names:?}");
    owners.extend(names.iter().map(|n| OwnerFilter::named(n)));
    let fx = store.converter(cfg.report_currency).unwrap();
    for owner in &owners {
        let computed = scans::triage(&store, now(), &cfg, owner, &fx).unwrap();
        for limit in [1, 20, 5_000] {
            let cached = cached_scans::triage(&store, now(), &cfg, owner, limit, &fx).unwrap();
            let want = &computed[..computed.len().min(limit)];
            assert_eq!(cached.len(), want.len(), "{owner:?} limit {limit}");
            for (i, (c, w)) in cached.iter().zip(want).enumerate() {
                assert_eq!(
                    (&c.name, c.priority, &c.assessment, c.arr, c.arr_converted, &c.external_id),
                    (&w.name, w.priority, &w.assessment, w.arr, w.arr_converted, &w.external_id),
                    "{owner:?} limit {limit}, row {i}"
                );
            }
        }
        for period in
            [("2026-10-01", "2026-12-31"), ("2026-01-01", "2026-12-31"), ("2024-01-01", "2028-12-31")]
        {
            let period = (day(period.0), day(period.1));
            let computed =
                scans::renewal_report(&store, period, None, now(), &cfg, scans::Bands::Assess, owner)
                    .unwrap();
            let cached = cached_scans::renewal_report(&store, period, None, now(), &cfg, owner).unwrap();
            assert_eq!(cached, computed, "{owner:?} {period:?}");
            assert!(computed.due_count > 0 || period.0.to_string() != "2024-01-01", "{computed:?}");
        }
    }
});

// The same through the command line: `triage --format json` answered from the cache
// equals the list computed from the facts (`--currency` naming the portfolio's own
// currency weighs the same ARR, but is never read from the cache), and the report after
// the cache was made current equals the report when it recomputed first.
both!(the_commands_cached_answers_equal_their_computed_ones, |db| {
    drop(demo_on(&db, 300, 7));
    let radar = |_: &Backend, args: &[&str]| radar_db(&db, TODAY, NO_CONFIG, args);
    // No cache yet: it is computed first, said on stderr.
    let (report_first, err) = ok(&radar(&db, &["report", "--from", "2026-01-01", "--to", "2026-12-31"]));
    assert!(err.contains("no risk scores are cached yet: recomputing them first"), "{err}");
    let (report_cached, err) = ok(&radar(&db, &["report", "--from", "2026-01-01", "--to", "2026-12-31"]));
    assert_eq!(err, "", "a current cache is used without a word");
    assert_eq!(report_cached, report_first);
    let (cached, err) = ok(&radar(&db, &["triage", "--format", "json", "--limit", "25"]));
    assert_eq!(err, "");
    let (computed, _) = ok(&radar(&db, &["triage", "--format", "json", "--currency", "CNY"]));
    let (cached, computed): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&cached).unwrap(), serde_json::from_str(&computed).unwrap());
    let computed: Vec<_> = computed.as_array().unwrap().iter().take(25).cloned().collect();
    assert_eq!(cached.as_array().unwrap(), &computed);
});

/// The account on top of the triage list: its id and name.
fn top_account(db: &Backend, store: &Store) -> (i64, String) {
    let (out, _) = ok(&radar_db(db, TODAY, NO_CONFIG, &["triage", "--format", "json", "--limit", "1"]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let name = v[0]["name"].as_str().unwrap().to_string();
    let row = store.portfolio(now().date()).unwrap().into_iter().find(|r| r.name == name).unwrap();
    (row.id.0, name)
}

const NO_CONFIG: &str = "/nonexistent/radar-config.toml";

// A stale cache is never used silently: an account edited behind Radar's back (by SQL
// past the store) makes the next command say so and rescore it; `--no-recompute` answers
// from the stale scores, labelled, and leaves them stale; another day and other settings
// too. On both engines (on PostgreSQL the binary runs as the lead).
both!(a_stale_cache_is_never_used_silently, |db| {
    let store = demo_on(&db, 200, 7);
    let run = |today: &str, config: &str, args: &[&str]| ok(&radar_db(&db, today, config, args));
    let stale = || db.count("SELECT count(*) FROM risk_cache WHERE stale <> 0", &[]);
    run(TODAY, NO_CONFIG, &["triage", "--limit", "1"]);
    let (id, name) = top_account(&db, &store);
    // Everything that made the top account risky is gone: usage, commitments, milestones.
    for t in ["usage", "promise", "complaint", "requirement", "milestone"] {
        db.exec(&format!("DELETE FROM {t} WHERE account_id = $1"), &[id]);
    }
    assert_eq!(stale(), 1, "the triggers marked the edited account");

    // --no-recompute: the stale answer, labelled on stderr and in the output.
    let (text, err) = run(TODAY, NO_CONFIG, &["triage", "--limit", "1", "--no-recompute"]);
    assert!(err.contains("answering from them anyway (--no-recompute), marked stale"), "{err}");
    assert!(err.contains("1 account changed or added since its risk was scored"), "{err}");
    assert!(text.starts_with("STALE: "), "{text}");
    assert!(text.contains(&name), "the stale order still has it on top: {text}");
    let (json, _) = run(TODAY, NO_CONFIG, &["triage", "--limit", "1", "--no-recompute", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v[0]["stale"].as_str().unwrap().contains("changed"), "{v}");
    let (report, err) = run(TODAY, NO_CONFIG, &["report", "--no-recompute", "--format", "json"]);
    assert!(err.contains("marked stale"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert!(v["stale"].is_string(), "{v}");
    assert_eq!(stale(), 1, "--no-recompute writes nothing");

    // Without it: said on stderr, rescored, and the answer is the fresh one.
    let (text, err) = run(TODAY, NO_CONFIG, &["triage", "--limit", "1"]);
    assert!(err.contains("since its risk was scored: recomputing them first"), "{err}");
    assert!(!text.contains("STALE"), "{text}");
    assert!(!text.contains(&name), "its risk is gone, so is its place on top: {text}");
    assert_eq!(stale(), 0);
    let (_, err) = run(TODAY, NO_CONFIG, &["triage", "--limit", "1"]);
    assert_eq!(err, "", "current again");

    // Another day: the whole cache is recomputed, and said so.
    let (_, err) = run("2026-11-23", NO_CONFIG, &["report", "--no-recompute"]);
    assert!(err.contains("the cached risk scores are for 2026-11-22"), "{err}");
    let (_, err) = run("2026-11-23", NO_CONFIG, &["triage", "--limit", "1"]);
    assert!(err.contains("the cached risk scores are for 2026-11-22: recomputing them first"), "{err}");
    assert_eq!(db.count("SELECT count(*) FROM risk_cache WHERE as_of <> '2026-11-23'", &[]), 0);
    assert_eq!(db.count("SELECT count(*) FROM risk_cache", &[]), 200);

    // Other settings weigh the rules differently: recomputed too.
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[risk.params]\nno_login_days = 45\n").unwrap();
    let (_, err) = run("2026-11-23", cfg.to_str().unwrap(), &["triage", "--limit", "1"]);
    assert!(
        err.contains("computed with other rules, settings or exchange rates: recomputing them first"),
        "{err}"
    );
    let (_, err) = run("2026-11-23", cfg.to_str().unwrap(), &["report"]);
    assert_eq!(err, "");
});

// With no reporting currency set, triage weighs ARR in the currency most accounts are
// billed in, and that changes with the book. Scores weighed in the former one are not
// current: before, only the accounts that changed were rescored and the others kept
// priorities weighed in the old currency, so the cached triage order silently differed
// from the computed one. On both engines.
both!(scores_weighed_in_a_former_main_currency_are_not_current, |db| {
    let cfg = RiskConfig::default();
    let mut store = demo_on(&db, 60, 7);
    let usd = Currency::new("USD").unwrap();
    let main = store.main_currency().unwrap().unwrap();
    let other = if main == Currency::CNY { usd } else { Currency::CNY };
    let rate = FxRate::new(usd, Currency::CNY, day("2000-01-01"), FxValue::parse("7.1").unwrap()).unwrap();
    store.set_fx_rate(&rate).unwrap();
    refresh::recompute_all(&mut store, now(), &cfg).unwrap();
    assert!(refresh::cache_state(&store, now(), &cfg).unwrap().is_current());
    // Most accounts are now billed in the other currency (changed behind the store's back).
    db.exec(&format!("UPDATE account SET currency = '{}' WHERE id % 5 <> 0", other.code()), &[]);
    assert_eq!(store.main_currency().unwrap(), Some(other));
    // Each currency's accounts, as `radar triage` counts those without a rate.
    let counts = store.currency_counts().unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), 60, "{counts:?}");
    assert_eq!(counts.iter().max_by_key(|(_, n)| *n).map(|(c, _)| *c), Some(other), "{counts:?}");
    assert!(!refresh::cache_state(&store, now(), &cfg).unwrap().is_current());
    assert!(refresh::ensure_fresh(&mut store, now(), &cfg).unwrap());
    assert!(refresh::cache_state(&store, now(), &cfg).unwrap().is_current());
    let fx = store.converter(cfg.report_currency).unwrap();
    assert_eq!(fx.target(), other);
    let all = OwnerFilter::all();
    let computed = scans::triage(&store, now(), &cfg, &all, &fx).unwrap();
    let cached = cached_scans::triage(&store, now(), &cfg, &all, 5_000, &fx).unwrap();
    let rows = |v: &[scans::TriageEntry]| -> Vec<(String, i64)> {
        v.iter().map(|r| (r.name.clone(), r.priority)).collect()
    };
    assert_eq!(rows(&cached), rows(&computed), "cached priorities weighed in {other}");
});

// An import weighs ARR in the currency of the book it writes, counted from its own rows in
// a bulk load (which keeps no tally to ask): a book in dollars is current after its
// import, and the next command answers without recomputing. When the majority changes
// during an import, the chunks weighed before differ: the next command says so and
// recomputes. (The files hold a rate, in a file made before the import, so the weighing matters.)
#[test]
fn an_import_stamps_its_scores_with_the_currency_of_the_book_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let import = |name: &str, blocks: &[(&str, usize)]| {
        let mut text = String::from("external_id,name,arr,renewal_date,currency\n");
        let mut i = 0;
        for (currency, n) in blocks {
            for _ in 0..*n {
                text.push_str(&format!("A-{i},Account {i},{},2027-03-01,{currency}\n", 1000 + i * 37));
                i += 1;
            }
        }
        let (csv, db) = (dir.path().join(format!("{name}.csv")), dir.path().join(format!("{name}.db")));
        std::fs::write(&csv, text).unwrap();
        let usd = Currency::new("USD").unwrap();
        let rate =
            FxRate::new(usd, Currency::CNY, day("2020-01-01"), FxValue::parse("7.1").unwrap()).unwrap();
        Store::open(&db).unwrap().set_fx_rate(&rate).unwrap();
        let (out, _) = ok(&radar(&db, &["import", "accounts", csv.to_str().unwrap()]));
        assert!(out.contains(" created"), "{out}");
        db
    };
    // Both are bulk loads (`BULK_MIN` rows or more, into a file without accounts).
    const { assert!(radar::interchange::import::BULK_MIN <= 5_200) };
    let dollars = import("usd", &[("USD", 5_200)]);
    let (_, err) = ok(&radar(&dollars, &["triage", "--limit", "1"]));
    assert_eq!(err, "", "every chunk weighed in dollars, the book's currency");
    let mixed = import("mixed", &[("CNY", 2_200), ("USD", 3_000)]);
    let (_, err) = ok(&radar(&mixed, &["triage", "--limit", "1"]));
    assert!(
        err.contains("computed with other rules, settings or exchange rates: recomputing them first"),
        "{err}"
    );
    let (_, err) = ok(&radar(&mixed, &["triage", "--limit", "1"]));
    assert_eq!(err, "");
}

// A rate set, removed, or changed behind Radar's back outdates the scores weighed at the
// old rates, and the command says so in words: before, it said "the cached risk scores
// are for 1970-01-01", the marker a rate change writes.
#[test]
fn a_rate_change_outdates_the_scores_and_says_so_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path(), "60");
    ok(&radar(&db, &["triage", "--limit", "1"]));
    let rescored = |db: &Path| {
        let (_, err) = ok(&radar(db, &["triage", "--limit", "1"]));
        assert!(err.contains("computed with other rules, settings or exchange rates: recomputing"), "{err}");
        assert!(!err.contains("1970"), "{err}");
        let (_, err) = ok(&radar(db, &["triage", "--limit", "1"]));
        assert_eq!(err, "", "current again");
    };
    ok(&radar(&db, &["fx", "set", "USD", "6.5", "--base", "CNY", "--from", "2026-06-01"]));
    rescored(&db);
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute("UPDATE fx_rate SET rate_micro = 6600000 WHERE valid_from = '2026-06-01'", []).unwrap();
    let (_, err) = ok(&radar(&db, &["report", "--no-recompute"]));
    assert!(err.contains("exchange rates: answering from them anyway"), "{err}");
    rescored(&db);
    ok(&radar(&db, &["fx", "rm", "USD", "--base", "CNY", "--from", "2026-06-01"]));
    rescored(&db);
}

#[path = "cached_answers/agenda.rs"]
mod agenda;

#[path = "cached_answers/report.rs"]
mod report;
