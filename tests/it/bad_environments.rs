//! Bad environments: a read-only database, a folder that cannot be written, a full disk,
//! no usable HOME. Each gives one clear message naming the file, the documented exit code,
//! and leaves the file exactly as it was.
//!
//! Running as root, file permissions do not stop us, so the permission cases run radar as
//! `nobody` through setpriv (skipped with a notice when that is impossible). The full disk
//! is a 600 KiB tmpfs when mounting is allowed; the store-level unit test
//! `store::tests::disk_full_changes_nothing` simulates it everywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::BIN;

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// setpriv's arguments that run a command as nobody.
const AS_NOBODY: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];

/// radar as an unprivileged user (nobody) when we are root; as ourselves otherwise.
fn radar_as_user(args: &[&str], envs: &[(&str, &str)]) -> Option<Output> {
    let mut cmd = if is_root() {
        let ok = Command::new("setpriv").arg("--version").output().is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("NOTICE: setpriv not found; skipping a permission case");
            return None;
        }
        let mut c = Command::new("setpriv");
        c.args(AS_NOBODY).arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.args(["--today", "2026-11-22"]).args(args).env("RADAR_CONFIG", "/nonexistent/c.toml");
    cmd.env_remove("LC_ALL").env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    Some(cmd.output().expect("radar runs"))
}

/// A world-readable temp dir (nobody must be able to reach the binary's inputs).
fn open_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    dir
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn demo(db: &Path) {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "demo", "--accounts", "8"])
        .output()
        .unwrap();
    assert!(out.status.success());
}

fn snapshot(db: &Path) -> Vec<u8> {
    std::fs::read(db).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A demo portfolio `shared/p.db` under `dir`, alone in its folder (which a test then
/// makes read-only): (the folder, the file).
fn demo_in_a_folder_of_its_own(dir: &Path) -> (PathBuf, PathBuf) {
    let shared = dir.join("shared");
    std::fs::create_dir(&shared).unwrap();
    let db = shared.join("p.db");
    demo(&db);
    (shared, db)
}

/// Whether a permission case can run here: as root it runs radar as nobody, who must be
/// able to reach the binary; else it says which case it skips.
fn permission_case_runs(case: &str) -> bool {
    let runs = !is_root() || binary_reachable_by_nobody();
    if !runs {
        eprintln!("NOTICE: the binary is not reachable by nobody here; skipping the {case} case");
    }
    runs
}

fn binary_reachable_by_nobody() -> bool {
    // The test binary lives under target/ in the checkout; nobody needs execute rights on
    // every folder above it. If not, the permission cases cannot run here.
    let mut p = PathBuf::from(BIN);
    while let Some(parent) = p.parent() {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(parent) else { return false };
        if meta.permissions().mode() & 0o001 == 0 {
            return false;
        }
        p = parent.to_path_buf();
    }
    true
}

#[test]
fn read_only_database_refuses_writes_clearly_and_stays_intact() {
    if !permission_case_runs("read-only") {
        return;
    }
    let dir = open_dir();
    let db = dir.path().join("p.db");
    demo(&db);
    chmod(&db, 0o444);
    let before = snapshot(&db);
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "name,arr,renewal_date\nNew Co,1000,2027-01-01\n").unwrap();
    chmod(&csv, 0o644);
    let db_s = db.to_str().unwrap();
    let Some(out) = radar_as_user(&["--db", db_s, "import", "accounts", csv.to_str().unwrap()], &[]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("p.db") && err.contains("read-only"), "unclear message: {err}");
    assert_eq!(err.lines().count(), 1, "one message, not a cascade: {err}");
    assert_eq!(snapshot(&db), before, "the file changed");
    // A reading command needs the -shm file beside it too: the same clear message.
    let out = radar_as_user(&["--db", db_s, "triage", "--format", "json"], &[]).unwrap();
    assert!(out.status.success() || stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(snapshot(&db), before, "the file changed");
}

/// A portfolio in a folder this user cannot write (a read-only share): SQLite cannot make
/// the `-shm` file WAL mode needs, yet every reading command still reads it, exactly as
/// from a writable copy; a writing command is refused with the reason; nothing changes.
#[test]
fn reading_commands_work_in_a_read_only_folder() {
    if !permission_case_runs("read-only folder") {
        return;
    }
    let dir = open_dir();
    let (shared, db) = demo_in_a_folder_of_its_own(dir.path());
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    chmod(&copy, 0o666);
    chmod(&db, 0o644);
    chmod(&shared, 0o555);
    let before = snapshot(&db);
    let readers: [&[&str]; 4] = [
        &["report"],
        &["triage", "--format", "json"],
        &["agenda", "--days", "30"],
        &["export", "--format", "json"],
    ];
    for args in readers {
        let run = |db: &Path| {
            let mut all = vec!["--db", db.to_str().unwrap(), "--lang", "en"];
            all.extend_from_slice(args);
            radar_as_user(&all, &[("HOME", "/tmp")])
        };
        let Some(ro) = run(&db) else { return };
        assert!(ro.status.success(), "{args:?}: {}", stderr(&ro));
        let rw = run(&copy).unwrap();
        assert!(rw.status.success(), "{args:?} on the copy: {}", stderr(&rw));
        assert!(
            !ro.stdout.is_empty() && ro.stdout == rw.stdout,
            "{args:?}: the read-only file reads differently"
        );
    }
    let csv = dir.path().join("a.csv");
    std::fs::write(&csv, "name,arr,renewal_date\nNew Co,1000,2027-01-01\n").unwrap();
    chmod(&csv, 0o644);
    let out =
        radar_as_user(&["--db", db.to_str().unwrap(), "import", "accounts", csv.to_str().unwrap()], &[])
            .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(snapshot(&db), before, "the file changed");
    let left: Vec<_> = std::fs::read_dir(&shared).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "nothing created beside it: {left:?}");
    chmod(&shared, 0o755); // let the temp dir be removed
}

#[test]
fn folder_that_cannot_be_written() {
    if !permission_case_runs("folder") {
        return;
    }
    let dir = open_dir();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    chmod(&locked, 0o555);
    let db = locked.join("new.db");
    let Some(out) = radar_as_user(&["--db", db.to_str().unwrap(), "demo", "--accounts", "3"], &[]) else {
        return;
    };
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("new.db") && err.contains("Permission denied"), "{err}");
    assert!(!db.exists());
    assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0, "nothing left behind");
}

