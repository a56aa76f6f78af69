//! Team mode's concurrency acceptance (issue 18): 20 writer processes as 5 users (four
//! each: alice and bob of team east, carol alone, erin of west, dave the lead) edit
//! overlapping accounts (owned round-robin, a quarter co-owned by a second user) for 60 s
//! through `radar torture-edits --seconds`, which prints `ACK n` after each commit, reloads
//! and retries a stale edit (what the "changed elsewhere" screen lets a user do) and leaves
//! alone the accounts it reads but may not write.
//!
//! Checked afterwards on the server: every acknowledged touchpoint is there exactly once,
//! on an account its writer may write, and nothing unacknowledged is; the accounts'
//! versions moved on by exactly the number of acknowledged account edits (a lost update
//! would leave one fewer) and each account's last value is an acknowledged edit; no
//! deadlock or serialization failure reached a user (stderr). The totals are printed.
//! `RADAR_TEAM_WRITERS_SECONDS` shortens the run while working on it.
//! Skipped with a notice without `RADAR_TEST_PG`.

use crate::support::db::TestDb;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::{Command, Stdio};
use std::time::Instant;

const USERS: [&str; 5] = ["alice", "bob", "carol", "erin", "dave"];
const PER_USER: usize = 4;
const ACCOUNTS: usize = 40;

