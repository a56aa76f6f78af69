//! Working through the agenda from the keyboard: done, skip with a reason, snooze,
//! reschedule (each one `Edit`, one transaction, undone with `u`), Enter opening the item
//! on the tab that owns it, and "who am I" (asked once, never at start).

use crate::domain::agenda::AgendaKind;
use crate::domain::*;
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::controls::pick::{Pick, PickItem};
use crate::tui::forms::agenda::{self, DateFor, row_key};
use crate::tui::forms::records::Nanos0;
use crate::tui::keymap::Context;
use crate::tui::modals::Modal;
use crate::tui::modals::pick::PickFor;
use crate::tui::msg::{AgendaData, AgendaPatch, AgendaRow, Effect};
use crate::tui::panes::Outcome;
use crate::tui::panes::agenda::AGENDA_DAYS;
use crate::tui::panes::detail::Tab;

impl App {
    /// The agenda arrived: shown; the first time without a "me", the owners are offered.
    pub(crate) fn agenda_loaded(&mut self, data: AgendaData, generation: u64, fx: &mut Vec<Effect>) {
        // An answer to a request made before the last save: its versions are stale, and the
        // reload asked for after the save is still coming (a key waiting for it waits on).
        if generation < self.agenda.generation {
            return;
        }
        let ask = self.agenda.me.is_none() && !self.agenda.asked_me && !data.owners.is_empty();
        self.agenda.set_data(data);
        if ask && self.modals.is_empty() && self.overlay.is_none() {
            self.ask_who();
        }
        self.run_deferred(fx);
    }

    /// Some accounts' items arrived (after an edit): they replace theirs, unless a whole
    /// agenda was asked for since (it reads them too) or the rows held are another scope's
    /// (then the whole agenda is read).
    pub(crate) fn agenda_patched(&mut self, patch: AgendaPatch, generation: u64, fx: &mut Vec<Effect>) {
        if generation != self.agenda.generation || self.agenda.whole_pending || self.agenda.data.is_none() {
            return;
        }
        if !self.agenda.patch(patch) {
            return self.load_agenda(fx);
        }
        self.run_deferred(fx);
    }

    /// A key pressed while the agenda was reloading acts on the fresh rows: on the item it
    /// was pressed on, found again by kind and id; if that item has left the agenda (the
    /// save before it completed it: `D D` typed fast), on nothing, and the status bar says so.
    fn run_deferred(&mut self, fx: &mut Vec<Effect>) {
        let item = self.agenda.deferred_item.take();
        if let Some(a) = self.agenda.deferred.take()
            && self.view == crate::tui::app::View::Agenda
            && self.modals.is_empty()
        {
            if let Some(item) = item
                && !self.agenda.select_item(item)
            {
                return self.say(self.ui.t("ui.agenda.deferred_gone"), false);
            }
            self.agenda_action(a, fx);
        }
    }

    /// After an edit changed `ids`: their items are read again and patched in when the
    /// rows held cover the view (else the whole agenda is read).
    pub(crate) fn reload_agenda_of(&mut self, ids: Vec<AccountId>, fx: &mut Vec<Effect>) {
        if self.agenda.data.is_none() || self.agenda.whole_pending || !self.agenda.rows_cover_view() {
            return self.load_agenda(fx);
        }
        let owner = self.agenda.data.as_ref().and_then(|d| d.owner.clone());
        fx.push(Effect::LoadAgendaOf { ids, days: AGENDA_DAYS, owner, generation: self.agenda.generation });
    }

    /// The scores were computed again: the agenda held ranks by the old ones (opened while
    /// the first scoring ran, all its stakes were 0), and a patch after an edit reads only
    /// its accounts' stakes. Read again now if shown, else when next shown.
    pub(crate) fn agenda_rescored(&mut self, fx: &mut Vec<Effect>) {
        if self.agenda.data.is_none() && !self.agenda.whole_pending {
            return;
        }
        self.agenda_outdated(fx);
    }

    /// What the agenda holds is out of date (rescored, or the file changed): read again now
    /// if shown, else dropped, to be read when next shown. Kept, it was shown as it was when
    /// read, after another Radar had done or closed its items (CSM trial, session 28).
    pub(crate) fn agenda_outdated(&mut self, fx: &mut Vec<Effect>) {
        if self.view == crate::tui::app::View::Agenda {
            self.load_agenda(fx);
        } else {
            // An answer on its way read the old rows too: dropped by its generation.
            self.agenda.data = None;
            self.agenda.generation += 1;
            self.agenda.whole_pending = false;
        }
    }

