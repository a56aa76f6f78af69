//! The one key table: `assets/keymap.toml` embedded, a user file merged over it.
//! Lookups walk the focused context's chain (pane, dashboard, list, global), so the same
//! key can mean "next tab" in the detail pane and "focus detail" in the portfolio. Text
//! fields read the `[input]` table (`text_key`); messages that name a key ask for its name
//! here (`key_text`), so a rebound key is named as bound.

mod check;
mod key;
mod table;

pub use check::{Twice, line_of};
pub use key::Key;
pub use table::{Context, Table};

use super::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.toml");

/// The table of actions shown in the status bar, per context.
const HINTS: &str = "hints";

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

/// What a key does in a text field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKey {
    /// An `[input]` action (move, delete…; `up`/`down` leave a one-line field).
    Edit(Action),
    /// A character to insert.
    Type(char),
    /// Nothing.
    None,
}

/// Bindings per table, in file order (the default file's, then what a user's file adds),
/// plus the hint lists.
#[derive(Debug, Clone)]
pub struct Keymap {
    tables: BTreeMap<Table, Vec<(Action, Vec<Key>)>>,
    hints: BTreeMap<Context, Vec<Action>>,
}

impl Keymap {
    /// The embedded defaults only.
    pub fn default_map() -> Result<Keymap, KeymapError> {
        let mut k = Keymap { tables: BTreeMap::new(), hints: BTreeMap::new() };
        k.merge(DEFAULT_KEYMAP, "assets/keymap.toml")?;
        Ok(k)
    }

    /// Defaults with the user's file (if it exists) merged over them.
    pub fn load(user_file: Option<&Path>) -> Result<Keymap, KeymapError> {
        let mut k = Keymap::default_map()?;
        if let Some(path) = user_file.filter(|p| p.exists()) {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(path)
                .map_err(|e| KeymapError::Invalid { file: file.clone(), message: e.to_string() })?;
            k.merge(&text, &file)?;
        }
        Ok(k)
    }

