//! The CSV export is opened in Excel and WPS: a text cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a CR would run as a formula there. Such cells go out behind a `'` (OWASP's
//! advice), which `radar import` takes off again, so export → import into an empty file →
//! export still gives the same bytes. Control and invisible characters planted in the file
//! behind Radar's back never reach the CSV.

use crate::support::cli::{demo_file, radar_ok};
use std::path::{Path, PathBuf};

const KINDS: [&str; 7] =
    ["accounts", "contacts", "promises", "requirements", "usage", "touchpoints", "outcomes"];

/// Formula starters, and a value that already starts with the escape mark.
const FORMULAS: &[&str] =
    &["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=2", "'=kept", "=HYPERLINK(\"http://e.vil\")"];

/// Terminal and invisible controls (each with a visible marker around it).
const CONTROLS: &[(&str, &str)] = &[
    ("ESC", "a\u{1b}[31mESC-MARK"),
    ("BEL", "BEL-MARK\u{7}b"),
    ("C1 CSI", "c\u{9b}2JCSI-MARK"),
    ("NEL", "NEL-MARK\u{85}d"),
    ("RLO", "\u{202e}RLO-MARK"),
];

/// Invisible characters the terminal does not act on but that hide text: tag characters
/// and the word joiner.
const INVISIBLE: &[(&str, &str)] = &[("TAG", "TAG-MARK\u{e0041}\u{e007f}e"), ("WJ", "WJ\u{2060}-MARK")];

/// A demo portfolio whose text columns are then overwritten, with SQL, by `payloads`
/// (each made unique by a ` #id` suffix, so names still tell records apart).
fn poisoned(dir: &Path, payloads: &[&str]) -> PathBuf {
    let db = dir.join("p.db");
    demo_file(&db, 30, 5);
    let c = rusqlite::Connection::open(&db).unwrap();
    let set = |sql: &str, n: usize| {
        for i in 0..n {
            let value = format!("{} #{}", payloads[i % payloads.len()], i + 1);
            c.execute(sql, rusqlite::params![value, (i + 1) as i64]).unwrap();
        }
    };
    set("UPDATE account SET name = ?1, owner = ?1, industry = ?1, region = ?1 WHERE id = ?2", 20);
    c.execute("UPDATE account SET external_id = '@ext-' || id WHERE id = 3", []).unwrap();
    c.execute("UPDATE account SET external_id = '=ext-' || id WHERE id = 4", []).unwrap();
    set("UPDATE contact SET name = ?1, title = ?1 WHERE id = ?2", 60);
    set("UPDATE promise SET text = ?1, made_by = ?1 WHERE id = ?2", 40);
    set("UPDATE requirement SET title = ?1, requester = ?1 WHERE id = ?2", 40);
    set("UPDATE touchpoint SET note = ?1 WHERE id = ?2", 80);
    set("UPDATE term SET churn_note = ?1 WHERE outcome = 'churned' AND id = ?2", 200);
    db
}

fn export(db: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    radar_ok(db, &["export", "--format", "csv", "--out", out.to_str().unwrap()]);
    KINDS.iter().map(|k| (k.to_string(), std::fs::read(out.join(format!("{k}.csv"))).unwrap())).collect()
}

fn cells(bytes: &[u8]) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(&bytes[3..]);
    r.records().flat_map(|rec| rec.unwrap().iter().map(String::from).collect::<Vec<_>>()).collect()
}

/// What Excel would run: a cell starting with a formula character (after the apostrophes
/// that only say "text"), unless it is a plain number such as `-5`.
fn is_live_formula(cell: &str) -> bool {
    let plain_number = {
        let digits = cell.strip_prefix('-').unwrap_or(cell);
        !digits.is_empty()
            && digits.split('.').count() <= 2
            && digits.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number
}

/// export → import into an empty file → export: the same bytes; and what was imported
/// is the text as stored, without the escape mark.
fn round_trip(dir: &Path, db: &Path) -> Vec<(String, Vec<u8>)> {
    let first = export(db, &dir.join("first"));
    let copy = dir.join("copy.db");
    for kind in KINDS {
        let file = dir.join("first").join(format!("{kind}.csv"));
        radar_ok(&copy, &["import", kind, file.to_str().unwrap()]);
    }
    let second = export(&copy, &dir.join("second"));
    for ((kind, a), (_, b)) in first.iter().zip(&second) {
        assert!(
            a == b,
            "{kind}.csv differs after a round trip:\n{}\n---\n{}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
    first
}

#[test]
fn formula_cells_are_neutralised_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned(dir.path(), FORMULAS);
    let files = round_trip(dir.path(), &db);
    for (kind, bytes) in &files {
        let live: Vec<String> = cells(bytes).into_iter().filter(|c| is_live_formula(c)).collect();
        assert!(live.is_empty(), "{kind}.csv has live formulas: {live:?}");
    }
    let accounts = String::from_utf8(files[0].1.clone()).unwrap();
    for shown in ["'=1+1 #1", "'+SUM(A1) #2", "'-2+3 #3", "'@cmd #4", "''=kept #7", "'@ext-3", "'=ext-4"] {
        assert!(accounts.contains(shown), "{shown} missing from accounts.csv:\n{accounts}");
    }
    // The import takes the mark off: the copy holds the text itself.
    let copy = rusqlite::Connection::open(dir.path().join("copy.db")).unwrap();
    let names: Vec<String> = copy
        .prepare("SELECT name FROM account ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for name in ["=1+1 #1", "+SUM(A1) #2", "-2+3 #3", "@cmd #4", "'=kept #7"] {
        assert!(names.iter().any(|n| n == name), "{name} not imported as itself: {names:?}");
    }
    let ext: String =
        copy.query_row("SELECT external_id FROM account WHERE name = '-2+3 #3'", [], |r| r.get(0)).unwrap();
    assert_eq!(ext, "@ext-3");
}

fn assert_controls_gone(payloads: &[(&str, &str)]) {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<&str> = payloads.iter().map(|(_, v)| *v).collect();
    let db = poisoned(dir.path(), &values);
    let files = round_trip(dir.path(), &db);
    let mut seen_marker = false;
    for (kind, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let text = text.strip_prefix('\u{feff}').unwrap();
        for (what, v) in payloads {
            let bad: Vec<char> =
                v.chars().filter(|c| !c.is_ascii_alphanumeric() && !"-[".contains(*c)).collect();
            for c in bad {
                assert!(!text.contains(c), "{kind}.csv carries {what} (U+{:04X})", c as u32);
            }
        }
        seen_marker |= text.contains("-MARK");
    }
    assert!(seen_marker, "the planted text was not exported at all, so the test proved nothing");
}

#[test]
fn terminal_controls_never_reach_the_csv() {
    assert_controls_gone(CONTROLS);
}

/// The CSV export removes what the one text sanitiser (`domain::text`) removes, tag
/// characters and the word joiner included.
#[test]
fn invisible_characters_never_reach_the_csv() {
    assert_controls_gone(INVISIBLE);
}
