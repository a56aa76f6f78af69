//! Activity: the usage trend as sparklines (active users, logins) and the touchpoints,
//! newest first.

use super::{Body, cells, heading};
use crate::domain::{RowKey, RowKind};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::span;
use ratatui::text::Line;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// A one-line sparkline of `values` scaled to their maximum.
pub fn sparkline(values: &[u32]) -> String {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    values.iter().map(|v| BARS[((*v as usize) * (BARS.len() - 1)) / max as usize]).collect()
}

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    let f = &d.facts;
    let mut out = vec![heading(ui, "ui.activity.usage")];
    let usage: Vec<_> = f.usage.iter().filter(|u| u.date <= ui.today).collect();
    let n = width.saturating_sub(24).clamp(4, 26);
    let recent = &usage[usage.len().saturating_sub(n)..];
    if let Some(last) = recent.last() {
        let users: Vec<u32> = recent.iter().map(|u| u.active_users).collect();
        let logins: Vec<u32> = recent.iter().map(|u| u.logins).collect();
        out.push(Line::from(vec![
            span(format!("{:<14}", ui.t("ui.activity.active_users")), th.dim()),
            span(sparkline(&users), th.info()),
            span(format!(" {}/{}", last.active_users, last.seats), th.text()),
        ]));
        out.push(Line::from(vec![
            span(format!("{:<14}", ui.t("ui.activity.logins")), th.dim()),
            span(sparkline(&logins), th.info()),
            span(format!(" {}", last.logins), th.text()),
        ]));
        let seat = (last.active_users.saturating_mul(100)).checked_div(last.seats).unwrap_or(0);
        let breadth = (last.features_used.saturating_mul(100)).checked_div(last.features_total).unwrap_or(0);
        out.push(Line::from(span(
            ui.tf(
                "ui.activity.summary",
                &[
                    ("date", &last.date.to_string()),
                    ("seat", &seat.to_string()),
                    ("breadth", &breadth.to_string()),
                    ("minutes", &last.minutes.to_string()),
                ],
            ),
            th.dim(),
        )));
    } else {
        out.push(Line::from(span(ui.t("ui.activity.no_usage"), th.warn())));
    }
    out.push(Line::default());
    out.push(heading(ui, "ui.activity.touchpoints"));
    if f.touchpoints.is_empty() {
        out.push(Line::from(span(ui.t("ui.activity.no_touch"), th.warn())));
    }
    let note_w = width.saturating_sub(11 + 13 + 11 + 3).max(10);
    let mut items = Vec::new();
    for t in f.touchpoints.iter().rev().filter(|t| t.date <= ui.today) {
        let who = t
            .contact_id
            .and_then(|id| f.contacts.iter().find(|c| c.id == id))
            .map_or("-".to_string(), |c| c.name.clone());
        let when = t.date.to_string();
        let kind = choice_label(ui.lang, t.kind);
        out.push(cells(&[
            (&when, 11, th.text()),
            (&kind, 13, th.text()),
            (&who, 11, th.text()),
            (&t.note, note_w, th.dim()),
        ]));
        items.push((out.len() - 1, RowKey { kind: RowKind::Touchpoint, id: t.id.0 }));
    }
    // Every snapshot, newest first, so each can be corrected or removed.
    if !f.usage.is_empty() {
        out.push(Line::default());
        out.push(heading(ui, "ui.activity.snapshots"));
    }
    for u in f.usage.iter().rev() {
        let line = ui.tf(
            "ui.activity.snapshot",
            &[
                ("users", &u.active_users.to_string()),
                ("seats", &u.seats.to_string()),
                ("logins", &u.logins.to_string()),
                ("minutes", &u.minutes.to_string()),
                ("used", &u.features_used.to_string()),
                ("total", &u.features_total.to_string()),
            ],
        );
        out.push(Line::from(vec![
            span(format!("{:<11}", u.date.to_string()), th.text()),
            span(line, th.dim()),
        ]));
        items.push((out.len() - 1, RowKey { kind: RowKind::Usage, id: u.id.0 }));
    }
    Body { lines: out, items }
}
