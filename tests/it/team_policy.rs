//! Team mode, row security (issue 18 item 2, design note §3) on a real PostgreSQL: what
//! each CSM reads and writes, checked with their own logins (scram passwords).
//! Skipped with a notice without `RADAR_TEST_PG` (run `scripts/with-postgres cargo test`).

use crate::support::db::TestDb;
use postgres::fallible_iterator::FallibleIterator;

fn names(c: &mut postgres::Client, sql: &str) -> Vec<String> {
    c.query(sql, &[]).unwrap().iter().map(|r| r.get(0)).collect()
}

fn state(c: &mut postgres::Client, tbl: &str, id: i64) -> (bool, bool) {
    let r = c.query_one("SELECT present, writable FROM row_state($1, $2)", &[&tbl, &id]).unwrap();
    (r.get(0), r.get(1))
}

/// The book of the tests: alice and bob in team east, erin in west, carol alone.
fn book(db: &TestDb) -> [i64; 4] {
    let a = db.account("Alice 成都天府云图信息技术有限公司", "alice");
    let b = db.account("Bob 🚀", "bob");
    let e = db.account("Erin West", "erin");
    let c = db.account("Carol Solo", "carol");
    for (acc, n) in [(a, "A-contact"), (b, "B-contact"), (e, "E-contact"), (c, "C-contact")] {
        db.contact(acc, n);
    }
    [a, b, e, c]
}

#[test]
fn team_csm_reads_her_team_and_never_another_team_or_its_children() {
    let Some(db) = TestDb::postgres() else { return };
    let [_, _, e, _] = book(&db);
    let mut alice = db.connect("alice");
    assert_eq!(
        names(&mut alice, "SELECT name FROM account ORDER BY id"),
        ["Alice 成都天府云图信息技术有限公司", "Bob 🚀"]
    );
    assert_eq!(names(&mut alice, "SELECT name FROM contact ORDER BY id"), ["A-contact", "B-contact"]);
    // A search by text finds nothing of another team's either.
    assert!(names(&mut alice, "SELECT name FROM contact WHERE name LIKE 'E%'").is_empty());
    assert!(names(&mut alice, "SELECT name FROM account WHERE name LIKE '%West%'").is_empty());
    // Writes to an invisible row touch nothing; row_state says why (present, not hers).
    assert_eq!(alice.execute("UPDATE account SET name = 'x' WHERE id = $1", &[&e]).unwrap(), 0);
    assert_eq!(alice.execute("DELETE FROM contact WHERE account_id = $1", &[&e]).unwrap(), 0);
    assert_eq!(state(&mut alice, "account", e), (true, false));
    assert_eq!(state(&mut alice, "account", 999_999), (false, false));
    let err = alice
        .execute(
            "INSERT INTO contact (account_id, name, role, stance, influence, added_on) \
             VALUES ($1, 'sneak', 'champion', 'supporter', 'high', DATE '2026-01-01')",
            &[&e],
        )
        .unwrap_err();
    let msg = err.as_db_error().unwrap().message().to_string();
    assert!(msg.contains("row-level security"), "{msg}");
    let mut su = db.connect("postgres");
    assert_eq!(names(&mut su, "SELECT name FROM account WHERE name = 'Erin West'"), ["Erin West"]);
}

#[test]
fn a_team_mate_reads_but_does_not_write_and_no_team_means_only_mine() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, b, _, c] = book(&db);
    let mut alice = db.connect("alice");
    assert_eq!(alice.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&a]).unwrap(), 1);
    assert_eq!(alice.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&b]).unwrap(), 0);
    assert_eq!(alice.execute("UPDATE contact SET name = 'x' WHERE account_id = $1", &[&b]).unwrap(), 0);
    assert_eq!(state(&mut alice, "account", b), (true, false));
    assert_eq!(state(&mut alice, "account", a), (true, true));
    let mut carol = db.connect("carol");
    assert_eq!(names(&mut carol, "SELECT name FROM account"), ["Carol Solo"]);
    assert_eq!(state(&mut carol, "contact", c), (true, true));
    // Nobody gives an account away by writing owner_login: only a lead's assign() does.
    let err = alice.execute("UPDATE account SET owner_login = 'postgres' WHERE id = $1", &[&a]).unwrap_err();
    let msg = err.as_db_error().unwrap().message().to_string();
    assert!(msg.contains("permission denied"), "{msg}");
}

