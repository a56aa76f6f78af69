//! The metrics view: `radar report` for a chosen quarter (续约率, 续费率, …), churn
//! reasons grouped by factor as bars, and the renewals due in 30/60/90 days.

use super::metrics_charts;
use super::{Outcome, Ui};
use crate::domain::metrics::{Figure, Rate, RenewalReport};
use crate::domain::money::format_sum_compact;
use crate::domain::{Choice, ChurnFactor, ChurnReason};
use crate::i18n::choice_label;
use crate::tui::action::Action;
use crate::tui::view::widgets::{frame, put, put_lines, span, text};
use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

/// A calendar quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    /// 1–4
    pub q: u32,
}

impl Quarter {
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter { year: d.year(), q: d.month0() / 3 + 1 }
    }

    /// First and last day.
    pub fn range(self) -> (NaiveDate, NaiveDate) {
        let start = NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).unwrap_or(NaiveDate::MIN);
        let next = self.shift(1);
        let end = NaiveDate::from_ymd_opt(next.year, (next.q - 1) * 3 + 1, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(start);
        (start, end)
    }

    pub fn shift(self, by: i32) -> Quarter {
        let idx = self.year * 4 + self.q as i32 - 1 + by;
        Quarter { year: idx.div_euclid(4), q: idx.rem_euclid(4) as u32 + 1 }
    }

    pub fn label(self, ui: &Ui) -> String {
        ui.tf("ui.metrics.quarter", &[("y", &self.year.to_string()), ("q", &self.q.to_string())])
    }
}

pub struct MetricsPane {
    pub quarter: Quarter,
    pub report: Option<Box<RenewalReport>>,
    /// The pictures and the calibration (`Effect::LoadCharts`); they do not depend on the
    /// quarter shown.
    pub charts: Option<Box<super::metrics_charts::ChartsData>>,
    pub ui: Ui,
    /// First line shown (the view scrolls when the terminal is shorter than the report).
    pub scroll: usize,
    /// The owner the dashboard is filtered to (`filter_owner`), shown in the title.
    pub owner: Option<String>,
    /// One row per owner (`radar report --by owner`), for the quarter shown.
    pub by_owner: Option<Vec<crate::scans::OwnerRow>>,
}

impl MetricsPane {
    pub fn new(ui: Ui) -> MetricsPane {
        MetricsPane {
            quarter: Quarter::of(ui.today),
            report: None,
            charts: None,
            ui,
            scroll: 0,
            owner: None,
            by_owner: None,
        }
    }

    /// `Selected` when the quarter changed (the app asks for its report), `Handled` for a
    /// scroll.
    pub fn handle_key(&mut self, action: Action) -> Outcome {
        // The line count does not depend on the width (only the bars' length does).
        let len = self.report.as_ref().map_or(0, |r| self.all_lines(r, 80).len())
            + self.charts.as_ref().map_or(0, |c| metrics_charts::all_lines(&self.ui, c, 80).len() + 1);
        if let Some(scroll) = super::moved(self.scroll, action, len, 10) {
            self.scroll = scroll;
            return Outcome::Handled;
        }
        self.quarter = match action {
            Action::PrevQuarter => self.quarter.shift(-1),
            Action::NextQuarter => self.quarter.shift(1),
            _ => return Outcome::Ignored,
        };
        self.report = None;
        self.by_owner = None;
        self.scroll = 0;
        Outcome::Selected
    }
}

impl MetricsPane {
    /// The report's lines, then the per-owner table (`metrics_owner`).
    fn all_lines(&self, r: &RenewalReport, width: usize) -> Vec<Line<'static>> {
        let mut all = lines(&self.ui, r, width);
        all.extend(super::metrics_owner::lines(&self.ui, self.by_owner.as_deref()));
        all
    }
}

pub fn rate(r: Option<Rate>) -> String {
    r.map_or("-".to_string(), |r| r.to_string())
}

