//! The same book gives the same answers on both engines (issue 18: "the domain, TUI and
//! interchange code do not know which one they talk to"): a solo demo moved into a team
//! database answers triage, agenda, report, search and export exactly as the file does,
//! for the lead and for the CSM who owns it.

use crate::support::BIN;
use crate::support::db::TestDb;
use std::path::Path;
use std::process::Command;

fn solo_run(file: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--today", "2026-11-22", "--lang", "en"])
        .args(args)
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn team_run(db: &TestDb, who: &str, args: &[&str]) -> String {
    let mut all = vec!["--today", "2026-11-22", "--lang", "en"];
    all.extend_from_slice(args);
    let out = db.radar(who, None, &all);
    assert!(out.status.success(), "{who} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_book_answers_alike_on_sqlite_and_postgresql() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("solo.db");
    solo_run(&file, &["demo", "--accounts", "60"]);
    // In a team database the owner shown is the owning login: the file names her already.
    let alice = db.login("alice");
    rusqlite::Connection::open(&file).unwrap().execute("UPDATE account SET owner = ?1", [&alice]).unwrap();
    let out = db.radar("dave", None, &["team", "import-solo", file.to_str().unwrap(), "--owner", &alice]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let questions: &[&[&str]] = &[
        &["triage", "--limit", "60", "--format", "json"],
        &["agenda", "--days", "30", "--format", "json"],
        &["report", "--format", "json"],
        &["export", "--format", "json"],
    ];
    for q in questions {
        let want = solo_run(&file, q);
        assert!(want.len() > 20, "{q:?} answers something: {want}");
        for who in ["alice", "dave"] {
            assert_eq!(team_run(&db, who, q), want, "{who}: radar {q:?} differs on PostgreSQL");
        }
    }
    // Search finds the same records; the server does not rank them as SQLite's index does.
    let hits = |text: String| {
        let mut v: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
        // (A milestone id beyond 2^53 is a string: `to_string` keys both forms.)
        v.sort_by_key(|h| (h["kind"].to_string(), h["id"].to_string()));
        v
    };
    let q = ["search", "--format", "json", "--limit", "200", "客户"];
    let want = hits(solo_run(&file, &q));
    assert!(!want.is_empty());
    assert_eq!(hits(team_run(&db, "alice", &q)), want, "search differs on PostgreSQL");
    // A CSM of another team sees none of it, through the same commands.
    let erin = team_run(&db, "erin", &["triage", "--format", "json"]);
    assert!(!erin.contains("\"name\""), "erin sees accounts: {erin}");
}
