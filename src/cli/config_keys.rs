//! The keys of the settings file: every key the embedded defaults (`assets/config.toml`)
//! spell out, in their order, with its default and the values it allows. `radar config`
//! shows and checks against this list, so a key added to the defaults needs no code here
//! unless its values need a description of their own.

use crate::domain::config::DEFAULT_CONFIG_TOML;
use crate::settings::Background;
use toml_edit::{DocumentMut, Item, Table, Value};

/// One settable key: its dotted name and its default value.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub default: Value,
}

/// Every key, in the order of the defaults file.
pub fn known() -> Vec<Key> {
    // The embedded file is checked by the settings tests; a broken one is a build bug.
    let doc: DocumentMut = DEFAULT_CONFIG_TOML.parse().unwrap_or_else(|e| panic!("assets/config.toml: {e}"));
    let mut keys = Vec::new();
    flatten(doc.as_table(), "", &mut keys);
    keys
}

fn flatten(table: &Table, prefix: &str, out: &mut Vec<Key>) {
    for (name, item) in table.iter() {
        let full = if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
        match item {
            Item::Table(t) => flatten(t, &full, out),
            Item::Value(v) => out.push(Key { name: full, default: bare(v) }),
            Item::None | Item::ArrayOfTables(_) => {}
        }
    }
}

/// A value without the comments and spacing around it in its file.
pub fn bare(v: &Value) -> Value {
    let mut v = v.clone();
    v.decor_mut().clear();
    v
}

/// A value as `radar config show` prints it: strings without quotes.
pub fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.value().clone(),
        other => bare(other).to_string().trim().to_string(),
    }
}

/// What `key` accepts, in words (for `radar config set` errors).
pub fn allowed(key: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    match key {
        "theme.background" => {
            let all: Vec<&str> = Background::ALL.iter().map(|b| b.as_str()).collect();
            one_of(&all)
        }
        "backup.keep" => "a whole number from 1 to 3650".into(),
        "report.currency" => {
            "a currency code (CNY, USD, EUR, …), or \"\" for [import] currency or the most used one".into()
        }
        "report.capacity" => {
            "a whole number, 1 or more: the book value one CSM carries, in the reporting currency".into()
        }
        "import.currency" => {
            "a currency code (CNY, USD, EUR, …), or \"\" to propose one from the locale".into()
        }
        "user.name" => "a name in quotes: the owner whose accounts are yours".into(),
        "reference.max_band" => one_of(&["healthy", "watch", "at_risk", "critical"]),
        "reference.min_breadth_pct" => "a whole number from 0 to 100".into(),
        "risk.params.decline_window_days" => "a whole number, 1 or more".into(),
        _ if key.starts_with("risk.bands.") => {
            "a whole number from 1 to 100, with watch < at_risk < critical".into()
        }
        _ if key.starts_with("risk.params.") && last.ends_with("_pct") => {
            "a whole number from 0 to 100".into()
        }
        _ if key.starts_with("risk.points.") => "a whole number of points, 0 (the rule off) or more".into(),
        _ => "a whole number, 0 or more".into(),
    }
}

fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The value `raw` (as typed on the command line) for `key`, typed like its default.
/// Ranges that depend on other keys are checked later, on the whole new file.
pub fn parse_value(key: &Key, raw: &str) -> Result<Value, String> {
    let bad = || format!("{} = {raw:?} is not allowed: expected {}", key.name, allowed(&key.name));
    match &key.default {
        Value::Integer(_) => {
            let n: i64 = raw.trim().parse().map_err(|_| bad())?;
            if !(0..=i64::from(u32::MAX)).contains(&n) {
                return Err(bad());
            }
            Ok(Value::from(n))
        }
        Value::String(_) => {
            // `light` and `"light"` both mean the word.
            let trimmed = raw.trim();
            let word = trimmed.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(trimmed);
            if key.name == "theme.background" && Background::parse(word).is_none() {
                return Err(bad());
            }
            Ok(Value::from(word))
        }
        _ => Err(bad()),
    }
}

