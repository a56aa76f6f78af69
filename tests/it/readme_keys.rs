//! The README's Keys section mirrors `assets/keymap.toml`: each table of the file has its
//! README table(s) (the last "(`[name]`)" written before them names it), every key the
//! README names for an action is bound to that action in that table, every key bound is
//! named, and every action of the keymap appears. Keys are written as the dashboard shows
//! them (`Key::display`: `C-u`, `S-Tab`, `Bksp`); `—` for an action without a key.

use radar::tui::action::Action;
use radar::tui::keymap::{Keymap, Table};
use std::collections::{BTreeMap, BTreeSet};

type Named = BTreeMap<(Table, Action), (usize, BTreeSet<String>)>;

/// The text between backticks in `s`.
fn quoted(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// (table, action) → (README line, keys) for every row of the Keys section's tables.
fn readme_keys(readme: &str) -> Result<Named, Vec<String>> {
    let start = readme.find("\n## Keys\n").ok_or_else(|| vec!["README: no '## Keys' section".to_string()])?;
    let first_line = readme[..start].lines().count() + 2;
    let section = &readme[start + 1..];
    let section = section[3..].find("\n## ").map_or(section, |end| &section[..end + 3]);
    let (mut named, mut errors) = (Named::new(), Vec::new());
    let mut table = None;
    for (i, line) in section.lines().enumerate() {
        let at = first_line + i - 1;
        let line = line.trim();
        if !line.starts_with('|') {
            if let Some(pos) = line.rfind("(`[") {
                let name = line[pos + 3..].split(']').next().unwrap_or_default();
                table = Table::from_id(name);
                if table.is_none() {
                    errors.push(format!("README.md:{at}: [{name}] is not a table of the keymap"));
                }
            }
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || cells[1] == "keys" || cells[1].starts_with("---") {
            continue;
        }
        let Some(table) = table else {
            errors.push(format!("README.md:{at}: a keys row before any (`[table]`)"));
            continue;
        };
        let action = quoted(cells[2]).first().and_then(|id| Action::from_id(id));
        let Some(action) = action else {
            errors.push(format!("README.md:{at}: '{}' is not an action", cells[2]));
            continue;
        };
        let keys: BTreeSet<String> = quoted(cells[1]).into_iter().map(str::to_string).collect();
        if let Some((earlier, _)) = named.insert((table, action), (at, keys)) {
            errors.push(format!(
                "README.md:{at}: [{}] {} already at line {earlier}",
                table.id(),
                action.id()
            ));
        }
    }
    if errors.is_empty() { Ok(named) } else { Err(errors) }
}

/// Every difference between the README's keys and the keymap's.
fn mismatches(readme: &str, keymap: &Keymap) -> Vec<String> {
    let mut named = match readme_keys(readme) {
        Ok(named) => named,
        Err(errors) => return errors,
    };
    let mut out = Vec::new();
    for table in Table::ALL {
        for (action, keys) in keymap.table(*table) {
            let bound: BTreeSet<String> = keys.iter().map(|k| k.display()).collect();
            let (t, a) = (table.id(), action.id());
            match named.remove(&(*table, *action)) {
                None => out.push(format!("[{t}] {a} (keys {bound:?}) is not in the README")),
                Some((at, written)) => {
                    for k in written.difference(&bound) {
                        out.push(format!("README.md:{at}: `{k}` is not bound to {a} in [{t}]"));
                    }
                    for k in bound.difference(&written) {
                        out.push(format!("README.md:{at}: [{t}] {a} is also bound to `{k}`"));
                    }
                }
            }
        }
    }
    for ((table, action), (at, _)) in named {
        out.push(format!("README.md:{at}: [{}] has no action {}", table.id(), action.id()));
    }
    out
}

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_readme_keys_are_the_keymap() {
    let problems = mismatches(&readme(), &Keymap::default_map().unwrap());
    assert!(problems.is_empty(), "README.md Keys and assets/keymap.toml disagree:\n{}", problems.join("\n"));
}

#[test]
fn the_check_finds_a_wrong_key_a_missing_action_and_an_unknown_one() {
    let keymap = Keymap::default_map().unwrap();
    let text = readme();
    let row = "| `q` `C-c` | `quit` |";
    assert!(text.contains(row), "the README names the quit keys");
    let wrong = mismatches(&text.replace(row, "| `Q` `C-c` | `quit` |"), &keymap).join("\n");
    assert!(
        wrong.contains("`Q` is not bound to quit in [global]") && wrong.contains("also bound to `q`"),
        "{wrong}"
    );
    let missing = mismatches(&text.replace(row, "| `q` `C-c` | — |"), &keymap).join("\n");
    assert!(missing.contains("is not an action"), "{missing}");
    let gone =
        mismatches(&text.replace("| `u` | `undo` | undo", "| `u` | `undo_all` | undo"), &keymap).join("\n");
    assert!(gone.contains("'`undo_all`' is not an action"), "{gone}");
    let dropped = mismatches(&text.replace("| `C-r` | `reload` | reload from the file |\n", ""), &keymap);
    assert_eq!(dropped, vec!["[global] reload (keys {\"C-r\"}) is not in the README".to_string()]);
}
