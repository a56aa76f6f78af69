//! The dashboard follows its settings file. It is open all day while `radar config set`
//! (or an editor) changes the file: with the settings it opened with, it would show scores
//! and totals the command line no longer gives, and each would rescore the whole book with
//! its own rules after the other did, every time (issue 19: no answer stale in silence).
//!
//! The worker looks at the file on the live-refresh tick: only its metadata, read again
//! when its size or time changed.

use super::Worker;
use crate::tui::msg::{LiveSettings, Reply};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What the file looked like: None while it does not exist.
type Look = Option<(Option<SystemTime>, u64)>;

pub struct SettingsWatch {
    path: PathBuf,
    seen: Look,
}

impl SettingsWatch {
    /// Watches `path` from how it is now (the settings in use were read from it).
    pub fn new(path: PathBuf) -> SettingsWatch {
        let seen = look(&path);
        SettingsWatch { path, seen }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Has the file changed since the last call (or since `new`)?
    pub fn changed(&mut self) -> bool {
        let now = look(&self.path);
        if now == self.seen {
            return false;
        }
        self.seen = now;
        true
    }
}

impl Worker {
    /// The settings file changed: its settings, if they change what this worker computes
    /// (taken at once; the UI passes them to the other worker and reloads), or why they
    /// cannot be used (the settings in use are kept).
    pub(super) fn follow_settings(&mut self) -> Option<Reply> {
        let watch = self.settings_watch.as_mut()?;
        if !watch.changed() {
            return None;
        }
        let path = watch.path().to_path_buf();
        let shown = path.display().to_string();
        // A refusal names the file only: the message is one status line (`radar config
        // path` gives the rest).
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let loaded = crate::settings::load_from(Some(path));
        let refused_before = std::mem::replace(&mut self.settings_refused, loaded.is_err());
        match loaded {
            Ok(s) => {
                let live = LiveSettings { risk: s.risk, import_currency: s.import_currency };
                if live.risk == self.cfg && live.import_currency == self.import_currency {
                    // Another key (the theme, who "me" is): nothing to redo; a fix is said.
                    return refused_before.then_some(Reply::SettingsMended(shown));
                }
                self.use_settings(&live);
                Some(Reply::SettingsApplied { path: shown, settings: Box::new(live) })
            }
            Err(e) => Some(Reply::SettingsRefused { path: name.unwrap_or(shown), error: why(&e) }),
        }
    }

    pub(super) fn use_settings(&mut self, s: &LiveSettings) {
        self.cfg = s.risk.clone();
        self.import_currency = s.import_currency;
    }
}

/// A settings error on one status line: its first line (the file, the key, where) and its
/// last (what is wrong), without the excerpt of the file a TOML error draws between them.
fn brief(error: &str) -> String {
    let mut lines = error.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    match lines.next_back() {
        Some(last) if !last.starts_with('|') && !last.ends_with('|') => format!("{first}: {last}"),
        _ => first.to_string(),
    }
}

/// Why the settings file cannot be used, on one line and without its path (said apart).
fn why(e: &crate::settings::SettingsError) -> String {
    use crate::settings::SettingsError;
    match e {
        // "config: TOML parse error at line 4, column 7: …" → "line 4, column 7: …"
        SettingsError::Invalid { detail, .. } => {
            let d = detail.strip_prefix("config: ").unwrap_or(detail);
            brief(d.strip_prefix("TOML parse error at ").unwrap_or(d))
        }
        SettingsError::Read { source, .. } => source.to_string(),
        SettingsError::Embedded(_) => brief(&e.to_string()),
    }
}

fn look(path: &Path) -> Look {
    std::fs::metadata(path).ok().map(|m| (m.modified().ok(), m.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settings_error_keeps_where_and_what_but_not_the_excerpt() {
        let toml = "/c.toml: config: TOML parse error at line 6, column 11\n  |\n6 | watch = = 3\n  |           ^\nextra `=`, expected nothing\n";
        assert_eq!(
            brief(toml),
            "/c.toml: config: TOML parse error at line 6, column 11: extra `=`, expected nothing"
        );
        assert_eq!(
            brief("/c.toml: [report] currency = \"XYZ\": expected a code"),
            "/c.toml: [report] currency = \"XYZ\": expected a code"
        );
        assert_eq!(brief("one\n  |\n"), "one");
    }

    #[test]
    fn a_write_a_removal_and_a_new_file_are_changes_and_a_look_without_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let mut w = SettingsWatch::new(path.clone());
        assert!(!w.changed(), "nothing there, nothing changed");
        std::fs::write(&path, "[report]\ncurrency = \"USD\"\n").unwrap();
        assert!(w.changed(), "created");
        assert!(!w.changed(), "seen once");
        std::fs::write(&path, "[report]\ncurrency = \"EUR\"\nx = 1\n").unwrap();
        assert!(w.changed(), "rewritten (longer)");
        std::fs::remove_file(&path).unwrap();
        assert!(w.changed(), "removed");
        assert!(!w.changed());
    }
}
