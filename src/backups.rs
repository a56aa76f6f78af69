//! Where backups go and how many are kept: `<data dir>/backups/<name>-<key>-<date>.db`,
//! one a day for each database file, the newest `keep` of them.
//!
//! Rotation never deletes the last good copy: a backup is only made (and old ones only
//! pruned) after the new copy passed `PRAGMA quick_check`, and the new copy itself is never
//! pruned. A damaged database therefore fails every backup and leaves the kept ones alone.

use crate::store::{Store, StoreError, is_good_copy, remove_stale_partials};
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

/// The day in a backup's name (`<name>-<key>-<day>.db`, `…-<day>-manual-<stamp>.db`): the
/// day it was made by Radar's clock, which follows `--today`.
pub fn day_of(p: &Path) -> Option<NaiveDate> {
    let stem = p.file_stem()?.to_str()?;
    let stem = stem.split("-manual-").next()?;
    let day = stem.get(stem.len().checked_sub(10)?..)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The existing backups of `db` in `dir`, oldest first: by the day in the name, then, on
/// one day, by when the copy was written. By name alone a `radar backup` sorted before
/// that day's daily copy (`-` before `.`), so the advice for a damaged file named the
/// morning's copy over the one made at noon, and restoring it lost the morning's work
/// (CSM trial, session 30).
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
    let written = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    found.sort_by_cached_key(|p| (day_of(p), written(p), p.clone()));
    found
}

/// Makes today's backup of `db` unless it exists, then deletes all but the newest `keep`.
/// Returns the new backup's path, or None if today's was already there. Either way the
/// database is checked (the copy, or the file itself when today's copy exists): a damaged
/// one is a `Damaged` error, with no backup made and none deleted.
pub fn daily(store: &Store, dir: &Path, day: NaiveDate, keep: usize) -> Result<Option<PathBuf>, StoreError> {
    let dest = daily_path(dir, store.path(), day);
    remove_stale_partials(dir, &prefix(store.path()));
    // `symlink_metadata`: a link planted at today's name must not stand in for the backup.
    if std::fs::symlink_metadata(&dest).is_ok_and(|m| m.is_file()) {
        // Damage since this morning's copy is told now, not at tomorrow's backup.
        store.quick_check()?;
        return Ok(None);
    }
    crate::private_file::create_private_dir_all(dir).map_err(|source| folder_failure(dir, &source))?;
    store.backup_to(&dest)?;
    prune(dir, store.path(), keep, &dest);
    Ok(Some(dest))
}

/// The backups folder could not be made: said as that (it read "cannot create the
/// database", of a folder: CSM trial, session 22).
fn folder_failure(dir: &Path, source: &std::io::Error) -> StoreError {
    StoreError::BackupWrite {
        path: dir.to_path_buf(),
        detail: format!("cannot create the backups folder: {source}"),
    }
}

/// A backup now (`radar backup`): `<name>-<key>-<day>-manual-<stamp>.db`, pruned to the
/// newest `keep` like the daily ones. Returns its path.
pub fn manual(
    store: &Store,
    dir: &Path,
    day: NaiveDate,
    stamp: &str,
    keep: usize,
) -> Result<PathBuf, StoreError> {
    remove_stale_partials(dir, &prefix(store.path()));
    crate::private_file::create_private_dir_all(dir).map_err(|source| folder_failure(dir, &source))?;
    let daily = daily_path(dir, store.path(), day);
    let name = daily.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let dest = dir.join(format!("{name}-manual-{stamp}.db"));
    store.backup_to(&dest)?;
    prune(dir, store.path(), keep, &dest);
    Ok(dest)
}

/// Deletes the oldest backups of `db` beyond `keep` (at least one is always kept), never
/// `fresh`: the copy just made and checked, the newest good one (it may not sort last
/// when the clock or `--today` went back).
pub fn prune(dir: &Path, db: &Path, keep: usize, fresh: &Path) {
    let all = list(dir, db);
    let extra = all.len().saturating_sub(keep.max(1));
    for old in all.iter().filter(|p| p.as_path() != fresh).take(extra) {
        // Best effort: a backup that cannot be deleted is only disk space. With it go the
        // files SQLite keeps beside a copy someone opened.
        let _ = std::fs::remove_file(old);
        for side in ["-wal", "-shm", "-journal"] {
            let mut s = old.as_os_str().to_owned();
            s.push(side);
            let _ = std::fs::remove_file(PathBuf::from(s));
        }
    }
}

