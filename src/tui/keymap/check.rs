//! What `radar doctor` asks of a keymap: keys bound to two actions of one table (only the
//! first of them ever runs), and where in a file a binding is written (error messages
//! name the line).

use super::{Action, Key, Keymap, Table};

/// A key bound to more than one action in one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Twice {
    pub table: Table,
    pub key: Key,
    /// The actions, in file order: the first is the one the key runs.
    pub actions: Vec<Action>,
}

impl Keymap {
    /// Every key bound twice within a table, table by table in file order.
    pub fn bound_twice(&self) -> Vec<Twice> {
        let mut out: Vec<Twice> = Vec::new();
        for (table, list) in &self.tables {
            let mut found: Vec<Twice> = Vec::new();
            for (action, keys) in list {
                for key in keys {
                    match found.iter_mut().find(|t| t.key == *key) {
                        Some(t) if !t.actions.contains(action) => t.actions.push(*action),
                        Some(_) => {}
                        None => found.push(Twice { table: *table, key: *key, actions: vec![*action] }),
                    }
                }
            }
            out.extend(found.into_iter().filter(|t| t.actions.len() > 1));
        }
        out
    }
}

/// The line (from 1) of `entry = …` under `[table]` in a keymap text, if it is written
/// there in the usual form (a dotted or inline table is not looked into).
pub fn line_of(text: &str, table: &str, entry: &str) -> Option<usize> {
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(name) = t.strip_prefix('[').and_then(|s| s.split(']').next()) {
            current = name.trim().trim_matches('"').to_string();
        } else if current == table
            && let Some((key, _)) = t.split_once('=')
            && key.trim().trim_matches('"') == entry
        {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_keymap_binds_no_key_twice_in_a_table() {
        assert_eq!(Keymap::default_map().unwrap().bound_twice(), vec![]);
    }

    #[test]
    fn a_key_bound_to_two_actions_of_a_table_is_found() {
        let mut k = Keymap::default_map().unwrap();
        k.merge("[dashboard]\nfilter_at_risk = [\"x\"]\n", "test").unwrap();
        let twice = k.bound_twice();
        assert_eq!(twice.len(), 1, "{twice:?}");
        assert_eq!(twice[0].table, Table::Dashboard);
        assert_eq!(twice[0].key, Key::parse("x").unwrap());
        let (risk, clear) =
            (Action::from_id("filter_at_risk").unwrap(), Action::from_id("clear_filters").unwrap());
        assert!(
            twice[0].actions.len() == 2
                && twice[0].actions.contains(&risk)
                && twice[0].actions.contains(&clear)
        );
        // The first named is the one the key runs.
        let x = ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('x'));
        assert_eq!(k.lookup_in(Table::Dashboard, &x), Some(twice[0].actions[0]));
    }

    #[test]
    fn lines_are_found_under_their_table() {
        let text = "# c\n[global]\nquit = [\"q\"]\n\n[ \"list\" ]\n \"up\" = [\"k\"]\nquit = 1\n";
        assert_eq!(line_of(text, "global", "quit"), Some(3));
        assert_eq!(line_of(text, "list", "up"), Some(6));
        assert_eq!(line_of(text, "list", "quit"), Some(7));
        assert_eq!(line_of(text, "form", "quit"), None);
    }
}
