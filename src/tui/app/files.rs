//! Files from the dashboard: `H` writes the selected account's handover sheet (交接单) to
//! a Markdown file and says where, `V` its annual value report (年度价值报告) likewise; `I` opens a path prompt (Tab completes), shows the
//! import's dry-run summary, and imports only after a yes. The work is done by the store
//! worker; this is the app's side of it.

use crate::interchange::Kind;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::controls::pick::{Pick, PickItem};
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::confirm::{Confirm, ConfirmFor};
use crate::tui::modals::path::{PathOutcome, PathPrompt};
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::{Effect, Reply};
use ratatui::crossterm::event::KeyEvent;

/// The kind a file's name says it holds: `*.json` is an export; otherwise the first
/// kind named in it ("hubspot-contacts.csv" holds contacts).
pub fn kind_of(path: &str) -> Option<Kind> {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    if name.ends_with(".json") {
        return Some(Kind::Json);
    }
    // Longer names first: "touchpoints" before "contacts" would not matter, but
    // "accounts" is a substring of nothing else, so the order only breaks ties.
    let order = [
        Kind::Touchpoints,
        Kind::Requirements,
        Kind::Promises,
        Kind::Contacts,
        Kind::Outcomes,
        Kind::Deals,
        Kind::Usage,
        Kind::Accounts,
    ];
    order.into_iter().find(|k| name.contains(k.id()))
}

impl App {
    pub(crate) fn write_handover(&mut self, fx: &mut Vec<Effect>) {
        match self.portfolio.selected_id() {
            Some(id) => fx.push(Effect::WriteHandover(id)),
            None => self.say(self.ui.t("edit.msg.no_account"), false),
        }
    }

    /// The selected account's annual value report (T-90), written by the worker.
    pub(crate) fn write_review(&mut self, fx: &mut Vec<Effect>) {
        match self.portfolio.selected_id() {
            Some(id) => fx.push(Effect::WriteReview(id)),
            None => self.say(self.ui.t("edit.msg.no_account"), false),
        }
    }