/// The newest backup of `db` in `dir` that passes `PRAGMA quick_check`, to offer when
/// `db` is damaged. Checks newest first and stops at the first good one.
pub fn newest_good(dir: &Path, db: &Path) -> Option<PathBuf> {
    list(dir, db).into_iter().rev().find(|p| is_good_copy(p))
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

    /// A backups folder that cannot be made is named as the folder it is, not "the database".
    #[test]
    fn a_folder_that_cannot_be_made_is_named_as_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("portfolio.db")).unwrap();
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, "").unwrap();
        let backups = blocker.join("backups"); // under a file: no one can make it, root neither
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let said = daily(&store, &backups, today, 3).unwrap_err().to_string();
        assert!(
            said.starts_with(&format!(
                "{}: cannot write the backup: cannot create the backups folder",
                backups.display()
            )),
            "{said}"
        );
        assert!(!said.contains("database"), "{said}");
    }

    /// Damages `db` on disk: the root page of an index is overwritten with junk.
    fn corrupt(db: &Path) {
        crate::store::damage_root_page(db, "touchpoint_contact");
    }

    /// Day after day on a damaged file, with keep = 2: every backup fails as `Damaged`,
    /// naming the file, and the last good backup is never rotated out.
    #[test]
    fn a_damaged_file_never_rotates_out_the_last_good_backup() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portfolio.db");
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let store = Store::open(&db).unwrap();
        let mut facts =
            crate::demo::generate_range(&crate::demo::DemoOptions { accounts: 20, seed: 1, today }, 0..20)
                .unwrap();
        let mut store = store;
        store.insert_facts(&mut facts, false).unwrap();
        let backups = dir.path().join("backups");
        let good = daily(&store, &backups, today, 2).unwrap().unwrap();
        drop(store);
        corrupt(&db);
        let store = Store::open(&db).unwrap();
        for d in 1..6 {
            let day = today + chrono::Duration::days(d);
            let err = daily(&store, &backups, day, 2).unwrap_err();
            assert!(matches!(err, StoreError::Damaged { .. }), "day {d}: {err:?}");
            assert!(err.to_string().contains("portfolio.db") && err.to_string().contains("damaged"), "{err}");
            // Today's copy exists: the file itself is checked, and still fails.
            assert!(daily(&store, &backups, today, 2).is_err());
        }
        assert_eq!(list(&backups, &db), vec![good.clone()]);
        assert_eq!(newest_good(&backups, &db), Some(good));
        let leftovers = std::fs::read_dir(&backups).unwrap().count();
        assert_eq!(leftovers, 1, "no partial copies");
    }

    /// A fresh copy that sorts first (the date went back) is kept; older ones go instead.
    #[test]
    fn prune_never_deletes_the_fresh_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("p.db");
        let names = ["p-2026-01-01.db", "p-2026-01-02.db", "p-2026-01-03.db"];
        let paths: Vec<PathBuf> =
            names.iter().map(|n| dir.path().join(n.replace("p-", &prefix(&db)))).collect();
        for p in &paths {
            std::fs::write(p, b"x").unwrap();
        }
        let wal = format!("{}-wal", paths[1].display());
        std::fs::write(&wal, b"x").unwrap();
        prune(dir.path(), &db, 1, &paths[0]);
        assert_eq!(list(dir.path(), &db), vec![paths[0].clone()]);
        assert!(!Path::new(&wal).exists(), "a pruned copy's WAL goes with it");
    }

    /// A `radar backup` made after the day's daily copy is the newest, and the one a damaged
    /// file is told to restore; one made before it is older. By name the manual copy always
    /// sorted first (CSM trial, session 30: the advice named the morning's copy).
    #[test]
    fn the_newest_backup_is_the_one_written_last_that_day() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("portfolio.db");
        let day = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let store = Store::open(&db).unwrap();
        let backups = dir.path().join("backups");
        let at = |p: &Path, secs: u64| {
            let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_780_000_000 + secs);
            std::fs::File::options().append(true).open(p).unwrap().set_modified(t).unwrap();
        };
        let morning = daily(&store, &backups, day, 5).unwrap().unwrap();
        let noon = manual(&store, &backups, day, "2026-12-04T120000", 5).unwrap();
        at(&morning, 9 * 3600);
        at(&noon, 12 * 3600);
        assert_eq!(list(&backups, &db), vec![morning.clone(), noon.clone()]);
        assert_eq!(newest_good(&backups, &db), Some(noon.clone()));
        // The other way round: a manual copy at dawn, the daily one when the dashboard opened.
        at(&noon, 5 * 3600);
        assert_eq!(newest_good(&backups, &db), Some(morning.clone()));
        // The day in the name still comes first (it follows `--today`).
        let yesterday = manual(&store, &backups, day.pred_opt().unwrap(), "2026-12-03T230000", 5).unwrap();
        at(&yesterday, 20 * 3600);
        assert_eq!(list(&backups, &db).first(), Some(&yesterday));
    }
}
