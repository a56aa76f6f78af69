//! `radar calibrate` (issue 16, a score that proves itself): the counts add up, per owner
//! too; a bad `--at` or owner is refused; the suggestion is written only to a new file, as
//! a config the user can adopt as it is, and nothing is applied by calibrate itself.

use std::path::Path;
use std::process::{Command, Output};

fn radar(db: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", config)
        .output()
        .expect("radar runs")
}

fn json(db: &Path, config: &Path, args: &[&str]) -> serde_json::Value {
    let out = radar(db, config, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn u(v: &serde_json::Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("a count: {v}"))
}

#[test]
fn counts_add_up_and_the_suggestion_is_a_config_to_adopt() {
    let dir = tempfile::tempdir().unwrap();
    let (db, none) = (dir.path().join("p.db"), dir.path().join("nonexistent.toml"));
    let out = radar(&db, &none, &["demo", "--accounts", "180"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = json(&db, &none, &["calibrate", "--format", "json"]);
    assert_eq!(u(&c["lead_days"]), 90);
    let outcomes = u(&c["outcomes"]);
    assert!(outcomes >= 30 && c["enough"] == true, "{c}");
    let bands = c["bands"].as_array().unwrap();
    assert_eq!(
        bands.iter().map(|b| b["band"].as_str().unwrap()).collect::<Vec<_>>(),
        ["healthy", "watch", "at_risk", "critical"]
    );
    assert_eq!(bands.iter().map(|b| u(&b["outcomes"])).sum::<u64>(), outcomes);
    assert_eq!(bands.iter().map(|b| u(&b["churned"])).sum::<u64>(), u(&c["churned"]));
    for r in c["rules"].as_array().unwrap() {
        assert_eq!(u(&r["fired"]) + u(&r["not_fired"]), outcomes, "{r}");
        assert_eq!(u(&r["fired_churned"]) + u(&r["not_fired_churned"]), u(&c["churned"]), "{r}");
    }
    let p = &c["auc_pairs"];
    assert_eq!(u(&p["pairs"]), u(&c["churned"]) * (outcomes - u(&c["churned"])));
    let auc = (2 * u(&p["wins"]) + u(&p["ties"])) as f64 / (2 * u(&p["pairs"])) as f64;
    assert!((c["auc"].as_f64().unwrap() - auc).abs() < 1e-12);
    // Per owner, the outcomes add up to the book.
    let owners: Vec<serde_json::Value> =
        json(&db, &none, &["report", "--by", "owner", "--format", "json"]).as_array().unwrap().clone();
    let per_owner: u64 = owners
        .iter()
        .map(|o| {
            u(&json(&db, &none, &["calibrate", "--owner", o["owner"].as_str().unwrap(), "--format", "json"])
                ["outcomes"])
        })
        .sum();
    assert_eq!(per_owner, outcomes);

    // Bad input: exit 2, nothing written.
    let file = dir.path().join("suggested.toml");
    let bad = radar(&db, &none, &["calibrate", "--at", "45", "--write-suggestion", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--at 45"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let bad = radar(&db, &none, &["calibrate", "--owner", "Nobody Here"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(!file.exists());

    // The suggestion: written once, never over an existing file, and the same text
    // works as a config file as it stands.
    let out = radar(&db, &none, &["calibrate", "--write-suggestion", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("[risk.points]"), "{written}");
    let again = radar(&db, &none, &["calibrate", "--write-suggestion", file.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), written);
    let adopted = json(&db, &file, &["calibrate", "--format", "json"]);
    for s in c["suggestions"].as_array().unwrap() {
        let line = format!("{} = {}", s["rule"].as_str().unwrap(), u(&s["to"]));
        assert!(written.contains(&line), "{line} in\n{written}");
    }
    // Adopted, the suggested weights are in effect: a rule suggested again starts from
    // the weight the file gave it.
    for s in adopted["suggestions"].as_array().unwrap() {
        if let Some(b) = c["suggestions"].as_array().unwrap().iter().find(|x| x["rule"] == s["rule"]) {
            assert_eq!(s["from"], b["to"], "{s}");
        }
    }
    assert!(adopted["suggestions"] != c["suggestions"] || c["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn too_few_outcomes_are_said_plainly_and_nothing_is_suggested() {
    let dir = tempfile::tempdir().unwrap();
    let (db, none) = (dir.path().join("p.db"), dir.path().join("nonexistent.toml"));
    assert!(radar(&db, &none, &["demo", "--accounts", "8"]).status.success());
    let c = json(&db, &none, &["calibrate", "--at", "30", "--format", "json"]);
    assert!(u(&c["outcomes"]) < 30, "{c}");
    assert_eq!(c["enough"], false);
    assert_eq!(c["suggestions"].as_array().unwrap().len(), 0);
    let text = String::from_utf8(radar(&db, &none, &["calibrate", "--at", "30"]).stdout).unwrap();
    assert!(text.contains("Too few to judge"), "{text}");
    assert!(text.contains("No weights suggested: too few outcomes"), "{text}");
    let zh = String::from_utf8(radar(&db, &none, &["--lang", "zh-CN", "calibrate"]).stdout).unwrap();
    assert!(zh.contains("样本太少，无法判断"), "{zh}");
}
