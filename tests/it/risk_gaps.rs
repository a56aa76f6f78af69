//! Unknown is not risk (issue 16): an account imported with little history lists what is
//! not known as data gaps, scores nothing for it inside the grace period, and afterwards
//! counts a missing decision maker once (not again as "renewal unconfirmed, no decision
//! maker", nor a missing tier-1 key person as "no key person to keep in touch with").

use std::path::Path;
use std::process::{Command, Output};

fn radar(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", today])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn triage(db: &Path, today: &str) -> serde_json::Value {
    let out = radar(db, today, &["triage", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v.as_array().unwrap().iter().find(|r| r["external_id"] == "CN-1").expect("the account").clone()
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x[key].as_str().unwrap().to_string()).collect()
}

/// A file in `dir` holding one account (CN-1, a year's contract from 2026-01-20, nothing
/// else known) imported on 2026-11-22.
fn imported(dir: &Path) -> std::path::PathBuf {
    let (db, csv) = (dir.join("p.db"), dir.join("a.csv"));
    std::fs::write(
        &csv,
        "external_id,name,arr,contract_start,renewal_date\nCN-1,成都天府云图信息技术有限公司,80000,2026-01-20,2027-01-20\n",
    )
    .unwrap();
    let out = radar(&db, "2026-11-22", &["import", "accounts", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

#[test]
fn an_import_with_little_history_lists_gaps_and_counts_the_decision_maker_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(dir.path());

    // Five days after the import (before the first weekly blocker follow-up falls due):
    // everything is a gap and nothing scores.
    let row = triage(&db, "2026-11-27");
    assert_eq!(row["score"], 0, "{row}");
    assert_eq!(
        strings(&row["gaps"], "gap"),
        ["decision_maker", "key_person", "admin", "usage", "activation"]
    );
    assert!(row["gaps"].as_array().unwrap().iter().all(|g| g["scored"] == false), "{row}");
    assert_eq!(row["completeness"], serde_json::json!([0, 5]));

    // 33 days after: the grace period is over; the renewal is 26 days away. The missing
    // decision maker and activation date score once each; the rest is only listed.
    let row = triage(&db, "2026-12-25");
    let rules = strings(&row["reasons"], "rule");
    for counted in ["no_decision_maker", "not_activated"] {
        assert_eq!(rules.iter().filter(|r| *r == counted).count(), 1, "{rules:?}");
    }
    for never in ["renewal_unconfirmed", "kp_silent", "low_power_only", "admin_gone", "usage_stopped"] {
        assert!(!rules.iter().any(|r| r == never), "{never} counted a gap: {rules:?}");
    }
    let scored: Vec<String> = row["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["scored"] == true)
        .map(|g| g["gap"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(scored, ["decision_maker", "activation"]);
    let points: u64 = row["reasons"].as_array().unwrap().iter().map(|r| r["points"].as_u64().unwrap()).sum();
    assert_eq!(row["score"].as_u64().unwrap(), points.min(100));

    // The text output marks unscored gaps with "?" and no points.
    let out = radar(&db, "2026-11-27", &["triage"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("?    no decision maker recorded"), "{text}");
    assert!(!text.contains('+'), "nothing scores inside the grace period: {text}");
}

/// Found in a CSM's trial: a contract that ended 46 days ago with no outcome recorded, on an
/// account just imported with nothing else known, scored 0 (Healthy) and sorted under an
/// account renewing next year. A lapsed contract is a fact, not a gap: it scores and leads.
#[test]
fn a_lapsed_contract_with_nothing_else_known_scores_and_leads_triage() {
    let dir = tempfile::tempdir().unwrap();
    let (db, csv) = (dir.path().join("p.db"), dir.path().join("a.csv"));
    std::fs::write(
        &csv,
        "external_id,name,arr,renewal_date\nCN-2,Fresh Co,50000,2027-09-15\nCN-1,成都天府云图信息技术有限公司,50000,2026-10-15\n",
    )
    .unwrap();
    let out = radar(&db, "2026-11-30", &["import", "accounts", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lapsed = triage(&db, "2026-11-30");
    assert_eq!(lapsed["band"], "watch", "{lapsed}");
    assert_eq!(strings(&lapsed["reasons"], "rule"), ["renewal_lapsed"], "{lapsed}");
    let out = radar(&db, "2026-11-30", &["triage", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["external_id"], "CN-1", "the lapsed contract comes first: {rows}");
    let text = String::from_utf8(radar(&db, "2026-11-30", &["triage"]).stdout).unwrap();
    assert!(text.contains("the contract ended 2026-10-15, 46 days ago"), "{text}");
}

/// The decision-chain tab of an account imported today lists the seats nobody was ever
/// recorded in, though they score nothing yet (it said "No gaps in the decision chain" over
/// an empty chain, while the risk tab listed three); once a gap scores, it shows once, as
/// its rule's reason.
#[test]
fn the_chain_tab_lists_the_unknown_seats_of_a_new_account() {
    use radar::i18n::Lang;
    use radar::tui::harness::Harness;
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let db = imported(dir.path());
    for (today, scored) in [("2026-11-22", false), ("2027-01-10", true)] {
        let day = chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap();
        let store = radar::store::Store::open(&db).unwrap();
        let mut h = Harness::new(store, Lang::En, day, (120, 40));
        h.key(KeyCode::Enter);
        h.keys("2");
        let screen = h.screen();
        assert!(!screen.contains("No gaps in the decision chain"), "{today}: {screen}");
        assert!(screen.contains("no system administrator recorded"), "{today}: {screen}");
        assert!(screen.contains("ask who administers the system"), "{today}: {screen}");
        // Scored after the grace period: the decision maker is a reason (!), not listed twice.
        let dm = screen.matches("no decision maker").count();
        assert_eq!(dm, 1, "{today}: {screen}");
        assert_eq!(screen.contains("! No decision maker"), scored, "{today}: {screen}");
    }
}
