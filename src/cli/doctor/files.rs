//! The settings file and the keymap file: does Radar accept them, which keys in them
//! does nothing read, and which keys are bound twice. Parsed by the code that reads them
//! for real (`settings`, `tui::keymap`), so the doctor and Radar cannot disagree.

use crate::cli::config_keys;
use crate::domain::health::{Finding, Severity};
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::tui::keymap::{Keymap, KeymapError, line_of};
use std::path::Path;

fn show(p: &Path) -> String {
    clean_line(&p.display().to_string())
}

pub fn check(lang: Lang) -> Vec<Finding> {
    let mut out = config(lang);
    out.extend(keymap(lang, Keymap::user_path().as_deref()));
    out
}

fn config(lang: Lang) -> Vec<Finding> {
    let Some(path) = crate::settings::config_path() else { return Vec::new() };
    let p = show(&path);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return vec![Finding::new(
                "files.config",
                Severity::Info,
                tf(lang, "doctor.files.config_none", &[("path", &p)]),
            )];
        }
        Err(e) => return vec![config_bad(lang, &p, &e.to_string())],
    };
    if let Err(detail) = crate::settings::from_text(&text) {
        return vec![config_bad(lang, &p, &detail)];
    }
    let mut out =
        vec![Finding::new("files.config", Severity::Ok, tf(lang, "doctor.files.config", &[("path", &p)]))];
    let Ok(doc) = text.parse::<toml_edit::DocumentMut>() else { return out };
    let keys = config_keys::known();
    for name in config_keys::unknown_keys(&doc, &keys) {
        let (table, entry) = name.rsplit_once('.').unwrap_or(("", &name));
        let line = line_of(&text, table, entry).map_or_else(|| "?".to_string(), |n| n.to_string());
        let shown = clean_line(&name);
        let msg = tf(lang, "doctor.files.unknown_key", &[("key", &shown), ("line", &line)]);
        let hint = clean_line(&config_keys::unknown(&name, &keys));
        out.push(Finding::new("files.config_unknown_key", Severity::Warn, msg).fix(tf(
            lang,
            "doctor.files.unknown_key_fix",
            &[("hint", &hint)],
        )));
    }
    out
}

fn config_bad(lang: Lang, p: &str, detail: &str) -> Finding {
    // TOML's messages span lines (the line quoted, a caret under it): one line here.
    let detail = clean_line(&detail.split_whitespace().collect::<Vec<_>>().join(" "));
    Finding::new(
        "files.config",
        Severity::Error,
        tf(lang, "doctor.files.config_bad", &[("path", p), ("detail", &detail)]),
    )
    .fix(t(lang, "doctor.files.config_bad_fix"))
}

fn keymap(lang: Lang, path: Option<&Path>) -> Vec<Finding> {
    let Some(path) = path else { return Vec::new() };
    let p = show(path);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return vec![Finding::new(
                "files.keymap",
                Severity::Info,
                tf(lang, "doctor.files.keymap_none", &[("path", &p)]),
            )];
        }
        Err(e) => return vec![keymap_bad(lang, &p, &e.to_string())],
    };
    let map = match Keymap::load(Some(path)) {
        Ok(map) => map,
        Err(KeymapError::Invalid { message, .. }) => return vec![keymap_bad(lang, &p, &message)],
    };
    let rebound: usize = text
        .parse::<toml::Table>()
        .map(|doc| {
            doc.iter()
                .filter(|(k, _)| *k != "hints")
                .filter_map(|(_, v)| v.as_table())
                .map(toml::Table::len)
                .sum()
        })
        .unwrap_or(0);
    let mut out = vec![Finding::new(
        "files.keymap",
        Severity::Ok,
        tf(lang, "doctor.files.keymap", &[("path", &p), ("count", &rebound.to_string())]),
    )];
    for twice in map.bound_twice() {
        let table = twice.table.id();
        let ids: Vec<&str> = twice.actions.iter().map(|a| a.id()).collect();
        let line = ids
            .iter()
            .find_map(|a| line_of(&text, table, a))
            .map_or(String::new(), |n| tf(lang, "doctor.files.line", &[("line", &n.to_string())]));
        let args = [
            ("key", twice.key.display()),
            ("actions", ids.join(" + ")),
            ("table", table.to_string()),
            ("line", line),
            ("first", ids[0].to_string()),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        out.push(
            Finding::new("files.keymap_twice", Severity::Warn, tf(lang, "doctor.files.twice", &args))
                .fix(tf(lang, "doctor.files.twice_fix", &[("path", &p)])),
        );
    }
    out
}

fn keymap_bad(lang: Lang, p: &str, detail: &str) -> Finding {
    let detail = clean_line(&detail.split_whitespace().collect::<Vec<_>>().join(" "));
    Finding::new(
        "files.keymap",
        Severity::Error,
        tf(lang, "doctor.files.keymap_bad", &[("file", p), ("detail", &detail)]),
    )
    .fix(t(lang, "doctor.files.keymap_bad_fix"))
}
