//! The terminal comes back after every way the dashboard can end: `q`, a panic (forced by
//! the hidden RADAR_DEBUG_PANIC variable), SIGTERM and SIGHUP. "Back" means: the main
//! screen (tmux's `alternate_on` is 0), the cursor shown, and the tty in cooked mode with
//! echo (`stty -a` shows `icanon` and `echo`, not `-icanon` / `-echo`).
//! Skipped with a notice when tmux is missing, except under CI=true (then it fails).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::BIN;
use crate::support::tmux::Tmux;

enum Ending {
    Quit,
    Panic,
    Signal(&'static str),
}

fn check(ending: Ending, name: &str) {
    if !Tmux::available(&format!("the terminal-restore test ({name})")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let ok = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "demo", "--accounts", "40"])
        .status()
        .unwrap();
    assert!(ok.success());
    let pidfile = dir.path().join("pid");
    let script = dir.path().join("run.sh");
    let panic_env = if matches!(ending, Ending::Panic) { "RADAR_DEBUG_PANIC=1 " } else { "" };
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > '{pid}'\nexec env XDG_DATA_HOME='{data}' {panic_env}'{bin}' --db '{db}' --today 2026-11-22 2>/dev/null\n",
            pid = pidfile.display(),
            data = dir.path().join("data").display(),
            bin = BIN,
            db = db.display(),
        ),
    )
    .unwrap();
    let s = Tmux::on(&format!("restore-{name}"), "t");
    s.new_session(100, 30, "sh");
    s.send(&[&format!("sh '{}'; echo EXITED=$?", script.display()), "Enter"]);
    match ending {
        Ending::Panic => {}
        _ => {
            s.wait_for("the dashboard", |screen| screen.contains("Portfolio"));
            s.wait_for("the alternate screen", |_| s.format("#{alternate_on}") == "1");
        }
    }
    match ending {
        Ending::Quit => {
            s.send(&["q"]);
        }
        Ending::Panic => {}
        Ending::Signal(sig) => {
            let pid = std::fs::read_to_string(&pidfile).unwrap();
            let status = Command::new("kill").args([&format!("-{sig}"), pid.trim()]).status().unwrap();
            assert!(status.success());
        }
    }
    s.wait_for("the shell to come back", |screen| {
        screen.lines().any(|l| l.contains("EXITED=") && !l.contains("echo"))
    });
    assert_eq!(s.format("#{alternate_on}"), "0", "still on the alternate screen after {name}");
    assert_eq!(s.format("#{cursor_flag}"), "1", "cursor hidden after {name}");
    // The tty settings as the next program sees them, read from a file (not the screen).
    let stty = dir.path().join("stty.txt");
    s.send(&[&format!("stty -a > '{}'", stty.display()), "Enter"]);
    let start = Instant::now();
    let settings = loop {
        let text = std::fs::read_to_string(&stty).unwrap_or_default();
        if text.contains("icanon") {
            break text;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "stty did not run after {name}:\n{}", s.screen());
        std::thread::sleep(Duration::from_millis(100));
    };
    let words: Vec<&str> = settings.split(|c: char| c.is_whitespace() || c == ';').collect();
    assert!(
        words.contains(&"icanon") && !words.contains(&"-icanon"),
        "raw mode left on after {name}:\n{settings}"
    );
    assert!(words.contains(&"echo") && !words.contains(&"-echo"), "echo left off after {name}:\n{settings}");
    if matches!(ending, Ending::Panic) {
        let screen = s.screen();
        assert!(screen.contains("EXITED=101"), "a panic exits with 101:\n{screen}");
        assert!(Path::new(&pidfile).exists());
    }
}

#[test]
fn restored_after_quit() {
    check(Ending::Quit, "quit");
}

#[test]
fn restored_after_panic() {
    check(Ending::Panic, "panic");
}

#[test]
fn restored_after_sigterm() {
    check(Ending::Signal("TERM"), "sigterm");
}

#[test]
fn restored_after_sighup() {
    check(Ending::Signal("HUP"), "sighup");
}
