//! Reference accounts (标杆案例, issue 17 item 3): `C` makes the selected account a
//! reference and moves it along the flow, `*` filters the portfolio to them, undo ends it
//! again; `radar references --flagged` lists them with their stage. In the dashboard's
//! harness, then end to end in tmux, reading the file afterwards.

use crate::support::BIN;
use crate::support::store_edit::values;
use crate::support::tmux::Tmux;
use crate::support::tui_edit::*;
use radar::domain::*;
use radar::i18n::Lang;
use radar::store::Store;
use std::process::Command;

#[test]
fn c_sets_the_stage_star_filters_and_undo_ends_it() {
    let mut h = app(Lang::En, (120, 35));
    let start = values(&h.worker.store.dump().unwrap());
    h.keys("C");
    h.keys("case written\n");
    let a = facts(&h).account;
    assert_eq!((a.reference, a.reference_since), (Some(ReferenceStage::CaseWritten), Some(today())));
    assert!(status(&h).starts_with("Reference account stage set · 成都天府云图"), "{}", status(&h));
    let screen = h.screen();
    assert!(screen.contains("Reference account: Case written (since 2026-11-22)"), "{screen}");

    // Moving on keeps the day it became one.
    h.keys("C");
    h.keys("promoted\n");
    assert_eq!(facts(&h).account.reference_since, Some(today()));
    assert_eq!(facts(&h).account.reference, Some(ReferenceStage::Promoted));

    // The filter: only this account of the 40 (the search is cleared first).
    h.keys("\x1b");
    h.keys("*");
    let screen = h.screen();
    assert!(screen.contains("Portfolio · 1 of 40"), "{screen}");
    assert!(screen.contains("reference accounts"), "the filter is named:\n{screen}");
    h.keys("*");
    assert!(h.screen().contains("Portfolio · 40 of 40"), "{}", h.screen());

    // Undo twice: not a reference again, the rows exactly as before (values; versions move on).
    h.keys("u");
    h.keys("u");
    assert_eq!(facts(&h).account.reference, None);
    let end = values(&h.worker.store.dump().unwrap());
    let changed: Vec<_> = start.lines().zip(end.lines()).filter(|(a, b)| a != b).collect();
    assert!(changed.is_empty() && start.lines().count() == end.lines().count(), "{changed:#?}");
}

/// Not a reference yet, the list opens on the first stage: Enter makes it "chosen" (it
/// opened on "not a reference account" at first, so Enter did nothing).
#[test]
fn enter_on_the_fresh_list_chooses_the_account() {
    let mut h = app(Lang::En, (120, 35));
    h.keys("C\n");
    assert_eq!(facts(&h).account.reference, Some(ReferenceStage::Chosen));
}

#[test]
fn zh_cn_labels_the_stage_in_the_overview() {
    let mut h = app(Lang::ZhCn, (120, 35));
    h.keys("C");
    h.keys("需求调研\n");
    assert_eq!(facts(&h).account.reference, Some(ReferenceStage::Researched));
    let screen = h.screen();
    assert!(screen.contains("标杆案例") && screen.contains("需求调研（自 2026-11-22）"), "{screen}");
}

#[test]
fn in_tmux_the_stage_reaches_the_file_and_references_flagged_lists_it() {
    if !Tmux::available("the reference-account end-to-end test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "--lang", "en"])
            .args(args)
            .env("RADAR_CONFIG", "/nonexistent/config.toml")
            .env("XDG_DATA_HOME", dir.path())
            .output()
            .expect("run radar");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["demo", "--accounts", "30"]);
    let t = Tmux::on("ref-e2e", "ref");
    t.new_session(
        120,
        35,
        &format!(
            "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color RADAR_CONFIG=/nonexistent/c.toml \
             XDG_DATA_HOME={} {BIN} --db {} --today 2026-11-22 --lang en; echo RADAR-EXITED; sleep 30",
            dir.path().display(),
            db.display()
        ),
    );
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 30 of 30"));
    t.send(&["/"]);
    t.type_text("成都天府云图");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("1 of 30"));
    t.send(&["C"]);
    t.wait_for("the stage list", |s| s.contains("Reference account (标杆案例)"));
    t.type_text("plan");
    t.send(&["Enter"]);
    t.wait_for("the stage saved", |s| s.contains("Reference account stage set"));
    t.send(&["Escape"]);
    t.send(&["*"]);
    t.wait_for("the filter", |s| s.contains("1 of 30") && s.contains("reference accounts"));
    t.send(&["q"]);
    t.wait_for("the dashboard closed", |s| s.contains("RADAR-EXITED"));

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (stage, since): (String, String) = conn
        .query_row(
            "SELECT reference_stage, reference_since FROM account WHERE name LIKE '成都天府云图%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((stage.as_str(), since.as_str()), ("plan", "2026-11-22"));
    let others: i64 = conn
        .query_row("SELECT count(*) FROM account WHERE reference_stage IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(others, 1);
    drop(conn);

    let json: serde_json::Value =
        serde_json::from_str(&run(&["references", "--flagged", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    assert_eq!(rows[0]["reference_stage"], "plan");
    assert_eq!(rows[0]["reference_since"], "2026-11-22");
    assert!(rows[0]["name"].as_str().unwrap().starts_with("成都天府云图"));
    let text = run(&["references", "--flagged"]);
    assert!(text.contains("reference account: Plan agreed (since 2026-11-22)"), "{text}");
    // The stage survives the lossless JSON round trip.
    let export = dir.path().join("book.json");
    run(&["export", "--format", "json", "--out", export.to_str().unwrap()]);
    let doc = std::fs::read_to_string(&export).unwrap();
    assert!(doc.contains("\"reference\": \"plan\""), "exported");
    let _ = Store::open(&db).unwrap();
}
