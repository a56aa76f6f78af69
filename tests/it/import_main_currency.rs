//! An import that makes most accounts billed in another currency says so: with no
//! reporting currency set every total follows the currency most accounts are billed in,
//! and 200 contract-less USD companies turned a yuan book's status bar to dollars without
//! a word (CSM trial, session 31). Said on the command line (a dry run too, en and zh-CN)
//! and in the dashboard's preview; not said when `[report] currency` fixes the totals'
//! currency, nor when the book keeps its main currency.

use crate::support::BIN;
use std::path::Path;
use std::process::{Command, Output};

/// `radar import accounts FILE FLAGS…` with `config` as the settings file.
fn import(db: &Path, config: &Path, lang: &str, file: &Path, flags: &[&str]) -> Output {
    Command::new(BIN)
        .env("RADAR_CONFIG", config)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", lang, "import", "accounts"])
        .arg(file)
        .args(flags)
        .output()
        .expect("radar runs")
}

fn stderr(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn accounts(db: &Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("SELECT count(*) FROM account", [], |r| r.get(0)).unwrap()
}

/// A yuan book of three accounts with contracts, and a file of `n` USD companies without.
fn book(dir: &Path, n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let db = dir.join("book.db");
    let cny = dir.join("cny.csv");
    std::fs::write(
        &cny,
        "name,arr,renewal_date,currency\n成都天府云图信息技术有限公司,500000,2027-03-31,CNY\n\
         北京星河,300000,2027-01-31,CNY\nShanghai 🚀 Labs,200000,2027-06-30,CNY\n",
    )
    .unwrap();
    let none = dir.join("none.toml");
    assert!(import(&db, &none, "en", &cny, &[]).status.success());
    let usd = dir.join("usd.csv");
    let rows: String = (1..=n).map(|i| format!("US Company {i},USD\n")).collect();
    std::fs::write(&usd, format!("name,currency\n{rows}")).unwrap();
    (db, usd)
}

#[test]
fn an_import_that_outnumbers_the_books_currency_says_the_totals_move() {
    let dir = tempfile::tempdir().unwrap();
    let (db, usd) = book(dir.path(), 5);
    let none = dir.path().join("none.toml");
    let zh = stderr(&import(&db, &none, "zh-CN", &usd, &["--dry-run"]));
    assert!(
        zh.contains("本文件新增的 5 个 USD 客户（无论有无合同）使 USD 成为多数客户的币种，不再是 CNY"),
        "{zh}"
    );
    assert!(zh.contains("radar config set report.currency CNY"), "{zh}");
    assert_eq!(accounts(&db), 3, "a dry run writes nothing");
    let en = stderr(&import(&db, &none, "en", &usd, &[]));
    let moved = "the 5 accounts this file adds in USD (with a contract or not) make USD the currency most accounts are in, no longer CNY";
    assert!(en.contains(moved), "{en}");
    assert!(en.contains("radar config set report.currency CNY"), "{en}");
    assert_eq!(accounts(&db), 8);
}

#[test]
fn nothing_is_said_when_the_totals_currency_is_set_or_stays() {
    let dir = tempfile::tempdir().unwrap();
    let (db, usd) = book(dir.path(), 5);
    let fixed = dir.path().join("fixed.toml");
    std::fs::write(&fixed, "[report]\ncurrency = \"CNY\"\n").unwrap();
    let said = stderr(&import(&db, &fixed, "en", &usd, &["--dry-run"]));
    assert!(!said.contains("the currency most accounts are in"), "{said}");
    // Two USD companies against three yuan accounts: the book stays in yuan.
    let sub = dir.path().join("b");
    std::fs::create_dir(&sub).unwrap();
    let (db2, two) = book(&sub, 2);
    let said = stderr(&import(&db2, &sub.join("none.toml"), "en", &two, &[]));
    assert!(!said.contains("the currency most accounts are in"), "{said}");
    assert_eq!(accounts(&db2), 5);
}

/// The dashboard's preview says it too, before the yes; the yes then writes the accounts.
#[test]
fn the_dashboard_preview_says_the_totals_move() {
    use crate::support::tui_edit::app_on;
    use radar::i18n::Lang;
    use radar::store::Store;
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let (db, usd) = book(dir.path(), 5);
    let mut h = app_on(Store::open(&db).unwrap(), Lang::En, (200, 50));
    assert_eq!(h.worker.cfg.report_currency, None);
    h.keys("I");
    h.keys(&usd.display().to_string());
    h.key(KeyCode::Enter);
    let preview = h.screen();
    assert!(preview.contains("Import this file?"), "{preview}");
    assert!(preview.contains("the 5 accounts this file adds in USD (with a contract or not)"), "{preview}");
    assert!(preview.contains("to keep CNY: radar config set report.currency CNY"), "{preview}");
    assert_eq!(accounts(&db), 3, "nothing written before the yes");
    h.keys("y");
    assert_eq!(accounts(&db), 8);
}
