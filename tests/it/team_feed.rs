//! Team mode, the change feed (issue 18 item 4, design note §5): the accounts other
//! sessions change arrive by id; after the connection is lost the feed says so, reconnects
//! by itself and reports what changed meanwhile (catch-up by seq and xid).
//! Skipped with a notice without `RADAR_TEST_PG`.

use crate::support::db::TestDb;
use radar::domain::AccountId;
use radar::store::StoreError;
use radar::store::pg::{ChangeFeed, Changes, TeamTarget};
use std::sync::Arc;
use std::sync::atomic::AtomicI32;
use std::time::Duration;

fn feed_as(db: &TestDb, who: &str) -> ChangeFeed {
    // The password rides in the config of the test's own connection, not the environment.
    let target = TeamTarget::parse(&db.url(who)).unwrap();
    ChangeFeed::connect_with_password(&target, &db.password(who)).unwrap()
}

/// Polls until something other than "nothing" comes (or 10 s pass).
fn next(feed: &mut ChangeFeed) -> Result<Changes, StoreError> {
    for _ in 0..20 {
        match feed.poll(Duration::from_millis(500)) {
            Ok(Changes::None) => continue,
            other => return other,
        }
    }
    Ok(Changes::None)
}

#[test]
fn another_csms_commit_arrives_as_its_account_id() {
    let Some(db) = TestDb::postgres() else { return };
    let a = db.account("Alice's", "alice");
    let _b = db.account("Bob's", "bob");
    let mut feed = feed_as(&db, "bob");
    assert_eq!(feed.poll(Duration::from_millis(50)).unwrap(), Changes::None);
    let mut alice = db.connect("alice");
    alice.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&a]).unwrap();
    assert_eq!(next(&mut feed).unwrap(), Changes::Accounts(vec![AccountId(a)]));
}

/// Sequence order is not commit order: alice's transaction takes its seq before carol's
/// and commits after the feed has seen carol's and then lost its connection. The catch-up
/// still finds alice's change (by xid, where the seq alone would miss it).
#[test]
fn a_lost_connection_is_reported_then_caught_up_by_itself() {
    let Some(db) = TestDb::postgres() else { return };
    let a = db.account("Alice's", "alice");
    let c = db.account("Carol's", "carol");
    let mut feed = feed_as(&db, "dave");
    let mut alice = db.connect("alice");
    let mut carol = db.connect("carol");
    let mut early = alice.transaction().unwrap();
    early.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&a]).unwrap();
    carol.execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&c]).unwrap();
    assert_eq!(next(&mut feed).unwrap(), Changes::Accounts(vec![AccountId(c)]));
    let pid = feed.backend_pid().unwrap();
    db.connect("postgres").execute("SELECT pg_terminate_backend($1)", &[&pid]).unwrap();
    early.commit().unwrap();
    let err = next(&mut feed).unwrap_err();
    assert!(matches!(err, StoreError::Unreachable { .. }), "{err:?}");
    assert!(feed.down_since().is_some());
    let mut seen = Vec::new();
    for _ in 0..40 {
        match feed.poll(Duration::from_millis(250)) {
            Ok(Changes::Accounts(ids)) => seen.extend(ids),
            Ok(Changes::All) => panic!("a handful of changes is not 'reload all'"),
            Ok(Changes::None) | Err(StoreError::Unreachable { .. }) => {}
            Err(e) => panic!("{e}"),
        }
        if feed.down_since().is_none() && !seen.is_empty() {
            break;
        }
    }
    assert!(seen.contains(&AccountId(a)), "alice's late commit was missed: {seen:?}");
    assert!(feed.down_since().is_none());
}

/// What the dashboard's own workers commit is already on its screen: the feed skips the
/// notifications of its own sessions and still hears everyone else's.
#[test]
fn the_dashboards_own_commits_are_not_heard_back() {
    use radar::domain::{Edit, TouchKind, Touchpoint, TouchpointId};
    let Some(db) = TestDb::postgres() else { return };
    let mine = db.account("成都天府云图信息技术有限公司", "bob");
    let theirs = db.account("Bob's other 🚀", "bob");
    let mut store = db.store("bob");
    let mut feed = feed_as(&db, "bob");
    feed.skip_sessions(vec![Arc::new(AtomicI32::new(store.team_session().unwrap()))]);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let call = Edit::SaveTouchpoint(Touchpoint {
        id: TouchpointId(0),
        account_id: AccountId(mine),
        date: today,
        kind: TouchKind::Call,
        contact_id: None,
        note: "own call 自己".into(),
        version: 0,
    });
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    radar::refresh::apply(&mut store, &call, now, &Default::default()).unwrap();
    db.connect("postgres")
        .execute("UPDATE account SET version = version + 1 WHERE id = $1", &[&theirs])
        .unwrap();
    assert_eq!(next(&mut feed).unwrap(), Changes::Accounts(vec![AccountId(theirs)]));
}

/// A rate set (or removed) and a churn reason marked fixed change what every dashboard
/// sums without touching an account: the feed says "everything" (the totals were left at
/// the old rate until C-r; team trial, session 33). A CSM who may not set rates is told
/// that a lead does it, not PostgreSQL's row-security message.
#[test]
fn a_rate_set_by_the_lead_reaches_every_dashboard() {
    let Some(db) = TestDb::postgres() else { return };
    let _a = db.account("Alice's", "alice");
    let mut feed = feed_as(&db, "alice");
    assert_eq!(feed.poll(Duration::from_millis(50)).unwrap(), Changes::None);
    let set = db.radar("dave", None, &["fx", "set", "USD", "7.25", "--from", "2026-11-01"]);
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    assert_eq!(next(&mut feed).unwrap(), Changes::All, "the rate");
    let fixed = db.radar("dave", None, &["winback", "fixed", "price"]);
    assert!(fixed.status.success(), "{}", String::from_utf8_lossy(&fixed.stderr));
    assert_eq!(next(&mut feed).unwrap(), Changes::All, "the fixed reason");
    let refused = db.radar("bob", None, &["fx", "set", "EUR", "7.8", "--from", "2026-01-01"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && said.contains("only a team lead can set or remove exchange rates"),
        "{said}"
    );
    assert!(!said.contains("row-level security"), "{said}");
}
