//! The status line's messages: the one shown, and the last ones kept whole for `messages`
//! (a message longer than its line is shortened there; what it said in full stays one key
//! away).

use crate::tui::app::{App, Overlay};
use crate::tui::overlays::note::NoteOverlay;
use std::collections::VecDeque;

/// The last messages of this session, oldest first.
#[derive(Debug, Default)]
pub struct Said {
    messages: VecDeque<String>,
}

impl Said {
    /// As many as a CSM looks back on; older ones go.
    pub const KEEP: usize = 30;

    fn push(&mut self, text: &str) {
        // The same message again (a key pressed twice) is one entry.
        if self.messages.back().is_some_and(|last| last == text) {
            return;
        }
        if self.messages.len() == Self::KEEP {
            self.messages.pop_front();
        }
        self.messages.push_back(text.to_string());
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &str> {
        self.messages.iter().rev().map(String::as_str)
    }
}

impl App {
    /// Sets the status line (`ok`: a confirmation rather than a problem) and keeps it in
    /// the log.
    pub(crate) fn say(&mut self, text: String, ok: bool) {
        self.said.push(&text);
        self.message = Some(text);
        self.message_ok = ok;
    }

    /// The last messages, whole and wrapped, newest first, in the note viewer (scrolled and
    /// closed with its keys).
    pub(crate) fn show_messages(&mut self) {
        let ui = self.ui;
        let text = if self.said.messages.is_empty() {
            ui.t("ui.messages.none")
        } else {
            self.said.newest_first().map(|m| format!("· {m}")).collect::<Vec<_>>().join("\n\n")
        };
        self.overlay = Some(Overlay::Note(NoteOverlay::new(ui.t("ui.messages.title"), text)));
    }
}

#[cfg(test)]
mod tests {
    use super::Said;

    #[test]
    fn the_log_keeps_the_last_ones_once_each() {
        let mut said = Said::default();
        for i in 0..Said::KEEP + 5 {
            said.push(&format!("m{i}"));
            said.push(&format!("m{i}"));
        }
        let kept: Vec<&str> = said.newest_first().collect();
        assert_eq!(kept.len(), Said::KEEP);
        assert_eq!(kept[0], format!("m{}", Said::KEEP + 4));
        assert_eq!(kept[Said::KEEP - 1], "m5");
    }
}