#[test]
fn no_home_directory() {
    let dir = open_dir();
    let Some(out) = radar_as_user(&["triage"], &[("HOME", "/nonexistent-home"), ("XDG_DATA_HOME", "")])
    else {
        return;
    };
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("--db"), "the message should say how to proceed: {err}");
    drop(dir);
}

#[test]
fn full_disk_saves_nothing_and_says_so() {
    if !is_root() {
        eprintln!("NOTICE: not root; the tmpfs full-disk case is skipped (the store unit test covers it)");
        return;
    }
    let dir = open_dir();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=600k", "tmpfs"]).arg(&mnt).status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("NOTICE: cannot mount a tmpfs here; the store unit test covers the full disk");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let db = mnt.join("p.db");
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "demo", "--accounts", "600"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("p.db") && err.contains("disk is full"), "{err}");
    assert!(!db.exists(), "a half-built demo was left behind");
    assert_eq!(std::fs::read_dir(&mnt).unwrap().count(), 0);
    // A small portfolio fits; then an import that does not fit changes nothing.
    demo(&db);
    let before = snapshot(&db);
    let filler = mnt.join("filler");
    let free = 600 * 1024 - before.len() - 64 * 1024;
    std::fs::write(&filler, vec![0u8; free.max(1)]).unwrap();
    let csv = dir.path().join("big.csv");
    let mut text = String::from("name,arr,renewal_date,industry\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Filler Company {i} with a long name to take space,{},2027-01-01,{}\n",
            1000 + i,
            "x".repeat(80)
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["--today", "2026-11-22", "import", "accounts"])
        .arg(&csv)
        // Its bare amounts' currency, said: else the import is refused before the disk fills.
        .args(["--currency", "CNY"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("disk is full"), "{}", stderr(&out));
    std::fs::remove_file(&filler).unwrap();
    let after =
        Command::new(BIN).arg("--db").arg(&db).args(["--today", "2026-11-22", "export"]).output().unwrap();
    assert!(after.status.success());
    assert_eq!(
        String::from_utf8_lossy(&after.stdout).matches("Filler Company").count(),
        0,
        "part of the import landed"
    );
}

/// The dashboard with no terminal to take (no tty on stdin, no controlling terminal: a
/// script, cron) on a file that does not exist yet: one message, exit 1, and no file left
/// behind (it created the portfolio, schema and all, then failed).
#[test]
fn no_terminal_leaves_no_new_portfolio_behind() {
    if Command::new("setsid").arg("--version").output().is_err() {
        eprintln!("NOTICE: setsid not found; skipping the no-terminal case");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nothere.db");
    // The dashboard, then `--demo` (which made a demo file before it found no terminal).
    for demo in [&[][..], &["--demo"][..]] {
        let out = Command::new("setsid")
            .args(["--wait", BIN])
            .args(demo)
            .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "--lang", "en"])
            .env("RADAR_CONFIG", "/nonexistent/c.toml")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{demo:?}: {err}");
        assert!(err.contains("cannot open the terminal"), "{err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{demo:?} left behind: {left:?}");
    }
}

