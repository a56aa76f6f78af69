//! Small drawing helpers shared by the panes. Every string goes through `text::fit`, so
//! nothing unsanitised or over-wide reaches the buffer.

pub mod glyphs;
pub mod shorten;
pub mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

/// Draws `s` at (x, y), cut to `max` columns; returns the columns used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, max: u16, s: &str, style: Style) -> u16 {
    if max == 0 {
        return 0;
    }
    let f = text::fit(s, max as usize);
    let (end, _) = buf.set_stringn(x, y, f.as_ref(), max as usize, style);
    end.saturating_sub(x)
}

/// Draws styled spans left to right on one row of `area`, cutting the last that does not fit.
pub fn put_spans(buf: &mut Buffer, area: Rect, y: u16, spans: &[(String, Style)]) {
    let mut x = area.x;
    let right = area.right();
    for (s, style) in spans {
        if x >= right {
            break;
        }
        x += put(buf, x, y, right - x, s, *style);
    }
}

/// Draws lines (already laid out) into `area`, skipping the first `scroll`.
pub fn put_lines(buf: &mut Buffer, area: Rect, lines: &[Line<'_>], scroll: usize) {
    for (i, line) in lines.iter().skip(scroll).take(area.height as usize).enumerate() {
        let y = area.y + i as u16;
        let mut x = area.x;
        for Span { content, style } in &line.spans {
            if x >= area.right() {
                break;
            }
            x += put(buf, x, y, area.right() - x, content, line.style.patch(*style));
        }
    }
}

/// A span of owned text.
pub fn span(s: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(s.into(), style)
}

/// Fills a row with a style (selection bars).
pub fn fill_row(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    buf.set_style(Rect { x: area.x, y, width: area.width, height: 1 }, style);
}

/// A box of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `area` for a popup. A wide (CJK) character in the cell just left of the popup
/// would still be drawn two cells wide by the terminal and bite into the popup's border,
/// so that cell is blanked too.
pub fn clear_popup(area: Rect, buf: &mut Buffer) {
    ratatui::widgets::Clear.render(area, buf);
    if area.x == 0 {
        return;
    }
    for y in area.y..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Draws a bordered box with a title over `area`; returns the inside.
pub fn frame(buf: &mut Buffer, area: Rect, title: String, border: Style, title_style: Style) -> Rect {
    let block = Block::new().borders(Borders::ALL).border_style(border).title(title).title_style(title_style);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A box drawn over whatever is under it (`clear_popup`, then `frame`); returns the inside.
pub fn popup(buf: &mut Buffer, area: Rect, title: String, border: Style, title_style: Style) -> Rect {
    clear_popup(area, buf);
    frame(buf, area, title, border, title_style)
}
