//! Keys while a modal is open (they never reach the panes): the form's own keys, yes/no
//! for a confirmation, the pick list's; and what a pick or a "yes" leads to.

use crate::domain::*;
use crate::i18n::choice_label;
use crate::store::DeletePlan;
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::controls::pick::PickOutcome;
use crate::tui::forms::form::FormOutcome;
use crate::tui::forms::outcome::{self, Resolution};
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::confirm::{Confirm, ConfirmFor};
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::Effect;
use crate::tui::overlays::help::HelpOverlay;
use ratatui::crossterm::event::KeyEvent;

impl App {
    pub(crate) fn modal_key(&mut self, k: &KeyEvent, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        let Some(top) = self.modals.last_mut() else { return };
        // The key that opened this form, pressed again before anything was typed: once
        // ignored (said in the status bar), never typed into the first field.
        if let Modal::Form(form) = top
            && let Some((ctx, action)) = form.opened_by.take()
            && !form.dirty()
            && self.keymap.lookup(ctx, k) == Some(action)
        {
            let key = self.keymap.key_text(ctx, action);
            return self.say(ui.tf("edit.msg.form_already_open", &[("key", &key)]), false);
        }
        let Some(top) = self.modals.last_mut() else { return };
        match top {
            Modal::Form(form) => match form.handle_key(k, &self.keymap, &ui) {
                FormOutcome::Stay => {}
                FormOutcome::Submit => self.submit_form(fx),
                FormOutcome::Cancel => {
                    if form.dirty() && form.saving.is_none() {
                        let c = Confirm {
                            title: ui.t("edit.discard.title"),
                            lines: vec![ui.t("edit.discard.body")],
                            purpose: ConfirmFor::Discard,
                            danger: false,
                            scroll: 0,
                        };
                        self.modals.push(Modal::Confirm(c));
                    } else {
                        self.modals.pop();
                    }
                }
                FormOutcome::Help => {
                    // F1 in a choice list lists the list's keys, not the form's.
                    let context = if form.popup.is_some() { Context::Pick } else { Context::Form };
                    self.overlay = Some(Overlay::Help(HelpOverlay { context, scroll: 0 }));
                }
            },
            Modal::Confirm(_) => match self.keymap.lookup(Context::Confirm, k) {
                Some(Action::ConfirmYes) => {
                    // An import whose required field has no column yet: the box stays, for
                    // the picker, and says why nothing happened.
                    if let Some(Modal::Confirm(c)) = self.modals.last()
                        && let ConfirmFor::Import(d) = &c.purpose
                        && d.blocked
                    {
                        return self.say(self.ui.t("edit.import.blocked_yes"), false);
                    }
                    if let Some(Modal::Confirm(c)) = self.modals.pop() {
                        self.confirmed(c.purpose, fx);
                    }
                }
                Some(Action::Cancel) => {
                    self.modals.pop();
                }
                Some(Action::MapColumn) => self.map_column(),
                Some(Action::ImportCurrency) => self.change_import_currency(),
                Some(a @ (Action::Up | Action::Down | Action::PageUp | Action::PageDown)) => {
                    let page = isize::try_from(self.size.1 / 2).unwrap_or(1).max(1);
                    let by = match a {
                        Action::Up => -1,
                        Action::Down => 1,
                        Action::PageUp => -page,
                        _ => page,
                    };
                    let screen = ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1);
                    let body = crate::tui::view::layout::layout(screen, self.focus).body;
                    if let Some(Modal::Confirm(c)) = self.modals.last_mut() {
                        c.scroll_by(by, body);
                    }
                }
                _ => {}
            },
            Modal::Path(_) => self.path_key(k, fx),
            Modal::Pick(p) => match p.handle_key(k, &self.keymap) {
                PickOutcome::Stay => {}
                PickOutcome::Help => {
                    self.overlay = Some(Overlay::Help(HelpOverlay { context: Context::Pick, scroll: 0 }));
                }
                PickOutcome::Close => {
                    self.modals.pop();
                }
                PickOutcome::Picked(item) => {
                    self.modals.pop();
                    self.picked(item.value, fx);
                }
            },
        }
    }

    fn confirmed(&mut self, purpose: ConfirmFor, fx: &mut Vec<Effect>) {
        match purpose {
            ConfirmFor::Delete(plan) => {
                self.apply(Edit::Delete { target: plan.target, version: plan.version }, fx);
            }
            // The form under the question goes too, unsaved.
            ConfirmFor::Discard => {
                self.modals.pop();
            }
            ConfirmFor::Import(_) => self.import_confirmed(fx),
            ConfirmFor::Notice => {}
        }
    }

    fn picked(&mut self, picked: PickFor, fx: &mut Vec<Effect>) {
        if let PickFor::ImportKind { path, kind } = picked {
            return self.import_as(path, kind, fx);
        }
        if let PickFor::ImportCurrency { path, kind, picked, currency } = picked {
            match self.modals.last_mut() {
                Some(Modal::Path(p)) => {
                    p.busy = true;
                    p.error = None;
                }
                // Picked from a preview's currency key: the new preview replaces it.
                _ => self.replace_preview(),
            }
            return fx.push(Effect::PlanImport { path, kind: Some(kind), picked, currency: Some(currency) });
        }
        if let PickFor::Me(me) = picked {
            return self.picked_me(me, fx);
        }
        if let PickFor::ImportColumn { draft, header } = picked {
            return self.pick_field(draft, header);
        }
        if let PickFor::ImportField { draft, header, field } = picked {
            return self.column_mapped(*draft, header, field, fx);
        }
        let Some(f) = self.facts().cloned() else { return };
        let ui = self.ui;
        match picked {
            PickFor::ImportKind { .. }
            | PickFor::ImportCurrency { .. }
            | PickFor::ImportColumn { .. }
            | PickFor::ImportField { .. }
            | PickFor::Me(_) => {}
            PickFor::Target(action, key) => self.on_target(action, key, fx),
            PickFor::Forecast(forecast) => {
                let a = &f.account;
                let edit = Edit::SetForecast { id: a.id, version: a.version, forecast, on: ui.today };
                self.apply(edit, fx);
            }
            PickFor::Reference(stage) => {
                let a = &f.account;
                let edit = Edit::SetReference { id: a.id, version: a.version, stage, on: ui.today };
                self.apply(edit, fx);
            }
            PickFor::NewRecord(kind) => self.create(kind, &f),
            PickFor::Outcome(resolution) => {
                let Some(t) = f.current_term() else { return };
                let form = match resolution {
                    Resolution::Churned => {
                        outcome::open_churn(&ui, &f.account, t, open_requirements(&ui, &f))
                    }
                    Resolution::Renewed => outcome::open_renewal(&ui, &f.account.name, t),
                };
                self.modals.push(Modal::Form(Box::new(form)));
            }
        }
    }

    /// The store counted what a delete takes with it: ask, naming all of it.
    pub(crate) fn ask_delete(&mut self, plan: DeletePlan) {
        let ui = self.ui;
        let what = ui.t(&format!("edit.kind.{}", plan.target.kind.table()));
        let mut lines = vec![ui.tf("edit.delete.body", &[("what", &what), ("label", &plan.label)])];
        if plan.children.is_empty() {
            lines.push(ui.t("edit.delete.alone"));
        } else {
            let parts: Vec<String> = plan
                .children
                .iter()
                .map(|(kind, n)| ui.tf(&format!("edit.count.{}", kind.table()), &[("n", &n.to_string())]))
                .collect();
            // A contact's or a touchpoint's rows stay, unlinked (`rows::unlinked_by`): a
            // touchpoint's follow-up task was said to "go with it" and was kept (session 22).
            let key = match plan.target.kind {
                RowKind::Contact => "edit.delete.unlinks",
                RowKind::Touchpoint => "edit.delete.unlinks_touchpoint",
                _ => "edit.delete.with",
            };
            lines.push(ui.tf(key, &[("rows", &parts.join(", "))]));
        }
        let undo = self.keymap.key_label(self.view_context(), Action::Undo).unwrap_or_default();
        lines.push(ui.tf("edit.delete.undo", &[("key", &undo)]));
        let title = ui.tf("edit.delete.title", &[("what", &what)]);
        self.modals.push(Modal::Confirm(Confirm {
            title,
            lines,
            purpose: ConfirmFor::Delete(plan),
            danger: true,
            scroll: 0,
        }));
    }
}

/// The account's requirements not yet delivered, as the churn form lists them: the cause
/// a churn may name (win-back). Each with the day it was raised: two of one title and
/// status read as the same entry.
fn open_requirements(ui: &crate::tui::panes::Ui, f: &AccountFacts) -> Vec<(String, String)> {
    f.requirements
        .iter()
        .filter(|r| !matches!(r.status, ReqStatus::Delivered | ReqStatus::Closed))
        .map(|r| {
            (
                r.id.0.to_string(),
                format!(
                    "{} · {} · {}",
                    r.title.replace('\n', " "),
                    choice_label(ui.lang, r.status),
                    r.raised_on
                ),
            )
        })
        .collect()
}
