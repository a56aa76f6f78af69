//! Churn notes and referrals in `radar search` (schema V11): a CSM finds why an account was
//! lost and whom it referred by a word of the note, in either language's labels; the
//! releases' own files (V1, V6) are searchable for them after the upgrade; text written
//! behind Radar's back never brings its control bytes to the terminal; the JSON export
//! still round-trips byte for byte, and its import is searchable.

use crate::search::{json, ok, radar};
use crate::support::store_edit::{cfg, churn_of, now, today};
use radar::domain::change::Row;
use radar::domain::*;
use radar::refresh;
use radar::store::Store;
use std::path::Path;
use std::process::{Command, Output};

const COMPANY: &str = "成都天府云图信息技术有限公司";

/// Churns the first account with an open term (note `note`) and asks it for a referral
/// (prospect `prospect`, note `ref_note`), through the store as the dashboard does; the
/// account's name.
fn churn_and_refer(db: &Path, note: &str, prospect: &str, ref_note: &str) -> String {
    let mut s = Store::open(db).unwrap();
    let f = s.load_all_facts().unwrap().into_iter().find(|f| f.current_term().is_some()).unwrap();
    let churn = churn_of(&f, today(), ChurnReason::Competitor, note);
    refresh::apply(&mut s, &churn, now(), &cfg()).unwrap();
    let mut r = Referral::asked(f.account.id, prospect, today());
    r.note = ref_note.into();
    let change = refresh::apply(&mut s, &Edit::SaveReferral(r), now(), &cfg()).unwrap();
    assert!(change.after.iter().any(|r| matches!(r, Row::Referral(_))));
    f.account.name
}

/// `radar` in Chinese (`search::radar` runs it in English).
fn zh_cn(db: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_radar"));
    c.arg("--db").arg(db).args(["--today", "2026-11-22", "--lang", "zh-CN"]).args(args);
    c.env_remove("RADAR_DB").env_remove("RADAR_TODAY").env("RADAR_CONFIG", "/nonexistent/radar-config.toml");
    c.output().expect("radar runs")
}

fn demo(db: &Path) {
    ok(radar(db, &["demo", "--accounts", "6"]));
}

#[test]
fn a_churn_note_and_a_referral_are_found_and_named_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo(&db);
    let name = churn_and_refer(
        &db,
        "客户选了竞品，预算砍半 🚀 narwhal\n第二行",
        &format!("{COMPANY} 😀"),
        "介绍人很热情 okapi\n下周回访",
    );
    let hits = json(&db, &["竞品"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0]["kind"].as_str(), hits[0]["account"].as_str()), (Some("term"), Some(name.as_str())));
    assert_eq!(hits[0]["date"], "2026-11-22");
    assert_eq!(hits[0]["hit"], "竞品");
    // The demo has an account of that name too: the referral is the other hit.
    let hits: Vec<_> = json(&db, &["天府云图"]).into_iter().filter(|h| h["kind"] == "referral").collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["account"].as_str(), Some(name.as_str()));
    assert_eq!(hits[0]["snippet"], format!("成都[天府云图]信息技术有限公司 😀"));
    assert_eq!(json(&db, &["okapi"]).len(), 1, "a referral's note");

    let en = ok(radar(&db, &["search", "narwhal"]));
    assert!(en.contains("churn note") && en.contains(&name) && en.contains("[narwhal]"), "{en}");
    let en = ok(radar(&db, &["search", "okapi"]));
    assert!(en.contains("  referral  ") && en.contains("[okapi]"), "{en}");
    let zh = ok(zh_cn(&db, &["search", "预算"]));
    assert!(zh.contains("流失说明") && zh.contains("[预算]"), "{zh}");
    let zh = ok(zh_cn(&db, &["search", "回访"]));
    assert!(zh.contains("转介绍") && zh.contains("[回访]"), "{zh}");
}

#[test]
fn hostile_churn_notes_and_referrals_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo(&db);
    let evil = "pwn \u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J quokka \u{9b}31m\u{1b}]0;title\u{7}\r\nend";
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE term SET outcome = 'churned', new_arr_minor = NULL, churn_reason = 'price', churn_note = ?1 \
             WHERE id = (SELECT min(id) FROM term WHERE outcome = 'renewed')",
            [evil],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO referral (account_id, prospect, date, stage_on, note) VALUES \
             ((SELECT min(id) FROM account), ?1, '2026-11-20', '2026-11-20', ?1)",
            [evil],
        )
        .unwrap();
    }
    let text = ok(radar(&db, &["search", "--reindex", "quokka"]));
    assert!(text.contains("churn note") && text.contains("referral") && text.contains("[quokka]"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    let all = serde_json::to_string(&json(&db, &["quokka"])).unwrap();
    assert!(!all.contains("\\u001b") && !all.contains("\\u009b") && !all.contains("\\u0007"), "{all}");
}

/// The JSON export carries churn notes and referrals; exported, imported into a new file
/// and exported again it is byte-identical, and the new file finds them.
#[test]
fn the_json_round_trip_is_unchanged_and_the_import_is_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    demo(&db);
    churn_and_refer(&db, "换了竞品 wombat 🚀", COMPANY, "axolotl 转介绍");
    let first = radar(&db, &["export", "--format", "json"]).stdout;
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let copy = dir.path().join("copy.db");
    ok(radar(&copy, &["import", "json", file.to_str().unwrap()]));
    let second = radar(&copy, &["export", "--format", "json"]).stdout;
    assert!(first == second, "the round trip changed the export");
    for (word, kind) in [("wombat", "term"), ("竞品", "term"), ("天府", "referral"), ("axolotl", "referral")]
    {
        let hits = json(&copy, &[word]);
        assert!(hits.iter().any(|h| h["kind"] == kind), "{word}: {hits:?}");
    }
}

/// The files the V1 and V6 releases wrote, with a churn note added as those releases
/// stored it: after the upgrade it is found, and every earlier kind still is.
#[test]
fn the_v1_and_v6_release_files_find_their_churn_notes_after_the_upgrade() {
    for (fixture, word) in [("v1", "培训"), ("v6-milestones", "培训")] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let src =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{fixture}/portfolio.db"));
        std::fs::copy(src, &db).unwrap();
        let account: String = {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let id: i64 = conn
                .query_row(
                    "UPDATE term SET outcome = 'churned', new_arr_minor = NULL, churn_reason = 'price', \
                     churn_note = '预算砍了 narwhal 🚀' WHERE id = (SELECT min(id) FROM term WHERE outcome = 'renewed') \
                     RETURNING account_id",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            conn.query_row("SELECT name FROM account WHERE id = ?1", [id], |r| r.get(0)).unwrap()
        };
        let hits = json(&db, &["narwhal"]);
        assert_eq!(hits.len(), 1, "{fixture}: {hits:?}");
        assert_eq!(
            (hits[0]["kind"].as_str(), hits[0]["account"].as_str()),
            (Some("term"), Some(account.as_str()))
        );
        assert_eq!(json(&db, &["预算"]).len(), 1, "{fixture}");
        assert!(!json(&db, &[word]).is_empty(), "{fixture}: the earlier kinds are still found");
        let conn = rusqlite::Connection::open(&db).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, radar::store::LATEST_VERSION, "{fixture}");
    }
}
