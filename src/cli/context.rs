//! Resolves the global options: which file, which day, which language.

use super::CliError;
use super::args::Global;
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
}

impl Context {
    pub fn from_cli(g: &Global, demo: bool) -> Result<Context, CliError> {
        let (today, now) = match &g.today {
            Some(s) => {
                let d = parse_date(s).map_err(|e| CliError::Usage(format!("--today / RADAR_TODAY: {e}")))?;
                (d, d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)))
            }
            None => {
                let now = chrono::Local::now().naive_local();
                (now.date(), now)
            }
        };
        let lang = match &g.lang {
            Some(l) => {
                Lang::parse(l).ok_or_else(|| CliError::Usage(format!("--lang: '{l}' is not en or zh-CN")))?
            }
            None => Lang::from_env(),
        };
        let db_path = match &g.db {
            Some(p) => p.clone(),
            None => data_dir()?.join(if demo { "demo.db" } else { "portfolio.db" }),
        };
        Ok(Context { db_path, today, now, lang })
    }
}

/// The platform data dir (`~/.local/share/renewal-radar` on Linux).
pub fn data_dir() -> Result<PathBuf, CliError> {
    directories::ProjectDirs::from("", "", "renewal-radar").map(|d| d.data_dir().to_path_buf()).ok_or_else(
        || CliError::Usage("no home directory found: set HOME, or pass --db PATH (or RADAR_DB)".into()),
    )
}
