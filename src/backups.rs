//! Where backups go and how many are kept: `<data dir>/backups/<name>-<key>-<date>.db`,
//! one a day for each database file, the newest `keep` of them.

use crate::store::{Store, StoreError};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// A short stable key for a database path, so two `portfolio.db` in different folders do
/// not share backups (FNV-1a of the absolute path).
fn path_key(db: &Path) -> String {
    let abs = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in abs.as_os_str().as_encoded_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

fn prefix(db: &Path) -> String {
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "portfolio".into());
    format!("{stem}-{}-", path_key(db))
}

/// The file the daily backup of `db` for `day` goes to.
pub fn daily_path(dir: &Path, db: &Path, day: NaiveDate) -> PathBuf {
    dir.join(format!("{}{}.db", prefix(db), day.format("%Y-%m-%d")))
}

/// The existing backups of `db` in `dir`, oldest first (names sort by date).
pub fn list(dir: &Path, db: &Path) -> Vec<PathBuf> {
    let prefix = prefix(db);
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "db")
                        && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Makes today's backup of `db` unless it exists, then deletes all but the newest `keep`.
/// Returns the new backup's path, or None if today's was already there.
pub fn daily(store: &Store, dir: &Path, day: NaiveDate, keep: usize) -> Result<Option<PathBuf>, StoreError> {
    let dest = daily_path(dir, store.path(), day);
    if dest.exists() {
        return Ok(None);
    }
    std::fs::create_dir_all(dir).map_err(|source| StoreError::Create { path: dir.to_path_buf(), source })?;
    store.backup_to(&dest)?;
    prune(dir, store.path(), keep);
    Ok(Some(dest))
}

/// Deletes the oldest backups of `db` beyond `keep` (at least one is always kept).
pub fn prune(dir: &Path, db: &Path, keep: usize) {
    let all = list(dir, db);
    let extra = all.len().saturating_sub(keep.max(1));
    for old in &all[..extra] {
        // Best effort: a backup that cannot be deleted is only disk space.
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_and_skips_a_second_backup_the_same_day() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portfolio.db");
        let mut store = Store::open(&db).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut facts =
            crate::demo::generate_range(&crate::demo::DemoOptions { accounts: 3, seed: 1, today }, 0..3)
                .unwrap();
        store.insert_facts(&mut facts, false).unwrap();
        let backups = dir.path().join("backups");
        for d in 0..5 {
            let day = today + chrono::Duration::days(d);
            assert!(daily(&store, &backups, day, 3).unwrap().is_some());
            assert!(daily(&store, &backups, day, 3).unwrap().is_none(), "one a day");
        }
        let left = list(&backups, &db);
        assert_eq!(left.len(), 3);
        assert!(left[0].to_string_lossy().ends_with("2026-11-24.db"), "{left:?}");
        // A backup is a complete, openable Radar database.
        let copy = Store::open(&left[2]).unwrap();
        assert_eq!(copy.dump().unwrap(), store.dump().unwrap());
        // Another database's backups are not touched or listed.
        assert!(list(&backups, &dir.path().join("other/portfolio.db")).is_empty());
    }
}
