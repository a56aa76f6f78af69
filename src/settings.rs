//! The user's settings: `config.toml` in the config dir (or `RADAR_CONFIG`), laid over
//! the embedded defaults in `assets/config.toml`.

use crate::domain::reference::ReferenceRule;
use crate::domain::risk::RiskConfig;
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
    /// The dashboard's palette (`[theme] background`).
    pub background: Background,
    /// The reference-account rule (`[reference]`).
    pub reference: ReferenceRule,
    /// Where the user's file was read from, if any.
    pub source: Option<PathBuf>,
}

/// The user's config file path (it may not exist).
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RADAR_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "renewal-radar").map(|d| d.config_dir().join("config.toml"))
}

pub fn load() -> Result<Settings, SettingsError> {
    match config_path().filter(|p| p.exists()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| SettingsError::Read { path: path.clone(), source })?;
            let mut settings =
                from_text(&text).map_err(|detail| SettingsError::Invalid { path: path.clone(), detail })?;
            settings.source = Some(path);
            Ok(settings)
        }
        None => from_text("").map_err(SettingsError::Embedded),
    }
}

/// The settings a config text gives, laid over the defaults; the error names the key
/// (`radar config set` checks a new text with it before writing).
pub fn from_text(text: &str) -> Result<Settings, String> {
    let risk = RiskConfig::from_toml_str(text).map_err(|e| e.to_string())?;
    let backup_keep = match backup_keep(text)? {
        Some(n) => n,
        None => default_keep().map_err(|e| e.to_string())?,
    };
    let background = match background(text)? {
        Some(b) => b,
        None => background(DEFAULT_CONFIG)?.unwrap_or_default(),
    };
    let reference = ReferenceRule::from_toml_str(text).map_err(|e| e.to_string())?;
    Ok(Settings { risk, backup_keep, background, reference, source: None })
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

const DEFAULT_CONFIG: &str = include_str!("../assets/config.toml");

/// The `[backup] keep` value of a config text, if present (1..=3650).
fn backup_keep(text: &str) -> Result<Option<usize>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let Some(backup) = table.get("backup") else { return Ok(None) };
    match backup.get("keep") {
        None => Ok(None),
        Some(toml::Value::Integer(n)) if (1..=3650).contains(n) => Ok(Some(*n as usize)),
        Some(other) => Err(format!("[backup] keep = {other:?}: expected a whole number from 1 to 3650")),
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
        assert!(err.contains("[backup] keep"), "{err}");
        assert!(backup_keep("[backup]\nkeep = \"seven\"\n").is_err());
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
