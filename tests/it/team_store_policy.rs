//! Team mode's row security through the store API (issue 18 item 2; team_policy.rs checks
//! the same at the SQL level): what each CSM's `Store` lists, loads and may change, and
//! that a lead's reassignment moves access at once for stores already open.
//! Skipped with a notice without `RADAR_TEST_PG`.

use crate::support::db::TestDb;
use crate::support::store_edit::{cfg, new_touchpoint, now, today};
use radar::domain::*;
use radar::refresh;
use radar::store::StoreError;

/// alice and bob in team east, erin in west, carol alone: one account each.
fn book(db: &TestDb) -> [AccountId; 4] {
    let a = db.account("Alice 成都天府云图信息技术有限公司", "alice");
    let b = db.account("Bob 🚀", "bob");
    let e = db.account("Erin West", "erin");
    let c = db.account("Carol Solo", "carol");
    for (acc, n) in [(a, "A-contact"), (b, "B-contact"), (e, "E-contact"), (c, "C-contact")] {
        db.contact(acc, n);
    }
    [a, b, e, c].map(AccountId)
}

fn names(s: &radar::store::Store) -> Vec<String> {
    let mut v: Vec<String> = s.portfolio(today()).unwrap().into_iter().map(|r| r.name).collect();
    v.sort();
    v
}

fn touchpoints(db: &TestDb, account: AccountId) -> i64 {
    db.connect("postgres")
        .query_one("SELECT count(*) FROM touchpoint WHERE account_id = $1", &[&account.0])
        .unwrap()
        .get(0)
}

#[test]
fn each_csm_lists_and_loads_only_what_row_security_lets_them_read() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, b, e, c] = book(&db);
    let carol = db.store("carol");
    assert_eq!(names(&carol), ["Carol Solo"]);
    assert!(carol.load_facts(a).unwrap().is_none(), "carol loads alice's account");
    assert!(carol.load_facts(c).unwrap().is_some());
    let alice = db.store("alice");
    assert_eq!(names(&alice), ["Alice 成都天府云图信息技术有限公司", "Bob 🚀"]);
    assert!(alice.load_facts(e).unwrap().is_none(), "another team's account is invisible");
    // Her team-mate's account reads whole, its children too (the policy follows the account).
    let bobs = alice.load_facts(b).unwrap().unwrap();
    assert_eq!(bobs.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["B-contact"]);
    // Everything she could export: no other team's account, no other team's contact.
    let all = alice.load_all_facts().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().flat_map(|f| &f.contacts).all(|c| c.name != "E-contact" && c.name != "C-contact"));
    let dave = db.store("dave");
    assert_eq!(names(&dave).len(), 4, "a lead reads the whole book");
}

#[test]
fn an_edit_of_a_readable_but_not_writable_account_is_not_in_your_portfolio() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, b, e, _] = book(&db);
    let mut alice = db.store("alice");
    // Her own: saved.
    refresh::apply(&mut alice, &Edit::SaveTouchpoint(new_touchpoint(a, None)), now(), &cfg()).unwrap();
    assert_eq!(touchpoints(&db, a), 1);
    // Her team-mate's: readable, not hers to write.
    let err = refresh::apply(&mut alice, &Edit::SaveTouchpoint(new_touchpoint(b, None)), now(), &cfg())
        .unwrap_err();
    assert!(matches!(err, StoreError::NotInPortfolio { .. }), "{err:?}");
    assert!(err.to_string().contains("not in your portfolio"), "{err}");
    let mut account = alice.account(b).unwrap().unwrap();
    account.name = "mine now".into();
    let err =
        refresh::apply(&mut alice, &Edit::SaveAccount { account, term: None }, now(), &cfg()).unwrap_err();
    assert!(matches!(err, StoreError::NotInPortfolio { .. }), "{err:?}");
    assert_eq!(touchpoints(&db, b), 0);
    let name: String =
        db.connect("postgres").query_one("SELECT name FROM account WHERE id = $1", &[&b.0]).unwrap().get(0);
    assert_eq!(name, "Bob 🚀");
    // Another team's (invisible): refused too, and nothing written.
    let err = refresh::apply(&mut alice, &Edit::SaveTouchpoint(new_touchpoint(e, None)), now(), &cfg())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotInPortfolio { .. } | StoreError::Missing { .. }),
        "an invisible account: {err:?}"
    );
    assert_eq!(touchpoints(&db, e), 0);
}

