//! Pasting, end to end: the real binary in tmux, text pasted the way a terminal pastes it
//! (`load-buffer` + `paste-buffer -p`: bracketed when the application asked for it, LF
//! sent as CR), then the SQLite file read back. A paste is text for the focused field,
//! never keystrokes: a meeting note keeps its lines, a one-line field gets spaces, and a
//! paste with no text field focused changes nothing and says so.
//! Skipped with a notice when tmux is missing, except under CI=true (then it fails).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::BIN;
use crate::support::tmux::Tmux;

/// The demo (180 accounts) in a temp dir, open in a 120x35 dashboard (callers have
/// checked that tmux is there).
fn dashboard(tag: &str) -> (tempfile::TempDir, PathBuf, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo"])
        .output()
        .expect("run radar demo");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let t = Tmux::on(&format!("paste-{tag}"), "p");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='PASTE-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("PASTE-PROMPT$"));
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG=/nonexistent/radar.toml {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        db.display()
    ));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));
    (dir, db, t)
}

fn quit(t: &Tmux) {
    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("PASTE-PROMPT$").count() >= 2);
}

fn query(db: &Path, sql: &str) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
}

fn count(db: &Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Select the Chinese-named account by searching for it.
fn select_chengdu(t: &Tmux) {
    t.send(&["/"]);
    t.type_text("成都天府云图");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("1 of 180") && s.contains("成都天府云图信息技术有限公司"));
}

/// A touchpoint logged on the Chinese-named account with `pasted` as its note, saved once
/// `shown` is on screen, and the notes that start "paste-e2e" read back (None: no tmux).
fn pasted_note(tag: &str, pasted: &str, shown: &str) -> Option<Vec<String>> {
    if !Tmux::available(&format!("the paste test ({tag})")) {
        return None;
    }
    let (_dir, db, t) = dashboard(tag);
    select_chengdu(&t);
    t.send(&["c"]);
    t.wait_for("the touchpoint form", |s| s.contains("Log a touchpoint"));
    t.send(&["Tab", "Tab"]); // kind → contact → note
    t.paste(pasted);
    t.wait_for("the pasted note in the form", |s| s.contains(shown));
    t.send(&["Enter"]);
    t.wait_for("the touchpoint saved", |s| s.contains("Logged a touchpoint · 成都天府云图"));
    quit(&t);
    Some(query(&db, "SELECT note FROM touchpoint WHERE note LIKE 'paste-e2e%'"))
}

#[test]
fn a_pasted_meeting_note_goes_whole_into_the_note_field() {
    // Chinese, emoji, colour codes, a CSI cut short by a wide character, an OSC title
    // write, and lines (sent as CR, as terminals do).
    let Some(notes) = pasted_note(
        "note",
        "paste-e2e: 王总 says the renewal is at risk 🚀 \u{1b}[31mred\u{1b}[0m flag\n\
         第二行: 成都天府云图 a\u{1b}[中b\n\
         third \u{1b}]0;pwned\u{7}line — X then y\n",
        "third line",
    ) else {
        return;
    };
    assert_eq!(
        notes,
        vec![
            "paste-e2e: 王总 says the renewal is at risk 🚀 red flag\n第二行: 成都天府云图 a中b\nthird line — X then y"
                .to_string()
        ],
        "the note is whole, its lines kept, the escape sequences gone and nothing around them"
    );
}

/// Paragraphs copied from a document, one line each with a blank line between, keep their
/// blank lines: a terminal sends each LF as CR, so they arrive as pairs of breaks, which a
/// rule reading pairs as one CRLF (tried in session 32) took out.
#[test]
fn a_pasted_note_of_one_line_paragraphs_keeps_its_blank_lines() {
    let pasted = "paste-e2e paragraphs: 王总 call 🚀\n\nQBR moved to Friday\n\nSSO still open\n\n";
    let Some(notes) = pasted_note("paragraphs", pasted, "SSO still open") else { return };
    assert_eq!(
        notes,
        vec!["paste-e2e paragraphs: 王总 call 🚀\n\nQBR moved to Friday\n\nSSO still open".to_string()]
    );
}

#[test]
fn a_paste_with_no_text_field_focused_changes_nothing_and_says_so() {
    if !Tmux::available("the paste test (no field)") {
        return;
    }
    let (_dir, db, t) = dashboard("nofield");
    let accounts = count(&db, "account");
    // Every key in it means something on the dashboard: X deletes, y says yes.
    t.paste("X\nmeeting notes: X marks the renewal, y\ny\nyyy q\n");
    t.wait_for("the message", |s| s.contains("Paste ignored"));
    // The dashboard is still there and still answers keys (nothing typed was queued).
    t.send(&["j"]);
    let s = t.screen();
    assert!(s.contains("Portfolio · 180 of 180"), "{s}");
    assert!(!s.contains("Delete"), "no delete question:\n{s}");
    quit(&t);
    assert_eq!(count(&db, "account"), accounts, "an account was deleted by a paste");
}

/// The account's name replaced by a paste of `pasted` in the account form, saved, and the
/// names that contain `shown` read back (None: no tmux).
fn pasted_name(tag: &str, pasted: &str, shown: &str) -> Option<Vec<String>> {
    if !Tmux::available(&format!("the paste test ({tag})")) {
        return None;
    }
    let (_dir, db, t) = dashboard(tag);
    select_chengdu(&t);
    t.send(&["E"]);
    t.wait_for("the account form", |s| s.contains("Edit"));
    t.send(&["C-u"]); // clear the name
    t.paste(pasted);
    t.wait_for("the pasted name", |s| s.contains(shown));
    t.send(&["Enter"]);
    t.wait_for("the account saved", |s| s.contains(shown) && !s.contains("Edit account"));
    quit(&t);
    Some(query(&db, &format!("SELECT name FROM account WHERE name LIKE '%{shown}%'")))
}

#[test]
fn a_paste_into_a_one_line_field_turns_newlines_into_spaces() {
    let Some(names) = pasted_name("oneline", "成都天府云图\n(Chengdu) 🚀\nHQ\n", "(Chengdu) 🚀 HQ")
    else {
        return;
    };
    assert_eq!(names, vec!["成都天府云图 (Chengdu) 🚀 HQ".to_string()]);
}

/// A CRLF pasted into a one-line field is one break, one space: the terminal sends it as
/// CR CR (every LF as CR), which made two spaces (CSM trial, session 29).
#[test]
fn a_pasted_crlf_in_a_one_line_field_is_one_space() {
    let Some(names) = pasted_name("crlf", "红色\r\nSecond line\r\n", "Second line") else { return };
    assert_eq!(names, vec!["红色 Second line".to_string()]);
}