    /// What the selected row offers in the status bar: on the detail pane, the T-90
    /// milestone offers the value report the playbook asks for at that point.
    pub fn offer(&self) -> Option<(Action, &'static str)> {
        use crate::domain::agenda::AgendaKind;
        let t90 = Some(crate::domain::MilestoneKind::T90);
        match self.context() {
            Context::Detail if self.detail.selected_milestone() == t90 => {
                Some((Action::WriteReview, "ui.hint.offer_review"))
            }
            // The agenda's T-90 item offers it too, and a good moment offers to ask.
            Context::Agenda if !self.agenda.on_group() => match self.agenda.selected_row() {
                Some(r) if r.item.kind == AgendaKind::Milestone && r.item.milestone == t90 => {
                    Some((Action::AgendaReview, "ui.hint.offer_review"))
                }
                Some(r) if r.item.kind == AgendaKind::ReferralAsk => {
                    Some((Action::AgendaDone, "ui.hint.offer_referral"))
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The portfolio could only be opened for reading: said when the dashboard opens (it
    /// was said by the first save that failed, after the form was filled).
    pub fn opened_read_only(&mut self, file: &str) {
        let file = crate::domain::text::clean_line(file);
        self.say(self.ui.tf("ui.status.read_only_start", &[("file", &file)]), false);
    }

    pub(crate) fn open_import(&mut self) {
        self.modals.push(Modal::Path(PathPrompt::new(self.ui.t("edit.import.title"), "")));
    }

    pub(crate) fn path_key(&mut self, k: &KeyEvent, fx: &mut Vec<Effect>) {
        let Some(Modal::Path(p)) = self.modals.last_mut() else { return };
        match p.handle_key(k, &self.keymap) {
            PathOutcome::Stay => {}
            PathOutcome::Close => {
                self.modals.pop();
            }
            PathOutcome::Complete(typed) => fx.push(Effect::CompletePath(typed)),
            PathOutcome::Submit(path) => {
                // A JSON export has no header row; any other file's kind is told by the
                // worker from its headers (`interchange::guess`), asking only when two fit.
                let kind = (kind_of(&path) == Some(Kind::Json)).then_some(Kind::Json);
                p.busy = true;
                fx.push(Effect::PlanImport { path, kind, picked: Vec::new(), currency: None });
            }
        }
    }

    /// The kinds to pick from for `path`: the two its headers fit, or all of them.
    fn pick_import_kind(&mut self, path: String, kinds: Vec<Kind>) {
        if let Some(Modal::Path(p)) = self.modals.last_mut() {
            p.busy = false;
        }
        let kinds = if kinds.is_empty() {
            crate::interchange::guess::KINDS.into_iter().chain([Kind::Json]).collect()
        } else {
            kinds
        };
        let items = kinds
            .into_iter()
            .map(|kind| {
                let label = self.ui.t(&format!("edit.import.kind.{}", kind.id()));
                PickItem::new(kind.id(), label, PickFor::ImportKind { path: path.clone(), kind })
            })
            .collect();
        let title = self.ui.t("edit.import.which");
        self.modals.push(Modal::Pick(Pick::new(title, items)));
    }

    /// Nothing said the currency of the file's bare amounts: the prompt says why, and the
    /// user picks one (the portfolio's first); the file is then planned again with it.
    fn pick_import_currency(
        &mut self,
        path: String,
        kind: Kind,
        picked: Vec<(String, Option<crate::interchange::fields::F>)>,
        (title, why): (&str, String),
        offered: Vec<crate::domain::Currency>,
    ) {
        if let Some(Modal::Path(p)) = self.modals.last_mut() {
            p.busy = false;
            p.error = Some(why);
        }
        let items = offered
            .into_iter()
            .map(|currency| {
                let purpose =
                    PickFor::ImportCurrency { path: path.clone(), kind, picked: picked.clone(), currency };
                PickItem::new(currency.code(), currency.code().to_string(), purpose)
            })
            .collect();
        self.modals.push(Modal::Pick(Pick::new(self.ui.t(title), items)));
    }

    /// The kind picked for a path whose name did not say.
    pub(crate) fn import_as(&mut self, path: String, kind: Kind, fx: &mut Vec<Effect>) {
        if let Some(Modal::Path(p)) = self.modals.last_mut() {
            p.busy = true;
        }
        fx.push(Effect::PlanImport { path, kind: Some(kind), picked: Vec::new(), currency: None });
    }

    pub(crate) fn import_confirmed(&mut self, fx: &mut Vec<Effect>) {
        fx.push(Effect::ApplyImport);
        self.say(self.ui.t("edit.import.running"), true);
    }

    /// A file whose required field has no column, but with columns Radar does not know: the
    /// box says what is missing and offers the picker; a yes imports nothing.
    fn blocked_preview(&mut self, why: String, preview: crate::tui::msg::ImportPreview) {
        let ui = self.ui;
        let inner = usize::from(self.size.0.saturating_sub(4).min(110).saturating_sub(4));
        let mut lines: Vec<String> = crate::domain::text::clean_text(&why)
            .lines()
            .take(3)
            .map(|l| crate::domain::text::truncate_to_width(l, inner.max(10)))
            .collect();
        lines.extend(self.mapping_lines(&preview));
        lines.push(ui.t("edit.import.blocked_hint"));
        let c = Confirm {
            title: ui.t("edit.import.confirm"),
            lines,
            purpose: ConfirmFor::Import(Box::new(super::ImportDraft {
                path: preview.path,
                kind: preview.kind,
                picked: preview.picked,
                unknown: preview.unknown,
                blocked: true,
                currencies: Vec::new(),
            })),
            danger: false,
            scroll: 0,
        };
        self.modals.push(Modal::Confirm(c));
    }

    pub(crate) fn file_reply(&mut self, reply: Reply, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        match reply {
            Reply::HandoverWritten(path) => {
                let shown = crate::domain::text::clean_line(&path.display().to_string());
                self.say(ui.tf("edit.msg.handover", &[("path", &shown)]), true);
            }
            Reply::ReviewWritten(path) => {
                let shown = crate::domain::text::clean_line(&path.display().to_string());
                self.say(ui.tf("edit.msg.review", &[("path", &shown)]), true);
            }
            Reply::Completions { typed, matches } => {
                if let Some(Modal::Path(p)) = self.modals.last_mut() {
                    p.completed(&typed, matches);
                }
            }
            Reply::ImportPlanned(preview) => {
                if matches!(self.modals.last(), Some(Modal::Path(_))) {
                    self.modals.pop();
                }
                // "Importing…" or "Checking…" is over: a preview waits for a yes (after a
                // file changed since its first preview, the status line still said
                // "Importing…": CSM trial, session 31).
                self.message = None;
                if let Some(why) = &preview.blocked {
                    return self.blocked_preview(why.clone(), *preview);
                }
                let mut summary = preview.summary.lines();
                let first = summary.next().unwrap_or_default().to_string();
                // Nothing to write, but rows that cannot be imported: the preview says which
                // (a yes writes them to the rejected file). "Nothing to import" hid them
                // (CSM trial, session 27).
                if preview.noop && preview.bad == 0 {
                    let nothing = ui.tf("edit.import.nothing", &[("summary", &first)]);
                    let said = preview.again.as_ref().map_or(nothing.clone(), |a| format!("{a} · {nothing}"));
                    return self.say(said, true);
                }
                // Counts first, then what a yes sets aside and why, then the notes: on a
                // small screen the box keeps its top. Above them, why it is shown again.
                let mut lines: Vec<String> = preview.again.iter().cloned().chain([first]).collect();
                // What the file changes in accounts Radar holds, before anything else: on a
                // small screen the box keeps its top, and these are what a yes overwrites.
                lines.extend(preview.changes.iter().map(|l| format!("  {l}")));
                // Cut to the box's width (`ConfirmView`): a wrapped table row is unreadable.
                let inner = usize::from(self.size.0.saturating_sub(4).min(110).saturating_sub(4));
                let cut = |l: String| crate::domain::text::truncate_to_width(&l, inner.max(10));
                lines.extend(super::import_table::table_lines(&preview.table).into_iter().map(cut));
                lines.extend(self.mapping_lines(&preview));
                if preview.bad > 0 {
                    let file = preview.rejected_file.clone().unwrap_or_default();
                    lines.push(
                        ui.tf("edit.import.set_aside", &[("n", &preview.bad.to_string()), ("file", &file)]),
                    );
                    lines.extend(preview.problems.iter().map(|p| format!("  {p}")));
                }
                lines.extend(summary.map(str::to_string));
                if let Some((note, _)) = &preview.currency {
                    let key = self
                        .keymap
                        .key_label(Context::Confirm, Action::ImportCurrency)
                        .unwrap_or_else(|| "-".into());
                    // Indented as the summary's other notes are.
                    let line = ui.tf("edit.import.currency_line", &[("note", note), ("key", &key)]);
                    lines.push(format!("  {line}"));
                }
                lines.push(ui.t("edit.import.no_undo"));
                let c = Confirm {
                    title: ui.t("edit.import.confirm"),
                    lines,
                    purpose: ConfirmFor::Import(Box::new(super::ImportDraft {
                        path: preview.path,
                        kind: preview.kind,
                        picked: preview.picked,
                        unknown: preview.unknown,
                        blocked: false,
                        currencies: preview.currency.map(|(_, offered)| offered).unwrap_or_default(),
                    })),
                    danger: false,
                    scroll: 0,
                };
                self.modals.push(Modal::Confirm(c));
            }
            Reply::ImportKinds { path, kinds } => self.pick_import_kind(path, kinds),
            Reply::ImportCurrency { path, kind, picked, for_accounts, why, offered } => {
                let title = match for_accounts {
                    true => "edit.import.which_currency_accounts",
                    false => "edit.import.which_currency",
                };
                self.pick_import_currency(path, kind, picked, (title, why), offered)
            }
            Reply::ImportFailed(why) => match self.modals.last_mut() {
                Some(Modal::Path(p)) => {
                    p.busy = false;
                    p.error = Some(why);
                }
                _ => self.say(why.lines().next().unwrap_or_default().to_string(), false),
            },
            Reply::Imported { line, wrote } => {
                self.say(line, true);
                let at = self.history.log.undo_len();
                if wrote && self.history.imports.last() != Some(&at) {
                    self.history.imports.push(at);
                }
                self.timeline.invalidate();
                self.agenda.data = None;
                self.reload(fx);
            }
            _ => {}
        }
    }
}

impl App {
    /// Under the preview table: the columns it does not understand (and the key that
    /// picks their field), and those the user mapped (saved with a yes).
    fn mapping_lines(&self, p: &crate::tui::msg::ImportPreview) -> Vec<String> {
        use super::import_map::shown_header;
        let ui = self.ui;
        let mut lines = Vec::new();
        if !p.unknown.is_empty() {
            let key =
                self.keymap.key_label(Context::Confirm, Action::MapColumn).unwrap_or_else(|| "-".into());
            let list = p.unknown.iter().map(|h| format!("\"{}\"", shown_header(h))).collect::<Vec<_>>();
            lines.push(ui.tf("edit.import.unmapped", &[("columns", &list.join(", ")), ("key", &key)]));
        }
        if !p.picked.is_empty() {
            let pairs = p.picked.iter().map(|(h, f)| {
                let field = f.map_or_else(|| ui.t("edit.import.ignored"), |f| f.name().to_string());
                format!("{} → {field}", shown_header(h))
            });
            lines.push(ui.tf("edit.import.picked", &[("pairs", &pairs.collect::<Vec<_>>().join(", "))]));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_says_the_kind() {
        assert_eq!(kind_of("/tmp/export-2026.json"), Some(Kind::Json));
        assert_eq!(kind_of("~/crm/hubspot-contacts.csv"), Some(Kind::Contacts));
        assert_eq!(kind_of("Accounts.CSV"), Some(Kind::Accounts));
        assert_eq!(kind_of("touchpoints.csv"), Some(Kind::Touchpoints));
        assert_eq!(kind_of("/data/accounts/客户.csv"), None, "the folder does not count");
    }
}
