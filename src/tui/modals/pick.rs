//! A list to pick one item from, filtered as you type (nucleo, like the palette): the
//! values of a choice field, the record a quick action applies to, the CSM's call, the
//! kind of record to create. List keys are fixed, as in any text field.

use crate::domain::RowKey;
use crate::tui::action::Action;
use crate::tui::overlays::{centered, clear_popup};
use crate::tui::widgets::{fill_row, put, put_spans, text};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Widget};

/// One entry: what is shown, and what picking it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    pub label: String,
    /// Dimmed text after the label (a date, a status).
    pub detail: String,
    /// A stable id (a choice id, an action id).
    pub id: String,
    pub key: Option<RowKey>,
}

impl PickItem {
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> PickItem {
        PickItem { label: label.into(), detail: String::new(), id: id.into(), key: None }
    }
}

/// What picking leads to (the app carries it out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// A value for the focused field of the form underneath.
    Field,
    /// The record an action applies to (`key` of the item).
    Target(Action),
    /// The CSM's renewal call for the selected account.
    Forecast,
    /// Which kind of record `new_record` creates.
    NewRecord,
    /// Renewed or churned.
    Outcome,
    /// What kind of file the path is (when its name does not say).
    ImportKind(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub title: String,
    pub items: Vec<PickItem>,
    pub query: String,
    /// Indexes into `items` that match the query, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
    pub purpose: PickFor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    Close,
    Picked(PickItem),
}

impl Pick {
    pub fn new(title: String, items: Vec<PickItem>, purpose: PickFor) -> Pick {
        let mut p = Pick {
            title,
            matches: (0..items.len()).collect(),
            items,
            query: String::new(),
            selected: 0,
            purpose,
        };
        p.refilter();
        p
    }

    /// Starts with `id` selected (the field's current value).
    pub fn select_id(mut self, id: &str) -> Pick {
        if let Some(pos) = self.matches.iter().position(|i| self.items[*i].id == id) {
            self.selected = pos;
        }
        self
    }

    pub fn type_str(&mut self, s: &str) {
        self.query.push_str(s);
        self.selected = 0;
        self.refilter();
    }

    fn refilter(&mut self) {
        let q = self.query.trim();
        if q.is_empty() {
            self.matches = (0..self.items.len()).collect();
        } else {
            let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, usize)> = self
                .items
                .iter()
                .enumerate()
                .filter_map(|(i, it)| {
                    let hay = format!("{} {} {}", it.label, it.id, it.detail);
                    pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher).map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            self.matches = scored.into_iter().map(|(_, i)| i).collect();
        }
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<&PickItem> {
        self.matches.get(self.selected).map(|i| &self.items[*i])
    }

    pub fn handle_key(&mut self, key: &KeyEvent) -> PickOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let last = self.matches.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => return PickOutcome::Close,
            KeyCode::Enter => return self.current().cloned().map_or(PickOutcome::Close, PickOutcome::Picked),
            KeyCode::Up | KeyCode::BackTab => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => self.selected = (self.selected + 1).min(last),
            KeyCode::Char('n') if ctrl => self.selected = (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(last),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = last,
            KeyCode::Backspace => {
                self.query.pop();
                self.selected = 0;
                self.refilter();
            }
            KeyCode::Char(c) if !ctrl => {
                self.query.push(c);
                self.selected = 0;
                self.refilter();
            }
            _ => {}
        }
        PickOutcome::Stay
    }
}

pub struct PickView<'a> {
    pub pick: &'a Pick,
    pub ui: &'a crate::tui::panes::Ui,
}

impl Widget for PickView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, p) = (self.ui, self.pick);
        let th = &ui.theme;
        let widest =
            p.items.iter().map(|i| text::width(&i.label) + text::width(&i.detail) + 4).max().unwrap_or(20);
        let hint = ui.t("edit.pick.hint");
        let w = (widest.max(text::width(&p.title) + 6).max(text::width(&hint) + 2) as u16 + 2).clamp(30, 76);
        let h = (p.items.len() as u16 + 4).min(18);
        let box_area = centered(area, w, h);
        clear_popup(box_area, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(th.border(true))
            .title(format!(" {} ", text::fit(&p.title, w.saturating_sub(4) as usize)))
            .title_style(th.title());
        let inner = block.inner(box_area);
        block.render(box_area, buf);
        if inner.height < 3 {
            return;
        }
        put_spans(buf, inner, inner.y, &[("> ".into(), th.key()), (format!("{}_", p.query), th.bold())]);
        let list = Rect { y: inner.y + 1, height: inner.height - 2, ..inner };
        if p.matches.is_empty() {
            put(buf, list.x, list.y, list.width, &ui.t("edit.pick.none"), th.dim());
        }
        let offset = p.selected.saturating_sub(list.height.saturating_sub(1) as usize);
        for (row, idx) in p.matches.iter().enumerate().skip(offset).take(list.height as usize) {
            let it = &p.items[*idx];
            let y = list.y + (row - offset) as u16;
            let spans = [(format!(" {} ", it.label), th.text()), (it.detail.clone(), th.dim())];
            put_spans(buf, list, y, &spans);
            if row == p.selected {
                fill_row(buf, list, y, th.selected(true));
            }
        }
        put(buf, inner.x, inner.bottom() - 1, inner.width, &hint, th.dim());
    }
}
