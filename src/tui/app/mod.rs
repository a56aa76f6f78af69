//! The dashboard's state and `update`: a message in, effects out, no I/O. Keys route
//! top-down: overlay, search input, then the focused pane, then the app's own actions.

mod agenda;
mod editing;
mod files;
mod history;
mod import_map;
mod import_table;
pub use import_map::ImportDraft;
mod input;
mod live;
mod messages;
mod modal_keys;
mod mouse;
mod new_records;
mod replies;
mod reports;
mod selection;
pub mod type_ahead;

use crate::domain::metrics::RenewalReport;
use crate::tui::action::Action;
use crate::tui::app::history::History;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::modals::Modal;
use crate::tui::msg::{Effect, Msg};
use crate::tui::overlays::help::HelpOverlay;
use crate::tui::overlays::palette::Palette;
use crate::tui::panes::agenda::AgendaPane;
use crate::tui::panes::detail::DetailPane;
use crate::tui::panes::metrics::MetricsPane;
use crate::tui::panes::portfolio::PortfolioPane;
use crate::tui::panes::timeline::TimelinePane;
use crate::tui::panes::{Outcome, Ui};
use crate::tui::view::layout::{Areas, Focus, layout};
use ratatui::crossterm::event::KeyEventKind;
use ratatui::layout::Rect;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Agenda,
    Metrics,
}

pub enum Overlay {
    Help(HelpOverlay),
    Palette(Palette),
    /// A note read in full (Enter on the activity tab).
    Note(crate::tui::overlays::note::NoteOverlay),
    /// Search everything (`find_all`): the full-text index, answered by the worker.
    Find(crate::tui::overlays::find::FindOverlay),
}

pub struct App {
    pub ui: Ui,
    pub keymap: Keymap,
    pub portfolio: PortfolioPane,
    pub detail: DetailPane,
    pub timeline: TimelinePane,
    pub agenda: AgendaPane,
    pub metrics: MetricsPane,
    pub focus: Focus,
    pub view: View,
    pub overlay: Option<Overlay>,
    /// Forms, confirmations and pick lists; the last one has the keys.
    pub modals: Vec<Modal>,
    /// This session's changes (undo / redo).
    pub history: History,
    /// An editing key pressed before the selected account had loaded: run on arrival.
    pub deferred: Option<Deferred>,
    /// The action being run was picked in the palette (a task made so says `palette`; one
    /// made by its key on the dashboard is `manual`, it said `palette` too).
    pub from_palette: bool,
    /// Keys and pastes that came while a form was on its way (`type_ahead`).
    pub typed_ahead: Vec<type_ahead::Ahead>,
    /// This quarter's report, for the status bar.
    pub quarter_report: Option<Box<RenewalReport>>,
    pub message: Option<String>,
    /// The last messages, whole (`messages`).
    pub(crate) said: messages::Said,
    /// A save is waiting for another Radar (or an import) to finish writing.
    pub waiting_for_writer: bool,
    /// Team mode: since when the server has been unreachable (shown in the status bar).
    pub team_down: Option<String>,
    /// The message confirms something done (drawn as good news, not a warning).
    pub message_ok: bool,
    pub size: (u16, u16),
    pub quit: bool,
    /// Suspend (Ctrl-Z, SIGTSTP): the runtime gives the terminal back and stops.
    pub suspend: bool,
    /// Take the terminal back and repaint every cell (SIGCONT).
    pub repaint: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    /// `--today` was given: the date never rolls over.
    today_pinned: bool,
}

impl App {
    pub fn new(ui: Ui, keymap: Keymap, size: (u16, u16), today_pinned: bool) -> App {
        let mut app = App {
            ui,
            keymap,
            portfolio: PortfolioPane::new(ui),
            detail: DetailPane::new(ui),
            timeline: TimelinePane::new(ui),
            agenda: AgendaPane::new(ui),
            metrics: MetricsPane::new(ui),
            focus: Focus::Portfolio,
            view: View::Dashboard,
            overlay: None,
            modals: Vec::new(),
            history: History::default(),
            deferred: None,
            from_palette: false,
            typed_ahead: Vec::new(),
            quarter_report: None,
            message: None,
            said: Default::default(),
            waiting_for_writer: false,
            team_down: None,
            message_ok: false,
            size,
            quit: false,
            suspend: false,
            repaint: false,
            dirty: true,
            today_pinned,
        };
        let key = |a: Action| app.keymap.key_label(Context::Agenda, a).unwrap_or_default();
        app.agenda.toggle_keys = [key(Action::AgendaMine), key(Action::AgendaWeek), key(Action::AgendaKind)];
        app.detail.read_key = app.keymap.key_label(Context::Detail, Action::ReadNote).unwrap_or_default();
        app.relayout();
        app
    }

    /// The effects to run at startup.
    pub fn start(&self) -> Vec<Effect> {
        vec![Effect::LoadPortfolio]
    }

