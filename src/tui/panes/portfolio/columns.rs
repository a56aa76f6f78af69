//! The portfolio list's columns for a given width. Every column's width includes one blank
//! gap column at its right, and a value is cut to the rest, so two values can never touch
//! ("Zhang Wei18d ago") whatever the width, the language or the length of a name.

use crate::tui::view::widgets::text;

/// Column widths (gap included) for a list `w` columns wide; 0 means dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub mark: u16,
    pub name: u16,
    pub tier: u16,
    pub stage: u16,
    pub arr: u16,
    pub due: u16,
    pub owner: u16,
    pub touch: u16,
}

/// The blank column after every value.
pub const GAP: u16 = 1;
/// The account name gets at least this much before narrow lists drop columns.
const NAME_MIN: u16 = 22;
/// Past this the name has room enough; the owner and stage columns grow first (owners
/// like "Maria Lopez" or "欧阳娜娜" and the Chinese stage "续约&二次销售" then show whole).
const NAME_ROOMY: u16 = 34;
const OWNER_MAX: u16 = 17;
const STAGE_MAX: u16 = 14;

impl Columns {
    pub fn for_width(w: u16) -> Columns {
        let mut c = Columns { mark: 6, name: 0, tier: 9, stage: 11, arr: 8, due: 11, owner: 10, touch: 9 };
        // Narrow lists drop the least needed columns first: owner, last touch, tier, stage.
        for drop in [3, 4, 1, 2] {
            if w.saturating_sub(c.fixed()) >= NAME_MIN {
                break;
            }
            match drop {
                3 => c.owner = 0,
                4 => c.touch = 0,
                1 => c.tier = 0,
                _ => c.stage = 0,
            }
        }
        let mut spare = w.saturating_sub(c.fixed()).saturating_sub(NAME_ROOMY);
        for (col, max) in [(&mut c.owner, OWNER_MAX), (&mut c.stage, STAGE_MAX)] {
            if *col > 0 {
                let more = spare.min(max.saturating_sub(*col));
                *col += more;
                spare -= more;
            }
        }
        c.name = w.saturating_sub(c.fixed()).max(4);
        c
    }

    fn fixed(&self) -> u16 {
        self.mark + self.tier + self.stage + self.arr + self.due + self.owner + self.touch
    }

    /// One row's cells, in screen order, each exactly its column's width: the value cut to
    /// the width less the gap, then the gap. `due` is flagged (it may be styled overdue).
    pub fn cells(&self, v: &RowText<'_>) -> Vec<(String, bool)> {
        let left = |s: &str, w: u16| text::pad(s, (w - GAP) as usize) + " ";
        let right = |s: &str, w: u16| text::pad_left(s, (w - GAP) as usize) + " ";
        let mut out = vec![(left(v.mark, self.mark), false), (left(v.name, self.name), false)];
        if self.tier > 0 {
            out.push((left(v.tier, self.tier), false));
        }
        if self.stage > 0 {
            out.push((left(v.stage, self.stage), false));
        }
        out.push((right(v.arr, self.arr), false));
        out.push((right(v.due, self.due), true));
        if self.owner > 0 {
            out.push((left(v.owner, self.owner), false));
        }
        if self.touch > 0 {
            out.push((left(v.touch, self.touch), false));
        }
        out
    }
}

/// The texts of one row (or the heading).
pub struct RowText<'a> {
    pub mark: &'a str,
    pub name: &'a str,
    pub tier: &'a str,
    pub stage: &'a str,
    pub arr: &'a str,
    pub due: &'a str,
    pub owner: &'a str,
    pub touch: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row<'a>(owner: &'a str, name: &'a str) -> RowText<'a> {
        RowText {
            mark: "!! 95",
            name,
            tier: "重点客户",
            stage: "续约&二次销售",
            arr: "¥1,234,567",
            due: "逾期120天",
            owner,
            touch: "1234天前",
        }
    }

    #[test]
    fn wide_lists_widen_owner_and_stage_not_only_the_name() {
        let c = Columns::for_width(108);
        assert_eq!((c.owner, c.stage), (OWNER_MAX, STAGE_MAX));
        assert!(c.name >= NAME_ROOMY);
        let narrow = Columns::for_width(64);
        assert_eq!((narrow.owner, narrow.touch, narrow.tier), (0, 0, 0));
    }

    proptest! {
        /// Every cell is exactly its column wide and ends in a blank: at any width, with any
        /// owner or account name (long, Chinese, emoji), values never run together.
        #[test]
        fn every_value_has_a_gap(w in 8u16..320, owner in "\\PC{0,40}", name in "\\PC{0,60}") {
            let c = Columns::for_width(w);
            let cells = c.cells(&row(&owner, &name));
            let widths = [c.mark, c.name, c.tier, c.stage, c.arr, c.due, c.owner, c.touch];
            let shown: Vec<u16> = widths.into_iter().filter(|w| *w > 0).collect();
            prop_assert_eq!(cells.len(), shown.len());
            for ((cell, _), w) in cells.iter().zip(shown) {
                prop_assert_eq!(text::width(cell), w as usize, "{:?}", cell);
                prop_assert!(cell.ends_with(' '), "{:?}", cell);
            }
        }
    }
}
