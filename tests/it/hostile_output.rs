//! Hostile text must never reach the terminal as control bytes, even when it got into the
//! file behind Radar's back (written with SQL directly, so the import sanitiser never saw
//! it). Every CLI command's output is checked byte by byte, and the dashboard's raw output
//! is recorded with tmux pipe-pane while every pane is shown.
//! (tmux part: skipped with a notice when tmux is missing, except under CI=true.)

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::support::BIN;
use crate::support::tmux::Tmux;

/// Payloads: SGR colour, an 8-bit CSI clear screen, BEL, CR, OSC title, OSC 52 clipboard
/// write, DCS, and a right-to-left override. Each carries a visible marker word.
const HOSTILE: &[&str] = &[
    "\u{1b}[31mRED-MARK\u{1b}[0m",
    "CSI-MARK\u{9b}2J",
    "BELL-MARK\u{7}\u{7}",
    "CR-MARK\roverwritten",
    "\u{1b}]0;TITLE-MARK\u{7}",
    "\u{1b}]52;c;Y2xpcGJvYXJk\u{1b}\\CLIP-MARK",
    "\u{1b}P1$rDCS-MARK\u{1b}\\",
    "\u{202e}BIDI-MARK\u{202c}",
];

/// Byte sequences that must not appear in anything Radar writes. (The dashboard itself
/// writes CSI sequences to draw; it never writes OSC, DCS, BEL, C1 or bidi controls.)
fn forbidden(bytes: &[u8]) -> Vec<&'static str> {
    let checks: &[(&str, &[u8])] = &[
        ("OSC", b"\x1b]"),
        ("DCS", b"\x1bP"),
        ("BEL", b"\x07"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("RLO", "\u{202e}".as_bytes()),
        ("SGR red from data", b"\x1b[31mRED"),
    ];
    checks.iter().filter(|(_, pat)| bytes.windows(pat.len()).any(|w| w == *pat)).map(|(n, _)| *n).collect()
}

fn hostile(i: usize) -> String {
    HOSTILE[i % HOSTILE.len()].to_string()
}

/// A demo portfolio whose text columns are then overwritten with hostile payloads.
fn poisoned_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("p.db");
    let ok = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "demo", "--accounts", "12"])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let c = rusqlite::Connection::open(&db).unwrap();
    let set = |sql: &str, n: usize| {
        for i in 0..n {
            c.execute(sql, rusqlite::params![hostile(i), (i + 1) as i64]).unwrap();
        }
    };
    set(
        "UPDATE account SET name = 'ACME ' || ?1, owner = ?1, industry = ?1, pain_points = ?1, why_bought = ?1, special_clauses = ?1, external_id = 'X' || ?2 WHERE id = ?2",
        12,
    );
    set("UPDATE contact SET name = ?1, title = ?1 WHERE id = ?2", 40);
    set("UPDATE promise SET text = ?1 WHERE id = ?2", 30);
    set("UPDATE requirement SET title = ?1, requester = ?1 WHERE id = ?2", 30);
    set("UPDATE complaint SET summary = ?1 WHERE id = ?2", 30);
    set("UPDATE touchpoint SET note = ?1 WHERE id = ?2", 60);
    db
}

fn run(db: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env("RADAR_CONFIG", "/nonexistent/config.toml")
        .output()
        .unwrap();
    let mut all = out.stdout;
    all.extend_from_slice(&out.stderr);
    all
}

#[test]
fn no_cli_command_prints_a_control_byte_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned_db(dir.path());
    let commands: &[&[&str]] = &[
        &["triage"],
        &["triage", "--format", "json"],
        &["agenda", "--days", "400"],
        &["agenda", "--format", "json", "--days", "400"],
        &["report"],
        &["report", "--format", "json"],
        &["--lang", "zh-CN", "triage"],
        &["handover", "X1"],
        &["handover", "X5"],
        &["export", "--format", "json"],
    ];
    let mut seen_marker = false;
    for cmd in commands {
        let out = run(&db, cmd);
        let bad = forbidden(&out);
        assert!(bad.is_empty(), "radar {cmd:?} printed {bad:?}:\n{}", String::from_utf8_lossy(&out));
        seen_marker |= String::from_utf8_lossy(&out).contains("MARK");
    }
    assert!(seen_marker, "the hostile rows were not shown at all, so the test proved nothing");
}

#[test]
fn the_dashboard_never_writes_a_control_byte_from_the_data() {
    if !Tmux::available("the dashboard hostile-output test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = poisoned_db(dir.path());
    let raw = dir.path().join("raw.bin");
    let t = Tmux::on("hostile", "h");
    let cmd = format!(
        "env XDG_DATA_HOME='{}' '{}' --db '{}' --today 2026-11-22",
        dir.path().join("data").display(),
        BIN,
        db.display()
    );
    t.new_session(200, 50, "sh");
    t.run(&["pipe-pane", "-t", "h", "-o", &format!("cat > '{}'", raw.display())]);
    t.send(&[&cmd, "Enter"]);
    t.wait_for("the dashboard", |s| s.contains("Portfolio"));
    // Walk every pane and tab over several accounts, with the hostile text on screen.
    let mut keys: Vec<&str> = Vec::new();
    for _ in 0..4 {
        keys.extend(["1", "2", "3", "4", "5", "6", "7", "j", "Tab"]);
    }
    keys.extend([
        "a", "j", "j", "m", "d", "?", "Escape", ":", "Escape", "/", "A", "C", "M", "E", "Escape", "q",
    ]);
    for k in keys {
        t.send(&[k]);
        std::thread::sleep(Duration::from_millis(60));
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(t);
    let mut bytes = std::fs::read(&raw).unwrap();
    // Radar's own question to the terminal (its background colour, OSC 11), asked once
    // before the screen is taken over; any other OSC would have come from the data.
    let query = b"\x1b]11;?\x1b\\";
    if let Some(at) = bytes.windows(query.len()).position(|w| w == query) {
        bytes.drain(at..at + query.len());
    }
    assert!(bytes.len() > 10_000, "too little output recorded ({} bytes)", bytes.len());
    assert!(String::from_utf8_lossy(&bytes).contains("MARK"), "hostile rows never drawn");
    let bad = forbidden(&bytes);
    assert!(bad.is_empty(), "the dashboard wrote {bad:?} to the terminal");
}
