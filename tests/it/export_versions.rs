//! The JSON export's `version` says what an older Radar cannot read: follow-up tasks and
//! referrals make it 4, so a Radar that reads up to 3 refuses the file instead of dropping
//! them silently (serde ignores fields it does not know). A file without them keeps the
//! version it had (1 without rates), byte for byte; every version round-trips byte-identical;
//! a version above what this Radar reads is refused, naming both, and nothing is imported.

use crate::support::cli::{radar, radar_ok};
use std::path::Path;

const ACCOUNTS: &str = "name,arr,renewal_date,owner\n成都天府云图信息技术有限公司,120000,2027-03-01,Li Na\nBluefin 🐟,50000,2027-05-01,Alex Kim\n";

/// A book with `extra` imported (kind, CSV text) after the accounts; its JSON export.
fn book(dir: &Path, name: &str, extra: &[(&str, &str)]) -> (std::path::PathBuf, serde_json::Value, Vec<u8>) {
    let db = dir.join(format!("{name}.db"));
    let file = dir.join(format!("{name}-accounts.csv"));
    std::fs::write(&file, ACCOUNTS).unwrap();
    radar_ok(&db, &["import", "accounts", file.to_str().unwrap()]);
    for (kind, text) in extra {
        let file = dir.join(format!("{name}-{kind}.csv"));
        std::fs::write(&file, text).unwrap();
        radar_ok(&db, &["import", kind, file.to_str().unwrap()]);
    }
    let out = dir.join(format!("{name}.json"));
    radar_ok(&db, &["export", "--format", "json", "--out", out.to_str().unwrap()]);
    let bytes = std::fs::read(&out).unwrap();
    (out, serde_json::from_slice(&bytes).unwrap(), bytes)
}

/// Imports `json` into a new file and exports it again: the same bytes.
fn round_trip(dir: &Path, json: &Path, name: &str) {
    let copy = dir.join(format!("{name}-copy.db"));
    radar_ok(&copy, &["import", "json", json.to_str().unwrap()]);
    let again = dir.join(format!("{name}-again.json"));
    radar_ok(&copy, &["export", "--format", "json", "--out", again.to_str().unwrap()]);
    assert!(
        std::fs::read(json).unwrap() == std::fs::read(&again).unwrap(),
        "{name}: the round trip changed the export"
    );
}

const TASKS: &str =
    "account,task,due\n成都天府云图信息技术有限公司,\"发报价 🚀\nthen call 王总\",2026-12-01\n";
const REFERRALS: &str = "account,prospect,date\nBluefin 🐟,成都天府云图信息技术有限公司,2026-11-20\n";

#[test]
fn tasks_or_referrals_make_version_4_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, doc, _) = book(dir.path(), "plain", &[]);
    assert_eq!(doc["version"], 1, "nothing newer: the layout of version 1");
    round_trip(dir.path(), &plain, "plain");
    for (name, extra) in [("tasks", vec![("tasks", TASKS)]), ("referrals", vec![("referrals", REFERRALS)])] {
        let (json, doc, _) = book(dir.path(), name, &extra);
        assert_eq!(doc["version"], 4, "{name}");
        round_trip(dir.path(), &json, name);
    }
}

/// `--owner`: the version follows the accounts written, so an export of an owner without
/// tasks is what it was.
#[test]
fn an_owner_export_without_tasks_keeps_its_version() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, _) = book(dir.path(), "both", &[("tasks", TASKS)]);
    let db = dir.path().join("both.db");
    let out = radar_ok(&db, &["export", "--format", "json", "--owner", "Alex Kim"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1, "Alex Kim's account has no task");
    let out = radar_ok(&db, &["export", "--format", "json", "--owner", "Li Na"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 4);
}

/// What an older Radar does with a newer export: refuses it, naming both versions, and
/// imports nothing. (This Radar reads up to 4; a 5 stands for the next one.)
#[test]
fn a_newer_version_is_refused_and_nothing_imported() {
    let dir = tempfile::tempdir().unwrap();
    let (json, mut doc, _) = book(dir.path(), "newer", &[("tasks", TASKS)]);
    doc["version"] = serde_json::json!(5);
    std::fs::write(&json, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let copy = dir.path().join("newer-copy.db");
    let out = radar(&copy, &["import", "json", json.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("written by a newer Radar (export version 5; this one reads up to 4)"), "{err}");
    if copy.exists() {
        let n: i64 = rusqlite::Connection::open(&copy)
            .unwrap()
            .query_row("SELECT count(*) FROM account", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
