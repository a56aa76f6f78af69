//! The account detail pane: a tab bar and the selected tab's lines. Tabs build their lines
//! from the loaded facts at draw time (one account: dozens of records, cheap).

pub mod activity;
mod body;
mod chain;
mod overview;
mod playbook;
mod records;
mod risk;

pub use body::Body;

use super::{Outcome, Ui};
use crate::domain::{AccountId, MilestoneKind, RowKey, RowKind};
use crate::tui::action::Action;
use crate::tui::ids::ids;
use crate::tui::msg::DetailData;
use crate::tui::view::widgets::{frame, put, put_lines, span, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Widget;

ids! {
    /// The tabs, in key order (1–8); labels are `ui.tab.<id>`.
    pub enum Tab {
        Overview = "overview",
        Chain = "chain",
        Promises = "promises",
        Requirements = "requirements",
        Complaints = "complaints",
        Activity = "activity",
        Risk = "risk",
        Playbook = "playbook",
    }
}

pub struct DetailPane {
    pub tab: Tab,
    pub scroll: usize,
    /// The selected record of a record tab (an index into `Body::items`).
    pub item: usize,
    pub data: Option<Box<DetailData>>,
    /// The account asked for (its data may still be on the way).
    pub wanted: Option<AccountId>,
    pub ui: Ui,
    pub focused: bool,
    /// Inner size at the last layout, for paging and scroll limits.
    pub width: u16,
    pub height: u16,
    /// A record to select once its account's data is shown (opened from the agenda).
    pub pending_select: Option<RowKey>,
    /// The read-note key as bound, for the preview's "… Enter reads it all".
    pub read_key: String,
}

impl DetailPane {
    pub fn new(ui: Ui) -> DetailPane {
        DetailPane {
            tab: Tab::Overview,
            scroll: 0,
            item: 0,
            data: None,
            wanted: None,
            ui,
            focused: false,
            width: 60,
            height: 10,
            pending_select: None,
            read_key: String::new(),
        }
    }

    /// Rows kept under the list for the selected record in full (a touchpoint's note, a
    /// promise, requirement or complaint, a milestone's note).
    fn preview_rows(&self) -> u16 {
        let previewed = matches!(
            self.tab,
            Tab::Chain | Tab::Activity | Tab::Promises | Tab::Requirements | Tab::Complaints | Tab::Playbook
        );
        if previewed && self.height >= 10 { (self.height / 3).clamp(3, 8) } else { 0 }
    }

    /// Rows of the tab's lines on screen (less the note preview).
    fn list_height(&self) -> usize {
        self.height.saturating_sub(self.preview_rows()).max(1) as usize
    }

    /// Selects `key` on the open tab once the account's data is here (now, if it is).
    /// Selects the record `key` when the tab lists it (true); before the data has come, once
    /// it comes.
    pub fn select(&mut self, key: RowKey) -> bool {
        if self.current().is_none() {
            self.pending_select = Some(key);
            return false;
        }
        self.pending_select = None;
        match self.body(self.width).items.iter().position(|(_, k)| *k == key) {
            Some(i) => {
                self.item = i;
                true
            }
            None => false,
        }
    }

    /// The data shown, if it is for the wanted account.
    pub fn current(&self) -> Option<&DetailData> {
        self.data.as_deref().filter(|d| Some(d.facts.account.id) == self.wanted)
    }

    pub fn set_tab(&mut self, tab: Tab) {
        if tab != self.tab {
            self.tab = tab;
            self.scroll = 0;
            self.item = 0;
        }
    }

    pub fn want(&mut self, id: Option<AccountId>) {
        if id != self.wanted {
            self.wanted = id;
            self.scroll = 0;
            self.item = 0;
        }
    }

    pub fn handle_key(&mut self, action: Action) -> Outcome {
        if let Some(t) = action.tab() {
            self.set_tab(t);
            return Outcome::Handled;
        }
        let body = self.body(self.width);
        if !body.items.is_empty() && self.move_item(action, &body) {
            return Outcome::Handled;
        }
        let max = body.lines.len().saturating_sub(self.list_height());
        let page = self.list_height();
        match action {
            Action::NextTab => self.set_tab(self.tab.cycle(true)),
            Action::PrevTab => self.set_tab(self.tab.cycle(false)),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll = (self.scroll + 1).min(max),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll = (self.scroll + page).min(max),
            Action::Top => self.scroll = 0,
            Action::Bottom => self.scroll = max,
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }

    /// Moves the record selection (and scrolls to keep it in view); false if `action`
    /// is not a movement.
    fn move_item(&mut self, action: Action, body: &Body) -> bool {
        let last = body.items.len().saturating_sub(1);
        let page = self.list_height();
        self.item = match action {
            Action::Up => self.item.saturating_sub(1),
            Action::Down => (self.item + 1).min(last),
            Action::PageUp => self.item.saturating_sub(page),
            Action::PageDown => (self.item + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.scroll_to(body.items[self.item].0);
        true
    }

    /// Scrolls the least that shows list line `line` (the selected record's).
    fn scroll_to(&mut self, line: usize) {
        let height = self.list_height();
        if line < self.scroll {
            // Show the header above the first record too.
            self.scroll = if self.item == 0 { 0 } else { line };
        } else if line >= self.scroll + height {
            self.scroll = line + 1 - height;
        }
    }

    /// After a resize: the selected record back in view, as a move would put it (at 80x24
    /// the list showed its first rows while the note under it was the selected one's).
    pub fn keep_item_in_view(&mut self) {
        let body = self.body(self.width);
        if let Some(&(line, _)) = body.items.get(self.item.min(body.items.len().saturating_sub(1))) {
            self.scroll_to(line);
        }
    }

    /// Selects the record drawn on screen row `row` of the tab body, if it is one.
    pub fn click_line(&mut self, row: usize) {
        let body = self.body(self.width);
        let scroll = self.scroll.min(body.lines.len().saturating_sub(self.height as usize));
        if let Some(i) = body.items.iter().position(|(line, _)| *line == scroll + row) {
            self.item = i;
        }
    }

    /// The kind and playbook date a milestone of the shown account stands for (`origin`;
    /// None for one that stands for none).
    pub fn milestone_claim(&self, key: RowKey) -> Option<(MilestoneKind, chrono::NaiveDate)> {
        let f = &self.current()?.facts;
        let m = f.milestones.iter().find(|m| key.kind == RowKind::Milestone && m.id.0 == key.id)?;
        Some((m.kind, m.origin?))
    }

    /// The milestone of the shown account that stands for `claim`'s kind and date.
    pub fn milestone_claiming(&self, claim: (MilestoneKind, chrono::NaiveDate)) -> Option<RowKey> {
        let f = &self.current()?.facts;
        let m = f.milestones.iter().find(|m| (m.kind, m.origin) == (claim.0, Some(claim.1)))?;
        Some(RowKey { kind: RowKind::Milestone, id: m.id.0 })
    }

    /// The record under the selection, when the tab lists records.
    pub fn selected_item(&self) -> Option<RowKey> {
        let body = self.body(self.width);
        body.items.get(self.item.min(body.items.len().saturating_sub(1))).map(|(_, k)| *k)
    }

    /// The kind of the selected milestone, on the playbook tab.
    pub fn selected_milestone(&self) -> Option<MilestoneKind> {
        if self.tab != Tab::Playbook {
            return None;
        }
        let key = self.selected_item().filter(|k| k.kind == RowKind::Milestone)?;
        self.current()?.facts.milestones.iter().find(|m| m.id.0 == key.id).map(|m| m.kind)
    }

    pub fn scroll_by(&mut self, delta: isize) {
        let max = self.body(self.width).lines.len().saturating_sub(self.height as usize);
        self.scroll = self.scroll.saturating_add_signed(delta).min(max);
    }

    /// The selected tab's lines for a pane `width` columns wide.
    pub fn lines(&self, width: u16) -> Vec<Line<'static>> {
        self.body(width).lines
    }

    /// The selected tab's lines and records for a pane `width` columns wide.
    pub fn body(&self, width: u16) -> Body {
        let Some(d) = self.current() else { return Body::default() };
        let w = width as usize;
        match self.tab {
            Tab::Overview => overview::lines(&self.ui, d, w).into(),
            Tab::Chain => chain::lines(&self.ui, d, w),
            Tab::Promises => records::promises(&self.ui, d, w),
            Tab::Requirements => records::requirements(&self.ui, d, w),
            Tab::Complaints => records::complaints(&self.ui, d, w),
            Tab::Activity => activity::lines(&self.ui, d, w),
            Tab::Risk => risk::lines(&self.ui, d, w).into(),
            Tab::Playbook => playbook::lines(&self.ui, d, w),
        }
    }

    /// Which tab a click at column `x` of the tab bar hits.
    pub fn tab_at(&self, x: u16) -> Option<Tab> {
        let mut start = 0u16;
        for (tab, label) in Tab::ALL.iter().zip(self.tab_labels()) {
            let w = text::width(&label) as u16 + 1;
            if x >= start && x < start + w {
                return Some(*tab);
            }
            start += w;
        }
        None
    }

    /// "1 Overview", or just the numbers with the selected tab's name when space is short.
    fn tab_labels(&self) -> Vec<String> {
        let label = |prefix: &str| -> Vec<String> {
            Tab::ALL
                .iter()
                .map(|t| format!("{} {}", t.index() + 1, self.ui.t(&format!("{prefix}.{}", t.id()))))
                .collect()
        };
        let full = label("ui.tab");
        let fits = |labels: &[String]| {
            labels.iter().map(|l| text::width(l) + 1).sum::<usize>() <= self.width as usize
        };
        if fits(&full) {
            return full;
        }
        // Then the short names ("Chain", "Reqs"), then numbers with the selected tab's name.
        let short = label("ui.tab_short");
        if fits(&short) {
            return short;
        }
        let selected = self.tab.index();
        (0..full.len()).map(|i| if i == selected { full[i].clone() } else { (i + 1).to_string() }).collect()
    }
}

/// One table row: each cell padded to its width, with its style.
pub(crate) fn cells(parts: &[(&str, usize, Style)]) -> Line<'static> {
    Line::from(parts.iter().map(|(s, w, st)| span(text::pad(s, *w) + " ", *st)).collect::<Vec<_>>())
}

/// A section heading.
pub(crate) fn heading(ui: &Ui, key: &str) -> Line<'static> {
    Line::from(span(ui.t(key), ui.theme.header()))
}

/// "Label: value" on one line.
pub(crate) fn field(ui: &Ui, key: &str, value: String, style: Style) -> Line<'static> {
    Line::from(vec![span(format!("{}: ", ui.t(key)), ui.theme.dim()), span(value, style)])
}

