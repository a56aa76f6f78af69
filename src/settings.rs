//! The user's settings: `config.toml` in the config dir (or `RADAR_CONFIG`), laid over
//! the embedded defaults in `assets/config.toml`.

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
            Ok(Settings { risk, source: Some(path) })
        }
        None => {
            let risk = RiskConfig::embedded().map_err(|e| SettingsError::Embedded(e.to_string()))?;
            Ok(Settings { risk, source: None })
        }
    }
}
