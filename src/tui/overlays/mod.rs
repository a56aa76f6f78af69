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
