//! Activity: the usage trend as sparklines (active users, logins), the open follow-up
//! tasks (soonest first) and the touchpoints, newest first; then usage over 12 months as a
//! chart and every snapshot.

use super::{Body, cells, heading};
use crate::domain::task::open_tasks;
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

/// Active users (A) against seats (S), the last snapshot of each of the last 12 months (as
/// many months as fit; the oldest go first), as a ratatui bar chart. Each bar is labelled
/// under it, so it reads without colour.
fn usage_chart(ui: &Ui, usage: &[crate::domain::UsageSnapshot], width: usize) -> Vec<Line<'static>> {
    use crate::tui::panes::metrics_charts::widget_lines;
    use ratatui::widgets::{Bar, BarChart, BarGroup, Widget};
    let th = &ui.theme;
    let months = crate::domain::charts::usage_by_month(usage, ui.today, 12);
    // A month: two bars of 2, then a gap of 1.
    let fit = ((width + 1) / 5).min(months.len());
    if fit < 3 {
        return Vec::new();
    }
    let shown = &months[months.len() - fit..];
    let top = shown.iter().filter_map(|(_, v)| *v).map(|(a, s)| a.max(s)).max().unwrap_or(0).max(1);
    let mut chart =
        BarChart::default().bar_width(2).bar_gap(0).group_gap(1).max(u64::from(top)).label_style(th.dim());
    for (m, v) in shown {
        let (active, seats) = v.unwrap_or((0, 0));
        let bar = |mark: &str, n: u32, style| {
            Bar::default()
                .value(u64::from(n))
                .label(Line::from(ui.t(mark)))
                .text_value(String::new())
                .style(style)
        };
        let label = ui.tf("ui.charts.month", &[("m", &m.month.to_string())]);
        chart = chart.data(BarGroup::default().label(Line::from(label)).bars(&[
            bar("ui.charts.active_mark", active, th.info()),
            bar("ui.charts.seats_mark", seats, th.dim()),
        ]));
    }
    let w = u16::try_from(width).unwrap_or(u16::MAX);
    let mut out = vec![
        Line::default(),
        Line::from(span(ui.t("ui.charts.usage"), th.header())),
        Line::from(span(ui.tf("ui.charts.usage_scale", &[("n", &top.to_string())]), th.dim())),
    ];
    out.extend(widget_lines(w, 7, |a, b| chart.render(a, b)));
    out
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
        // Rounded as every page rounds a share; without seats (or features) a dash, not 0%.
        let pct = |a: u32, b: u32| {
            crate::domain::ratio::percent(a.into(), b.into()).map_or("-".into(), |p| format!("{p}%"))
        };
        let (seat, breadth) =
            (pct(last.active_users, last.seats), pct(last.features_used, last.features_total));
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
    // Each cell is followed by a space (`cells`), the last one too: four of them. With
    // three, every row ran one column over and ended in a "…" that cut nothing.
    let note_w = width.saturating_sub(11 + 13 + 11 + 4).max(10);
    let mut items = Vec::new();
    // Open follow-up tasks above the touchpoints, soonest first: what comes next.
    let open = open_tasks(&f.tasks);
    if !open.is_empty() {
        out.push(Line::default());
        out.push(heading(ui, "ui.activity.tasks"));
    }
    for t in open {
        let who = f.contact(t.contact_id).map_or("-".to_string(), |c| c.name.clone());
        let when = t.due.to_string();
        let (state, style) = match t.due.cmp(&ui.today) {
            std::cmp::Ordering::Less => (ui.t("ui.activity.task_overdue"), th.bad()),
            std::cmp::Ordering::Equal => (ui.t("ui.activity.task_today"), th.warn()),
            std::cmp::Ordering::Greater => (ui.t("ui.activity.task_open"), th.text()),
        };
        out.push(cells(&[
            (&when, 11, style),
            (&state, 13, style),
            (&who, 11, th.text()),
            (&t.title, note_w, th.text()),
        ]));
        items.push((out.len() - 1, RowKey { kind: RowKind::Task, id: t.id.0 }));
    }
    referrals(ui, d, note_w, &mut out, &mut items);
    out.push(Line::default());
    out.push(heading(ui, "ui.activity.touchpoints"));
    if f.touchpoints.is_empty() {
        out.push(Line::from(span(ui.t("ui.activity.no_touch"), th.warn())));
    }
    for t in f.touchpoints.iter().rev().filter(|t| t.date <= ui.today) {
        let who = f.contact(t.contact_id).map_or("-".to_string(), |c| c.name.clone());
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
    // The 12-month chart below what there is to do and what was said (the sparklines above
    // give the trend at a glance); then every snapshot, newest first, so each can be
    // corrected or removed.
    if !f.usage.is_empty() {
        out.push(Line::default());
        out.extend(usage_chart(ui, &f.usage, width));
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

/// Referrals (转介绍), newest first: open ones by the day they are due a follow-up, the
/// closed and dismissed ones dimmed. Nothing (not even the heading) when there are none.
fn referrals(
    ui: &Ui,
    d: &DetailData,
    note_w: usize,
    out: &mut Vec<Line<'static>>,
    items: &mut Vec<(usize, RowKey)>,
) {
    let th = &ui.theme;
    let f = &d.facts;
    if f.referrals.is_empty() {
        return;
    }
    out.push(Line::default());
    out.push(heading(ui, "ui.activity.referrals"));
    let mut list: Vec<_> = f.referrals.iter().collect();
    list.sort_by_key(|r| (std::cmp::Reverse(r.date), std::cmp::Reverse(r.id)));
    for r in list {
        let who = f.contact(r.contact_id).map_or("-".to_string(), |c| c.name.clone());
        let when = r.date.to_string();
        let stage = choice_label(ui.lang, r.stage);
        let style = match r.follow_up_on() {
            Some(on) if on < ui.today => th.bad(),
            Some(on) if on == ui.today => th.warn(),
            Some(_) => th.text(),
            None => th.dim(),
        };
        out.push(cells(&[
            (&when, 11, style),
            (&stage, 13, style),
            (&who, 11, th.text()),
            (&r.prospect, note_w, style),
        ]));
        items.push((out.len() - 1, RowKey { kind: RowKind::Referral, id: r.id.0 }));
    }
}

/// "2026-11-20 · Call · 王总 · 成都天府云图信息技术有限公司": what a note is about.
pub fn note_title(ui: &Ui, f: &crate::domain::AccountFacts, t: &crate::domain::Touchpoint) -> String {
    let who = f.contact(t.contact_id).map(|c| c.name.clone());
    let mut parts = vec![t.date.to_string(), choice_label(ui.lang, t.kind)];
    parts.extend(who);
    parts.push(crate::domain::text::clean_line(&f.account.name));
    parts.join(" · ")
}

/// The selected touchpoint's note under the list: a heading and as many wrapped lines as
/// fit in `rows` (the last saying how to read the rest when it does not fit).
pub fn preview(
    ui: &Ui,
    d: &DetailData,
    key: RowKey,
    width: usize,
    rows: usize,
    more_key: &str,
) -> Vec<Line<'static>> {
    let f = &d.facts;
    let (head, text) = if let Some(t) = f.tasks.iter().find(|t| key.kind == RowKind::Task && t.id.0 == key.id)
    {
        // A task: its whole title (it may span lines), then its note.
        let who = f.contact(t.contact_id).map(|c| c.name.clone());
        let mut parts = vec![t.due.to_string()];
        parts.extend(who);
        parts.push(crate::domain::text::clean_line(&f.account.name));
        let text =
            if t.note.trim().is_empty() { t.title.clone() } else { format!("{}\n\n{}", t.title, t.note) };
        (format!("── {} · {} ", ui.t("edit.field.task"), parts.join(" · ")), text)
    } else if let Some(r) = f.referrals.iter().find(|r| key.kind == RowKind::Referral && r.id.0 == key.id) {
        // A referral: who to whom, where it stands since when, then its note.
        let mut parts = vec![choice_label(ui.lang, r.stage), r.stage_on.to_string()];
        parts.extend(f.contact(r.contact_id).map(|c| c.name.clone()));
        parts.push(crate::domain::text::clean_line(&f.account.name));
        let text = if r.note.trim().is_empty() {
            r.prospect.clone()
        } else {
            format!("{}\n\n{}", r.prospect, r.note)
        };
        (format!("── {} · {} ", ui.t("ui.activity.referral"), parts.join(" · ")), text)
    } else if let Some(t) = f.touchpoints.iter().find(|t| key.kind == RowKind::Touchpoint && t.id.0 == key.id)
    {
        (format!("── {} · {} ", ui.t("ui.activity.note"), note_title(ui, f, t)), t.note.clone())
    } else {
        return Vec::new();
    };
    let more = ui.tf("ui.activity.more", &[("key", more_key)]);
    preview_lines(ui, head, &text, width, rows, Some(more))
}

/// A preview under a detail tab's list: `head`, then `text` wrapped into `rows` less one.
/// Text that does not fit ends with `more` (how to read the rest) when given, else its
/// last line shown ends in "…".
pub(super) fn preview_lines(
    ui: &Ui,
    head: String,
    text: &str,
    width: usize,
    rows: usize,
    more: Option<String>,
) -> Vec<Line<'static>> {
    let th = &ui.theme;
    let mut out = vec![Line::from(span(head, th.header()))];
    let wrapped = if text.trim().is_empty() {
        vec!["-".to_string()]
    } else {
        crate::tui::view::widgets::text::wrap(text, width.max(10))
    };
    let room = rows.saturating_sub(1);
    if wrapped.len() <= room {
        out.extend(wrapped.into_iter().map(|l| Line::from(span(l, th.text()))));
        return out;
    }
    let mut lines: Vec<String> =
        wrapped.into_iter().take(room.saturating_sub(usize::from(more.is_some()))).collect();
    if more.is_none()
        && let Some(last) = lines.last_mut()
    {
        *last = crate::tui::view::widgets::text::fit(&format!("{last}…"), width.max(10)).into_owned();
    }
    out.extend(lines.into_iter().map(|l| Line::from(span(l, th.text()))));
    out.extend(more.map(|m| Line::from(span(m, th.dim()))));
    out
}
