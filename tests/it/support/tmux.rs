//! The real binary in a private tmux server: start a session, send keys, paste, read the
//! screen, wait for it to show something. The server is killed when the value drops.
//! Without tmux, `Tmux::available` prints a notice and the test skips, except under
//! `CI=true`, where it fails.
//!
//! Under load (2 cores, several builds at once) a debug dashboard can take seconds to draw,
//! so: a wait's ceiling grows with the load average (or `RADAR_TEST_WAIT_SCALE`), the poll
//! backs off instead of spawning a `tmux capture-pane` every 50 ms, and the tmux tests of
//! one test binary run one at a time (`Tmux` holds a process-wide lock while it lives), so
//! they do not starve each other's dashboards. A test must still wait for the screen state
//! a key needs before sending it: a longer ceiling only hides a race for longer.

use std::cell::RefCell;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long `wait_for` waits on an idle machine before failing with the screen; scaled by
/// `load_scale` under load.
pub const WAIT: Duration = Duration::from_secs(30);

/// The longest a scaled wait may last (a hung dashboard must still fail the test).
const MAX_SCALE: f64 = 8.0;

/// How much longer than `WAIT` a wait may take now: `RADAR_TEST_WAIT_SCALE` if set (CI can
/// raise it), else the 1-minute load average per core (at least 1, at most `MAX_SCALE`).
pub fn load_scale() -> f64 {
    if let Some(s) = std::env::var("RADAR_TEST_WAIT_SCALE").ok().and_then(|v| v.trim().parse::<f64>().ok()) {
        return s.clamp(1.0, 100.0);
    }
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()))
        .unwrap_or(0.0);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    (load / cores).clamp(1.0, MAX_SCALE)
}

/// `limit` stretched by the load now.
pub fn scaled(limit: Duration) -> Duration {
    limit.mul_f64(load_scale())
}

/// One tmux test at a time in this process. Reentrant per thread: a test that drives two
/// sessions (two `Tmux` values) takes it once.
static SERIAL: Mutex<()> = Mutex::new(());

thread_local! {
    /// This thread's hold on `SERIAL` and how many `Tmux` values share it.
    static HELD: RefCell<(usize, Option<MutexGuard<'static, ()>>)> = const { RefCell::new((0, None)) };
}

fn acquire() {
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        if h.0 == 0 {
            // A test that panicked while holding it poisoned it; the next may still run.
            h.1 = Some(SERIAL.lock().unwrap_or_else(|e| e.into_inner()));
        }
        h.0 += 1;
    });
}

fn release() {
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        h.0 = h.0.saturating_sub(1);
        if h.0 == 0 {
            h.1 = None;
        }
    });
}

pub struct Tmux {
    socket: String,
    /// The session's name.
    target: String,
    /// The session named exactly `target` (`=name:`): a bare `name` is also matched as a
    /// window-name prefix in the server's current session, so with two sessions a key for
    /// `a` could reach `b`'s window running `after…`.
    pane: String,
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
    /// Nothing is started: `new_session` does that. Waits for any other test of this
    /// process driving tmux to finish first (see the module's comment).
    pub fn on(tag: &str, target: &str) -> Tmux {
        acquire();
        Tmux {
            socket: format!("rr-{tag}-{}", std::process::id()),
            target: target.to_string(),
            pane: format!("={target}:"),
        }
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
        self.run(&["capture-pane", "-p", "-t", &self.pane])
    }

    /// The screen with its colours and attributes as escape sequences: tells apart two
    /// screens that differ only by which line is highlighted (a moved selection).
    pub fn styled_screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-e", "-t", &self.pane])
    }

    /// Sends keys by tmux name (`Enter`, `C-c`, `q`).
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", self.pane.as_str()];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types text literally (UTF-8, no key-name lookup).
    pub fn type_text(&self, s: &str) {
        self.run(&["send-keys", "-t", &self.pane, "-l", s]);
    }

    /// Pastes `text` as a terminal paste (bracketed when the application asked for it).
    pub fn paste(&self, text: &str) {
        let file = std::env::temp_dir().join(format!("{}-paste.txt", self.socket));
        std::fs::write(&file, text).expect("write the paste buffer");
        self.run(&["load-buffer", "-b", "rrpaste", file.to_str().expect("utf-8 temp path")]);
        self.run(&["paste-buffer", "-p", "-d", "-b", "rrpaste", "-t", &self.pane]);
        let _ = std::fs::remove_file(file);
    }

    /// A tmux format of the pane (`#{alternate_on}`, `#{cursor_flag}`, …).
    pub fn format(&self, f: &str) -> String {
        self.run(&["display", "-p", "-t", &self.pane, f]).trim().to_string()
    }

    /// Waits until the screen satisfies `pred`; panics with the screen after `WAIT`
    /// (scaled by the load).
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_within(what, scaled(WAIT), pred).0
    }

    /// Waits until the styled screen (`styled_screen`) differs from `before`, as after a key
    /// that moves the selection; returns it. Panics after `WAIT` (scaled).
    pub fn wait_styled_change(&self, what: &str, before: &str) -> String {
        self.poll(what, scaled(WAIT), || self.styled_screen(), |s| s != before).0
    }

    /// Waits up to `limit` (not scaled: a caller that measures a duration passes its own);
    /// returns the screen and how long it took.
    pub fn wait_within(
        &self,
        what: &str,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        self.poll(what, limit, || self.screen(), pred)
    }

    /// Reads with `read` until `pred` holds on a settled screen, polling every 20 ms at first
    /// and backing off to 250 ms (each read runs tmux: polling fast for long loads the
    /// machine further).
    ///
    /// Settled: tmux can be read while the dashboard is halfway through writing a frame (a
    /// popup's title drawn, its body not yet), so a screen that satisfies `pred` counts once
    /// a second read `SETTLE` later shows the same screen. A screen that never stops
    /// changing (a progress line) is taken after `SETTLE_MAX` of satisfying reads.
    fn poll(
        &self,
        what: &str,
        limit: Duration,
        read: impl Fn() -> String,
        pred: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        const SETTLE: Duration = Duration::from_millis(60);
        const SETTLE_MAX: Duration = Duration::from_secs(2);
        let start = Instant::now();
        let mut pause = Duration::from_millis(20);
        let mut satisfied_since: Option<Instant> = None;
        loop {
            let s = read();
            if pred(&s) {
                let since = *satisfied_since.get_or_insert_with(Instant::now);
                std::thread::sleep(SETTLE);
                let again = read();
                if again == s || (pred(&again) && since.elapsed() > SETTLE_MAX) {
                    return (again, start.elapsed());
                }
                continue;
            }
            satisfied_since = None;
            if start.elapsed() > limit {
                panic!(
                    "timed out after {limit:?} waiting for {what} (load scale now {:.1}); screen:\n{s}",
                    load_scale()
                );
            }
            std::thread::sleep(pause);
            pause = (pause * 3 / 2).min(Duration::from_millis(250));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
        release();
    }
}
