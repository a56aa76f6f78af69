//! Running the real `radar` binary on a portfolio file, as the CLI tests do: the fixed
//! clock, a fixed language and no settings file, whatever the environment of the test run
//! says (RADAR_DB, RADAR_TODAY and a user's config would otherwise leak in).

use std::path::Path;
use std::process::{Command, Output};

/// The day every CLI test runs on (`--today`).
pub const TODAY: &str = "2026-11-22";

/// `radar --db DB --today 2026-11-22 --lang en ARGS…`: what it printed and how it exited.
pub fn radar(db: &Path, args: &[&str]) -> Output {
    radar_lang(db, "en", args)
}

/// `radar` in `lang` (`en` or `zh-CN`).
pub fn radar_lang(db: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(super::BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY, "--lang", lang])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env_remove("LC_ALL")
        .env(super::MONEY_LOCALE.0, super::MONEY_LOCALE.1)
        .output()
        .expect("radar runs")
}

/// `radar`, which must succeed: else the test fails naming the arguments and stderr.
pub fn radar_ok(db: &Path, args: &[&str]) -> Output {
    let out = radar(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

/// A demo portfolio of `accounts` accounts from `seed`, written to `db` by `radar demo`.
pub fn demo_file(db: &Path, accounts: usize, seed: u64) {
    radar_ok(db, &["demo", "--accounts", &accounts.to_string(), "--seed", &seed.to_string()]);
}

/// A JSON export of `db`, imported into a new file in `dir`, exported again: both exports.
pub fn json_round_trip(db: &Path, dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let first = radar_ok(db, &["export", "--format", "json"]).stdout;
    let file = dir.join("export.json");
    std::fs::write(&file, &first).unwrap();
    let copy = dir.join("copy.db");
    radar_ok(&copy, &["import", "json", file.to_str().unwrap()]);
    (first, radar_ok(&copy, &["export", "--format", "json"]).stdout)
}
