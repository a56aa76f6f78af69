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
    /// Body lines scrolled past (an import's preview can be longer than the screen).
    pub scroll: usize,
}

impl Confirm {
    /// Scrolls by `by` lines (negative: up), no further than its last line when drawn in
    /// `area` (the body above the status bar, where modals are drawn).
    pub fn scroll_by(&mut self, by: isize, area: Rect) {
        let (_, body, _, rows) = self.layout(area);
        self.scroll = self.scroll.saturating_add_signed(by).min(body.len().saturating_sub(rows));
    }

    /// In `area`: the box's width, the body's lines wrapped to it, the box, and how many
    /// body lines it shows.
    fn layout(&self, area: Rect) -> (u16, Vec<String>, Rect, usize) {
        // An import's preview quotes file lines and notes: wider, where the screen allows.
        let max = if matches!(self.purpose, ConfirmFor::Import(_)) { 110 } else { 64 };
        let w = area.width.saturating_sub(4).min(max);
        let inner_w = w.saturating_sub(4) as usize;
        let body: Vec<String> = self.lines.iter().flat_map(|l| text::wrap(l, inner_w.max(10))).collect();
        let h = body.len() as u16 + 5;
        let box_area = centered(area, w, h);
        // Rows for the body: the box less its borders, the blank line above and the hints.
        let rows = usize::from(box_area.height.saturating_sub(4));
        (w, body, box_area, rows)
    }
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
        let (w, body, box_area, rows) = c.layout(area);
        let inner_w = w.saturating_sub(4) as usize;
        let top = c.scroll.min(body.len().saturating_sub(rows));
        let border = if c.danger { th.bad() } else { th.border(true) };
        let inner = popup(
            buf,
            box_area,
            format!(" {} ", text::fit(&c.title, inner_w)),
            border,
            if c.danger { th.bad() } else { th.title() },
        );
        let text_area = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
        for (i, l) in body.iter().skip(top).enumerate() {
            let y = text_area.y + 1 + i as u16;
            if y + 1 >= inner.bottom() {
                break;
            }
            put(buf, text_area.x, y, text_area.width, l, th.text());
        }
        // More above or below: said on the border, with the keys that scroll.
        let below = body.len() > top + rows;
        if (top > 0 || below) && box_area.width > 20 {
            let key = |a| self.keymap.key_label(Context::Confirm, a).unwrap_or_default();
            let (up, down) = (key(crate::tui::action::Action::Up), key(crate::tui::action::Action::Down));
            let mark = match (top > 0, below) {
                (true, true) => format!(" ↑↓ {up} {down} "),
                (true, false) => format!(" ↑ {up} "),
                _ => format!(" ↓ {down} "),
            };
            let x = box_area.right().saturating_sub(text::width(&mark) as u16 + 2);
            put(buf, x, box_area.bottom().saturating_sub(1), box_area.width / 2, &mark, th.key());
        }
        let mut hints: Vec<(String, Style)> = Vec::new();
        if c.purpose == ConfirmFor::Notice {
            if let Some(key) = self.keymap.key_label(Context::Confirm, crate::tui::action::Action::Cancel) {
                hints.push((format!("{key} "), th.key()));
                hints.push((ui.t("ui.damaged.close"), th.dim()));
            }
        } else {
            hints = hint_spans(self.keymap, Context::Confirm, ui, false);
            // On an import's preview: the column picker when a column is not understood,
            // another currency when one was decided for amounts that name none.
            if let ConfirmFor::Import(d) = &c.purpose {
                use crate::tui::action::Action;
                let offered = [
                    (Action::MapColumn, !d.unknown.is_empty()),
                    (Action::ImportCurrency, !d.currencies.is_empty()),
                ];
                for (action, _) in offered.iter().filter(|(_, on)| *on) {
                    if let Some(key) = self.keymap.key_label(Context::Confirm, *action) {
                        hints.push((format!("{key} "), th.key()));
                        // Spaced as `hint_spans` spaces each pair ("m map column  c currency").
                        hints.push((format!("{}  ", ui.t(&format!("ui.hint.{}", action.id()))), th.dim()));
                    }
                }
            }
        }
        if inner.height > 1 {
            put_spans(buf, text_area, inner.bottom() - 1, &hints);
        }
    }
}
