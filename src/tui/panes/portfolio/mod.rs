//! The portfolio list: one row per account, windowed (only visible rows are built), with
//! sorts, filters and as-you-type fuzzy search.

pub mod columns;
pub mod model;
pub mod patch;
mod sort;

use super::{Cursor, Outcome, Ui};
use crate::domain::{AccountId, Choice, Stage, Tier};
use crate::i18n::choice_label;
use crate::store::PortfolioRow;
use crate::tui::action::Action;
use crate::tui::controls::text_input::{Edited, TextInput};
use crate::tui::keymap::TextKey;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::view::theme::Theme;
use crate::tui::view::widgets::{fill_row, frame, put, put_spans};
use columns::{Columns, RowText};
use model::{PortfolioModel, SortKey, cycle};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct PortfolioPane {
    pub model: PortfolioModel,
    pub cursor: Cursor,
    /// The query being typed, while search input is open.
    pub searching: bool,
    /// The search box's text and cursor: edited with the `[input]` keys like a form field.
    pub search_box: TextInput,
    /// The first portfolio answer has arrived.
    pub loaded: bool,
    pub ui: Ui,
    pub focused: bool,
}

const RENEWING: [i64; 3] = [30, 60, 90];

impl PortfolioPane {
    pub fn new(ui: Ui) -> PortfolioPane {
        PortfolioPane {
            model: PortfolioModel::new(ui.today),
            cursor: Cursor::default(),
            searching: false,
            search_box: TextInput::default(),
            loaded: false,
            ui,
            focused: true,
        }
    }

    pub fn selected_row(&self) -> Option<&PortfolioRow> {
        self.model.row(self.cursor.selected)
    }

    pub fn selected_id(&self) -> Option<AccountId> {
        self.selected_row().map(|r| r.id)
    }

    /// New rows (load or live reload): selection stays on the same account, scroll stays put.
    pub fn set_rows(&mut self, rows: Vec<PortfolioRow>) {
        self.set_loaded(model::LoadedRows::build(rows, self.ui.today, None));
    }

    /// A load prepared by the store worker (see `set_rows`).
    pub fn set_loaded(&mut self, loaded: model::LoadedRows) {
        let keep = self.selected_id();
        let offset = self.cursor.offset;
        self.model.set_loaded(loaded);
        self.loaded = true;
        self.reselect(keep);
        self.cursor.offset = offset;
        self.cursor.clamp(self.model.view.len());
    }

    /// Some accounts reloaded (team mode's live refresh): the selection stays on the same
    /// account, or where it was if that account left the list; scroll stays put.
    pub fn patch(&mut self, ids: &[AccountId], rows: Vec<PortfolioRow>) -> patch::Patched {
        let (keep, at, offset) = (self.selected_id(), self.cursor.selected, self.cursor.offset);
        let done = self.model.patch(ids, rows);
        self.reselect(keep);
        if self.selected_id() != keep {
            self.cursor.selected = at;
        }
        self.cursor.offset = offset;
        self.cursor.clamp(self.model.view.len());
        done
    }

    /// After the view changed: back on the account that was selected, if still shown.
    fn reselect(&mut self, id: Option<AccountId>) {
        let pos =
            id.and_then(|id| self.model.view.iter().position(|i| self.model.rows()[*i as usize].id == id));
        self.cursor.selected = pos.unwrap_or(0);
        self.cursor.clamp(self.model.view.len());
    }

    /// Runs a change to the view, keeping the selected account; `Selected` if it changed.
    fn reshape(&mut self, change: impl FnOnce(&mut PortfolioModel)) -> Outcome {
        let before = self.selected_id();
        change(&mut self.model);
        self.reselect(before);
        if self.selected_id() != before { Outcome::Selected } else { Outcome::Handled }
    }

