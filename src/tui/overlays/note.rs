//! A touchpoint's note in full (Enter on the activity tab): wrapped to the box, CJK-correct,
//! its own line breaks kept, scrolled with the list keys; the help overlay's keys close it.

use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key, Keymap};
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, popup, put, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct NoteOverlay {
    /// "2026-11-20 · Call · 王总 · 成都天府云图…".
    pub title: String,
    pub note: String,
    pub scroll: usize,
    /// Rows of text shown at the last draw (for paging and the scroll limit).
    pub rows: usize,
    /// The wrapped lines at the last draw.
    pub lines: usize,
}

impl NoteOverlay {
    pub fn new(title: String, note: String) -> NoteOverlay {
        NoteOverlay { title, note, scroll: 0, rows: 10, lines: usize::MAX }
    }

    /// Scrolls; true if the action was a movement.
    pub fn handle(&mut self, action: Action) -> bool {
        let last = self.lines.saturating_sub(self.rows);
        let Some(scroll) = crate::tui::panes::moved(self.scroll, action, last + 1, self.rows.max(1)) else {
            return false;
        };
        self.scroll = scroll;
        true
    }

    /// The note's lines at `cols` columns.
    pub fn wrapped(&self, cols: usize) -> Vec<String> {
        if self.note.trim().is_empty() { vec!["-".to_string()] } else { text::wrap(&self.note, cols) }
    }
}

pub struct NoteView<'a> {
    pub note: &'a NoteOverlay,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for NoteView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = self.ui;
        let th = &ui.theme;
        let w = area.width.saturating_sub(4).min(100);
        let lines = self.note.wrapped(w.saturating_sub(4).max(10) as usize);
        let box_area = centered(area, w, (lines.len() as u16 + 3).min(area.height));
        let title = format!(" {} ", text::fit(&self.note.title, w.saturating_sub(4) as usize));
        let inner = popup(buf, box_area, title, th.border(true), th.title());
        if inner.height < 2 {
            return;
        }
        let body = Rect { height: inner.height - 1, ..inner };
        let scroll = self.note.scroll.min(lines.len().saturating_sub(body.height as usize));
        for (i, l) in lines.iter().skip(scroll).take(body.height as usize).enumerate() {
            put(buf, body.x + 1, body.y + i as u16, body.width.saturating_sub(1), l, th.text());
        }
        if scroll > 0 {
            put(buf, inner.right() - 1, body.y, 1, "↑", th.dim());
        }
        if scroll + (body.height as usize) < lines.len() {
            put(buf, inner.right() - 1, body.bottom() - 1, 1, "↓", th.dim());
        }
        let close: Vec<String> =
            self.keymap.keys_for(Context::Help, Action::Back).iter().take(1).map(Key::in_text).collect();
        let down = self.keymap.key_text(Context::Help, Action::Down);
        let up = self.keymap.key_text(Context::Help, Action::Up);
        let footer =
            ui.tf("ui.activity.viewer_keys", &[("close", &close.join("")), ("down", &down), ("up", &up)]);
        put(buf, inner.x, inner.bottom() - 1, inner.width, &footer, th.dim());
    }
}
