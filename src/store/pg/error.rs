//! PostgreSQL's failures in the store's terms (design note §2): the ones a user can act on
//! get their own `StoreError`; everything else keeps the server's words.

use crate::store::{DbError, StoreError};
use postgres::error::SqlState;

/// The server's message (and detail), or the client's for a connection failure.
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            // The client's own errors say what in their source ("invalid configuration" alone says nothing).
            let mut text = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                text = format!("{text}: {s}");
                src = s.source();
            }
            text
        }
    }
}

/// Is the connection gone (server down, restarted, network lost)?
pub(crate) fn is_unreachable(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match e.code() {
        Some(c) => {
            c.code().starts_with("08") || *c == SqlState::ADMIN_SHUTDOWN || *c == SqlState::CRASH_SHUTDOWN
        }
        None => e.as_db_error().is_none(),
    }
}

/// Classifies a failure; `Unreachable` names no server here (the caller knows it).
pub(crate) fn pg_err(e: postgres::Error) -> StoreError {
    if is_unreachable(&e) {
        return StoreError::Unreachable { target: String::new(), detail: describe(&e) };
    }
    match e.code() {
        Some(c) if *c == SqlState::DISK_FULL => StoreError::DiskFull,
        Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => StoreError::ReadOnly,
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE => {
            StoreError::Busy { waited_ms: 0 }
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => StoreError::Team(lead_only(&describe(&e))),
        Some(c) if *c == SqlState::CHARACTER_NOT_IN_REPERTOIRE => {
            StoreError::Invalid(format!("text contains a NUL character: {}", describe(&e)))
        }
        _ => StoreError::Sql(DbError::new(Said(describe(&e)))),
    }
}

/// A refusal by the access rules, said as what to do: the book-wide tables (exchange rates,
/// churn reasons marked fixed) are a lead's to change, and a CSM read PostgreSQL's own
/// "new row violates row-level security policy for table \"fx_rate\"" (team trial,
/// session 33).
fn lead_only(said: &str) -> String {
    let table = |t: &str| said.contains(&format!("policy for table \"{t}\""));
    if table("fx_rate") {
        "only a team lead can set or remove exchange rates (radar fx): ask your team lead".into()
    } else if table("fixed_reason") {
        "only a team lead can mark a churn reason fixed (radar winback fixed): ask your team lead".into()
    } else {
        format!("permission denied: {said}")
    }
}

/// The server's words (the crate's own `Display` says only "db error").
#[derive(Debug)]
struct Said(String);

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Said {}