    /// Asks the worker for the agenda, newer than every answer still on its way.
    pub(crate) fn load_agenda(&mut self, fx: &mut Vec<Effect>) {
        self.agenda.generation += 1;
        self.agenda.whole_pending = true;
        let owner = if self.agenda.filter.all_owners { None } else { self.agenda.me.clone() };
        fx.push(Effect::LoadAgenda { days: AGENDA_DAYS, owner, generation: self.agenda.generation });
    }

    /// After "me" or the mine/everyone toggle changed: read the agenda again when the rows
    /// held are one owner's and the view now wants others'.
    fn reload_agenda_if_narrow(&mut self, fx: &mut Vec<Effect>) {
        if !self.agenda.rows_cover_view() {
            // "Loading" until they come, not one owner's rows under everyone's title.
            self.agenda.data = None;
            self.agenda.refresh();
            self.load_agenda(fx);
        }
    }

    /// The pick list of the file's owners ("who are you?"); Esc leaves everyone's items.
    pub(crate) fn ask_who(&mut self) {
        self.agenda.asked_me = true;
        let ui = self.ui;
        let Some(d) = &self.agenda.data else { return };
        let mut items: Vec<PickItem<PickFor>> = d
            .owners
            .iter()
            .map(|o| {
                // The book as the metrics pane counts it; churned accounts said apart.
                let book = ui.tf("ui.agenda.who_owner", &[("n", &o.book().to_string())]);
                let detail = match o.churned {
                    0 => book,
                    n => ui.tf("ui.agenda.who_owner_churned", &[("book", &book), ("n", &n.to_string())]),
                };
                PickItem {
                    label: o.owner.clone(),
                    detail,
                    id: o.owner.clone(),
                    value: PickFor::Me(Some(o.owner.clone())),
                }
            })
            .collect();
        items.push(PickItem::new("", ui.t("ui.agenda.who_nobody"), PickFor::Me(None)));
        // On the current "me", else on the first name (not on "nobody", the last item).
        let mut pick = Pick::new(ui.t("ui.agenda.who_title"), items).browse();
        if let Some(me) = &self.agenda.me {
            pick = pick.select_id(me);
        }
        self.open(Modal::Pick(pick));
    }

    /// Picked from "who are you?": used now, and saved for next time by the worker.
    pub(crate) fn picked_me(&mut self, me: Option<String>, fx: &mut Vec<Effect>) {
        self.agenda.me = me.clone();
        self.agenda.filter.all_owners = false;
        self.agenda.refresh();
        self.reload_agenda_if_narrow(fx);
        match me {
            Some(name) => fx.push(Effect::SaveUser(name)),
            None => {
                let key = self.keymap.key_label(Context::Agenda, Action::AgendaWho).unwrap_or_default();
                self.say(self.ui.tf("ui.agenda.who_everyone", &[("key", &key)]), true);
            }
        }
    }

    pub(crate) fn user_saved(&mut self, saved: Result<String, String>) {
        let who = self.agenda.me.clone().unwrap_or_default();
        let ui = self.ui;
        match saved {
            Ok(path) => self.say(ui.tf("ui.agenda.who_saved", &[("who", &who), ("path", &path)]), true),
            Err(why) => self.say(ui.tf("ui.agenda.who_not_saved", &[("who", &who), ("why", &why)]), false),
        }
    }

