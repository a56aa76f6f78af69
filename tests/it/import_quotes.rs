//! A CSV cell opened by a quote and never closed (CSM trial, session 31): the CSV reader
//! took the rest of the file as that one cell, so `"Acme 12"" Display,…` became one account
//! whose name held every row after it, and the import said "1 created" and exited 0. Now
//! the file is refused before anything is written, naming the line the quote opens on; in
//! the dashboard the path prompt says the same.

use crate::support::BIN;
use crate::support::tui_edit::app_on;
use radar::i18n::Lang;
use radar::store::Store;
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::{Command, Output};

const STRAY: &str = "name,arr,renewal_date,contract_start\n\
                     Before Co,500,2027-01-01,2026-01-01\n\
                     \"Acme 12\"\" Display,1000,2027-01-01,2026-01-01\n\
                     Beta Co,2000,2027-01-01,2026-01-01\n\
                     Gamma Co,3000,2027-01-01,2026-01-01\n";

/// `radar import accounts FILE --currency CNY` in `lang`.
fn import(db: &Path, file: &Path, lang: &str) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", lang, "import", "accounts"])
        .arg(file)
        .args(["--currency", "CNY"])
        .env("RADAR_CONFIG", "/nonexistent/c.toml")
        .output()
        .unwrap()
}

#[test]
fn a_quote_never_closed_is_refused_naming_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (db, file) = (dir.path().join("p.db"), dir.path().join("accounts.csv"));
    std::fs::write(&file, STRAY).unwrap();
    for lang in ["en", "zh-CN"] {
        let out = import(&db, &file, lang);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("accounts.csv:3"), "names the line the quote opens on: {err}");
        let said =
            if lang == "en" { "a quoted cell opens on this line and is never closed" } else { "引号" };
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("currency"), "not mistaken for a currency problem: {err}");
    }
    let accounts: i64 = match rusqlite::Connection::open(&db) {
        Ok(c) => c.query_row("SELECT count(*) FROM account", [], |r| r.get(0)).unwrap_or(0),
        Err(_) => 0,
    };
    assert_eq!(accounts, 0, "nothing written, not even the rows before the quote");

    // Fixed, the same file imports its four accounts.
    std::fs::write(&file, STRAY.replace("\"Acme 12\"\" Display", "\"Acme 12\"\" Display\"")).unwrap();
    let out = import(&db, &file, "en");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = rusqlite::Connection::open(&db).unwrap();
    let names: Vec<String> = c
        .prepare("SELECT name FROM account ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["Before Co", "Acme 12\" Display", "Beta Co", "Gamma Co"]);
}

#[test]
fn the_dashboard_prompt_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    let file = dir.path().join("stray.csv");
    std::fs::write(&file, STRAY).unwrap();
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("stray.csv:3: a quoted cell opens on this line"), "{screen}");
    assert!(h.worker.store.load_all_facts().unwrap().is_empty());
}