    pub fn areas(&self) -> Areas {
        layout(Rect::new(0, 0, self.size.0, self.size.1), self.focus)
    }

    /// The keymap context of what has the keys.
    pub fn context(&self) -> Context {
        if matches!(self.overlay, Some(Overlay::Help(_) | Overlay::Note(_))) {
            return Context::Help;
        }
        match self.modals.last() {
            Some(Modal::Form(_)) => return Context::Form,
            Some(Modal::Confirm(_)) => return Context::Confirm,
            Some(Modal::Pick(_)) => return Context::Pick,
            _ => {}
        }
        if matches!(self.overlay, Some(Overlay::Palette(_) | Overlay::Find(_))) {
            return Context::Pick;
        }
        self.view_context()
    }

    /// The keymap context of the view under any overlay or modal: where a key a message
    /// names (`u` to undo) is pressed once they close.
    pub fn view_context(&self) -> Context {
        match (self.view, self.focus) {
            (View::Agenda, _) => Context::Agenda,
            (View::Metrics, _) => Context::Metrics,
            (View::Dashboard, Focus::Portfolio) => Context::Portfolio,
            (View::Dashboard, Focus::Detail) => Context::Detail,
            (View::Dashboard, Focus::Timeline) => Context::Timeline,
        }
    }

    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        match msg {
            // While the terminal is too small to show the dashboard a key would act
            // unseen (a delete confirmed blind, a form filled nobody sees): only quitting
            // and suspending work then, and pastes and clicks are dropped.
            Msg::Key(k) if k.kind != KeyEventKind::Release && self.too_small() => {
                self.key_while_too_small(&k, &mut fx)
            }
            Msg::Key(_) | Msg::Paste(_) if self.form_on_its_way() && self.keep_typed_ahead(&msg) => {}
            Msg::Key(k) if k.kind != KeyEventKind::Release => self.key(&k, &mut fx),
            Msg::Key(_) => return fx,
            Msg::Paste(_) | Msg::Mouse(_) if self.too_small() => return fx,
            Msg::Paste(text) => self.paste(&text, &mut fx),
            Msg::Mouse(m) => crate::tui::app::mouse::handle(self, &m, &mut fx),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.relayout();
                self.after_select(&mut fx);
            }
            Msg::Tick(date) => {
                if !self.today_pinned && date != self.ui.today {
                    self.set_today(date);
                    fx.push(Effect::LoadPortfolio);
                } else if self.portfolio.loaded {
                    fx.push(Effect::CheckChanges);
                }
                // A tick alone draws nothing: idle means no frames.
                return fx;
            }
            Msg::Db(reply) => self.reply(reply, &mut fx),
            Msg::Terminate => {
                self.quit = true;
                fx.push(Effect::Quit);
            }
            Msg::Suspend => self.suspend = true,
            Msg::Continued => self.repaint = true,
            Msg::WaitingForWriter(waiting) => {
                if waiting == self.waiting_for_writer {
                    return fx;
                }
                self.waiting_for_writer = waiting;
            }
            Msg::TeamServer(down) => {
                // Back: say so over the last refusal ("unreachable … nothing was saved"),
                // which stayed on the status line after the server was back (team trial,
                // session 33).
                if down.is_none() && self.team_down.is_some() {
                    self.say(self.ui.t("ui.status.team_back"), true);
                }
                self.team_down = down;
            }
        }
        self.dirty = true;
        fx
    }

    fn set_today(&mut self, date: chrono::NaiveDate) {
        let delta = date - self.ui.today;
        self.ui.today = date;
        self.ui.now += delta;
        for ui in [
            &mut self.portfolio.ui,
            &mut self.detail.ui,
            &mut self.timeline.ui,
            &mut self.agenda.ui,
            &mut self.metrics.ui,
        ] {
            *ui = self.ui;
        }
        self.timeline.invalidate();
    }

    /// Runs an action (from a key or the palette).
    pub fn act(&mut self, a: Action, fx: &mut Vec<Effect>) {
        match a {
            Action::Quit => {
                self.quit = true;
                fx.push(Effect::Quit);
            }
            Action::Suspend => self.suspend = true,
            Action::Help => {
                self.overlay = Some(Overlay::Help(HelpOverlay { context: self.context(), scroll: 0 }))
            }
            Action::Palette => self.overlay = Some(Overlay::Palette(Palette::new(&self.ui))),
            Action::FindAll => self.overlay = Some(Overlay::Find(Default::default())),
            Action::Messages => self.show_messages(),
            Action::ShowAgenda => {
                self.view = View::Agenda;
                if self.agenda.data.is_none() {
                    self.load_agenda(fx);
                }
            }
            Action::ShowMetrics => {
                self.view = View::Metrics;
                self.request_metrics(fx);
            }
            Action::ShowDashboard => self.show_dashboard(fx),
            Action::Reload => {
                self.timeline.invalidate();
                self.agenda.data = None;
                self.reload(fx);
            }
            Action::NextPane | Action::PrevPane if self.view == View::Dashboard => {
                self.set_focus(self.focus.cycle(a == Action::NextPane), fx);
            }
            Action::Back if self.view != View::Dashboard => self.show_dashboard(fx),
            Action::Back if self.focus != Focus::Portfolio && !self.portfolio.searching => {
                self.set_focus(Focus::Portfolio, fx);
            }
            Action::ReadNote => self.read_note(),
            Action::SetFxRate => self.open_fx_form(),
            // From the metrics view: the portfolio's owner filter, for the whole dashboard.
            Action::FilterOwner if self.view == View::Metrics => {
                self.portfolio.handle_key(a);
                self.owner_changed(fx);
            }
            Action::FilterOwner | Action::ClearFilters => {
                let before = self.report_owner();
                self.pane_action(a, fx);
                if self.report_owner() != before {
                    self.owner_changed(fx);
                }
            }
            a if a.is_edit() => self.edit_action(a, fx),
            a if self.view == View::Agenda && (a.is_agenda() || a == Action::FocusDetail) => {
                self.agenda_action(a, fx)
            }
            _ => self.pane_action(a, fx),
        }
        self.relayout();
    }

    fn pane_action(&mut self, a: Action, fx: &mut Vec<Effect>) {
        let outcome = match (self.view, self.focus) {
            (View::Agenda, _) => self.agenda.handle_key(a),
            (View::Metrics, _) => {
                let o = self.metrics.handle_key(a);
                // Selected: another quarter (a scroll is only Handled).
                if o == Outcome::Selected {
                    self.request_metrics(fx);
                }
                o
            }
            (View::Dashboard, focus) => {
                if a.tab().is_some()
                    || matches!(a, Action::NextTab | Action::PrevTab) && focus == Focus::Detail
                {
                    self.detail.handle_key(a)
                } else if a == Action::FocusDetail {
                    self.set_focus(Focus::Detail, fx);
                    Outcome::Handled
                } else {
                    match focus {
                        Focus::Detail => match self.detail.handle_key(a) {
                            Outcome::Ignored => self.portfolio.handle_key(a),
                            o => o,
                        },
                        Focus::Timeline => match self.timeline.handle_key(a, &self.portfolio.model) {
                            Outcome::Selected => {
                                self.select_from_timeline();
                                Outcome::Selected
                            }
                            Outcome::Ignored => self.portfolio.handle_key(a),
                            o => o,
                        },
                        Focus::Portfolio => self.portfolio.handle_key(a),
                    }
                }
            }
        };
        self.outcome(outcome, fx);
    }

    /// Enter on the activity tab: the selected touchpoint's note (or task), whole, in a viewer.
    fn read_note(&mut self) {
        use crate::domain::RowKind;
        let ui = self.ui;
        let key = (self.view == View::Dashboard && self.focus == Focus::Detail)
            .then(|| self.detail.selected_item())
            .flatten()
            .filter(|k| matches!(k.kind, RowKind::Touchpoint | RowKind::Task | RowKind::Referral));
        let found = self.detail.current().and_then(|d| {
            let key = key?;
            if key.kind == RowKind::Task {
                let t = d.facts.tasks.iter().find(|t| t.id.0 == key.id)?;
                let title = format!("{} · {} · {}", ui.t("edit.field.task"), t.due, d.facts.account.name);
                let text =
                    if t.note.is_empty() { t.title.clone() } else { format!("{}\n\n{}", t.title, t.note) };
                return Some((crate::domain::text::clean_line(&title), text));
            }
            if key.kind == RowKind::Referral {
                let r = d.facts.referrals.iter().find(|r| r.id.0 == key.id)?;
                let title =
                    format!("{} · {} · {}", ui.t("ui.activity.referral"), r.date, d.facts.account.name);
                let text = if r.note.is_empty() {
                    r.prospect.clone()
                } else {
                    format!("{}\n\n{}", r.prospect, r.note)
                };
                return Some((crate::domain::text::clean_line(&title), text));
            }
            let t = d.facts.touchpoints.iter().find(|t| t.id.0 == key.id)?;
            Some((crate::tui::panes::detail::activity::note_title(&ui, &d.facts, t), t.note.clone()))
        });
        match found {
            Some((title, note)) => {
                self.overlay = Some(Overlay::Note(crate::tui::overlays::note::NoteOverlay::new(title, note)));
            }
            None => {
                let tab = self.keymap.key_label(Context::Portfolio, Action::TabActivity).unwrap_or_default();
                self.say(ui.tf("ui.activity.no_note", &[("key", &tab)]), false);
            }
        }
    }
}

/// An editing action waiting for its account to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferred {
    pub action: Action,
    pub account: crate::domain::AccountId,
    /// Picked in the palette: run as from the palette when the account comes (a task
    /// asked for so was recorded as `manual` when it had to wait).
    pub from_palette: bool,
}
