//! The worker's file work for the dashboard: the handover sheet written to a Markdown
//! file, path completion for the import prompt, and an import as dry run first (the plan
//! is kept here until the user says yes), then one transaction.

use crate::domain::text::clean_line;
use crate::interchange::{ImportError, import};
use crate::interchange::{handover, review};
use crate::tui::msg::{Effect, Reply};
use crate::tui::runtime::worker::Worker;
use std::path::PathBuf;

/// Completion candidates returned at most.
const MAX_MATCHES: usize = 200;
/// Bad rows quoted back in the prompt.
const ROWS_SHOWN: usize = 5;

impl Worker {
    pub(super) fn files(&mut self, effect: &Effect, send: &mut dyn FnMut(Reply)) {
        match effect {
            Effect::WriteHandover(id) => match self.write_handover(*id) {
                Ok(path) => send(Reply::HandoverWritten(path)),
                Err(e) => send(Reply::Error(e)),
            },
            Effect::WriteReview(id) => match self.write_review(*id) {
                Ok(path) => send(Reply::ReviewWritten(path)),
                Err(e) => send(Reply::Error(e)),
            },
            Effect::CompletePath(typed) => {
                send(Reply::Completions { typed: typed.clone(), matches: complete(typed) });
            }
            Effect::PlanImport { path, kind } => {
                self.pending_import = None;
                match import::plan(&self.store, *kind, &expand(path), "", self.now.date()) {
                    Ok(plan) => {
                        let summary = plan.describe(self.lang);
                        let noop = plan.is_noop();
                        self.pending_import = Some(plan);
                        send(Reply::ImportPlanned { summary, noop });
                    }
                    Err(e) => send(Reply::ImportFailed(explain(&e))),
                }
            }
            Effect::ApplyImport => {
                let Some(plan) = self.pending_import.take() else { return };
                match import::apply(&mut self.store, plan, self.now, &self.cfg) {
                    Ok(done) => send(Reply::Imported(import::done_line(self.lang, &done.counts))),
                    Err(e) => send(Reply::ImportFailed(explain(&e))),
                }
            }
            _ => {}
        }
    }

    /// The sheet of the account as handed over in its stage, written beside the database
    /// (`interchange::handover::write_sheet`: a private file, never written through a link).
    fn write_handover(&self, id: crate::domain::AccountId) -> Result<PathBuf, String> {
        let facts =
            self.store.load_facts(id).map_err(|e| e.to_string())?.ok_or("the account no longer exists")?;
        let sheet = handover::render(&facts, facts.account.stage, self.lang, self.now, &self.cfg);
        handover::write_sheet(self.store.path(), &facts, &sheet, self.now.date())
    }

    /// The annual value report over the open term, written beside the database
    /// (`interchange::review::write_report`: private, never through a link).
    fn write_review(&self, id: crate::domain::AccountId) -> Result<PathBuf, String> {
        use crate::domain::review::ReviewKind;
        let facts =
            self.store.load_facts(id).map_err(|e| e.to_string())?.ok_or("the account no longer exists")?;
        let today = self.now.date();
        let text = review::render(&facts, ReviewKind::Annual, None, self.lang, today);
        review::write_report(self.store.path(), &facts, ReviewKind::Annual, &text, today)
    }
}

/// `~/x` is in the home folder.
fn expand(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Entries that start with what is typed, written as the user typed the folder; folders
/// end in `/`. Hidden entries only when asked for with a leading dot.
fn complete(typed: &str) -> Vec<String> {
    let (dir_text, prefix) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let dir = if dir_text.is_empty() { PathBuf::from(".") } else { expand(dir_text) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let slash = if e.file_type().is_ok_and(|t| t.is_dir()) { "/" } else { "" };
            Some(format!("{dir_text}{name}{slash}"))
        })
        .take(MAX_MATCHES)
        .collect();
    out.sort();
    out
}

/// The error, and for bad rows the first few of them (file:line, column, what).
fn explain(e: &ImportError) -> String {
    let mut text = e.to_string();
    if let ImportError::Rows(rows) = e {
        for line in rows.lines().into_iter().take(ROWS_SHOWN) {
            text.push('\n');
            text.push_str(&line);
        }
    }
    clean_line_keep_lines(&text)
}

/// Sanitised, line breaks kept (the text quotes the user's file).
fn clean_line_keep_lines(s: &str) -> String {
    s.lines().map(clean_line).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("accounts.csv"), "x").unwrap();
        std::fs::write(dir.path().join("accounts-2026.csv"), "x").unwrap();
        std::fs::create_dir(dir.path().join("archive")).unwrap();
        std::fs::write(dir.path().join(".hidden"), "x").unwrap();
        let base = format!("{}/", dir.path().display());
        let all = complete(&format!("{base}a"));
        assert_eq!(
            all,
            vec![
                format!("{base}accounts-2026.csv"),
                format!("{base}accounts.csv"),
                format!("{base}archive/")
            ]
        );
        assert_eq!(complete(&base).len(), 3, "hidden files only when asked for");
    }
}
