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
        rows.len() + 2 + text.lines().filter(|l| l.contains("have no exchange rate")).count(),
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
    // Back on the dashboard, the list is that owner's too.
    h.keys("d");
    let list = h.screen();
    assert!(list.contains(owner), "{list}");
}
