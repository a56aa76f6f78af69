//! `radar backup` / `radar restore`: the SQLite backup API, confirmation, and a kept copy.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn radar(db: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env("RADAR_CONFIG", data.join("no-config.toml"))
        .stdin(Stdio::null())
        .output()
        .expect("radar runs")
}

fn dump(db: &Path) -> String {
    radar::store::Store::open(db).unwrap().dump().unwrap()
}

#[test]
fn backup_then_restore_round_trips_and_keeps_the_replaced_file() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    assert!(radar(&db, &data, &["demo", "--accounts", "30"]).status.success());
    let original = dump(&db);

    let out = radar(&db, &data, &["backup"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let backups: Vec<_> =
        std::fs::read_dir(data.join("renewal-radar/backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = &backups[0];
    assert_eq!(dump(backup), original, "the backup is a full copy");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(backup).unwrap().permissions().mode() & 0o777, 0o600);
    }

    // Change the live file, then restore.
    assert!(radar(&db, &data, &["demo", "--accounts", "5", "--seed", "9", "--force"]).status.success());
    let changed = dump(&db);
    assert_ne!(changed, original);

    // Without a terminal and without --yes, restore refuses and changes nothing.
    let out = radar(&db, &data, &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    assert_eq!(dump(&db), changed);

    let out = radar(&db, &data, &["restore", backup.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(dump(&db), original);
    // The replaced content was kept.
    let kept: Vec<_> = std::fs::read_dir(data.join("renewal-radar/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(dump(&kept[0]), changed);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_radar_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    assert!(radar(&db, &data, &["demo", "--accounts", "3"]).status.success());
    let before = dump(&db);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "definitely not sqlite\n".repeat(100)).unwrap();
    let out = radar(&db, &data, &["restore", junk.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("junk.db"));
    let missing = radar(&db, &data, &["restore", "/nonexistent/x.db", "--yes"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(dump(&db), before);
}

/// Two dashboards opened at the same moment both take the day's backup: neither may
/// write into the other's half-built file (this once failed with "disk I/O error").
#[test]
fn two_backups_of_the_same_day_at_once_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data) = (dir.path().join("p.db"), dir.path().join("data"));
    assert!(radar(&db, &data, &["demo", "--accounts", "300"]).status.success());
    let original = dump(&db);
    let dest = dir.path().join("same-day.db");
    for round in 0..5 {
        let _ = std::fs::remove_file(&dest);
        std::thread::scope(|s| {
            let copies: Vec<_> = (0..2)
                .map(|_| s.spawn(|| radar::store::Store::open(&db).unwrap().backup_to(&dest)))
                .collect();
            for c in copies {
                c.join().unwrap().unwrap_or_else(|e| panic!("round {round}: {e}"));
            }
        });
        assert_eq!(dump(&dest), original, "round {round}: a complete copy");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
