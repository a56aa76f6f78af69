//! Promises (承诺), requirements (需求闭环) and complaints (投诉): open things first, and
//! what is late in the bad colour.

use super::{Body, cells};
use crate::domain::{PromiseStatus, RowKey, RowKind, Severity};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::span;
use ratatui::style::Style;
use ratatui::text::Line;

/// Free-text column width: what is left after the fixed columns.
fn rest(width: usize, fixed: usize) -> usize {
    width.saturating_sub(fixed).max(10)
}

fn empty(ui: &Ui, key: &str) -> Body {
    Body::from(vec![Line::from(span(ui.t(key), ui.theme.dim()))])
}

fn row(parts: Vec<(String, usize, Style)>) -> Line<'static> {
    let refs: Vec<(&str, usize, Style)> = parts.iter().map(|(s, w, st)| (s.as_str(), *w, *st)).collect();
    cells(&refs)
}

pub fn promises(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    if d.facts.promises.is_empty() {
        return empty(ui, "ui.promises.none");
    }
    let text_w = rest(width, 10 + 11 + 11 + 4);
    let mut out = Body::from(vec![row(vec![
        (ui.t("ui.col.status"), 10, th.header()),
        (ui.t("ui.col.due"), 11, th.header()),
        (ui.t("ui.col.promise"), text_w, th.header()),
        (ui.t("ui.col.made_by"), 11, th.header()),
    ])]);
    let mut ps: Vec<_> = d.facts.promises.iter().collect();
    ps.sort_by_key(|p| (!p.status.is_open(), p.due.is_none(), p.due, p.id));
    for p in ps {
        let (status, overdue) = promise_status(ui, p);
        let style = if overdue || p.status == PromiseStatus::Broken {
            th.bad()
        } else if p.status.is_open() {
            th.text()
        } else {
            th.dim()
        };
        let due = p.due.map_or("-".to_string(), |d| d.to_string());
        let line = row(vec![
            (status, 10, style),
            (due, 11, style),
            (p.text.clone(), text_w, style),
            (p.made_by.clone(), 11, th.dim()),
        ]);
        out.item(line, RowKey { kind: RowKind::Promise, id: p.id.0 });
    }
    out
}

/// A promise's status as shown, in its row and in the preview, and whether it is overdue:
/// open past its due date (the preview said "Open" under a row saying OVERDUE).
fn promise_status(ui: &Ui, p: &crate::domain::Promise) -> (String, bool) {
    let overdue = p.status.is_open() && p.due.is_some_and(|due| due < ui.today);
    let status = if overdue { ui.t("ui.promises.overdue") } else { choice_label(ui.lang, p.status) };
    (status, overdue)
}

pub fn requirements(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    if d.facts.requirements.is_empty() {
        return empty(ui, "ui.requirements.none");
    }
    let text_w = rest(width, 4 + 14 + 7 + 7 + 10 + 5);
    let mut out = Body::from(vec![row(vec![
        (ui.t("ui.col.level"), 4, th.header()),
        (ui.t("ui.col.loop"), 14, th.header()),
        (ui.t("ui.col.age"), 7, th.header()),
        (ui.t("ui.col.in_step"), 7, th.header()),
        (ui.t("ui.col.category"), 10, th.header()),
        (ui.t("ui.col.requirement"), text_w, th.header()),
    ])]);
    let mut rs: Vec<_> = d.facts.requirements.iter().collect();
    rs.sort_by_key(|r| (!r.status.is_open(), r.level, r.raised_on, r.id));
    for r in rs {
        let open = r.status.is_open();
        let age = (ui.today - r.raised_on).num_days();
        let in_step = (ui.today - r.status_since(ui.today)).num_days();
        let lvl_style = match r.level {
            crate::domain::ReqLevel::P0 if open => th.bad(),
            crate::domain::ReqLevel::P1 if open => th.warn(),
            _ if open => th.text(),
            _ => th.dim(),
        };
        let base = if open { th.text() } else { th.dim() };
        let days = |n: i64| ui.tf("ui.time.days", &[("n", &n.to_string())]);
        let line = row(vec![
            (choice_label(ui.lang, r.level), 4, lvl_style),
            (choice_label(ui.lang, r.status), 14, base),
            (days(age), 7, base),
            (if open { days(in_step) } else { "-".into() }, 7, base),
            (choice_label(ui.lang, r.category), 10, base),
            (r.title.clone(), text_w, base),
        ]);
        out.item(line, RowKey { kind: RowKind::Requirement, id: r.id.0 });
    }
    out
}