    /// `<config dir>/renewal-radar/keymap.toml`.
    pub fn user_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "renewal-radar").map(|d| d.config_dir().join("keymap.toml"))
    }

    fn merge(&mut self, text: &str, file: &str) -> Result<(), KeymapError> {
        let bad = |message: String| KeymapError::Invalid { file: file.to_string(), message };
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| bad(e.to_string()))?;
        for (name, value) in &doc {
            let table = Table::from_id(name).filter(|_| name != HINTS);
            if table.is_none() && name != HINTS {
                let all: Vec<&str> = Table::ALL.iter().map(|t| t.id()).chain([HINTS]).collect();
                return Err(bad(format!("unknown table [{name}] (expected one of {})", all.join(", "))));
            }
            let toml::Value::Table(entries) = value else {
                return Err(bad(format!("[{name}] must be a table")));
            };
            // In the order written: the help overlay lists a table's keys so, grouped as the
            // file groups them (tabs, filters, recording…). The parsed table is sorted by
            // name, which put the zh-CN help in English alphabetical order (CSM trial).
            let mut entries: Vec<_> = entries.iter().collect();
            entries.sort_by_key(|(entry, _)| line_of(text, name, entry).unwrap_or(usize::MAX));
            for (entry, keys) in entries {
                // Where the entry is, for the messages: "line 7: [dashboard] …".
                let at = line_of(text, name, entry).map_or(String::new(), |n| format!("line {n}: "));
                let strings = string_list(keys)
                    .ok_or_else(|| bad(format!("{at}[{name}] {entry}: expected a list of strings")))?;
                let action = |s: &str| Action::from_id(s);
                let Some(table) = table else {
                    let ctx = Context::from_id(entry)
                        .ok_or_else(|| bad(format!("{at}[hints]: unknown context '{entry}'")))?;
                    let actions = strings
                        .iter()
                        .map(|s| {
                            action(s).ok_or_else(|| bad(format!("{at}[hints] {entry}: unknown action '{s}'")))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    self.hints.insert(ctx, actions);
                    continue;
                };
                let action =
                    action(entry).ok_or_else(|| bad(format!("{at}[{name}]: unknown action '{entry}'")))?;
                let keys = strings
                    .iter()
                    .map(|s| {
                        Key::parse(s).ok_or_else(|| bad(format!("{at}[{name}] {entry}: '{s}' is not a key")))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let list = self.tables.entry(table).or_default();
                match list.iter_mut().find(|(a, _)| *a == action) {
                    Some(slot) => slot.1 = keys,
                    None => list.push((action, keys)),
                }
            }
        }
        Ok(())
    }

    /// The bindings of one table, in file order (the README's keys are checked against it).
    pub fn table(&self, table: Table) -> &[(Action, Vec<Key>)] {
        self.tables.get(&table).map_or(&[], Vec::as_slice)
    }

    fn find(&self, table: Table, key: &Key) -> Option<Action> {
        self.table(table).iter().find(|(_, keys)| keys.contains(key)).map(|(a, _)| *a)
    }

    /// The action a key means in a context, if any.
    pub fn lookup(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(key);
        ctx.chain().iter().find_map(|t| self.find(*t, &key))
    }

    /// The action a key means in one table of the file (`global`), whatever has focus.
    pub fn lookup_in(&self, table: Table, key: &KeyEvent) -> Option<Action> {
        self.find(table, &Key::from_event(key))
    }

    /// What a key does in a text field: its `[input]` action, else a plain character is
    /// typed. A non-character key with Shift, Ctrl or Alt that is not bound acts as the key
    /// alone (Shift-Left moves like Left); a character with Ctrl or Alt never types.
    pub fn text_key(&self, key: &KeyEvent) -> TextKey {
        let k = Key::from_event(key);
        if let Some(a) = self.find(Table::Input, &k) {
            return TextKey::Edit(a);
        }
        match k.code {
            KeyCode::Char(c) if k.mods.is_empty() => TextKey::Type(c),
            KeyCode::Char(_) => TextKey::None,
            _ if !k.mods.is_empty() => {
                self.find(Table::Input, &k.plain()).map_or(TextKey::None, TextKey::Edit)
            }
            _ => TextKey::None,
        }
    }

    /// The keys that reach `action` in a context (shadowed keys excluded), for display.
    pub fn keys_for(&self, ctx: Context, action: Action) -> Vec<Key> {
        let mut out = Vec::new();
        for table in ctx.chain() {
            for (a, keys) in self.table(*table) {
                if *a == action {
                    out.extend(keys.iter().copied().filter(|k| self.reaches(ctx, k, action)));
                }
            }
        }
        out.dedup();
        out
    }

    fn reaches(&self, ctx: Context, key: &Key, action: Action) -> bool {
        let ev = KeyEvent::new(key.code, key.mods);
        self.lookup(ctx, &ev) == Some(action)
    }

    /// The first key of an action in a context, as shown in hints.
    pub fn key_label(&self, ctx: Context, action: Action) -> Option<String> {
        self.keys_for(ctx, action).first().map(Key::display)
    }

    /// The first key of an action in a context, named for a sentence ("-" if none).
    pub fn key_text(&self, ctx: Context, action: Action) -> String {
        self.keys_for(ctx, action).first().map_or_else(|| "-".into(), Key::in_text)
    }

    /// The first key of an action in one table, named for a sentence ("-" if none).
    pub fn key_text_in(&self, table: Table, action: Action) -> String {
        self.table(table)
            .iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, keys)| keys.first())
            .map_or_else(|| "-".into(), Key::in_text)
    }

    /// Every (action, keys) reachable in a context, most specific table first.
    pub fn bindings(&self, ctx: Context) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        for table in ctx.chain() {
            for (action, _) in self.table(*table) {
                if out.iter().any(|(a, _)| a == action) {
                    continue;
                }
                let keys = self.keys_for(ctx, *action);
                if !keys.is_empty() {
                    out.push((*action, keys));
                }
            }
        }
        out
    }

    pub fn hints(&self, ctx: Context) -> &[Action] {
        self.hints.get(&ctx).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to an action anywhere (palette display), any context.
    pub fn any_key(&self, action: Action) -> Option<Key> {
        // The dashboard's own key first (the palette runs actions there), not a form's.
        if let Some(k) = self.keys_for(Context::Portfolio, action).first() {
            return Some(*k);
        }
        self.tables
            .values()
            .flatten()
            .find(|(a, k)| *a == action && !k.is_empty())
            .and_then(|(_, k)| k.first().copied())
    }
}

