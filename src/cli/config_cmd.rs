//! `radar config path | show | set KEY VALUE`: where the settings file is, every setting in
//! effect with where it came from, and changing one key.

use super::args::{Cli, ConfigAction, Global};
use super::config_keys::{self, Key};
use super::{CliError, Context, config_set, emit};
use crate::domain::text::{clean_line, fit_to_width, width};
use crate::i18n::{Lang, t, tf};
use crate::settings;
use clap::CommandFactory;
use clap::parser::ValueSource;
use std::path::PathBuf;

pub fn run(global: &Global, demo: bool, action: &ConfigAction) -> Result<(), CliError> {
    match action {
        ConfigAction::Path => emit(&format!("{}\n", config_path()?.display())),
        ConfigAction::Show => show(global, demo),
        ConfigAction::Set { key, value } => config_set::run(key, value),
    }
}

fn config_path() -> Result<PathBuf, CliError> {
    settings::config_path().ok_or_else(|| {
        CliError::Usage("no home directory found: set HOME, or RADAR_CONFIG to the settings file".into())
    })
}

/// Where a value came from.
enum Source {
    Default,
    File,
    Env(&'static str),
    Flag(&'static str),
}

impl Source {
    fn label(&self, lang: Lang) -> String {
        match self {
            Source::Default => t(lang, "cli.config.default"),
            Source::File => t(lang, "cli.config.file"),
            Source::Env(name) => tf(lang, "cli.config.environment", &[("name", name)]),
            Source::Flag(name) => tf(lang, "cli.config.flag", &[("name", name)]),
        }
    }
}

fn show(global: &Global, demo: bool) -> Result<(), CliError> {
    let ctx = Context::from_cli(global, demo)?;
    let lang = ctx.lang;
    let path = config_path()?;
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CliError::Runtime(format!("{}: cannot read: {e}", path.display()))),
    };
    // A file Radar would refuse is reported as every other command reports it.
    if let Some(text) = &text {
        settings::from_text(text).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
    }
    let file: Option<toml_edit::DocumentMut> = text.as_deref().and_then(|t| t.parse().ok());

    let mut rows: Vec<(String, String, String)> = Vec::new();
    let arg = |id: &str| arg_source(id);
    let db_source = match arg("db") {
        Some(ValueSource::CommandLine) => Source::Flag("--db"),
        Some(ValueSource::EnvVariable) => Source::Env("RADAR_DB"),
        _ if demo => Source::Flag("--demo"),
        _ => Source::Default,
    };
    rows.push(("db".into(), ctx.db_path.display().to_string(), db_source.label(lang)));
    let today_source = match arg("today") {
        Some(ValueSource::CommandLine) => Source::Flag("--today"),
        Some(ValueSource::EnvVariable) => Source::Env("RADAR_TODAY"),
        _ => Source::Default,
    };
    rows.push(("today".into(), ctx.today.to_string(), today_source.label(lang)));
    let lang_source = if global.lang.is_some() {
        Source::Flag("--lang")
    } else {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .find(|v| std::env::var(v).ok().filter(|s| !s.is_empty()).and_then(|s| Lang::parse(&s)).is_some())
            .map_or(Source::Default, Source::Env)
    };
    rows.push(("lang".into(), lang.code().into(), lang_source.label(lang)));
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (color, color_source) =
        if no_color { ("off", Source::Env("NO_COLOR")) } else { ("on", Source::Default) };
    rows.push(("color".into(), color.into(), color_source.label(lang)));

    let keys = config_keys::known();
    for key in &keys {
        let (value, source) = match file.as_ref().and_then(|d| lookup(d, key)) {
            Some(v) => (v, Source::File),
            None => (key.default.clone(), Source::Default),
        };
        rows.push((key.name.clone(), config_keys::display(&value), source.label(lang)));
    }

    let mut out = String::new();
    let file_source = if std::env::var_os("RADAR_CONFIG").is_some() {
        Source::Env("RADAR_CONFIG")
    } else {
        Source::Default
    };
    let missing = if text.is_none() { format!(" {}", t(lang, "cli.config.missing")) } else { String::new() };
    out.push_str(&format!(
        "{}: {}  ({}){missing}\n\n",
        t(lang, "cli.config.settings_file"),
        clean_line(&path.display().to_string()),
        file_source.label(lang)
    ));
    let head = [t(lang, "cli.config.key"), t(lang, "cli.config.value"), t(lang, "cli.config.source")];
    let rows: Vec<[String; 3]> =
        rows.into_iter().map(|(k, v, s)| [clean_line(&k), clean_line(&v), s]).collect();
    let w0 = rows.iter().map(|r| width(&r[0])).chain([width(&head[0])]).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| width(&r[1])).chain([width(&head[1])]).max().unwrap_or(0);
    for r in std::iter::once(&head).chain(rows.iter()) {
        out.push_str(&format!("{}  {}  {}\n", fit_to_width(&r[0], w0), fit_to_width(&r[1], w1), r[2]));
    }
    for name in file.as_ref().map(|d| config_keys::unknown_keys(d, &keys)).unwrap_or_default() {
        out.push_str(&format!("{}\n", tf(lang, "cli.config.ignored", &[("key", &clean_line(&name))])));
    }
    emit(&out)
}

/// How the global option `id` was given, from the command line as typed (`Cli` has the
/// values; clap's matches know whether each came from a flag or the environment).
fn arg_source(id: &str) -> Option<ValueSource> {
    let matches = Cli::command().try_get_matches_from(std::env::args_os()).ok()?;
    let mut best = None;
    let mut m = Some(&matches);
    while let Some(level) = m {
        match level.value_source(id) {
            Some(ValueSource::CommandLine) => return Some(ValueSource::CommandLine),
            Some(s @ ValueSource::EnvVariable) => best = Some(s),
            _ => {}
        }
        m = level.subcommand().map(|(_, sub)| sub);
    }
    best
}

/// The value the user's file gives `key`, if any.
fn lookup(doc: &toml_edit::DocumentMut, key: &Key) -> Option<toml_edit::Value> {
    let mut item = doc.as_item();
    for part in key.name.split('.') {
        item = item.get(part)?;
    }
    item.as_value().map(config_keys::bare)
}