#[test]
fn a_lead_reads_and_writes_all() {
    let Some(db) = TestDb::postgres() else { return };
    let [_, _, e, _] = book(&db);
    let mut dave = db.connect("dave");
    assert_eq!(names(&mut dave, "SELECT name FROM account").len(), 4);
    assert_eq!(names(&mut dave, "SELECT name FROM contact").len(), 4);
    assert_eq!(dave.execute("UPDATE contact SET title = 'CTO' WHERE account_id = $1", &[&e]).unwrap(), 1);
}

#[test]
fn reassigning_and_co_owning_move_access_at_once() {
    let Some(db) = TestDb::postgres() else { return };
    let [_, _, e, c] = book(&db);
    let mut alice = db.connect("alice");
    let mut erin = db.connect("erin");
    let mut carol = db.connect("carol");
    let lead = db.radar("dave", None, &["team", "assign", "Erin West", &db.login("alice")]);
    assert!(lead.status.success(), "{}", String::from_utf8_lossy(&lead.stderr));
    assert!(String::from_utf8_lossy(&lead.stdout).contains("now belongs to"));
    // Again: it is hers already, and the lead is told so (it said "now belongs to" again;
    // team trial, session 33), with nothing written to the change log.
    let log = |db: &TestDb| {
        db.connect("postgres").query_one("SELECT count(*) FROM change_log", &[]).unwrap().get::<_, i64>(0)
    };
    let before = log(&db);
    let again = db.radar("dave", None, &["team", "assign", "Erin West", &db.login("alice")]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(said.contains("already belongs to") && said.contains("nothing changed"), "{said}");
    assert_eq!(log(&db), before, "nothing written");
    // The open connections see the change on their next statement.
    assert!(names(&mut alice, "SELECT name FROM account").contains(&"Erin West".to_string()));
    assert_eq!(alice.execute("UPDATE contact SET title = 'VP' WHERE account_id = $1", &[&e]).unwrap(), 1);
    assert!(names(&mut erin, "SELECT name FROM account").is_empty());
    let co = db.radar("dave", None, &["team", "assign", &c.to_string(), &db.login("erin"), "--co-owner"]);
    assert!(co.status.success(), "{}", String::from_utf8_lossy(&co.stderr));
    assert_eq!(names(&mut erin, "SELECT name FROM account"), ["Carol Solo"]);
    assert_eq!(erin.execute("UPDATE contact SET title = 'VP' WHERE account_id = $1", &[&c]).unwrap(), 1);
    assert_eq!(names(&mut carol, "SELECT name FROM account"), ["Carol Solo"], "the owner keeps it");
}

/// `team assign NAME` where two accounts have that very name: refused, both named by id,
/// nothing moved (it moved the first one); the id still assigns.
#[test]
fn assigning_a_name_two_accounts_share_moves_neither() {
    let Some(db) = TestDb::postgres() else { return };
    book(&db);
    let twins = [db.account("成都天府云图 Twin 🚀", "alice"), db.account("成都天府云图 Twin 🚀", "bob")];
    let out = db.radar("dave", None, &["team", "assign", "成都天府云图 Twin 🚀", &db.login("erin")]);
    assert_eq!(out.status.code(), Some(2), "a usage error, as in solo mode");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("2 accounts answer to '成都天府云图 Twin 🚀' (#{}, #{})", twins[0], twins[1])),
        "{err}"
    );
    let mut su = db.connect("postgres");
    let owner = |su: &mut postgres::Client, id: i64| -> String {
        su.query_one("SELECT owner_login::text FROM account WHERE id = $1", &[&id]).unwrap().get(0)
    };
    assert_eq!([owner(&mut su, twins[0]), owner(&mut su, twins[1])], [db.login("alice"), db.login("bob")]);
    let by_id = db.radar("dave", None, &["team", "assign", &twins[1].to_string(), &db.login("erin")]);
    assert!(by_id.status.success(), "{}", String::from_utf8_lossy(&by_id.stderr));
    assert_eq!(owner(&mut su, twins[1]), db.login("erin"));
}

