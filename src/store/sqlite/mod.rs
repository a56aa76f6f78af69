//! The engine seam, SQLite side: everything in the store that only SQLite has or does.
//! The rest of `store/` writes portable SQL and binds values through `tables::Binder`;
//! a PostgreSQL backend is a second implementation of what is here (ARCHITECTURE.md, "The store and its seam").
//!
//! | here                      | what                                                     |
//! |---------------------------|----------------------------------------------------------|
//! | `open`                    | file 0600, WAL, `synchronous`, foreign keys, busy handler, `application_id`, migrations, `data_version`, `user_version`, dump |
//! | `schema`, `schema_check`, `indexes` | the migrations (SQLite DDL; V2 derived from V1), the exact-schema check, index repair |
//! | `tx`                      | `BEGIN IMMEDIATE` (the write lock), read snapshots, relaxed sync for derived data |
//! | `bulk`                    | bulk mode: journal off or rollback journal, indexes dropped and rebuilt, multi-row milestone inserts |
//! | `bind`, `dates`           | binding values in place, reading rows, dates as ISO text |
//! | `error`                   | SQLite's error codes → `StoreError` |
//! | `backup`, `partial`, `read_only` | the online backup API, its temporary files, read-only and immutable opening |
//! | `fts`                     | the full-text index (FTS5): its sources, kept in step on every write, filled after a bulk load and by its migration |
//! | `health`                  | what `radar doctor` reads of a file without changing it: identity, schema, `quick_check`, indexes, WAL, lock |

mod backup;
pub(crate) mod bind;
pub(crate) mod bulk;
#[cfg(test)]
pub(crate) mod damage;
pub(crate) mod dates;
mod derive_migration;
pub(crate) mod error;
pub(crate) mod fts;
pub mod health;
mod indexes;
pub(crate) mod lite;
mod open;
mod partial;
pub(crate) mod read_only;
pub(crate) mod schema;
mod schema_check;
pub(crate) mod tx;

pub use backup::{FileSummary, is_good_copy, summarize};
pub use open::{BUSY_TIMEOUT, fold_wal, waiting_for_other_writer};
pub use partial::remove_stale_partials;
pub use schema::{APPLICATION_ID, LATEST_VERSION};
