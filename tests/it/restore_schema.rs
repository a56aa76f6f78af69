//! A restore (and opening any file) accepts only a schema that is exactly ours for the
//! file's version: planted triggers, dropped columns, foreign views and indexes are refused
//! by name and change nothing; another page size is refused with its reason; missing
//! indexes are not refused; a live file refused for its schema can be restored over.

use std::path::Path;

use crate::support::backups::*;

/// `radar restore BAD --yes` is refused with exit 2 and a message naming BAD and `what`;
/// the live file is byte for byte as it was and no "before restore" copy was made.
fn assert_restore_refused(db: &Path, data: &Path, bad: &Path, what: &[&str]) {
    let before = bytes(db);
    let out = radar(db, data, &["restore", bad.to_str().unwrap(), "--yes"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&bad.display().to_string()), "names the file: {err}");
    for w in what {
        assert!(err.contains(w), "names {w:?}: {err}");
    }
    assert!(bytes(db) == before, "the live file changed");
    assert!(
        files_in(&backups_dir(data)).iter().all(|n| !n.contains("before-restore")),
        "nothing was replaced, so nothing was kept"
    );
}

#[test]
fn restore_refuses_a_backup_with_a_planted_trigger() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data, good) = portfolio_and_backup(dir.path());
    let evil = dir.path().join("evil.db");
    std::fs::copy(&good, &evil).unwrap();
    // Every saved touchpoint would vanish the moment it is written.
    sql(
        &evil,
        "CREATE TRIGGER eat AFTER INSERT ON touchpoint BEGIN DELETE FROM touchpoint WHERE id = new.id; END;",
    );
    assert_restore_refused(&db, &data, &evil, &["trigger", "eat", "touchpoint"]);

    // A hostile name is named without its escape sequences reaching the terminal.
    let hostile = dir.path().join("hostile.db");
    std::fs::copy(&good, &hostile).unwrap();
    sql(
        &hostile,
        "CREATE TRIGGER \"\x1b]0;pwned\x07\x1b[2Jeat\" AFTER INSERT ON touchpoint BEGIN SELECT 1; END;",
    );
    let out = radar(&db, &data, &["restore", hostile.to_str().unwrap(), "--yes"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("eat") && !stderr(&out).contains('\x1b'), "{:?}", stderr(&out));

    // Opening the file itself is refused the same way, and leaves it as it was.
    let evil_before = bytes(&evil);
    let out = radar(&evil, &data, &["triage", "--limit", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("trigger") && stderr(&out).contains("eat"), "{}", stderr(&out));
    assert!(bytes(&evil) == evil_before, "a refused file is not changed");
}

#[test]
fn restore_refuses_a_backup_with_a_dropped_column_or_a_view() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data, good) = portfolio_and_backup(dir.path());
    let dropped = dir.path().join("dropped.db");
    std::fs::copy(&good, &dropped).unwrap();
    sql(&dropped, "ALTER TABLE touchpoint DROP COLUMN note;");
    assert_restore_refused(&db, &data, &dropped, &["touchpoint.note", "missing"]);

    let viewed = dir.path().join("viewed.db");
    std::fs::copy(&good, &viewed).unwrap();
    sql(&viewed, "CREATE VIEW 看板 AS SELECT name FROM account; CREATE INDEX extra_idx ON account(tier);");
    assert_restore_refused(&db, &data, &viewed, &["view", "看板", "index", "extra_idx"]);
}

/// SQLite's backup cannot change the page size of a file in WAL mode; it says "read-only",
/// which blamed the user's permissions. The real reason is given instead.
#[test]
fn restore_refuses_another_page_size_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data, good) = portfolio_and_backup(dir.path());
    let big = dir.path().join("big-pages.db");
    std::fs::copy(&good, &big).unwrap();
    sql(&big, "PRAGMA journal_mode = DELETE; PRAGMA page_size = 65536; VACUUM;");
    let before = bytes(&db);
    let out = radar(&db, &data, &["restore", big.to_str().unwrap(), "--yes"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("big-pages.db") && err.contains("page size") && err.contains("65536"), "{err}");
    assert!(!err.contains("read-only"), "{err}");
    assert!(bytes(&db) == before);
    assert!(files_in(&backups_dir(&data)).is_empty(), "refused before anything was written");
}

/// The live file with a planted trigger is refused by every command, and a restore of a
/// good backup over it repairs it (its content kept aside first).
#[test]
fn restore_repairs_a_live_file_whose_schema_is_not_ours() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data, good) = portfolio_and_backup(dir.path());
    sql(
        &db,
        "CREATE TRIGGER eat AFTER INSERT ON touchpoint BEGIN DELETE FROM touchpoint WHERE id = new.id; END;",
    );
    let out = radar(&db, &data, &["triage"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = radar(&db, &data, &["restore", good.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = radar(&db, &data, &["triage", "--limit", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(files_in(&backups_dir(&data)).iter().any(|n| n.contains("before-restore")));
}

/// Indexes missing after an interrupted bulk import are not a reason to refuse a file
/// (they are rebuilt); the file opens and restores.
#[test]
fn a_file_missing_an_index_still_opens_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let (db, data, good) = portfolio_and_backup(dir.path());
    let thin = dir.path().join("thin.db");
    std::fs::copy(&good, &thin).unwrap();
    sql(&thin, "DROP INDEX touchpoint_contact;");
    let out = radar(&thin, &data, &["triage", "--limit", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = radar(&db, &data, &["restore", thin.to_str().unwrap(), "--yes"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
