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
