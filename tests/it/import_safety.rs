//! Issue 12 on the import path: two imports at once (A6), a full disk during a bulk
//! import (A1), names that would make a second account (B11), errors that name their files
//! (A17), indexes rebuilt when a file is opened (A1), and running out of memory (A7).

use crate::support::BIN;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn radar(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", "en"])
        .env("RADAR_CONFIG", "/nonexistent/c.toml")
        .env_remove("LC_ALL")
        .env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1);
    c
}

fn import(db: &Path, kind: &str, file: &Path) -> Output {
    radar(db).args(["import", kind]).arg(file).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn accounts_csv(path: &Path, n: usize, ids: bool) {
    let mut s =
        String::from(if ids { "external_id,name,arr,renewal_date\n" } else { "name,arr,renewal_date\n" });
    for i in 0..n {
        let name = if i % 3 == 0 {
            format!("成都天府云图{i}号信息技术有限公司")
        } else {
            format!("Company {i} 🚀")
        };
        if ids {
            s.push_str(&format!("C-{i:05},{name},{},2027-03-01\n", 1000 + i));
        } else {
            s.push_str(&format!("{name},{},2027-03-01\n", 1000 + i));
        }
    }
    std::fs::write(path, s).unwrap();
}

fn query(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn index_names(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut v: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    v.sort();
    v
}

/// Two `radar import accounts` of the same file started together (A6): the second waits
/// for the first and plans against its result. Into a new file and an existing one, with
/// and without external ids.
#[test]
fn two_imports_at_once_create_every_account_once() {
    let dir = tempfile::tempdir().unwrap();
    for (case, ids, existing) in [(0, true, false), (1, false, false), (2, true, true), (3, false, true)] {
        let csv = dir.path().join(format!("a{case}.csv"));
        accounts_csv(&csv, 3000, ids);
        let db = dir.path().join(format!("p{case}.db"));
        if existing {
            drop(radar::store::Store::open(&db).unwrap());
        }
        let spawn = || {
            radar(&db)
                .args(["import", "accounts"])
                .arg(&csv)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(a.status.success(), "case {case}: {}", stderr(&a));
        assert!(b.status.success(), "case {case}: {}", stderr(&b));
        let rows = query(&db, "SELECT count(*) FROM account");
        let distinct = query(&db, "SELECT count(DISTINCT name) FROM account");
        assert_eq!((rows, distinct), (3000, 3000), "case {case}: duplicates");
        let mut said = [stdout(&a), stdout(&b)];
        said.sort();
        assert!(said[0].contains("imported: 0 created, 0 updated, 3000 unchanged"), "case {case}: {said:?}");
        assert!(said[1].contains("imported: 3000 created"), "case {case}: {said:?}");
        // And a dry run now says so too.
        let dry = radar(&db).args(["import", "accounts"]).arg(&csv).arg("--dry-run").output().unwrap();
        assert!(stdout(&dry).contains("0 to create, 0 to update, 3000 unchanged"), "{}", stdout(&dry));
    }
}

/// A row whose name is already another account's, under another external id, is refused
/// naming both (B11); two rows of one file naming one account merge into it (issue 14).
/// An account without an id is still recognised by name when a file with ids arrives.
#[test]
fn a_second_account_of_one_name_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "external_id,name,arr,renewal_date\nCD-1,成都天府云图信息技术有限公司,1000,2027-03-01\n,Northwind 🦷,500,2027-01-01\n",
    )
    .unwrap();
    assert!(import(&db, "accounts", &first).status.success());

    let other_id = dir.path().join("other_id.csv");
    std::fs::write(
        &other_id,
        "external_id,name,arr,renewal_date\nCD-2,成都天府云图信息技术有限公司,2000,2027-03-01\n",
    )
    .unwrap();
    let out = import(&db, "accounts", &other_id);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("other_id.csv:2:"), "names the line: {err}");
    assert!(err.contains("'CD-1'") && err.contains("'CD-2'"), "names both accounts: {err}");

    let twice = dir.path().join("twice.csv");
    std::fs::write(
        &twice,
        "name,arr,renewal_date\nAcme \u{1b}[31mRed 🚀,100,2027-01-01\nAcme \u{1b}[31mRed 🚀,100,2027-01-01\n",
    )
    .unwrap();
    // Rows of one file that name one account describe it together (issue 14): merged,
    // later values win, and said with the lines; never two accounts.
    let accounts_before = query(&db, "SELECT count(*) FROM account");
    let out = import(&db, "accounts", &twice);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("1 created"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(": 1, merged, later values win (lines 3)"), "names the merged row: {err}");
    assert!(!err.contains('\u{1b}'), "the name is sanitised: {err:?}");
    assert_eq!(query(&db, "SELECT count(*) FROM account"), accounts_before + 1, "one account, not two");
    let before = radar::store::Store::open(&db).unwrap().dump().unwrap();

    // The existing account without an id matched by name: updated, not duplicated.
    let again = dir.path().join("again.csv");
    std::fs::write(
        &again,
        "name,arr,renewal_date\nNorthwind 🦷,500,2027-01-01\nNorthwind 🦷,500,2027-01-01\n",
    )
    .unwrap();
    let out = import(&db, "accounts", &again);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("0 created"), "the second row is the same Northwind: {}", stdout(&out));
    assert_eq!(radar::store::Store::open(&db).unwrap().dump().unwrap(), before, "nothing changed");

    let adopt = dir.path().join("adopt.csv");
    std::fs::write(&adopt, "external_id,name,arr,renewal_date\nNW-9,Northwind 🦷,600,2027-01-01\n").unwrap();
    let out = import(&db, "accounts", &adopt);
    assert!(stdout(&out).contains("0 created, 1 updated"), "{} {}", stdout(&out), stderr(&out));
    assert_eq!(query(&db, "SELECT count(*) FROM account"), 3, "成都…, Northwind and Acme");
}

