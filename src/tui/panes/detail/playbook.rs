//! Playbook: the account's milestones as real state (onboarding targets, cadence touches,
//! the T-90/60/30 countdown): pending ones first by due date, overdue in red, then what
//! was done or skipped, with its note. The rows `D` (done) and `P` (skip) act on.

use super::{Body, cells};
use crate::domain::{MilestoneStatus, RowKey, RowKind, playbook};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::span;
use ratatui::text::Line;

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    let ms = &d.facts.milestones;
    if ms.is_empty() {
        return Body::from(vec![Line::from(span(ui.t("ui.playbook.none"), th.dim()))]);
    }
    let note_w = width.saturating_sub(11 + 20 + 10 + 11 + 5).max(8);
    let mut out = Body::from(vec![cells(&[
        (&ui.t("ui.col.due"), 11, th.header()),
        (&ui.t("ui.col.milestone"), 20, th.header()),
        (&ui.t("ui.col.status"), 10, th.header()),
        (&ui.t("ui.col.done_on"), 11, th.header()),
        (&ui.t("ui.col.note"), note_w, th.header()),
    ])]);
    let mut sorted: Vec<_> = ms.iter().collect();
    sorted.sort_by_key(|m| {
        let pending = m.status == MilestoneStatus::Pending;
        // Pending by due date; done and skipped ones after, most recent first.
        (!pending, pending.then_some(m.due), (!pending).then_some(std::cmp::Reverse(m.due)), m.id)
    });
    for m in sorted {
        let (status, overdue) = status_shown(ui, m);
        let style = if overdue {
            th.bad()
        } else if m.status == MilestoneStatus::Pending {
            th.text()
        } else {
            th.dim()
        };
        let done = m.done_on.map_or("-".to_string(), |d| d.to_string());
        let note = note_shown(ui, m);
        let line = cells(&[
            (&m.due.to_string(), 11, style),
            (&choice_label(ui.lang, m.kind), 20, style),
            (&status, 10, style),
            (&done, 11, th.dim()),
            (&note, note_w, th.dim()),
        ]);
        out.item(line, RowKey { kind: RowKind::Milestone, id: m.id.0 });
    }
    out
}

/// A milestone's status as shown, in its row and in the preview under the list, and whether
/// it is overdue: pending past its day. The preview said "Pending" under a row saying
/// OVERDUE, an agenda item Overdue (CSM trial, session 29).
pub(super) fn status_shown(ui: &Ui, m: &crate::domain::Milestone) -> (String, bool) {
    let overdue = m.status == MilestoneStatus::Pending && m.due < ui.today;
    let status = if overdue {
        ui.t("ui.promises.overdue")
    } else if m.kind == crate::domain::MilestoneKind::T0 && m.status == MilestoneStatus::Superseded {
        // The T-0 step is the outcome itself: its term ended because the outcome was
        // recorded, which "Superseded" (not done before its term ended) read as the
        // opposite of (CSM trial, session 31). Stored as superseded, as every step of an
        // ended term; shown as what happened.
        ui.t("ui.playbook.outcome_recorded")
    } else {
        choice_label(ui.lang, m.status)
    };
    (status, overdue)
}

/// A milestone's note as shown: the rule's note in the user's language and one wording
/// (earlier releases stored "before import" or "before the account was added"); a user's
/// note as written.
pub(super) fn note_shown(ui: &Ui, m: &crate::domain::Milestone) -> String {
    if playbook::skipped_before_arrival(m) { ui.t("ui.playbook.before_arrival") } else { m.note.clone() }
}
