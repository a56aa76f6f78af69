//! Mouse: click to select and focus, wheel to scroll the pane under the pointer.
//! Hit-testing uses the same `layout` as drawing.

use crate::tui::app::{App, View};
use crate::tui::msg::Effect;
use crate::tui::panes::Outcome;
use crate::tui::view::layout::Focus;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

const WHEEL_ROWS: isize = 3;

fn inside(r: Option<Rect>, x: u16, y: u16) -> bool {
    r.is_some_and(|r| r.contains(Position { x, y }))
}

pub fn handle(app: &mut App, m: &MouseEvent, fx: &mut Vec<Effect>) {
    let (x, y) = (m.column, m.row);
    let delta = match m.kind {
        MouseEventKind::ScrollDown => WHEEL_ROWS,
        MouseEventKind::ScrollUp => -WHEEL_ROWS,
        MouseEventKind::Down(MouseButton::Left) => 0,
        _ => return,
    };
    if !app.modals.is_empty() {
        // A modal has the keys; clicks outside it do nothing rather than lose its text.
        return;
    }
    if app.overlay.is_some() {
        if delta == 0 {
            app.overlay = None;
        }
        return;
    }
    let a = app.areas();
    if app.view == View::Agenda {
        let len = app.agenda.items.as_ref().map_or(0, Vec::len);
        if delta != 0 {
            app.agenda.cursor.scroll(delta, len);
        } else if y >= a.body.y + 2 {
            let o = app.agenda.click_row((y - a.body.y - 2) as usize);
            app.outcome(o, fx);
        }
        return;
    }
    if app.view != View::Dashboard {
        return;
    }
    if inside(Some(a.portfolio), x, y) {
        if delta != 0 {
            let before = app.portfolio.selected_id();
            app.portfolio.cursor.scroll(delta, app.portfolio.model.view.len());
            if app.portfolio.selected_id() != before {
                app.after_select(fx);
            }
            return;
        }
        app.set_focus(Focus::Portfolio, fx);
        // Rows start under the border, the summary line and the header.
        if y >= a.portfolio.y + 3 {
            let o = app.portfolio.click_row((y - a.portfolio.y - 3) as usize);
            app.outcome(o, fx);
        }
    } else if inside(a.detail, x, y) {
        if delta != 0 {
            app.detail.scroll_by(delta);
            return;
        }
        app.set_focus(Focus::Detail, fx);
        if let Some(d) = a.detail
            && y == d.y + 1
            && let Some(tab) = app.detail.tab_at(x.saturating_sub(d.x + 1))
        {
            app.detail.set_tab(tab);
        } else if let Some(d) = a.detail
            && y >= d.y + 2
        {
            // A click on a record's row selects it (the row quick actions apply to).
            app.detail.click_line((y - d.y - 2) as usize);
        }
    } else if let Some(t) = a.timeline.filter(|t| inside(Some(*t), x, y)) {
        let len = app.portfolio.model.by_renewal.len();
        if delta != 0 {
            app.timeline.cursor.scroll(delta, len);
        } else {
            app.set_focus(Focus::Timeline, fx);
            if y >= t.y + 2 {
                let pos = app.timeline.cursor.offset + (y - t.y - 2) as usize;
                if pos < len {
                    app.timeline.cursor.selected = pos;
                }
            }
        }
        app.select_from_timeline();
        app.outcome(Outcome::Selected, fx);
    }
}
