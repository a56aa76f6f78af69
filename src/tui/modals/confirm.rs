//! A yes/no question: deleting something (naming what goes and how many rows with it),
//! or throwing away a form's unsaved text. Keys come from the keymap's `[confirm]` table.

use crate::store::DeletePlan;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::panes::Ui;
use crate::tui::panes::status::hint_spans;
use crate::tui::view::widgets::{centered, popup};
use crate::tui::view::widgets::{put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// What "yes" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmFor {
    Delete(DeletePlan),
    /// Close the form underneath without saving.
    Discard,
    /// Write the import the worker planned (the draft: what the column picker needs).
    Import(Box<crate::tui::app::ImportDraft>),
    /// Nothing to decide: a notice (the file is damaged); either key closes it.
    Notice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub purpose: ConfirmFor,
    /// Drawn in the warning colour (deletes).
    pub danger: bool,
}

pub struct ConfirmView<'a> {
    pub confirm: &'a Confirm,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for ConfirmView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, c) = (self.ui, self.confirm);
        let th = &ui.theme;
        // An import's preview quotes file lines and notes: wider, where the screen allows.
        let max = if matches!(c.purpose, ConfirmFor::Import(_)) { 110 } else { 64 };
        let w = area.width.saturating_sub(4).min(max);
        let inner_w = w.saturating_sub(4) as usize;
        let body: Vec<String> = c.lines.iter().flat_map(|l| text::wrap(l, inner_w.max(10))).collect();
        let h = body.len() as u16 + 5;
        let box_area = centered(area, w, h);
        let border = if c.danger { th.bad() } else { th.border(true) };
        let inner = popup(
            buf,
            box_area,
            format!(" {} ", text::fit(&c.title, inner_w)),
            border,
            if c.danger { th.bad() } else { th.title() },
        );
        let text_area = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
        for (i, l) in body.iter().enumerate() {
            let y = text_area.y + 1 + i as u16;
            if y + 1 >= inner.bottom() {
                break;
            }
            put(buf, text_area.x, y, text_area.width, l, th.text());
        }
        let mut hints: Vec<(String, Style)> = Vec::new();
        if c.purpose == ConfirmFor::Notice {
            if let Some(key) = self.keymap.key_label(Context::Confirm, crate::tui::action::Action::Cancel) {
                hints.push((format!("{key} "), th.key()));
                hints.push((ui.t("ui.damaged.close"), th.dim()));
            }
        } else {
            hints = hint_spans(self.keymap, Context::Confirm, ui, false);
            // The column picker, offered on an import preview with a column to map.
            let map = crate::tui::action::Action::MapColumn;
            if let ConfirmFor::Import(d) = &c.purpose
                && !d.unknown.is_empty()
                && let Some(key) = self.keymap.key_label(Context::Confirm, map)
            {
                hints.push((format!("{key} "), th.key()));
                hints.push((ui.t("ui.hint.map_column"), th.dim()));
            }
        }
        if inner.height > 1 {
            put_spans(buf, text_area, inner.bottom() - 1, &hints);
        }
    }
}
