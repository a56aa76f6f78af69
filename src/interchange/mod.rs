//! Files in and out: CSV import (header aliases, `--map`, encodings, delimiters), the
//! lossless JSON export and its import, the CSV export (formula cells guarded, see
//! `formula`), and the Markdown handover sheet.
//! Uses `store` and `domain`, never the UI; the CLI and the dashboard call the same
//! functions (`import::plan` → show the summary → `import::apply`).

mod aliases;
pub mod amount;
mod cells;
pub mod dayfirst;
pub mod decode;
pub mod error;
mod error_text;
pub mod export;
pub mod fields;
pub mod filedate;
pub mod formula;
pub mod guess;
pub mod handover;
pub mod header;
pub mod ics;
pub mod import;
pub mod review;
pub mod saved;
pub mod sheet;
pub mod table;
mod totals;
mod vocab;

pub use error::{ImportError, RowProblem};
pub use fields::Kind;
