//! The only code that speaks SQL, and to its callers only in domain terms: no type, PRAGMA
//! or statement of the database engine crosses this module's public API.
//!
//! Inside, two sides (see ARCHITECTURE.md, "The store and its seam"):
//! - `sqlite/`: everything only SQLite has or does — opening the file (WAL, `synchronous`,
//!   foreign keys, busy handler, 0600), `application_id`/`user_version` and the migrations,
//!   the schema check and index repair, `BEGIN IMMEDIATE`, bulk loading, the backup API,
//!   read-only opening, `data_version`, and how values are bound and read (`sqlite::bind`).
//! - everything else: portable SQL (`?N` placeholders, quoted reserved words, no engine
//!   functions) over the column maps of `tables/`, one definition per table.
//!
//! Every public write is one transaction.

mod agenda_candidates;
mod agenda_streams;
mod cached;
mod complete;
mod conn;
mod derived_due;
mod edit;
#[cfg(test)]
mod edit_latency_tests;
mod error;
mod export_records;
mod find;
mod fx;
pub mod import;
mod load;
mod lookup;
mod mappings;
mod milestones;
mod owners;
pub mod pg;
mod plan;
mod portfolio;
mod portfolio_of;
mod quick;
mod recorder;
mod referral;
mod report_cache;
mod risk;
mod risk_all;
mod risk_fresh;
mod rows;
mod scan;
mod search;
mod sqlite;
mod supersede;
mod tables;
mod undo;
mod winback;
mod write;

pub use agenda_candidates::AGENDA_PARTS;
pub use cached::CachedScore;
pub use edit::Rescore;
pub use error::{DbError, Result, StoreError};
pub use find::Named;
pub use mappings::SavedMapping;
pub use plan::DeletePlan;
pub use portfolio::{AccountStake, PortfolioRow};
pub use report_cache::ReportTerm;
pub use risk_fresh::CacheState;
pub use scan::Parts;
pub use search::{MAX_LIMIT as SEARCH_MAX_LIMIT, SearchHit};
#[cfg(test)]
pub(crate) use sqlite::damage::damage_root_page;
pub use sqlite::health;
pub use sqlite::{
    APPLICATION_ID, BUSY_TIMEOUT, FileSummary, LATEST_VERSION, fold_wal, is_good_copy, remove_stale_partials,
    summarize, waiting_for_other_writer,
};

use std::path::{Path, PathBuf};

/// The path of a portfolio held in memory (`Store::open_in_memory`, the tests' harness):
/// it has no file, so no folder beside it, no second connection and no journal to set.
pub const IN_MEMORY: &str = ":memory:";

/// An open portfolio database.
pub struct Store {
    conn: conn::Conn,
    path: PathBuf,
    /// Index definitions dropped by bulk mode, to rebuild when it ends.
    dropped_indexes: Vec<String>,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};

    /// A full disk, simulated with `max_page_count`: the write fails as `DiskFull` and
    /// the transaction leaves the database exactly as it was.
    #[test]
    fn disk_full_changes_nothing() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut first = generate_range(&DemoOptions { accounts: 5, seed: 1, today }, 0..5).unwrap();
        store.insert_facts(&mut first, false).unwrap();
        let before = store.dump().unwrap();
        let pages: i64 =
            store.conn.lite().unwrap().pragma_query_value(None, "page_count", |r| r.get(0)).unwrap();
        store.conn.lite().unwrap().pragma_update(None, "max_page_count", pages + 2).unwrap();
        let mut more = generate_range(&DemoOptions { accounts: 400, seed: 2, today }, 5..405).unwrap();
        let err = store.insert_facts(&mut more, false).unwrap_err();
        assert!(matches!(err, StoreError::DiskFull), "{err:?}");
        assert!(err.to_string().contains("nothing was saved"));
        assert_eq!(store.dump().unwrap(), before);
    }

    /// The full recompute commits without an fsync (derived data), and every later
    /// commit is durable again.
    #[test]
    fn recompute_restores_full_sync() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let now = today.and_hms_opt(12, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("p.db")).unwrap();
        let mut facts = generate_range(&DemoOptions { accounts: 12, seed: 1, today }, 0..12).unwrap();
        store.insert_facts(&mut facts, false).unwrap();
        let cfg = crate::domain::risk::RiskConfig::default();
        assert_eq!(store.recompute_risk_all(today, "", |f| crate::refresh::score(f, now, &cfg)).unwrap(), 12);
        let sync: i64 =
            store.conn.lite().unwrap().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL again");
    }
}
