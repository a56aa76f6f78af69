//! Draws a form: a banner (refused save, someone else's change), one row per field (notes
//! get three), the error or remark under a field, a hint under the focused one, and the
//! form's keys at the bottom. Scrolls to keep the focused field in view.

use crate::tui::forms::form::{FieldKind, Form};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::modals::pick::PickView;
use crate::tui::panes::Ui;
use crate::tui::panes::status::hint_spans;
use crate::tui::view::widgets::{centered, popup};
use crate::tui::view::widgets::{put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

/// Rows a note field takes.
const MULTI_ROWS: usize = 3;

pub struct FormView<'a> {
    pub form: &'a Form,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

/// One drawn row: which field it belongs to and what it shows.
enum RowKind {
    Value {
        line: usize,
    },
    /// A line of the field's error, wrapped to the value column.
    Error {
        line: usize,
    },
    /// A line of the field's note, wrapped likewise.
    Note {
        line: usize,
    },
    Hint,
}

impl FormView<'_> {
    /// The form's rows for a value column `value_w` wide: an error or a note takes as many
    /// rows as it wraps to (a date after today was cut to "…has already happ…"; CSM trial,
    /// session 33).
    fn rows(&self, value_w: usize) -> Vec<(usize, RowKind)> {
        let mut rows = Vec::new();
        for (i, f) in self.form.fields.iter().enumerate() {
            let n = if f.kind == FieldKind::Multi { MULTI_ROWS } else { 1 };
            rows.extend((0..n).map(|line| (i, RowKind::Value { line })));
            let wrapped = |t: &str| wrap_value(t, value_w).len();
            if let Some(e) = &f.error {
                rows.extend((0..wrapped(&error_text(e))).map(|line| (i, RowKind::Error { line })));
            }
            if let Some(n) = &f.note {
                rows.extend((0..wrapped(n)).map(|line| (i, RowKind::Note { line })));
            }
            let focused = i == self.form.focus;
            let hint = if focused {
                crate::tui::forms::hint(self.form, i, self.ui, self.keymap)
            } else {
                String::new()
            };
            // A hint saying what the error line above already says is left out (a date after
            // today was shown twice).
            if focused && !hint.is_empty() && f.error.as_deref() != Some(hint.as_str())
                || !focused && crate::tui::forms::means_date(self.form, i, self.ui).is_some()
            {
                rows.push((i, RowKind::Hint));
            }
        }
        rows
    }
}

impl Widget for FormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, form) = (self.ui, self.form);
        let th = &ui.theme;
        let w = area.width.saturating_sub(2).min(90);
        let inner_w = w.saturating_sub(4) as usize;
        let banner: Vec<(String, Style)> = form
            .banner
            .iter()
            .flat_map(|b| {
                let style = if b.error { th.bad() } else { th.warn() };
                b.lines.iter().flat_map(move |l| text::wrap(l, inner_w.max(10))).map(move |l| (l, style))
            })
            .collect();
        let label_w = form
            .fields
            .iter()
            .map(|f| text::width(&ui.t(&f.key.label_key())) + 3)
            .max()
            .unwrap_or(10)
            .clamp(10, 20);
        let rows = self.rows(inner_w.saturating_sub(label_w));
        let want = (rows.len() + banner.len() + if banner.is_empty() { 0 } else { 1 } + 4) as u16;
        let box_area = centered(area, w, want.min(area.height));
        let inner = popup(
            buf,
            box_area,
            format!(" {} ", text::fit(&form.title, inner_w)),
            th.border(true),
            th.title(),
        );
        if inner.height < 3 || inner.width < 20 {
            return;
        }
        let body = Rect { x: inner.x + 1, width: inner.width - 2, ..inner };
        let mut y = body.y;
        for (l, style) in &banner {
            if y + 2 >= body.bottom() {
                break;
            }
            put(buf, body.x, y, body.width, l, *style);
            y += 1;
        }
        if !banner.is_empty() {
            y += 1;
        }
        let footer_y = body.bottom() - 1;
        let visible = footer_y.saturating_sub(y + 1) as usize;
        // Scroll so every row of the focused field (value, error, note, hint) shows.
        let first = rows.iter().position(|(i, _)| *i == form.focus).unwrap_or(0);
        let last = rows.iter().rposition(|(i, _)| *i == form.focus).unwrap_or(0);
        let offset = if last + 1 > visible { (last + 1 - visible).min(first) } else { 0 };
        let value_x = body.x + label_w as u16;
        let value_w = body.width.saturating_sub(label_w as u16) as usize;
        for (row, (i, kind)) in rows.iter().enumerate().skip(offset).take(visible) {
            let ry = y + (row - offset) as u16;
            let f = &form.fields[*i];
            let focused = *i == form.focus;
            match kind {
                RowKind::Value { line } => {
                    if *line == 0 {
                        let mark = if focused { "▸" } else { " " };
                        let star = if f.required { "*" } else { "" };
                        let label = format!("{mark}{}{star}", ui.t(&f.key.label_key()));
                        let style = if focused { th.key() } else { th.dim() };
                        put(buf, body.x, ry, label_w as u16, &label, style);
                    }
                    draw_value(buf, value_x, ry, value_w, f, *line, focused, th);
                }
                RowKind::Error { line } => {
                    let msg = error_text(f.error.as_deref().unwrap_or_default());
                    let shown = wrap_value(&msg, value_w).into_iter().nth(*line).unwrap_or_default();
                    put(buf, value_x, ry, value_w as u16, &shown, th.bad());
                }
                RowKind::Note { line } => {
                    let note = f.note.as_deref().unwrap_or_default();
                    let shown = wrap_value(note, value_w).into_iter().nth(*line).unwrap_or_default();
                    put(buf, value_x, ry, value_w as u16, &shown, th.warn());
                }
                RowKind::Hint => {
                    let hint = match crate::tui::forms::means_date(form, *i, ui) {
                        Some(means) if *i != form.focus => means,
                        _ => crate::tui::forms::hint(form, *i, ui, self.keymap),
                    };
                    put(buf, value_x, ry, value_w as u16, &hint, th.dim());
                }
            }
        }
        if offset > 0 {
            put(buf, body.right() - 1, y, 1, "↑", th.dim());
        }
        if offset + visible < rows.len() {
            put(buf, body.right() - 1, footer_y - 1, 1, "↓", th.dim());
        }
        let hints = if form.saving.is_some() {
            vec![(ui.t("edit.form.saving"), th.warn())]
        } else {
            hint_spans(self.keymap, Context::Form, ui, false)
        };
        put_spans(buf, body, footer_y, &hints);
        if let Some(p) = &form.popup {
            PickView { pick: p, keymap: self.keymap, ui }.render(area, buf);
        }
    }
}