    /// An action from the agenda's table (or Enter there).
    pub(crate) fn agenda_action(&mut self, a: Action, fx: &mut Vec<Effect>) {
        match a {
            Action::AgendaWho => return self.ask_who(),
            Action::FocusDetail => return self.open_agenda_item(fx),
            Action::AgendaWinBack => return self.win_back_from_agenda(fx),
            Action::AgendaReview => return self.review_from_agenda(fx),
            Action::AgendaDone | Action::AgendaSkip | Action::AgendaSnooze | Action::AgendaReschedule
                if self.agenda.reloading =>
            {
                self.agenda.deferred = Some(a);
                self.agenda.deferred_item = self.agenda.selected_item();
                return;
            }
            Action::AgendaDone | Action::AgendaSkip | Action::AgendaSnooze | Action::AgendaReschedule => {}
            _ => {
                let o = self.agenda.handle_key(a);
                self.reload_agenda_if_narrow(fx);
                return self.outcome(o, fx);
            }
        }
        if self.agenda.on_group() {
            // Several items of one account: show them and let the user choose.
            self.agenda.open_group_at_first_item();
            return self.say(self.ui.t("ui.agenda.pick_item"), false);
        }
        let Some(r) = self.agenda.selected_row().cloned() else {
            return self.say(self.ui.t("ui.agenda.no_item"), false);
        };
        let ui = self.ui;
        let what = self.agenda_title(&r);
        let enter = self.keymap.key_label(Context::Agenda, Action::FocusDetail).unwrap_or_default();
        // Inside a sentence ("A promise is not skipped"): English lower-cases the label.
        let kind_name = match ui.lang {
            crate::i18n::Lang::En => choice_label(ui.lang, r.item.kind).to_lowercase(),
            _ => choice_label(ui.lang, r.item.kind),
        };
        let refuse = |key: &str| ui.tf(key, &[("kind", &kind_name), ("key", &enter)]);
        let (id, version) = (r.item.item_id, r.item.version);
        if r.item.kind == AgendaKind::Renewal {
            // The date is the contract's: what ends a renewal item is recording the outcome.
            return self.say(ui.tf("ui.agenda.renewal_action", &[("key", &enter)]), false);
        }
        let edit = match (a, r.item.kind) {
            (Action::AgendaDone, AgendaKind::Referral) => {
                Edit::MoveReferral { id: ReferralId(id), version, to: None, on: ui.today }
            }
            (Action::AgendaDone, AgendaKind::ReferralAsk) => {
                // Asked: the referral form, at stage asked, the good moment in its note.
                let (moment, on) = r
                    .item
                    .moment
                    .map(|(m, on)| (choice_label(ui.lang, m), on.to_string()))
                    .unwrap_or_default();
                let note = ui.tf("ui.agenda.referral_note", &[("moment", &moment), ("date", &on)]);
                let name = (r.item.account_id, &*r.account);
                let mut form = crate::tui::forms::referral::open(&ui, name, None, Vec::new(), &note);
                form.opened_by = Some((Context::Agenda, a));
                return self.open(Modal::Form(Box::new(form)));
            }
            // Not this quarter: the dismissal is kept (a referral at stage dismissed).
            (Action::AgendaSkip, AgendaKind::ReferralAsk) => {
                Edit::SaveReferral(Referral::dismissal(r.item.account_id, ui.today))
            }
            (_, AgendaKind::WinBack) => {
                let b = self.keymap.key_label(Context::Agenda, Action::AgendaWinBack).unwrap_or_default();
                return self.say(ui.tf("ui.agenda.win_back_hint", &[("key", &b), ("enter", &enter)]), false);
            }
            (Action::AgendaDone, AgendaKind::Milestone) => Edit::CompleteMilestone {
                id: MilestoneId(id),
                version,
                status: MilestoneStatus::Done,
                on: ui.today,
                note: String::new(),
            },
            (Action::AgendaDone, AgendaKind::Promise) => Edit::SetPromiseStatus {
                id: PromiseId(id),
                version,
                status: PromiseStatus::Kept,
                on: ui.today,
            },
            (Action::AgendaDone, AgendaKind::Requirement) => match r.item.next {
                Some(to) => Edit::MoveRequirement {
                    id: RequirementId(id),
                    version,
                    to,
                    at: ui.now.with_nanos0(),
                    note: String::new(),
                },
                None => return self.say(ui.t("edit.msg.loop_done"), false),
            },
            (Action::AgendaDone, AgendaKind::Complaint) => {
                // PLAYBOOK §8: resolved with its cause and improvement, which the resolve
                // form asks for; the agenda has no place to type them.
                let f = self.keymap.key_label(Context::Detail, Action::ResolveComplaint).unwrap_or_default();
                return self
                    .say(ui.tf("ui.agenda.resolve_in_form", &[("enter", &enter), ("key", &f)]), false);
            }
            (Action::AgendaDone, AgendaKind::Task) => Edit::SetTaskStatus {
                id: TaskId(id),
                version,
                status: TaskStatus::Done,
                on: ui.today,
                reason: String::new(),
            },
            (Action::AgendaSkip, AgendaKind::Milestone | AgendaKind::Requirement | AgendaKind::Task) => {
                return self.open(Modal::Form(Box::new(agenda::open_skip(&ui, &r, &what))));
            }
            (Action::AgendaSkip, AgendaKind::Complaint) => {
                let f = self.keymap.key_label(Context::Detail, Action::ResolveComplaint).unwrap_or_default();
                let text = ui.tf("ui.agenda.no_skip_complaint", &[("key", &enter), ("resolve", &f)]);
                return self.say(text, false);
            }
            (Action::AgendaSkip, AgendaKind::Referral) => {
                let done = self.keymap.key_label(Context::Agenda, Action::AgendaDone).unwrap_or_default();
                return self
                    .say(ui.tf("ui.agenda.no_skip_referral", &[("key", &enter), ("done", &done)]), false);
            }
            (Action::AgendaSkip, _) => return self.say(refuse("ui.agenda.no_skip"), false),
            (
                Action::AgendaSnooze | Action::AgendaReschedule,
                AgendaKind::Milestone | AgendaKind::Promise | AgendaKind::Task,
            ) => {
                let purpose = if a == Action::AgendaSnooze { DateFor::Snooze } else { DateFor::Reschedule };
                return self.open(Modal::Form(Box::new(agenda::open_date(&ui, &r, &what, purpose))));
            }
            (_, AgendaKind::Complaint) => {
                let f = self.keymap.key_label(Context::Detail, Action::ResolveComplaint).unwrap_or_default();
                let text = ui.tf("ui.agenda.no_date_complaint", &[("key", &enter), ("resolve", &f)]);
                return self.say(text, false);
            }
            (_, AgendaKind::Referral | AgendaKind::ReferralAsk) => {
                let key = |a| self.keymap.key_label(Context::Agenda, a).unwrap_or_default();
                let (done, skip) = (key(Action::AgendaDone), key(Action::AgendaSkip));
                let days = crate::domain::referral::FOLLOW_UP_DAYS.to_string();
                let text = match r.item.kind {
                    AgendaKind::Referral => ui.tf(
                        "ui.agenda.no_date_referral",
                        &[("key", &enter), ("done", &done), ("days", &days)],
                    ),
                    _ => ui.tf("ui.agenda.no_date_referral_ask", &[("done", &done), ("skip", &skip)]),
                };
                return self.say(text, false);
            }
            _ => {
                // A requirement's place on the agenda follows from its last step (it said
                // "from when it was raised", which the risk rule counts, not the agenda).
                let done = self.keymap.key_label(Context::Agenda, Action::AgendaDone).unwrap_or_default();
                let text =
                    ui.tf("ui.agenda.no_date", &[("kind", &kind_name), ("key", &enter), ("done", &done)]);
                return self.say(text, false);
            }
        };
        self.apply(edit, fx);
        // The rows held are stale from now on, not only once the save is answered: a second
        // `D` typed before that acted on the same item again and was refused as "changed
        // elsewhere" (helper's trial, session 21). It waits for the fresh rows instead.
        self.agenda.reloading = true;
    }

