//! End to end: an account imported from a HubSpot companies export has no contract term
//! (no ARR, no renewal date in that export). `R` on it opens the first-contract form; the
//! term saved is undone with `u`, recorded again, and read back from the SQLite file.

use crate::support::BIN;
use crate::support::tmux::Tmux;
use std::process::Command;

#[test]
fn r_on_an_account_without_a_term_records_its_first_contract() {
    if !Tmux::available("the end-to-end first contract test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let companies = dir.path().join("companies.csv");
    std::fs::copy("tests/fixtures/crm/hubspot_companies.csv", &companies).unwrap();
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "import", "accounts"])
        .arg(&companies)
        .args(["--map", "Company Domain Name=external_id"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let terms = |c: &rusqlite::Connection| -> Vec<(String, String, i64, String)> {
        c.prepare(
            "SELECT t.start, t.end, t.arr_minor, t.currency FROM term t \
             JOIN account a ON a.id = t.account_id WHERE a.name = 'Cruz Inc'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert!(terms(&conn).is_empty(), "no term after a companies import");
    drop(conn);

    let t = Tmux::on("e2e-first-term", "first");
    let shell = format!(
        "env -i PATH=/usr/bin:/bin HOME=/tmp XDG_DATA_HOME={} RADAR_CONFIG=/nonexistent/radar-config.toml \
         LANG=en_US.UTF-8 TERM=xterm-256color {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        db.display()
    );
    t.new_session(120, 35, &shell);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 200 of 200"));
    t.send(&["/"]);
    t.type_text("Cruz Inc");
    t.send(&["Enter"]);
    // Its detail loaded (not only its title drawn): `R` reads the account's terms from it.
    t.wait_for("Cruz Inc selected", |s| s.contains("┌ Cruz Inc") && s.contains("Term: no open term"));
    // Its ARR is unknown, not ¥0: a dash in the list and in the overview (helper's trial).
    let screen = t.screen();
    let row = screen.lines().find(|l| l.contains("Cruz Inc") && l.contains("Onboarding")).unwrap_or_default();
    let list = row.split("││").next().unwrap_or_default();
    assert!(list.contains('—') && !list.contains("¥0") && !list.contains("$0"), "{row}\n{screen}");
    assert!(screen.contains("ARR: —"), "{screen}");
    let fill = |arr: &str| {
        t.send(&["R"]);
        t.wait_for("the first contract form", |s| s.contains("First contract · Cruz Inc"));
        t.send(&["C-u"]);
        t.type_text("2026-01-15");
        t.send(&["Tab", "C-u"]);
        t.type_text("2027-01-14");
        t.send(&["Tab", "Tab"]);
        t.type_text(arr);
        t.send(&["Enter"]);
        t.wait_for("the save", |s| {
            s.contains("Recorded the first contract") && !s.contains("First contract ·")
        });
    };
    fill("48,000");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone:"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    assert!(terms(&conn).is_empty(), "undo takes the term back");
    fill("60000");
    t.send(&["q"]);
    t.wait_for("radar to quit", |s| !s.contains("Portfolio ·"));
    assert_eq!(terms(&conn), vec![("2026-01-15".into(), "2027-01-14".into(), 6_000_000, "USD".into())]);
}
