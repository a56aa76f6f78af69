//! Risk: score and band beside the CSM's call, the 12-week trend, every fired rule with
//! its reason and next action, the data gaps (what is not known, apart from the risk), and
//! what would flip the band.

use super::activity::sparkline;
use super::heading;
use crate::domain::risk::{Band, call_disagrees, is_churned};
use crate::domain::{Choice, Forecast, Stage};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{span, text};
use ratatui::text::{Line, Span};

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let lang = ui.lang;
    let a = &d.assessment;
    let f = &d.facts;
    let mut out = Vec::new();
    if is_churned(f, ui.today) {
        out.push(Line::from(span(
            ui.tf("ui.risk.churned", &[("stage", &choice_label(lang, Stage::Churned))]),
            th.dim(),
        )));
        return out;
    }
    let score = match no_contract(ui, d) {
        // Nothing below applies: no rule is scored before the first contract.
        Some(none) => {
            return vec![Line::from(vec![span(format!("{} — ", ui.t("ui.risk.score")), th.dim()), none])];
        }
        None => vec![
            span(
                format!("{} {}", ui.t("ui.risk.score"), a.score),
                th.band(Some(a.band)).add_modifier(ratatui::style::Modifier::BOLD),
            ),
            span(format!("  {}", choice_label(lang, a.band)), th.band(Some(a.band))),
        ],
    };
    out.extend(with_call(ui, score, f.account.forecast, a.band, width));
    if let (Some(first), Some(last)) = (d.trend.first(), d.trend.last()) {
        out.push(Line::from(vec![
            span(format!("{} ", ui.tf("ui.risk.trend", &[("n", &d.trend.len().to_string())])), th.dim()),
            span(sparkline(&d.trend), th.band(Some(a.band))),
            span(format!("  {first} → {last}"), th.text()),
        ]));
    }
    out.push(Line::default());
    out.push(heading(ui, "ui.risk.reasons"));
    if d.reasons.is_empty() {
        out.push(Line::from(span(ui.t("ui.risk.no_reasons"), th.good())));
    }
    let wrap_w = width.saturating_sub(6).max(10);
    for (points, rule, detail, action) in &d.reasons {
        out.push(Line::from(vec![
            span(format!("+{points:<3} "), th.band(Some(a.band))),
            span(choice_label(lang, *rule), th.bold()),
        ]));
        for l in text::wrap(detail, wrap_w) {
            out.push(Line::from(span(format!("     {l}"), th.text())));
        }
        for (i, l) in text::wrap(action, wrap_w).into_iter().enumerate() {
            let lead = if i == 0 { "  -> " } else { "     " };
            out.push(Line::from(span(format!("{lead}{l}"), th.info())));
        }
    }
    gap_lines(ui, d, width, &mut out);
    if !d.flips.is_empty() {
        out.push(Line::default());
        out.push(heading(ui, "ui.risk.flip"));
        let below =
            Band::ALL.iter().position(|b| *b == a.band).and_then(|i| i.checked_sub(1)).map(|i| Band::ALL[i]);
        let names: Vec<String> = d.flips.iter().map(|r| choice_label(lang, *r)).collect();
        let to = below.map_or_else(String::new, |b| choice_label(lang, b));
        let sentence = ui.tf("ui.risk.flip_text", &[("rules", &names.join(", ")), ("band", &to)]);
        for l in text::wrap(&sentence, width.saturating_sub(2).max(10)) {
            out.push(Line::from(span(format!("  {l}"), th.text())));
        }
    }
    out
}

/// An account with no contract term yet (a CRM's companies imported): nothing is at stake
/// and no renewal rule can fire, so its score of 0 is not "Healthy" but unknown (it read
/// "0 Healthy": CSM trial). Says so.
pub(super) fn no_contract(ui: &Ui, d: &DetailData) -> Option<Span<'static>> {
    d.facts.terms.is_empty().then(|| span(ui.t("ui.risk.no_contract"), ui.theme.dim()))
}

