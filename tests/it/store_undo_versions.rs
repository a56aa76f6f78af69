//! Undo and redo never move a version back (issue 12, A3). An undo is a new change: it
//! writes the old values at the next version, so a form opened on any version before it
//! is refused as stale, even when later saves bring the count round to the number the
//! form holds. Deleted rows come back at a version past the one they were deleted at;
//! regenerated milestones and requirement steps follow the same rule.
//! Every test runs on both engines (`::sqlite`, `::pg`; issue 18 item 8).

use crate::both;
use crate::support::db::Backend;
use crate::support::store_edit::*;
use radar::domain::change::Row;
use radar::domain::*;
use radar::refresh;
use radar::store::{Store, StoreError};

/// Two handles on one database, as two dashboards have: on PostgreSQL the lead (`a`) and
/// alice (`b`, who owns the accounts).
fn two_sessions(db: &Backend, accounts: usize) -> (Store, Store) {
    drop(seeded(db, accounts));
    (db.store("dave"), db.store("alice"))
}

fn apply(s: &mut Store, edit: Edit) -> Result<Change, StoreError> {
    refresh::apply(s, &edit, now(), &cfg())
}

fn is_stale(r: &Result<Change, StoreError>) -> bool {
    matches!(r, Err(StoreError::Stale { .. }) | Err(StoreError::Missing { .. }))
}

fn versions(db: &Backend) -> std::collections::BTreeMap<(String, i64), i64> {
    crate::support::store_edit::versions(&db.dump())
}

/// No row present in both has a lower version in `after`.
fn assert_no_version_went_back(
    before: &std::collections::BTreeMap<(String, i64), i64>,
    after: &std::collections::BTreeMap<(String, i64), i64>,
) {
    for (key, v) in after {
        if let Some(old) = before.get(key) {
            assert!(v >= old, "{key:?} went back from version {old} to {v}");
        }
    }
}

both!(a_form_opened_before_an_undo_is_refused_even_when_the_version_comes_round_again, |db| {
    let (mut a, mut b) = two_sessions(&db, 3);
    let id = facts_with(&b, |_| true).account.id;
    // B saves the account.
    let mut acct = b.account(id).unwrap().unwrap();
    // Not the owner: in a team database the owner is the owning login, which only
    // `radar team assign` changes (a save of the owner text alone changes no value there).
    let original_industry = acct.industry.clone();
    acct.industry = "王芳 (B)".into();
    let first = apply(&mut b, Edit::SaveAccount { account: acct, term: None }).unwrap();
    // A opens the edit form on what B saved.
    let form = a.account(id).unwrap().unwrap();
    // B undoes, then saves another change.
    let undone = refresh::undo(&mut b, &first, now(), &cfg());
    assert!(undone.is_ok(), "{undone:?}");
    let mut acct = b.account(id).unwrap().unwrap();
    assert!(
        acct.version > form.version,
        "the undo is a new version: {} after {}",
        acct.version,
        form.version
    );
    acct.region = "成都天府云图信息技术有限公司 🚀".into();
    apply(&mut b, Edit::SaveAccount { account: acct, term: None }).unwrap();
    // A saves: refused, B's change is there.
    let mut mine = form.clone();
    mine.handover.why_bought = "A's reason\n第二行".into();
    let r = apply(&mut a, Edit::SaveAccount { account: mine, term: None });
    assert!(is_stale(&r), "A's save on the version before the undo was accepted: {r:?}");
    let stored = a.account(id).unwrap().unwrap();
    assert_eq!(stored.region, "成都天府云图信息技术有限公司 🚀", "B's change survives");
    assert_eq!(stored.industry, original_industry, "B's undo stands");
    assert_ne!(stored.handover.why_bought, "A's reason\n第二行");
});

