//! The renewal timeline: one row per account in the current filter, by renewal date, on a
//! time axis with today marked: renewal (R), T-90/60/30 countdown (T), business reviews
//! (B) and promise due dates (P), coloured done / upcoming / overdue. Marks are loaded
//! for the visible rows only and cached.

use super::portfolio::model::PortfolioModel;
use super::{Cursor, Outcome, Ui};
use crate::domain::AccountId;
use crate::tui::action::Action;
use crate::tui::msg::{Mark, MarkKind, MarkState};
use crate::tui::view::widgets::{fill_row, frame, put, text};
use chrono::{Datelike, Duration, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;
use std::collections::{HashMap, HashSet};

/// Days the axis should cover at least (the renewal countdown plus a margin).
const SPAN_DAYS: i64 = 120;
/// Cached accounts before the cache is dropped (memory stays bounded at 100k accounts).
const CACHE_MAX: usize = 4_000;

pub struct TimelinePane {
    /// Over `PortfolioModel::by_renewal`.
    pub cursor: Cursor,
    pub marks: HashMap<AccountId, Vec<Mark>>,
    requested: HashSet<AccountId>,
    pub ui: Ui,
    pub focused: bool,
}

impl TimelinePane {
    pub fn new(ui: Ui) -> TimelinePane {
        TimelinePane {
            cursor: Cursor::default(),
            marks: HashMap::new(),
            requested: HashSet::new(),
            ui,
            focused: false,
        }
    }

    /// Forget cached marks (the file changed).
    pub fn invalidate(&mut self) {
        self.marks.clear();
        self.requested.clear();
    }

    /// Forget the marks of some accounts (they changed): read again when shown.
    pub fn forget(&mut self, ids: &[AccountId]) {
        for id in ids {
            self.marks.remove(id);
            self.requested.remove(id);
        }
    }

    pub fn handle_key(&mut self, action: Action, model: &PortfolioModel) -> Outcome {
        let before = self.cursor.selected;
        if self.cursor.apply(action, model.by_renewal.len()) {
            return if self.cursor.selected != before { Outcome::Selected } else { Outcome::Handled };
        }
        Outcome::Ignored
    }

    /// Moves the cursor to the portfolio's selected row.
    pub fn follow(&mut self, model: &PortfolioModel, row: Option<u32>) {
        if let Some(pos) = row.and_then(|r| model.by_renewal.iter().position(|x| *x == r)) {
            self.cursor.selected = pos;
        }
        self.cursor.clamp(model.by_renewal.len());
    }

    /// The row index under the cursor.
    pub fn selected_row(&self, model: &PortfolioModel) -> Option<u32> {
        model.by_renewal.get(self.cursor.selected).copied()
    }

    /// Visible accounts whose marks are neither cached nor asked for; marks them asked.
    pub fn missing(&mut self, model: &PortfolioModel) -> Vec<AccountId> {
        if self.marks.len() > CACHE_MAX {
            self.invalidate();
        }
        let c = self.cursor;
        let ids: Vec<AccountId> = model
            .by_renewal
            .iter()
            .skip(c.offset)
            .take(c.page.max(1))
            .map(|i| model.rows()[*i as usize].id)
            .filter(|id| !self.marks.contains_key(id) && !self.requested.contains(id))
            .collect();
        self.requested.extend(ids.iter().copied());
        ids
    }

    pub fn add_marks(&mut self, marks: Vec<(AccountId, Vec<Mark>)>) {
        for (id, m) in marks {
            self.requested.remove(&id);
            self.marks.insert(id, m);
        }
    }
}

/// The axis: first day, days per column.
fn axis(today: NaiveDate, cols: u16) -> (NaiveDate, i64) {
    let per = (SPAN_DAYS + i64::from(cols) - 1) / i64::from(cols.max(1));
    let per = per.max(1);
    let lead = i64::from(cols / 12) * per;
    (today - Duration::days(lead), per)
}

pub struct TimelineView<'a> {
    pub pane: &'a TimelinePane,
    pub model: &'a PortfolioModel,
}

