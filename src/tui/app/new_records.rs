//! New records and forms from the keyboard: the form for a new record (`N`, `:task`,
//! picked from what the detail tab lists) and what submitting the form on top sends. No
//! I/O here: a save is an `Effect::Apply` for the store worker.

use crate::domain::*;
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::app::{App, View};
use crate::tui::controls::pick::{Pick, PickItem};
use crate::tui::forms::{self, FormKind, RecordKind, activity, records};
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::Effect;
use crate::tui::panes::agenda::ContactsFor;
use crate::tui::panes::detail::Tab;

impl App {
    /// `:task`: a follow-up task on the account in view (the agenda's selected item's
    /// account, or the dashboard's selected account).
    pub(super) fn new_task(&mut self, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        if self.view == View::Agenda {
            let Some(r) = self.agenda.selected_row().cloned() else {
                return self.say(ui.t("ui.agenda.no_item"), false);
            };
            return self.ask_contacts(ContactsFor::Task, r.item.account_id, r.account.to_string(), fx);
        }
        if self.view != View::Dashboard {
            return self.say(ui.t("edit.msg.dashboard_only"), false);
        }
        let Some(f) = self.facts().cloned() else {
            if let Some(id) = self.portfolio.selected_id() {
                self.deferred = Some(self.defer(Action::NewTask, id));
                return self.say(ui.t("edit.msg.loading"), false);
            }
            return self.say(ui.t("edit.msg.no_account"), false);
        };
        let name = (f.account.id, f.account.name.as_str());
        let origin = if self.from_palette { TaskOrigin::Palette } else { TaskOrigin::Manual };
        self.open_form(forms::task::open(&ui, name, None, people(&ui, &f.contacts), origin));
    }

    /// `c` in the agenda: a touchpoint on the selected item's account, its form opened once
    /// the account's contacts are read ("with" offers them, as on the dashboard).
    pub(super) fn touchpoint_from_agenda(&mut self, fx: &mut Vec<Effect>) {
        let Some(r) = self.agenda.selected_row().cloned() else {
            return self.say(self.ui.t("ui.agenda.no_item"), false);
        };
        self.ask_contacts(ContactsFor::Touchpoint, r.item.account_id, r.account.to_string(), fx);
    }

    /// The agenda holds no account's contacts: they are read (one query; more on a team
    /// server) and the form opens when they come (`contacts_loaded`), the status bar saying
    /// so meanwhile.
    fn ask_contacts(&mut self, form: ContactsFor, id: AccountId, name: String, fx: &mut Vec<Effect>) {
        self.say(self.form_coming(&name), false);
        self.agenda.awaiting_contacts = Some((form, id, name));
        fx.push(Effect::LoadContacts(id));
    }

    /// "Opening the form for 成都天府云图… what you type goes into it · Esc gives up": the
    /// keys typed meanwhile are kept for the form (`type_ahead`), said while they are.
    fn form_coming(&self, account: &str) -> String {
        // Esc itself, whatever the keymap: `type_ahead` gives up on it by its code.
        self.ui.tf("edit.msg.form_coming", &[("account", account), ("esc", "Esc")])
    }

    /// An account's contacts arrived: the form waiting for them opens, unless the user has
    /// since left the agenda or opened something else (a form, search, help: then the status
    /// bar says it was not opened, never a form over another account).
    pub(crate) fn contacts_loaded(
        &mut self,
        id: AccountId,
        contacts: Option<Vec<Contact>>,
        fx: &mut Vec<Effect>,
    ) {
        // Another account's: the answer to an earlier `c`, superseded by the one awaited.
        if self.agenda.awaiting_contacts.as_ref().is_none_or(|(_, wanted, _)| *wanted != id) {
            return;
        }
        let Some((form, _, name)) = self.agenda.awaiting_contacts.take() else { return };
        let ui = self.ui;
        // Typed for the form: given to it below, or gone with it.
        let typed = std::mem::take(&mut self.typed_ahead);
        let Some(contacts) = contacts else {
            // Deleted meanwhile (by another Radar, or a teammate): no form for it.
            return self.say(ui.tf("edit.msg.contacts_gone", &[("account", &name)]), false);
        };
        // The selection moved on to another account's item meanwhile (`j`): its form would
        // be over the wrong line.
        let selected = self.agenda.selected_row().map(|r| r.item.account_id);
        if self.view != View::Agenda
            || !self.modals.is_empty()
            || self.overlay.is_some()
            || selected != Some(id)
        {
            // What to press again: `c` (or whatever the keymap binds), or the command typed.
            let again = match form {
                ContactsFor::Touchpoint => self
                    .keymap
                    .key_label(Context::Agenda, Action::LogTouchpoint)
                    .unwrap_or_else(|| "-".into()),
                ContactsFor::Task => ":task".to_string(),
            };
            // A key is pressed again; a command typed again.
            let key = match form {
                ContactsFor::Touchpoint => "edit.msg.contacts_dropped",
                ContactsFor::Task => "edit.msg.contacts_dropped_command",
            };
            return self.say(ui.tf(key, &[("account", &name), ("key", &again)]), false);
        }
        // "Opening the form" goes; a message that came meanwhile (a save's "u to undo") stays.
        if self.message.as_deref() == Some(self.form_coming(&name).as_str()) {
            self.message = None;
        }
        let people = people(&ui, &contacts);
        let form = match form {
            ContactsFor::Touchpoint => forms::activity::open_touchpoint(&ui, (id, &name), None, people),
            ContactsFor::Task => forms::task::open(&ui, (id, &name), None, people, TaskOrigin::Agenda),
        };
        self.open_form(form);
        self.typed_ahead = typed;
        self.replay_typed_ahead(fx);
    }