both!(a_deleted_row_comes_back_at_a_new_version_and_old_forms_are_refused, |db| {
    let (mut a, mut b) = two_sessions(&db, 3);
    let f = facts_with(&b, |f| !f.contacts.is_empty());
    let mut c = f.contacts[0].clone();
    c.title = "总经理 ✨".into();
    apply(&mut b, Edit::SaveContact(c.clone())).unwrap();
    let key = RowKey { kind: RowKind::Contact, id: c.id.0 };
    let Some(Row::Contact(form)) = a.row(key).unwrap() else { panic!("the contact") };
    let deleted = apply(&mut b, Edit::Delete { target: key, version: form.version }).unwrap();
    let before = versions(&db);
    let _ = refresh::undo(&mut b, &deleted, now(), &cfg()).unwrap();
    let Some(Row::Contact(back)) = b.row(key).unwrap() else { panic!("restored") };
    assert_eq!(back.title, "总经理 ✨", "the values come back");
    assert!(
        back.version > form.version,
        "deleted at version {}, restored at {}: a form on the old one could match",
        form.version,
        back.version
    );
    assert_no_version_went_back(&before, &versions(&db));
    let mut mine = form.clone();
    mine.phone = "+86 28 8888 0000".into();
    assert!(is_stale(&apply(&mut a, Edit::SaveContact(mine))), "a save on the deleted version");
    let del = apply(&mut a, Edit::Delete { target: key, version: form.version });
    assert!(is_stale(&del), "a delete on the deleted version: {del:?}");
    assert_eq!(b.row(key).unwrap(), Some(Row::Contact(back)), "nothing written by A");
});

both!(a_created_row_undone_and_redone_comes_back_at_a_new_version, |db| {
    let (mut a, mut b) = two_sessions(&db, 3);
    let acct = facts_with(&b, |_| true).account.id;
    let created = apply(&mut b, Edit::SavePromise(new_promise(acct))).unwrap();
    let key = created.after[0].key();
    let Some(Row::Promise(form)) = a.row(key).unwrap() else { panic!("the promise") };
    let _ = refresh::undo(&mut b, &created, now(), &cfg()).unwrap();
    assert_eq!(b.row(key).unwrap(), None);
    let _ = refresh::redo(&mut b, &created, now(), &cfg()).unwrap();
    let Some(Row::Promise(back)) = b.row(key).unwrap() else { panic!("redone") };
    assert!(back.version > form.version, "redone at version {} (was {})", back.version, form.version);
    let mut mine = form.clone();
    mine.text = "\u{1b}[31mA's wording\u{1b}[0m".into();
    assert!(is_stale(&apply(&mut a, Edit::SavePromise(mine))));
    assert_eq!(b.row(key).unwrap(), Some(Row::Promise(back)));
});

both!(undoing_a_renewal_moves_every_row_forward_and_refuses_old_quick_actions, |db| {
    let mut s = seeded(&db, 10);
    let f = facts_with(&s, |f| {
        f.current_term().is_some() && f.milestones.iter().any(|m| m.status == MilestoneStatus::Pending)
    });
    let t = f.current_term().unwrap().clone();
    let pending = f.milestones.iter().find(|m| m.status == MilestoneStatus::Pending).unwrap().clone();
    let start = versions(&db);
    let edit = renewal_a_year_on(&t);
    let renewal = apply(&mut s, edit).unwrap();
    let renewed = versions(&db);
    assert_no_version_went_back(&start, &renewed);
    let _ = refresh::undo(&mut s, &renewal, now(), &cfg()).unwrap();
    let undone = versions(&db);
    assert_no_version_went_back(&renewed, &undone);
    // Rows the renewal deleted (regenerated milestones) come back past their old version.
    for row in renewal.before.iter().filter(|r| renewal.after.iter().all(|x| x.key() != r.key())) {
        let key = (row.kind().table().to_string(), row.id());
        assert!(undone[&key] > row.version(), "{key:?} restored at {} (was {})", undone[&key], row.version());
    }
    // The term as it was, but a renewal on its old version is refused: it changed twice.
    let back = s.load_facts(f.account.id).unwrap().unwrap();
    let term = back.terms.iter().find(|x| x.id == t.id).unwrap();
    assert_eq!((term.outcome.clone(), term.end), (None, t.end));
    assert!(term.version > t.version);
    let again = renewal_a_year_on(&t);
    assert!(is_stale(&apply(&mut s, again)));
    let m = back.milestones.iter().find(|m| m.id == pending.id);
    if let Some(m) = m {
        assert!(m.version > pending.version || m == &pending, "{m:?}");
        if m != &pending {
            let done = Edit::CompleteMilestone {
                id: m.id,
                version: pending.version,
                status: MilestoneStatus::Done,
                on: today(),
                note: String::new(),
            };
            assert!(is_stale(&apply(&mut s, done)));
        }
    }
});

