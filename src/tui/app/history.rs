//! The session's changes, for undo (`u`) and redo, and the answers to every write: the
//! status line says what was done or undone; a refused save keeps its form open with the
//! user's text and shows what the other side changed.

use crate::domain::{AccountId, Change, ChangeKind, RowKind, UndoLog};
use crate::tui::action::Action;
use crate::tui::app::{App, View};
use crate::tui::forms;
use crate::tui::forms::form::{Banner, Form};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::modals::Modal;
use crate::tui::msg::{EditOp, Effect, Failure, Reply};
use crate::tui::panes::Ui;

#[derive(Debug, Default)]
pub struct History {
    /// The session's undo and redo stacks (they learn the versions each undo and redo
    /// writes, so the next one finds the rows as this session left them).
    pub log: UndoLog,
    /// The undo or redo sent to the worker, as taken from the log: its answer carries the
    /// change at the versions written, and the log renames from this one to that one.
    in_flight: Option<Change>,
    /// Writes sent to the worker and not answered yet (undo waits for them, so it never
    /// undoes the change before the one still being saved).
    pub pending: usize,
    token: u64,
    /// Select this account when the portfolio next loads (a new account, an undo elsewhere).
    pub select: Option<AccountId>,
    /// Where imports came between this session's changes: the undo stack's length when each
    /// was committed. An import is not in the log (it went in whole), and `u` after one
    /// reached past it and undid an earlier change without a word (CSM trial, session 24):
    /// now `u` stops there once and says so.
    pub imports: Vec<usize>,
}

impl History {
    /// A change went onto the undo stack, which had `before` changes: when the stack was
    /// full its oldest went, and every import mark moves down with the rest (a mark left
    /// where it was stopped `u` two changes early and then let it pass the import).
    fn trimmed_since(&mut self, before: usize) {
        if before >= crate::domain::undo_log::KEEP && self.log.undo_len() <= before {
            self.imports = self.imports.iter().filter_map(|at| at.checked_sub(1)).collect();
        }
    }

    pub fn next_token(&mut self) -> u64 {
        self.token += 1;
        self.token
    }
}

impl App {
    /// "Logged a touchpoint · 成都天府云图信息技术有限公司".
    fn describe(&self, c: &Change) -> String {
        // A referral suggestion put off ("not this quarter") is stored as a referral at
        // stage dismissed; said as such (it read "Recorded a referral": CSM trial, session 24).
        let dismissed = c.kind == ChangeKind::Created(RowKind::Referral)
            && c.after.iter().any(|r| {
                matches!(r, crate::domain::change::Row::Referral(x) if x.stage == crate::domain::ReferralStage::Dismissed)
            });
        let id = if dismissed { "referral_dismissed".to_string() } else { c.kind.id() };
        // A call logged with its next step made a task too: said, with its day (the status
        // bar named the touchpoint only; CSM trial, session 28).
        let task = c
            .after
            .iter()
            .find_map(|r| match r {
                crate::domain::change::Row::Task(t) => Some(t.due),
                _ => None,
            })
            .filter(|_| c.kind == ChangeKind::Created(RowKind::Touchpoint));
        let what = match task {
            Some(due) => self.ui.tf("edit.change.created_touchpoint_task", &[("due", &due.to_string())]),
            None => self.ui.t(&format!("edit.change.{id}")),
        };
        if c.subject.is_empty() { what } else { format!("{what} · {}", c.subject) }
    }

    pub(crate) fn undo(&mut self, fx: &mut Vec<Effect>) {
        self.step(true, fx);
    }

    pub(crate) fn redo(&mut self, fx: &mut Vec<Effect>) {
        self.step(false, fx);
    }

    /// Sends the next undo (`undo`) or redo to the worker, once every write is answered.
    fn step(&mut self, undo: bool, fx: &mut Vec<Effect>) {
        if self.history.pending > 0 {
            return self.say(self.ui.t("edit.msg.busy"), false);
        }
        let below = self.history.log.undo_len();
        if undo && self.history.imports.last() == Some(&below) {
            self.history.imports.retain(|at| *at != below);
            let key = self.keymap.key_label(self.view_context(), Action::Undo).unwrap_or_default();
            let msg =
                if below > 0 { "edit.msg.import_not_undone" } else { "edit.msg.import_not_undone_alone" };
            return self.say(self.ui.tf(msg, &[("key", &key)]), false);
        }
        let taken = if undo { self.history.log.take_undo() } else { self.history.log.take_redo() };
        let Some(c) = taken else {
            let none = if undo { "edit.msg.nothing_to_undo" } else { "edit.msg.nothing_to_redo" };
            return self.say(self.ui.t(none), false);
        };
        self.history.pending += 1;
        self.history.in_flight = Some(c.clone());
        fx.push(if undo { Effect::Undo(Box::new(c)) } else { Effect::Redo(Box::new(c)) });
    }

