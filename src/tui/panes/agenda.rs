//! The agenda: what is overdue, due today and coming this week across the portfolio
//! (playbook milestones, promises, stalled requirements, complaints near 24 h). Enter
//! jumps to the item's account.

use super::{Cursor, Outcome, Ui};
use crate::domain::agenda::{AgendaKind, AgendaStatus};
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::msg::AgendaRow;
use crate::tui::view::widgets::{fill_row, frame, put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// How far ahead the agenda looks ("this week").
pub const AGENDA_DAYS: i64 = 7;

pub struct AgendaPane {
    pub items: Option<Vec<AgendaRow>>,
    pub cursor: Cursor,
    pub ui: Ui,
}

impl AgendaPane {
    pub fn new(ui: Ui) -> AgendaPane {
        AgendaPane { items: None, cursor: Cursor::default(), ui }
    }

    pub fn handle_key(&mut self, action: Action) -> Outcome {
        let len = self.items.as_ref().map_or(0, Vec::len);
        if self.cursor.apply(action, len) {
            return Outcome::Handled;
        }
        match action {
            Action::FocusDetail => self.open(),
            _ => Outcome::Ignored,
        }
    }

    fn open(&self) -> Outcome {
        self.items
            .as_ref()
            .and_then(|v| v.get(self.cursor.selected))
            .map_or(Outcome::Handled, |r| Outcome::Open(r.item.account_id))
    }

    pub fn click_row(&mut self, row: usize) -> Outcome {
        let pos = self.cursor.offset + row;
        if self.items.as_ref().is_some_and(|v| pos < v.len()) {
            if self.cursor.selected == pos {
                return self.open();
            }
            self.cursor.selected = pos;
        }
        Outcome::Handled
    }

    fn title_of(&self, r: &AgendaRow) -> String {
        match (r.item.kind, r.item.milestone) {
            (AgendaKind::Milestone, Some(m)) => choice_label(self.ui.lang, m),
            _ => r.item.text.clone(),
        }
    }
}

impl Widget for &AgendaPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = &self.ui;
        let th = &ui.theme;
        let count = self.items.as_ref().map_or(0, Vec::len);
        let title = format!(" {} · {} ", ui.tf("ui.agenda.title", &[("n", &AGENDA_DAYS.to_string())]), count);
        let inner = frame(buf, area, title, th.border(true), th.title());
        if inner.height < 2 || inner.width < 20 {
            return;
        }
        let Some(items) = &self.items else {
            put(buf, inner.x + 1, inner.y, inner.width - 1, &ui.t("ui.loading"), th.dim());
            return;
        };
        if items.is_empty() {
            put(buf, inner.x + 1, inner.y, inner.width - 1, &ui.t("ui.agenda.empty"), th.good());
            return;
        }
        let (w_status, w_date, w_kind) = (10usize, 11usize, 10usize);
        let w_account = ((inner.width as usize).saturating_sub(w_status + w_date + w_kind) / 3).clamp(10, 36);
        let w_title = (inner.width as usize).saturating_sub(w_status + w_date + w_kind + w_account);
        let head = [
            (text::pad(&ui.t("ui.col.status"), w_status), th.header()),
            (text::pad(&ui.t("ui.col.date"), w_date), th.header()),
            (text::pad(&ui.t("ui.col.kind"), w_kind), th.header()),
            (text::pad(&ui.t("ui.col.name"), w_account), th.header()),
            (text::pad(&ui.t("ui.col.item"), w_title), th.header()),
        ];
        put_spans(buf, inner, inner.y, &head);
        let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        let c = self.cursor;
        for (i, r) in items.iter().enumerate().skip(c.offset).take(list.height as usize) {
            let y = list.y + (i - c.offset) as u16;
            let style = match r.item.status {
                AgendaStatus::Overdue => th.bad(),
                AgendaStatus::Due => th.warn(),
                AgendaStatus::Upcoming => th.text(),
            };
            let row = [
                (text::pad(&choice_label(ui.lang, r.item.status), w_status), style),
                (text::pad(&r.item.date.to_string(), w_date), th.text()),
                (text::pad(&choice_label(ui.lang, r.item.kind), w_kind), th.dim()),
                (text::pad(&r.account, w_account - 1) + " ", th.text()),
                (text::pad(&self.title_of(r), w_title), th.text()),
            ];
            put_spans(buf, list, y, &row);
            if i == c.selected {
                fill_row(buf, list, y, th.selected(true));
            }
        }
    }
}
