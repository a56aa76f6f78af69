//! Keys, routed top-down: an open overlay first, then the search box, then the keymap
//! lookup for the focused context (which ends in `App::act`). Pastes, routed the same
//! way, only ever reach a text field: they are text, never keys.

use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::tui::keymap::{Context, Table, TextKey};
use crate::tui::modals::Modal;
use crate::tui::msg::Effect;
use crate::tui::overlays::find::FindOutcome;
use crate::tui::overlays::palette::PaletteOutcome;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl App {
    pub(crate) fn key(&mut self, k: &KeyEvent, fx: &mut Vec<Effect>) {
        // Esc quickly followed by a key arrives as Alt+key (one escape sequence). Unless
        // the keymap binds that Alt key, it was meant as Esc, then the key.
        if let KeyCode::Char(_) = k.code
            && k.modifiers == KeyModifiers::ALT
            && self.keymap.lookup(self.context(), k).is_none()
        {
            self.key(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), fx);
            self.key(&KeyEvent::new(k.code, KeyModifiers::NONE), fx);
            return;
        }
        self.message = None;
        // Suspend works under forms and overlays too, unless the focused context gives the
        // key a meaning of its own.
        if self.keymap.lookup_in(Table::Global, k) == Some(Action::Suspend)
            && self.keymap.lookup(self.context(), k).is_none_or(|a| a == Action::Suspend)
        {
            self.suspend = true;
            return;
        }
        match &mut self.overlay {
            Some(Overlay::Palette(p)) => {
                match p.handle_key(k, &self.keymap) {
                    PaletteOutcome::Stay => {}
                    PaletteOutcome::Close => self.overlay = None,
                    PaletteOutcome::Help => {
                        let help =
                            crate::tui::overlays::help::HelpOverlay { context: Context::Pick, scroll: 0 };
                        self.overlay = Some(Overlay::Help(help));
                    }
                    PaletteOutcome::Run(a) => {
                        self.overlay = None;
                        self.from_palette = true;
                        self.act(a, fx);
                        self.from_palette = false;
                    }
                }
                return;
            }
            Some(Overlay::Find(f)) => {
                match f.handle_key(k, &self.keymap) {
                    FindOutcome::Stay => {}
                    FindOutcome::Close => self.overlay = None,
                    FindOutcome::Help => {
                        let help =
                            crate::tui::overlays::help::HelpOverlay { context: Context::Pick, scroll: 0 };
                        self.overlay = Some(Overlay::Help(help));
                    }
                    FindOutcome::Ask(q) => fx.push(Effect::Search(q)),
                    FindOutcome::Open(hit) => {
                        self.overlay = None;
                        self.open_found(&hit, fx);
                    }
                }
                return;
            }
            Some(Overlay::Note(n)) => {
                match self.keymap.lookup(Context::Help, k) {
                    Some(Action::Back | Action::Help) => self.overlay = None,
                    Some(a) => {
                        n.handle(a);
                    }
                    None => {}
                }
                return;
            }
            Some(Overlay::Help(h)) => {
                let len = h.rows(&self.keymap, &self.ui, self.size.0).2.len();
                match self.keymap.lookup(Context::Help, k) {
                    Some(Action::Back | Action::Help) => self.overlay = None,
                    Some(a) => {
                        h.handle(a, len);
                    }
                    None => {}
                }
                return;
            }
            None => {}
        }
        if !self.modals.is_empty() {
            self.modal_key(k, fx);
            return;
        }
        if self.portfolio.searching {
            self.search_key(k, fx);
            return;
        }
        match self.keymap.lookup(self.context(), k) {
            Some(a) => self.act(a, fx),
            None => self.say_unbound(k),
        }
    }

    /// A typed character that means nothing where the user is gets a word instead of
    /// silence (`B` on a promise in the agenda did nothing: helper's trial, session 20):
    /// where the key does act, if it does somewhere, and the key that lists the keys here.
    fn say_unbound(&mut self, k: &KeyEvent) {
        let KeyCode::Char(c) = k.code else { return };
        if k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) || c.is_whitespace() {
            return;
        }
        let here = self.view_context();
        let name = |ctx: Context| self.ui.t(&format!("ui.context.{}", ctx.id()));
        let help = self.keymap.key_text(here, Action::Help);
        let elsewhere =
            [Context::Detail, Context::Portfolio, Context::Timeline, Context::Agenda, Context::Metrics]
                .into_iter()
                .find(|&ctx| ctx != here && self.keymap.lookup(ctx, k).is_some());
        let key = c.to_string();
        let text = match elsewhere {
            Some(there) => self.ui.tf(
                "ui.status.key_elsewhere",
                &[("key", &key), ("here", &name(here)), ("there", &name(there)), ("help", &help)],
            ),
            None => {
                self.ui.tf("ui.status.key_unbound", &[("key", &key), ("here", &name(here)), ("help", &help)])
            }
        };
        self.say(text, false);
    }

    /// Whether the terminal is below the dashboard's least size ("terminal too small").
    pub(crate) fn too_small(&self) -> bool {
        crate::tui::view::layout::too_small(ratatui::layout::Rect::new(0, 0, self.size.0, self.size.1))
    }

    /// A key while the terminal is too small: the global quit key quits when nothing is
    /// open (a form's text is never dropped unseen), the suspend key suspends; every other
    /// key is ignored, as the screen says.
    pub(crate) fn key_while_too_small(&mut self, k: &KeyEvent, fx: &mut Vec<Effect>) {
        match self.keymap.lookup_in(Table::Global, k) {
            Some(Action::Quit) if self.modals.is_empty() && self.overlay.is_none() => {
                self.act(Action::Quit, fx)
            }
            Some(Action::Suspend) => self.suspend = true,
            _ => {}
        }
    }

    /// A bracketed paste: whole into the text field that has the cursor (a form field,
    /// the path prompt, a list's or the palette's filter, the search box); with none, it
    /// is dropped and the status bar says so. Never replayed as keys: a pasted "X … y"
    /// must not delete anything.
    pub(crate) fn paste(&mut self, text: &str, fx: &mut Vec<Effect>) {
        self.message = None;
        let line = || crate::domain::text::sanitize(text, false);
        let taken = match (&mut self.overlay, self.modals.last_mut()) {
            (Some(Overlay::Palette(p)), _) => {
                p.paste(text);
                true
            }
            (Some(Overlay::Find(f)), _) => {
                if let FindOutcome::Ask(q) = f.paste(text) {
                    fx.push(Effect::Search(q));
                }
                true
            }
            (Some(Overlay::Help(_) | Overlay::Note(_)), _) => false,
            (None, Some(Modal::Form(f))) => f.paste(text, &self.ui),
            (None, Some(Modal::Path(p))) => p.paste(text),
            (None, Some(Modal::Pick(p))) => {
                p.type_str(&line());
                true
            }
            (None, Some(Modal::Confirm(_))) => false,
            (None, None) if self.portfolio.searching => {
                self.portfolio.search_box.insert_str(&line());
                let q = self.portfolio.search_box.text().to_string();
                let o = self.portfolio.search_input(&q);
                self.outcome(o, fx);
                true
            }
            (None, None) => false,
        };
        if !taken {
            self.say(self.ui.t("ui.paste_ignored"), false);
        }
    }

    /// Enter on a record found: its account on the dashboard, on the tab that owns it,
    /// the record selected (an account found by its name opens on its overview).
    fn open_found(&mut self, hit: &crate::store::SearchHit, fx: &mut Vec<Effect>) {
        self.detail.set_tab(crate::tui::overlays::find::tab_of(hit.kind));
        self.outcome(crate::tui::panes::Outcome::Open(hit.account), fx);
        if hit.kind != crate::domain::RowKind::Account {
            self.detail.select(crate::domain::RowKey { kind: hit.kind, id: hit.id });
        }
    }

    /// The search box: its `[search]` keys keep or clear it; in `[input]`, `up` and `down`
    /// move the selection; every other `[input]` key edits the text as in a form field.
    fn search_key(&mut self, k: &KeyEvent, fx: &mut Vec<Effect>) {
        match self.keymap.lookup_in(Table::Search, k) {
            Some(Action::ClearSearch) => {
                self.portfolio.searching = false;
                let o = self.portfolio.search_input("");
                self.outcome(o, fx);
            }
            Some(Action::KeepSearch) => self.portfolio.searching = false,
            _ => match self.keymap.text_key(k) {
                TextKey::Edit(a @ (Action::Up | Action::Down)) => {
                    // Moving the list is a move: the kept query is edited from there on, as
                    // after any other move (Down then a letter replaced it: CSM trial).
                    self.portfolio.search_box.deselect();
                    let o = self.portfolio.handle_key(a);
                    self.outcome(o, fx);
                }
                key => {
                    if let Some(o) = self.portfolio.search_edit(key) {
                        self.outcome(o, fx);
                    }
                }
            },
        }
    }
}
