//! The store's editing behaviours on both engines (issue 18 item 8): the same test bodies
//! run on a SQLite file and on PostgreSQL as a CSM (alice, under row security), through
//! the public store API. Values are compared as domain values with versions masked
//! (`values_of`), never as `dump()` (SQLite only; dates differ in form).
//! The `_pg` halves skip with a notice without `RADAR_TEST_PG`.

use crate::both;
use crate::support::store_edit::*;
use chrono::Duration;
use radar::domain::*;
use radar::refresh;
use radar::store::{Store, StoreError};

/// Every account's facts, as text with every `version: N` masked: what an undo restores
/// (versions only move on).
fn values_of(s: &Store) -> String {
    let text = format!("{:#?}", s.load_all_facts().unwrap());
    text.lines()
        .map(|l| match l.find("version: ") {
            Some(at) => format!("{}version: _,", &l[..at]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How many rows of the account's children are stored, read past the store (and past row
/// security: the superuser on PostgreSQL).
fn children(db: &crate::support::db::Backend, account: i64) -> i64 {
    let sql = "SELECT (SELECT count(*) FROM contact WHERE account_id = $1) \
               + (SELECT count(*) FROM milestone WHERE account_id = $1) \
               + (SELECT count(*) FROM term WHERE account_id = $1) \
               + (SELECT count(*) FROM requirement WHERE account_id = $1) \
               + (SELECT count(*) FROM touchpoint WHERE account_id = $1)";
    match db {
        crate::support::db::Backend::Sqlite(p) => {
            rusqlite::Connection::open(p).unwrap().query_row(sql, [account], |r| r.get(0)).unwrap()
        }
        crate::support::db::Backend::Pg(t) => {
            t.connect("postgres").query_one(sql, &[&account]).unwrap().get(0)
        }
    }
}

/// A seeded store of `n` demo accounts as alice (on SQLite: the file).
fn seeded(db: &crate::support::db::Backend, n: usize) -> Store {
    let mut s = db.store("alice");
    seed(&mut s, n);
    s
}

/// Apply, undo (values back exactly), redo (values as applied again).
fn round_trip(s: &mut Store, edit: Edit) -> Change {
    let start = values_of(s);
    let change = refresh::apply(s, &edit, now(), &cfg()).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    let done = values_of(s);
    assert_ne!(start, done, "{:?} changed nothing", change.kind);
    let undone = refresh::undo(s, &change, now(), &cfg()).unwrap();
    assert_eq!(values_of(s), start, "undo of {:?} is not exact", change.kind);
    let redone = refresh::redo(s, &undone, now(), &cfg()).unwrap();
    assert_eq!(values_of(s), done, "redo of {:?} is not exact", change.kind);
    redone
}

both!(a_versioned_edit_moves_the_version_on_by_one, |db| {
    let mut s = seeded(&db, 3);
    let f = facts_with(&s, |f| !f.contacts.is_empty());
    let mut c = f.contacts[0].clone();
    c.title = "首席执行官 🚀".into();
    let change = refresh::apply(&mut s, &Edit::SaveContact(c.clone()), now(), &cfg()).unwrap();
    assert_eq!(change.kind, ChangeKind::Updated(RowKind::Contact));
    let after = s.load_facts(f.account.id).unwrap().unwrap();
    let saved = after.contacts.iter().find(|x| x.id == c.id).unwrap();
    assert_eq!((saved.title.as_str(), saved.version), ("首席执行官 🚀", c.version + 1));
});

both!(a_stale_edit_is_refused_naming_the_current_version_and_writes_nothing, |db| {
    let mut s = seeded(&db, 3);
    let f = facts_with(&s, |f| !f.promises.is_empty());
    let mut mine = f.promises[0].clone();
    let mut theirs = mine.clone();
    theirs.text = "their wording".into();
    refresh::apply(&mut s, &Edit::SavePromise(theirs), now(), &cfg()).unwrap();
    let before = values_of(&s);
    mine.text = "my wording".into();
    let err = refresh::apply(&mut s, &Edit::SavePromise(mine.clone()), now(), &cfg()).unwrap_err();
    assert!(matches!(err, StoreError::Stale { what: "promise", expected: 1, found: 2, .. }), "{err}");
    assert!(err.to_string().contains("now 2"), "{err}");
    assert_eq!(values_of(&s), before);
    let del =
        Edit::Delete { target: RowKey { kind: RowKind::Promise, id: mine.id.0 }, version: mine.version };
    assert!(matches!(refresh::apply(&mut s, &del, now(), &cfg()), Err(StoreError::Stale { .. })));
    assert_eq!(values_of(&s), before);
});

both!(every_record_kind_creates_updates_and_deletes_undoably, |db| {
    let mut s = seeded(&db, 4);
    let f = facts_with(&s, |f| !f.contacts.is_empty() && !f.promises.is_empty());
    let a = f.account.id;
    let c = round_trip(&mut s, Edit::SaveContact(new_contact(a)));
    assert_eq!(c.kind, ChangeKind::Created(RowKind::Contact));
    let mut contact = f.contacts[0].clone();
    contact.stance = Stance::Opponent;
    contact.title = "CFO".into();
    assert_eq!(round_trip(&mut s, Edit::SaveContact(contact)).kind, ChangeKind::Updated(RowKind::Contact));
    round_trip(&mut s, Edit::SavePromise(new_promise(a)));
    round_trip(&mut s, Edit::SaveRequirement(new_requirement(a)));
    round_trip(&mut s, Edit::SaveComplaint(new_complaint(a)));
    round_trip(&mut s, Edit::SaveUsage(new_usage(a)));
    let mut tp = new_touchpoint(a, Some(f.contacts[0].id));
    tp.note = "成都天府云图信息技术有限公司 🚀\n第二行".into();
    round_trip(&mut s, Edit::SaveTouchpoint(tp));
    let f = s.load_facts(a).unwrap().unwrap();
    let p = &f.promises[0];
    round_trip(
        &mut s,
        Edit::Delete { target: RowKey { kind: RowKind::Promise, id: p.id.0 }, version: p.version },
    );
});

both!(deleting_an_account_takes_its_rows_and_undo_brings_them_back, |db| {
    let mut s = seeded(&db, 4);
    let f = facts_with(&s, |f| !f.requirements.is_empty() && !f.contacts.is_empty());
    let plan = s.delete_plan(RowKey { kind: RowKind::Account, id: f.account.id.0 }).unwrap().unwrap();
    assert_eq!(plan.label, f.account.name);
    let count = |k| plan.children.iter().find(|(kind, _)| *kind == k).map_or(0, |(_, n)| *n as usize);
    assert_eq!(count(RowKind::Contact), f.contacts.len());
    assert_eq!(count(RowKind::Milestone), f.milestones.len());
    let start = values_of(&s);
    let change =
        refresh::apply(&mut s, &Edit::Delete { target: plan.target, version: plan.version }, now(), &cfg())
            .unwrap();
    assert!(s.load_facts(f.account.id).unwrap().is_none(), "the account is gone");
    assert_eq!(children(&db, f.account.id.0), 0, "its rows went with it");
    assert_eq!(s.load_all_facts().unwrap().len(), 3, "only that account went");
    refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
    assert_eq!(values_of(&s), start, "undo brought every row back");
});

both!(quick_actions_each_round_trip, |db| {
    let mut s = seeded(&db, 30);
    let f = facts_with(&s, |f| f.promises.iter().any(|p| p.status.is_open()));
    let p = f.promises.iter().find(|p| p.status.is_open()).unwrap();
    let c = round_trip(
        &mut s,
        Edit::SetPromiseStatus { id: p.id, version: p.version, status: PromiseStatus::Broken, on: today() },
    );
    assert_eq!(c.kind, ChangeKind::Promise(PromiseStatus::Broken));
    let f = facts_with(&s, |f| f.requirements.iter().any(|r| r.status.next().is_some()));
    let r = f.requirements.iter().find(|r| r.status.next().is_some()).unwrap();
    let to = r.status.next().unwrap();
    round_trip(
        &mut s,
        Edit::MoveRequirement { id: r.id, version: r.version, to, at: now(), note: "王总 ok".into() },
    );
    let f = facts_with(&s, |f| f.milestones.iter().any(|m| m.status == MilestoneStatus::Pending));
    let m = f.milestones.iter().find(|m| m.status == MilestoneStatus::Pending).unwrap();
    round_trip(
        &mut s,
        Edit::CompleteMilestone {
            id: m.id,
            version: m.version,
            status: MilestoneStatus::Skipped,
            on: today(),
            note: "moved to the QBR".into(),
        },
    );
    let a = &f.account;
    round_trip(
        &mut s,
        Edit::SetForecast { id: a.id, version: a.version, forecast: Some(Forecast::AtRisk), on: today() },
    );
});

both!(renewal_opens_the_next_term, |db| {
    let mut s = seeded(&db, 6);
    let f = facts_with(&s, |f| f.current_term().is_some());
    let t = f.current_term().unwrap().clone();
    let new_arr = Money::new(t.arr.minor * 12 / 10, t.arr.currency);
    let edit = Edit::RecordRenewal {
        term: t.id,
        version: t.version,
        decided_on: today(),
        new_arr,
        new_end: t.end + Duration::days(365),
    };
    let c = round_trip(&mut s, edit);
    assert_eq!(c.kind, ChangeKind::Renewed(term::RenewalKind::Upsell));
    let after = s.load_facts(f.account.id).unwrap().unwrap();
    let open = after.current_term().unwrap();
    assert_eq!((open.start, open.end, open.arr), (t.end, t.end + Duration::days(365), new_arr));
});

both!(undo_is_refused_when_the_rows_changed_since, |db| {
    let mut s = seeded(&db, 3);
    let f = facts_with(&s, |f| !f.contacts.is_empty());
    let mut c = f.contacts[0].clone();
    c.title = "Head of Ops".into();
    let change = refresh::apply(&mut s, &Edit::SaveContact(c.clone()), now(), &cfg()).unwrap();
    c.version += 1;
    c.phone = "+86 28 0000 0000".into();
    refresh::apply(&mut s, &Edit::SaveContact(c), now(), &cfg()).unwrap();
    let before = values_of(&s);
    let err = refresh::undo(&mut s, &change, now(), &cfg()).unwrap_err();
    assert!(matches!(err, StoreError::Stale { what: "contact", expected: 2, found: 3, .. }), "{err}");
    assert_eq!(values_of(&s), before, "a refused undo writes nothing");
});

both!(a_failed_action_writes_nothing, |db| {
    let mut s = seeded(&db, 4);
    let f = facts_with(&s, |f| f.current_term().is_some());
    let t = f.current_term().unwrap().clone();
    let before = values_of(&s);
    let bad = Edit::RecordRenewal {
        term: t.id,
        version: t.version,
        decided_on: today(),
        new_arr: t.arr,
        new_end: t.end - Duration::days(1),
    };
    let refused = refresh::apply(&mut s, &bad, now(), &cfg());
    assert!(
        matches!(refused, Err(StoreError::Refused(ActionError::Terms(TermError::RenewalEnd { .. })))),
        "{refused:?}"
    );
    assert_eq!(values_of(&s), before);
});

both!(a_new_account_gets_its_first_term_and_playbook, |db| {
    let mut s = seeded(&db, 1);
    let acct = Account::new("成都天府云图信息技术有限公司 🚀", Tier::Large, Currency::CNY, today());
    let start = today() + Duration::days(9);
    let term = ContractTerm {
        id: TermId(0),
        account_id: AccountId(0),
        start,
        end: start + Duration::days(365),
        arr: Money::from_major(120_000, Currency::CNY),
        outcome: None,
        version: 0,
    };
    let change = round_trip(&mut s, Edit::SaveAccount { account: acct, term: Some(term) });
    let f = s.load_facts(change.account).unwrap().unwrap();
    assert_eq!(f.terms.len(), 1);
    assert!(f.milestones.iter().any(|m| m.kind == MilestoneKind::Qbr));
    assert!(s.portfolio(today()).unwrap().iter().any(|r| r.id == change.account && r.score.is_some()));
});
