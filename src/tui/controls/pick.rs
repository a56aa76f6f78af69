//! A list to pick one item from, filtered as you type (ranked like the palette, see
//! `widgets::rank`): the values of a choice field, the record a quick action applies to,
//! the CSM's call, the kind of record to create. Letters type into the filter (`j`/`k`
//! too); moving and picking are the `[pick]` keys of the keymap.

use crate::domain::RowKey;
use crate::tui::action::Action;
use crate::tui::controls::rank::{self, Candidate};
use crate::tui::keymap::{Context, Keymap};
use crate::tui::view::widgets::{centered, clear_popup};
use crate::tui::view::widgets::{fill_row, put, put_spans, text};
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
    /// Enter was pressed with nothing matching: say so instead of closing.
    pub nothing_to_pick: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome {
    Stay,
    Close,
    Picked(PickItem),
    /// The keys of a pick list (help overlay).
    Help,
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
            nothing_to_pick: false,
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
        let items = self.items.iter().map(|it| Candidate {
            texts: vec![it.label.as_str(), it.id.as_str(), it.detail.as_str()],
            destructive: false,
        });
        self.matches = rank::rank(&self.query, items);
        self.nothing_to_pick = false;
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<&PickItem> {
        self.matches.get(self.selected).map(|i| &self.items[*i])
    }

    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> PickOutcome {
        match list_key(key, keymap, &mut self.selected, self.matches.len()) {
            ListKey::Pick => match self.current() {
                Some(item) => return PickOutcome::Picked(item.clone()),
                None => self.nothing_to_pick = true,
            },
            ListKey::Close => return PickOutcome::Close,
            ListKey::Help => return PickOutcome::Help,
            ListKey::Edit(edit) => {
                edit.apply(&mut self.query);
                self.selected = 0;
                self.refilter();
            }
            ListKey::Moved | ListKey::None => {}
        }
        PickOutcome::Stay
    }
}

/// What a key does in a filtered list (a pick list or the palette).
pub enum ListKey {
    Pick,
    Close,
    Help,
    Moved,
    Edit(QueryEdit),
    None,
}

/// A change to the typed filter: fixed text-editing keys, as in any text field.
pub enum QueryEdit {
    Push(char),
    Pop,
}

impl QueryEdit {
    pub fn apply(self, query: &mut String) {
        match self {
            QueryEdit::Push(c) => query.push(c),
            QueryEdit::Pop => {
                query.pop();
            }
        }
    }
}

/// One key in a list of `len` entries: the `[pick]` bindings move `selected` (arrows always
/// do), pick, close or ask for help; any other plain character types into the filter.
pub fn list_key(key: &KeyEvent, keymap: &Keymap, selected: &mut usize, len: usize) -> ListKey {
    let last = len.saturating_sub(1);
    match keymap.lookup(Context::Pick, key) {
        Some(Action::Pick) => return ListKey::Pick,
        Some(Action::Cancel) => return ListKey::Close,
        Some(Action::Help) => return ListKey::Help,
        Some(a) => {
            if let Some(to) = crate::tui::panes::moved(*selected, a, len, 10) {
                *selected = to.min(last);
                return ListKey::Moved;
            }
        }
        None => {}
    }
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        // Arrows move even if a user keymap unbound them: a list without them is a trap.
        KeyCode::Up => *selected = selected.saturating_sub(1),
        KeyCode::Down => *selected = (*selected + 1).min(last),
        KeyCode::Backspace => return ListKey::Edit(QueryEdit::Pop),
        KeyCode::Char(c) if plain => return ListKey::Edit(QueryEdit::Push(c)),
        _ => return ListKey::None,
    }
    ListKey::Moved
}

pub struct PickView<'a> {
    pub pick: &'a Pick,
    pub keymap: &'a Keymap,
    pub ui: &'a crate::tui::panes::Ui,
}

/// "type to filter · Up/Down move · Enter pick · Esc close · F1 keys", from the keymap.
pub fn pick_hint(keymap: &Keymap, ui: &crate::tui::panes::Ui) -> String {
    let key = |a: Action| keymap.key_label(Context::Pick, a).unwrap_or_else(|| "-".into());
    let keys = [Action::Up, Action::Down, Action::Pick, Action::Cancel, Action::Help].map(key);
    let [up, down, pick, cancel, help] = keys.each_ref().map(String::as_str);
    ui.tf("edit.pick.hint", &[("up", up), ("down", down), ("pick", pick), ("cancel", cancel), ("help", help)])
}

/// The line shown instead of entries when none matches.
pub fn nothing_line(ui: &crate::tui::panes::Ui, none_key: &str, enter_pressed: bool) -> String {
    if enter_pressed { ui.t("edit.pick.nothing_to_pick") } else { ui.t(none_key) }
}

impl Widget for PickView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, p) = (self.ui, self.pick);
        let th = &ui.theme;
        let widest =
            p.items.iter().map(|i| text::width(&i.label) + text::width(&i.detail) + 4).max().unwrap_or(20);
        let hint = pick_hint(self.keymap, ui);
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
            let line = nothing_line(ui, "edit.pick.none", p.nothing_to_pick);
            let style = if p.nothing_to_pick { th.warn() } else { th.dim() };
            put(buf, list.x, list.y, list.width, &line, style);
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
