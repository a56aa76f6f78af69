//! The panes. Each one keeps its own state, answers `handle_key(Action) -> Outcome`, and
//! draws itself with `impl Widget for &Pane`; none does I/O.

pub mod agenda;
pub mod detail;
pub mod metrics;
pub mod metrics_charts;
pub mod metrics_owner;
pub mod portfolio;
pub mod status;
pub mod timeline;

use super::action::Action;
use crate::domain::AccountId;
use crate::i18n::{self, Lang};
use crate::tui::view::theme::Theme;
use chrono::{NaiveDate, NaiveDateTime};

/// What every pane needs to know to draw: language, colours and the day rules use.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub lang: Lang,
    pub theme: Theme,
    pub today: NaiveDate,
    /// "Now" for hour-level rules (complaints): noon of a pinned `--today`, else the clock.
    pub now: NaiveDateTime,
}

impl Ui {
    /// The unit tests' interface: `lang`, plain colours, 2026-11-22 at noon.
    #[cfg(test)]
    pub fn for_tests(lang: Lang) -> Ui {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        Ui { lang, theme: Theme::plain(), today, now: today.and_hms_opt(12, 0, 0).unwrap() }
    }

    pub fn t(&self, key: &str) -> String {
        i18n::t(self.lang, key)
    }

    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        i18n::tf(self.lang, key, args)
    }

    /// "12d ago" / "12天前", "today".
    pub fn ago(&self, date: Option<NaiveDate>) -> String {
        match date {
            None => "-".into(),
            Some(d) => match (self.today - d).num_days() {
                0 => self.t("ui.time.today"),
                n if n < 0 => self.tf("ui.time.in_days", &[("n", &(-n).to_string())]),
                n => self.tf("ui.time.days_ago", &[("n", &n.to_string())]),
            },
        }
    }

    /// Days to a renewal: "T-23", "5d over", or "ended 2022" once it is more than
    /// `LONG_LAPSED_DAYS` past: history, which the risk rules leave out of the countdown
    /// ("1713d over" stood beside that reason; helper's trial, session 34).
    pub fn countdown(&self, date: Option<NaiveDate>) -> String {
        let Some(date) = date else { return "-".into() };
        match (date - self.today).num_days() {
            n if n < -crate::domain::risk::LONG_LAPSED_DAYS => {
                self.tf("ui.time.ended_year", &[("year", &chrono::Datelike::year(&date).to_string())])
            }
            n if n < 0 => self.tf("ui.time.overdue_days", &[("n", &(-n).to_string())]),
            n => format!("T-{n}"),
        }
    }
}

/// What a pane did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not this pane's key: the app tries its own handling.
    Ignored,
    Handled,
    /// The selected account changed (the detail and timeline follow).
    Selected,
    /// Jump to this account in the dashboard (from the agenda).
    Open(AccountId),
}

/// A cursor over `len` rows shown `page` at a time: selection plus scroll offset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
    pub page: usize,
}

/// Where a movement action takes a position in `0..len`, `page` rows at a time (list
/// selections, and the scroll of help and metrics); None for any other action.
pub fn moved(pos: usize, action: Action, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match action {
        Action::Up => pos.saturating_sub(1),
        Action::Down => (pos + 1).min(last),
        Action::PageUp => pos.saturating_sub(page),
        Action::PageDown => (pos + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

impl Cursor {
    /// Applies a movement action; true if it was one.
    pub fn apply(&mut self, action: Action, len: usize) -> bool {
        let Some(selected) = moved(self.selected, action, len, self.page.max(1)) else { return false };
        self.selected = selected;
        self.clamp(len);
        true
    }

    /// Keeps the selection inside the list and on screen.
    pub fn clamp(&mut self, len: usize) {
        let page = self.page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Scrolls the view by `delta` rows (mouse wheel), dragging the selection along.
    pub fn scroll(&mut self, delta: isize, len: usize) {
        let max_off = len.saturating_sub(self.page.max(1));
        self.offset = self.offset.saturating_add_signed(delta).min(max_off);
        let page = self.page.max(1);
        self.selected = self.selected.clamp(self.offset, (self.offset + page - 1).min(len.saturating_sub(1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_moves_and_keeps_selection_visible() {
        let mut c = Cursor { selected: 0, offset: 0, page: 10 };
        c.apply(Action::PageDown, 100);
        assert_eq!((c.selected, c.offset), (10, 1));
        c.apply(Action::Bottom, 100);
        assert_eq!((c.selected, c.offset), (99, 90));
        c.apply(Action::Top, 100);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.scroll(5, 100);
        assert_eq!((c.selected, c.offset), (5, 5));
        c.apply(Action::Down, 0);
        assert_eq!((c.selected, c.offset), (0, 0));
    }

    /// A renewal more than a year past reads as the year it ended, not as days overdue.
    #[test]
    fn a_renewal_long_past_reads_as_the_year_it_ended() {
        let en = Ui::for_tests(crate::i18n::Lang::En);
        let day = |n: i64| Some(en.today + chrono::Duration::days(n));
        let shown: Vec<String> =
            [23, 0, -5, -365, -366, -1713].iter().map(|n| en.countdown(day(*n))).collect();
        assert_eq!(shown, ["T-23", "T-0", "5d over", "365d over", "ended 2025", "ended 2022"]);
        let zh = Ui::for_tests(crate::i18n::Lang::ZhCn);
        assert_eq!(zh.countdown(day(-1713)), "2022年到期");
    }
}
