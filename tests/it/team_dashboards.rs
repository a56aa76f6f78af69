//! Team mode end to end (issue 18's tmux acceptance): two dashboards, alice's and bob's
//! (both team east), on one team database of the test's own cluster (it is stopped and
//! started, which the shared cluster must never be). Alice logs a touchpoint (Chinese text,
//! an emoji) and bob's dashboard shows it by itself (the time it took is printed, not
//! asserted); bob's attempt on alice's account is "not in your portfolio" and writes
//! nothing. With the server stopped both status bars say "team server unreachable since";
//! an edit then is refused (nothing saved) with the form kept as typed; once the server is
//! back the notice goes by itself and the same form saves, exactly once.
//! Skipped with a notice without tmux or PostgreSQL (except under `CI=true`).

use crate::support::BIN;
use crate::support::db::TestDb;
use crate::support::pg_cluster::PgCluster;
use crate::support::tmux::{Tmux, WAIT};
use std::process::Command;
use std::time::{Duration, Instant};

const ACCOUNT: &str = "Monarch Health Co";

fn solo(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("solo.db");
    let out = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "6"])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

/// A six-account solo demo moved into the team database, every account alice's.
fn give_alice_a_book(db: &TestDb, dir: &std::path::Path) {
    let solo = solo(dir);
    let out = db.radar(
        "postgres",
        None,
        &["team", "import-solo", solo.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `who`'s dashboard in its own tmux session, filtered to the test's account, run in the
/// test's folder (what it writes by itself lands there, never in the checkout).
fn dashboard(db: &TestDb, dir: &std::path::Path, who: &str) -> Tmux {
    let t = Tmux::on("team-dash", who);
    let cmd = format!(
        "cd '{}' && env PGPASSWORD='{}' PGPASSFILE=/nonexistent/pgpass RADAR_CONFIG=/nonexistent/radar.toml \
         XDG_DATA_HOME='{}' '{BIN}' --db '{}' --today 2026-11-22 --lang en",
        dir.display(),
        db.password(who),
        dir.join(format!("data-{who}")).display(),
        db.url(who),
    );
    // Wide enough for the portfolio's Touched column.
    t.new_session(200, 50, &cmd);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 6 of 6"));
    t.send(&["/"]);
    t.type_text(ACCOUNT);
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("Portfolio · 1 of 6") && s.contains(ACCOUNT));
    t
}

/// The portfolio row of the account (the line holding its name).
fn row(screen: &str) -> String {
    // Its renewal countdown is only on the portfolio's row (not the title or timeline).
    screen.lines().find(|l| l.contains(ACCOUNT) && l.contains("T-")).unwrap_or("").to_string()
}

/// Opens the touchpoint form on the filtered account and types `note`.
fn log_touch(t: &Tmux, note: &str) {
    t.send(&["c"]);
    t.wait_for("the touchpoint form", |s| s.contains("Log a touchpoint"));
    t.send(&["Tab", "Tab"]);
    t.type_text(note);
    t.wait_for("the note typed", |s| s.contains(note));
}

fn notes(db: &TestDb, note: &str) -> Vec<String> {
    db.connect("postgres")
        .query("SELECT owner_login::text FROM touchpoint t JOIN account a ON a.id = t.account_id WHERE t.note = $1", &[&note])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn two_dashboards_see_each_others_edits_and_ride_out_a_server_stop() {
    if !Tmux::available("team mode's two dashboards") {
        return;
    }
    let Some(mut cluster) = PgCluster::start() else { return };
    let db = TestDb::on(&cluster.url());
    let dir = tempfile::tempdir().unwrap();
    give_alice_a_book(&db, dir.path());
    let alice = dashboard(&db, dir.path(), "alice");
    let bob = dashboard(&db, dir.path(), "bob");
    let touched = |s: &str| row(s).contains("today");
    assert!(!touched(&bob.screen()), "the demo account was touched today already:\n{}", bob.screen());

    // Alice logs a touchpoint; bob's dashboard shows it without a key pressed.
    let note = "团队 call with 王总 about 成都天府云图信息技术有限公司 🚀";
    log_touch(&alice, note);
    alice.send(&["Enter"]);
    let sent = Instant::now();
    alice.wait_for("alice's save", |s| s.contains("Logged a touchpoint · Monarch Health Co"));
    let (screen, _) = bob.wait_within("bob's dashboard to show alice's touchpoint", WAIT, touched);
    println!("alice's touchpoint reached bob's screen {:?} after her Enter", sent.elapsed());
    assert!(!screen.to_lowercase().contains("error"), "{screen}");
    assert_eq!(notes(&db, note), [db.login("alice")]);

    // Bob may read alice's account, not write it: refused, the form kept, nothing saved.
    let bobs = "bob 试试 🙂";
    log_touch(&bob, bobs);
    bob.send(&["Enter"]);
    let s = bob.wait_for("bob's refusal", |s| s.contains("not in your portfolio"));
    assert!(s.contains("Not saved") && s.contains(bobs), "{s}");
    assert!(notes(&db, bobs).is_empty(), "bob's touchpoint was written");
    bob.send(&["Escape"]);
    bob.wait_for("the discard question", |s| s.contains("Discard changes?"));
    bob.send(&["y"]);
    bob.wait_for("bob's form closed", |s| !s.contains("Log a touchpoint"));

    // The server stops: both dashboards say so and keep what they show.
    cluster.stop();
    for t in [&alice, &bob] {
        let s = t.wait_for("the unreachable notice", |s| s.contains("team server unreachable since"));
        assert!(s.contains(ACCOUNT), "the dashboard keeps showing what it had:\n{s}");
    }
    let later = "after the outage 断线 ⚡";
    log_touch(&alice, later);
    alice.send(&["Enter"]);
    let s =
        alice.wait_for("the refused save", |s| s.contains("unreachable") && s.contains("nothing was saved"));
    assert!(s.contains("Not saved"), "{s}");
    assert!(s.contains("Log a touchpoint") && s.contains(later), "the form keeps what was typed:\n{s}");

    // Back: the notice goes by itself; the same form now saves, once.
    cluster.start_again();
    let back = Instant::now();
    for t in [&alice, &bob] {
        t.wait_within("the notice to go", Duration::from_secs(30), |s| {
            !s.contains("team server unreachable since")
        });
    }
    println!("the dashboards noticed the server was back {:?} after it started", back.elapsed());
    alice.send(&["Enter"]);
    alice.wait_for("the save after the outage", |s| {
        !s.contains("Log a touchpoint") && s.contains("Logged a touchpoint · Monarch Health Co")
    });
    assert_eq!(notes(&db, later), [db.login("alice")], "saved exactly once");
    drop((alice, bob));
}

/// `H` and `V` in team mode: `--db` is a connection string, not a file, so there is no
/// folder beside it; the sheet and the report go to the data folder (they went to folders
/// named after the address, made under the current directory).
#[test]
fn team_sheets_and_reports_go_to_the_data_folder() {
    if !Tmux::available("team mode's handover sheet") {
        return;
    }
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    give_alice_a_book(&db, dir.path());
    let before: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    let alice = dashboard(&db, dir.path(), "alice");
    alice.send(&["H"]);
    let said = alice.wait_for("the sheet written", |s| s.contains("Handover sheet written to"));
    alice.send(&["V"]);
    let said_too = alice.wait_for("the report written", |s| s.contains("Value report written to"));
    alice.send(&["q"]);
    let data = dir.path().join("data-alice").join("renewal-radar");
    let files = |sub: &str| -> Vec<String> {
        std::fs::read_dir(data.join(sub))
            .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default()
    };
    let (sheets, reports) = (files("handover"), files("reviews"));
    assert!(
        sheets.len() == 1 && sheets[0].starts_with("handover-") && sheets[0].ends_with("-2026-11-22.md"),
        "{sheets:?}\n{said}"
    );
    assert!(reports.len() == 1 && reports[0].starts_with("value-report-"), "{reports:?}\n{said_too}");
    // Nothing else appeared in the folder the dashboard ran in (it made `postgresql:/…`).
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| !before.contains(n) && n != "data-alice")
        .collect();
    assert!(after.is_empty(), "made beside the dashboard: {after:?}");
}
