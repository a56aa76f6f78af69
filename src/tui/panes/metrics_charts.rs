//! The metrics view's pictures (issue 16): the decided logo and dollar rates of the last
//! eight quarters, renewals due per month by band, accounts and ARR by band, and the
//! calibration section (does the score predict churn?). The numbers come from
//! `domain::charts` and `domain::calibrate`; the drawing is ratatui's `BarChart`, rendered
//! off screen into lines so that the view keeps scrolling as one list.
//!
//! Without colour every bar still says what it is: each bar carries a label under it
//! (L/$ for logo/dollar, the band's initial), and the values are written on the bars.

use super::Ui;
use crate::domain::Choice;
use crate::domain::calibrate::{Calibration, MIN_OUTCOMES, times};
use crate::domain::charts::{BandBook, DueByMonth, QuarterRates, percent};
use crate::domain::money::format_sum_compact;
use crate::domain::risk::Band;
use crate::i18n::choice_label;
use crate::tui::view::widgets::glyphs::char_width;
use crate::tui::view::widgets::{span, text};
use ratatui::buffer::Buffer;
use ratatui::layout::{Direction, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};

/// Quarters of rates shown (fewer when the pane is narrow: the oldest go first).
pub const QUARTERS: usize = 8;
/// Months of renewals due shown.
pub const MONTHS: usize = 6;

/// Everything the pictures need, computed by the scan worker in one pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartsData {
    /// Whose accounts they picture (None: everyone's).
    pub owner: Option<String>,
    /// Oldest first, the current quarter last.
    pub quarters: Vec<QuarterRates>,
    pub due: DueByMonth,
    pub book: BandBook,
    /// At T-90.
    pub calibration: Calibration,
}

/// Draws a widget into a `width` × `height` buffer and returns its rows as styled lines
/// (a wide character's trailing cell is dropped, so CJK labels keep their width).
pub fn widget_lines(width: u16, height: u16, draw: impl FnOnce(Rect, &mut Buffer)) -> Vec<Line<'static>> {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    draw(area, &mut buf);
    (0..height)
        .map(|y| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let (mut text, mut style, mut skip) = (String::new(), Style::default(), 0usize);
            for x in 0..width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let cell = &buf[(x, y)];
                let sym = cell.symbol();
                skip = sym.chars().map(char_width).sum::<usize>().saturating_sub(1);
                if cell.style() != style && !text.is_empty() {
                    spans.push(Span::styled(std::mem::take(&mut text), style));
                }
                style = cell.style();
                text.push_str(sym);
            }
            let trimmed = text.trim_end().to_string();
            if !trimmed.is_empty() || spans.is_empty() {
                spans.push(Span::styled(trimmed, style));
            }
            Line::from(spans)
        })
        .collect()
}

fn heading(ui: &Ui, key: &str, args: &[(&str, &str)]) -> Line<'static> {
    Line::from(span(ui.tf(key, args), ui.theme.header()))
}

/// The band's one-letter (one CJK character) label, for bars and legends.
fn initial(ui: &Ui, band: Band) -> String {
    ui.t(&format!("ui.charts.initial_{}", band.id()))
}

fn legend(ui: &Ui) -> Line<'static> {
    let parts: Vec<String> =
        Band::ALL.iter().map(|b| format!("{} {}", initial(ui, *b), choice_label(ui.lang, *b))).collect();
    Line::from(span(parts.join(" · "), ui.theme.dim()))
}

