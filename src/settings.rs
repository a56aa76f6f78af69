//! The user's settings: `config.toml` in the config dir (or `RADAR_CONFIG`), laid over
//! the embedded defaults in `assets/config.toml`.

use crate::domain::reference::ReferenceRule;
use crate::domain::risk::RiskConfig;
use crate::domain::text::clean_line;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{path}: {detail}")]
    Invalid { path: PathBuf, detail: String },
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("embedded default config is broken: {0}")]
    Embedded(String),
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub risk: RiskConfig,
    /// How many daily backups of each database to keep (`[backup] keep`).
    pub backup_keep: usize,
    /// The currency of imported amounts that name none (`[import] currency`); None: proposed
    /// from the locale at each import, and said.
    pub import_currency: Option<crate::domain::Currency>,
    /// The currency totals are shown in (`[report] currency`, else `[import] currency`);
    /// None: the one most accounts are billed in. `--currency` overrides it.
    pub report_currency: Option<crate::domain::Currency>,
    /// The dashboard's palette (`[theme] background`).
    pub background: Background,
    /// Who "me" is (`RADAR_USER`, else `[user] name`): the owner whose accounts make "my
    /// agenda".
    pub user: Option<String>,
    /// The reference-account rule (`[reference]`).
    pub reference: ReferenceRule,
    /// Where the user's file was read from, if any.
    pub source: Option<PathBuf>,
    /// The team database (`[team] url`), used when no `--db` is given; never holds a password.
    pub team_url: Option<String>,
}

/// The user's config file path (it may not exist).
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RADAR_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "renewal-radar").map(|d| d.config_dir().join("config.toml"))
}

pub fn load() -> Result<Settings, SettingsError> {
    load_from(config_path())
}

/// The settings of the file at `path` (None or missing: the defaults), with `RADAR_USER`
/// laid over `[user] name` (the dashboard reads its file again when it changes).
pub fn load_from(path: Option<PathBuf>) -> Result<Settings, SettingsError> {
    match path.filter(|p| p.exists()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| SettingsError::Read { path: path.clone(), source })?;
            let mut settings =
                from_text(&text).map_err(|detail| SettingsError::Invalid { path: path.clone(), detail })?;
            settings.source = Some(path);
            settings.user = env_user().or(settings.user);
            Ok(settings)
        }
        None => {
            let mut settings = from_text("").map_err(SettingsError::Embedded)?;
            settings.user = env_user();
            Ok(settings)
        }
    }
}

/// The settings a config text gives, laid over the defaults; the error names the key
/// (`radar config set` checks a new text with it before writing).
pub fn from_text(text: &str) -> Result<Settings, String> {
    let mut risk = RiskConfig::from_toml_str(text).map_err(|e| e.to_string())?;
    let backup_keep = match backup_keep(text)? {
        Some(n) => n,
        None => default_keep().map_err(|e| e.to_string())?,
    };
    let background = match background(text)? {
        Some(b) => b,
        None => background(DEFAULT_CONFIG)?.unwrap_or_default(),
    };
    let import_currency = import_currency(text)?;
    let report_currency = currency_key(text, "report")?.or(import_currency);
    risk.report_currency = report_currency;
    risk.capacity =
        Some(capacity(text)?.map_or_else(|| capacity(DEFAULT_CONFIG).map(|c| c.unwrap_or(0)), Ok)?);
    let user = user_name(text)?;
    let reference = ReferenceRule::from_toml_str(text).map_err(|e| e.to_string())?;
    let team_url = team_url(text)?;
    Ok(Settings {
        risk,
        backup_keep,
        background,
        import_currency,
        report_currency,
        user,
        reference,
        source: None,
        team_url,
    })
}

/// `[team] url`: a PostgreSQL address without a password (a config file is no place for one).
fn team_url(text: &str) -> Result<Option<String>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(team) = table.get("team") else { return Ok(None) };
    match team.get("url") {
        None => Ok(None),
        // The defaults file's own value: solo mode.
        Some(toml::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(toml::Value::String(s)) if crate::store::pg::is_team_url(s) => {
            crate::store::pg::TeamTarget::parse(s).map_err(|e| format!("[team] url: {e}"))?;
            Ok(Some(s.clone()))
        }
        Some(_) => Err("[team] url: expected \"postgresql://USER@HOST/DB\" (no password in it)".into()),
    }
}

/// `[theme] background`: the dashboard's palette for dark or light terminals, or `auto`
/// (ask the terminal; dark when it does not say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Background {
    #[default]
    Auto,
    Dark,
    Light,
}

impl Background {
    pub const ALL: [Background; 3] = [Background::Auto, Background::Dark, Background::Light];

