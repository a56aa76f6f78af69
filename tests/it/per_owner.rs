//! Per owner (issue 16): `--owner` on report, triage and agenda keeps one CSM's accounts,
//! `report --by owner` gives one row per CSM that adds up to the whole book, and a name no
//! account has is refused naming the owners the file knows.

use std::path::Path;
use std::process::{Command, Output};

fn radar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = radar(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn names(v: &serde_json::Value, key: &str) -> Vec<String> {
    let mut n: Vec<String> =
        v.as_array().unwrap().iter().map(|r| r[key].as_str().unwrap().to_string()).collect();
    n.sort();
    n
}

#[test]
fn owner_filters_and_the_by_owner_table_add_up_to_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = radar(&db, &["demo", "--accounts", "90", "--seed", "4"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (from, to) = ("2026-01-01", "2026-12-31");
    let all = json(&db, &["report", "--from", from, "--to", to, "--format", "json"]);
    let rows = json(&db, &["report", "--from", from, "--to", to, "--by", "owner", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 2, "the demo has several CSMs: {rows:?}");
    let sum = |k: &str| rows.iter().map(|r| r[k].as_i64().unwrap()).sum::<i64>();
    for k in ["due_count", "renewed_count", "churned_count", "pending_count", "due_amount", "at_risk_amount"]
    {
        assert_eq!(sum(k), all[k].as_i64().unwrap(), "{k} per owner adds up to the book");
    }
    let all_triage = names(&json(&db, &["triage", "--format", "json"]), "name");
    let all_agenda = json(&db, &["agenda", "--days", "30", "--format", "json"]).as_array().unwrap().len();
    let (mut triage_union, mut agenda_total) = (Vec::new(), 0);
    for row in rows {
        let owner = row["owner"].as_str().expect("every demo account has an owner");
        for k in ["overdue_items", "due_count"] {
            assert!(row[k].is_u64(), "{k}: {row}");
        }
        // The owner's own report equals their row; the name matches whatever its case.
        let shouted = owner.to_uppercase();
        let mine =
            json(&db, &["report", "--from", from, "--to", to, "--owner", &shouted, "--format", "json"]);
        for k in ["due_count", "renewed_count", "pending_count", "due_amount", "at_risk_amount"] {
            assert_eq!(mine[k], row[k], "{owner}: {k}");
        }
        assert_eq!(mine["decided_logo_rate"], row["decided_logo_rate"], "{owner}");
        triage_union.extend(names(&json(&db, &["triage", "--owner", owner, "--format", "json"]), "name"));
        agenda_total += json(&db, &["agenda", "--days", "30", "--owner", owner, "--format", "json"])
            .as_array()
            .unwrap()
            .len();
    }
    triage_union.sort();
    assert_eq!(triage_union, all_triage, "the owners' triage lists partition the book's");
    assert_eq!(agenda_total, all_agenda);
    // A text table with a header and a row per owner.
    let text = radar(&db, &["report", "--by", "owner"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("OWNER") && text.contains("OVERDUE"), "{text}");
    assert_eq!(
        text.lines().count(),
        // Title, header, a row per owner, the capacity line, and any line naming what has
        // no exchange rate.
        rows.len()
            + 3
            + text
                .lines()
                .filter(|l| l.contains("have no exchange rate") || l.contains("are not in the books"))
                .count(),
        "{text}"
    );
}

#[test]
fn an_unknown_owner_is_refused_naming_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    assert!(radar(&db, &["demo", "--accounts", "20", "--seed", "4"]).status.success());
    for cmd in [&["report"][..], &["triage"], &["agenda"], &["report", "--by", "owner"]] {
        let mut args = cmd.to_vec();
        args.extend(["--owner", "成都\u{1b}[31m张"]);
        let out = radar(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no account has this owner") && err.contains("owners: "), "{err}");
        assert!(!err.contains('\u{1b}'), "the escape is not echoed: {err:?}");
        assert!(out.stdout.is_empty());
    }
}

/// `radar export --owner` / `--mine` (issue 16, item 4): one CSM's accounts only, whole;
/// the owners' exports add up to the book, and each imports on its own.
#[test]
fn export_by_owner_and_mine() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = radar(&db, &["demo", "--accounts", "40", "--seed", "5"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let accounts = |v: &serde_json::Value| v["accounts"].as_array().unwrap().clone();
    let all = accounts(&json(&db, &["export"]));
    let mut owners: Vec<String> =
        all.iter().map(|a| a["account"]["owner"].as_str().unwrap().to_string()).collect();
    owners.sort();
    owners.dedup();
    assert!(owners.len() >= 2, "{owners:?}");
    let mut total = 0;
    for owner in &owners {
        let mine = accounts(&json(&db, &["export", "--owner", &owner.to_lowercase()]));
        assert!(!mine.is_empty() && mine.iter().all(|a| a["account"]["owner"] == owner.as_str()), "{owner}");
        total += mine.len();
    }
    assert_eq!(total, all.len(), "the owners' exports partition the book");
    // --mine: RADAR_USER is me.
    let me = &owners[0];
    let mine = Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(&db)
        .args(["export", "--mine"])
        .env("RADAR_USER", me)
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .unwrap();
    assert!(mine.status.success(), "{}", String::from_utf8_lossy(&mine.stderr));
    let v: serde_json::Value = serde_json::from_slice(&mine.stdout).unwrap();
    assert!(accounts(&v).iter().all(|a| a["account"]["owner"] == me.as_str()));
    // An owner no account has is refused, naming those the file knows.
    let bad = radar(&db, &["export", "--owner", "Nobody At All"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains(me.as_str()));
    // --mine with no "me" says how to set one.
    let no_user = radar(&db, &["export", "--mine"]);
    assert_eq!(no_user.status.code(), Some(2), "{}", String::from_utf8_lossy(&no_user.stderr));
    // CSV too.
    let csv_dir = dir.path().join("csv");
    let out = radar(&db, &["export", "--format", "csv", "--out", csv_dir.to_str().unwrap(), "--owner", me]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(csv_dir.join("accounts.csv")).unwrap();
    assert_eq!(text.lines().count() - 1, accounts(&v).len(), "{text}");
}

/// The metrics view (issue 16, item 4): the per-owner table, and `w` narrowing the whole
/// dashboard (metrics, status bar, list) to one owner, with the numbers of `--owner`.
#[test]
fn the_metrics_view_lists_owners_and_filters_the_dashboard_to_one() {
    use radar::domain::owner::OwnerFilter;
    use radar::i18n::Lang;
    use radar::store::Store;
    use radar::tui::harness::Harness;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    assert!(radar(&db, &["demo", "--accounts", "60", "--seed", "4"]).status.success());
    let rows = json(&db, &["report", "--by", "owner", "--format", "json"]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut h = Harness::new(Store::open(&db).unwrap(), Lang::En, today, (200, 50));
    h.keys("m");
    let screen = h.screen();
    assert!(screen.contains("By owner"), "{screen}");
    for row in rows.as_array().unwrap() {
        let owner = row["owner"].as_str().unwrap();
        let line = screen.lines().find(|l| l.contains(owner)).unwrap_or_else(|| panic!("{owner}: {screen}"));
        let due = format!(
            "{} due · {}/{} renewed",
            row["due_count"],
            row["renewed_count"],
            row["renewed_count"].as_u64().unwrap() + row["churned_count"].as_u64().unwrap()
        );
        assert!(line.contains(&due), "{line} / {due}");
    }
    h.keys("w");
    let filtered = h.screen();
    let title = filtered.lines().next().unwrap().to_string();
    let owner =
        rows.as_array().unwrap().iter().map(|r| r["owner"].as_str().unwrap()).find(|o| title.contains(o));
    let owner = owner.unwrap_or_else(|| panic!("an owner in the title: {title}"));
    let mine = json(&db, &["report", "--owner", owner, "--format", "json"]);
    let due = format!("{} due: {} renewed", mine["due_count"], mine["renewed_count"]);
    assert!(filtered.contains(&due), "{due}: {filtered}");
    let bar = filtered.lines().rev().nth(1).unwrap();
    assert!(bar.contains(&format!("{}/{} renewed", mine["renewed_count"], mine["decided_count"])), "{bar}");
    // The pictures and the calibration beside the report are that owner's too (they were
    // the whole book's under the owner's name: helper's trial, session 15).
    let charts = h.app.metrics.charts.as_ref().expect("charts loaded");
    let cfg = radar::domain::risk::RiskConfig::default();
    let calibration = |f: &OwnerFilter| radar::calibration::calibrate(&h.worker.store, 90, &cfg, f).unwrap();
    assert_eq!(charts.calibration, calibration(&OwnerFilter::named(owner)));
    assert_ne!(
        charts.calibration.outcomes,
        calibration(&OwnerFilter::all()).outcomes,
        "not the whole book's"
    );
    let pictured: u32 = charts.book.bands.iter().map(|(_, n, _)| n).sum::<u32>() + charts.book.other_currency;
    let theirs = h.worker.store.portfolio(today).unwrap().iter().filter(|r| r.owner == owner).count();
    assert!(pictured > 0 && (pictured as usize) <= theirs, "{pictured} of {theirs} accounts pictured");
    let this_quarter = charts.quarters.last().unwrap();
    assert_eq!(
        u64::from(this_quarter.decided),
        mine["decided_count"].as_u64().unwrap(),
        "this quarter's bars"
    );
    // Back on the dashboard, the list is that owner's too.
    h.keys("d");
    let list = h.screen();
    assert!(list.contains(owner), "{list}");
}

/// Capacity (issue 17 item 5): each CSM's book (open terms' ARR, converted at the rate on
/// the renewal date) against `[report] capacity`, with accounts per tier; a currency with no
/// rate is counted apart. Figures computed by hand.
#[test]
fn each_book_against_the_capacity_with_accounts_per_tier() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("accounts.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date,tier,owner,currency,contract_start\n\
         成都天府云图信息技术有限公司,3000000,2027-03-01,ka,Alice,CNY,2026-03-01\n\
         Acme 🚀,100000,2027-02-01,small,Alice,USD,2026-02-01\n\
         Euro GmbH,10000,2027-01-15,mid,Bob,EUR,2026-01-15\n\
         小微,50000,2027-04-01,micro,Bob,CNY,2026-04-01\n",
    )
    .unwrap();
    for args in [
        &["import", "accounts", csv.to_str().unwrap()][..],
        &["fx", "set", "USD", "7.10", "--from", "2026-01-01", "--base", "CNY"],
    ] {
        let out = radar(&db, args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let report = ["report", "--by", "owner", "--currency", "CNY", "--format", "json"];
    let rows = json(&db, &report);
    let row = |who: &str| rows.as_array().unwrap().iter().find(|r| r["owner"] == who).unwrap().clone();
    let (alice, bob) = (row("Alice"), row("Bob"));
    assert_eq!(alice["book_value"], 371_000_000_i64, "¥3,000,000 + $100,000 × 7.10");
    assert_eq!(alice["capacity"], 500_000_000_i64);
    assert_eq!(alice["capacity_pct"], 74);
    assert_eq!(alice["accounts_by_tier"]["ka"], 1);
    assert_eq!(alice["accounts_by_tier"]["small"], 1);
    assert_eq!((bob["book_value"].as_i64(), bob["book_no_rate"].as_u64()), (Some(5_000_000), Some(1)));
    assert_eq!(bob["capacity_pct"], 1);
    assert_eq!(
        (bob["accounts_by_tier"]["mid"].as_u64(), bob["accounts_by_tier"]["micro"].as_u64()),
        (Some(1), Some(1))
    );

    // A capacity from the config file; the text table says what it is read against.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[report]\ncapacity = 4000000\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "--lang", "en"])
        .args(&report[..5])
        .env("RADAR_CONFIG", &config)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let alice_line = text.lines().find(|l| l.starts_with("Alice")).unwrap();
    assert!(
        alice_line.contains("¥3.7M") && alice_line.contains("92%") && alice_line.contains("1/0/0/1/0"),
        "{text}"
    );
    assert!(text.contains("a capacity of ¥4M per CSM"), "{text}");
    assert!(text.contains("1 open term is not in the books: its currency"), "{text}");
    std::fs::write(&config, "[report]\ncapacity = 0\n").unwrap();
    let bad = Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(&db)
        .args(&report[..5])
        .env("RADAR_CONFIG", &config)
        .output()
        .unwrap();
    assert_ne!(bad.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("[report] capacity"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}

/// `--mine` on report and triage (issue 16, item 4) is `--owner` with RADAR_USER's name; with
/// no "me" it says how to set one.
#[test]
fn mine_on_report_and_triage_is_my_owner() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    assert!(radar(&db, &["demo", "--accounts", "40", "--seed", "5"]).status.success());
    let as_me = |args: &[&str]| -> serde_json::Value {
        let out = Command::new(env!("CARGO_BIN_EXE_radar"))
            .arg("--db")
            .arg(&db)
            .args(["--today", "2026-11-22"])
            .args(args)
            .env("RADAR_USER", "Li Na")
            .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    for cmd in [&["report", "--format", "json"][..], &["triage", "--format", "json"]] {
        let mine = as_me(&[cmd, &["--mine"][..]].concat());
        let named = json(&db, &[cmd, &["--owner", "Li Na"][..]].concat());
        assert_eq!(mine, named, "{cmd:?}");
        assert_ne!(mine, json(&db, cmd), "{cmd:?}: not the whole book");
        let no_user = radar(&db, &[cmd, &["--mine"][..]].concat());
        assert_eq!(no_user.status.code(), Some(2), "{cmd:?}");
    }
}
