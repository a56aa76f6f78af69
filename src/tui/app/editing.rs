//! Recording from the keyboard: what each editing action does on the selected account or
//! the selected row of the detail tab. Without a selected row of the right kind, a pick
//! list of the candidates opens (open promises, pending milestones…). Everything ends in
//! a form, a confirmation, or an `Effect::Apply` for the store worker: no I/O here.

use super::new_records::people;
use crate::domain::*;
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::app::{App, View};
use crate::tui::controls::pick::{Pick, PickItem};
use crate::tui::forms::form::Form;
use crate::tui::forms::outcome::Resolution;
use crate::tui::forms::records::Nanos0;
use crate::tui::forms::{self, account, activity, first_term, outcome, quick, records};
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::Effect;
use crate::tui::view::layout::Focus;

impl App {
    /// The facts of the selected account, once loaded.
    pub(crate) fn facts(&self) -> Option<&AccountFacts> {
        self.detail.current().map(|d| &d.facts)
    }

    /// The record the detail pane's selection is on, when it has the keys.
    fn selected_record(&self) -> Option<RowKey> {
        (self.view == View::Dashboard && self.focus == Focus::Detail)
            .then(|| self.detail.selected_item())
            .flatten()
    }

    /// `a` on account `id`, to run when the account has loaded, as it was asked for.
    pub(crate) fn defer(&self, a: Action, id: AccountId) -> super::Deferred {
        super::Deferred { action: a, account: id, from_palette: self.from_palette }
    }

    /// A key pressed while account `id` loaded, dropped because the selection moved on
    /// before it arrived: said in the status bar ("R was not done: …").
    pub(crate) fn deferred_dropped(&mut self, a: Action, id: AccountId) {
        let model = &self.portfolio.model;
        let name = model.row_index_of(id).map_or_else(String::new, |i| model.rows()[i as usize].name.clone());
        let key = self.keymap.key_text(self.view_context(), a);
        let msg = self.ui.tf("edit.msg.deferred_dropped", &[("key", &key), ("account", &name)]);
        self.say(msg, false);
    }

    pub(crate) fn open(&mut self, modal: Modal) {
        self.modals.push(modal);
    }

    pub(super) fn open_form(&mut self, form: Form) {
        self.open(Modal::Form(Box::new(form)));
    }