    pub fn as_str(self) -> &'static str {
        match self {
            Background::Auto => "auto",
            Background::Dark => "dark",
            Background::Light => "light",
        }
    }

    pub fn parse(s: &str) -> Option<Background> {
        Background::ALL.into_iter().find(|b| b.as_str() == s)
    }
}

/// The `[theme]` table of a config text, if it names a background. Its keys are checked:
/// a misspelt one would otherwise leave the user wondering why nothing changed.
fn background(text: &str) -> Result<Option<Background>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(theme) = table.get("theme") else { return Ok(None) };
    let Some(theme) = theme.as_table() else {
        return Err(
            "theme: expected a table ([theme] with background = \"auto\", \"dark\" or \"light\")".into()
        );
    };
    if let Some(key) = theme.keys().find(|k| *k != "background") {
        return Err(format!("[theme] {key}: unknown key; expected background"));
    }
    match theme.get("background") {
        None => Ok(None),
        Some(toml::Value::String(s)) if Background::parse(s).is_some() => Ok(Background::parse(s)),
        Some(other) => {
            let shown = other.as_str().map_or_else(|| format!("{other:?}"), |s| format!("{s:?}"));
            Err(format!("[theme] background = {shown}: expected \"auto\", \"dark\" or \"light\""))
        }
    }
}

/// `RADAR_USER`, when set to a name.
fn env_user() -> Option<String> {
    std::env::var("RADAR_USER").ok().map(|s| clean_line(&s)).filter(|s| !s.is_empty())
}

/// The `[user] name` of a config text, if present.
fn user_name(text: &str) -> Result<Option<String>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(user) = table.get("user") else { return Ok(None) };
    match user.get("name") {
        None => Ok(None),
        Some(toml::Value::String(s)) => Ok(Some(clean_line(s)).filter(|s| !s.is_empty())),
        Some(other) => Err(format!("[user] name = {other:?}: expected a name in quotes")),
    }
}

/// Writes `[user] name = "…"` into the user's config file (created if missing), keeping
/// everything else in it as it was; returns the file. Settings never prompt at start: the
/// agenda asks once and saves the answer here.
pub fn save_user(name: &str) -> Result<PathBuf, SettingsError> {
    let path = config_path().ok_or_else(|| SettingsError::Invalid {
        path: PathBuf::from("config.toml"),
        detail: "no config directory".into(),
    })?;
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(SettingsError::Read { path, source }),
    };
    let text = with_user(&old, name);
    // A broken file stays as it was: the new text must still read.
    user_name(&text).map_err(|detail| SettingsError::Invalid { path: path.clone(), detail })?;
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &text)
    };
    write().map_err(|source| SettingsError::Read { path: path.clone(), source })?;
    Ok(path)
}

/// The config text with its `[user] name` set (the line replaced, or added under `[user]`,
/// or a new `[user]` table at the end).
fn with_user(text: &str, name: &str) -> String {
    let line = format!("name = {}", toml_string(&clean_line(name)));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header = |l: &str| l.trim_start().starts_with('[');
    if let Some(start) = lines.iter().position(|l| l.trim() == "[user]") {
        let end = lines[start + 1..].iter().position(|l| header(l)).map_or(lines.len(), |i| start + 1 + i);
        match (start + 1..end).find(|&i| lines[i].trim_start().starts_with("name")) {
            Some(i) => lines[i] = line,
            None => lines.insert(start + 1, line),
        }
    } else {
        if lines.last().is_some_and(|l| !l.trim().is_empty()) {
            lines.push(String::new());
        }
        lines.push("[user]".into());
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// The `[backup] keep` value of a config text, if present (1..=3650).
fn backup_keep(text: &str) -> Result<Option<usize>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(backup) = table.get("backup") else { return Ok(None) };
    match backup.get("keep") {
        None => Ok(None),
        Some(toml::Value::Integer(n)) if (1..=3650).contains(n) => Ok(Some(*n as usize)),
        Some(other) => {
            Err(format!("[backup] keep = {}: expected a whole number from 1 to 3650", written(other)))
        }
    }
}

/// A value as it is written in the file (`0`, `-5`, `"5M"`), for an error naming it.
fn written(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => format!("a {}", other.type_str()),
    }
}

/// `[report] capacity`: the book value one CSM can carry, a whole number of the reporting
/// currency, 1 or more.
fn capacity(text: &str) -> Result<Option<i64>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(report) = table.get("report") else { return Ok(None) };
    match report.get("capacity") {
        None => Ok(None),
        Some(toml::Value::Integer(n)) if *n >= 1 => Ok(Some(*n)),
        Some(other) => {
            Err(format!("[report] capacity = {}: expected a whole number, 1 or more", written(other)))
        }
    }
}

/// `[import] currency`: a three-letter code, or "" for none (proposed from the locale).
fn import_currency(text: &str) -> Result<Option<crate::domain::Currency>, String> {
    currency_key(text, "import")
}