    /// Enter: the item's account on the dashboard, on the tab that owns the item, with the
    /// item selected.
    fn open_agenda_item(&mut self, fx: &mut Vec<Effect>) {
        if self.agenda.on_group() {
            self.agenda.open_group_at_first_item();
            return self.say(self.ui.t("ui.agenda.pick_item"), false);
        }
        let Some(r) = self.agenda.selected_row().cloned() else { return };
        let tab = match r.item.kind {
            AgendaKind::Milestone => Tab::Playbook,
            AgendaKind::Promise => Tab::Promises,
            AgendaKind::Requirement => Tab::Requirements,
            AgendaKind::Complaint => Tab::Complaints,
            AgendaKind::Task => Tab::Activity,
            AgendaKind::Renewal => Tab::Overview,
            AgendaKind::WinBack => Tab::Overview,
            AgendaKind::Referral | AgendaKind::ReferralAsk => Tab::Activity,
        };
        self.detail.set_tab(tab);
        self.outcome(Outcome::Open(r.item.account_id), fx);
        self.detail.select(row_key(&r));
    }

    /// `b` on a win-back item: its account opens and the win-back form with it (once the
    /// account has loaded); on any other item, a word on what `b` is for.
    fn win_back_from_agenda(&mut self, fx: &mut Vec<Effect>) {
        let on_win_back = self.agenda.selected_row().is_some_and(|r| r.item.kind == AgendaKind::WinBack);
        if self.agenda.on_group() || !on_win_back {
            let kind = choice_label(self.ui.lang, AgendaKind::WinBack);
            let key = self.keymap.key_label(Context::Agenda, Action::AgendaWinBack).unwrap_or_default();
            return self.say(self.ui.tf("ui.agenda.not_win_back", &[("kind", &kind), ("key", &key)]), false);
        }
        self.open_agenda_item(fx);
        self.edit_action(Action::WinBack, fx);
    }

    /// `V`: the value report of the selected item's account (the T-90 milestone offers it).
    fn review_from_agenda(&mut self, fx: &mut Vec<Effect>) {
        match self.agenda.selected_row().filter(|_| !self.agenda.on_group()) {
            Some(r) => fx.push(Effect::WriteReview(r.item.account_id)),
            None => self.say(self.ui.t("ui.agenda.no_item"), false),
        }
    }

    fn agenda_title(&self, r: &AgendaRow) -> String {
        match (r.item.kind, r.item.milestone) {
            (AgendaKind::Milestone, Some(m)) => format!("{} {}", choice_label(self.ui.lang, m), r.item.date),
            (AgendaKind::Renewal, _) => {
                format!("{} {}", choice_label(self.ui.lang, AgendaKind::Renewal), r.item.date)
            }
            _ => crate::i18n::agenda_text(self.ui.lang, &r.item),
        }
    }
}