    /// `N`: the form for a new record of what the detail tab lists (a pick list when it
    /// lists several kinds).
    pub(super) fn new_record(&mut self, f: &AccountFacts) {
        use RecordKind::*;
        let ui = self.ui;
        let kinds: &[RecordKind] = match self.detail.tab {
            Tab::Chain => &[Contact],
            Tab::Promises => &[Promise],
            Tab::Requirements => &[Requirement],
            Tab::Complaints => &[Complaint],
            // A follow-up task first (`N` Enter), then what the tab lists.
            Tab::Activity => &[Task, Referral, Touchpoint, Usage],
            Tab::Overview | Tab::Risk | Tab::Playbook => RecordKind::ALL,
        };
        if let [one] = kinds {
            return self.create(*one, f);
        }
        let items = kinds
            .iter()
            .map(|k| PickItem::new(k.id(), ui.t(&k.label_key()), PickFor::NewRecord(*k)))
            .collect();
        let title = ui.tf("edit.title.new_what", &[("account", &f.account.name)]);
        self.open(Modal::Pick(Pick::new(title, items)));
    }

    /// Opens the form for a new record of `kind` on the selected account.
    pub(crate) fn create(&mut self, kind: RecordKind, f: &AccountFacts) {
        let ui = self.ui;
        let name = (f.account.id, f.account.name.as_str());
        let form = match kind {
            RecordKind::Contact => records::open_contact(&ui, name, None),
            RecordKind::Promise => records::open_promise(&ui, name, None),
            RecordKind::Requirement => records::open_requirement(&ui, name, None),
            RecordKind::Complaint => records::open_complaint(&ui, name, None),
            RecordKind::Touchpoint => activity::open_touchpoint(&ui, name, None, people(&ui, &f.contacts)),
            RecordKind::Usage => activity::open_usage(&ui, name, None),
            RecordKind::Task => {
                forms::task::open(&ui, name, None, people(&ui, &f.contacts), TaskOrigin::Manual)
            }
            RecordKind::Referral => forms::referral::open(&ui, name, None, people(&ui, &f.contacts), ""),
        };
        self.open_form(form);
    }

    /// The form on top was submitted: check it and send the save, or show what is wrong.
    pub(crate) fn submit_form(&mut self, fx: &mut Vec<Effect>) {
        let ui = self.ui;
        let Some(Modal::Form(form)) = self.modals.last_mut() else { return };
        if form.kind == FormKind::FxRate {
            match forms::fx::submit(form, &ui) {
                Some(rate) => fx.push(Effect::SetFxRate(rate)),
                None => {
                    if let Some(i) = form.fields.iter().position(|f| f.error.is_some()) {
                        form.focus = i;
                    }
                }
            }
            return;
        }
        let Some(edit) = forms::submit(form, &ui) else {
            // The first wrong field, else the one warned about (a short term: saved as it
            // is on the next save).
            let warned =
                || form.fields.iter().position(|f| f.note.as_deref().is_some_and(|n| n.starts_with('⚠')));
            if let Some(i) = form.fields.iter().position(|f| f.error.is_some()).or_else(warned) {
                form.focus = i;
            }
            return;
        };
        if !form.dirty() && edits_existing(&form.kind) {
            self.modals.pop();
            return self.say(ui.t("edit.msg.no_change"), true);
        }
        let token = self.history.next_token();
        self.history.pending += 1;
        if let Some(Modal::Form(form)) = self.modals.last_mut() {
            form.saving = Some(token);
        }
        fx.push(Effect::Apply { token, edit: Box::new(edit) });
    }
}

/// A form opened on an existing record (saving it unchanged is a no-op).
fn edits_existing(kind: &FormKind) -> bool {
    match kind {
        FormKind::Account { base, .. } => base.is_some(),
        FormKind::Contact { base, .. } => base.is_some(),
        FormKind::Promise { base, .. } => base.is_some(),
        FormKind::Requirement { base, .. } => base.is_some(),
        FormKind::Complaint { base, .. } => base.is_some(),
        FormKind::Touchpoint { base, .. } => base.is_some(),
        FormKind::Usage { base, .. } => base.is_some(),
        FormKind::Task { base, .. } => base.is_some(),
        FormKind::Referral { base, .. } => base.is_some(),
        _ => false,
    }
}

/// The account's people still with the customer, as (id, "name · role").
pub(super) fn people(ui: &crate::tui::panes::Ui, contacts: &[Contact]) -> Vec<(ContactId, String)> {
    contacts
        .iter()
        .filter(|c| c.active_on(ui.today))
        .map(|c| (c.id, format!("{} · {}", c.name, choice_label(ui.lang, c.role))))
        .collect()
}