impl Widget for TimelineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let TimelineView { pane, model } = self;
        let ui = &pane.ui;
        let th = &ui.theme;
        let title = format!(" {} · {} ", ui.t("ui.timeline.title"), ui.t("ui.timeline.legend"));
        let inner = frame(buf, area, title, th.border(pane.focused), th.title());
        if inner.height < 2 || inner.width < 30 {
            return;
        }
        let label_w = (inner.width / 4).clamp(12, 28);
        let ax_x = inner.x + label_w + 1;
        let cols = inner.right().saturating_sub(ax_x);
        let (start, per) = axis(ui.today, cols);
        let col_of = |d: NaiveDate| -> Option<u16> {
            let days = (d - start).num_days();
            (days >= 0 && days / per < i64::from(cols)).then(|| (days / per) as u16)
        };
        // Header: month starts and today.
        let mut last_label_end = 0u16;
        for c in 0..cols {
            let day = start + Duration::days(i64::from(c) * per);
            let next = day + Duration::days(per);
            let month_start = if day.day() == 1 { Some(day) } else { first_of_month_in(day, next) };
            if let Some(m) = month_start.filter(|_| c >= last_label_end) {
                // English says the year and month as ISO does (2026-12): "12/26" read as a day.
                let label = ui.tf(
                    "ui.timeline.month",
                    &[("m", &m.month().to_string()), ("ym", &m.format("%Y-%m").to_string())],
                );
                last_label_end = c + put(buf, ax_x + c, inner.y, cols - c, &label, th.dim()) + 1;
            }
        }
        let today_col = col_of(ui.today);
        // Today is also marked in the header, where no month's label is: on a row, a mark
        // on today's column takes the "|" (CSM trial, session 33: today went out of sight).
        if let Some(tc) = today_col
            && buf.cell((ax_x + tc, inner.y)).is_some_and(|c| c.symbol() == " ")
        {
            put(buf, ax_x + tc, inner.y, 1, "|", th.dim());
        }
        put(buf, inner.x, inner.y, label_w, &ui.t("ui.timeline.by_renewal"), th.header());
        let rows = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        let c = pane.cursor;
        for (i, pos) in (c.offset..model.by_renewal.len()).take(rows.height as usize).enumerate() {
            let r = &model.rows()[model.by_renewal[pos] as usize];
            let name = model.shown_name(model.by_renewal[pos], usize::from(label_w));
            let y = rows.y + i as u16;
            put(buf, rows.x, y, label_w, &text::pad(&name, label_w as usize), th.text());
            for col in 0..cols {
                let day = start + Duration::days(i64::from(col) * per);
                // A dot per week: on the column whose days include a Monday.
                let has_monday =
                    (0..per).any(|k| (day + Duration::days(k)).weekday() == chrono::Weekday::Mon);
                if has_monday && per < 7 || per >= 7 && col % 2 == 0 {
                    put(buf, ax_x + col, y, 1, "·", th.dim());
                }
            }
            if let Some(tc) = today_col {
                put(buf, ax_x + tc, y, 1, "|", th.dim());
            }
            match pane.marks.get(&r.id) {
                None => {
                    put(buf, ax_x, y, cols, "…", th.dim());
                }
                Some(marks) => {
                    for m in marks {
                        let glyph = match m.kind {
                            MarkKind::Renewal => "R",
                            MarkKind::Countdown => "T",
                            MarkKind::Review => "B",
                            MarkKind::Promise => "P",
                        };
                        let style = match m.state {
                            MarkState::Done => th.good(),
                            MarkState::Skipped => th.dim(),
                            MarkState::Upcoming => th.info(),
                            MarkState::Overdue => th.bad(),
                        };
                        match col_of(m.date) {
                            Some(col) => {
                                // On today's column, underlined: the mark says today too.
                                let today = Some(col) == today_col;
                                let style =
                                    if today { style.add_modifier(Modifier::UNDERLINED) } else { style };
                                put(buf, ax_x + col, y, 1, glyph, style);
                            }
                            // A renewal beyond the axis still shows, at its edge.
                            None if m.kind == MarkKind::Renewal && m.date > ui.today => {
                                put(buf, ax_x + cols - 1, y, 1, ">", style);
                            }
                            // So does anything overdue from before it.
                            None if m.state == MarkState::Overdue && m.date < ui.today => {
                                put(buf, ax_x, y, 1, "<", style);
                            }
                            None => {}
                        }
                    }
                }
            }
            if pos == c.selected {
                fill_row(buf, Rect { width: label_w, ..rows }, y, th.selected(pane.focused));
            }
        }
    }
}

fn first_of_month_in(from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
    let next_month = if from.month() == 12 {
        NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
    }?;
    (next_month < to).then_some(next_month)
}