pub fn complaints(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    if d.facts.complaints.is_empty() {
        return empty(ui, "ui.complaints.none");
    }
    let now = ui.now;
    let text_w = rest(width, 17 + 7 + 14 + 9 + 5);
    let mut out = Body::from(vec![row(vec![
        (ui.t("ui.col.raised"), 17, th.header()),
        (ui.t("ui.col.severity"), 7, th.header()),
        (ui.t("ui.col.state"), 14, th.header()),
        (ui.t("ui.col.complaint"), text_w, th.header()),
        (ui.t("ui.col.cause"), 9, th.header()),
    ])]);
    let mut cs: Vec<_> = d.facts.complaints.iter().collect();
    cs.sort_by_key(|c| (c.resolved_at.is_some(), std::cmp::Reverse(c.raised_at), c.id));
    for c in cs {
        let (state, style) = match c.resolved_at {
            None => {
                let hours = (now - c.raised_at).num_hours().max(0);
                let late = hours > 24;
                let s = ui.tf("ui.complaints.open_for", &[("h", &hours.to_string())]);
                (s, if late { th.bad() } else { th.warn() })
            }
            Some(at) => {
                let hours = (at - c.raised_at).num_hours().max(0);
                (ui.tf("ui.complaints.resolved_in", &[("h", &hours.to_string())]), th.dim())
            }
        };
        let sev_style =
            if c.severity == Severity::High && c.resolved_at.is_none() { th.bad() } else { th.text() };
        let cause = c.cause.map_or("-".to_string(), |x| choice_label(ui.lang, x));
        let line = row(vec![
            (c.raised_at.format("%Y-%m-%d %H:%M").to_string(), 17, th.text()),
            (choice_label(ui.lang, c.severity), 7, sev_style),
            (state, 14, style),
            (c.summary.clone(), text_w, th.text()),
            (cause, 9, th.dim()),
        ]);
        out.item(line, RowKey { kind: RowKind::Complaint, id: c.id.0 });
        if !c.improvement.is_empty() {
            out.lines.push(Line::from(span(
                format!("    {}: {}", ui.t("ui.complaints.improvement"), c.improvement),
                th.dim(),
            )));
        }
    }
    out
}

/// The selected promise, requirement or complaint in full under the list: a heading, then
/// its text wrapped into `rows` less one (the columns cut a title to a few characters in a
/// narrow pane, and `>` moved a requirement nobody could read; CSM trial, session 28).
pub fn preview(ui: &Ui, d: &DetailData, key: RowKey, width: usize, rows: usize) -> Vec<Line<'static>> {
    let f = &d.facts;
    let (head, text) = match key.kind {
        RowKind::Promise => {
            let Some(p) = f.promises.iter().find(|p| p.id.0 == key.id) else { return Vec::new() };
            let mut parts = vec![ui.t("ui.col.promise"), promise_status(ui, p).0];
            parts.extend(p.due.map(|d| d.to_string()));
            parts.extend(Some(p.made_by.clone()).filter(|m| !m.is_empty()));
            (parts, p.text.clone())
        }
        RowKind::Requirement => {
            let Some(r) = f.requirements.iter().find(|r| r.id.0 == key.id) else { return Vec::new() };
            let parts = vec![
                ui.t("ui.col.requirement"),
                choice_label(ui.lang, r.level),
                choice_label(ui.lang, r.status),
                choice_label(ui.lang, r.category),
            ];
            (parts, requirement_text(ui, r))
        }
        RowKind::Complaint => {
            let Some(c) = f.complaints.iter().find(|c| c.id.0 == key.id) else { return Vec::new() };
            let parts = vec![ui.t("ui.col.complaint"), choice_label(ui.lang, c.severity)];
            let text = if c.improvement.trim().is_empty() {
                c.summary.clone()
            } else {
                format!("{}\n{}: {}", c.summary, ui.t("ui.complaints.improvement"), c.improvement)
            };
            (parts, text)
        }
        // A playbook milestone with its decision's note: what search found is read here.
        RowKind::Milestone => {
            let Some(m) = f.milestones.iter().find(|m| m.id.0 == key.id) else { return Vec::new() };
            let mut parts = vec![
                choice_label(ui.lang, m.kind),
                m.due.to_string(),
                super::playbook::status_shown(ui, m).0,
            ];
            parts.extend(m.done_on.map(|d| d.to_string()));
            (parts, super::playbook::note_shown(ui, m))
        }
        _ => return Vec::new(),
    };
    let head = crate::domain::text::clean_line(&format!("── {} ", head.join(" · ")));
    super::activity::preview_lines(ui, head, &text, width, rows, None)
}

/// A requirement's title, then the note of its latest move when it has one: the reason a
/// requirement was rejected (`!` asks for it) was saved but never shown, and the customer
/// is owed that answer (PLAYBOOK §7).
fn requirement_text(ui: &Ui, r: &crate::domain::Requirement) -> String {
    let Some(t) = r.history.last().filter(|t| !t.note.trim().is_empty()) else { return r.title.clone() };
    let key = if t.status == crate::domain::ReqStatus::Rejected {
        "ui.requirements.reason"
    } else {
        "ui.requirements.note"
    };
    let label = ui.tf(key, &[("date", &t.at.date().to_string())]);
    format!("{}\n{label} {}", r.title, t.note)
}
