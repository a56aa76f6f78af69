//! The terminal comes back after every way the dashboard can end: `q`, a panic (forced by
//! the hidden RADAR_DEBUG_PANIC variable), SIGTERM, SIGHUP, SIGINT and SIGQUIT; and while
//! it is suspended (Ctrl-Z, or SIGTSTP from outside), after which `fg` brings it back
//! fully redrawn. "Back" means: the main screen (tmux's `alternate_on` is 0), the cursor
//! shown, mouse reporting off (tmux's `mouse_*_flag`s are 0), bracketed paste off (tmux
//! 3.3 has no format for it: a paste into `cat` must arrive without the `ESC [200~`
//! brackets), and the tty in cooked mode with echo (`stty -a` shows `icanon` and `echo`,
//! not `-icanon` / `-echo`).
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
    assert_restored(&s, dir.path(), name);
    if matches!(ending, Ending::Panic) {
        let screen = s.screen();
        assert!(screen.contains("EXITED=101"), "a panic exits with 101:\n{screen}");
        assert!(Path::new(&pidfile).exists());
    }
}

/// The terminal as the shell got it back: see the module comment.
fn assert_restored(s: &Tmux, dir: &Path, name: &str) {
    assert_eq!(s.format("#{alternate_on}"), "0", "still on the alternate screen after {name}");
    assert_eq!(s.format("#{cursor_flag}"), "1", "cursor hidden after {name}");
    for flag in ["mouse_standard_flag", "mouse_button_flag", "mouse_any_flag", "mouse_sgr_flag"] {
        assert_eq!(s.format(&format!("#{{{flag}}}")), "0", "mouse reporting ({flag}) left on after {name}");
    }
    // A paste as the next program sees it, read from a file.
    let pasted = dir.join(format!("pasted-{name}.txt"));
    let _ = std::fs::remove_file(&pasted);
    s.send(&[&format!("cat > '{}'", pasted.display()), "Enter"]);
    // cat must be reading before the paste: the pane runs it (not a fixed sleep).
    s.wait_for("cat to run", |_| s.format("#{pane_current_command}") == "cat");
    s.paste("PASTE-CHECK\n");
    s.send(&["C-d"]);
    let got = wait_for_file(&pasted, "PASTE-CHECK", s, name);
    assert!(!got.contains("\u{1b}[200~"), "bracketed paste left on after {name}: {got:?}");
    // The tty settings as the next program sees them, read from a file (not the screen).
    let stty = dir.join(format!("stty-{name}.txt"));
    let _ = std::fs::remove_file(&stty);
    s.send(&[&format!("stty -a > '{}'", stty.display()), "Enter"]);
    let settings = wait_for_file(&stty, "icanon", s, name);
    let words: Vec<&str> = settings.split(|c: char| c.is_whitespace() || c == ';').collect();
    assert!(
        words.contains(&"icanon") && !words.contains(&"-icanon"),
        "raw mode left on after {name}:\n{settings}"
    );
    assert!(words.contains(&"echo") && !words.contains(&"-echo"), "echo left off after {name}:\n{settings}");
}

fn wait_for_file(path: &Path, marker: &str, s: &Tmux, name: &str) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(marker) {
            return text;
        }
        assert!(
            start.elapsed() < crate::support::tmux::scaled(Duration::from_secs(10)),
            "{} was not written after {name}:\n{}",
            path.display(),
            s.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
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

#[test]
fn restored_after_sigint() {
    check(Ending::Signal("INT"), "sigint");
}

#[test]
fn restored_after_sigquit() {
    check(Ending::Signal("QUIT"), "sigquit");
}

/// Ctrl-Z (a key in raw mode) and SIGTSTP from outside both give the shell a restored
/// terminal; `fg` brings the dashboard back exactly as it was drawn, not a blank or half
/// screen (the alternate screen is empty again on re-entry: everything must be redrawn).
#[test]
fn suspend_restores_the_terminal_and_fg_redraws_the_dashboard() {
    if !Tmux::available("the suspend test") {
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
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho $$ > '{pid}'\nexec env XDG_DATA_HOME='{data}' RADAR_CONFIG=/nonexistent/radar.toml '{bin}' --db '{db}' --today 2026-11-22 --lang en 2>/dev/null\n",
            pid = pidfile.display(),
            data = dir.path().join("data").display(),
            bin = BIN,
            db = db.display(),
        ),
    )
    .unwrap();
    // An interactive sh has job control: a stopped job gives the prompt back.
    let s = Tmux::on("suspend", "t");
    s.new_session(100, 30, "sh");
    s.send(&["PS1='SUSP> '", "Enter"]);
    s.wait_for("the prompt", |screen| screen.contains("SUSP> "));
    s.send(&[&format!("sh '{}'", script.display()), "Enter"]);
    s.wait_for("the dashboard", |screen| screen.contains("Portfolio · 40 of 40"));
    s.wait_for("the alternate screen", |_| s.format("#{alternate_on}") == "1");
    // Move off the first row so the redrawn screen has something of this session's own.
    s.send(&["j", "j"]);
    // The frame once it is complete: the same twice in a row (the detail loads after the
    // selection moves).
    let last = std::cell::RefCell::new(String::new());
    let drawn = s.wait_for("the dashboard to settle", |screen| {
        let settled = *last.borrow() == screen && screen.contains("Portfolio · 40 of 40");
        *last.borrow_mut() = screen.to_string();
        std::thread::sleep(Duration::from_millis(200));
        settled
    });
    let pid = std::fs::read_to_string(&pidfile).unwrap().trim().to_string();
    // The shell waits for a command: its prompt is the last line.
    let at_prompt = |screen: &str| {
        screen.lines().rev().find(|l| !l.trim().is_empty()).map(str::trim_end) == Some("SUSP>")
    };

    for (how, name) in [("key", "ctrl-z"), ("signal", "sigtstp")] {
        if how == "key" {
            s.send(&["C-z"]);
        } else {
            let status = Command::new("kill").args(["-TSTP", &pid]).status().unwrap();
            assert!(status.success());
        }
        s.wait_for(&format!("the shell after {name}"), |screen| {
            s.format("#{alternate_on}") == "0" && at_prompt(screen)
        });
        assert_restored(&s, dir.path(), name);
        s.send(&["fg", "Enter"]);
        s.wait_for("the alternate screen again", |_| s.format("#{alternate_on}") == "1");
        s.wait_for(&format!("the dashboard redrawn after {name}"), |screen| screen == drawn);
        assert_eq!(s.format("#{mouse_any_flag}"), "1", "mouse reporting back on after {name}");
    }
    // Still alive and answering keys after both.
    s.send(&["q"]);
    s.wait_for("the shell after quitting", |_| s.format("#{alternate_on}") == "0");
}