fn string_list(v: &toml::Value) -> Option<Vec<String>> {
    v.as_array()?.iter().map(|s| s.as_str().map(str::to_string)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_parse_and_resolve_by_context() {
        let k = Keymap::default_map().unwrap();
        let l = ev(KeyCode::Char('l'), KeyModifiers::NONE);
        assert_eq!(k.lookup(Context::Portfolio, &l), Some(Action::FocusDetail));
        assert_eq!(k.lookup(Context::Detail, &l), Some(Action::NextTab));
        let big_g = ev(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(k.lookup(Context::Portfolio, &big_g), Some(Action::Bottom));
        assert_eq!(k.lookup(Context::Help, &ev(KeyCode::Char('q'), KeyModifiers::NONE)), Some(Action::Back));
        assert_eq!(
            k.lookup(Context::Portfolio, &ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        // `l` is shadowed in the detail pane, so its focus_detail keys show only Enter/Right there? No:
        // focus_detail is a portfolio binding and not reachable from the detail pane at all.
        assert!(k.keys_for(Context::Detail, Action::FocusDetail).is_empty());
    }

    #[test]
    fn every_action_has_a_binding_or_is_palette_only() {
        let k = Keymap::default_map().unwrap();
        let palette_only = |a: &Action| a.id().starts_with("sort_") && *a != Action::CycleSort;
        for a in Action::ALL.iter().filter(|a| !palette_only(a)) {
            assert!(k.any_key(*a).is_some(), "{} has no key", a.id());
        }
    }

    #[test]
    fn user_file_overrides_and_unbinds() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[dashboard]\nsearch = [\"ctrl-f\"]\n[global]\nshow_agenda = []\n").unwrap();
        let k = Keymap::load(Some(&path)).unwrap();
        assert_eq!(
            k.lookup(Context::Portfolio, &ev(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            Some(Action::Search)
        );
        assert_eq!(k.lookup(Context::Portfolio, &ev(KeyCode::Char('/'), KeyModifiers::NONE)), None);
        assert_eq!(k.lookup(Context::Portfolio, &ev(KeyCode::Char('a'), KeyModifiers::NONE)), None);
        std::fs::write(&path, "[global]\nfly = [\"f\"]\n").unwrap();
        let err = Keymap::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("unknown action 'fly'"), "{err}");
    }

    #[test]
    fn text_fields_read_the_input_table_and_plain_characters_type() {
        let k = Keymap::default_map().unwrap();
        let t = |code, mods| k.text_key(&ev(code, mods));
        assert_eq!(t(KeyCode::Char('a'), KeyModifiers::CONTROL), TextKey::Edit(Action::LineStart));
        assert_eq!(t(KeyCode::Char('J'), KeyModifiers::SHIFT), TextKey::Type('J'));
        assert_eq!(t(KeyCode::Char('x'), KeyModifiers::ALT), TextKey::None);
        assert_eq!(t(KeyCode::Backspace, KeyModifiers::NONE), TextKey::Edit(Action::DeleteBack));
        // Unbound with a modifier: the key alone; bound with one: its own action.
        assert_eq!(t(KeyCode::Left, KeyModifiers::SHIFT), TextKey::Edit(Action::CursorLeft));
        assert_eq!(t(KeyCode::Left, KeyModifiers::CONTROL), TextKey::Edit(Action::WordLeft));
        assert_eq!(t(KeyCode::Tab, KeyModifiers::NONE), TextKey::None);
    }

    #[test]
    fn a_rebound_key_is_named_as_bound() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[input]\ndelete_back = [\"ctrl-h\"]\n[pick]\ncancel = [\"ctrl-g\"]\n")
            .unwrap();
        let k = Keymap::load(Some(&path)).unwrap();
        assert_eq!(k.key_text_in(Table::Input, Action::DeleteBack), "C-h");
        assert_eq!(k.key_text(Context::Pick, Action::Cancel), "C-g");
        let d = Keymap::default_map().unwrap();
        assert_eq!(d.key_text_in(Table::Input, Action::DeleteBack), "Backspace");
        assert_eq!(d.key_text_in(Table::Input, Action::CursorLeft), "←");
        assert_eq!(d.key_label(Context::Detail, Action::NextTab).as_deref(), Some("l"));
    }

    #[test]
    fn unknown_tables_and_hint_contexts_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        std::fs::write(&path, "[picker]\npick = [\"enter\"]\n").unwrap();
        let err = Keymap::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("unknown table [picker]") && err.contains("input"), "{err}");
        std::fs::write(&path, "[hints]\nportfolo = [\"quit\"]\n").unwrap();
        let err = Keymap::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("unknown context 'portfolo'"), "{err}");
    }
}
