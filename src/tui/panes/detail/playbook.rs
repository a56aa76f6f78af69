//! Playbook: the account's milestones as real state (onboarding targets, cadence touches,
//! the T-90/60/30 countdown): pending ones first by due date, overdue in red, then what
//! was done or skipped, with its note. The rows `D` (done) and `P` (skip) act on.

use super::body::fit_columns;
use super::{Body, cells as cells_line};
use crate::domain::{MilestoneStatus, RowKey, RowKind, playbook};
use crate::i18n::choice_label;
use crate::tui::msg::DetailData;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{span, text};
use ratatui::style::Style;
use ratatui::text::Line;

pub fn lines(ui: &Ui, d: &DetailData, width: usize) -> Body {
    let th = &ui.theme;
    let ms = &d.facts.milestones;
    if ms.is_empty() {
        return Body::from(vec![Line::from(span(ui.t("ui.playbook.none"), th.dim()))]);
    }
    let mut sorted: Vec<_> = ms.iter().collect();
    sorted.sort_by_key(|m| {
        let pending = m.status == MilestoneStatus::Pending;
        // Pending by due date; done and skipped ones after, most recent first.
        (!pending, pending.then_some(m.due), (!pending).then_some(std::cmp::Reverse(m.due)), m.id)
    });
    let head: Vec<String> = HEADERS.iter().map(|h| ui.t(h)).collect();
    let rows: Vec<(Vec<String>, Style)> = sorted
        .iter()
        .map(|m| {
            let (status, overdue) = status_shown(ui, m);
            let style = if overdue {
                th.bad()
            } else if m.status == MilestoneStatus::Pending {
                th.text()
            } else {
                th.dim()
            };
            let done = m.done_on.map_or("-".to_string(), |d| d.to_string());
            (vec![m.due.to_string(), choice_label(ui.lang, m.kind), status, done, note_shown(ui, m)], style)
        })
        .collect();
    let shown = fit(&head, &rows, width);
    let pick = |cells: &[String], style: Style| -> Line<'static> {
        // The done date and the note are dim: the row's state is in its first columns.
        let parts: Vec<(&str, usize, Style)> = shown
            .iter()
            .map(|&(i, w)| (cells[i].as_str(), w, if i >= 3 { th.dim() } else { style }))
            .collect();
        cells_line(&parts)
    };
    let mut out = Body::from(vec![pick(&head, th.header())]);
    for (m, (row, style)) in sorted.iter().zip(&rows) {
        out.item(pick(row, *style), RowKey { kind: RowKind::Milestone, id: m.id.0 });
    }
    out
}

/// The columns: due, milestone, status, done on, note.
const HEADERS: [&str; 5] =
    ["ui.col.due", "ui.col.milestone", "ui.col.status", "ui.col.done_on", "ui.col.note"];

/// The most each column takes (the selected milestone's preview shows it whole).
const MAX: [usize; 5] = [10, 60, 16, 10, 40];

/// The milestone's name never narrower than this ("T-0: renewal outcome" whole, the longer
/// ones to their gist): the done date is dropped first.
const MILESTONE_MIN: usize = 24;

/// Each column's natural width: its widest cell, header included, up to its `MAX`.
fn natural(head: &[String], rows: &[(Vec<String>, Style)]) -> Vec<usize> {
    (0..HEADERS.len())
        .map(|i| {
            let widest = rows.iter().map(|(r, _)| text::width(&r[i])).chain([text::width(&head[i])]).max();
            widest.unwrap_or(0).clamp(1, MAX[i])
        })
        .collect()
}

/// The columns shown at `width`: the note is kept when at least `NOTE_MIN` columns are left
/// for it, and takes what the milestone's name leaves (cut; the preview shows it whole).
fn fit(head: &[String], rows: &[(Vec<String>, Style)], width: usize) -> Vec<(usize, usize)> {
    let mut wanted = natural(head, rows);
    let note = wanted[4];
    wanted[4] = note.min(NOTE_MIN);
    let mut shown = fit_columns(&wanted, &priority(rows), MILESTONE_MIN, width);
    let used: usize = shown.iter().map(|(_, w)| w + 1).sum();
    if let Some((_, w)) = shown.iter_mut().find(|(i, _)| *i == 4) {
        *w = (*w + width.saturating_sub(used)).min(note);
    }
    shown
}

/// The note column is shown only with room for this much of it, which the milestone's name
/// leaves it: a skip's reason reads ("before the account came into Radar" in 26 columns:
/// "before the account came i…"; in Chinese whole).
const NOTE_MIN: usize = 26;

/// Which columns a narrow pane keeps first: the milestone, its day, its status, when done,
/// the note; no note column when no milestone has one (it stood empty beside cut names:
/// CSM trial, session 33).
fn priority(rows: &[(Vec<String>, Style)]) -> Vec<usize> {
    let noted = rows.iter().any(|(r, _)| !r[4].trim().is_empty());
    [1, 0, 2, 3, 4].into_iter().filter(|&i| i != 4 || noted).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: [&str; 5]) -> (Vec<String>, Style) {
        (cells.iter().map(|c| c.to_string()).collect(), Style::new())
    }

    /// At the 120-column dashboard's detail pane (52 columns inside) the milestone's name
    /// read "T-60 to T-30: weekl…" beside an empty note column. Without notes there is no
    /// note column, and the name takes the room.
    #[test]
    fn the_milestone_takes_the_room_an_empty_note_column_left() {
        let head: Vec<String> = ["Due", "Milestone", "Status", "Done on", "Note"].map(String::from).to_vec();
        let mut rows = vec![
            row(["2026-10-16", "T-60 to T-30: weekly blocker follow-up", "Done", "2026-10-16", ""]),
            row(["2026-11-17", "T-0: renewal outcome", "OVERDUE", "-", ""]),
        ];
        let shown = fit(&head, &rows, 52);
        assert_eq!(shown.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2], "{shown:?}");
        assert_eq!(shown[1].1, 52 - (10 + 1) - (7 + 1) - 1, "the name gets the rest: {shown:?}");
        rows[0].0[4] = "QBR held, the CFO wants SSO 成都".to_string();
        let wide = fit(&head, &rows, 200);
        assert_eq!(wide.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        assert_eq!((wide[1].1, wide[4].1), (38, 32), "the whole name and note");
        // At 88 (the 200-column dashboard's pane) the note keeps what the name leaves.
        let mid = fit(&head, &rows, 88);
        assert_eq!(mid.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2, 3, 4], "{mid:?}");
        assert_eq!(mid.iter().map(|(_, w)| w + 1).sum::<usize>(), 88, "the pane filled: {mid:?}");
    }
}
