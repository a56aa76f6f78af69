//! What can go wrong with an import or export, each naming the file (and for bad rows the
//! line, column, value and what was expected). Every variant but `Store` and `Write` is
//! bad input (exit code 2).

use crate::i18n::{Lang, tf};
use crate::store::StoreError;
use std::fmt;
use std::path::PathBuf;

/// Bad rows listed in one error before "… and N more".
pub const MAX_LISTED: usize = 50;

/// One bad cell (or row) of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line where the record starts (1-based; the header is line 1 in most files).
    pub line: u64,
    /// 1-based field position, when the problem is one cell.
    pub column: Option<usize>,
    /// The header as written in the file.
    pub header: String,
    /// The cell's text, sanitised and shortened.
    pub value: String,
    /// What was wrong and what was expected.
    pub message: String,
    /// The interface language the message is in (the rest of the line follows it).
    pub lang: Lang,
}

impl RowProblem {
    /// `line:column: header: message` (the file name is prefixed by the caller).
    pub fn located(&self, file: &str) -> String {
        let col = self.column.map(|c| format!(":{c}")).unwrap_or_default();
        if self.header.is_empty() {
            format!("{file}:{}{col}: {}", self.line, self.message)
        } else {
            let column = tf(self.lang, "import.row.column", &[("header", &self.header)]);
            format!("{file}:{}{col}: {column}: {}", self.line, self.message)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Encoding { path: PathBuf, source: super::decode::EncodingError },
    #[error("{path}: the file is empty (expected a header line naming the columns)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}: not valid CSV: {detail}")]
    Csv { path: PathBuf, line: u64, detail: String },
    /// A quoted cell that never closes: a CSV reader takes the rest of the file as that
    /// cell, so one stray quote made one account of every row after it (CSM trial,
    /// session 31).
    #[error(
        "{path}:{line}: a quoted cell opens on this line and is never closed (a stray \"?): the rest of the file would be read as that one cell. Nothing was imported. Close the quote (a quote inside a quoted cell is written \"\"), or remove it"
    )]
    UnclosedQuote { path: PathBuf, line: u64 },
    #[error("--map: {0}")]
    Map(String),
    /// Another option of the import refused (`--sheet`, `--set`, `--header-line`): the
    /// message names its flag.
    #[error("{0}")]
    Option(String),
    #[error(
        "{path}: no column for the required field{} {}; the header has: {found}. Name the column with --map 'Header={}'",
        if missing.len() > 1 { "s" } else { "" },
        missing.join(", "),
        missing.first().map_or("", |s| s.as_str())
    )]
    MissingColumns {
        path: PathBuf,
        missing: Vec<String>,
        found: String,
        /// The headers naming no field: the dashboard's column picker offers them, so a
        /// required column under an unknown header can still be named.
        unknown: Vec<String>,
    },
    /// The columns are clearly another kind's (`guess::clearly_other`); `message` is in the
    /// interface language and says which kind and the command to use.
    #[error("{message}")]
    WrongKind { path: PathBuf, asked: super::Kind, looks: super::Kind, message: String },
    #[error("{}", Rows::fmt_summary(.0))]
    Rows(Rows),
    #[error("{path}:{line}:{column}: {detail}")]
    Json { path: PathBuf, line: usize, column: usize, detail: String },
    #[error("{path}: {detail}")]
    Invalid { path: PathBuf, detail: String },
    /// Nothing said the currency of what a row does not price itself (`import::currency`):
    /// the row's line, and the header of its amount (None: a new account without one).
    #[error("{}", no_currency_en(path, *line, column.as_deref()))]
    NoCurrency { path: PathBuf, line: u64, column: Option<String> },
    /// An export that fails a check before it is restored (`import::json_check`).
    #[error("{path}: {problem}")]
    BadExport { path: PathBuf, problem: Box<super::import::json_check::ExportProblem> },
    /// A JSON file that is not one of Radar's exports (`format` is what it says it is).
    #[error(
        "{path}: not a Renewal Radar export (format is '{format}', expected '{}')",
        super::export::json::FORMAT
    )]
    NotExport { path: PathBuf, format: String },
    /// An export written by a newer Radar, in a version this one cannot read.
    #[error(
        "{path}: written by a newer Radar (export version {version}; this one reads up to {})",
        super::export::json::VERSION
    )]
    NewerExport { path: PathBuf, version: u32 },
    #[error(
        "{db}: already holds {accounts} account{}; `radar import json` restores an export into an empty file only (use --db NEW_FILE, or import CSV files to merge)",
        if *accounts == 1 { "" } else { "s" }
    )]
    NotEmpty { db: PathBuf, accounts: i64 },
    #[error("{path}: cannot write: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    /// The file is not what the plan read: it changed between a preview and its `y`
    /// (`ImportPlan::read_as`), and the import would have written rows nobody saw.
    #[error("{path}: the file changed after its preview was made; nothing was imported")]
    Changed { path: PathBuf },
    /// A SQLite database (a Radar portfolio, likely) given as a file to import.
    #[error(
        "{path}: a SQLite database (a Radar portfolio?), not a CSV or spreadsheet: open it with radar --db FILE, or export it there (radar --db FILE export --out book.json) and import that JSON into an empty file"
    )]
    SqliteFile { path: PathBuf },
    /// A database failure during an import, naming the database and the file imported.
    #[error("{}: {source} (importing {})", db.display(), input.display())]
    Database { db: PathBuf, input: PathBuf, source: Box<StoreError> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `NoCurrency` in English (`render` words it in the catalog's language).
fn no_currency_en(path: &std::path::Path, line: u64, column: Option<&str>) -> String {
    ImportError::NoCurrency { path: path.to_path_buf(), line, column: column.map(str::to_string) }
        .render(Lang::En)
}

impl ImportError {
    /// True when the input (file, flags) is at fault: exit code 2.
    pub fn is_bad_input(&self) -> bool {
        match self {
            ImportError::Write { .. } => false,
            ImportError::Store(e) => {
                matches!(e, StoreError::NotRadar { .. } | StoreError::NewerSchema { .. })
            }
            ImportError::Database { source, .. } => {
                matches!(**source, StoreError::NotRadar { .. } | StoreError::NewerSchema { .. })
            }
            _ => true,
        }
    }

    /// A store error that does not name the database yet, named: `db` and the `input` file.
    pub fn in_db(self, db: &std::path::Path, input: &std::path::Path) -> ImportError {
        match self {
            ImportError::Store(source) if source.lacks_path() => ImportError::Database {
                db: db.to_path_buf(),
                input: input.to_path_buf(),
                source: Box::new(source),
            },
            other => other,
        }
    }
}

/// Every bad row of a file (all-or-nothing: nothing was written).
#[derive(Debug)]
pub struct Rows {
    pub path: PathBuf,
    /// At most `MAX_LISTED`.
    pub problems: Vec<RowProblem>,
    /// Problems beyond those listed.
    pub more: usize,
    /// Distinct bad lines.
    pub bad_lines: usize,
}

impl Rows {
    fn fmt_summary(&self) -> String {
        let lang = self.lang();
        let file = self.path.display().to_string();
        if self.bad_lines == 1 {
            tf(lang, "import.bad_row", &[("file", &file)])
        } else {
            tf(lang, "import.bad_rows", &[("file", &file), ("n", &self.bad_lines.to_string())])
        }
    }

    /// The language the rows were checked in.
    fn lang(&self) -> Lang {
        self.problems.first().map_or(Lang::En, |p| p.lang)
    }

    /// One line per problem, then "… and N more".
    pub fn lines(&self) -> Vec<String> {
        let file = self.path.display().to_string();
        let mut out: Vec<String> = self.problems.iter().map(|p| p.located(&file)).collect();
        if self.more > 0 {
            out.push(tf(self.lang(), "import.more_rows", &[("n", &self.more.to_string())]));
        }
        out
    }
}

impl fmt::Display for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in self.lines() {
            writeln!(f, "{l}")?;
        }
        Ok(())
    }
}

/// Collects problems while a file is read, keeping the first `MAX_LISTED`.
#[derive(Debug, Default)]
pub struct Problems {
    listed: Vec<RowProblem>,
    more: usize,
    lines: std::collections::BTreeSet<u64>,
}

impl Problems {
    pub fn push(&mut self, p: RowProblem) {
        self.lines.insert(p.line);
        if self.listed.len() < MAX_LISTED {
            self.listed.push(p);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// How many problems so far (to tell whether a row added any).
    pub fn count(&self) -> usize {
        self.listed.len() + self.more
    }

    /// Every problem as `column "Header": message`, for a rejected-rows file.
    pub fn messages(&self) -> Vec<String> {
        self.listed
            .iter()
            .map(|p| {
                if p.header.is_empty() {
                    p.message.clone()
                } else {
                    format!("\"{}\": {}", p.header, p.message)
                }
            })
            .collect()
    }

    pub fn into_error(self, path: PathBuf) -> ImportError {
        let mut problems = self.listed;
        problems.sort_by_key(|p| (p.line, p.column));
        ImportError::Rows(Rows { path, problems, more: self.more, bad_lines: self.lines.len() })
    }
}
