//! Team mode, moving books (issue 18 items 5 and 7): `radar team import-solo` (one
//! transaction, counts, nothing partially moved) and `radar team pull` (what the user may
//! see, into the solo format). PostgreSQL tests skip with a notice without `RADAR_TEST_PG`.

use crate::support::BIN;
use crate::support::db::TestDb;
use std::path::Path;
use std::process::Command;

fn solo(dir: &Path, accounts: &str) -> std::path::PathBuf {
    let file = dir.join("solo.db");
    let out = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", accounts])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

fn export(file: &Path) -> Vec<u8> {
    let out = Command::new(BIN)
        .args(["--db", file.to_str().unwrap(), "--today", "2026-11-22", "export", "--format", "json"])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn accounts(db: &TestDb) -> i64 {
    db.connect("postgres").query_one("SELECT count(*) FROM account", &[]).unwrap().get(0)
}

/// A solo book moved in and pulled out again is the same book (its JSON export is
/// byte-identical); another team's CSM pulls none of it.
#[test]
fn import_solo_then_pull_round_trips_and_respects_row_security() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = solo(dir.path(), "25");
    // Every kind of record goes along, referrals (转介绍) too, their contact link kept.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "INSERT INTO referral (account_id, contact_id, prospect, date, stage, stage_on, note) \
             SELECT account_id, id, '成都天府云图信息技术有限公司 🚀', '2026-11-01', 'introduced', '2026-11-10', 'via 王总' \
             FROM contact ORDER BY id LIMIT 1",
            [],
        )
        .unwrap();
    // In a team database an account's owner is its owner's login (row security keys on it):
    // the solo book names alice already, so the round trip is exact.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute("UPDATE account SET owner = ?1", [db.login("alice")])
        .unwrap();
    let out = db.radar(
        "dave",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("account") && said.contains("25"), "{said}");
    assert_eq!(accounts(&db), 25);
    let mine = dir.path().join("alice.db");
    let out = db.radar("alice", None, &["team", "pull", "--out", mine.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(export(&mine), export(&file), "the pulled book differs from the solo one");
    assert!(
        String::from_utf8(export(&mine)).unwrap().contains("成都天府云图信息技术有限公司 🚀"),
        "the referral came along"
    );
    // Bob (same team) may read it all; erin (another team) gets an empty book.
    let bobs = dir.path().join("bob.db");
    assert!(db.radar("bob", None, &["team", "pull", "--out", bobs.to_str().unwrap()]).status.success());
    assert_eq!(export(&bobs), export(&file));
    let erins = dir.path().join("erin.db");
    assert!(db.radar("erin", None, &["team", "pull", "--out", erins.to_str().unwrap()]).status.success());
    let text = String::from_utf8(export(&erins)).unwrap();
    assert!(text.contains("\"accounts\": []"), "{}", &text[..text.len().min(400)]);
    // A pull never overwrites a file.
    let again = db.radar("alice", None, &["team", "pull", "--out", mine.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

/// A row PostgreSQL refuses (a NUL in a text, which SQLite stores) near the end of the
/// file: the whole move is refused, naming the column, and nothing was moved.
#[test]
fn import_solo_is_all_or_nothing() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = solo(dir.path(), "10");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute(
        "UPDATE touchpoint SET note = 'a' || char(0) || 'b' WHERE id = (SELECT max(id) FROM touchpoint)",
        [],
    )
    .unwrap();
    drop(conn);
    let out = db.radar(
        "dave",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("note") && err.contains("NUL"), "{err}");
    assert_eq!(accounts(&db), 0);
    let logged: i64 =
        db.connect("postgres").query_one("SELECT count(*) FROM change_log", &[]).unwrap().get(0);
    assert_eq!(logged, 0, "the change log rolled back too");
}

#[test]
fn a_csm_cannot_import_into_someone_elses_portfolio() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = solo(dir.path(), "3");
    let out = db.radar(
        "alice",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("bob")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("you may not import accounts for"), "{err}");
    assert_eq!(accounts(&db), 0);
    let out =
        db.radar("alice", None, &["team", "import-solo", "/nonexistent/x.db", "--owner", &db.login("alice")]);
    assert_eq!(out.status.code(), Some(2));
}

/// In a team database the owner every reader shows is the owner's login: a file's or a
/// form's owner text cannot claim an account, and `team assign` moves the name with it.
#[test]
fn the_owner_shown_is_the_owning_login_and_follows_assign() {
    let Some(db) = TestDb::postgres() else { return };
    let id = db.account("成都天府云图信息技术有限公司", "alice");
    let owner = |db: &TestDb| -> String {
        db.connect("postgres").query_one("SELECT owner FROM account WHERE id = $1", &[&id]).unwrap().get(0)
    };
    let set = "UPDATE account SET owner = 'Someone Else', tier = 'mid' WHERE id = $1";
    db.connect("postgres").execute(set, &[&id]).unwrap();
    assert_eq!(owner(&db), db.login("alice"));
    let out = db.radar("dave", None, &["team", "assign", &id.to_string(), &db.login("bob")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(owner(&db), db.login("bob"));
    // `--mine` is the login: bob's agenda covers it without any [user] setting.
    let out = db.radar("bob", None, &["--today", "2026-11-22", "triage", "--mine"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("成都天府云图信息技术有限公司"));
}

/// Rows far apart (ids in different COPY chunks) keep their links when renumbered: every
/// contact and touchpoint lands under the account it belonged to, every touchpoint with
/// the contact it named.
#[test]
fn import_solo_keeps_links_across_chunks_of_sparse_ids() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = solo(dir.path(), "6");
    let conn = rusqlite::Connection::open(&file).unwrap();
    // The last account and its contacts move far up (foreign keys are off on this raw
    // connection, so the children are renumbered by hand); a touchpoint names a contact.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE touchpoint SET contact_id = (SELECT min(id) FROM contact c WHERE c.account_id = touchpoint.account_id);
         CREATE TEMP TABLE last AS SELECT max(id) AS id FROM account;
         UPDATE account SET id = id + 90000 WHERE id = (SELECT id FROM last);",
    )
    .unwrap();
    for t in [
        "term",
        "contact",
        "promise",
        "requirement",
        "complaint",
        "touchpoint",
        "usage",
        "milestone",
        "task",
        "referral",
    ] {
        conn.execute(
            &format!(
                "UPDATE {t} SET account_id = account_id + 90000 WHERE account_id = (SELECT id FROM last)"
            ),
            [],
        )
        .unwrap();
    }
    conn.execute_batch(
        "UPDATE touchpoint SET contact_id = contact_id + 50000; UPDATE contact SET id = id + 50000;",
    )
    .unwrap();
    // 成都 and emoji in a note that rides along.
    conn.execute(
        "UPDATE touchpoint SET note = note || ' 成都 🚀' WHERE id = (SELECT min(id) FROM touchpoint)",
        [],
    )
    .unwrap();
    let links = "SELECT a.name, t.note, coalesce(c.name, '-') FROM touchpoint t JOIN account a ON a.id = t.account_id \
                 LEFT JOIN contact c ON c.id = t.contact_id AND c.account_id = t.account_id ORDER BY 1, 2, 3";
    let solo_links: Vec<(String, String, String)> = conn
        .prepare(links)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    drop(conn);
    assert!(solo_links.iter().all(|l| l.2 != "-"), "the fixture links every touchpoint");
    let out = db.radar(
        "dave",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut su = db.connect("postgres");
    let moved: Vec<(String, String, String)> =
        su.query(links, &[]).unwrap().iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    assert_eq!(moved, solo_links);
    assert!(moved.iter().any(|l| l.1.contains("成都 🚀")));
    let terms: i64 = su
        .query_one("SELECT count(*) FROM term t JOIN account a ON a.id = t.account_id", &[])
        .unwrap()
        .get(0);
    let solo_terms: i64 = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row("SELECT count(*) FROM term", [], |r| r.get(0))
        .unwrap();
    assert_eq!(terms, solo_terms);
}

/// A refusal after every table has gone in (a CSM's file carries exchange rates, which
/// only a lead may add): the whole move rolls back.
#[test]
fn a_refusal_after_the_last_table_leaves_nothing_moved() {
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = solo(dir.path(), "5");
    let out = db.radar(
        "alice",
        None,
        &["team", "import-solo", file.to_str().unwrap(), "--owner", &db.login("alice")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only a team lead may add"), "{err}");
    assert_eq!(accounts(&db), 0);
    let mut su = db.connect("postgres");
    for t in ["contact", "milestone", "touchpoint", "change_log"] {
        let n: i64 = su.query_one(&format!("SELECT count(*) FROM {t}"), &[]).unwrap().get(0);
        assert_eq!(n, 0, "{t} kept rows");
    }
}

/// Child rows' write policies call no function per row: a PL/pgSQL SECURITY DEFINER call
/// per inserted row made a bulk move six times slower (is_lead() and co_owned() are
/// initplans, run once per statement).
#[test]
fn child_write_policies_call_no_function_per_row() {
    let Some(db) = TestDb::postgres() else { return };
    let mut su = db.connect("postgres");
    let rows = su
        .query(
            "SELECT tablename::text, policyname::text, coalesce(qual, '') || ' ' || coalesce(with_check, '') \
             FROM pg_policies WHERE schemaname = 'radar' AND policyname IN ('ins', 'upd', 'del') \
             AND tablename <> 'account'",
            &[],
        )
        .unwrap();
    assert!(rows.len() >= 33, "{} policies", rows.len());
    for r in rows {
        let (t, p, text): (String, String, String) = (r.get(0), r.get(1), r.get(2));
        assert!(!text.contains("can_write("), "{t}.{p} calls can_write per row: {text}");
    }
}

/// A CSM's session plans without JIT: row security's subplans priced the portfolio query
/// past `jit_above_cost`, and compiling it took seconds on every load.
#[test]
fn team_sessions_do_not_jit_compile() {
    let Some(db) = TestDb::postgres() else { return };
    let mut alice = db.connect("alice");
    let jit: String = alice.query_one("SHOW jit", &[]).unwrap().get(0);
    assert_eq!(jit, "off");
}