    pub fn handle_key(&mut self, action: Action) -> Outcome {
        let len = self.model.view.len();
        let before = self.cursor.selected;
        if self.cursor.apply(action, len) {
            return if self.cursor.selected != before { Outcome::Selected } else { Outcome::Handled };
        }
        let sort = |k: SortKey| move |m: &mut PortfolioModel| m.set_sort(k);
        match action {
            Action::Search => {
                self.searching = true;
                // The kept query, selected: typing starts a new search, a move edits it.
                self.search_box = TextInput::selecting(&self.model.query, false);
                Outcome::Handled
            }
            Action::Back if !self.model.query.is_empty() => self.reshape(|m| m.set_query("")),
            Action::CycleSort => {
                let next = self.model.sort.next();
                self.reshape(sort(next))
            }
            Action::ReverseSort => self.reshape(PortfolioModel::toggle_reverse),
            Action::SortPriority => self.reshape(sort(SortKey::Priority)),
            Action::SortRisk => self.reshape(sort(SortKey::Risk)),
            Action::SortRenewal => self.reshape(sort(SortKey::Renewal)),
            Action::SortArr => self.reshape(sort(SortKey::Arr)),
            Action::SortName => self.reshape(sort(SortKey::Name)),
            Action::SortLastTouch => self.reshape(sort(SortKey::LastTouch)),
            Action::FilterAtRisk => self.refilter(|f| f.at_risk = !f.at_risk),
            Action::FilterRenewing => self.refilter(|f| f.renewing = cycle(&f.renewing, &RENEWING)),
            Action::FilterOverdue => self.refilter(|f| f.overdue = !f.overdue),
            Action::FilterTier => self.refilter(|f| f.tier = cycle(&f.tier, Tier::ALL)),
            Action::FilterStage => self.refilter(|f| f.stage = cycle(&f.stage, Stage::ALL)),
            Action::FilterOwner => {
                let owners = self.model.owners().to_vec();
                self.refilter(|f| f.owner = cycle(&f.owner, &owners))
            }
            Action::FilterIndustry => {
                let all = self.model.industries().to_vec();
                self.refilter(|f| f.industry = cycle(&f.industry, &all))
            }
            Action::FilterReference => self.refilter(|f| f.reference = !f.reference),
            // Every filter, the kept `/` search too: the title still showing a search after
            // "clear all filters" read as a filter left behind (CSM trial, session 29).
            Action::ClearFilters => self.reshape(|m| {
                m.filters = model::Filters::default();
                m.set_query("");
            }),
            _ => Outcome::Ignored,
        }
    }

    fn refilter(&mut self, change: impl FnOnce(&mut model::Filters)) -> Outcome {
        self.reshape(|m| {
            change(&mut m.filters);
            m.refilter();
        })
    }

    /// A character typed into the search box (filters as you type).
    /// The best match is selected: keeping an old selection that still matches weakly put
    /// the next action on the wrong account.
    pub fn search_input(&mut self, query: &str) -> Outcome {
        if self.search_box.text() != query {
            self.search_box.set(query);
        }
        let before = self.selected_id();
        let q = query.to_string();
        self.reshape(|m| m.set_query(&q));
        if let Some(pos) = self.model.best_match() {
            self.cursor.selected = pos;
            self.cursor.clamp(self.model.view.len());
        }
        if self.selected_id() != before { Outcome::Selected } else { Outcome::Handled }
    }

    /// An `[input]` key in the search box (C-u, C-w, C-a, C-k… as in a form field);
    /// None if it changed nothing the list depends on.
    pub fn search_edit(&mut self, key: TextKey) -> Option<Outcome> {
        match self.search_box.apply(key) {
            Edited::Changed => {
                let q = self.search_box.text().to_string();
                Some(self.search_input(&q))
            }
            Edited::Moved => Some(Outcome::Handled),
            Edited::Leave(_) | Edited::Ignored => None,
        }
    }

    /// The typed query with the cursor drawn as `_` where it is.
    pub fn search_caret(&self) -> String {
        self.search_box.window_with_caret(usize::MAX)
    }

    /// Selects the row at a screen row of the list (mouse click); `Selected` if it changed.
    pub fn click_row(&mut self, row_in_list: usize) -> Outcome {
        let pos = self.cursor.offset + row_in_list;
        if pos >= self.model.view.len() {
            return Outcome::Handled;
        }
        let before = self.cursor.selected;
        self.cursor.selected = pos;
        if pos != before { Outcome::Selected } else { Outcome::Handled }
    }

    /// The title: "Portfolio · 42 of 180".
    fn title(&self) -> String {
        let key =
            if self.model.partial_of().is_some() { "ui.portfolio.loading" } else { "ui.portfolio.count" };
        let count = self
            .ui
            .tf(key, &[("n", &self.model.view.len().to_string()), ("m", &self.model.total().to_string())]);
        format!(" {} · {count} ", self.ui.t("ui.portfolio.title"))
    }

    /// "sort: priority · at risk · ≤30d · /成都".
    pub fn summary(&self) -> String {
        let ui = &self.ui;
        let dir =
            if self.model.reverse { format!(" ({})", ui.t("ui.portfolio.reversed")) } else { String::new() };
        let mut parts = vec![format!(
            "{} {}{dir}",
            ui.t("ui.portfolio.sort"),
            ui.t(&format!("ui.sort.{}", self.model.sort.id()))
        )];
        let f = &self.model.filters;
        if f.reference {
            parts.push(ui.t("ui.filter.reference"));
        }
        if f.at_risk {
            parts.push(ui.t("ui.filter.at_risk"));
        }
        if let Some(d) = f.renewing {
            parts.push(ui.tf("ui.filter.renewing", &[("n", &d.to_string())]));
        }
        if f.overdue {
            parts.push(ui.t("ui.filter.overdue"));
        }
        if let Some(t) = f.tier {
            parts.push(choice_label(ui.lang, t));
        }
        if let Some(s) = f.stage {
            parts.push(choice_label(ui.lang, s));
        }
        if let Some(o) = &f.owner {
            parts.push(format!("@{o}"));
        }
        if let Some(i) = &f.industry {
            parts.push(format!("#{i}"));
        }
        if !self.model.query.is_empty() || self.searching {
            let shown = if self.searching { self.search_caret() } else { self.model.query.clone() };
            parts.push(format!("/{shown}"));
        }
        parts.join(" · ")
    }
}

