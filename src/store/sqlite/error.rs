//! SQLite's failures in the store's terms: the ones a user can act on (full disk,
//! read-only file, busy, damaged pages) get their own `StoreError`; everything else keeps
//! SQLite's words in an opaque `DbError`.

use crate::store::{BUSY_TIMEOUT, DbError, StoreError};
use rusqlite::ErrorCode;

impl From<rusqlite::Error> for StoreError {
    /// Classifies the failures a user can act on; everything else keeps SQLite's words.
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::SystemIoFailure) => StoreError::Io(e.to_string()),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                StoreError::Busy { waited_ms: BUSY_TIMEOUT.as_millis() as u64 }
            }
            _ => StoreError::Sql(DbError::new(e)),
        }
    }
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::new(e)
    }
}

/// Is this SQLite saying the file's pages are broken?
pub(crate) fn is_corrupt(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

impl StoreError {
    /// Is this the file's pages being broken (found by a check, or by a read)?
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Sql(DbError(e)) => e.downcast_ref::<rusqlite::Error>().is_some_and(is_corrupt),
            _ => false,
        }
    }

    /// Maps SQLite's busy/locked codes to the friendly `Busy` error.
    pub(crate) fn from_sql(e: rusqlite::Error, waited_ms: u64) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { waited_ms },
            _ => StoreError::from(e),
        }
    }
}
