//! The worker's file work for the dashboard: the handover sheet written to a Markdown
//! file, path completion for the import prompt, and an import as dry run first (the plan
//! is kept here until the user says yes), then one transaction.

use crate::domain::text::clean_line;
use crate::interchange::fields::F;
use crate::interchange::guess::Guess;
use crate::interchange::import::{ImportPlan, Options, Request};
use crate::interchange::{ImportError, Kind, import, saved};
use crate::interchange::{handover, review};
use crate::tui::msg::{Effect, ImportPreview, Reply};
use crate::tui::runtime::worker::Worker;
use std::path::PathBuf;

/// Completion candidates returned at most.
const MAX_MATCHES: usize = 200;
/// Bad rows quoted back in the prompt.
const ROWS_SHOWN: usize = 5;
/// Bad rows quoted in the preview of an import that sets them aside.
const PROBLEMS_SHOWN: usize = 3;

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
            Effect::PlanImport { path, kind, picked, currency } => {
                self.pending_import = None;
                // Kept for this file (a later remap plans it again), forgotten for another.
                let file = expand(path);
                match currency {
                    Some(c) => self.picked_currency = Some((file, *c)),
                    None if self.picked_currency.as_ref().is_some_and(|(p, _)| *p != file) => {
                        self.picked_currency = None
                    }
                    None => {}
                }
                let kind = match kind {
                    Some(k) => *k,
                    None => match self.kind_of(path) {
                        Ok(Guess::One(k)) => k,
                        Ok(Guess::Two(a, b)) => {
                            return send(Reply::ImportKinds { path: path.clone(), kinds: vec![a, b] });
                        }
                        Ok(Guess::None) => {
                            return send(Reply::ImportKinds { path: path.clone(), kinds: Vec::new() });
                        }
                        Err(e) => return send(Reply::ImportFailed(explain(&e, self.lang))),
                    },
                };
                match self.preview(kind, expand(path), picked) {
                    Ok((plan, mut preview)) => {
                        self.pending_import = Some((plan, !picked.is_empty()));
                        preview.path = path.clone();
                        send(Reply::ImportPlanned(Box::new(preview)));
                    }
                    // A required field under a header Radar does not know: the preview opens
                    // all the same, so the picker can name the column.
                    Err(e @ ImportError::MissingColumns { .. }) if !missing_unknown(&e).is_empty() => {
                        let unknown = missing_unknown(&e).to_vec();
                        let headers = unknown.clone();
                        let preview = ImportPreview {
                            summary: String::new(),
                            changes: Vec::new(),
                            noop: false,
                            bad: 0,
                            problems: Vec::new(),
                            rejected_file: None,
                            table: crate::interchange::table::Preview {
                                headers,
                                unknown: unknown.clone(),
                                ..Default::default()
                            },
                            path: path.clone(),
                            kind,
                            picked: picked.clone(),
                            unknown,
                            blocked: Some(explain(&e, self.lang)),
                            again: None,
                            currency: None,
                        };
                        send(Reply::ImportPlanned(Box::new(preview)));
                    }
                    // Nothing says the currency of its bare amounts: the user is asked (the
                    // command line's --currency; the dashboard had no way to say it).
                    Err(e @ ImportError::NoCurrency { .. }) => send(Reply::ImportCurrency {
                        path: path.clone(),
                        kind,
                        picked: picked.clone(),
                        // No amount's column: a row creates an account with none.
                        for_accounts: matches!(&e, ImportError::NoCurrency { column: None, .. }),
                        why: explain(&e, self.lang),
                        offered: self.currencies_offered(),
                    }),
                    Err(e) => send(Reply::ImportFailed(explain(&e, self.lang))),
                }
            }
            Effect::ApplyImport => {
                let Some((plan, picked)) = self.pending_import.take() else { return };
                let remember = picked.then(|| (plan.request().clone(), plan.preview.headers.clone()));
                let again = (plan.kind, plan.path.clone(), plan.request().options.read.picked.clone());
                match import::apply(&mut self.store, plan, self.now, &self.cfg) {
                    Ok(done) => {
                        let mut line = import::done_line(self.lang, &done.counts);
                        if let Some(r) = &done.plan.rejected {
                            let note = import::Note::Rejected(r.len(), file_name(&r.path));
                            line = format!("{line} · {}", note.describe(self.lang));
                        }
                        if let Some((request, headers)) = remember {
                            line = format!("{line} · {}", self.remember_mapping(&request, &headers));
                        }
                        let wrote = done.counts.created + done.counts.updated > 0;
                        send(Reply::Imported { line: clean_line(&line), wrote })
                    }
                    // Rewritten since the preview the user said yes to: nothing was written,
                    // and the file as it is now is previewed for a new yes (CSM trial,
                    // session 30: an ARR previewed as 12,000 was stored as 99,999).
                    Err(e @ ImportError::Changed { .. }) => {
                        let why = explain(&e, self.lang);
                        let (kind, path, picked) = again;
                        match self.preview(kind, path.clone(), &picked) {
                            Ok((plan, mut preview)) => {
                                self.pending_import = Some((plan, !picked.is_empty()));
                                preview.path = path.display().to_string();
                                preview.again = Some(why);
                                send(Reply::ImportPlanned(Box::new(preview)));
                            }
                            Err(e) => send(Reply::ImportFailed(format!("{why}\n{}", explain(&e, self.lang)))),
                        }
                    }
                    Err(e) => send(Reply::ImportFailed(explain(&e, self.lang))),
                }
            }
            _ => {}
        }
    }

    /// The kind the file's headers hold (`interchange::guess`), else the one a saved
    /// mapping for them makes them hold (it names a required field).
    fn kind_of(&self, path: &str) -> Result<Guess, ImportError> {
        let read = crate::interchange::table::ReadOptions { lang: Some(self.lang), ..Default::default() };
        let path = expand(path);
        match crate::interchange::guess::of_file(&path, &read)? {
            Guess::None => Ok(saved::saved_kind(&self.store, &path, &read)?.map_or(Guess::None, Guess::One)),
            g => Ok(g),
        }
    }

    /// The dry run the preview shows. When some rows are bad but others are good, the plan
    /// sets the bad ones aside (as `--skip-invalid` would) and the preview says how many and
    /// quotes the first; a file with no good row fails with its bad rows listed.
    fn preview(
        &self,
        kind: Kind,
        path: PathBuf,
        picked: &[(String, Option<F>)],
    ) -> Result<(ImportPlan, ImportPreview), ImportError> {
        let currency_flag = self.picked_currency.as_ref().filter(|(p, _)| *p == path).map(|(_, c)| *c);
        let mut options = Options {
            currency_flag,
            currency: self.import_currency,
            reporting: self.cfg.report_currency,
            locale: self.locale.clone(),
            ..Options::default()
        };
        options.read.lang = Some(self.lang);
        options.read.picked = picked.to_vec();
        let mut request = Request { kind, path, today: self.now.date(), options };
        let strict = import::plan_request(&self.store, &request, &mut |_, _, _| {});
        let (plan, problems) = match strict {
            Err(ImportError::Rows(rows)) if kind != Kind::Json => {
                request.options.skip_invalid = true;
                match import::plan_request(&self.store, &request, &mut |_, _, _| {}) {
                    Ok(plan) if plan.counts.created + plan.counts.updated + plan.counts.unchanged > 0 => {
                        let name = file_name(&rows.path);
                        let full = rows.path.display().to_string();
                        let first = rows.lines().into_iter().take(PROBLEMS_SHOWN);
                        (plan, first.map(|l| clean_line(&l.replacen(&full, &name, 1))).collect())
                    }
                    _ => return Err(ImportError::Rows(rows)),
                }
            }
            other => (other?, Vec::new()),
        };
        // The file's name, not its whole path: the box is narrow and the user just typed it.
        let full = clean_line(&plan.path.display().to_string());
        // "N rows set aside in …" is said after the import; before it, the preview's own line.
        let mut shown = plan.clone();
        // The ignored columns are listed by the preview itself, with the key that maps one.
        shown.notes.retain(|n| {
            !matches!(
                n,
                import::Note::Rejected(..) | import::Note::WouldReject(..) | import::Note::UnknownColumns(_)
            )
        });
        let changes = plan.change_lines(self.lang);
        shown.changes = Default::default();
        // The currency note without the command line's ways to change it: the preview has
        // a key for that (the note's --currency could not be acted on here, session 30).
        let currency = shown.notes.iter().find_map(|n| match n {
            import::Note::CurrencyAssumed(c, why) => Some((import::currency_here(self.lang, *c, why), *c)),
            _ => None,
        });
        shown.notes.retain(|n| !matches!(n, import::Note::CurrencyAssumed(..)));
        let currency = currency.map(|(note, c)| {
            let mut offered = self.currencies_offered();
            offered.retain(|o| *o != c);
            (note, offered)
        });
        let preview = ImportPreview {
            summary: shown.describe_here(self.lang).replacen(&full, &file_name(&plan.path), 1),
            changes,
            noop: plan.is_noop(),
            bad: plan.counts.rejected,
            problems,
            rejected_file: plan.rejected.as_ref().map(|r| file_name(&r.path)),
            table: plan.preview.clone(),
            path: String::new(),
            kind,
            picked: picked.to_vec(),
            unknown: plan.preview.unknown.clone(),
            blocked: None,
            again: None,
            currency,
        };
        Ok((plan, preview))
    }

    /// The currencies offered when nothing says a file's: the portfolio's own (most accounts
    /// first), then the common ones, then every other circulating one (typing `MYR` finds
    /// it; only the common ones could be picked before: CSM trial, session 31).
    fn currencies_offered(&self) -> Vec<crate::domain::Currency> {
        use crate::domain::Currency;
        let mut held = self.store.currency_counts().unwrap_or_default();
        held.sort_by_key(|(c, n)| (std::cmp::Reverse(*n), c.code().to_string()));
        let common = ["USD", "CNY", "EUR", "GBP", "JPY", "HKD", "SGD", "AUD", "CAD", "CHF", "INR", "KRW"];
        let mut out: Vec<Currency> = held.into_iter().map(|(c, _)| c).collect();
        let common = common.iter().filter_map(|c| Currency::new(c).ok());
        for c in common.chain(Currency::all_iso()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Saves the columns mapped for this import (the saved mapping it used, if any, and the
    /// user's picks) for the file's kind and header set: the next import of a file with
    /// these headers reads them the same way. Says what it did, for the status line.
    fn remember_mapping(&mut self, request: &import::Request, headers: &[String]) -> String {
        let pairs = &request.options.read.picked;
        let key = saved::header_key(headers);
        let stored = saved::to_store(pairs);
        match self.store.save_import_mapping(request.kind.id(), &key, headers, &stored, self.now.date()) {
            Ok(_) => {
                let list = clean_line(&saved::describe_pairs(pairs).join(", "));
                crate::i18n::tf(self.lang, "edit.import.mapping_saved", &[("pairs", &list)])
            }
            Err(e) => {
                crate::i18n::tf(self.lang, "edit.import.mapping_not_saved", &[("error", &e.to_string())])
            }
        }
    }

    /// "The account no longer exists (deleted elsewhere)", in the interface language.
    fn gone(&self) -> String {
        let what = crate::i18n::t(self.lang, "edit.kind.account");
        crate::i18n::tf(self.lang, "edit.fail.missing", &[("what", &what)])
    }

    /// The sheet of the account as handed over in its stage, written beside the database
    /// (`interchange::handover::write_sheet`: a private file, never written through a link).
    fn write_handover(&self, id: crate::domain::AccountId) -> Result<PathBuf, String> {
        let facts = self.store.load_facts(id).map_err(|e| e.to_string())?.ok_or_else(|| self.gone())?;
        let sheet = handover::render(&facts, facts.account.stage, self.lang, self.now, &self.cfg);
        handover::write_sheet(&self.files_beside()?, &facts, &sheet, self.now.date())
    }

    /// What the sheets and reports are written beside: the portfolio's file, or for a team
    /// database (whose `--db` is a connection string, not a path: its folders were made
    /// under the current directory, named after the address) a name in the data folder, so
    /// they go to `<data dir>/handover/` and `<data dir>/reviews/`.
    fn files_beside(&self) -> Result<PathBuf, String> {
        if self.store.team_target().is_none() {
            return Ok(self.store.path().to_path_buf());
        }
        crate::context::data_dir().map(|d| d.join("team")).map_err(|e| e.to_string())
    }

    /// The annual value report over the open term, written beside the database
    /// (`interchange::review::write_report`: private, never through a link).
    fn write_review(&self, id: crate::domain::AccountId) -> Result<PathBuf, String> {
        use crate::domain::review::ReviewKind;
        let facts = self.store.load_facts(id).map_err(|e| e.to_string())?.ok_or_else(|| self.gone())?;
        let today = self.now.date();
        let text = review::render(&facts, ReviewKind::Annual, None, self.lang, today);
        review::write_report(&self.files_beside()?, &facts, ReviewKind::Annual, &text, today)
    }
}

/// A path's last part, sanitised (it is the user's file name).
fn file_name(p: &std::path::Path) -> String {
    clean_line(&p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()))
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
fn explain(e: &ImportError, lang: crate::i18n::Lang) -> String {
    let mut text = e.render(lang);
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

/// The headers naming no field, of a missing-column error (else none).
fn missing_unknown(e: &ImportError) -> &[String] {
    match e {
        ImportError::MissingColumns { unknown, .. } => unknown,
        _ => &[],
    }
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