/// The pane drawn with the keymap (the empty list names the keys that clear it).
pub struct PortfolioView<'a> {
    pub pane: &'a PortfolioPane,
    pub keymap: &'a Keymap,
}

impl Widget for PortfolioView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (pane, keymap) = (self.pane, self.keymap);
        pane.render(area, buf, keymap);
    }
}

impl PortfolioPane {
    fn render(&self, area: Rect, buf: &mut Buffer, keymap: &Keymap) {
        let ui = &self.ui;
        let th = &ui.theme;
        let inner = frame(buf, area, self.title(), th.border(self.focused), th.title());
        if inner.height < 3 || inner.width < 10 {
            return;
        }
        put(buf, inner.x, inner.y, inner.width, &self.summary(), th.dim());
        let cols = Columns::for_width(inner.width);
        let head_y = inner.y + 1;
        let h = |k: &str| ui.t(&format!("ui.col.{k}"));
        let heads = ["risk", "name", "tier", "stage", "arr", "renewal", "owner", "touch"].map(h);
        let [mark, name, tier, stage, arr, due, owner, touch] = heads.each_ref().map(String::as_str);
        let head = cols.cells(&RowText { mark, name, tier, stage, arr, due, owner, touch });
        let head: Vec<_> = head.into_iter().map(|(s, _)| (s, th.header())).collect();
        put_spans(buf, inner, head_y, &head);
        let list = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
        if !self.loaded {
            put(buf, list.x + 1, list.y, list.width - 1, &ui.t("ui.loading"), th.dim());
            return;
        }
        if self.model.view.is_empty() {
            let clear = keymap.key_text(Context::Portfolio, Action::ClearFilters);
            let back = keymap.key_text(Context::Portfolio, Action::Back);
            // In the search box the list's keys are letters typed: only its own keys work.
            let line = if self.searching {
                let back = keymap.key_text_in(crate::tui::keymap::Table::Search, Action::ClearSearch);
                ui.tf("ui.portfolio.no_match_searching", &[("back", &back)])
            } else {
                ui.tf("ui.portfolio.no_match", &[("clear", &clear), ("back", &back)])
            };
            put(buf, list.x + 1, list.y, list.width - 1, &line, th.dim());
            return;
        }
        let c = &self.cursor;
        for (i, pos) in (c.offset..self.model.view.len()).take(list.height as usize).enumerate() {
            let Some(&index) = self.model.view.get(pos) else { break };
            let r = &self.model.rows()[index as usize];
            let y = list.y + i as u16;
            let score = r.score.map_or("--".to_string(), |s| s.to_string());
            // No contract term: not scored, whatever the cache holds (`detail::risk::no_contract`).
            let mark = if r.has_term {
                format!("{}{score:>3}", Theme::band_marker(r.band))
            } else {
                "   —".into()
            };
            let due = ui.countdown(r.renewal_date);
            let (tier, stage) = (choice_label(ui.lang, r.tier), choice_label(ui.lang, r.stage));
            // No contract term at all (a CRM's companies imported): the ARR is unknown, not zero.
            let arr = if r.has_term { r.arr.format_compact() } else { "—".to_string() };
            let touch = ui.ago(r.last_touch);
            let name = self.model.shown_name(index, usize::from(cols.name - columns::GAP));
            let row = cols.cells(&RowText {
                mark: &mark,
                name: &name,
                tier: &tier,
                stage: &stage,
                arr: &arr,
                due: &due,
                owner: &r.owner,
                touch: &touch,
            });
            let overdue = r.renewal_date.is_some_and(|d| d < ui.today);
            let styled: Vec<_> = row
                .into_iter()
                .enumerate()
                .map(|(k, (s, is_due))| {
                    let style = if k == 0 && !r.has_term {
                        th.dim()
                    } else if k == 0 {
                        th.band(r.band)
                    } else if is_due && overdue {
                        th.bad()
                    } else {
                        th.text()
                    };
                    (s, style)
                })
                .collect();
            put_spans(buf, list, y, &styled);
            if pos == c.selected {
                fill_row(buf, list, y, th.selected(self.focused));
            }
        }
    }
}
