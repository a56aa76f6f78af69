//! Crash safety: `radar` doing real work is killed with SIGKILL at random moments.
//! - an edit stream (`radar torture-edits`, which prints `ACK n` only after each commit):
//!   after the kill every acknowledged edit must be in the file;
//! - an import of 50,000 accounts: after the kill it is wholly there or wholly absent.
//!
//! After every kill `PRAGMA integrity_check` must say ok.
//!
//! 100 cycles here (CI); `CRASH_CYCLES=1000 cargo test --release --test crash_safety -- --nocapture`
//! (or `scripts/crash-campaign`) for the long run. The counts are printed at the end.

use radar::demo::Rng;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use crate::support::BIN;
const IMPORT_ROWS: usize = 50_000;

fn radar(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(["--today", "2026-11-22"]).env("RADAR_CONFIG", "/nonexistent/c.toml");
    c.env_remove("LC_ALL").env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1);
    c
}

fn integrity_ok(db: &Path) -> bool {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)).is_ok_and(|s| s == "ok")
}

#[derive(Default, Debug)]
struct Tally {
    cycles: usize,
    edit_cycles: usize,
    acked: u64,
    lost: u64,
    integrity_failures: usize,
    imports_whole: usize,
    imports_absent: usize,
    imports_partial: usize,
}

/// Runs the edit driver, kills it `delay` after its first acknowledged edit (timed from the
/// start, a loaded machine's slow startup ate the whole window and the kill proved nothing),
/// and checks every acknowledged edit.
fn edit_cycle(db: &Path, tag: &str, delay: Duration, t: &mut Tally) {
    let mut child = radar(db)
        .args(["torture-edits", "--count", "1000000", "--tag", tag])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let last = Arc::new(AtomicI64::new(-1));
    let stdout = child.stdout.take().unwrap();
    let seen = Arc::clone(&last);
    let (first_ack, writing) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("ACK ").and_then(|n| n.parse::<i64>().ok()) {
                seen.store(n, Ordering::SeqCst);
                let _ = first_ack.send(());
            }
        }
    });
    // The driver ends only when killed; no ACK within a minute means it failed to start.
    let started = writing.recv_timeout(Duration::from_secs(60));
    assert!(started.is_ok(), "torture-edits acknowledged nothing within 60 s");
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    reader.join().unwrap(); // reads to EOF: every ACK written before the kill is counted
    let acked = last.load(Ordering::SeqCst);
    if !integrity_ok(db) {
        t.integrity_failures += 1;
    }
    if acked < 0 {
        return;
    }
    let c = rusqlite::Connection::open(db).unwrap();
    let notes: std::collections::HashSet<String> = c
        .prepare("SELECT note FROM touchpoint WHERE note LIKE ?1")
        .unwrap()
        .query_map([format!("{tag}-%")], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let owners: std::collections::HashSet<String> = c
        .prepare("SELECT owner FROM account WHERE owner LIKE ?1")
        .unwrap()
        .query_map([format!("{tag}-%")], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let n_accounts: i64 = c.query_row("SELECT count(*) FROM account", [], |r| r.get(0)).unwrap();
    for n in 0..=acked as u64 {
        t.acked += 1;
        let name = format!("{tag}-{n}");
        let present = if n % 3 == 2 {
            // A later edit of the same account may have replaced this owner: then that
            // later one (acknowledged or not) must be there instead.
            owners.contains(&name)
                || (n + 1..=acked as u64 + n_accounts as u64 * 3).any(|m| {
                    m % 3 == 2 && same_account(n, m, n_accounts) && owners.contains(&format!("{tag}-{m}"))
                })
        } else {
            notes.contains(&name)
        };
        if !present {
            t.lost += 1;
            eprintln!("LOST: {name}");
        }
    }
}

/// The driver picks account `(n * 7919) % len` of the portfolio for edit `n`.
fn same_account(a: u64, b: u64, len: i64) -> bool {
    (a * 7919) % len as u64 == (b * 7919) % len as u64
}

fn import_cycle(base: &Path, work: &Path, csv: &Path, delay: Duration, t: &mut Tally) {
    std::fs::copy(base, work).unwrap();
    let mut child = radar(work)
        .args(["import", "accounts"])
        .arg(csv)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
    if !integrity_ok(work) {
        t.integrity_failures += 1;
    }
    let c = rusqlite::Connection::open(work).unwrap();
    let n: i64 = c
        .query_row("SELECT count(*) FROM account WHERE external_id LIKE 'CRASH-%'", [], |r| r.get(0))
        .unwrap();
    match n as usize {
        0 => t.imports_absent += 1,
        IMPORT_ROWS => t.imports_whole += 1,
        _ => t.imports_partial += 1,
    }
}

fn write_csv(path: &Path) {
    let mut s = String::from("external_id,name,arr,renewal_date,tier,industry\n");
    for i in 0..IMPORT_ROWS {
        s.push_str(&format!("CRASH-{i:05},Crash Test Company {i},{},2027-03-01,small,retail\n", 1000 + i));
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn sigkill_at_random_moments_loses_nothing_acknowledged() {
    let cycles: usize = std::env::var("CRASH_CYCLES").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let base: PathBuf = dir.path().join("base.db");
    let ok = radar(&base).args(["demo", "--accounts", "100"]).output().unwrap();
    assert!(ok.status.success());
    let csv = dir.path().join("accounts.csv");
    write_csv(&csv);
    // Calibrate: how long a whole import takes on this machine and build.
    let work = dir.path().join("import.db");
    std::fs::copy(&base, &work).unwrap();
    let start = Instant::now();
    let out = radar(&work).args(["import", "accounts"]).arg(&csv).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let import_time = start.elapsed();

    let edits = dir.path().join("edits.db");
    std::fs::copy(&base, &edits).unwrap();
    let mut rng = Rng::new(std::env::var("CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(42));
    let mut t = Tally::default();
    for i in 0..cycles {
        t.cycles += 1;
        if rng.below(100) < 20 {
            let delay = Duration::from_millis(rng.below(import_time.as_millis() as u64 * 12 / 10 + 1));
            import_cycle(&base, &work, &csv, delay, &mut t);
        } else {
            t.edit_cycles += 1;
            let delay = Duration::from_millis(5 + rng.below(300));
            edit_cycle(&edits, &format!("c{i}"), delay, &mut t);
        }
    }
    eprintln!(
        "crash campaign: {} kill cycles ({} edit streams, {} imports of {IMPORT_ROWS} rows: {} whole, {} absent, {} partial); \
         {} acknowledged edits checked, {} lost; {} integrity failures; a whole import took {:?}",
        t.cycles,
        t.edit_cycles,
        t.imports_whole + t.imports_absent + t.imports_partial,
        t.imports_whole,
        t.imports_absent,
        t.imports_partial,
        t.acked,
        t.lost,
        t.integrity_failures,
        import_time
    );
    assert_eq!(t.lost, 0, "acknowledged edits were lost: {t:?}");
    assert_eq!(t.integrity_failures, 0, "{t:?}");
    assert_eq!(t.imports_partial, 0, "an import was half there: {t:?}");
    assert!(t.acked > 0, "no edit was ever acknowledged: the test proved nothing ({t:?})");
}
