//! The metrics view's per-owner table (issue 16, per owner): `radar report --by owner`, one
//! line per CSM under the report, so a team lead reads the quarter per person on one screen.
//! `filter_owner` (`w`) narrows the whole dashboard to one of them.

use super::Ui;
use super::metrics::{money, rate};
use crate::domain::text::clean_line;
use crate::scans::OwnerRow;
use crate::tui::view::widgets::{span, text};
use ratatui::text::Line;

/// The table's lines: a blank line, the heading, one line per owner (nothing until loaded).
pub fn lines(ui: &Ui, rows: Option<&[OwnerRow]>) -> Vec<Line<'static>> {
    let Some(rows) = rows else { return Vec::new() };
    let th = &ui.theme;
    let mut out = vec![Line::default(), Line::from(span(ui.t("ui.metrics.by_owner"), th.header()))];
    for o in rows {
        let r = &o.report;
        let name = if o.owner.trim().is_empty() { ui.t("cli.owner.none") } else { clean_line(&o.owner) };
        let n = |v: u32| v.to_string();
        let row = ui.tf(
            "ui.metrics.owner_row",
            &[
                ("due", &n(r.due_count)),
                ("renewed", &n(r.renewed_count)),
                ("decided", &n(r.decided_count)),
                ("pending", &n(r.pending_count)),
                ("logo", &rate(r.decided_logo_rate)),
                ("dollar", &rate(r.decided_dollar_rate)),
                ("at_risk", &money(ui, crate::domain::metrics::Figure::AtRisk, r)),
                ("overdue", &n(o.overdue_items)),
            ],
        );
        let unit = 10_i64.pow(r.currency.exponent());
        let load = o.book.load_pct(o.capacity, unit).map_or_else(|| "-".into(), |p| format!("{p}%"));
        let cap = super::metrics::sum_in(ui, Some(o.capacity.saturating_mul(unit)), r);
        let book = ui.tf(
            "ui.metrics.owner_book",
            &[
                ("book", &super::metrics::sum_in(ui, o.book.value, r)),
                ("capacity", &cap),
                ("load", &load),
                ("n", &o.book.accounts().to_string()),
            ],
        );
        let row = format!("{row} · {book}");
        out.push(Line::from(vec![span(text::pad(&name, 18), th.bold()), span(row, th.text())]));
    }
    out
}
