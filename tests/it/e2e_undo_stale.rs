//! End to end (issue 12, A3): two dashboards, the real binary in tmux, on one file. B
//! edits an account and saves; A opens the edit form on B's version; B presses `u` and
//! saves another change (before the fix the undo put the version back, so this save
//! brought it round to the number A's form holds); A saves: refused as stale ("changed
//! elsewhere"), and the file holds B's change, not A's. Skipped with a notice when tmux is
//! missing, except under CI=true (then it fails).

use std::path::Path;
use std::process::Command;

use crate::support::BIN;
use crate::support::tmux::Tmux;

const OWNER_B: &str = "王芳 B";
const REGION_B: &str = "西南 🚀";
const INDUSTRY_A: &str = "A 的行业 ✍";

fn write_demo(db: &Path) {
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "12"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("run radar demo");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The account form's fields in order: Tab this many times from Name to reach one.
const TO_OWNER: usize = 4;
const TO_INDUSTRY: usize = 5;
const TO_REGION: usize = 6;

/// Opens the account form, replaces one field with `text` (the form is left open).
fn edit_field(t: &Tmux, tabs: usize, text: &str) {
    t.send(&["E"]);
    t.wait_for("the account form", |s| s.contains("Edit account"));
    for _ in 0..tabs {
        t.send(&["Tab"]);
    }
    t.send(&["C-u"]);
    t.type_text(text);
}

fn saved(s: &str) -> bool {
    s.contains("Updated the account · 成都天府云图")
}

#[test]
fn a_form_opened_before_an_undo_elsewhere_is_refused_and_the_other_change_survives() {
    if !Tmux::available("the two-dashboard undo test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    let (a, b) = (Tmux::on("undo-stale", "a"), Tmux::on("undo-stale", "b"));
    for t in [&a, &b] {
        let cmd = format!(
            "env XDG_DATA_HOME='{}' RADAR_CONFIG=/nonexistent/radar-config.toml '{BIN}' --db '{}' --today 2026-11-22 --lang en",
            dir.path().join("data").display(),
            db.display()
        );
        t.new_session(120, 35, &cmd);
    }
    for t in [&a, &b] {
        t.wait_for("the portfolio", |s| s.contains("Portfolio · 12 of 12"));
        t.send(&["/"]);
        t.type_text("成都天府云图");
        t.send(&["Enter"]);
        t.wait_for("the account", |s| s.contains("1 of 12") && s.contains("[ACC-000001]"));
    }
    let owner_before = owner(&db);

    // B edits the account and saves.
    edit_field(&b, TO_OWNER, OWNER_B);
    b.send(&["Enter"]);
    b.wait_for("B's save", saved);

    // A sees it (live refresh) and opens the edit form on B's version.
    a.wait_for("B's change on A's screen", |s| s.contains(&format!("owner {OWNER_B}")));
    a.send(&["E"]);
    a.wait_for("A's form on B's version", |s| s.contains("Edit account") && s.contains(OWNER_B));

    // B undoes, then saves another change.
    b.send(&["u"]);
    b.wait_for("B's undo", |s| s.contains("Undone: Updated the account"));
    edit_field(&b, TO_REGION, REGION_B);
    b.send(&["Enter"]);
    b.wait_for("B's second save", saved);

    // A changes a field and saves: refused, the form stays open with A's text.
    for _ in 0..TO_INDUSTRY {
        a.send(&["Tab"]);
    }
    a.send(&["C-u"]);
    a.type_text(INDUSTRY_A);
    a.send(&["Enter"]);
    let screen = a.wait_for("A's save refused", |s| s.contains("changed elsewhere") || saved(s));
    assert!(
        screen.contains("Not saved") && screen.contains("changed elsewhere"),
        "A's stale save:\n{screen}"
    );
    assert!(screen.contains(INDUSTRY_A), "A's text is kept:\n{screen}");
    a.send(&["Escape"]);
    a.wait_for("the discard question", |s| s.contains("Discard changes?"));
    a.send(&["y"]);
    a.wait_for("A's form closed", |s| !s.contains("Edit account"));

    for t in [&a, &b] {
        t.send(&["q"]);
    }
    // The file: B's undo and B's second change, nothing of A's.
    let c = rusqlite::Connection::open(&db).unwrap();
    let (owner, region, industry, version): (String, String, String, i64) = c
        .query_row(
            "SELECT owner, region, industry, version FROM account WHERE external_id = 'ACC-000001'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(region, REGION_B, "B's change is there");
    assert_eq!(owner, owner_before, "B's undo is there");
    assert_ne!(industry, INDUSTRY_A, "A's stale save wrote nothing");
    assert_eq!(version, 4, "save, undo and save: three new versions after the first");
}

fn owner(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT owner FROM account WHERE external_id = 'ACC-000001'", [], |r| r.get(0)).unwrap()
}