/// The calibration in a few lines: outcomes and AUC, churn per band, the strongest rule.
pub fn calibration_lines(ui: &Ui, c: &Calibration) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let at = c.lead_days.to_string();
    let mut out = vec![heading(ui, "ui.calibrate.title", &[("at", &at)])];
    let auc = c.auc.map_or_else(|| "-".to_string(), |a| a.to_string());
    let mut summary = vec![span(
        ui.tf("ui.calibrate.summary", &[("n", &c.outcomes.to_string()), ("auc", &auc)]),
        th.bold(),
    )];
    if !c.enough() {
        summary.push(span(" · ", th.dim()));
        summary.push(span(ui.tf("ui.calibrate.too_few", &[("min", &MIN_OUTCOMES.to_string())]), th.warn()));
    }
    out.push(Line::from(summary));
    for b in c.bands.iter().filter(|b| b.outcomes > 0) {
        let pct = b.churn_rate().map_or_else(|| "-".to_string(), |r| r.to_string());
        let text = ui.tf(
            "ui.calibrate.band",
            &[
                ("band", &choice_label(ui.lang, b.band)),
                ("pct", &pct),
                ("n", &b.churned.to_string()),
                ("d", &b.outcomes.to_string()),
            ],
        );
        out.push(Line::from(vec![
            span(format!("  {} ", initial(ui, b.band)), th.band(Some(b.band))),
            span(text, th.text()),
        ]));
    }
    // The rule with the highest lift among those seen often enough to mean something.
    let top = c
        .rules
        .iter()
        .filter(|r| r.fired >= 5 && r.fired_churned > 0)
        .filter_map(|r| r.lift().map(|l| (r, l)))
        .max_by(|(_, a), (_, b)| {
            (i128::from(a.num) * i128::from(b.den)).cmp(&(i128::from(b.num) * i128::from(a.den)))
        });
    if let Some((r, lift)) = top {
        out.push(Line::from(span(
            ui.tf("ui.calibrate.top", &[("rule", &choice_label(ui.lang, r.rule)), ("lift", &times(lift))]),
            th.text(),
        )));
    }
    out.push(Line::from(span(ui.t("ui.calibrate.hint"), th.dim())));
    out
}

/// The decided logo (L) and dollar ($) rates per quarter, in percent.
pub fn rates_lines(ui: &Ui, quarters: &[QuarterRates], width: u16) -> Vec<Line<'static>> {
    let th = &ui.theme;
    // A group: two bars of 3 and a gap of 1, then 2 between groups.
    let fit = usize::from((width + 2) / 9).min(quarters.len());
    let shown = &quarters[quarters.len() - fit..];
    let mut out =
        vec![heading(ui, "ui.charts.rates", &[]), Line::from(span(ui.t("ui.charts.rates_legend"), th.dim()))];
    if fit == 0 {
        return out;
    }
    // A bar of 0 draws no value (ratatui skips it), so 0% and "-" (nothing decided) were
    // blank (CSM trial, session 22): such a bar is given 1, too little for a tick of bar,
    // enough for its text to be drawn.
    let bar = |label: &str, r: Option<u64>, style: Style| {
        Bar::default()
            .value(r.unwrap_or(0).max(1))
            .label(Line::from(label.to_string()))
            .text_value(r.map_or_else(|| "-".to_string(), |p| p.to_string()))
            .style(style)
    };
    let groups: Vec<BarGroup<'static>> = shown
        .iter()
        .map(|q| {
            let label = ui.tf(
                "ui.charts.quarter",
                &[("yy", &format!("{:02}", q.year.rem_euclid(100))), ("q", &q.q.to_string())],
            );
            BarGroup::default().label(Line::from(label)).bars(&[
                bar(&ui.t("ui.charts.logo_mark"), percent(q.logo), th.info()),
                bar(&ui.t("ui.charts.dollar_mark"), percent(q.dollar), th.good()),
            ])
        })
        .collect();
    let top =
        shown.iter().flat_map(|q| [percent(q.logo), percent(q.dollar)]).flatten().max().unwrap_or(0).max(100);
    let mut chart = BarChart::default()
        .bar_width(3)
        .bar_gap(1)
        .group_gap(2)
        .max(top)
        .value_style(th.bold())
        .label_style(th.dim());
    for g in groups {
        chart = chart.data(g);
    }
    out.extend(widget_lines(width, 9, |a, b| chart.render(a, b)));
    out
}