/// A period amount of the report in short: not known when none of its renewals converts
/// (no exchange rate), "too large to add up" (never a clipped number).
pub fn money(ui: &Ui, f: Figure, r: &RenewalReport) -> String {
    if r.is_unknown(f) {
        return ui.t("ui.metrics.no_amount");
    }
    sum_in(ui, r.amount(f), r)
}

/// A sum in the report's currency, in short (a capacity or a book: never unknown).
pub fn sum_in(ui: &Ui, sum: Option<i64>, r: &RenewalReport) -> String {
    format_sum_compact(sum, r.currency, &ui.t("money.too_large"))
}

/// The amount due in a window of the next days: not known when none of it converts.
fn window_money(ui: &Ui, w: &crate::domain::metrics::DueWindow, r: &RenewalReport) -> String {
    if w.no_amount_converts() {
        return ui.t("ui.metrics.no_amount");
    }
    format_sum_compact(w.amount, r.currency, &ui.t("money.too_large"))
}

fn lines(ui: &Ui, r: &RenewalReport, width: usize) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let lang = ui.lang;
    let kv = |key: &str, v: String| {
        Line::from(vec![span(text::pad(&ui.t(key), 22), th.dim()), span(v, th.bold())])
    };
    let mut out = vec![Line::from(span(format!("{} .. {} · {}", r.from, r.to, r.currency), th.dim()))];
    // Amounts left out of the totals, named at the top where they cannot be missed: whole,
    // wrapped where the view is narrow (at 80 columns it lost "amounts.").
    for line in missing_rate_lines(ui, r) {
        out.extend(text::wrap(&line, width.max(10)).into_iter().map(|l| Line::from(span(l, th.warn()))));
    }
    out.extend([
        // Decided, pending and forecast apart, each labelled (issue 16); the rates over
        // everything due, where pending counts as not renewed, after them.
        kv(
            "ui.metrics.due",
            ui.tf(
                "ui.metrics.due_counts",
                &[
                    ("due", &r.due_count.to_string()),
                    ("renewed", &r.renewed_count.to_string()),
                    ("churned", &r.churned_count.to_string()),
                    ("pending", &r.pending_count.to_string()),
                ],
            ),
        ),
        kv("ui.metrics.decided_logo", rate(r.decided_logo_rate)),
        kv("ui.metrics.decided_dollar", rate(r.decided_dollar_rate)),
        kv("ui.metrics.pending", format!("{} · {}", r.pending_count, money(ui, Figure::Pending, r))),
        kv("ui.metrics.at_risk_amount", money(ui, Figure::AtRisk, r)),
        kv("ui.metrics.forecast_logo", rate(r.forecast_logo_rate)),
        kv("ui.metrics.forecast_dollar", rate(r.forecast_dollar_rate)),
        Line::from(span(
            ui.tf(
                "ui.metrics.forecast_basis",
                &[("call", &r.forecast_by_call.to_string()), ("band", &r.forecast_by_band.to_string())],
            ),
            th.dim(),
        )),
        kv("ui.metrics.logo_rate", rate(r.logo_renewal_rate)),
        kv("ui.metrics.dollar_rate", rate(r.dollar_renewal_rate)),
        kv("ui.metrics.gross_rate", rate(r.gross_renewal_rate)),
        kv("ui.metrics.due_amount", money(ui, Figure::Due, r)),
        kv("ui.metrics.renewed_amount", money(ui, Figure::Renewed, r)),
        kv("ui.metrics.activation", rate(r.activation_rate)),
        kv("ui.metrics.breadth", rate(r.feature_breadth)),
        kv("ui.metrics.target", rate(r.target_customer_ratio)),
        Line::default(),
        Line::from(span(ui.t("ui.metrics.due_next"), th.header())),
    ]);
    for w in &r.due_next {
        out.push(Line::from(vec![
            span(text::pad(&ui.tf("ui.metrics.within", &[("n", &w.days.to_string())]), 22), th.dim()),
            span(format!("{:>4}  {}", w.count, window_money(ui, w, r)), th.text()),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(span(ui.t("ui.metrics.churn"), th.header())));
    let max = r.churn_reasons.values().copied().max().unwrap_or(0).max(1) as usize;
    let bar_w = width.saturating_sub(30).clamp(5, 50);
    if r.churn_reasons.is_empty() {
        out.push(Line::from(span(ui.t("ui.metrics.no_churn"), th.good())));
    }
    for factor in ChurnFactor::ALL {
        let n = r.churn_factors.get(factor).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        out.push(Line::from(span(format!("{} ({n})", choice_label(lang, *factor)), th.bold())));
        for reason in ChurnReason::ALL.iter().filter(|c| c.factor() == *factor) {
            let count = r.churn_reasons.get(reason).copied().unwrap_or(0);
            if count == 0 {
                continue;
            }
            let len = (count as usize * bar_w).div_ceil(max);
            out.push(Line::from(vec![
                span(text::pad(&format!("  {}", choice_label(lang, *reason)), 24), th.text()),
                span("█".repeat(len), th.bad()),
                span(format!(" {count}"), th.text()),
            ]));
        }
    }
    out
}

/// "3 renewals in EUR have no rate into CNY", one per currency without a rate.
pub fn missing_rate_lines(ui: &Ui, r: &RenewalReport) -> Vec<String> {
    r.missing_rates
        .iter()
        .map(|(c, n)| {
            ui.tf(
                "ui.metrics.other_currency",
                &[("n", &n.to_string()), ("currency", c.code()), ("target", r.currency.code())],
            )
        })
        .collect()
}

impl Widget for &MetricsPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = &self.ui;
        let th = &ui.theme;
        let mut title = format!(" {} · {} ", ui.t("ui.metrics.title"), self.quarter.label(ui));
        if let Some(o) = &self.owner {
            title.push_str(&format!("· {} ", crate::domain::text::clean_line(o)));
        }
        let inner = frame(buf, area, title, th.border(true), th.title());
        if inner.height < 2 || inner.width < 20 {
            return;
        }
        match &self.report {
            None => {
                put(buf, inner.x + 1, inner.y, inner.width - 1, &ui.t("ui.loading"), th.dim());
            }
            Some(r) => {
                // Wide: the report on the left, the pictures beside it (as many whole
                // panels as fit). Narrow: the pictures follow the report in one scroll.
                let wide = inner.width >= WIDE;
                let (left, right) = if wide {
                    let lw = inner.width / 2;
                    (
                        Rect { width: lw, ..inner },
                        Some(Rect { x: inner.x + lw + 1, width: inner.width - lw - 1, ..inner }),
                    )
                } else {
                    (inner, None)
                };
                let mut all = self.all_lines(r, left.width as usize);
                if let (Some(c), None) = (&self.charts, right) {
                    all.push(Line::default());
                    all.extend(metrics_charts::all_lines(ui, c, left.width.saturating_sub(1)));
                }
                let height = left.height as usize;
                let scroll = self.scroll.min(all.len().saturating_sub(height));
                put_lines(buf, left, &all, scroll);
                if let Some(right) = right {
                    let panels = match &self.charts {
                        Some(c) => metrics_charts::panels(ui, c, right.width),
                        None => vec![vec![Line::from(span(ui.t("ui.loading"), th.dim()))]],
                    };
                    let mut shown: Vec<Line<'static>> = Vec::new();
                    for p in panels {
                        let gap = usize::from(!shown.is_empty());
                        if shown.len() + gap + p.len() > right.height as usize {
                            continue;
                        }
                        if gap == 1 {
                            shown.push(Line::default());
                        }
                        shown.extend(p);
                    }
                    put_lines(buf, right, &shown, 0);
                }
                // Arrows on the right border say there is more above or below.
                let x = area.right().saturating_sub(1);
                if scroll > 0 {
                    put(buf, x, inner.y, 1, "↑", th.dim());
                }
                if scroll + height < all.len() {
                    put(buf, x, inner.bottom().saturating_sub(1), 1, "↓", th.dim());
                }
            }
        }
    }
}

/// From this inner width on, the pictures stand beside the report.
const WIDE: u16 = 150;