/// Renaming an account through its external id to the name another account holds would
/// also make two of one name (found by the import property test): refused, naming both.
#[test]
fn renaming_onto_another_accounts_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let first = dir.path().join("first.csv");
    std::fs::write(
        &first,
        "external_id,name,arr,renewal_date
CD-9,成都天府云图,1000,2027-03-01
,Evil Co,500,2027-01-01
",
    )
    .unwrap();
    assert!(import(&db, "accounts", &first).status.success());
    let before = radar::store::Store::open(&db).unwrap().dump().unwrap();
    let rename = dir.path().join("rename.csv");
    std::fs::write(
        &rename,
        "external_id,name,arr,renewal_date
CD-9,Evil Co,1000,2027-03-01
",
    )
    .unwrap();
    let out = import(&db, "accounts", &rename);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("rename.csv:2:") && err.contains("'CD-9'") && err.contains("Evil Co"), "{err}");
    assert_eq!(radar::store::Store::open(&db).unwrap().dump().unwrap(), before, "nothing was written");
    // A plain rename to a free name still goes through, and later rows find the new name.
    std::fs::write(
        &rename,
        "external_id,name,arr,renewal_date\nCD-9,成都天府云图信息技术有限公司,1000,2027-03-01\n",
    )
    .unwrap();
    assert!(import(&db, "accounts", &rename).status.success());
    let names = dir.path().join("names.csv");
    std::fs::write(&names, "name,arr,renewal_date\n成都天府云图信息技术有限公司,1200,2027-03-01\n").unwrap();
    let out = import(&db, "accounts", &names);
    assert!(stdout(&out).contains("0 created, 1 updated"), "{} {}", stdout(&out), stderr(&out));
}

struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A tmpfs of `kib` KiB at `dir/name`, or None (with a notice) where mounting is not allowed.
fn small_disk(dir: &Path, kib: usize) -> Option<(PathBuf, Unmount)> {
    let mnt = dir.join("small");
    std::fs::create_dir(&mnt).unwrap();
    let is_root =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let mounted = is_root
        && Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&mnt)
            .status()
            .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "NOTICE: cannot mount a tmpfs here; the full-disk bulk import is covered by the store unit test"
        );
        return None;
    }
    Some((mnt.clone(), Unmount(mnt)))
}

/// The disk fills up during the first (bulk) import: "nothing was saved" is true — no
/// file when there was none, the empty portfolio as it was otherwise — the message names
/// both files, and once there is room the same import goes through (A1, A17).
#[test]
fn a_full_disk_during_a_bulk_import_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    accounts_csv(&csv, 6000, true);
    let Some((mnt, _guard)) = small_disk(dir.path(), 2048) else { return };
    let db = mnt.join("k.db");
    let out = import(&db, "accounts", &csv);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("disk is full") && err.contains("k.db") && err.contains("big.csv"), "{err}");
    assert_eq!(std::fs::read_dir(&mnt).unwrap().count(), 0, "no file, no temporary left");

    drop(radar::store::Store::open(&db).unwrap());
    let indexes = index_names(&db);
    let out = import(&db, "accounts", &csv);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("disk is full") && stderr(&out).contains("k.db"), "{}", stderr(&out));
    let c = rusqlite::Connection::open(&db).unwrap();
    assert_eq!(c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).unwrap(), "ok");
    drop(c);
    assert_eq!(index_names(&db), indexes, "every index is still there");
    assert_eq!(query(&db, "SELECT count(*) FROM account"), 0);

    let grown = Command::new("mount")
        .args(["-o", "remount,size=65536k"])
        .arg(&mnt)
        .status()
        .is_ok_and(|s| s.success());
    assert!(grown);
    let out = import(&db, "accounts", &csv);
    assert!(out.status.success(), "a retry with room works: {}", stderr(&out));
    assert_eq!(query(&db, "SELECT count(*) FROM account"), 6000);
    assert_eq!(index_names(&db), indexes);
}

