//! An account without a contract term (a CRM's companies export brings hundreds) is not
//! scored for renewal: triage says "no contract" where it said "Healthy" beside real
//! renewals, and its JSON says `has_contract: false` (CSM trial, session 32: 200 HubSpot
//! prospects read as healthy accounts). The dashboard already said "not scored: no
//! contract yet".

use crate::support::BIN;
use std::path::Path;
use std::process::Command;

fn radar(db: &Path, lang: &str, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", lang])
        .args(args)
        .output()
        .expect("radar runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_account_without_a_contract_is_not_called_healthy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("book.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date,currency\n成都天府云图信息技术有限公司,920000,2026-12-31,CNY\nAcme Prospect 🚀,,,CNY\n",
    )
    .unwrap();
    radar(&db, "en", &["import", "accounts", csv.to_str().unwrap()]);
    let text = radar(&db, "en", &["triage"]);
    let line = |name: &str| text.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    assert!(line("Acme Prospect").contains("no contract"), "{text}");
    assert!(!line("Acme Prospect").contains("Healthy"), "{text}");
    assert!(!line("成都天府云图").contains("no contract"), "{text}");
    let zh = radar(&db, "zh-CN", &["triage"]);
    assert!(zh.lines().any(|l| l.contains("Acme Prospect") && l.contains("无合同")), "{zh}");
    let json: serde_json::Value =
        serde_json::from_str(&radar(&db, "en", &["triage", "--format", "json"])).unwrap();
    let has = |name: &str| {
        json.as_array().unwrap().iter().find(|r| r["name"].as_str().unwrap().contains(name)).unwrap()["has_contract"]
            .clone()
    };
    assert_eq!((has("Acme Prospect"), has("成都天府云图")), (false.into(), true.into()));
}

/// At equal priority and score (a healthy renewal and a prospect both score 0), the
/// account with a contract is listed first, whatever the names: 200 prospects named
/// "A…" no longer push the book's quiet renewals off `triage --limit 20` (session 32's
/// note). The same on the cached walk (`--limit`), the full sort (no limit, after a
/// recompute) and the stale cache (`--no-recompute`).
#[test]
fn a_renewal_comes_before_a_prospect_of_equal_priority() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("book.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date,currency\nAaa Prospect,,,CNY\nAab Prospect 🚀,,,CNY\n\
         成都天府云图信息技术有限公司,920000,2027-10-01,CNY\n",
    )
    .unwrap();
    radar(&db, "en", &["import", "accounts", csv.to_str().unwrap()]);
    let order = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["triage", "--format", "json"];
        all.extend_from_slice(args);
        let json: serde_json::Value = serde_json::from_str(&radar(&db, "en", &all)).unwrap();
        let rows = json.as_array().unwrap();
        assert!(rows.iter().all(|r| r["priority"] == 0), "{json}");
        rows.iter().map(|r| r["name"].as_str().unwrap().to_string()).collect()
    };
    let want = ["成都天府云图信息技术有限公司", "Aaa Prospect", "Aab Prospect 🚀"];
    assert_eq!(order(&[]), want, "the full sort");
    assert_eq!(order(&["--limit", "2"]), want[..2], "the cached walk");
    let later = Command::new(BIN)
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-30", "triage", "--no-recompute", "--limit", "1", "--format", "json"])
        .output()
        .unwrap();
    let stale: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(stale[0]["name"], want[0], "the stale cache");
}

/// A contract that ended 20 years ago with no outcome (an old CRM export's) ranked with
/// this month's lapsed renewal, and first by name at the same ARR, telling the CSM to call
/// the decision maker today (CSM trial, session 33). It keeps its points and says it is
/// history; the renewal at hand comes first.
#[test]
fn a_contract_lapsed_long_ago_ranks_below_a_renewal_at_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let csv = dir.path().join("book.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date,currency\nAaa Old Contract,500000,2006-10-08,CNY\n\
         成都天府云图信息技术有限公司,500000,2026-11-15,CNY\n",
    )
    .unwrap();
    radar(&db, "en", &["import", "accounts", csv.to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_str(&radar(&db, "en", &["triage", "--format", "json"])).unwrap();
    let rows = json.as_array().unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["成都天府云图信息技术有限公司", "Aaa Old Contract"], "{json}");
    assert_eq!(rows[0]["score"], rows[1]["score"], "the same points: {json}");
    let old = rows[1]["reasons"][0]["detail"].as_str().unwrap();
    assert!(old.contains("7350 days ago") && old.contains("left out of the renewal countdown"), "{old}");
    let zh = radar(&db, "zh-CN", &["triage"]);
    assert!(zh.contains("不计入续约倒计时"), "{zh}");
}
