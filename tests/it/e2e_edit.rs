//! End to end: the real binary in tmux at 120x35 on a demo written by `radar demo`. Logs a
//! touchpoint on the Chinese-named first account, marks a promise broken, records a
//! renewal with up-sell, undoes it, quits; then reads the SQLite file with the store and
//! checks that exactly those changes are there (a second, untouched demo file is the
//! baseline: the generator is deterministic). Values are compared, not versions: the undo
//! wrote the old values at new versions (a version never goes back, issue 12 A3). Skipped with a notice when tmux is missing,
//! except under CI=true (then it fails).

use radar::store::Store;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::support::BIN;
use crate::support::store_edit::{values, versions};
use crate::support::tmux::Tmux;

fn write_demo(db: &Path) {
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo"])
        .output()
        .expect("run radar demo");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
}

/// A dump row with its text cells decoded: `Text([230, 136, 144])` becomes `"成"`.
fn readable(row: &str) -> String {
    let mut out = String::new();
    let mut rest = row;
    while let Some(at) = rest.find("Text([") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 6..];
        let end = after.find("])").unwrap_or(after.len());
        let bytes: Vec<u8> = after[..end].split(", ").filter_map(|b| b.trim().parse().ok()).collect();
        out.push_str(&format!("{:?}", String::from_utf8_lossy(&bytes)));
        rest = after.get(end + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Table → rows (text decoded, versions left out), from the store's canonical dump.
fn tables(db: &Path) -> BTreeMap<String, Vec<String>> {
    let dump = values(&Store::open(db).unwrap().dump().unwrap());
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = String::new();
    for line in dump.lines() {
        if let Some(t) = line.strip_prefix("## ") {
            current = t.to_string();
            out.entry(current.clone()).or_default();
        } else {
            out.entry(current.clone()).or_default().push(readable(line));
        }
    }
    out
}

/// (rows only in `a`, rows only in `b`).
fn diff(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let gone = a.iter().filter(|r| !b.contains(r)).cloned().collect();
    let new = b.iter().filter(|r| !a.contains(r)).cloned().collect();
    (gone, new)
}

#[test]
fn record_in_tmux_then_the_file_holds_exactly_those_changes() {
    if !Tmux::available("the end-to-end editing test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let baseline = dir.path().join("baseline.db");
    write_demo(&db);
    write_demo(&baseline);
    let t = Tmux::on("e2e-edit", "e2e");
    t.run(&[
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "120",
        "-y",
        "35",
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    ]);
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    t.type_text(&format!("{BIN} --db {} --today 2026-11-22 --lang en", db.display()));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));

    // The Chinese-named account.
    t.send(&["/"]);
    t.type_text("成都天府云图");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("1 of 180") && s.contains("成都天府云图信息技术有限公司"));

    // Log a touchpoint: date defaults to today; a note over two lines.
    t.send(&["c"]);
    let s = t.wait_for("the touchpoint form", |s| s.contains("Log a touchpoint"));
    assert!(s.contains("2026-11-22"), "dated today:\n{s}");
    t.send(&["Tab", "Tab"]);
    t.type_text("e2e: 电话 with 王总");
    t.send(&["C-j"]);
    t.type_text("QBR agreed");
    t.send(&["Enter"]);
    t.wait_for("the touchpoint saved", |s| s.contains("Logged a touchpoint · 成都天府云图"));

    // Mark the open promise broken, from the promises tab.
    t.send(&["Enter"]);
    t.send(&["3"]);
    t.wait_for("the promises tab", |s| s.contains("3 Promises") && s.contains("OVERDUE"));
    t.send(&["B"]);
    t.wait_for("the promise broken", |s| s.contains("Promise broken · 成都天府云图"));

    // Record a renewal with up-sell, then undo it.
    t.send(&["R"]);
    t.wait_for("the outcome list", |s| s.contains("Renewal outcome"));
    t.send(&["Enter"]);
    t.wait_for("the renewal form", |s| s.contains("New ARR"));
    t.send(&["C-u"]);
    t.type_text("¥50k");
    t.wait_for("the up-sell preview", |s| s.contains("up-sell +19%"));
    t.send(&["Enter"]);
    t.wait_for("the renewal saved", |s| s.contains("Renewed with up-sell · 成都天府云图"));
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Renewed with up-sell"));

    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
    // Quitting closed the file: its WAL is folded in, so the .db alone (copied, mailed,
    // backed up by the user) holds every edit.
    let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
    assert!(!wal.exists(), "{} was left behind after quitting", wal.display());

    // The file against the untouched baseline: exactly one new touchpoint and one promise
    // now broken. The risk cache is derived data (recomputed on open and after each
    // change) and is not compared.
    let (before, after) = (tables(&baseline), tables(&db));
    // The rows the undone renewal wrote are at new versions; no version went back.
    let dump = |p: &Path| Store::open(p).unwrap().dump().unwrap();
    let (v0, v1) = (versions(&dump(&baseline)), versions(&dump(&db)));
    assert!(v1.iter().all(|(k, v)| v0.get(k).is_none_or(|old| v >= old)), "a version went back");
    let moved: Vec<_> = v1.keys().filter(|k| v0.get(*k).is_some_and(|old| v1[*k] > *old)).collect();
    assert!(moved.iter().any(|(t, _)| t == "term"), "the renewed term is at a new version: {moved:?}");
    for (table, rows) in &before {
        // The risk cache and its tally (V18) are derived: the dashboard scores on open.
        if table == "risk_cache" || table == "risk_tally" {
            continue;
        }
        let (gone, new) = diff(rows, &after[table]);
        match table.as_str() {
            "touchpoint" => {
                assert!(gone.is_empty(), "no touchpoint removed: {gone:?}");
                assert_eq!(new.len(), 1, "one touchpoint added: {new:?}");
                let row = &new[0];
                assert!(row.contains("\"2026-11-22\"") && row.contains("\"call\""), "{row}");
                assert!(row.contains("e2e: 电话 with 王总\\nQBR agreed"), "{row}");
            }
            "promise" => {
                assert_eq!((gone.len(), new.len()), (1, 1), "one promise changed: {gone:?} -> {new:?}");
                assert!(gone[0].contains("\"open\""), "{}", gone[0]);
                assert!(new[0].contains("\"broken\"") && new[0].contains("\"2026-11-22\""), "{}", new[0]);
                let id = |r: &str| r.split('|').next().map(str::to_string);
                assert_eq!(id(&gone[0]), id(&new[0]), "the same promise");
            }
            // The full-text index: the new touchpoint's row (its note, CJK as bigrams); the
            // broken promise's text did not change, nor did its row.
            "search_index" => {
                assert!(gone.is_empty(), "no index row removed: {gone:?}");
                assert_eq!(new.len(), 1, "one index row added: {new:?}");
                assert!(new[0].contains("王总") && new[0].contains("qbr agreed"), "{}", new[0]);
            }
            _ => assert!(gone.is_empty() && new.is_empty(), "{table} changed: -{gone:?} +{new:?}"),
        }
    }
}