    /// Runs an editing action (`Action::is_edit`).
    pub(crate) fn edit_action(&mut self, a: Action, fx: &mut Vec<Effect>) {
        match a {
            Action::Undo => return self.undo(fx),
            Action::Redo => return self.redo(fx),
            Action::NewAccount => return self.open_form(account::open(&self.ui, None, None)),
            Action::ImportFile => return self.open_import(),
            Action::WriteHandover => return self.write_handover(fx),
            Action::WriteReview => return self.write_review(fx),
            Action::NewTask => return self.new_task(fx),
            Action::LogTouchpoint if self.view == View::Agenda => return self.touchpoint_from_agenda(fx),
            _ => {}
        }
        if self.view != View::Dashboard {
            // From the palette in the agenda or metrics: recording needs a selected account.
            return self.say(self.ui.t("edit.msg.dashboard_only"), false);
        }
        let Some(f) = self.facts().cloned() else {
            if let Some(id) = self.portfolio.selected_id() {
                // The account is on its way from the store: do it when it arrives.
                self.deferred = Some(self.defer(a, id));
                return self.say(self.ui.t("edit.msg.loading"), false);
            }
            return self.say(self.ui.t("edit.msg.no_account"), false);
        };
        let ui = self.ui;
        let name = (f.account.id, f.account.name.as_str());
        match a {
            Action::NewRecord => self.new_record(&f),
            Action::EditRecord | Action::DeleteRecord => {
                let key =
                    self.selected_record().unwrap_or(RowKey { kind: RowKind::Account, id: f.account.id.0 });
                self.on_target(a, key, fx);
            }
            Action::LogTouchpoint => {
                self.open_form(activity::open_touchpoint(&ui, name, None, people(&ui, &f.contacts)))
            }
            Action::SetForecast => {
                let call =
                    |c: Forecast| PickItem::new(c.id(), choice_label(ui.lang, c), PickFor::Forecast(Some(c)));
                let mut items: Vec<_> = Forecast::ALL.iter().map(|c| call(*c)).collect();
                items.push(PickItem::new("", ui.t("edit.forecast.clear"), PickFor::Forecast(None)));
                let current = f.account.forecast.map_or("", |c| c.id());
                let title = ui.tf("edit.title.forecast", &[("account", &f.account.name)]);
                self.open(Modal::Pick(Pick::new(title, items).select_id(current)));
            }
            Action::SetReference => {
                let stage = |s: ReferenceStage| {
                    PickItem::new(s.id(), choice_label(ui.lang, s), PickFor::Reference(Some(s)))
                };
                let mut items: Vec<_> = ReferenceStage::ALL.iter().map(|s| stage(*s)).collect();
                items.push(PickItem::new("", ui.t("edit.reference.clear"), PickFor::Reference(None)));
                // Not a reference yet: the list opens on its first stage ("chosen").
                let current = f.account.reference.unwrap_or(ReferenceStage::Chosen).id();
                let title = ui.tf("edit.title.reference", &[("account", &f.account.name)]);
                self.open(Modal::Pick(Pick::new(title, items).select_id(current)));
            }
            Action::RecordOutcome => match f.current_term() {
                Some(_) => {
                    let items = Resolution::ALL
                        .iter()
                        .map(|r| {
                            let label = ui.t(&format!("edit.outcome.{}", r.id()));
                            PickItem::new(r.id(), label, PickFor::Outcome(*r))
                        })
                        .collect();
                    let title = ui.tf("edit.title.outcome", &[("account", &f.account.name)]);
                    self.open(Modal::Pick(Pick::new(title, items)));
                }
                // No contract at all (a CRM companies import): record the first one.
                None if f.terms.is_empty() => self.open_form(first_term::open(&ui, &f.account)),
                None => self.say(ui.t("edit.msg.no_open_term"), false),
            },
            Action::WinBack => match f.terms.last() {
                Some(last) if f.current_term().is_none() => {
                    self.open_form(outcome::open_win_back(&ui, &f.account, last));
                }
                None => {
                    let r = self.keymap.key_label(Context::Detail, Action::RecordOutcome).unwrap_or_default();
                    self.say(ui.tf("edit.msg.no_term_yet", &[("key", &r)]), false)
                }
                _ => self.say(ui.t("edit.msg.not_churned"), false),
            },
            _ => self.quick_target(a, &f, fx),
        }
    }

    /// Promise, requirement, complaint and milestone actions: the selected row if it is
    /// of the right kind, else a list of the rows the action makes sense for.
    fn quick_target(&mut self, a: Action, f: &AccountFacts, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        // `>` on a referral moves it a stage on, as on a requirement.
        if let Some(key) =
            self.selected_record().filter(|k| a == Action::RequirementNext && k.kind == RowKind::Referral)
        {
            return self.on_target(a, key, fx);
        }
        let item = |kind: RowKind, id: i64, label: &str, detail: String| {
            let key = RowKey { kind, id };
            PickItem {
                label: label.replace('\n', " "),
                detail,
                id: id.to_string(),
                value: PickFor::Target(a, key),
            }
        };
        let (kind, items): (RowKind, Vec<PickItem<PickFor>>) = match a {
            Action::PromiseKept | Action::PromiseBroken | Action::PromiseWithdrawn => (
                RowKind::Promise,
                f.promises
                    .iter()
                    .filter(|p| p.status.is_open())
                    .map(|p| {
                        item(
                            RowKind::Promise,
                            p.id.0,
                            &p.text,
                            p.due.map_or(String::new(), |d| d.to_string()),
                        )
                    })
                    .collect(),
            ),
            Action::RequirementNext | Action::RequirementReject => (
                RowKind::Requirement,
                f.requirements
                    .iter()
                    .filter(|r| r.status.is_open())
                    .map(|r| item(RowKind::Requirement, r.id.0, &r.title, choice_label(ui.lang, r.status)))
                    .collect(),
            ),
            Action::ResolveComplaint => (
                RowKind::Complaint,
                f.complaints
                    .iter()
                    .filter(|c| c.resolved_at.is_none())
                    .map(|c| {
                        item(
                            RowKind::Complaint,
                            c.id.0,
                            &c.summary,
                            c.raised_at.format("%Y-%m-%d %H:%M").to_string(),
                        )
                    })
                    .collect(),
            ),
            Action::ContactLeft => (
                RowKind::Contact,
                f.contacts
                    .iter()
                    .filter(|c| c.active_on(ui.today))
                    .map(|c| item(RowKind::Contact, c.id.0, &c.name, choice_label(ui.lang, c.role)))
                    .collect(),
            ),
            Action::MilestoneDone | Action::MilestoneSkip => {
                // The open term's T-0 closes with the renewal outcome (R), not by hand.
                let mut pending: Vec<&Milestone> = f
                    .milestones
                    .iter()
                    .filter(|m| m.status == MilestoneStatus::Pending && !agenda::is_the_renewal(f, m))
                    .collect();
                // By due date, as the agenda orders them: overdue first (the longest waiting
                // on top), then today's, then what comes next. By distance from today, a T-0
                // next week came above a T-60 five weeks overdue.
                pending.sort_by_key(|m| (m.due, m.kind));
                let items = pending
                    .iter()
                    .map(|m| {
                        item(RowKind::Milestone, m.id.0, &choice_label(ui.lang, m.kind), m.due.to_string())
                    })
                    .collect();
                (RowKind::Milestone, items)
            }
            _ => return,
        };
        if let Some(key) = self.selected_record().filter(|k| k.kind == kind) {
            return self.on_target(a, key, fx);
        }
        if items.is_empty() {
            return self.say(ui.t(&format!("edit.msg.none_{}", kind.table())), false);
        }
        let title = ui.tf("edit.title.pick", &[("action", &ui.t(&a.label_key()))]);
        self.open(Modal::Pick(Pick::new(title, items)));
    }

