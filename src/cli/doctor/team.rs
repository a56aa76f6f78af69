//! `radar doctor` on a team address (`--db postgresql://…`): it logs in as a dashboard
//! would (the server, the password, the schema version) and says what it found. It said
//! "no portfolio here yet: `radar demo` writes one" and "solo mode", exit 0, even with a
//! wrong password (team trial, session 33).

use crate::cli::args::Global;
use crate::domain::health::{Finding, Severity};
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};
use crate::settings::Settings;
use crate::store::pg::TeamTarget;

/// The team server this radar would work with: `--db`'s address, else the config's `[team]
/// url`, as every command reads them (`team_cmd::target`; without a readable config, `--db`
/// alone). An address that cannot be used (a password in it) is the reason why.
pub fn target(global: &Global, settings: Option<&Settings>) -> Result<Option<TeamTarget>, String> {
    let url = settings.and_then(|s| s.team_url.as_deref());
    crate::cli::team_cmd::target(global, url).map_err(|e| e.to_string())
}

/// The address given cannot be used: the database section says why.
pub fn refused(lang: Lang, why: &str) -> Vec<Finding> {
    let msg = tf(lang, "doctor.team.cannot", &[("target", "--db"), ("why", &clean_line(why))]);
    vec![Finding::new("database.team", Severity::Error, msg)]
}

/// The database section: logged in (how many accounts this login may see) or why not.
pub fn database(lang: Lang, target: &TeamTarget) -> Vec<Finding> {
    let shown = clean_line(&target.to_string());
    match crate::store::Store::open_team(target) {
        Ok(store) => {
            let accounts = store.account_count().map_or_else(|_| "?".to_string(), |n| n.to_string());
            let msg = tf(
                lang,
                "doctor.team.connected",
                &[("target", &shown), ("login", target.user()), ("accounts", &accounts)],
            );
            vec![Finding::new("database.team", Severity::Ok, msg)]
        }
        Err(e) => {
            let why = clean_line(&e.to_string());
            let msg = tf(lang, "doctor.team.cannot", &[("target", &shown), ("why", &why)]);
            vec![Finding::new("database.team", Severity::Error, msg).fix(tf(
                lang,
                "doctor.team.cannot_fix",
                &[],
            ))]
        }
    }
}

/// The team section: which server this radar works with.
pub fn mode(lang: Lang, target: &TeamTarget) -> Vec<Finding> {
    let msg = tf(lang, "doctor.team.mode", &[("target", &clean_line(&target.to_string()))]);
    vec![Finding::new("team.mode", Severity::Info, msg)]
}
