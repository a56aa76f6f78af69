//! End to end: the dashboard's import in tmux (120x35) on a demo portfolio. The Salesforce
//! Data Loader export (Windows-1252, two different accounts of one name) is typed into the
//! import prompt; the preview says what a yes would do (counts, the row it sets aside and
//! why, the flag the command line would need); `n` writes nothing; `y` imports. The file is
//! then read with SQL. Skipped with a notice when tmux is missing, except under CI=true.

use crate::support::BIN;
use crate::support::tmux::Tmux;
use std::process::Command;

fn count(db: &std::path::Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The dashboard in tmux at 120x35 (English, en_US, a clean environment) on `db`, once its
/// portfolio title says `shown`.
fn dashboard(
    (name, session): (&str, &str),
    dir: &std::path::Path,
    db: &std::path::Path,
    shown: &str,
) -> Tmux {
    let t = Tmux::on(name, session);
    let shell = format!(
        "env -i PATH=/usr/bin:/bin HOME=/tmp XDG_DATA_HOME={} RADAR_CONFIG=/nonexistent/radar-config.toml \
         LANG=en_US.UTF-8 TERM=xterm-256color {BIN} --db {} --today 2026-11-22 --lang en",
        dir.join("data").display(),
        db.display()
    );
    t.new_session(120, 35, &shell);
    t.wait_for("the portfolio", |s| s.contains(shown));
    t
}

/// `I`, the path typed, Enter: the preview (or the prompt's refusal) comes next.
fn ask_import(t: &Tmux, file: &std::path::Path) {
    t.send(&["I"]);
    t.wait_for("the import prompt", |s| s.contains("Import a file"));
    t.type_text(&file.display().to_string());
    t.send(&["Enter"]);
}

#[test]
fn the_dashboard_previews_then_imports_a_salesforce_export() {
    if !Tmux::available("the end-to-end import test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .status()
        .unwrap();
    assert!(st.success());
    let before = count(&db, "SELECT count(*) FROM account");
    let file = dir.path().join("sf-accounts.csv");
    std::fs::copy("tests/fixtures/crm/sf_dataloader_accountData.csv", &file).unwrap();

    let t = dashboard(("e2e-import", "imp"), dir.path(), &db, &format!("Portfolio · {before} of {before}"));
    ask_import(&t, &file);
    // The whole preview, not only its frame: under load the box can be drawn before its
    // plan has arrived.
    let s = t.wait_for("the preview", |s| s.contains("Import this file?") && s.contains("to create"));
    // Two Salesforce accounts share a name under distinct ids (line 37's, a name the export
    // itself turned into '?'s): two customers, both created, in file order.
    assert!(s.contains("sf-accounts.csv (accounts): 423 rows: 423 to create"), "{s}");
    assert!(!s.contains("rows that cannot be imported"), "{s}");
    assert!(s.contains("read as Windows-1252"), "the encoding is said: {s}");

    t.send(&["n"]);
    t.wait_for("the preview closed", |s| !s.contains("Import this file?"));
    assert_eq!(count(&db, "SELECT count(*) FROM account"), before, "cancel writes nothing");

    t.send(&["I"]);
    t.wait_for("the import prompt", |s| s.contains("Import a file"));
    t.type_text(&file.display().to_string());
    t.send(&["Enter"]);
    t.wait_for("the preview", |s| s.contains("Import this file?"));
    t.send(&["y"]);
    t.wait_for("the import", |s| s.contains("imported: 423 created"));
    let listed = format!("of {}", before + 423);
    t.wait_for("the new accounts listed", |s| s.contains(&listed));
    t.send(&["q"]);

    assert_eq!(count(&db, "SELECT count(*) FROM account"), before + 423);
    assert_eq!(count(&db, "SELECT count(*) FROM account WHERE name = 'Crédito Inmobiliario Terras'"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM account WHERE external_id = '001x0000002xLCEAA2'"), 1);
    // In the currency the dashboard's locale (en_US) proposes: the import ran on the worker
    // that had neither it nor the config's, and stored them in CNY.
    let usd = "SELECT count(*) FROM account WHERE external_id LIKE '001x%' AND currency = 'USD'";
    assert_eq!(count(&db, usd), 423);
    assert!(!dir.path().join("sf-accounts.csv.accounts.rejected.csv").exists());
}

/// A HubSpot deals export under a name that says nothing ("pipeline-export.csv"), imported
/// from the dashboard after the companies: the worker tells the kind from its headers
/// (deals), the preview says so and what a yes sets aside; `y` writes the terms, read back
/// with SQL.
#[test]
fn the_dashboard_tells_a_deals_export_by_its_headers() {
    if !Tmux::available("the end-to-end deals import test") {
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
    let file = dir.path().join("pipeline-export.csv");
    std::fs::copy("tests/fixtures/crm/hubspot_deals.csv", &file).unwrap();

    let t = dashboard(("e2e-import-deals", "deals"), dir.path(), &db, "Portfolio · 200 of 200");
    ask_import(&t, &file);
    // The whole preview: tmux can show a frame still being written (its title drawn over
    // the path prompt below), so wait for its last line too.
    let s = t.wait_for("the preview", |s| {
        s.contains("Import this file?") && s.contains("rows that cannot be imported")
    });
    assert!(s.contains("pipeline-export.csv (deals): 500 rows: 171 to create"), "{s}");
    assert!(s.contains("rows that cannot be imported: 304."), "{s}");
    // The first rows as they will be stored: HubSpot's columns under Radar's fields.
    // Each header over its field, on two rows (one row cut "Company ID → exte…").
    let line = |has: &str| s.lines().find(|l| l.contains(has)).unwrap_or_default().to_string();
    let (head, field) = (line("│ Amount"), line("│ → arr"));
    assert!(head.contains("deal_stage") && head.contains("│ close_date │ Deal Owner"), "{s}");
    assert!(field.contains("│ → owner ") && field.contains("│ → churn_reason "), "{s}");
    assert!(s.contains("Decision Maker Bo… │ 210,833.37 │ 2025-06-17"), "the amount as read: {s}");
    t.send(&["y"]);
    t.wait_for("the import", |s| s.contains("imported: 171 created, 23 updated"));
    t.send(&["q"]);

    assert_eq!(count(&db, "SELECT count(*) FROM term"), 171);
    assert_eq!(count(&db, "SELECT count(*) FROM term WHERE outcome = 'churned'"), 46);
    assert_eq!(count(&db, "SELECT count(*) FROM term WHERE currency = 'USD'"), 171, "the accounts' currency");
    assert_eq!(
        count(
            &db,
            "SELECT arr_minor FROM term t JOIN account a ON a.id = t.account_id WHERE a.name = 'Bailey, Walters and Lewis'"
        ),
        23_329_022
    );
    let rejected =
        std::fs::read_to_string(dir.path().join("pipeline-export.csv.deals.rejected.csv")).unwrap();
    assert_eq!(rejected.lines().count(), 305);
}

/// A file rewritten between its preview and the `y` is not imported as it became: nothing
/// is written, the file as it is now is previewed with a line saying why, and a second `y`
/// imports that. The import re-read the file at `y` and stored an ARR nobody had seen
/// (CSM trial, session 30: previewed as 12,000, stored as 99,999).
#[test]
fn a_file_changed_after_its_preview_is_previewed_again_not_imported() {
    if !Tmux::available("the end-to-end changed-file import test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "60"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .status()
        .unwrap();
    assert!(st.success());
    let (id, name, ext): (i64, String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT a.id, a.name, a.external_id FROM account a JOIN term t ON t.account_id = a.id \
             WHERE a.currency = 'USD' AND t.outcome IS NULL ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let arr = format!("SELECT arr_minor FROM term WHERE account_id = {id} AND outcome IS NULL");
    let before = count(&db, &arr);
    let file = dir.path().join("arr.csv");
    let write = |amount: &str| {
        std::fs::write(&file, format!("name,external_id,arr\n{name},{ext},{amount}\n")).unwrap()
    };
    write("12000");

    let t = dashboard(("e2e-import-changed", "changed"), dir.path(), &db, "Portfolio · 60 of 60");
    ask_import(&t, &file);
    let s = t.wait_for("the preview", |s| s.contains("Import this file?") && s.contains("1 to update"));
    assert!(s.contains("$12,000"), "{s}");
    write("99999");
    t.send(&["y"]);
    let s =
        t.wait_for("the preview again", |s| s.contains("changed after its preview") && s.contains("$99,999"));
    assert!(s.contains("Import this file?"), "{s}");
    // Nothing is being imported while the preview waits (the status line said so).
    assert!(!s.contains("Importing"), "{s}");
    assert_eq!(count(&db, &arr), before, "nothing was written at the first yes");
    t.send(&["y"]);
    t.wait_for("the import", |s| s.contains("imported: 0 created, 1 updated"));
    t.send(&["q"]);
    assert_eq!(count(&db, &arr), 9_999_900, "the second yes imports the file as previewed");
}