/// Found by the store suite on PostgreSQL: a save that changed only the owner text was
/// "updated" (a new version) while the server's trigger put the owning login back, so
/// the user's edit silently vanished. It is refused, naming the command that moves an
/// account, in the user's language, and nothing is written.
#[test]
fn changing_the_owner_text_in_a_form_is_refused_pointing_to_team_assign() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, ..] = book(&db);
    let mut alice = db.store("alice");
    let before = alice.account(a).unwrap().unwrap();
    let mut account = before.clone();
    account.owner = "bob".into();
    account.industry = "制造业 🏭".into();
    let err =
        refresh::apply(&mut alice, &Edit::SaveAccount { account, term: None }, now(), &cfg()).unwrap_err();
    let StoreError::Refused(refused) = &err else { panic!("{err:?}") };
    let (en, zh) = (refused.render(radar::i18n::Lang::En), refused.render(radar::i18n::Lang::ZhCn));
    assert!(en.contains("radar team assign") && en.contains(&before.owner), "{en}");
    assert!(zh.contains("radar team assign") && zh.contains("未保存"), "{zh}");
    let after = alice.account(a).unwrap().unwrap();
    assert_eq!((after.version, after.industry, after.owner), (before.version, before.industry, before.owner));
    // The same form with the owner left as it is saves.
    let mut account = alice.account(a).unwrap().unwrap();
    account.industry = "制造业 🏭".into();
    refresh::apply(&mut alice, &Edit::SaveAccount { account, term: None }, now(), &cfg()).unwrap();
    assert_eq!(alice.account(a).unwrap().unwrap().industry, "制造业 🏭");
}

#[test]
fn reassigning_moves_access_at_once_for_open_stores() {
    let Some(db) = TestDb::postgres() else { return };
    let [_, _, e, _] = book(&db);
    let mut alice = db.store("alice");
    let erin = db.store("erin");
    assert!(alice.load_facts(e).unwrap().is_none());
    assert!(erin.load_facts(e).unwrap().is_some());
    let lead = db.radar("dave", None, &["team", "assign", &e.0.to_string(), &db.login("alice")]);
    assert!(lead.status.success(), "{}", String::from_utf8_lossy(&lead.stderr));
    // The stores stay open: the next read already sees the new owner.
    assert!(alice.load_facts(e).unwrap().is_some());
    assert!(erin.load_facts(e).unwrap().is_none(), "erin lost it");
    refresh::apply(&mut alice, &Edit::SaveTouchpoint(new_touchpoint(e, None)), now(), &cfg()).unwrap();
    assert_eq!(touchpoints(&db, e), 1);
}

/// An account the lead gives to a CSM of another team leaves alice's sight: her save of
/// the account form she had open is "not in your portfolio", not "no longer exists
/// (deleted elsewhere)", which read as data lost and offered to save it as a new account
/// (team trial, session 33).
#[test]
fn an_account_given_away_while_its_form_was_open_is_not_yours_not_deleted() {
    let Some(db) = TestDb::postgres() else { return };
    let [a, ..] = book(&db);
    let mut alice = db.store("alice");
    let mut account = alice.account(a).unwrap().unwrap();
    let out = db.radar("dave", None, &["team", "assign", &a.0.to_string(), &db.login("erin")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    account.name = "edited after it left".into();
    let err =
        refresh::apply(&mut alice, &Edit::SaveAccount { account, term: None }, now(), &cfg()).unwrap_err();
    assert!(matches!(err, StoreError::NotInPortfolio { .. }), "{err:?}");
    assert!(err.to_string().contains("assigned to another CSM or deleted"), "{err}");
    let name: String =
        db.connect("postgres").query_one("SELECT name FROM account WHERE id = $1", &[&a.0]).unwrap().get(0);
    assert_eq!(name, "Alice 成都天府云图信息技术有限公司", "nothing written");
}
