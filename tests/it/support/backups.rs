//! Helpers for the backup and restore tests: radar with a private data dir, a demo
//! portfolio, a damaged file, the backups folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::BIN;

/// radar with a private data dir and `[backup] keep = 1` (a manual backup keeps 2).
pub fn radar(db: &Path, data: &Path, args: &[&str]) -> Output {
    command(db, data, args).output().expect("radar runs")
}

pub fn command(db: &Path, data: &Path, args: &[&str]) -> Command {
    let config = data.join("config.toml");
    if !config.exists() {
        std::fs::create_dir_all(data).unwrap();
        std::fs::write(&config, "[backup]\nkeep = 1\n").unwrap();
    }
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", "en"])
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env("RADAR_CONFIG", &config)
        .stdin(Stdio::null());
    c
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn demo(db: &Path, data: &Path, accounts: &str) {
    let out = radar(db, data, &["demo", "--accounts", accounts]);
    assert!(out.status.success(), "{}", stderr(&out));
}

pub fn sql(db: &Path, batch: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(batch).unwrap();
}

pub fn bytes(db: &Path) -> Vec<u8> {
    std::fs::read(db).unwrap()
}

pub fn backups_dir(data: &Path) -> PathBuf {
    data.join("renewal-radar/backups")
}

pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

pub fn quick_check(db: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).unwrap()
}

/// Damages `db` the way a bad disk does: the root page of an index (one the dashboard's
/// list does not read) is overwritten with junk. The tables still read; the file fails
/// `PRAGMA quick_check`.
pub fn corrupt(db: &Path) {
    corrupt_root_of(db, "touchpoint_contact");
}

/// Overwrites the root page of table or index `name` with junk.
pub fn corrupt_root_of(db: &Path, name: &str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    let page: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [name], |r| r.get(0)).unwrap();
    drop(conn);
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(((root - 1) * page) as u64)).unwrap();
    f.write_all(&vec![0xA5; page as usize]).unwrap();
    f.sync_all().unwrap();
    assert_ne!(quick_check(db), "ok", "the file is damaged");
}

/// A live portfolio and a good backup of it, taken with `radar backup --out`.
pub fn portfolio_and_backup(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (db, data) = (dir.join("p.db"), dir.join("data"));
    demo(&db, &data, "30");
    let good = dir.join("good.db");
    let out = radar(&db, &data, &["backup", "--out", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (db, data, good)
}