    /// An undo (`undo`) or redo was written: say so, show it, and move it in the log.
    fn stepped(&mut self, change: Change, undo: bool, fx: &mut Vec<Effect>) {
        self.history.pending = self.history.pending.saturating_sub(1);
        let done = if undo { "edit.msg.undone" } else { "edit.msg.redone" };
        self.say(self.ui.tf(done, &[("what", &self.describe(&change))]), true);
        self.after_change(&change, fx);
        if self.view == View::Agenda {
            self.agenda.follow = crate::domain::agenda_follow::items_of(&change);
        }
        let sent = self.history.in_flight.take().unwrap_or_else(|| change.clone());
        if undo {
            self.history.log.undone(&sent, change);
        } else {
            let before = self.history.log.undo_len();
            self.history.log.redone(&sent, change);
            self.history.trimmed_since(before);
        }
    }

    /// The answers to writes (`Reply::Applied`, `Undone`, `Redone`, `EditFailed`, `DeletePlan`).
    pub(crate) fn edit_reply(&mut self, reply: Reply, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        match reply {
            Reply::Applied { token, change } => {
                self.history.pending = self.history.pending.saturating_sub(1);
                self.modals.retain(|m| !matches!(m, Modal::Form(f) if f.saving == Some(token)));
                if change.is_empty() {
                    return self.say(ui.t("edit.msg.no_change"), true);
                }
                let undo = self
                    .keymap
                    .key_label(self.view_context(), crate::tui::action::Action::Undo)
                    .unwrap_or_default();
                let text = ui.tf("edit.msg.done", &[("what", &self.describe(&change)), ("key", &undo)]);
                self.say(text, true);
                if change.kind == ChangeKind::Created(RowKind::Account) {
                    self.history.select = Some(change.account);
                }
                // A record just added is selected in its tab when the account reloads (it
                // kept the line of the record selected before).
                if let ChangeKind::Created(kind) = change.kind
                    && let Some(new) = change
                        .after
                        .iter()
                        .map(crate::domain::change::Row::key)
                        .find(|k| k.kind == kind && !change.before.iter().any(|b| b.key() == *k))
                {
                    self.detail.pending_select = Some(new);
                }
                self.after_change(&change, fx);
                let before = self.history.log.undo_len();
                self.history.log.record(*change);
                self.history.trimmed_since(before);
            }
            Reply::Undone(change) => self.stepped(*change, true, fx),
            Reply::Redone(change) => self.stepped(*change, false, fx),
            Reply::EditFailed { op, failure } => {
                self.history.pending = self.history.pending.saturating_sub(1);
                // A key that waited for this save is dropped with it (the refusal is said);
                // `failed` reads the agenda again (the other side's versions), and keys wait
                // for that as after a save.
                self.agenda.reloading = self.view == View::Agenda;
                self.agenda.deferred = None;
                self.agenda.deferred_item = None;
                match (&op, &failure) {
                    // Nothing was written (the file was locked, the team server out of
                    // reach): the change goes back where it was, so the next `u` tries it
                    // again. It was dropped, and that `u` undid the change before it (a
                    // renewal, where a call was the one to undo; team trial, session 33).
                    (EditOp::Undo(_) | EditOp::Redo(_), Failure::Busy | Failure::Unreachable) => {
                        if let Some(c) = self.history.in_flight.take() {
                            self.history.log.put_back(c, matches!(op, EditOp::Undo(_)));
                        }
                    }
                    // Refused: the change is dropped (its rows are someone else's now).
                    (EditOp::Undo(_) | EditOp::Redo(_), _) => self.history.in_flight = None,
                    _ => {}
                }
                self.failed(op, failure, fx);
            }
            Reply::DeletePlan { plan: Some(plan), .. } => self.ask_delete(*plan),
            Reply::DeletePlan { plan: None, .. } => self.say(ui.t("edit.msg.gone"), false),
            _ => {}
        }
    }

    /// Shows the new state: the changed account reloads (its row, its detail; one edit
    /// writes one account's rows), what sums the book after it, and it is selected.
    fn after_change(&mut self, change: &Change, fx: &mut Vec<Effect>) {
        // On screen, the agenda keeps its lines until the reload arrives (the next key acts
        // on them; a stale item is refused by its version); elsewhere it reloads when shown.
        if self.view == View::Agenda {
            self.agenda.reloading = true;
        }
        if self.portfolio.selected_id() != Some(change.account) {
            self.history.select = Some(change.account);
        }
        self.reload_accounts(vec![change.account], fx);
    }

