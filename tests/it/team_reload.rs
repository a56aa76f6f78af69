//! Team mode's live refresh reloads the accounts named (issue 18 item 4): when the change
//! feed names accounts, the dashboard reads only their rows (and the open detail), keeps
//! its sort, filters and selection, drops an account reassigned away and adds one assigned
//! to it. Driven through the harness (the app and a synchronous worker); the rows read
//! are counted from the worker's answers. The PostgreSQL test is skipped with a notice
//! without `RADAR_TEST_PG`.

use crate::support::BIN;
use crate::support::db::TestDb;
use chrono::NaiveDate;
use radar::domain::AccountId;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::msg::{Effect, Msg, Reply};
use radar::tui::runtime::harness::Harness;
use std::process::Command;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Sends `msg`, carries out every effect it leads to, and returns the effects asked for
/// and the number of portfolio rows the worker read to answer them.
fn send_counting(h: &mut Harness, msg: Msg) -> (Vec<Effect>, usize) {
    let mut asked = Vec::new();
    let mut read = 0;
    let mut queue = h.update_only(msg);
    while !queue.is_empty() {
        let mut replies = Vec::new();
        for e in queue.drain(..) {
            h.worker.handle(&e, &mut |r| {
                match &r {
                    Reply::Portfolio(l) => read += l.len(),
                    Reply::Accounts { rows, .. } => read += rows.len(),
                    _ => {}
                }
                replies.push(r);
            });
            asked.push(e);
        }
        for r in replies {
            queue.extend(h.app.update(Msg::Db(r)));
        }
    }
    (asked, read)
}

fn owner_of(h: &Harness, id: AccountId) -> Option<String> {
    h.app.portfolio.model.rows().iter().find(|r| r.id == id).map(|r| r.owner.clone())
}

#[test]
fn a_named_account_reloads_its_row_and_detail_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "40"])
        .env("RADAR_CONFIG", "/nonexistent/radar.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut h = Harness::new(Store::open(&db).unwrap(), Lang::En, today(), (200, 50));
    let a = h.app.portfolio.selected_id().unwrap();
    let b = h.app.portfolio.model.rows().iter().map(|r| r.id).find(|id| *id != a).unwrap();
    let b_owner = owner_of(&h, b).unwrap();
    assert_eq!(h.app.detail.current().map(|d| d.facts.account.id), Some(a));

    // Another session changes both accounts; the feed names only `a`. `a` also drops to
    // the bottom of the triage order: the selection follows it.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE account SET owner = '王芳 🚀', version = version + 1 WHERE id IN (?1, ?2)",
        [a.0, b.0],
    )
    .unwrap();
    c.execute("UPDATE risk_cache SET priority = -5 WHERE account_id = ?1", [a.0]).unwrap();
    let (asked, read) = send_counting(&mut h, Msg::Db(Reply::ChangedAccounts(vec![a])));
    assert!(!asked.contains(&Effect::LoadPortfolio), "the whole book was reloaded: {asked:?}");
    assert!(asked.contains(&Effect::LoadDetail(a)), "the open detail was not reloaded: {asked:?}");
    assert_eq!(read, 1, "rows read for one account named");
    assert_eq!(owner_of(&h, a).as_deref(), Some("王芳 🚀"));
    assert_eq!(owner_of(&h, b), Some(b_owner), "an account not named was read again");
    assert_eq!(h.app.portfolio.selected_id(), Some(a), "the selection left the account");
    let last = h.app.portfolio.model.view.len() - 1;
    assert_eq!(h.app.portfolio.cursor.selected, last, "the row did not move to its new place");
    assert_eq!(h.app.detail.current().map(|d| d.facts.account.owner.as_str()), Some("王芳 🚀"));
}

#[test]
fn an_account_reassigned_away_leaves_and_one_assigned_joins() {
    let Some(db) = TestDb::postgres() else { return };
    let kept = db.account("成都天府云图信息技术有限公司", "bob");
    let away = db.account("Away Co 🛫", "bob");
    let coming = db.account("Coming Co", "carol");
    let teammate = db.account("Alice's Co", "alice");
    let mut h = Harness::new(db.store("bob"), Lang::En, today(), (200, 50));
    let ids = |h: &Harness| h.app.portfolio.model.rows().iter().map(|r| r.id.0).collect::<Vec<_>>();
    assert_eq!(ids(&h), [kept, away, teammate]);

    // The lead moves one account from bob to carol (no team) and one from carol to bob;
    // alice renames hers, which the feed does not name here.
    let mut su = db.connect("postgres");
    let (carol, bob) = (db.login("carol"), db.login("bob"));
    let to = "UPDATE account SET owner_login = $1::text::name WHERE id = $2";
    su.execute(to, &[&carol, &away]).unwrap();
    su.execute(to, &[&bob, &coming]).unwrap();
    su.execute("UPDATE account SET name = 'Renamed 改名' WHERE id = $1", &[&teammate]).unwrap();
    let named = vec![AccountId(away), AccountId(coming)];
    let (asked, read) = send_counting(&mut h, Msg::Db(Reply::ChangedAccounts(named)));
    assert!(!asked.contains(&Effect::LoadPortfolio), "the whole book was reloaded: {asked:?}");
    assert_eq!(read, 1, "rows read: only the account that joined exists for bob");
    assert_eq!(ids(&h), [kept, coming, teammate]);
    let name = |id: i64| h.app.portfolio.model.rows().iter().find(|r| r.id.0 == id).unwrap().name.clone();
    assert_eq!(name(teammate), "Alice's Co", "an account not named was read again");
    assert_eq!(name(coming), "Coming Co");
}
