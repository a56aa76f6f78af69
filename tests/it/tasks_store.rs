//! Follow-up tasks through the store: a touchpoint with a next step writes both in one
//! transaction (one undo takes both back), done / skip / reschedule are one versioned
//! write each and undo exactly, deleting a touchpoint or contact keeps its tasks unlinked,
//! and the JSON export carries tasks (ids, links and hostile text) byte for byte.

use crate::both;
use crate::support::store_edit::*;
use chrono::Duration;
use radar::domain::change::Row;
use radar::domain::*;
use radar::refresh;
use radar::store::Store;

fn tasks(s: &Store, a: AccountId) -> Vec<Task> {
    s.load_facts(a).unwrap().unwrap().tasks
}

fn next_step_edit(a: AccountId, contact: Option<ContactId>, title: &str) -> Edit {
    let tp = new_touchpoint(a, contact);
    let task = task::next_step(&tp, title, today() + Duration::days(3)).unwrap();
    Edit::LogWithNextStep { touchpoint: tp, task }
}

both!(a_touchpoint_with_a_next_step_writes_one_task_linked_to_it_and_one_undo_takes_both, |db| {
    let mut s = seeded(&db, 4);
    let f = facts_with(&s, |f| !f.contacts.is_empty());
    let (a, contact) = (f.account.id, f.contacts[0].id);
    let before = db.dump();
    let title = "成都天府云图信息技术有限公司: send the quote 🚀\nsecond line\u{1b}[31m";
    let change = refresh::apply(&mut s, &next_step_edit(a, Some(contact), title), now(), &cfg()).unwrap();
    assert_eq!(change.kind, ChangeKind::Created(RowKind::Touchpoint));
    let f = s.load_facts(a).unwrap().unwrap();
    let tp = f.touchpoints.iter().max_by_key(|t| t.id).unwrap();
    assert_eq!(f.tasks.len(), 1, "exactly one task");
    let t = &f.tasks[0];
    assert_eq!(t.touchpoint_id, Some(tp.id));
    assert_eq!(
        (t.created_from, t.contact_id, t.status),
        (TaskOrigin::Touchpoint, Some(contact), TaskStatus::Open)
    );
    assert_eq!(t.due, today() + Duration::days(3));
    assert_eq!(
        t.title, "成都天府云图信息技术有限公司: send the quote 🚀\nsecond line",
        "cleaned, lines kept"
    );
    // One change: undo removes the touchpoint and the task together.
    assert!(change.after.iter().any(|r| matches!(r, Row::Task(_))));
    refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
    assert_eq!(values(&db.dump()), values(&before));
});

both!(a_blank_next_step_is_refused_and_writes_nothing, |db| {
    let mut s = seeded(&db, 2);
    let a = facts_with(&s, |_| true).account.id;
    let mut tp = new_touchpoint(a, None);
    tp.note = "n".into();
    let mut task = task::next_step(&tp, "x", today()).unwrap();
    task.title = " \u{1b} ".into();
    let before = db.dump();
    let e = refresh::apply(&mut s, &Edit::LogWithNextStep { touchpoint: tp, task }, now(), &cfg());
    assert!(e.is_err());
    assert_eq!(db.dump(), before);
});

both!(done_skip_and_reschedule_are_one_write_each_and_undo_exactly, |db| {
    let mut s = seeded(&db, 3);
    let a = facts_with(&s, |_| true).account.id;
    let t = Task::new(a, "call the CFO", today(), TaskOrigin::Agenda, today());
    refresh::apply(&mut s, &Edit::SaveTask(t), now(), &cfg()).unwrap();
    let later = today() + Duration::days(7);
    let edits: [fn(&Task) -> Edit; 3] = [
        |t| Edit::SetTaskStatus {
            id: t.id,
            version: t.version,
            status: TaskStatus::Done,
            on: today(),
            reason: String::new(),
        },
        |t| Edit::SetTaskStatus {
            id: t.id,
            version: t.version,
            status: TaskStatus::Skipped,
            on: today(),
            reason: "customer on leave".into(),
        },
        |t| Edit::Reschedule {
            target: RowKey { kind: RowKind::Task, id: t.id.0 },
            version: t.version,
            due: today() + Duration::days(7),
        },
    ];
    for build in edits {
        let t = tasks(&s, a).remove(0);
        let edit = build(&t);
        let start = db.dump();
        let change = refresh::apply(&mut s, &edit, now(), &cfg()).unwrap();
        let after = tasks(&s, a).remove(0);
        match &edit {
            Edit::SetTaskStatus { status, .. } => {
                assert_eq!((after.status, after.done_on), (*status, Some(today())))
            }
            _ => assert_eq!((after.status, after.due), (TaskStatus::Open, later)),
        }
        assert_eq!(after.version, t.version + 1, "one write");
        refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
        assert_eq!(values(&db.dump()), values(&start), "{:?}", change.kind);
        assert!(refresh::apply(&mut s, &edit, now(), &cfg()).is_err(), "the old version is refused as stale");
    }
    // A closed task cannot be snoozed.
    let t = tasks(&s, a).remove(0);
    refresh::apply(&mut s, &edits[0](&t), now(), &cfg()).unwrap();
    let t = tasks(&s, a).remove(0);
    assert_eq!(t.status, TaskStatus::Done);
    assert!(refresh::apply(&mut s, &edits[2](&t), now(), &cfg()).is_err());
});

both!(deleting_the_touchpoint_or_the_contact_keeps_the_task_unlinked_and_undo_relinks, |db| {
    let mut s = seeded(&db, 4);
    let f = facts_with(&s, |f| !f.contacts.is_empty());
    let (a, contact) = (f.account.id, f.contacts[0].id);
    refresh::apply(&mut s, &next_step_edit(a, Some(contact), "follow up"), now(), &cfg()).unwrap();
    let f = s.load_facts(a).unwrap().unwrap();
    let tp = f.touchpoints.iter().max_by_key(|t| t.id).unwrap().clone();
    let start = db.dump();
    let del = Edit::Delete { target: RowKey { kind: RowKind::Touchpoint, id: tp.id.0 }, version: tp.version };
    let change = refresh::apply(&mut s, &del, now(), &cfg()).unwrap();
    let t = tasks(&s, a).remove(0);
    assert_eq!((t.touchpoint_id, t.contact_id), (None, Some(contact)));
    refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
    assert_eq!(values(&db.dump()), values(&start));
    let c = s.load_facts(a).unwrap().unwrap().contacts.into_iter().find(|c| c.id == contact).unwrap();
    let del = Edit::Delete { target: RowKey { kind: RowKind::Contact, id: c.id.0 }, version: c.version };
    let change = refresh::apply(&mut s, &del, now(), &cfg()).unwrap();
    assert_eq!(tasks(&s, a)[0].contact_id, None);
    refresh::undo(&mut s, &change, now(), &cfg()).unwrap();
    assert_eq!(tasks(&s, a)[0].contact_id, Some(contact));
});

both!(a_task_cannot_name_another_accounts_contact, |db| {
    let mut s = seeded(&db, 6);
    let f = facts_with(&s, |f| !f.contacts.is_empty());
    let other = facts_with(&s, |g| g.account.id != f.account.id).account.id;
    let mut t = Task::new(other, "x", today(), TaskOrigin::Manual, today());
    t.contact_id = Some(f.contacts[0].id);
    let before = db.dump();
    assert!(refresh::apply(&mut s, &Edit::SaveTask(t), now(), &cfg()).is_err());
    assert_eq!(db.dump(), before);
});
