//! What the store workers answer, folded into the app's state (no I/O here either).

use crate::tui::action::Action;
use crate::tui::app::{App, View};
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::confirm::{Confirm, ConfirmFor};
use crate::tui::msg::{Effect, LiveSettings, Reply};
use crate::tui::panes::metrics::Quarter;

impl App {
    pub(crate) fn reply(&mut self, reply: Reply, fx: &mut Vec<Effect>) {
        match reply {
            Reply::Portfolio(loaded) => {
                // Scores arriving after a first answer without them (computed for today
                // after the first frame): start again at the top of the triage order.
                let scored_now = !self.portfolio.model.scored() && loaded.scored;
                let whole = loaded.partial_of.is_none();
                let had_whole = self.portfolio.loaded && self.portfolio.model.partial_of().is_none();
                self.portfolio.set_loaded(*loaded);
                if scored_now {
                    self.portfolio.cursor =
                        crate::tui::panes::Cursor { selected: 0, offset: 0, ..self.portfolio.cursor };
                }
                // After an edit elsewhere (a new account, an undo): show that account.
                if let Some(id) = self.history.select.take() {
                    self.jump_to(id);
                }
                self.timeline.invalidate();
                self.after_select(fx);
                // The status bar's report once the whole portfolio is in (not for a first page).
                if whole && !had_whole && self.portfolio.model.total() > 0 {
                    let (from, to) = Quarter::of(self.ui.today).range();
                    fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
                }
            }
            Reply::Detail(d) => {
                let d_id = d.facts.account.id;
                if Some(d_id) == self.detail.wanted {
                    // The record selected stays selected when the list re-sorts under it (a
                    // requirement moved to closed goes down its tab): the next `>` or `K` acted
                    // on whatever took its line. Gone (deleted), the line stays where it was.
                    let held = self.detail.current().and_then(|_| self.detail.selected_item());
                    let standing_for = held.and_then(|k| self.detail.milestone_claim(k));
                    self.detail.data = Some(d);
                    // A record just created (or found) first, else the one selected before;
                    // a milestone decided (or its decision undone) has another id now: the
                    // one that stands for the same playbook date.
                    let again = standing_for.and_then(|c| self.detail.milestone_claiming(c));
                    for key in [self.detail.pending_select.take(), held, again].into_iter().flatten() {
                        if self.detail.select(key) {
                            break;
                        }
                    }
                    // Only for the account it was pressed on (the selection may have moved:
                    // then the status bar says it was not done, never nothing at all).
                    match self.deferred.take() {
                        Some(d) if d.account == d_id => {
                            self.message = None;
                            self.from_palette = d.from_palette;
                            self.edit_action(d.action, fx);
                            self.from_palette = false;
                        }
                        Some(d) => self.deferred_dropped(d.action, d.account),
                        None => {}
                    }
                }
            }
            Reply::Marks(m) => self.timeline.add_marks(m),
            Reply::Contacts(id, contacts) => self.contacts_loaded(id, contacts, fx),
            // The form those keys were typed for will not come: they go, and the agenda has
            // its keys again.
            Reply::ContactsFailed(id, e) => {
                if self.agenda.awaiting_contacts.as_ref().is_some_and(|(_, wanted, _)| *wanted == id) {
                    self.agenda.awaiting_contacts = None;
                    self.typed_ahead.clear();
                }
                self.say(e, false);
            }
            Reply::Agenda(data, generation) => self.agenda_loaded(*data, generation, fx),
            Reply::AgendaPatch(patch, generation) => self.agenda_patched(*patch, generation, fx),
            Reply::UserSaved(saved) => self.user_saved(saved),
            Reply::FxRateSaved(saved) => self.fx_rate_saved(saved, fx),
            Reply::Report(r) => {
                let period = (r.from, r.to);
                if period == Quarter::of(self.ui.today).range() {
                    self.quarter_report = Some(r.clone());
                }
                if period == self.metrics.quarter.range() {
                    self.metrics.report = Some(r);
                }
            }
            // Another owner's pictures (the filter changed since they were asked for) wait
            // for the answer asked for since.
            Reply::Charts(c) if c.owner == self.report_owner() => self.metrics.charts = Some(c),
            Reply::Charts(_) => {}
            Reply::Found { query, hits, total } => {
                if let Some(super::Overlay::Find(f)) = &mut self.overlay {
                    f.found(&query, hits, total);
                }
            }
            Reply::ByOwner { from, to, rows } => {
                if (from, to) == self.metrics.quarter.range() {
                    self.metrics.by_owner = Some(rows);
                }
            }
            Reply::Changed => self.reload(fx),
            Reply::SettingsApplied { path, settings } => self.settings_applied(&path, settings, fx),
            Reply::SettingsRefused { path, error } => {
                self.say(self.ui.tf("ui.settings_refused", &[("error", &error), ("path", &path)]), false)
            }
            Reply::SettingsMended(path) => {
                self.say(self.ui.tf("ui.settings_mended", &[("path", &path)]), true)
            }
            Reply::ChangedAccounts(ids) => self.reload_accounts(ids, fx),
            Reply::Rescored => self.agenda_rescored(fx),
            Reply::Accounts { ids, rows } => self.accounts_loaded(&ids, rows, fx),
            Reply::Error(e) => {
                // A failed reload must not hold the agenda's keys back.
                self.agenda.reloading = false;
                // While the team server is out of reach the status bar says so; a read that
                // failed for it said "unreachable … nothing was saved" to a lead who had
                // saved nothing (team trial, session 33).
                if self.team_down.is_none() {
                    self.say(e, false);
                }
            }
            Reply::Notice { title, lines } => {
                self.say(title.clone(), false);
                // A notice names the quit key as `{quit}`: as bound.
                let quit = self.keymap.key_text(Context::Portfolio, Action::Quit);
                let lines = lines.iter().map(|l| crate::i18n::fill(l, &[("quit", &quit)])).collect();
                let c = Confirm { title, lines, purpose: ConfirmFor::Notice, danger: true, scroll: 0 };
                self.modals.push(Modal::Confirm(c));
            }
            edit @ (Reply::Applied { .. }
            | Reply::Undone(_)
            | Reply::Redone(_)
            | Reply::EditFailed { .. }
            | Reply::DeletePlan { .. }) => self.edit_reply(edit, fx),
            file @ (Reply::HandoverWritten(_)
            | Reply::ReviewWritten(_)
            | Reply::Completions { .. }
            | Reply::ImportPlanned { .. }
            | Reply::ImportKinds { .. }
            | Reply::ImportCurrency { .. }
            | Reply::ImportFailed(_)
            | Reply::Imported { .. }) => self.file_reply(file, fx),
        }
    }