/// The message for a key that is not a setting: the nearest known name, and the keys of
/// its table (or the tables, when even that is unknown).
pub fn unknown(name: &str, keys: &[Key]) -> String {
    let mut msg = format!("{name:?} is not a setting");
    if let Some(near) = keys
        .iter()
        .map(|k| (edit_distance(name, &k.name), &k.name))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
    {
        msg.push_str(&format!(" (did you mean {}?)", near.1));
    }
    let parent = name.rsplit_once('.').map_or("", |(p, _)| p);
    let siblings: Vec<&str> = keys
        .iter()
        .filter_map(|k| k.name.rsplit_once('.').filter(|(p, _)| *p == parent).map(|(_, last)| last))
        .collect();
    if !siblings.is_empty() {
        msg.push_str(&format!("; the keys of [{parent}] are: {}", siblings.join(", ")));
    } else {
        let mut tables: Vec<&str> =
            keys.iter().filter_map(|k| k.name.rsplit_once('.').map(|(p, _)| p)).collect();
        tables.dedup();
        msg.push_str(&format!("; the settings are the keys of: {}", tables.join(", ")));
    }
    msg.push_str(" (`radar config show` lists every key)");
    msg
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// Keys of the user's file that no setting reads (tables outside `[risk]` that Radar
/// does not know are ignored when loading; inside `[risk]` they are errors).
pub fn unknown_keys(doc: &toml_edit::DocumentMut, keys: &[Key]) -> Vec<String> {
    fn walk(item: &toml_edit::Item, prefix: &str, out: &mut Vec<String>) {
        match item.as_table_like() {
            Some(t) => {
                for (k, v) in t.iter() {
                    let full = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
                    walk(v, &full, out);
                }
            }
            None => out.push(prefix.to_string()),
        }
    }
    let mut all = Vec::new();
    walk(doc.as_item(), "", &mut all);
    all.retain(|name| !keys.iter().any(|k| &k.name == name));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_is_a_key_in_file_order() {
        let keys = known();
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names.first(), Some(&"risk.bands.watch"));
        assert!(names.contains(&"risk.points.small_account"));
        assert!(names.contains(&"risk.params.renewal_dm_silent_days"));
        assert!(names.contains(&"backup.keep"));
        assert!(names.contains(&"theme.background"));
        assert!(names.contains(&"import.currency") && names.contains(&"report.currency"));
        assert!(names.contains(&"report.capacity"));
        assert!(names.contains(&"user.name"));
        assert!(names.contains(&"risk.gaps.grace_days") && names.contains(&"risk.forecast.band_critical"));
        assert!(names.contains(&"reference.max_band"));
        // `radar config show` and `doctor` know the team address (they called it unknown).
        assert_eq!(names.last(), Some(&"team.url"));
        // bands, points, params, gaps, forecast, backup, theme, import, report, user, reference, team.
        assert_eq!(names.len(), 3 + 19 + 15 + 6 + 8 + 1 + 1 + 1 + 2 + 1 + 4 + 1);
    }

    #[test]
    fn values_are_typed_like_their_default() {
        let keys = known();
        let key = |n: &str| keys.iter().find(|k| k.name == n).unwrap().clone();
        assert_eq!(parse_value(&key("backup.keep"), " 9 ").unwrap().as_integer(), Some(9));
        let err = parse_value(&key("backup.keep"), "seven").unwrap_err();
        assert!(err.contains("backup.keep") && err.contains("1 to 3650"), "{err}");
        assert!(parse_value(&key("risk.points.opponent"), "-1").is_err());
        assert_eq!(parse_value(&key("theme.background"), "\"light\"").unwrap().as_str(), Some("light"));
        let err = parse_value(&key("theme.background"), "purple").unwrap_err();
        assert!(err.contains("auto, dark or light"), "{err}");
    }

    #[test]
    fn unknown_keys_get_a_suggestion_and_their_siblings() {
        let keys = known();
        let msg = unknown("risk.points.small_acount", &keys);
        assert!(msg.contains("did you mean risk.points.small_account"), "{msg}");
        assert!(msg.contains("no_decision_maker"), "{msg}");
        let msg = unknown("colour", &keys);
        assert!(msg.contains("risk.bands") && msg.contains("theme"), "{msg}");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