    fn failed(&mut self, op: EditOp, failure: Failure, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        let why = self.why(&failure);
        let undo = matches!(op, EditOp::Undo(_));
        match op {
            EditOp::Apply(token) => {
                let form = self.modals.iter_mut().rev().find_map(|m| match m {
                    Modal::Form(f) if f.saving == Some(token) => Some(f),
                    _ => None,
                });
                match form {
                    Some(form) => {
                        form.saving = None;
                        refused_form(form, &failure, why, (&ui, &self.keymap));
                    }
                    None => self.say(ui.tf("edit.msg.refused", &[("why", &why)]), false),
                }
                // Show the other side's version in the panes too.
                self.reload(fx);
            }
            EditOp::Undo(c) | EditOp::Redo(c) => {
                let key = if undo { "edit.msg.undo_refused" } else { "edit.msg.redo_refused" };
                let text = ui.tf(key, &[("what", &self.describe(&c)), ("why", &why)]);
                self.say(text, false);
                self.reload(fx);
            }
        }
    }

    fn why(&self, failure: &Failure) -> String {
        let ui = &self.ui;
        let what = |k: RowKind| ui.t(&format!("edit.kind.{}", k.table()));
        match failure {
            // The same version with other content: written by a program that does not count
            // versions (a restore, sqlite3). "(version 1 → 1)" read as a contradiction (CSM trial).
            Failure::Stale { key, expected, found, .. } if expected == found => {
                ui.tf("edit.fail.stale_same_version", &[("what", &what(key.kind))])
            }
            Failure::Stale { key, expected, found, .. } => ui.tf(
                "edit.fail.stale",
                &[("what", &what(key.kind)), ("from", &expected.to_string()), ("to", &found.to_string())],
            ),
            Failure::Missing { key } => ui.tf("edit.fail.missing", &[("what", &what(key.kind))]),
            Failure::Busy => ui.t("edit.fail.busy"),
            Failure::Unreachable => ui.t("edit.fail.unreachable"),
            Failure::NotYours { what, id } => {
                let what = ui.t(&format!("edit.kind.{what}"));
                ui.tf("edit.fail.not_yours", &[("what", &what), ("id", &id.to_string())])
            }
            Failure::Invalid(m) | Failure::Other(m) => m.clone(),
        }
    }
}

/// A save was refused: the form stays open with the user's text. Someone else's newer
/// version is merged in (their values where the user changed nothing, both marked where
/// both changed); a deleted record becomes a new one if it can.
fn refused_form(form: &mut Form, failure: &Failure, why: String, (ui, keymap): (&Ui, &Keymap)) {
    let save = keymap.key_text(Context::Form, Action::Save);
    let cancel = keymap.key_text(Context::Form, Action::Cancel);
    let keys = [("save", save.as_str()), ("cancel", cancel.as_str())];
    let mut lines = vec![ui.tf("edit.conflict.refused", &[("why", &why)])];
    match failure {
        Failure::Stale { current: Some(row), .. } => match forms::rebase(form, row, ui) {
            Some(changed) => {
                if changed.is_empty() {
                    lines.push(ui.t("edit.conflict.none"));
                } else {
                    lines.push(ui.tf("edit.conflict.fields", &[("fields", &changed.join(", "))]));
                }
                lines.push(ui.tf("edit.conflict.again", &keys));
            }
            // A form that cannot take their version: saying "none changed" and "Enter
            // saves on top" was false, and every Enter was refused again.
            None => lines.push(ui.tf("edit.conflict.reopen", &keys)),
        },
        Failure::Missing { .. } => {
            let key = if forms::detach(form) { "edit.conflict.as_new" } else { "edit.conflict.cannot" };
            lines.push(ui.tf(key, &keys));
        }
        _ => {}
    }
    let error = !matches!(failure, Failure::Stale { .. });
    form.banner = Some(Banner { lines, error });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::Row;
    use crate::domain::{Account, Currency, Tier};

    fn change(n: usize) -> Change {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let a = Account::new(&format!("成都 {n}"), Tier::Small, Currency::CNY, today);
        let kind = ChangeKind::Created(RowKind::Account);
        Change {
            kind,
            subject: String::new(),
            account: AccountId(0),
            before: vec![],
            after: vec![Row::Account(a)],
        }
    }

    /// A full undo stack drops its oldest change as a new one comes: an import's mark moves
    /// down with the changes (left where it was, `u` stopped two changes early, then passed
    /// the import without a word).
    #[test]
    fn import_marks_move_down_as_a_full_stack_drops_its_oldest() {
        let mut h = History::default();
        let keep = crate::domain::undo_log::KEEP;
        for n in 0..keep - 2 {
            h.log.record(change(n));
        }
        h.imports.push(h.log.undo_len());
        for n in 0..5 {
            let before = h.log.undo_len();
            h.log.record(change(1000 + n));
            h.trimmed_since(before);
        }
        assert_eq!(h.log.undo_len(), keep);
        assert_eq!(h.imports, vec![keep - 5], "five changes above the import, as made");
        // A mark at the bottom goes when its import falls off the stack.
        let mut h = History { imports: vec![0], ..History::default() };
        for n in 0..=keep {
            let before = h.log.undo_len();
            h.log.record(change(n));
            h.trimmed_since(before);
        }
        assert!(h.imports.is_empty());
    }
}
