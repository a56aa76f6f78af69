//! The agenda drawn: its title, the columns, and one line per item or per account's group,
//! each account named as the portfolio names it (told apart from accounts sharing its name).

use super::{AgendaFilter, AgendaPane, Line};
use crate::domain::agenda::AgendaStatus;
use crate::i18n::choice_label;
use crate::tui::panes::portfolio::model::PortfolioModel;
use crate::tui::view::widgets::{fill_row, frame, put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// The agenda with the portfolio, which knows the accounts sharing a name.
pub struct AgendaView<'a> {
    pub pane: &'a AgendaPane,
    pub names: &'a PortfolioModel,
}

impl Widget for AgendaView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (this, names) = (self.pane, self.names);
        let ui = &this.ui;
        let th = &ui.theme;
        let inner = frame(buf, area, this.title(area.width), th.border(true), th.title());
        if inner.height < 2 || inner.width < 20 {
            return;
        }
        let Some(d) = &this.data else {
            put(buf, inner.x + 1, inner.y, inner.width - 1, &ui.t("ui.loading"), th.dim());
            return;
        };
        if this.lines.is_empty() {
            let [mine, week, kind] = &this.toggle_keys;
            let line = if this.filter == AgendaFilter::default() {
                ui.t("ui.agenda.empty")
            } else {
                ui.tf("ui.agenda.empty_filtered", &[("mine", mine), ("week", week), ("kind", kind)])
            };
            put(buf, inner.x + 1, inner.y, inner.width - 1, &line, th.good());
            return;
        }
        // From 100 columns the kind column fits the longest kind, "Requirement", and a space
        // (it read "Requireme…" at any width); narrower, the title keeps those two columns.
        let w_kind = if inner.width >= 100 { 12usize } else { 10 };
        let (w_status, w_date) = (10usize, 11usize);
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
        let c = this.cursor;
        for (i, line) in this.lines.iter().enumerate().skip(c.offset).take(list.height as usize) {
            let y = list.y + (i - c.offset) as u16;
            let (row, account, title) = match *line {
                Line::Item { row, indented, last } => {
                    let r = &d.rows[row];
                    let account = match (indented, last) {
                        (false, _) => names.shown_name_of(r.item.account_id, &r.account, w_account - 1),
                        (true, false) => "  ├ ".to_string(),
                        (true, true) => "  └ ".to_string(),
                    };
                    (r, account, this.title_of(r))
                }
                Line::Group { first, count, expanded } => {
                    let r = &d.rows[first];
                    let mark = if expanded { "▾ " } else { "▸ " };
                    let more =
                        ui.tf("ui.agenda.group", &[("n", &count.to_string()), ("first", &this.title_of(r))]);
                    let name = names.shown_name_of(r.item.account_id, &r.account, w_account - 3);
                    (r, format!("{mark}{name}"), more)
                }
            };
            let style = match row.item.status {
                AgendaStatus::Overdue => th.bad(),
                AgendaStatus::Due => th.warn(),
                AgendaStatus::Upcoming => th.text(),
            };
            let cells = [
                (text::pad(&choice_label(ui.lang, row.item.status), w_status), style),
                (text::pad(&row.item.date.to_string(), w_date), th.text()),
                // A space after the kind, as after the account: a cut "Requirem…" ran into the name.
                (text::pad(&choice_label(ui.lang, row.item.kind), w_kind - 1) + " ", th.dim()),
                (text::pad(&account, w_account - 1) + " ", th.text()),
                (text::pad(&title, w_title), th.text()),
            ];
            put_spans(buf, list, y, &cells);
            if i == c.selected {
                fill_row(buf, list, y, th.selected(true));
            }
        }
    }
}