    /// The settings file changed: the scanning worker takes the new settings before the
    /// loads that follow, and everything computed with the old ones is computed again.
    fn settings_applied(&mut self, path: &str, settings: Box<LiveSettings>, fx: &mut Vec<Effect>) {
        fx.push(Effect::UseSettings(settings));
        self.say(self.ui.tf("ui.settings_applied", &[("path", path)]), true);
        self.metrics.report = None;
        self.metrics.by_owner = None;
        self.metrics.charts = None;
        self.quarter_report = None;
        self.timeline.invalidate();
        self.agenda.data = None;
        self.reload(fx);
    }

    /// Reload everything shown, keeping selection and scroll (live refresh, `reload`).
    pub(crate) fn reload(&mut self, fx: &mut Vec<Effect>) {
        fx.push(Effect::LoadPortfolio);
        if let Some(id) = self.detail.wanted {
            fx.push(Effect::LoadDetail(id));
        }
        let (from, to) = Quarter::of(self.ui.today).range();
        fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
        self.agenda_outdated(fx);
        if self.view == View::Metrics {
            fx.push(Effect::LoadCharts { owner: self.report_owner() });
            let (from, to) = self.metrics.quarter.range();
            fx.push(Effect::LoadByOwner { from, to });
        }
        if self.view == View::Metrics && self.metrics.quarter != Quarter::of(self.ui.today) {
            let (from, to) = self.metrics.quarter.range();
            fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
        }
    }
}
