//! Following the selection: what a pane's key outcome does, jumping to an account, focus
//! changes, the detail and timeline following the portfolio cursor (asking for what they
//! lack), and page sizes after a layout change.

use super::{App, View};
use crate::tui::action::Action;
use crate::tui::msg::Effect;
use crate::tui::panes::Outcome;
use crate::tui::view::layout::Focus;

impl App {
    pub(crate) fn outcome(&mut self, o: Outcome, fx: &mut Vec<Effect>) {
        match o {
            Outcome::Selected | Outcome::Handled => self.after_select(fx),
            Outcome::Open(id) => {
                self.view = View::Dashboard;
                let model = &self.portfolio.model;
                let row = model.row_index_of(id);
                let shown = row.and_then(|r| model.position_of(r)).is_some();
                if !shown && (!model.filters.is_empty() || !model.query.is_empty()) {
                    // Filtered out: the filters and the search go so it can be shown, and the
                    // status line says so (a kept search vanished without a word: CSM trial,
                    // session 24). One it passes keeps them.
                    let name = row.map(|r| model.rows()[r as usize].name.clone()).unwrap_or_default();
                    self.portfolio.handle_key(Action::ClearFilters);
                    self.portfolio.search_input("");
                    self.say(self.ui.tf("ui.portfolio.cleared_to_show", &[("account", &name)]), true);
                }
                self.jump_to(id);
                self.set_focus(Focus::Detail, fx);
                self.after_select(fx);
            }
            Outcome::Ignored => {}
        }
    }

    pub(crate) fn jump_to(&mut self, id: crate::domain::AccountId) {
        if let Some(pos) =
            self.portfolio.model.row_index_of(id).and_then(|r| self.portfolio.model.position_of(r))
        {
            self.portfolio.cursor.selected = pos;
            self.portfolio.cursor.clamp(self.portfolio.model.view.len());
        }
    }

    pub(crate) fn select_from_timeline(&mut self) {
        if let Some(pos) = self
            .timeline
            .selected_row(&self.portfolio.model)
            .and_then(|r| self.portfolio.model.position_of(r))
        {
            self.portfolio.cursor.selected = pos;
            self.portfolio.cursor.clamp(self.portfolio.model.view.len());
        }
    }

    pub(crate) fn set_focus(&mut self, f: Focus, fx: &mut Vec<Effect>) {
        self.focus = f;
        self.portfolio.focused = f == Focus::Portfolio;
        self.detail.focused = f == Focus::Detail;
        self.timeline.focused = f == Focus::Timeline;
        self.relayout();
        self.after_select(fx);
    }

    /// Back to the dashboard from another view: what its panes lack is asked for now (the
    /// file changed while the agenda was shown, so the timeline's marks were dropped and
    /// its rows read "…" until a key moved the cursor: CSM trial, session 32).
    pub(crate) fn show_dashboard(&mut self, fx: &mut Vec<Effect>) {
        self.view = View::Dashboard;
        self.after_select(fx);
    }

    /// The detail and the timeline follow the portfolio selection; ask for what is missing.
    pub(crate) fn after_select(&mut self, fx: &mut Vec<Effect>) {
        let id = self.portfolio.selected_id();
        self.detail.want(id);
        if let Some(id) = id
            && self.detail.current().is_none()
            && !fx.contains(&Effect::LoadDetail(id))
        {
            fx.push(Effect::LoadDetail(id));
        }
        if self.focus != Focus::Timeline {
            let row = self.portfolio.model.view.get(self.portfolio.cursor.selected).copied();
            self.timeline.follow(&self.portfolio.model, row);
        } else {
            self.timeline.cursor.clamp(self.portfolio.model.by_renewal.len());
        }
        if self.areas().timeline.is_some() && self.view == View::Dashboard {
            let missing = self.timeline.missing(&self.portfolio.model);
            if !missing.is_empty() {
                fx.push(Effect::LoadMarks(missing));
            }
        }
    }

    /// Page sizes and pane widths from the current layout.
    pub fn relayout(&mut self) {
        let a = self.areas();
        self.portfolio.cursor.page = a.portfolio.height.saturating_sub(4) as usize;
        self.portfolio.cursor.clamp(self.portfolio.model.view.len());
        if let Some(d) = a.detail {
            self.detail.width = d.width.saturating_sub(2);
            self.detail.height = d.height.saturating_sub(3);
            self.detail.keep_item_in_view();
        }
        if let Some(t) = a.timeline {
            self.timeline.cursor.page = t.height.saturating_sub(3) as usize;
        }
        self.agenda.cursor.page = a.body.height.saturating_sub(3) as usize;
    }
}