/// The dashboard on a portfolio this user may not write, in a folder it may not write,
/// that another tool left in rollback-journal mode: it opens read-only and says so at once
/// (it refused to open: "the database is read-only for this user", CSM trial, session 22),
/// and nothing is written, nothing created beside it.
#[test]
fn the_dashboard_opens_a_read_only_file_in_journal_mode_read_only() {
    use crate::support::tmux::Tmux;
    if !Tmux::available("the read-only dashboard test") || !permission_case_runs("read-only dashboard") {
        return;
    }
    let dir = open_dir();
    let (shared, db) = demo_in_a_folder_of_its_own(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
    drop(conn);
    chmod(&db, 0o444);
    chmod(&shared, 0o555);
    let before = snapshot(&db);
    let user = if is_root() { format!("setpriv {} ", AS_NOBODY.join(" ")) } else { String::new() };
    let home = dir.path().join("home");
    std::fs::create_dir(&home).unwrap();
    chmod(&home, 0o777);
    let t = Tmux::on("read-only-journal", "ro");
    t.new_session(
        120,
        30,
        &format!(
            "{user}env HOME={} RADAR_CONFIG=/nonexistent/c.toml {BIN} --db {} --today 2026-11-22 --lang en; sleep 30",
            home.display(),
            db.display()
        ),
    );
    let s = t.wait_for("the read-only notice", |s| s.contains("Read-only:") || s.contains("read-only for"));
    assert!(s.contains("Read-only:"), "opened read-only, said so:\n{s}");
    assert!(s.contains("Portfolio"), "the portfolio shows:\n{s}");
    // The daily backup reads it too (it was refused, and its failure hid the notice).
    let backups = home.join(".local/share/renewal-radar/backups");
    let s = t.wait_for("the daily backup", |_| std::fs::read_dir(&backups).is_ok_and(|d| d.count() > 0));
    let s = if s.contains("Read-only:") { s } else { t.screen() };
    assert!(s.contains("Read-only:") && !s.contains("backup failed"), "{s}");
    t.send(&["q"]);
    assert_eq!(snapshot(&db), before, "the file changed");
    let left: Vec<_> = std::fs::read_dir(&shared).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 1, "nothing created beside it: {left:?}");
    chmod(&shared, 0o755);
}

/// A copy of a portfolio taken mid-write, in rollback-journal mode, with its hot
/// `-journal`, that this user may not write: reading it as immutable showed the half-written
/// pages (names "HALF-WRITTEN …", review, session 22); now every reader is refused with the
/// reason, and nothing changes.
#[test]
fn a_half_written_file_this_user_cannot_roll_back_is_refused() {
    if !permission_case_runs("half-written read-only") {
        return;
    }
    let dir = open_dir();
    let (shared, db) = demo_in_a_folder_of_its_own(dir.path());
    let writer = rusqlite::Connection::open(&db).unwrap();
    writer.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; BEGIN;").unwrap();
    writer
        .execute_batch(
            "UPDATE account SET name = 'HALF-WRITTEN ' || name; \
             UPDATE touchpoint SET note = 'HALF-WRITTEN ' || note; UPDATE contact SET name = 'HALF-WRITTEN ' || name;",
        )
        .unwrap();
    let copy = shared.join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    let spilled = String::from_utf8_lossy(&snapshot(&copy)).contains("HALF-WRITTEN");
    assert!(spilled, "the write reached the file before its commit (the case to test)");
    let journal = |p: &Path| PathBuf::from(format!("{}-journal", p.display()));
    assert!(std::fs::copy(journal(&db), journal(&copy)).unwrap() > 0, "the write spilled into the file");
    writer.execute_batch("ROLLBACK").unwrap();
    drop(writer);
    for p in [&copy, &journal(&copy)] {
        chmod(p, 0o644);
    }
    chmod(&shared, 0o755);
    let before = snapshot(&copy);
    for args in [&["export", "--format", "json"][..], &["backup"]] {
        let mut all = vec!["--db", copy.to_str().unwrap()];
        all.extend_from_slice(args);
        let Some(out) = radar_as_user(&all, &[("HOME", "/tmp")]) else { return };
        let (stdout, err) = (String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(!stdout.contains("HALF-WRITTEN"), "{args:?} read the half-written pages");
        assert!(!out.status.success(), "{args:?}: {err}");
        assert!(err.contains("its -journal must be rolled back first"), "{args:?}: {err}");
    }
    assert_eq!(snapshot(&copy), before, "the file changed");
}
