//! Overview: contract, stage, activation, risk at a glance, the handover sheet and the
//! contract history.

use super::{field, heading, para};
use crate::domain::TermOutcome;
use crate::domain::risk::is_churned;
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::span;
use ratatui::text::Line;

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let f = &d.facts;
    let a = &f.account;
    let lang = ui.lang;
    let mut out = Vec::new();
    let mut id_line = vec![span(a.name.clone(), th.bold())];
    if let Some(x) = &a.external_id {
        id_line.push(span(format!("  [{x}]"), th.dim()));
    }
    out.push(Line::from(id_line));
    out.push(Line::from(vec![
        span(format!("{} · {}", choice_label(lang, a.tier), choice_label(lang, a.stage)), th.text()),
        span(format!(" · {} · {} · ", or_dash(&a.industry), or_dash(&a.region)), th.dim()),
        span(format!("{} {}", ui.t("ui.overview.owner"), or_dash(&a.owner)), th.text()),
    ]));
    // No contract term yet (a CRM's companies imported): the ARR is unknown, not zero.
    let arr = if f.terms.is_empty() { "—".to_string() } else { f.arr().format_full() };
    out.push(field(ui, "ui.overview.arr", arr, th.bold()));
    if let Some(t) = f.current_term() {
        let renewal = format!("{} → {} ({})", t.start, t.end, ui.countdown(Some(t.end)));
        let style = if t.end < ui.today { th.bad() } else { th.text() };
        out.push(field(ui, "ui.overview.term", renewal, style));
    } else {
        out.push(field(ui, "ui.overview.term", ui.t("ui.overview.no_open_term"), th.warn()));
    }
    let activation = match a.activated_on {
        Some(d) => d.to_string(),
        None => ui.t("ui.overview.not_activated"),
    };
    let act_style = if a.activated_on.is_some() { th.text() } else { th.warn() };
    out.push(field(ui, "ui.overview.activated", activation, act_style));
    let fit = ui.t(if a.target_fit { "ui.yes" } else { "ui.no" });
    out.push(field(ui, "ui.overview.target_fit", fit, th.text()));
    if let Some(stage) = a.reference {
        let since = a.reference_since.map_or_else(String::new, |d| d.to_string());
        let text =
            ui.tf("ui.overview.reference_stage", &[("stage", &choice_label(lang, stage)), ("since", &since)]);
        out.push(field(ui, "ui.overview.reference", text, th.good()));
    }

    // Risk beside the CSM's own call.
    let ass = &d.assessment;
    let mut risk = vec![span(format!("{}: ", ui.t("ui.overview.risk")), th.dim())];
    let churned = is_churned(f, ui.today);
    if churned {
        risk.push(span(choice_label(lang, crate::domain::Stage::Churned), th.dim()));
    } else if let Some(none) = super::risk::no_contract(ui, d) {
        risk.push(none);
    } else {
        risk.push(span(format!("{} {}", ass.score, choice_label(lang, ass.band)), th.band(Some(ass.band))));
    }
    // A churned account's call is history: not shown beside "Churned", nor said to disagree
    // with signals nobody scores (CSM trial, session 28).
    if churned {
        out.push(Line::from(risk));
    } else {
        out.extend(super::risk::with_call(ui, risk, a.forecast, ass.band, width));
    }
    let scored = super::risk::no_contract(ui, d).is_none();
    for (points, _, detail, _) in d.reasons.iter().take(3).filter(|_| scored) {
        out.push(Line::from(vec![
            span(format!("  +{points:<3}"), th.band(Some(ass.band))),
            span(detail.clone(), th.text()),
        ]));
    }
    // The rest are on the Risk tab; without this line 65 of 100 points read as the whole.
    if let Some(rest) = d.reasons.get(3..).filter(|r| !r.is_empty()) {
        let points: u32 = rest.iter().map(|(p, ..)| *p).sum();
        let (n, points) = (rest.len().to_string(), points.to_string());
        out.push(Line::from(span(
            format!("  {}", ui.tf("ui.overview.more_reasons", &[("n", &n), ("points", &points)])),
            th.dim(),
        )));
    }

    out.push(Line::default());
    out.push(heading(ui, "ui.overview.handover"));
    let h = &a.handover;
    for (key, text) in [
        ("ui.overview.pain_points", &h.pain_points),
        ("ui.overview.why_bought", &h.why_bought),
        ("ui.overview.special_clauses", &h.special_clauses),
    ] {
        out.push(Line::from(span(ui.t(key), th.dim())));
        out.extend(para(text, width, th.text()));
    }

    out.push(Line::default());
    out.push(heading(ui, "ui.overview.terms"));
    for t in f.terms.iter().rev() {
        let outcome = match &t.outcome {
            None => ui.t("ui.overview.open_term"),
            Some(TermOutcome::Renewed { decided_on, new_arr }) => ui.tf(
                "ui.overview.renewed",
                &[("date", &decided_on.to_string()), ("arr", &new_arr.format_compact())],
            ),
            Some(TermOutcome::Churned { decided_on, reason, .. }) => ui.tf(
                "ui.overview.churned",
                &[("date", &decided_on.to_string()), ("reason", &choice_label(lang, *reason))],
            ),
        };
        out.push(Line::from(vec![
            span(format!("  {} → {}  ", t.start, t.end), th.text()),
            span(format!("{:>8}  ", t.arr.format_compact()), th.text()),
            span(outcome, th.dim()),
        ]));
        // What was said when it churned, in full: it was saved and shown nowhere (a win-back
        // starts from it).
        if let Some(TermOutcome::Churned { note, .. }) = &t.outcome
            && !note.trim().is_empty()
        {
            out.extend(para(note, width.saturating_sub(2), th.text()).into_iter().map(|mut l| {
                l.spans.insert(0, span("  ".to_string(), th.text()));
                l
            }));
        }
    }
    out
}

fn or_dash(s: &str) -> String {
    if s.is_empty() { "-".into() } else { s.to_string() }
}
