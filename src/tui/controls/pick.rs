//! A list to pick one item from, filtered as you type (ranked like the palette, see
//! `rank`): the values of a choice field, the record a quick action applies to, the CSM's
//! call, the kind of record to create; the palette filters the same way (`FilterList`).
//! Letters type into the filter (`j`/`k` too); moving and picking are the `[pick]` keys of
//! the keymap, deleting is `[input]`'s.

use super::rank::{self, Candidate};
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap, Table, TextKey};
use ratatui::crossterm::event::KeyEvent;

/// The typed filter of a list and the selection among its matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterList {
    pub query: String,
    /// Indexes into the list's items that match the query, best first.
    pub matches: Vec<usize>,
    pub selected: usize,
    /// Enter was pressed with nothing matching: say so instead of closing.
    pub nothing_to_pick: bool,
    /// A short list of names to browse ("who are you?"): while nothing is typed, the
    /// `[list]` keys (j/k) move instead of typing.
    pub browse: bool,
}

/// What a key did to a filtered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOutcome {
    Stay,
    Close,
    /// The keys of a pick list (help overlay).
    Help,
    /// This item (an index into the list's items) was picked.
    Picked(usize),
}

impl FilterList {
    /// New matches for the query (`rank` ranks the items against it).
    pub fn refilter(&mut self, rank: impl FnOnce(&str) -> Vec<usize>) {
        self.matches = rank(&self.query);
        self.nothing_to_pick = false;
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    /// Typed or pasted text at the end of the filter.
    pub fn type_str(&mut self, s: &str, rank: impl FnOnce(&str) -> Vec<usize>) {
        self.query.push_str(s);
        self.selected = 0;
        self.refilter(rank);
    }

    /// The item under the selection.
    pub fn current(&self) -> Option<usize> {
        self.matches.get(self.selected).copied()
    }

    /// One key: the `[pick]` bindings move the selection, pick, close or ask for help;
    /// `[input]`'s `up`/`down` move too (a list whose keys were unbound is not a trap) and
    /// its `delete_back` deletes from the filter; any other plain character types into it.
    pub fn handle_key(
        &mut self,
        key: &KeyEvent,
        keymap: &Keymap,
        rank: impl FnOnce(&str) -> Vec<usize>,
    ) -> ListOutcome {
        let len = self.matches.len();
        let move_to = |a: Action, selected: &mut usize| {
            crate::tui::panes::moved(*selected, a, len, 10)
                .map(|to| *selected = to.min(len.saturating_sub(1)))
        };
        match keymap.lookup(Context::Pick, key) {
            Some(Action::Pick) => match self.current() {
                Some(i) => return ListOutcome::Picked(i),
                None => self.nothing_to_pick = true,
            },
            Some(Action::Cancel) => return ListOutcome::Close,
            Some(Action::Help) => return ListOutcome::Help,
            Some(a) if move_to(a, &mut self.selected).is_some() => {}
            _ if self.browse
                && self.query.is_empty()
                && keymap
                    .lookup_in(Table::List, key)
                    .filter(|a| matches!(a, Action::Up | Action::Down))
                    .and_then(|a| move_to(a, &mut self.selected))
                    .is_some() => {}
            // Not a list key: what it does in a text field.
            _ => match keymap.text_key(key) {
                TextKey::Edit(a @ (Action::Up | Action::Down)) => {
                    move_to(a, &mut self.selected);
                }
                TextKey::Edit(a @ (Action::DeleteBack | Action::DeleteWord | Action::DeleteToStart)) => {
                    if super::text_input::delete_at_end(&mut self.query, a) {
                        self.selected = 0;
                        self.refilter(rank);
                    }
                }
                TextKey::Type(c) => self.type_str(&c.to_string(), rank),
                TextKey::Edit(_) | TextKey::None => {}
            },
        }
        ListOutcome::Stay
    }
}

/// One entry: what is shown, and what picking it means (`value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem<V> {
    pub label: String,
    /// Dimmed text after the label (a date, a status).
    pub detail: String,
    /// A stable id, matched by the filter too (a choice id, a record id).
    pub id: String,
    pub value: V,
}

impl<V> PickItem<V> {
    pub fn new(id: impl Into<String>, label: impl Into<String>, value: V) -> PickItem<V> {
        PickItem { label: label.into(), detail: String::new(), id: id.into(), value }
    }
}

/// A titled list of items to pick one from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick<V> {
    pub title: String,
    pub items: Vec<PickItem<V>>,
    pub list: FilterList,
}

/// What a key did to a pick list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome<V> {
    Stay,
    Close,
    Picked(PickItem<V>),
    /// The keys of a pick list (help overlay).
    Help,
}

impl<V: Clone> Pick<V> {
    pub fn new(title: String, items: Vec<PickItem<V>>) -> Pick<V> {
        let mut p = Pick { title, items, list: FilterList::default() };
        p.list.refilter(|q| rank_items(&p.items, q));
        p
    }

    /// A list to browse: j/k move while the filter is empty (see `FilterList::browse`).
    pub fn browse(mut self) -> Pick<V> {
        self.list.browse = true;
        self
    }

    /// Starts with `id` selected (the field's current value).
    pub fn select_id(mut self, id: &str) -> Pick<V> {
        if let Some(pos) = self.list.matches.iter().position(|i| self.items[*i].id == id) {
            self.list.selected = pos;
        }
        self
    }

    pub fn type_str(&mut self, s: &str) {
        let items = &self.items;
        self.list.type_str(s, |q| rank_items(items, q));
    }

    pub fn current(&self) -> Option<&PickItem<V>> {
        self.list.current().map(|i| &self.items[i])
    }

    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> PickOutcome<V> {
        let items = &self.items;
        match self.list.handle_key(key, keymap, |q| rank_items(items, q)) {
            ListOutcome::Stay => PickOutcome::Stay,
            ListOutcome::Close => PickOutcome::Close,
            ListOutcome::Help => PickOutcome::Help,
            ListOutcome::Picked(i) => PickOutcome::Picked(self.items[i].clone()),
        }
    }
}

/// Items ranked against a query on their label, id and detail.
fn rank_items<V>(items: &[PickItem<V>], query: &str) -> Vec<usize> {
    let candidates = items.iter().map(|it| Candidate {
        texts: vec![it.label.as_str(), it.id.as_str(), it.detail.as_str()],
        destructive: false,
    });
    rank::rank(query, candidates)
}
