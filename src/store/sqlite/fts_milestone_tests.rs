//! Milestone notes in the index (schema V23): the note a CSM writes when a playbook step is
//! done or skipped is found by its words, named by its account and kind, dated by the
//! playbook date, and kept in step by the decision, its edit and its undo. The notes an
//! older release wrote itself on skips before arrival are not indexed.

use super::kinds_tests::{COMPANY, HOSTILE, apply, found, no_control, same_as_rebuilt, store, undo};
use super::tests::now;
use crate::domain::*;
use crate::store::Store;
use chrono::NaiveDate;

/// The account's first pending milestone due by now, decided with `note`.
fn decide(s: &mut Store, a: AccountId, status: MilestoneStatus, note: &str) -> (Milestone, Change) {
    let f = s.load_facts(a).unwrap().unwrap();
    let m =
        f.milestones.iter().find(|m| m.status == MilestoneStatus::Pending).expect("a pending step").clone();
    let edit =
        Edit::CompleteMilestone { id: m.id, version: m.version, status, on: now().date(), note: note.into() };
    (m, apply(s, edit))
}

/// The stored row of the milestone `decide` decided (its kind and playbook date).
fn stored(s: &Store, a: AccountId, of: &Milestone) -> Milestone {
    let f = s.load_facts(a).unwrap().unwrap();
    f.milestones.into_iter().find(|m| m.kind == of.kind && m.origin == Some(of.due) && m.id.0 > 0).unwrap()
}

#[test]
fn a_decided_milestones_note_is_found_by_its_words_until_undone() {
    let (mut s, a) = store();
    let name = s.load_facts(a).unwrap().unwrap().account.name;
    let note = format!("QBR 开完 {COMPANY} 🚀 CFO wants narwhal{HOSTILE} SSO\n第二行：wombat");
    let (m, change) = decide(&mut s, a, MilestoneStatus::Done, &note);
    let row = stored(&s, a, &m);
    for word in ["narwhal", "SSO", "天府云图", "第二行", "wombat"] {
        let hits = found(&s, word, RowKind::Milestone);
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        let h = &hits[0];
        assert_eq!((h.account, h.account_name.as_str(), h.id), (a, name.as_str(), row.id.0), "{word}");
        assert_eq!(h.kind_key(), "edit.kind.milestone");
        assert_eq!(h.date, Some(m.due), "dated by the playbook date");
        assert!(!h.snippet.hit.is_empty(), "{word}: {h:?}");
        no_control(h);
    }
    same_as_rebuilt(&mut s);

    // Undone: the step is pending again (derived, no row) and nothing finds the note.
    undo(&mut s, &change);
    assert!(found(&s, "narwhal", RowKind::Milestone).is_empty());
    same_as_rebuilt(&mut s);

    // Skipped with a reason: the reason finds it.
    decide(&mut s, a, MilestoneStatus::Skipped, "客户换了负责人 okapi");
    assert_eq!(found(&s, "okapi", RowKind::Milestone).len(), 1);
    assert_eq!(found(&s, "负责人", RowKind::Milestone).len(), 1);
    same_as_rebuilt(&mut s);
}

#[test]
fn the_notes_a_release_wrote_itself_on_skips_before_arrival_are_not_indexed() {
    let (mut s, a) = store();
    for note in ["before import", "before the account was added", "before the account came into Radar"] {
        let (m, change) = decide(&mut s, a, MilestoneStatus::Skipped, note);
        assert!(stored(&s, a, &m).note == note);
        assert!(found(&s, "before", RowKind::Milestone).is_empty(), "{note}");
        same_as_rebuilt(&mut s);
        undo(&mut s, &change);
    }
    // A note that only starts like one is the user's.
    decide(&mut s, a, MilestoneStatus::Skipped, "before import we agreed to wait");
    assert_eq!(found(&s, "agreed", RowKind::Milestone).len(), 1);
}

/// A file of schema V22 with a noted milestone and a skip an older release noted itself:
/// the V23 migration indexes the note, once, and not the skip.
#[test]
fn the_v23_migration_indexes_the_milestone_notes_a_file_already_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v22.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", super::super::APPLICATION_ID).unwrap();
        super::super::schema::MIGRATIONS.to_version(&mut c, 21).unwrap();
        c.execute_batch(&format!(
            "INSERT INTO account (id, name, tier, currency, stage, created_on) \
               VALUES (1, '{COMPANY}', 'mid', 'CNY', 'renewal', '2024-01-03'); \
             INSERT INTO term (account_id, start, \"end\", arr_minor, currency) \
               VALUES (1, '2025-01-03', '2027-01-03', 100, 'CNY'); \
             INSERT INTO milestone (account_id, kind, due, status, done_on, note, origin) VALUES \
               (1, 'qbr', '2025-04-03', 'done', '2025-04-05', 'QBR：CFO 要 narwhal 🚀', '2025-04-03'), \
               (1, 'activation', '2025-02-02', 'skipped', '2025-02-02', 'before import', '2025-02-02');"
        ))
        .unwrap();
        let rows: i64 = c.query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 0, "V22's index has no milestone (nor, filled by SQL here, the account)");
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), super::super::LATEST_VERSION);
    let hits = found(&s, "narwhal", RowKind::Milestone);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!((hits[0].account, hits[0].account_name.as_str()), (AccountId(1), COMPANY));
    assert_eq!(hits[0].date, NaiveDate::from_ymd_opt(2025, 4, 3));
    assert_eq!(found(&s, "CFO", RowKind::Milestone).len(), 1);
    assert!(found(&s, "import", RowKind::Milestone).is_empty());
    let rows: i64 =
        s.conn.lite().unwrap().query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1, "the note, once (the account was written by SQL, unindexed)");
}
