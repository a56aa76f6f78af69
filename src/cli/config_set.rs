//! `radar config set KEY VALUE`: one key changed in the user's settings file, every other
//! byte (comments, order, spacing) kept. The new text is checked like a loaded file before
//! it is written; a bad key or value changes nothing.

use super::config_keys::{self, Key};
use super::{CliError, emit};
use crate::domain::text::clean_line;
use crate::settings;
use std::path::{Path, PathBuf};
use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

/// The first lines of a settings file `set` creates.
const HEADER: &str = "# Renewal Radar settings, laid over the defaults key by key.\n\
                      # `radar config show` lists every key, its value and where it comes from.\n\n";

pub fn run(raw_key: &str, raw_value: &str) -> Result<(), CliError> {
    let keys = config_keys::known();
    let key = keys
        .iter()
        .find(|k| k.name == raw_key.trim())
        .ok_or_else(|| CliError::Usage(config_keys::unknown(&clean_line(raw_key), &keys)))?;
    let value = config_keys::parse_value(key, raw_value).map_err(|e| CliError::Usage(clean_line(&e)))?;
    let path = settings::config_path().ok_or_else(|| {
        CliError::Usage("no home directory found: set HOME, or RADAR_CONFIG to the settings file".into())
    })?;
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CliError::Runtime(format!("{}: cannot read: {e}", path.display()))),
    };
    let new = set_in_text(old.as_deref(), key, value)
        .map_err(|e| CliError::Usage(format!("{}: {}", path.display(), clean_line(&e))))?;
    settings::from_text(&new).map_err(|e| {
        CliError::Usage(format!(
            "{} = {}: {} (nothing written)",
            key.name,
            clean_line(raw_value),
            clean_line(&e)
        ))
    })?;
    write(&path, &new)?;
    emit(&format!("{} = {}  ({})\n", key.name, config_keys::display(&new_value(&new, key)), path.display()))
}

/// `text` (None: no file yet) with `key` set to `value`. An existing value keeps the
/// comment and spacing around it.
pub fn set_in_text(text: Option<&str>, key: &Key, mut value: Value) -> Result<String, String> {
    let mut doc: DocumentMut = text.unwrap_or("").parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let parts: Vec<&str> = key.name.split('.').collect();
    let (last, parents) = parts.split_last().ok_or("empty key")?;
    let mut cur: &mut Item = doc.as_item_mut();
    let mut walked = String::new();
    for part in parents {
        walked = if walked.is_empty() { (*part).to_string() } else { format!("{walked}.{part}") };
        let not_table = || format!("{walked} is not a table in this file");
        // In an inline table (`bands = { watch = 30 }`) new keys stay inline.
        let inline = cur.is_inline_table();
        let table = cur.as_table_like_mut().ok_or_else(not_table)?;
        if table.get(part).is_none() {
            let fresh = if inline {
                Item::Value(Value::InlineTable(InlineTable::new()))
            } else {
                let mut t = Table::new();
                // `[risk.points]` alone, without an empty `[risk]` above it.
                t.set_implicit(true);
                Item::Table(t)
            };
            table.insert(part, fresh);
        }
        cur = cur.as_table_like_mut().and_then(|t| t.get_mut(part)).ok_or_else(not_table)?;
    }
    let table = cur.as_table_like_mut().ok_or_else(|| format!("{walked} is not a table in this file"))?;
    match table.get_mut(last) {
        Some(Item::Value(old)) => {
            *value.decor_mut() = old.decor().clone();
            *old = value;
        }
        Some(_) => return Err(format!("{} is a table in this file, not a value", key.name)),
        None => {
            table.insert(last, Item::Value(value));
        }
    }
    let out = doc.to_string();
    Ok(if text.is_none_or(|t| t.trim().is_empty()) { format!("{HEADER}{out}") } else { out })
}

fn new_value(text: &str, key: &Key) -> Value {
    let doc: Option<DocumentMut> = text.parse().ok();
    let mut item: Option<&Item> = doc.as_ref().map(|d| d.as_item());
    for part in key.name.split('.') {
        item = item.and_then(|i| i.get(part));
    }
    item.and_then(Item::as_value).map_or_else(|| key.default.clone(), config_keys::bare)
}

/// Writes `text` to `path` through a temporary file renamed over it, so a crash leaves
/// the old file or the new one. A link (a dotfiles checkout) is followed, not replaced;
/// an existing file keeps its permissions.
fn write(path: &Path, text: &str) -> Result<(), CliError> {
    let target: PathBuf = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let fail = |e: std::io::Error| CliError::Runtime(format!("{}: cannot write: {e}", target.display()));
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(&target) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}
