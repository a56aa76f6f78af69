//! Team mode's "mine" (`--mine`, the dashboard's agenda): the accounts the login owns and
//! those it co-owns (`radar team assign --co-owner`). Bob, a co-owner of one of alice's
//! accounts and the owner of none, gets that account's items, not the team's book; a lead
//! who owns and co-owns nothing still gets everyone's. Skipped with a notice without
//! `RADAR_TEST_PG` (tmux too for the dashboard).

use crate::support::BIN;
use crate::support::db::TestDb;
use crate::support::tmux::Tmux;
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::Command;

const TODAY: &str = "2026-11-22";

/// A six-account solo demo moved into the team database, every account alice's.
fn give_alice_a_book(db: &TestDb, dir: &std::path::Path) {
    let solo = dir.join("solo.db");
    let out = Command::new(BIN)
        .args(["--db", solo.to_str().unwrap(), "--today", TODAY, "demo", "--accounts", "6"])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let owner = db.login("alice");
    let out = db.radar("postgres", None, &["team", "import-solo", solo.to_str().unwrap(), "--owner", &owner]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `who`'s JSON answer to `args` (on the test's day).
fn json(db: &TestDb, who: &str, args: &[&str]) -> Value {
    let out = db.radar(who, None, &[&["--today", TODAY][..], args].concat());
    assert!(out.status.success(), "{who} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{who} {args:?}: {e}"))
}

/// The account names in an answer: the agenda's `account`, triage's `name`, the export's
/// `account.name`.
fn names(v: &Value) -> BTreeSet<String> {
    let list = v.get("accounts").or(Some(v)).and_then(Value::as_array).cloned().unwrap_or_default();
    list.iter()
        .filter_map(|e| e["account"].as_str().or(e["name"].as_str()).or(e["account"]["name"].as_str()))
        .map(str::to_string)
        .collect()
}

/// The dashboard's agenda reads a week ahead: the account chosen has items in it.
const AGENDA: &[&str] = &["agenda", "--days", "7", "--format", "json"];
const TRIAGE: &[&str] = &["triage", "--format", "json"];
/// Read off the cached order (at most 2000 rows), not the whole book's scores.
const TRIAGE_CACHED: &[&str] = &["triage", "--limit", "50", "--format", "json"];
const REPORT: &[&str] = &["report", "--format", "json"];
const EXPORT: &[&str] = &["export"];

fn mine<'a>(args: &[&'a str]) -> Vec<&'a str> {
    [args, &["--mine"][..]].concat()
}

/// The account of the lead's agenda bob is made co-owner of (by id), and every account
/// with items in it (more than that one: the test needs a book to leave out).
fn co_own_one(db: &TestDb) -> (String, BTreeSet<String>) {
    // The lead brings the risk cache up to date (the cached answers are read below).
    for args in [TRIAGE, REPORT] {
        json(db, "dave", args);
    }
    let book = names(&json(db, "dave", AGENDA));
    assert!(book.len() >= 2, "the agenda needs two accounts with items: {book:?}");
    let name = book.iter().next().unwrap().clone();
    let id: i64 =
        db.connect("postgres").query_one("SELECT id FROM account WHERE name = $1", &[&name]).unwrap().get(0);
    let out = db.radar("dave", None, &["team", "assign", &id.to_string(), &db.login("bob"), "--co-owner"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (name, book)
}

/// Bob co-owns one of alice's accounts and owns none: each `--mine` answer covers that
/// account only, and is the same as once he owns it; the lead's `--mine` is everyone's.
#[test]
fn mine_is_what_i_own_and_what_i_co_own() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    give_alice_a_book(&db, dir.path());
    let (name, book) = co_own_one(&db);
    let one = BTreeSet::from([name.clone()]);
    for args in [AGENDA, TRIAGE, TRIAGE_CACHED, EXPORT] {
        let everyone = names(&json(&db, "bob", args));
        assert!(everyone.len() >= 2 && everyone.contains(&name), "{args:?}: {everyone:?}");
        assert_eq!(names(&json(&db, "bob", &mine(args))), one, "{args:?}: bob's --mine");
        // Alice still owns it: hers by owner, as before.
        assert_eq!(names(&json(&db, "alice", &mine(args))), everyone, "{args:?}: alice's --mine");
        // The lead owns nothing and co-owns nothing: everyone's.
        assert_eq!(names(&json(&db, "dave", &mine(args))), everyone, "{args:?}: the lead's --mine");
    }
    assert_eq!(names(&json(&db, "dave", &mine(AGENDA))), book);
    let everyone = json(&db, "bob", REPORT);
    let co_owned: Vec<Value> =
        [AGENDA, TRIAGE, TRIAGE_CACHED, REPORT].iter().map(|a| json(&db, "bob", &mine(a))).collect();
    assert_ne!(co_owned[3], everyone, "the report of one account is not the book's");
    // Co-owning is owning, for "mine": the same answers once the account is bob's.
    let id: i64 =
        db.connect("postgres").query_one("SELECT id FROM account WHERE name = $1", &[&name]).unwrap().get(0);
    let out = db.radar("dave", None, &["team", "assign", &id.to_string(), &db.login("bob")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (args, before) in [AGENDA, TRIAGE, TRIAGE_CACHED, REPORT].iter().zip(&co_owned) {
        assert_eq!(&json(&db, "bob", &mine(args)), before, "{args:?}: co-owned, then owned");
    }
}

/// A name as the agenda's column starts it (a long one is cut).
fn short(name: &str) -> String {
    name.chars().take(16).collect()
}

/// The dashboard's agenda in "mine" scope (the default; `o` toggles everyone's): bob sees
/// his co-owned account's items under his name, and the team's with `o`.
#[test]
fn the_dashboards_mine_is_the_co_owned_account() {
    if !Tmux::available("the team dashboard's mine") {
        return;
    }
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    give_alice_a_book(&db, dir.path());
    let (name, book) = co_own_one(&db);
    let others: Vec<&String> = book.iter().filter(|n| **n != name).collect();
    let t = Tmux::on("team-mine", "bob");
    let cmd = format!(
        "cd '{}' && env PGPASSWORD='{}' PGPASSFILE=/nonexistent/pgpass RADAR_CONFIG=/nonexistent/radar.toml \
         XDG_DATA_HOME='{}' '{BIN}' --db '{}' --today {TODAY} --lang en",
        dir.path().display(),
        db.password("bob"),
        dir.path().join("data").display(),
        db.url("bob"),
    );
    t.new_session(200, 50, &cmd);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 6 of 6"));
    t.send(&["a"]);
    let head = format!("Agenda · {} · ", db.login("bob"));
    t.wait_for("bob's agenda", |s| s.contains(&head) && s.contains("— overdue"));
    // This week: every item the CLI's agenda above read.
    t.send(&["w"]);
    let s = t.wait_for("this week", |s| s.contains(&format!("{head}this week")));
    assert!(s.contains(&short(&name)), "the co-owned account's items\n{s}");
    for other in &others {
        assert!(!s.contains(&short(other)), "{other}: not bob's\n{s}");
    }
    // Everyone's: the team's book.
    t.send(&["o"]);
    let s = t.wait_for("everyone's", |s| s.contains("Agenda · everyone · this week"));
    assert!(others.iter().any(|o| s.contains(&short(o))), "the team's items\n{s}");
    t.send(&["q"]);
}
