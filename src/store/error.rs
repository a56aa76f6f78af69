//! What can go wrong with the database file, each with a message that names the file.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a Renewal Radar database ({detail})")]
    NotRadar { path: PathBuf, detail: String },
    #[error(
        "{path}: written by a newer Renewal Radar (schema version {found}); this version understands up to {supported}. Upgrade radar to open it; the file was not changed."
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: cannot open the database: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("{path}: cannot create the database: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot upgrade the schema: {source}")]
    Migrate { path: PathBuf, source: rusqlite_migration::Error },
    #[error("the database is busy: another Radar is writing to it (waited {waited_ms} ms)")]
    Busy { waited_ms: u64 },
    #[error(
        "{what} #{id} was changed by someone else since you loaded it (your version {expected}, now {found}); reload to see their change"
    )]
    Stale { what: &'static str, id: i64, expected: i64, found: i64 },
    #[error("{what} #{id} no longer exists (deleted elsewhere)")]
    Missing { what: &'static str, id: i64 },
    #[error("invalid data: {0}")]
    Invalid(String),
    /// A rule refused the action (nothing written); `ActionError::render` says why in the
    /// user's language.
    #[error("invalid data: {0}")]
    Refused(#[from] crate::domain::actions::ActionError),
    #[error("stored value in {table}.{column} is not valid: {detail}")]
    Corrupt { table: &'static str, column: &'static str, detail: String },
    #[error("the disk is full: nothing was saved (free some space and try again)")]
    DiskFull,
    #[error(
        "the database is read-only for this user: Radar needs to write the file and create its -wal and -shm files beside it (check the permissions of the file and its folder); nothing was changed"
    )]
    ReadOnly,
    #[error("the disk reported an input/output error: {0}")]
    Io(String),
    #[error("database error: {0}")]
    Sql(rusqlite::Error),
    /// `PRAGMA quick_check` (or a read) found the file's pages broken.
    #[error("{path}: the database file is damaged ({detail})")]
    Damaged { path: PathBuf, detail: String },
    /// A backup's destination could not take the copy; the portfolio itself is fine.
    #[error(
        "{path}: cannot write the backup: {detail}; the portfolio was not changed and no partial copy was left"
    )]
    BackupWrite { path: PathBuf, detail: String },
    /// A file that is ours but cannot replace this portfolio as it is.
    #[error("{path}: cannot be restored: {detail}; nothing was changed")]
    CannotRestore { path: PathBuf, detail: String },
}

impl From<rusqlite::Error> for StoreError {
    /// Classifies the failures a user can act on; everything else keeps SQLite's words.
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::*;
        match e.sqlite_error_code() {
            Some(DiskFull) => StoreError::DiskFull,
            Some(ReadOnly) => StoreError::ReadOnly,
            Some(SystemIoFailure) => StoreError::Io(e.to_string()),
            Some(DatabaseBusy | DatabaseLocked) => {
                StoreError::Busy { waited_ms: super::BUSY_TIMEOUT.as_millis() as u64 }
            }
            _ => StoreError::Sql(e),
        }
    }
}

impl StoreError {
    /// Errors that do not name the file themselves (they come from deep inside a query).
    pub fn lacks_path(&self) -> bool {
        !matches!(
            self,
            StoreError::NotRadar { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Open { .. }
                | StoreError::Create { .. }
                | StoreError::Migrate { .. }
                | StoreError::Damaged { .. }
                | StoreError::BackupWrite { .. }
                | StoreError::CannotRestore { .. }
        )
    }
}

impl StoreError {
    /// Is this the file's pages being broken (found by a check, or by a read)?
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Damaged { .. } => true,
            StoreError::Sql(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
            ),
            _ => false,
        }
    }

    /// Maps SQLite's busy/locked codes to the friendly `Busy` error.
    pub fn from_sql(e: rusqlite::Error, waited_ms: u64) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy { waited_ms }
            }
            _ => StoreError::from(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