/// `[TABLE] currency`: a three-letter code, or "" for none.
fn currency_key(text: &str, table_name: &str) -> Result<Option<crate::domain::Currency>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(t) = table.get(table_name) else { return Ok(None) };
    match t.get("currency") {
        None => Ok(None),
        Some(toml::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(toml::Value::String(s)) => crate::domain::Currency::parse_iso(s).map(Some).map_err(|_| {
            format!("[{table_name}] currency = {s:?}: expected the ISO 4217 code of a currency in use, such as \"USD\" or \"CNY\"")
        }),
        Some(other) => {
            Err(format!("[{table_name}] currency = {other:?}: expected a currency code such as \"USD\""))
        }
    }
}

fn default_keep() -> Result<usize, SettingsError> {
    backup_keep(DEFAULT_CONFIG)
        .map_err(SettingsError::Embedded)?
        .ok_or_else(|| SettingsError::Embedded("[backup] keep missing".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backup_keep_is_read_and_checked() {
        assert_eq!(default_keep().unwrap(), 7);
        assert_eq!(backup_keep("[backup]\nkeep = 3\n").unwrap(), Some(3));
        assert_eq!(backup_keep("[risk.points]\nsmall_account = 0\n").unwrap(), None);
        let err = backup_keep("[backup]\nkeep = 0\n").unwrap_err();
        assert!(err.starts_with("[backup] keep = 0: expected"), "{err}");
        assert!(err.contains("[backup] keep"), "{err}");
        assert!(backup_keep("[backup]\nkeep = \"seven\"\n").is_err());
    }

    #[test]
    fn capacity_is_read_and_checked() {
        assert_eq!(from_text("").unwrap().risk.capacity, Some(5_000_000));
        assert_eq!(from_text("[report]\ncapacity = 8000000\n").unwrap().risk.capacity, Some(8_000_000));
        // The value as written in the file (it printed `Integer(0)`: helper's trial).
        for bad in ["capacity = 0", "capacity = -5", "capacity = \"5M\""] {
            let err = from_text(&format!("[report]\n{bad}\n")).unwrap_err();
            assert!(err.starts_with(&format!("[report] {bad}: expected")), "{err}");
        }
    }

    #[test]
    fn import_currency_is_read_and_checked() {
        assert_eq!(
            import_currency("[import]\ncurrency = \"usd\"\n").unwrap(),
            Some(crate::domain::Currency::USD)
        );
        assert_eq!(import_currency("[import]\ncurrency = \"\"\n").unwrap(), None);
        assert_eq!(import_currency("").unwrap(), None);
        assert!(import_currency("[import]\ncurrency = \"dollars\"\n").is_err());
    }

    #[test]
    fn user_name_is_written_keeping_the_rest() {
        let name = "李娜 \"Nina\" \\ ok";
        let fresh = with_user("", name);
        assert_eq!(user_name(&fresh).unwrap().as_deref(), Some(name));
        let kept = with_user("[backup]\nkeep = 3\n", "Li Na");
        assert_eq!(backup_keep(&kept).unwrap(), Some(3));
        assert_eq!(user_name(&kept).unwrap().as_deref(), Some("Li Na"));
        let replaced = with_user("[user]\nname = \"Old\"\n[backup]\nkeep = 4\n", "New");
        assert_eq!(user_name(&replaced).unwrap().as_deref(), Some("New"));
        assert_eq!(backup_keep(&replaced).unwrap(), Some(4));
        assert_eq!(replaced.matches("name =").count(), 1);
        let added = with_user("[user]\n# who\n", "Added");
        assert_eq!(user_name(&added).unwrap().as_deref(), Some("Added"));
        assert!(user_name("[user]\nname = 3\n").unwrap_err().contains("[user] name"));
        assert_eq!(user_name("[user]\nname = \"  \"\n").unwrap(), None);
        assert_eq!(from_text("[user]\nname = \"Li Na\"\n").unwrap().user.as_deref(), Some("Li Na"));
    }

    #[test]
    fn theme_background_is_read_and_checked() {
        assert_eq!(from_text("").unwrap().background, Background::Auto);
        assert_eq!(from_text("[theme]\nbackground = \"light\"\n").unwrap().background, Background::Light);
        assert_eq!(from_text("[theme]\nbackground = \"dark\"\n").unwrap().background, Background::Dark);
        let err = from_text("[theme]\nbackground = \"purple\"\n").unwrap_err();
        assert!(err.contains("[theme] background") && err.contains("\"light\""), "{err}");
        let err = from_text("[theme]\nbackgroud = \"light\"\n").unwrap_err();
        assert!(err.contains("backgroud"), "{err}");
        assert!(from_text("theme = 3\n").is_err());
    }
}
