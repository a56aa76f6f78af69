//! A file given as the wrong kind is refused before a row is read, naming the kind its
//! columns are and the command to use (exit 2, nothing written): a contacts export
//! imported as accounts would otherwise make accounts of its rows (the old code created
//! two accounts from tests/fixtures/contacts.csv, and with --skip-invalid an account of every
//! Salesforce opportunity). Combined customer templates stay importable as both kinds
//! (import_crm covers jsHERP and mrbiggreen).

use super::import_crm::Book;
use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn radar(b: &Book, lang: &str, args: &[&str]) -> Output {
    Command::new(crate::support::BIN)
        .arg("--db")
        .arg(&b.db)
        .args(["--today", "2026-11-22", "--lang", lang])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("LANG", "en_US.UTF-8")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn refused(b: &Book, lang: &str, kind: &str, file: &str, flags: &[&str]) -> String {
    let path = fixture(file);
    let before = std::fs::read(&b.db).ok();
    let mut args = vec!["import", kind, path.to_str().unwrap()];
    args.extend_from_slice(flags);
    let out = radar(b, lang, &args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{kind} {file}: {err}");
    assert_eq!(std::fs::read(&b.db).ok(), before, "{kind} {file}: nothing changed");
    err
}

#[test]
fn a_file_of_another_kind_is_refused_naming_it() {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    let err = refused(&b, "en", "accounts", "crm/hubspot_contacts.csv", &[]);
    assert!(err.contains("its columns are those of contacts"), "{err}");
    assert!(err.contains("radar import contacts '"), "{err}");
    assert!(err.contains("hubspot_contacts.csv'"), "the command names the file: {err}");
    // Radar's own contacts file: its `account` column would pass for an account's name.
    let err = refused(&b, "en", "accounts", "contacts.csv", &[]);
    assert!(err.contains("its columns are those of contacts"), "{err}");
    // Opportunities have a NAME column: without the check each became an account.
    let err = refused(&b, "en", "accounts", "crm/sf_dataloader_opportunityData.csv", &["--skip-invalid"]);
    assert!(err.contains("radar import deals '"), "{err}");
    let err = refused(&b, "en", "contacts", "crm/hubspot_activities.csv", &[]);
    assert!(err.contains("radar import touchpoints '"), "{err}");
    let err = refused(&b, "zh-CN", "accounts", "crm/hubspot_contacts.csv", &[]);
    assert!(err.contains("这些列属于 contacts（联系人），不是 accounts"), "{err}");
    assert_eq!(b.count("account"), 200);
    assert_eq!(b.count("contact"), 0);
}

#[test]
fn map_says_what_the_columns_are() {
    let b = Book::new();
    // Told what the columns are, the import does as told: `account` is the name here.
    let path = fixture("contacts.csv");
    let out =
        radar(&b, "en", &["import", "accounts", path.to_str().unwrap(), "--map", "name=-", "--dry-run"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
