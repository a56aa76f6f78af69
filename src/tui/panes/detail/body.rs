//! What a tab draws: its lines, and which of them show records (the rows quick actions
//! apply to).

use crate::domain::RowKey;
use ratatui::text::Line;

/// A tab's lines, and which of them are records (the rows quick actions apply to).
#[derive(Debug, Default)]
pub struct Body {
    pub lines: Vec<Line<'static>>,
    /// (line index, record), in display order.
    pub items: Vec<(usize, RowKey)>,
}

impl Body {
    pub fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    /// A line that shows one record.
    pub fn item(&mut self, line: Line<'static>, key: RowKey) {
        self.items.push((self.lines.len(), key));
        self.lines.push(line);
    }
}

impl From<Vec<Line<'static>>> for Body {
    fn from(lines: Vec<Line<'static>>) -> Body {
        Body { lines, items: Vec::new() }
    }
}