/// A solo demo file of `n` accounts.
fn solo(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let file = dir.join("solo.db");
    let out = Command::new(crate::support::BIN)
        .args(["--db", file.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", &n.to_string()])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

/// Imports the demo as alice's, then the lead hands accounts round the five users and
/// makes every fourth co-owned by the next user (so writers of two users overlap there).
fn book(db: &TestDb, dir: &std::path::Path) -> Vec<i64> {
    let file = solo(dir, ACCOUNTS);
    let out = db.radar(
        "postgres",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids: Vec<i64> = db
        .connect("postgres")
        .query("SELECT id FROM account ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids.len(), ACCOUNTS);
    for (i, id) in ids.iter().enumerate() {
        let id = id.to_string();
        let owner = USERS[i % USERS.len()];
        let mut moves = Vec::new();
        if owner != "alice" {
            moves.push(vec!["team".to_string(), "assign".into(), id.clone(), db.login(owner)]);
        }
        if i % 4 == 0 {
            let co = db.login(USERS[(i + 1) % USERS.len()]);
            moves.push(vec!["team".into(), "assign".into(), id.clone(), co, "--co-owner".into()]);
        }
        for m in moves {
            let args: Vec<&str> = m.iter().map(String::as_str).collect();
            let out = db.radar("dave", None, &args);
            assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    ids
}

/// Who may write each account: its owner and co-owners (the lead writes all).
fn writers_of(db: &TestDb) -> HashMap<i64, BTreeSet<String>> {
    let mut su = db.connect("postgres");
    let mut out: HashMap<i64, BTreeSet<String>> = HashMap::new();
    for r in su
        .query(
            "SELECT id, owner_login::text FROM account UNION SELECT account_id, login::text FROM co_owner",
            &[],
        )
        .unwrap()
    {
        out.entry(r.get(0)).or_default().insert(r.get(1));
    }
    out
}

fn versions(db: &TestDb) -> BTreeMap<i64, (i64, String)> {
    db.connect("postgres")
        .query("SELECT id, version, region FROM account", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2))))
        .collect()
}

#[test]
fn twenty_writers_as_five_users_lose_nothing_and_never_see_a_deadlock() {
    let Some(db) = TestDb::postgres() else { return };
    // Not beside the other heavy multi-process tests: their own timeouts would feel the load.
    let _heavy = crate::support::heavy();
    let seconds: u64 =
        std::env::var("RADAR_TEAM_WRITERS_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let dir = tempfile::tempdir().unwrap();
    book(&db, dir.path());
    let may_write = writers_of(&db);
    let before = versions(&db);

    let start = Instant::now();
    let mut writers = Vec::new();
    for who in USERS {
        for k in 0..PER_USER {
            let tag = format!("{who}{k}");
            let out = std::fs::File::create(dir.path().join(format!("{tag}.out"))).unwrap();
            let err = std::fs::File::create(dir.path().join(format!("{tag}.err"))).unwrap();
            let secs = seconds.to_string();
            let child = db
                .radar_cmd(
                    who,
                    None,
                    &[
                        "--today",
                        "2026-11-22",
                        "torture-edits",
                        "--count",
                        "100000000",
                        "--seconds",
                        &secs,
                        "--tag",
                        &tag,
                    ],
                )
                .stdout(Stdio::from(out))
                .stderr(Stdio::from(err))
                .spawn()
                .unwrap();
            writers.push((who, tag, child));
        }
    }
    // Tag → the edits its writer was told are saved.
    let mut acked: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (who, tag, mut child) in writers {
        let status = child.wait().unwrap();
        let out = std::fs::read_to_string(dir.path().join(format!("{tag}.out"))).unwrap();
        let err = std::fs::read_to_string(dir.path().join(format!("{tag}.err"))).unwrap();
        let lower = err.to_lowercase();
        for bad in ["deadlock", "could not serialize", "busy", "serializ"] {
            if lower.contains(bad) {
                failures.push(format!("{tag} ({who}) told its user: {err}"));
            }
        }
        if !status.success() {
            failures.push(format!("{tag} ({who}) failed ({status}): {err}"));
        }
        let ns: BTreeSet<u64> = out.lines().filter_map(|l| l.strip_prefix("ACK ")?.parse().ok()).collect();
        let done = out.lines().find(|l| l.starts_with("DONE")).unwrap_or("no DONE line");
        println!("{tag:>7} as {who:<5}: {:>5} acknowledged edits ({done})", ns.len());
        acked.insert(tag, ns);
    }
    let elapsed = start.elapsed();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let total: usize = acked.values().map(BTreeSet::len).sum();
    println!("{total} acknowledged edits by 20 writers in {elapsed:.1?} ({seconds} s of editing)");

    // Touchpoints: every acknowledged one (edits n % 3 != 2) exactly once, nothing else,
    // each on an account its writer may write.
    let mut su = db.connect("postgres");
    let mut found: BTreeMap<(String, u64), i64> = BTreeMap::new();
    for r in su.query("SELECT note, account_id FROM touchpoint", &[]).unwrap() {
        let note: String = r.get(0);
        let Some((tag, n)) = note.rsplit_once('-') else { continue };
        let (Some(_), Ok(n)) = (acked.get(tag), n.parse::<u64>()) else { continue };
        let account: i64 = r.get(1);
        let who = &tag[..tag.len() - 1];
        assert!(
            who == "dave" || may_write[&account].contains(&db.login(who)),
            "{note} was written on account {account}, which {who} may not write"
        );
        assert!(found.insert((tag.to_string(), n), account).is_none(), "{note} saved twice");
    }
    let mut lost = Vec::new();
    for (tag, ns) in &acked {
        for n in ns.iter().filter(|n| *n % 3 != 2) {
            if !found.contains_key(&(tag.clone(), *n)) {
                lost.push(format!("{tag}-{n}"));
            }
        }
    }
    assert!(lost.is_empty(), "acknowledged touchpoints missing: {lost:?}");
    let unacked: Vec<_> =
        found.keys().filter(|(t, n)| !acked[t].contains(n)).map(|(t, n)| format!("{t}-{n}")).collect();
    assert!(unacked.is_empty(), "saved but never acknowledged: {unacked:?}");

    // Account edits: each acknowledged one moved its account's version on by one. A lost
    // update (two writers both "saving" on one version) would leave the sum short.
    let after = versions(&db);
    let moved: i64 = after.iter().map(|(id, (v, _))| v - before[id].0).sum();
    let account_edits = acked.values().flatten().filter(|n| *n % 3 == 2).count() as i64;
    println!("{account_edits} acknowledged account edits; versions moved on by {moved}");
    assert_eq!(moved, account_edits, "account versions against acknowledged account edits");
    // torture-edits marks an account edit in its region (the owner is the owning login).
    for (id, (v, region)) in &after {
        if *v == before[id].0 {
            continue;
        }
        let ok = region
            .rsplit_once('-')
            .and_then(|(tag, n)| Some(acked.get(tag)?.contains(&n.parse().ok()?)))
            .unwrap_or(false);
        assert!(ok, "account {id} holds {region:?}, not an acknowledged edit");
    }
}