/// Wrapped free text, indented by two columns.
pub(crate) fn para(text_in: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    if text_in.trim().is_empty() {
        return vec![Line::from(span("  -", style))];
    }
    text::wrap(text_in, width.saturating_sub(2).max(8))
        .into_iter()
        .map(|l| Line::from(span(format!("  {l}"), style)))
        .collect()
}

impl Widget for &DetailPane {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = &self.ui;
        let th = &ui.theme;
        let title = match self.current() {
            Some(d) => {
                format!(" {} ", text::fit(&d.facts.account.name, area.width.saturating_sub(4) as usize))
            }
            None => format!(" {} ", ui.t("ui.detail.title")),
        };
        let inner = frame(buf, area, title, th.border(self.focused), th.title());
        if inner.height < 2 || inner.width < 8 {
            return;
        }
        let mut x = inner.x;
        for (i, label) in self.tab_labels().iter().enumerate() {
            let style = if i == self.tab.index() { th.selected(self.focused) } else { th.dim() };
            x += put(buf, x, inner.y, inner.right().saturating_sub(x), label, style);
            x += put(buf, x, inner.y, inner.right().saturating_sub(x), " ", Style::new());
        }
        let body = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        if self.wanted.is_none() {
            put(buf, body.x, body.y, body.width, &ui.t("ui.detail.none"), th.dim());
            return;
        }
        if self.current().is_none() {
            put(buf, body.x, body.y, body.width, &ui.t("ui.loading"), th.dim());
            return;
        }
        let tab = self.body(body.width);
        // The activity and record tabs keep their last rows for the selected record in full.
        let rows = self.preview_rows().min(body.height / 2);
        // A short list leaves its blank rows to the preview: a long promise or complaint was
        // cut at 80x24 under empty rows (CSM trial, session 28).
        let rows = match rows {
            0 => 0,
            n => n.max(body.height.saturating_sub(u16::try_from(tab.lines.len()).unwrap_or(u16::MAX) + 1)),
        };
        let selected = tab.items.get(self.item.min(tab.items.len().saturating_sub(1))).map(|(_, k)| *k);
        let note = match (rows, selected, self.current()) {
            (1.., Some(key), Some(d)) if self.tab == Tab::Activity => {
                activity::preview(ui, d, key, body.width as usize, rows as usize, &self.read_key)
            }
            (1.., Some(key), Some(d)) if self.tab == Tab::Chain => {
                chain::preview(ui, d, key, body.width as usize, rows as usize)
            }
            (1.., Some(key), Some(d)) => records::preview(ui, d, key, body.width as usize, rows as usize),
            _ => Vec::new(),
        };
        let body = if note.is_empty() {
            body
        } else {
            let list = Rect { height: body.height - rows, ..body };
            put_lines(buf, Rect { y: list.bottom(), height: rows, ..body }, &note, 0);
            list
        };
        let scroll = self.scroll.min(tab.lines.len().saturating_sub(body.height as usize));
        put_lines(buf, body, &tab.lines, scroll);
        // The selected record, when the pane has the keys.
        if self.focused
            && let Some((line, _)) = tab.items.get(self.item.min(tab.items.len().saturating_sub(1)))
            && *line >= scroll
            && *line < scroll + body.height as usize
        {
            crate::tui::view::widgets::fill_row(
                buf,
                body,
                body.y + (*line - scroll) as u16,
                th.selected(false),
            );
        }
    }
}