/// A field's error as shown: marked, so it reads apart from a note.
fn error_text(e: &str) -> String {
    format!("✗ {e}")
}

/// Text under a value, wrapped to its column (at least one row).
fn wrap_value(t: &str, width: usize) -> Vec<String> {
    let lines = text::wrap(t, width.max(10));
    if lines.is_empty() { vec![String::new()] } else { lines }
}

#[allow(clippy::too_many_arguments)]
fn draw_value(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: usize,
    f: &crate::tui::forms::form::Field,
    line: usize,
    focused: bool,
    th: &crate::tui::view::theme::Theme,
) {
    let cursor_style = Style::new().add_modifier(Modifier::REVERSED);
    match &f.kind {
        FieldKind::Choice(_) => {
            let shown = if focused { format!("‹ {} ›", f.display()) } else { f.display() };
            put(buf, x, y, width as u16, &shown, if focused { th.bold() } else { th.text() });
        }
        FieldKind::Multi => {
            // Rows wrapped to the field, its last column kept for the signs of rows out of
            // sight: ↑ on the first row when some are above, ↓ on the last when some are below.
            let inner = width.saturating_sub(1).max(1);
            let (rows, (cur_row, cur_col)) = f.input.rows(inner);
            // Keep the cursor's row inside the field's rows.
            let top = if focused { cur_row.saturating_sub(MULTI_ROWS - 1) } else { 0 };
            let idx = top + line;
            if let Some(r) = rows.get(idx) {
                put(buf, x, y, inner as u16, r, th.text());
            }
            let sign = match line {
                0 if top > 0 => "↑",
                l if l == MULTI_ROWS - 1 && rows.len() > top + MULTI_ROWS => "↓",
                _ => "",
            };
            put(buf, x + inner as u16, y, 1, sign, th.dim());
            // After the sign: a cursor on a space hanging past the row is in that column.
            if focused && idx == cur_row {
                paint_cursor(buf, x + cur_col as u16, y, cursor_style);
            }
        }
        _ => {
            if focused {
                let (shown, col) = f.input.window(width);
                put(buf, x, y, width as u16, &shown, th.text());
                paint_cursor(buf, x + col as u16, y, cursor_style);
            } else {
                put(buf, x, y, width as u16, f.input.text(), th.text());
            }
        }
    }
}

fn paint_cursor(buf: &mut Buffer, x: u16, y: u16, style: Style) {
    if let Some(cell) = buf.cell_mut((x, y)) {
        if cell.symbol().is_empty() || cell.symbol() == " " {
            cell.set_symbol(" ");
        }
        cell.set_style(style);
    }
}
