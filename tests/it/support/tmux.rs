//! The real binary in a private tmux server: start a session, send keys, paste, read the
//! screen, wait for it to show something. The server is killed when the value drops.
//! Without tmux, `Tmux::available` prints a notice and the test skips, except under
//! `CI=true`, where it fails.

use std::process::Command;
use std::time::{Duration, Instant};

/// How long `wait_for` waits before failing with the screen.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Tmux {
    socket: String,
    target: String,
}

impl Tmux {
    /// True when tmux can be run; otherwise prints why `what` is skipped (and fails under CI).
    pub fn available(what: &str) -> bool {
        if Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()) {
            return true;
        }
        assert!(std::env::var("CI").as_deref() != Ok("true"), "tmux is required under CI=true");
        eprintln!("NOTICE: tmux not found; skipping {what}");
        false
    }

    /// A handle on session `target` of a private server named from `tag` and this process.
    /// Nothing is started: `new_session` does that.
    pub fn on(tag: &str, target: &str) -> Tmux {
        Tmux { socket: format!("rr-{tag}-{}", std::process::id()), target: target.to_string() }
    }

    /// Starts the session (`width` x `height`) running `command` (a shell line).
    pub fn new_session(&self, width: u16, height: u16, command: &str) {
        let (w, h) = (width.to_string(), height.to_string());
        self.run(&["new-session", "-d", "-s", &self.target, "-x", &w, "-y", &h, command]);
    }

    /// Runs a tmux command on this server; returns its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.target])
    }

    /// Sends keys by tmux name (`Enter`, `C-c`, `q`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.target.as_str()];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally (UTF-8, no key-name lookup).
    pub fn type_text(&self, s: &str) {
        self.run(&["send-keys", "-t", &self.target, "-l", s]);
    }

    /// Pastes `text` as a terminal paste (bracketed when the application asked for it).
    pub fn paste(&self, text: &str) {
        let file = std::env::temp_dir().join(format!("{}-paste.txt", self.socket));
        std::fs::write(&file, text).expect("write the paste buffer");
        self.run(&["load-buffer", "-b", "rrpaste", file.to_str().expect("utf-8 temp path")]);
        self.run(&["paste-buffer", "-p", "-d", "-b", "rrpaste", "-t", &self.target]);
        let _ = std::fs::remove_file(file);
    }

    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`, …).
    pub fn format(&self, f: &str) -> String {
        self.run(&["display", "-p", "-t", &self.target, f]).trim().to_string()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after `WAIT`.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_within(what, WAIT, pred).0
    }

    /// Waits up to `limit`; returns the screen and how long it took.
    pub fn wait_within(
        &self,
        what: &str,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if pred(&s) {
                return (s, start.elapsed());
            }
            if start.elapsed() > limit {
                panic!("timed out after {limit:?} waiting for {what}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}