both!(undoing_a_requirement_step_moves_the_requirement_forward, |db| {
    let mut s = seeded(&db, 10);
    let f = facts_with(&s, |f| f.requirements.iter().any(|r| r.status.next().is_some()));
    let r = f.requirements.iter().find(|r| r.status.next().is_some()).unwrap().clone();
    let to = r.status.next().unwrap();
    let step = apply(
        &mut s,
        Edit::MoveRequirement {
            id: r.id, version: r.version, to, at: now(), note: "需求评审 ✅".into()
        },
    )
    .unwrap();
    let moved = s.load_facts(f.account.id).unwrap().unwrap();
    let after = moved.requirements.iter().find(|x| x.id == r.id).unwrap().clone();
    let _ = refresh::undo(&mut s, &step, now(), &cfg()).unwrap();
    let back = s.load_facts(f.account.id).unwrap().unwrap();
    let now_r = back.requirements.iter().find(|x| x.id == r.id).unwrap();
    assert_eq!((now_r.status, now_r.history.len()), (r.status, r.history.len()), "the step is gone");
    assert!(now_r.version > after.version, "undone at version {} after {}", now_r.version, after.version);
    // A step taken on the version before the first move is refused: two changes since.
    let stale = Edit::MoveRequirement { id: r.id, version: r.version, to, at: now(), note: String::new() };
    assert!(is_stale(&apply(&mut s, stale)));
});

// SQLite gave a new row the largest id plus one: after the row with the largest id was
// deleted (or its creation undone), the next new row got its id, at version 1, and a form
// still open on the deleted row at version 1 saved over the new one. Schema V2 makes every
// id `AUTOINCREMENT`: an id once used is never given again.
both!(ids_of_deleted_rows_are_not_reused, |db| {
    let (mut a, mut b) = two_sessions(&db, 3);
    let acct = facts_with(&b, |_| true).account.id;
    let created = apply(&mut b, Edit::SaveContact(new_contact(acct))).unwrap();
    let key = created.after[0].key();
    let Some(Row::Contact(form)) = a.row(key).unwrap() else { panic!("the contact") };
    let _ = refresh::undo(&mut b, &created, now(), &cfg()).unwrap();
    let mut other = new_contact(acct);
    other.name = "李四".into();
    let second = apply(&mut b, Edit::SaveContact(other)).unwrap();
    assert_ne!(second.after[0].key(), key, "a new contact took the id of the undone one");
    let mut mine = form.clone();
    mine.title = "A's title".into();
    assert!(is_stale(&apply(&mut a, Edit::SaveContact(mine))));
});

both!(a_redo_whose_account_was_deleted_elsewhere_is_refused_naming_the_account, |db| {
    let (mut a, mut b) = two_sessions(&db, 3);
    let f = facts_with(&b, |_| true);
    let created = apply(&mut b, Edit::SaveContact(new_contact(f.account.id))).unwrap();
    let undone = refresh::undo(&mut b, &created, now(), &cfg()).unwrap();
    // Meanwhile the other dashboard deletes the whole account.
    let acct = a.account(f.account.id).unwrap().unwrap();
    let target = RowKey { kind: RowKind::Account, id: acct.id.0 };
    apply(&mut a, Edit::Delete { target, version: acct.version }).unwrap();
    let before = db.dump();
    let r = refresh::redo(&mut b, &undone, now(), &cfg());
    assert!(matches!(r, Err(StoreError::Missing { what: "account", id }) if id == acct.id.0), "{r:?}");
    assert_eq!(db.dump(), before, "a refused redo writes nothing");
});
