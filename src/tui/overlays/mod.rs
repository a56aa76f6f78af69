//! Overlays drawn over the panes; they take keys first.

pub mod help;
pub mod palette;

use ratatui::layout::Rect;

/// A box of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clears `area` for a popup. A wide (CJK) character in the cell just left of the popup
/// would still be drawn two cells wide by the terminal and bite into the popup's border,
/// so that cell is blanked too.
pub fn clear_popup(area: Rect, buf: &mut ratatui::buffer::Buffer) {
    use ratatui::widgets::Widget;
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