/// `team assign 7` where 7 is one account's id and another's CRM id: refused, both listed
/// by `#id` (it moved the account of id 7 without a word); `#7` is the id alone.
#[test]
fn a_number_that_is_one_accounts_id_and_anothers_crm_id_moves_neither() {
    let Some(db) = TestDb::postgres() else { return };
    book(&db);
    let [by_id, by_crm] = [db.account("Id Holder", "alice"), db.account("CRM Holder", "bob")];
    let mut su = db.connect("postgres");
    su.execute("UPDATE account SET external_id = $1 WHERE id = $2", &[&by_id.to_string(), &by_crm]).unwrap();
    let out = db.radar("dave", None, &["team", "assign", &by_id.to_string(), &db.login("erin")]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("2 accounts answer to '{by_id}' (#{by_id}, #{by_crm})")), "{err}");
    let owners: Vec<String> = su
        .query("SELECT owner_login::text FROM account WHERE id IN ($1, $2) ORDER BY id", &[&by_id, &by_crm])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(owners, [db.login("alice"), db.login("bob")], "nothing moved");
    // No account at all is said so, as in solo mode (it looked for an empty CRM id or name).
    let out = db.radar("dave", None, &["team", "assign", " ", &db.login("erin")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no account given"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = db.radar("dave", None, &["team", "assign", &format!("#{by_crm}"), &db.login("erin")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let moved: String =
        su.query_one("SELECT owner_login::text FROM account WHERE id = $1", &[&by_crm]).unwrap().get(0);
    assert_eq!(moved, db.login("erin"));
}

#[test]
fn only_a_lead_assigns() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, ..] = book(&db);
    let out = db.radar("alice", None, &["team", "assign", &a.to_string(), &db.login("bob")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("only a team lead can assign"), "{err}");
    let mut su = db.connect("postgres");
    let owner: String =
        su.query_one("SELECT owner_login::text FROM account WHERE id = $1", &[&a]).unwrap().get(0);
    assert_eq!(owner, db.login("alice"));
}

/// Every change is logged and announced by account id only (never contents), once per
/// account and transaction, at commit.
#[test]
fn changes_are_logged_and_notified_by_account_id() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, ..] = book(&db);
    let mut listener = db.connect("bob");
    listener.batch_execute("LISTEN radar_changes").unwrap();
    let mut alice = db.connect("alice");
    let mut tx = alice.transaction().unwrap();
    tx.execute("UPDATE contact SET title = 'secret title' WHERE account_id = $1", &[&a]).unwrap();
    tx.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&a]).unwrap();
    tx.commit().unwrap();
    let mut got = Vec::new();
    let mut n = listener.notifications();
    let mut it = n.timeout_iter(std::time::Duration::from_secs(5));
    while let Some(note) = it.next().unwrap() {
        got.push(note.payload().to_string());
        if got.len() == 1 {
            break;
        }
    }
    assert_eq!(got, [a.to_string()]);
    let mut su = db.connect("postgres");
    let logged: i64 =
        su.query_one("SELECT count(*) FROM change_log WHERE account_id = $1 AND tbl IN ('contact', 'account') AND at > now() - interval '1 minute' AND seq > 8", &[&a]).unwrap().get(0);
    assert!(logged >= 2, "{logged}");
}