    /// Carries out `a` on one record of the selected account.
    pub(crate) fn on_target(&mut self, a: Action, key: RowKey, fx: &mut Vec<Effect>) {
        let Some(f) = self.facts().cloned() else { return };
        let ui = self.ui;
        let now = ui.now.with_nanos0();
        let name = (f.account.id, f.account.name.as_str());
        if a == Action::DeleteRecord {
            // A milestone is not deleted: a derived one has no row (the playbook asks for it
            // while the contract and tier do; "That record no longer exists" said so), and the
            // store refuses a decided one after its confirmation (CSM trial, session 26).
            if key.kind == RowKind::Milestone {
                return self.say(ui.t("edit.msg.milestone_not_deleted"), false);
            }
            return fx.push(Effect::PlanDelete(key));
        }
        let find = |k: RowKind| key.kind == k;
        let edit = match a {
            Action::EditRecord => {
                // The open term's T-0 closes only with the outcome, as `D` and `P` say: `E`
                // opened the done form on it and saved it (third CSM trial, session 28).
                if let Some(m) = by_id(&f.milestones, key.id, |m| m.id.0).filter(|_| find(RowKind::Milestone))
                    && agenda::is_the_renewal(&f, m)
                {
                    return self.say_t0_is_the_renewal(&ui);
                }
                let form = match key.kind {
                    RowKind::Account => Some(account::open(&ui, Some(&f.account), f.current_term())),
                    RowKind::Contact => by_id(&f.contacts, key.id, |c| c.id.0)
                        .map(|c| records::open_contact(&ui, name, Some(c))),
                    RowKind::Promise => by_id(&f.promises, key.id, |p| p.id.0)
                        .map(|p| records::open_promise(&ui, name, Some(p))),
                    RowKind::Requirement => by_id(&f.requirements, key.id, |r| r.id.0)
                        .map(|r| records::open_requirement(&ui, name, Some(r))),
                    RowKind::Complaint => by_id(&f.complaints, key.id, |c| c.id.0)
                        .map(|c| records::open_complaint(&ui, name, Some(c))),
                    RowKind::Touchpoint => by_id(&f.touchpoints, key.id, |t| t.id.0)
                        .map(|t| activity::open_touchpoint(&ui, name, Some(t), people(&ui, &f.contacts))),
                    RowKind::Usage => {
                        by_id(&f.usage, key.id, |u| u.id.0).map(|u| activity::open_usage(&ui, name, Some(u)))
                    }
                    RowKind::Task => by_id(&f.tasks, key.id, |t| t.id.0).map(|t| {
                        forms::task::open(&ui, name, Some(t), people(&ui, &f.contacts), t.created_from)
                    }),
                    RowKind::Referral => by_id(&f.referrals, key.id, |r| r.id.0)
                        .map(|r| forms::referral::open(&ui, name, Some(r), people(&ui, &f.contacts), "")),
                    RowKind::Milestone => by_id(&f.milestones, key.id, |m| m.id.0)
                        .map(|m| quick::open_milestone(&ui, &f.account.name, m, MilestoneStatus::Done)),
                    _ => None,
                };
                return match form {
                    Some(form) => self.open_form(form),
                    None => self.say(ui.t("edit.msg.gone"), false),
                };
            }
            Action::PromiseKept | Action::PromiseBroken | Action::PromiseWithdrawn
                if find(RowKind::Promise) =>
            {
                let Some(p) = f.promises.iter().find(|p| p.id.0 == key.id) else { return };
                // A closed promise keeps its history: one key (K is shift-k, k moves up) once
                // made a broken promise kept, its date and its risk reason gone (CSM trial,
                // session 33). Changing a closed one is deliberate, in its form.
                if !p.status.is_open() {
                    let e = self.keymap.key_label(Context::Detail, Action::EditRecord).unwrap_or_default();
                    let status = choice_label(ui.lang, p.status);
                    let args = [("status", status.as_str()), ("on", &p.status_on.to_string()), ("key", &e)];
                    return self.say(ui.tf("edit.msg.promise_closed", &args), false);
                }
                let status = match a {
                    Action::PromiseKept => PromiseStatus::Kept,
                    Action::PromiseBroken => PromiseStatus::Broken,
                    _ => PromiseStatus::Withdrawn,
                };
                Edit::SetPromiseStatus { id: p.id, version: p.version, status, on: ui.today }
            }
            Action::RequirementNext if find(RowKind::Requirement) => {
                let Some(r) = f.requirements.iter().find(|r| r.id.0 == key.id) else { return };
                let Some(to) = r.status.next() else {
                    return self.say(ui.t("edit.msg.loop_done"), false);
                };
                Edit::MoveRequirement { id: r.id, version: r.version, to, at: now, note: String::new() }
            }
            Action::RequirementNext if find(RowKind::Referral) => {
                let Some(r) = f.referrals.iter().find(|r| r.id.0 == key.id) else { return };
                let Some(to) = r.stage.next() else {
                    return self.say(ui.t("edit.msg.referral_closed"), false);
                };
                Edit::MoveReferral { id: r.id, version: r.version, to: Some(to), on: ui.today }
            }
            Action::RequirementReject if find(RowKind::Requirement) => {
                if let Some(r) = f.requirements.iter().find(|r| r.id.0 == key.id) {
                    self.open_form(quick::open_reject(&ui, r));
                }
                return;
            }
            Action::ResolveComplaint if find(RowKind::Complaint) => {
                if let Some(c) = f.complaints.iter().find(|c| c.id.0 == key.id) {
                    self.open_form(quick::open_resolve(&ui, c));
                }
                return;
            }
            Action::ContactLeft if find(RowKind::Contact) => {
                if let Some(c) = f.contacts.iter().find(|c| c.id.0 == key.id) {
                    self.open_form(quick::open_left(&ui, &f.account.name, c));
                }
                return;
            }
            Action::MilestoneDone | Action::MilestoneSkip if find(RowKind::Milestone) => {
                let status =
                    if a == Action::MilestoneSkip { MilestoneStatus::Skipped } else { MilestoneStatus::Done };
                match f.milestones.iter().find(|m| m.id.0 == key.id) {
                    Some(m) if agenda::is_the_renewal(&f, m) => self.say_t0_is_the_renewal(&ui),
                    Some(m) => self.open_form(quick::open_milestone(&ui, &f.account.name, m, status)),
                    None => {}
                }
                return;
            }
            _ => return,
        };
        self.apply(edit, fx);
    }

    /// The open term's T-0 is closed by the renewal outcome (`R`), not as a milestone.
    fn say_t0_is_the_renewal(&mut self, ui: &crate::tui::panes::Ui) {
        let key = self.keymap.key_label(Context::Detail, Action::RecordOutcome).unwrap_or_default();
        self.say(ui.tf("ui.status.t0_is_the_renewal", &[("key", &key)]), false);
    }

    /// Sends an edit to the store worker; returns its token.
    pub(crate) fn apply(&mut self, edit: Edit, fx: &mut Vec<Effect>) -> u64 {
        let token = self.history.next_token();
        self.history.pending += 1;
        fx.push(Effect::Apply { token, edit: Box::new(edit) });
        token
    }
}

/// The record with this id, among an account's records of one kind.
fn by_id<T>(rows: &[T], id: i64, id_of: impl Fn(&T) -> i64) -> Option<&T> {
    rows.iter().find(|r| id_of(r) == id)
}
