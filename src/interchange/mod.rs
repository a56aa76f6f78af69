//! Files in and out: CSV import (header aliases, `--map`, encodings, delimiters), the
//! lossless JSON export and its import, the CSV export (formula cells guarded, see
//! `formula`), and the Markdown handover sheet.
//! Uses `store` and `domain`, never the UI; the CLI and the dashboard call the same
//! functions (`import::plan` → show the summary → `import::apply`).

mod dayfirst;
pub mod decode;
pub mod error;
pub mod export;
pub mod fields;
pub mod formula;
pub mod handover;
pub mod import;
pub mod review;
pub mod table;

pub use error::{ImportError, RowProblem};
pub use fields::Kind;
