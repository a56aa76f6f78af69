//! What every front end needs before it starts: which file, which day, which language.
//! Shared by `cli` (the commands) and `tui` (the dashboard), so neither imports the other;
//! its failures are its own (`ContextError`), which `cli` maps to its exit codes.

use crate::domain::dates::parse_date;
use crate::i18n::Lang;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::path::PathBuf;

pub struct Context {
    pub db_path: PathBuf,
    /// The day every date rule uses.
    pub today: NaiveDate,
    /// "Now" for hour-level rules (complaints): noon of a fixed `--today`, else the clock.
    pub now: NaiveDateTime,
    pub lang: Lang,
    /// Team mode: the team database (`--db postgres://…`, `RADAR_DB` or `[team] url`);
    /// `db_path` then only names it in messages.
    pub team: Option<crate::store::pg::TeamTarget>,
}

/// How a message names the day option.
pub const TODAY_FLAG: &str = "--today / RADAR_TODAY";

/// A global option that cannot be used; the message names the option.
#[derive(Debug, thiserror::Error)]
pub enum ContextError {
    #[error("{TODAY_FLAG}: {0}")]
    Today(crate::domain::dates::DateError),
    #[error("--lang: '{0}' is not en or zh-CN")]
    Lang(String),
    #[error("no home directory found: set HOME, or pass --db PATH (or RADAR_DB)")]
    NoHome,
}

/// The global options as given (flags or environment), before they are checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    pub db: Option<&'a std::path::Path>,
    pub today: Option<&'a str>,
    pub lang: Option<&'a str>,
    /// The demo portfolio (`--demo`): its own file in the data dir.
    pub demo: bool,
}

/// The interface language: `--lang` if given, else the locale's.
pub fn lang_of(flag: Option<&str>) -> Result<Lang, ContextError> {
    match flag {
        Some(l) => Lang::parse(l).ok_or_else(|| ContextError::Lang(l.to_string())),
        None => Ok(Lang::from_env()),
    }
}

impl Context {
    pub fn resolve(o: Options<'_>) -> Result<Context, ContextError> {
        let (today, now) = match o.today {
            Some(s) => {
                let d = parse_date(s).map_err(ContextError::Today)?;
                (d, d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)))
            }
            None => {
                let now = chrono::Local::now().naive_local();
                (now.date(), now)
            }
        };
        let lang = lang_of(o.lang)?;
        let db_path = match o.db {
            Some(p) => p.to_path_buf(),
            None => data_dir()?.join(if o.demo { "demo.db" } else { "portfolio.db" }),
        };
        Ok(Context { db_path, today, now, lang, team: None })
    }
}

impl Context {
    /// Opens the portfolio this context names: the team database, else the file
    /// (created if missing).
    pub fn open_store(&self) -> Result<crate::store::Store, crate::store::StoreError> {
        match &self.team {
            Some(t) => crate::store::Store::open_team(t),
            None => crate::store::Store::open(&self.db_path),
        }
    }

    /// `open_store`, falling back to reading a file Radar may not write (the dashboard,
    /// which then says it is read-only). A file in rollback-journal mode (set by another
    /// tool) was refused outright: opening it as usual turns WAL on, which writes.
    pub fn open_store_or_read_only(&self) -> Result<crate::store::Store, crate::store::StoreError> {
        match &self.team {
            Some(t) => crate::store::Store::open_team(t),
            None => crate::store::Store::open_for_reading(&self.db_path),
        }
    }
}

/// The platform data dir (`~/.local/share/renewal-radar` on Linux).
pub fn data_dir() -> Result<PathBuf, ContextError> {
    directories::ProjectDirs::from("", "", "renewal-radar")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(ContextError::NoHome)
}
