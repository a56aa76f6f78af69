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
        // Not known when none of its open terms converts (as `report --by owner` says).
        let book_value = if o.book.no_value_converts() {
            ui.t("ui.metrics.no_amount")
        } else {
            super::metrics::sum_in(ui, o.book.value, r)
        };
        let book = ui.tf(
            "ui.metrics.owner_book",
            &[
                ("book", &book_value),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::capacity::Book;
    use crate::domain::metrics::{ReportBuilder, ReportPeriod};
    use crate::domain::{Choice, Currency, Tier};

    fn row(book: Book) -> OwnerRow {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let period = ReportPeriod { from: day, to: day, today: day, currency: Currency::EUR };
        OwnerRow {
            owner: "李娜".into(),
            report: ReportBuilder::new(&period).finish(),
            overdue_items: 0,
            book,
            capacity: 5_000_000,
        }
    }

    fn text(ui: &Ui, rows: &[OwnerRow]) -> String {
        lines(ui, Some(rows)).iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n")
    }

    /// A book none of whose open terms converts is not known (it read "€0" once the
    /// period's amounts stopped deciding it, session 31); one that converts is its sum.
    #[test]
    fn a_book_nothing_of_which_converts_is_not_known() {
        let ui = Ui::for_tests(crate::i18n::Lang::En);
        let mut by_tier = vec![0; Tier::ALL.len()];
        by_tier[0] = 2;
        let none = Book { value: Some(0), no_rate: 2, terms: 2, by_tier: by_tier.clone() };
        let shown = text(&ui, &[row(none)]);
        assert!(shown.contains(&format!("book {} of", ui.t("ui.metrics.no_amount"))), "{shown}");
        let some = Book { value: Some(12_000_000), no_rate: 1, terms: 2, by_tier };
        let shown = text(&ui, &[row(some)]);
        assert!(shown.contains("book €120k of"), "{shown}");
    }
}
