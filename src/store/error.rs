//! What can go wrong with the database file, each with a message that names the file.

use std::path::PathBuf;

/// An error of the database engine, kept whole (its own words reach the user) but opaque:
/// callers see a message, not the engine's types. `sqlite::error` classifies SQLite's.
pub struct DbError(pub(crate) Box<dyn std::error::Error + Send + Sync + 'static>);

impl DbError {
    pub(crate) fn new(e: impl std::error::Error + Send + Sync + 'static) -> DbError {
        DbError(Box::new(e))
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Debug for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a Renewal Radar database ({detail})")]
    NotRadar { path: PathBuf, detail: String },
    #[error(
        "{path}: written by a newer Renewal Radar (schema version {found}); this version understands up to {supported}. Upgrade radar to open it; the file was not changed."
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: cannot open the database: {source}")]
    Open { path: PathBuf, source: DbError },
    #[error("{path}: is a folder, not a portfolio file; pass --db FOLDER/portfolio.db")]
    IsFolder { path: PathBuf },
    #[error("{path}: cannot create the database: {source}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot upgrade the schema: {source}")]
    Migrate { path: PathBuf, source: DbError },
    #[error(
        "the database is busy: another program (another Radar, an import, sqlite3) is writing to it (waited {waited_ms} ms)"
    )]
    Busy { waited_ms: u64 },
    #[error(
        "{what} #{id} was changed by someone else since you loaded it (your version {expected}, now {found}); reload to see their change"
    )]
    Stale { what: &'static str, id: i64, expected: i64, found: i64 },
    #[error("{what} #{id} no longer exists (deleted elsewhere)")]
    Missing { what: &'static str, id: i64 },
    #[error("invalid data: {0}")]
    Invalid(String),
    /// Team mode: the row exists but the user may not write it (row security).
    #[error(
        "{what} #{id} is not in your portfolio (someone else's, or no longer yours: assigned to another CSM or deleted): ask its owner or your team lead"
    )]
    NotInPortfolio { what: &'static str, id: i64 },
    /// Team mode: the server cannot be reached; nothing was saved.
    #[error("the team server {target} is unreachable ({detail}); nothing was saved")]
    Unreachable { target: String, detail: String },
    /// Team mode: the team database's schema is not (yet) what this radar needs, or a
    /// permission the action needs is missing; the message says whom to ask.
    #[error("{0}")]
    Team(String),
    /// A command or store function the PostgreSQL backend does not have yet.
    #[error("not available in team mode yet: {0}")]
    NotInTeamModeYet(String),
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
    Sql(DbError),
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

impl StoreError {
    /// Errors that do not name the file themselves (they come from deep inside a query).
    pub fn lacks_path(&self) -> bool {
        !matches!(
            self,
            StoreError::NotRadar { .. }
                | StoreError::NewerSchema { .. }
                | StoreError::Open { .. }
                | StoreError::IsFolder { .. }
                | StoreError::Create { .. }
                | StoreError::Migrate { .. }
                | StoreError::Damaged { .. }
                | StoreError::BackupWrite { .. }
                | StoreError::CannotRestore { .. }
                | StoreError::Unreachable { .. }
        )
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
