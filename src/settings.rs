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
            let risk = RiskConfig::from_toml_str(&text)
                .map_err(|e| SettingsError::Invalid { path: path.clone(), detail: e.to_string() })?;
            let backup_keep = backup_keep(&text)
                .map_err(|detail| SettingsError::Invalid { path: path.clone(), detail })?
                .unwrap_or(default_keep()?);
            let reference = ReferenceRule::from_toml_str(&text)
                .map_err(|e| SettingsError::Invalid { path: path.clone(), detail: e.to_string() })?;
            Ok(Settings { risk, backup_keep, reference, source: Some(path) })
        }
        None => {
            let risk = RiskConfig::embedded().map_err(|e| SettingsError::Embedded(e.to_string()))?;
            let reference = ReferenceRule::from_toml_str(DEFAULT_CONFIG)
                .map_err(|e| SettingsError::Embedded(e.to_string()))?;
            Ok(Settings { risk, backup_keep: default_keep()?, reference, source: None })
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
}
