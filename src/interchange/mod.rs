//! Files in and out: CSV import (header aliases, `--map`, encodings, delimiters), the
//! lossless JSON export and its import, the CSV export, and the Markdown handover sheet.
//! Uses `store` and `domain`, never the UI; the CLI and the dashboard call the same
//! functions (`import::plan` → show the summary → `import::apply`).

mod dayfirst;
pub mod decode;
pub mod error;
pub mod export;
pub mod fields;
pub mod handover;
pub mod import;
pub mod table;

pub use error::{ImportError, RowProblem};
pub use fields::Kind;

/// The process-wide allocator. SQLite copies every bound text value (a malloc and a free
/// per column per row) and an import builds millions of small records; under glibc's
/// allocator a 100k-account import spent about a third of its CPU in malloc bookkeeping
/// (chunk unlinking and consolidation). mimalloc cut its user time by ~40%. Declared here,
/// next to the code that needed it, it applies to every binary linking the library.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
