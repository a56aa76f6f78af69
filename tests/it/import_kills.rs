//! The first import of a large file into an empty portfolio (the bulk path: 5,000+ new
//! accounts) killed at random moments with SIGKILL, SIGINT and SIGTERM, into a file that
//! does not exist yet and into an existing empty one. After every kill the file must be
//! whole (every account) or exactly as before (no file; or empty, with its schema and every
//! index), never malformed, never without an index (issue 12, A1: 5 of 40 files were
//! malformed and 12 lost their indexes for good).
//!
//! 100 kills here (`IMPORT_KILLS` to change); `scripts/crash-campaign` runs the long
//! campaign on the release build with 50k-row files.

use crate::support::BIN;
use radar::demo::Rng;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Over `BULK_MIN` (5,000): the bulk path.
fn rows() -> usize {
    std::env::var("IMPORT_KILL_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(6_000)
}

fn radar(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(["--today", "2026-11-22"]).env("RADAR_CONFIG", "/nonexistent/c.toml");
    c
}

fn write_csv(path: &Path, n: usize) {
    let mut s = String::from("external_id,name,arr,renewal_date,contract_start,tier,industry\n");
    for i in 0..n {
        let name = if i % 2 == 0 {
            format!("成都天府云图{i}号有限公司")
        } else {
            format!("Kill Test {i} Ltd 🚀")
        };
        s.push_str(&format!("KILL-{i:06},{name},{},2027-03-01,2026-03-01,small,retail\n", 1000 + i));
    }
    std::fs::write(path, s).unwrap();
}

/// The indexes a fresh Radar file has (read with plain SQLite, not through the store,
/// which would rebuild missing ones on open).
fn index_names(db: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names.sort();
    names
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// No file yet.
    NewFile,
    /// An empty portfolio (schema, indexes, no accounts).
    EmptyFile,
}

#[derive(Debug, Default)]
struct Tally {
    kills: [usize; 3],
    as_before: usize,
    whole: usize,
    partial: usize,
    malformed: usize,
    missing_indexes: usize,
    retries_ok: usize,
    leftovers: usize,
}

/// What the kill left, read with plain SQLite (opening it rolls a hot journal back, as
/// any SQLite program, Radar included, would).
fn inspect(db: &Path, start: Start, expected: &[String], n: usize, t: &mut Tally) -> String {
    if !db.exists() {
        if start == Start::NewFile {
            t.as_before += 1;
            return "as before (no file)".into();
        }
        t.malformed += 1;
        return "the empty portfolio file is gone".into();
    }
    let c = rusqlite::Connection::open(db).unwrap();
    let check: Result<String, _> = c.query_row("PRAGMA integrity_check", [], |r| r.get(0));
    if check.as_deref() != Ok("ok") {
        t.malformed += 1;
        return format!("malformed: {check:?}");
    }
    drop(c);
    let have = index_names(db);
    if have != expected {
        t.missing_indexes += 1;
        return format!("indexes {have:?}, expected {expected:?}");
    }
    let c = rusqlite::Connection::open(db).unwrap();
    let accounts: i64 = c.query_row("SELECT count(*) FROM account", [], |r| r.get(0)).unwrap();
    let scored: i64 = c.query_row("SELECT count(*) FROM risk_cache", [], |r| r.get(0)).unwrap();
    match accounts as usize {
        0 => {
            t.as_before += 1;
            "as before (empty)".into()
        }
        a if a == n && scored as usize == n => {
            t.whole += 1;
            "whole".into()
        }
        a => {
            t.partial += 1;
            format!("partial: {a} accounts, {scored} scores")
        }
    }
}

fn signal(child: &mut Child, which: usize) {
    if which == 0 {
        let _ = child.kill();
    } else {
        let name = if which == 1 { "-INT" } else { "-TERM" };
        let _ = Command::new("kill").arg(name).arg(child.id().to_string()).status();
    }
    let _ = child.wait();
}

fn fresh(dir: &Path, start: Start) -> PathBuf {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_name().to_string_lossy().starts_with("k.db") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let db = dir.join("k.db");
    if start == Start::EmptyFile {
        drop(radar::store::Store::open(&db).unwrap());
    }
    db
}

/// One lane of the campaign: `kills` kills in its own folder; returns what it saw.
fn lane(
    lane: usize,
    kills: usize,
    csv: &Path,
    n: usize,
    expected: &[String],
    whole: Duration,
) -> (Tally, Vec<String>) {
    let work = csv.parent().unwrap().join(format!("lane{lane}"));
    std::fs::create_dir(&work).unwrap();
    let seed: u64 = std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let mut rng = Rng::new(seed + lane as u64);
    let mut t = Tally::default();
    let mut failures = Vec::new();
    for i in 0..kills {
        let start = if i % 2 == 0 { Start::NewFile } else { Start::EmptyFile };
        let db = fresh(&work, start);
        let which = (i + lane) % 3;
        let delay = Duration::from_millis(rng.below(whole.as_millis() as u64 * 11 / 10 + 1));
        let mut child = radar(&db)
            .args(["import", "accounts"])
            .arg(csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        signal(&mut child, which);
        t.kills[which] += 1;
        let state = inspect(&db, start, expected, n, &mut t);
        if !["as before (no file)", "as before (empty)", "whole"].contains(&state.as_str()) {
            failures
                .push(format!("lane {lane} kill {i} ({start:?}, signal {which}, after {delay:?}): {state}"));
        }
        t.leftovers += std::fs::read_dir(&work)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".import-"))
            .count();
        // Now and then: the same import again must go through (a retry after a crash).
        if i % 25 == 24 && state != "whole" {
            let out = radar(&db).args(["import", "accounts"]).arg(csv).output().unwrap();
            let mut scratch = Tally::default();
            let stale = std::fs::read_dir(&work)
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(".import-"))
                .count();
            if out.status.success() && inspect(&db, start, expected, n, &mut scratch) == "whole" && stale == 0
            {
                t.retries_ok += 1;
            } else {
                failures.push(format!(
                    "retry after kill {i} ({stale} temporary files left): {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    (t, failures)
}

#[test]
fn killed_bulk_imports_leave_the_file_as_before_or_whole() {
    let kills: usize = std::env::var("IMPORT_KILLS").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    // Two lanes at once: the campaign takes half the time where there are two cores.
    let lanes: usize =
        std::env::var("IMPORT_KILL_LANES").ok().and_then(|s| s.parse().ok()).unwrap_or(2).max(1);
    let n = rows();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("accounts.csv");
    write_csv(&csv, n);
    let calibrate = dir.path().join("calibrate");
    std::fs::create_dir(&calibrate).unwrap();
    // The indexes of an empty portfolio; and how long whole imports take here, side by side.
    let expected = index_names(&fresh(&calibrate, Start::EmptyFile));
    assert!(expected.len() >= 10, "{expected:?}");
    let started = Instant::now();
    let dbs: Vec<PathBuf> = (0..lanes).map(|l| calibrate.join(format!("c{l}.db"))).collect();
    let children: Vec<Child> =
        dbs.iter().map(|db| radar(db).args(["import", "accounts"]).arg(&csv).spawn().unwrap()).collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let whole = started.elapsed();
    for db in &dbs {
        assert_eq!(inspect(db, Start::NewFile, &expected, n, &mut Tally::default()), "whole");
    }
    let per_lane = kills.div_ceil(lanes);
    let results: Vec<(Tally, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..lanes)
            .map(|l| {
                s.spawn({
                    let (csv, expected) = (&csv, &expected);
                    move || lane(l, per_lane, csv, n, expected, whole)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut t = Tally::default();
    let mut failures = Vec::new();
    for (lt, lf) in results {
        (0..3).for_each(|k| t.kills[k] += lt.kills[k]);
        t.as_before += lt.as_before;
        t.whole += lt.whole;
        t.partial += lt.partial;
        t.malformed += lt.malformed;
        t.missing_indexes += lt.missing_indexes;
        t.retries_ok += lt.retries_ok;
        t.leftovers += lt.leftovers;
        failures.extend(lf);
    }
    let total: usize = t.kills.iter().sum();
    eprintln!(
        "import kill campaign: {total} kills of a {n}-row bulk import in {lanes} lanes (SIGKILL {}, SIGINT {}, SIGTERM {}): \
         {} as before, {} whole, {} partial, {} malformed, {} missing indexes; {} retries ok; \
         temporary files seen after kills {}; whole imports took {whole:?}",
        t.kills[0],
        t.kills[1],
        t.kills[2],
        t.as_before,
        t.whole,
        t.partial,
        t.malformed,
        t.missing_indexes,
        t.retries_ok,
        t.leftovers
    );
    assert!(failures.is_empty(), "{} bad outcomes:\n{}", failures.len(), failures.join("\n"));
    assert!(t.as_before > 0, "no kill landed before the commit: the campaign proved nothing ({t:?})");
}

/// Ctrl-C (and SIGTERM, SIGHUP) while an import builds a new file: the process ends as
/// killed by the signal and removes its half-built `k.db.import-<pid>` and journal first.
/// (A SIGKILL cannot be caught; the campaign above checks the next import removes those.)
#[test]
fn an_interrupted_import_into_a_new_file_leaves_nothing_behind() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("accounts.csv");
    write_csv(&csv, rows());
    for (signal, name) in [(2, "-INT"), (15, "-TERM"), (1, "-HUP")] {
        let db = dir.path().join("k.db");
        let mut child = radar(&db)
            .args(["import", "accounts"])
            .arg(&csv)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let temporary = dir.path().join(format!("k.db.import-{}", child.id()));
        let deadline = Instant::now() + Duration::from_secs(60);
        // Signalled mid-build: once the temporary holds the schema and some rows.
        while std::fs::metadata(&temporary).map_or(true, |m| m.len() < 64 * 1024) {
            assert!(Instant::now() < deadline, "the import never built {}", temporary.display());
            assert!(child.try_wait().unwrap().is_none(), "the import finished before the signal");
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = Command::new("kill").arg(name).arg(child.id().to_string()).status();
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(signal), "{name}: ended by the signal, not {status:?}");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.starts_with("k.db"))
            .collect();
        assert!(left.is_empty(), "{name}: left behind {left:?}");
    }
}