/// `lead` (the score and band) and the CSM's call beside it, with whether call and signals
/// disagree: on one line where it fits; else the disagreement goes under, then the call too,
/// each piece whole (at 120 columns the line was cut to "call and…": CSM trial).
pub(super) fn with_call(
    ui: &Ui,
    lead: Vec<Span<'static>>,
    forecast: Option<Forecast>,
    band: Band,
    width: usize,
) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let mut call = vec![span(format!("{}: ", ui.t("ui.overview.call")), th.dim())];
    call.push(match forecast {
        Some(fc) => span(choice_label(ui.lang, fc), th.text()),
        None => span(ui.t("ui.overview.no_call"), th.dim()),
    });
    let disagree = call_disagrees(forecast, band).then(|| span(ui.t("ui.risk.disagrees"), th.bad()));
    let cols = |spans: &[Span<'_>]| spans.iter().map(|s| text::width(&s.content)).sum::<usize>();
    let join = |a: &[Span<'static>], gap: &str, b: &[Span<'static>]| {
        let mut out = a.to_vec();
        if !b.is_empty() {
            out.push(span(gap.to_string(), th.text()));
            out.extend(b.iter().cloned());
        }
        out
    };
    let disagree: Vec<Span<'static>> = disagree.into_iter().collect();
    let lead_call = join(&lead, "   ", &call);
    let all = join(&lead_call, "  ", &disagree);
    if cols(&all) <= width {
        return vec![Line::from(all)];
    }
    if cols(&lead_call) <= width {
        let mut out = vec![Line::from(lead_call)];
        out.extend(wrapped(&disagree, width));
        return out;
    }
    let call_disagree = join(&call, "  ", &disagree);
    let mut out = vec![Line::from(lead)];
    if cols(&call_disagree) <= width {
        out.push(Line::from(call_disagree));
    } else {
        out.push(Line::from(call));
        out.extend(wrapped(&disagree, width));
    }
    out
}

/// One span (the disagreement) wrapped to `width`, in its style; none when there is none.
fn wrapped(spans: &[Span<'static>], width: usize) -> Vec<Line<'static>> {
    spans
        .iter()
        .flat_map(|s| {
            text::wrap(&s.content, width.max(10)).into_iter().map(move |l| Line::from(span(l, s.style)))
        })
        .collect()
}

/// The data gaps, under their completeness figure and whether the grace period is over;
/// a gap that counts in the score says so in words, not only in colour.
fn gap_lines(ui: &Ui, d: &DetailData, width: usize, out: &mut Vec<Line<'static>>) {
    let th = &ui.theme;
    let a = &d.assessment;
    let (known, checks) = a.completeness();
    let fig = [("known", known.to_string()), ("checks", checks.to_string())];
    let fig: Vec<(&str, &str)> = fig.iter().map(|(k, v)| (*k, v.as_str())).collect();
    out.push(Line::default());
    if d.gaps.is_empty() {
        out.push(Line::from(span(ui.tf("ui.risk.no_gaps", &fig), th.good())));
        return;
    }
    out.push(Line::from(span(ui.tf("ui.risk.gaps", &fig), th.header())));
    if let Some(end) = a.grace_ends {
        let date = end.to_string();
        let key = if ui.today < end { "ui.risk.grace" } else { "ui.risk.grace_over" };
        for l in text::wrap(&ui.tf(key, &[("date", &date)]), width.saturating_sub(2).max(10)) {
            out.push(Line::from(span(format!("  {l}"), th.dim())));
        }
    }
    let wrap_w = width.saturating_sub(6).max(10);
    for (scored, detail, action) in &d.gaps {
        for (i, l) in text::wrap(detail, wrap_w).into_iter().enumerate() {
            let mut line = vec![span(if i == 0 { "  ?  " } else { "     " }.to_string(), th.dim())];
            line.push(span(l, th.text()));
            if *scored && i == 0 {
                line.push(span(format!("  [{}]", ui.t("ui.risk.gap_scored")), th.bad()));
            }
            out.push(Line::from(line));
        }
        for (i, l) in text::wrap(action, wrap_w).into_iter().enumerate() {
            let lead = if i == 0 { "  -> " } else { "     " };
            out.push(Line::from(span(format!("{lead}{l}"), th.info())));
        }
    }
}
