//! Keys and pastes that come while a form is on its way (the agenda's `c` and `:task` wait
//! for the account's contacts, one query; on a team server a round trip): kept, and given to
//! the form once it opens, in order, as if typed after it. They acted on the agenda under
//! it: `c` then "Done deal" typed fast completed the milestone (`D`) before the form came.
//! The form's cancel keys (Esc, Ctrl-C) give up on it (and what was typed for it), as they
//! would cancel it open (Ctrl-C quit Radar here, while it cancels every form); a form that does not open drops
//! them, and the status bar says it was not opened.
//!
//! (An editing key on the dashboard that waits for the account's facts, `deferred`, keeps
//! its own rule: keys typed meanwhile act on the dashboard, and moving on drops the key,
//! said in the status bar.)

use super::App;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, TextKey};
use crate::tui::msg::{Effect, Msg};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

/// What was typed ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ahead {
    Key(KeyEvent),
    Paste(String),
}

/// More than anyone types while one query runs: the rest is dropped, never grown unbounded.
const KEPT: usize = 512;

impl App {
    /// A form will open when a read comes back.
    pub fn form_on_its_way(&self) -> bool {
        self.agenda.awaiting_contacts.is_some()
    }

    /// Keeps `msg` for the form on its way; false when it is not a key or paste to keep
    /// (a key that cancels a form gives up on this one).
    pub(super) fn keep_typed_ahead(&mut self, msg: &Msg) -> bool {
        let ahead = match msg {
            Msg::Key(k)
                if k.kind != KeyEventKind::Release
                    && self.keymap.lookup(Context::Form, k) == Some(Action::Cancel)
                    && !matches!(self.keymap.text_key(k), TextKey::Type(_)) =>
            {
                self.agenda.awaiting_contacts = None;
                self.typed_ahead.clear();
                // The key pressed, named: Esc and Ctrl-C both end here.
                let key = crate::tui::keymap::Key::from_event(k).in_text();
                self.say(self.ui.tf("edit.msg.form_cancelled", &[("key", &key)]), false);
                return true;
            }
            Msg::Key(k) if k.kind == KeyEventKind::Release => return false,
            Msg::Key(k) => Ahead::Key(*k),
            Msg::Paste(text) => Ahead::Paste(text.clone()),
            _ => return false,
        };
        if self.typed_ahead.len() < KEPT {
            self.typed_ahead.push(ahead);
        }
        true
    }

    /// The form opened: what was typed while it was on its way goes to it.
    pub(super) fn replay_typed_ahead(&mut self, fx: &mut Vec<Effect>) {
        for ahead in std::mem::take(&mut self.typed_ahead) {
            match ahead {
                Ahead::Key(k) => self.key(&k, fx),
                Ahead::Paste(text) => self.paste(&text, fx),
            }
        }
    }
}