/// Renewals due per month for the next months, one bar per band.
pub fn due_lines(ui: &Ui, due: &DueByMonth, width: u16) -> Vec<Line<'static>> {
    let th = &ui.theme;
    // A group: four bars of 2, then 2 between groups.
    let fit = usize::from((width + 2) / 10).min(due.months.len());
    let mut out = vec![heading(ui, "ui.charts.due", &[("n", &fit.to_string())]), legend(ui)];
    if fit == 0 {
        return out;
    }
    let mut chart = BarChart::default()
        .bar_width(2)
        .bar_gap(0)
        .group_gap(2)
        .max(u64::from(due.max().max(1)))
        .value_style(th.bold())
        .label_style(th.dim());
    for (m, counts) in &due.months[..fit] {
        let bars: Vec<Bar<'static>> = Band::ALL
            .iter()
            .map(|b| {
                let n = counts[*b as usize];
                Bar::default()
                    .value(u64::from(n))
                    .label(Line::from(initial(ui, *b)))
                    .text_value(if n == 0 { String::new() } else { n.to_string() })
                    .style(th.band(Some(*b)))
            })
            .collect();
        chart = chart.data(BarGroup::default().label(Line::from(m.label())).bars(&bars));
    }
    out.extend(widget_lines(width, 8, |a, b| chart.render(a, b)));
    out
}

/// Accounts and ARR per band, as horizontal bars (length: ARR).
pub fn book_lines(ui: &Ui, book: &BandBook, width: u16) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let mut out = vec![heading(ui, "ui.charts.book", &[])];
    let too_large = ui.t("money.too_large");
    let max = book.bands.iter().filter_map(|(_, _, a)| *a).max().unwrap_or(0).max(1);
    let names: Vec<String> = book
        .bands
        .iter()
        .map(|(b, _, _)| format!("{} {}", initial(ui, *b), choice_label(ui.lang, *b)))
        .collect();
    let name_w = names.iter().map(|n| text::width(n)).max().unwrap_or(0);
    let figures: Vec<String> = book
        .bands
        .iter()
        .map(|(_, n, arr)| {
            let amount = if book.no_amount_converts() {
                ui.t("ui.metrics.no_amount")
            } else {
                format_sum_compact(*arr, book.currency, &too_large)
            };
            ui.tf("ui.charts.book_bar", &[("n", &n.to_string()), ("arr", &amount)])
        })
        .collect();
    // 14 columns, right-aligned, or as wide as the widest figures: a fixed 14 cut
    // "n/a (no rate)" to "n/a (no …" (CSM trial, session 29).
    let figures_w = figures.iter().map(|f| text::width(f)).fold(14, usize::max);
    let bars: Vec<Bar<'static>> = book
        .bands
        .iter()
        .zip(names.iter().zip(&figures))
        .map(|((band, _, arr), (name, figures))| {
            // Scaled to 1000 steps: the bar's length is all that the value sets. The
            // figures go in the label, left of the bar, so a short bar cannot hide them.
            let value = arr.map_or(0, |a| u64::try_from(a.max(0).saturating_mul(1000) / max).unwrap_or(0));
            Bar::default()
                .value(value)
                .label(Line::from(format!(
                    "{} {}",
                    text::pad(name, name_w),
                    text::pad_left(figures, figures_w)
                )))
                .text_value(String::new())
                .style(th.band(Some(*band)))
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .max(1000)
        .value_style(th.bold())
        .data(BarGroup::default().bars(&bars));
    out.extend(widget_lines(width, 4, |a, b| chart.render(a, b)));
    if book.other_currency > 0 {
        out.push(Line::from(span(
            ui.tf(
                "ui.charts.other_currency",
                &[("n", &book.other_currency.to_string()), ("currency", book.currency.code())],
            ),
            th.dim(),
        )));
    }
    out
}

/// The panels, most telling first: the wide layout shows as many whole ones as fit.
pub fn panels(ui: &Ui, c: &ChartsData, width: u16) -> Vec<Vec<Line<'static>>> {
    vec![
        calibration_lines(ui, &c.calibration),
        rates_lines(ui, &c.quarters, width),
        due_lines(ui, &c.due, width),
        book_lines(ui, &c.book, width),
    ]
}

