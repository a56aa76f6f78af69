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

/// The columns of a table that fit `width`, as (index, width) in column order. `natural[i]`
/// is what column `i` takes (its widest cell). `priority` lists the columns to keep while
/// they fit, most needed first; its first is always kept, at least `min` wide, and given
/// what is left up to its natural width (a name, a milestone: what the row is). A column
/// and the next are a space apart. Tabs cut every cell to fixed widths and lost their last
/// columns off the pane (CSM trial, session 33).
pub fn fit_columns(natural: &[usize], priority: &[usize], min: usize, width: usize) -> Vec<(usize, usize)> {
    let Some(&grow) = priority.first() else { return Vec::new() };
    let grow_min = min.min(natural[grow]);
    let mut used = grow_min + 1;
    let mut keep = vec![grow];
    for &i in &priority[1..] {
        if used + natural[i] < width {
            used += natural[i] + 1;
            keep.push(i);
        }
    }
    keep.sort_unstable();
    let grown = (grow_min + width.saturating_sub(used)).min(natural[grow]);
    keep.into_iter().map(|i| (i, if i == grow { grown } else { natural[i] })).collect()
}