/// Store errors during an import name the database file (and the file being imported):
/// a damaged database, a full disk (above), a read-only file (bad_environments).
#[test]
fn import_errors_name_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("damaged.db");
    let csv = dir.path().join("a.csv");
    accounts_csv(&csv, 50, true);
    assert!(import(&db, "accounts", &csv).status.success());
    radar::store::fold_wal(&db);
    // Scribble over the middle of the file (the account table's pages), keeping the header.
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for b in &mut bytes[4096 * 2..len - 4096] {
        *b = 0xA5;
    }
    std::fs::write(&db, bytes).unwrap();
    let more = dir.path().join("more.csv");
    std::fs::write(&more, "external_id,name,arr,renewal_date\nX-1,New Co,1000,2027-03-01\n").unwrap();
    let out = import(&db, "accounts", &more);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("radar: {}", db.display())), "names the database first: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// A file that lost indexes (as an older Radar's killed bulk import left them) gets them
/// back when opened; a file Radar may only read is still read (A1).
#[test]
fn opening_a_file_rebuilds_missing_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("a.csv");
    accounts_csv(&csv, 200, true);
    assert!(import(&db, "accounts", &csv).status.success());
    let all = index_names(&db);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP INDEX account_name; DROP INDEX milestone_pending; DROP INDEX term_account;")
        .unwrap();
    assert_eq!(index_names(&db).len(), all.len() - 3);
    let out = radar(&db).args(["triage", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(index_names(&db), all, "rebuilt on open");
    // Through the library too, for the dashboard.
    rusqlite::Connection::open(&db).unwrap().execute_batch("DROP INDEX usage_account;").unwrap();
    drop(radar::store::Store::open(&db).unwrap());
    assert_eq!(index_names(&db), all);
    // A file this user may only read cannot be repaired, but is still read.
    rusqlite::Connection::open(&db).unwrap().execute_batch("DROP INDEX account_name;").unwrap();
    radar::store::fold_wal(&db);
    use std::os::unix::fs::PermissionsExt;
    for p in [dir.path(), db.as_path()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let out = as_nobody(&db, &["triage", "--format", "json"]);
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some(out) = out else { return };
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Company 1 🚀"), "{}", stdout(&out));
    assert_eq!(index_names(&db).len(), all.len() - 1, "left as it was");
}

/// `radar` as the unprivileged user nobody (root ignores file permissions), or None with a
/// notice where that cannot be done.
fn as_nobody(db: &Path, args: &[&str]) -> Option<Output> {
    let root =
        Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
    // nobody must be able to reach the binary through every folder above it.
    let reachable = Path::new(BIN).ancestors().skip(1).all(|p| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    });
    if !root || !setpriv || !reachable {
        eprintln!("NOTICE: cannot run radar as another user here; the read-only case is skipped");
        return None;
    }
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN, "--db"])
        .arg(db)
        .args(["--today", "2026-11-22"])
        .args(args)
        .env("RADAR_CONFIG", "/nonexistent/c.toml")
        .output()
        .unwrap();
    Some(out)
}

/// The smallest address-space limit (KiB) under which `radar` runs a small dry run.
fn smallest_limit(db: &Path, tiny: &Path) -> Option<u64> {
    let runs = |kib: u64| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
            .arg(BIN)
            .arg("--db")
            .arg(db)
            .args(["--today", "2026-11-22", "import", "accounts"])
            .arg(tiny)
            .arg("--dry-run")
            .env("RADAR_CONFIG", "/nonexistent/c.toml")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let (mut lo, mut hi) = (1_000u64, 4_000_000u64);
    if !runs(hi) {
        return None;
    }
    while hi - lo > 1_000 {
        let mid = (lo + hi) / 2;
        if runs(mid) { hi = mid } else { lo = mid }
    }
    Some(hi)
}

/// Out of memory (an address-space limit far below what the file needs): one clear line
/// naming both files, exit code 1, no backtrace, no file created (A7).
#[test]
fn running_out_of_memory_says_so_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let tiny = dir.path().join("tiny.csv");
    accounts_csv(&tiny, 3, true);
    let Some(base) = smallest_limit(&db, &tiny) else {
        eprintln!("NOTICE: cannot limit memory with ulimit -v here; skipped");
        return;
    };
    // 48 MiB of text: reading it alone needs more than the 16 MiB of room given.
    let big = dir.path().join("big.csv");
    let mut s = String::from("external_id,name,arr,renewal_date,industry\n");
    let filler = "x".repeat(4000);
    for i in 0..12_000 {
        s.push_str(&format!("M-{i},Memory {i},1000,2027-03-01,{filler}\n"));
    }
    std::fs::write(&big, s).unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", base + 16_384))
        .arg(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "--lang", "en", "import", "accounts"])
        .arg(&big)
        .env("RADAR_CONFIG", "/nonexistent/c.toml")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("radar: out of memory while importing"), "{err}");
    assert!(err.contains("big.csv") && err.contains("p.db"), "{err}");
    assert!(!err.contains("backtrace") && !err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!db.exists(), "nothing was created");
}