/// Every picture, one after another, with a blank line between (the narrow layout).
pub fn all_lines(ui: &Ui, c: &ChartsData, width: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for part in panels(ui, c, width) {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.extend(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::widgets::Paragraph;

    fn text_of(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn off_screen_lines_keep_wide_characters_whole() {
        let lines = widget_lines(8, 2, |a, b| Paragraph::new("健康 ok\nab").render(a, b));
        assert_eq!(lines.iter().map(text_of).collect::<Vec<_>>(), ["健康 ok", "ab"]);
        assert_eq!(lines[0].width(), 7);
    }

    /// A quarter whose renewals all churned reads 0, one with nothing decided "-", as the
    /// legend says (both were blank: ratatui draws no value on an empty bar).
    #[test]
    fn a_zero_rate_and_nothing_decided_are_written_under_their_quarter() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let theme = crate::tui::view::theme::Theme::plain();
        let ui = Ui { lang: crate::i18n::Lang::En, theme, today, now: crate::domain::risk::day_end(today) };
        let rate = |num, den| Some(crate::domain::metrics::Rate { num, den });
        let quarters = [
            QuarterRates { year: 2025, q: 1, decided: 8, logo: rate(0, 8), dollar: rate(0, 5) },
            QuarterRates { year: 2025, q: 2, decided: 0, logo: None, dollar: None },
            QuarterRates { year: 2025, q: 3, decided: 2, logo: rate(1, 2), dollar: rate(1, 1) },
        ];
        let lines: Vec<String> = rates_lines(&ui, &quarters, 40).iter().map(text_of).collect();
        let values = lines.iter().rev().nth(2).expect("the row of values above the labels");
        let cells: Vec<String> = values
            .split_whitespace()
            .map(|c| c.trim_end_matches(|ch| "▁▂▃▄▅▆▇█".contains(ch)).to_string())
            .collect();
        assert_eq!(cells, ["0", "0", "-", "-", "50", "100"], "{lines:#?}");
        // No bar is drawn for them: every glyph of the chart above is for 25Q3.
        let bars: usize =
            lines.iter().map(|l| l.chars().take(16).filter(|c| "▁▂▃▄▅▆▇█".contains(*c)).count()).sum();
        assert_eq!(bars, 0, "{lines:#?}");
    }

    /// No amount converts into the reporting currency: each band reads its count and the
    /// whole "n/a (no rate)", in both languages, from the narrowest terminal up (it was cut
    /// to "n/a (no …" at any width: CSM trial, session 29).
    #[test]
    fn the_band_panel_says_no_rate_whole() {
        use crate::domain::Currency;
        use crate::domain::money::fx::Converter;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut book = BandBook::new(&Converter::without_rates(Currency::new("GBP").unwrap()));
        book.bands = Band::ALL.iter().zip([35, 78, 46, 12]).map(|(b, n)| (*b, n, Some(0))).collect();
        book.other_currency = 171;
        assert!(book.no_amount_converts());
        for lang in crate::i18n::Lang::ALL {
            let theme = crate::tui::view::theme::Theme::plain();
            let ui = Ui { lang, theme, today, now: crate::domain::risk::day_end(today) };
            let no_amount = ui.t("ui.metrics.no_amount");
            // 57: the narrow layout's width at 60 columns; 77 at 80; 98 the wide layout's at 200.
            for width in [57, 77, 98] {
                let lines: Vec<String> = book_lines(&ui, &book, width).iter().map(text_of).collect();
                let whole = lines.iter().filter(|l| l.contains(&no_amount)).count();
                assert_eq!(whole, 4, "{lang:?} at {width}: {lines:#?}");
                assert!(lines.iter().all(|l| !l.contains('…')), "{lines:#?}");
            }
        }
    }

    #[test]
    fn every_bar_is_labelled_so_it_reads_without_colour() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let theme = crate::tui::view::theme::Theme::plain();
        let ui = Ui { lang: crate::i18n::Lang::ZhCn, theme, today, now: crate::domain::risk::day_end(today) };
        let mut due = DueByMonth::new(ui.today, MONTHS);
        due.months[1].1 = [1, 2, 3, 4];
        let lines: Vec<String> = due_lines(&ui, &due, 78).iter().map(text_of).collect();
        assert!(lines.iter().any(|l| l.starts_with("健关险危  健关险危")), "{lines:#?}");
        assert!(lines.iter().any(|l| l.contains("2026-11") && l.contains("2027-04")), "{lines:#?}");
        // Narrow: fewer months, never a cut group.
        let narrow: Vec<String> = due_lines(&ui, &due, 30).iter().map(text_of).collect();
        assert!(
            narrow.iter().any(|l| l.contains("2027-01")) && !narrow.iter().any(|l| l.contains("2027-02"))
        );
    }
}
