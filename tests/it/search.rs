//! `radar search`: the full-text index as a script sees it. A CSV import fills the index
//! (Chinese company names found by a two-character word), an old file gets its index from
//! the migration, a note written behind Radar's back is found after `--reindex` and never
//! brings its control bytes to the terminal.

use std::path::Path;
use std::process::{Command, Output};

pub(crate) fn radar(db: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_radar"));
    c.arg("--db").arg(db).args(["--today", "2026-11-22", "--lang", "en"]).args(args);
    c.env_remove("RADAR_DB").env_remove("RADAR_TODAY").env("RADAR_CONFIG", "/nonexistent/radar-config.toml");
    c.output().expect("radar runs")
}

pub(crate) fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn json(db: &Path, words: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["search", "--format", "json"];
    args.extend(words);
    serde_json::from_str::<serde_json::Value>(&ok(radar(db, &args))).unwrap().as_array().unwrap().clone()
}

#[test]
fn an_import_fills_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/accounts_zh.csv");
    ok(radar(&db, &["import", "accounts", csv.to_str().unwrap()]));
    let hits = json(&db, &["天府"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["kind"], "account");
    assert_eq!(hits[0]["account"], "成都天府云图信息技术有限公司");
    assert_eq!(hits[0]["hit"], "天府");
    assert_eq!(json(&db, &["云图信息"]).len(), 1, "a longer phrase across the bigrams");
    assert!(json(&db, &["天云"]).is_empty(), "two characters not side by side are not a word of it");
    let text = ok(radar(&db, &["search", "星河"]));
    assert!(text.contains("[星河]") && text.contains("杭州星河科技有限公司"), "{text}");
}

#[test]
fn a_version_1_file_is_indexed_by_its_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1/portfolio.db"), &db).unwrap();
    let hits = json(&db, &["培训"]);
    assert!(hits.iter().any(|h| h["snippet"].as_str().unwrap().contains("[培训]")), "{hits:?}");
    assert!(!json(&db, &["Training"]).is_empty(), "case-insensitive");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, radar::store::LATEST_VERSION);
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(radar(&db, &["demo", "--accounts", "3"]));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO touchpoint (account_id, date, kind, note) VALUES \
             ((SELECT min(id) FROM account), '2026-11-20', 'call', ?1)",
            ["pwn \u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J narwhal \u{9b}31m\u{1b}]0;title\u{7}\r\nend"],
        )
        .unwrap();
        conn.execute(
            "UPDATE account SET name = ?1 WHERE id = (SELECT min(id) FROM account)",
            ["Evil\u{1b}[31m Corp"],
        )
        .unwrap();
    }
    let before = ok(radar(&db, &["search", "narwhal"]));
    assert!(before.contains("Nothing found"), "written behind Radar's back: not indexed yet\n{before}");
    let out = radar(&db, &["search", "--reindex", "narwhal"]);
    let text = ok(out);
    assert!(text.contains("[narwhal]"), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    let hits = json(&db, &["narwhal"]);
    let all = serde_json::to_string(&hits).unwrap();
    assert!(!all.contains("\\u001b") && !all.contains("\\u009b") && !all.contains("\\u0007"), "{all}");
}

#[test]
fn a_restored_backup_brings_its_own_index() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let backup = dir.path().join("b.db");
    ok(radar(&db, &["demo", "--accounts", "3"]));
    ok(radar(&db, &["backup", "--out", backup.to_str().unwrap()]));
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO touchpoint (account_id, date, kind, note) VALUES \
             ((SELECT min(id) FROM account), '2026-11-21', 'call', 'okapi sighting')",
            [],
        )
        .unwrap();
    }
    ok(radar(&db, &["search", "--reindex"]));
    assert_eq!(json(&db, &["okapi"]).len(), 1);
    ok(radar(&db, &["restore", backup.to_str().unwrap(), "--yes"]));
    assert!(json(&db, &["okapi"]).is_empty(), "the backup's index, without the later note");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (rows, records): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM search_index), (SELECT count(*) FROM account) + \
             (SELECT count(*) FROM touchpoint WHERE note <> '') + (SELECT count(*) FROM promise)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(rows >= records, "{rows} index rows for at least {records} records");
}

/// A file of the release with the first index (V6, a copy of every text kept) is given the
/// contentless index by its migration: every word finds the same records, in the same order
/// (bm25, then day), as that release's own index did, and no text is kept any more.
#[test]
fn a_version_6_file_searches_as_its_own_index_did_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v6-milestones/portfolio.db");
    std::fs::copy(src, &db).unwrap();
    let words =
        ["培训", "天府", "云图信息", "owner", "Training", "dashboard", "rocket", "老板", "sso", "续约"];
    // What the V6 index itself answers (the query `fts::matches` asks), read before any upgrade.
    let kinds = ["", "account", "touchpoint", "promise", "requirement", "complaint", "contact", "task"];
    let mut want = Vec::new();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, 6, "the fixture is a V6 file");
        for w in words {
            let expr =
                radar::domain::search_text::match_expr(&radar::domain::search_text::query_terms(w)).unwrap();
            let hits: Vec<String> = conn
                .prepare(
                    "SELECT rowid FROM (SELECT rowid, rank AS score, day FROM search_index \
                     WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT 2000) ORDER BY score, day DESC",
                )
                .unwrap()
                .query_map([expr], |r| r.get::<_, i64>(0))
                .unwrap()
                .map(|r| {
                    let rowid = r.unwrap();
                    format!("{} {}", kinds[rowid.rem_euclid(16) as usize], rowid.div_euclid(16))
                })
                .collect();
            want.push(hits);
        }
    }
    assert!(want.iter().filter(|h| !h.is_empty()).count() >= 6, "most words are in the fixture: {want:?}");
    for (w, want) in words.iter().zip(want) {
        let got: Vec<String> = json(&db, &["--limit", "500", w])
            .iter()
            .map(|h| format!("{} {}", h["kind"].as_str().unwrap(), h["id"]))
            .collect();
        assert_eq!(got, want, "{w}");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(v, radar::store::LATEST_VERSION);
    let (rows, bodies): (i64, i64) = conn
        .query_row("SELECT count(*), count(body) FROM search_index", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((rows, bodies), (149, 0), "every record indexed again, no text kept");
}

/// More matches than the limit: the heading says how many match in all, not the limit
/// (a CSM saw "20 found" when 37 matched).
#[test]
fn the_heading_counts_every_match_not_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("a.csv");
    let mut text = String::from("客户名称,年合同额,到期日\n");
    for i in 0..37 {
        text.push_str(&format!("竞品观察 客户{i:02},10000,2027-03-01\n"));
    }
    std::fs::write(&csv, text).unwrap();
    ok(radar(&db, &["import", "accounts", csv.to_str().unwrap()]));
    assert_eq!(json(&db, &["竞品", "--limit", "100"]).len(), 37);
    let out = ok(radar(&db, &["search", "竞品"]));
    let head = out.lines().next().unwrap();
    assert!(head.contains("37") && head.contains("20"), "{head}");
    assert!(!head.starts_with("20 found"), "{head}");
    let all = ok(radar(&db, &["search", "--limit", "50", "竞品"]));
    assert!(all.lines().next().unwrap().starts_with("37 found"), "{all}");
}
