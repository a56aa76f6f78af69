//! Issue 19 item 2: pending playbook milestones are derived, not stored; the migration
//! (schema V21) tested on a file the previous release wrote.
//! `tests/fixtures/v6-milestones/portfolio.db`: `radar demo --accounts 12 --seed 5 --today
//! 2026-11-22` by the build of commit aec38ee (schema V6), then three accounts imported from
//! a CSV by the same build (成都天府云图信息技术有限公司二部, "Rocket 🚀 Ltd" with a term started
//! two years ago, so its past milestones were skipped on import, and a micro account), then
//! one pending T-60 follow-up moved a week later with the sqlite3 shell (due + 7 days,
//! version + 1: what the dashboard's snooze writes), and VACUUMed.

use radar::domain::{Milestone, MilestoneStatus};
use radar::store::Store;
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v6-milestones/portfolio.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    std::fs::copy(src, &db).unwrap();
    (dir, db)
}

/// A stored row as the old release wrote it: (account, id, version, what it says).
type OldRow = (i64, i64, i64, String);

fn old_rows(db: &Path) -> Vec<OldRow> {
    let c = Connection::open(db).unwrap();
    let mut q = c
        .prepare(
            "SELECT account_id, id, version, due, kind, status, done_on, note FROM milestone ORDER BY id",
        )
        .unwrap();
    q.query_map([], |r| {
        let what = format!(
            "{} {} {} {:?} {:?}",
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, String>(7)?
        );
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, what))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn says(m: &Milestone) -> String {
    let done = m.done_on.map(|d| d.to_string());
    format!("{} {} {} {:?} {:?}", m.due, m.kind, m.status, done, m.note)
}

/// Each account's milestones as "what it says, and which row": `derived` for a milestone
/// without a row, `#id@version` for a stored one.
type Book = BTreeMap<i64, Vec<String>>;

fn sorted(mut b: Book) -> Book {
    b.values_mut().for_each(|v| v.sort());
    b
}

#[test]
fn a_file_of_the_previous_release_keeps_its_decisions_and_derives_the_same_milestones() {
    let (_dir, db) = fixture();
    let before = old_rows(&db);
    // What a copy cut short by a killed process leaves: replaced, not taken for the copy.
    std::fs::write(db.with_file_name("portfolio.schema-6.db.partial"), b"cut short").unwrap();
    std::fs::write(db.with_file_name("portfolio.schema-6.db.partial-journal"), b"cut short").unwrap();
    let store = Store::open(&db).unwrap();
    let all = store.load_all_facts().unwrap();
    drop(store);
    assert_eq!(all.len(), 15);
    let after: Vec<i64> = old_rows(&db).iter().map(|r| r.1).collect();
    // What the old release stored, each dropped row standing for the derived one it became.
    let mut want = Book::new();
    for (account, id, version, what) in &before {
        let which = if after.contains(id) { format!("#{id}@{version}") } else { "derived".into() };
        want.entry(*account).or_default().push(format!("{what} {which}"));
    }
    let mut got = Book::new();
    for f in &all {
        for m in &f.milestones {
            let which = if m.id.0 < 0 { "derived".to_string() } else { format!("#{}@{}", m.id.0, m.version) };
            got.entry(f.account.id.0).or_default().push(format!("{} {which}", says(m)));
        }
    }
    assert_eq!(sorted(got), sorted(want));
    // Only decisions stay: every pending row went but the snoozed one, which keeps the
    // date the playbook gave it.
    let pending = before.iter().filter(|r| r.3.contains(" pending ")).count();
    assert_eq!(before.len() - after.len(), pending - 1, "every pending row but the snoozed one goes");
    let c = Connection::open(&db).unwrap();
    let (due, origin): (String, String) = c
        .query_row("SELECT due, origin FROM milestone WHERE status = 'pending'", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(day(&due) - day(&origin), chrono::Duration::days(7));
    let unclaimed: i64 =
        c.query_row("SELECT count(*) FROM milestone WHERE origin IS NULL", [], |r| r.get(0)).unwrap();
    let superseded =
        all.iter().flat_map(|f| &f.milestones).filter(|m| m.status == MilestoneStatus::Superseded).count();
    assert!(unclaimed as usize <= superseded, "only rows the playbook no longer asks for claim nothing");
    drop(c);
    // Once: opening again changes nothing.
    let again = Store::open(&db).unwrap().load_all_facts().unwrap();
    assert_eq!(again, all);
    // The file as it was is kept beside it (the migration deletes rows, and the release
    // before cannot open the file after): private, every row, its schema version.
    let copy = db.with_file_name("portfolio.schema-6.db");
    assert_eq!(old_rows(&copy), before, "the copy holds every row the file had");
    let c = Connection::open(&copy).unwrap();
    assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 6);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(
        std::fs::read_dir(db.parent().unwrap())
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().to_string_lossy().contains(".schema-"))
            .count(),
        1
    );
}

/// A renewal leaves the decided milestones of the ended term as they were: they claimed
/// their playbook dates, which the new term's playbook no longer asks for, and each was
/// rewritten (its claim cleared, its version bumped), so a form open on one was refused as
/// changed elsewhere (CSM trial, session 25).
#[test]
fn a_renewal_leaves_the_decided_milestones_of_the_ended_term_as_they_were() {
    use crate::support::store_edit::{cfg, facts_with, now, renewal_a_year_on, seeded_file};
    use radar::domain::MilestoneKind;
    let dir = tempfile::tempdir().unwrap();
    let mut s = seeded_file(&dir.path().join("p.db"), 30);
    let f = facts_with(&s, |f| {
        f.current_term().is_some_and(|t| {
            f.milestones.iter().any(|m| {
                m.id.0 > 0 && m.status == MilestoneStatus::Done && m.kind.is_cadence() && m.due >= t.start
            })
        })
    });
    let t = f.current_term().unwrap().clone();
    let decided: Vec<Milestone> =
        f.milestones.iter().filter(|m| m.id.0 > 0 && m.status != MilestoneStatus::Pending).cloned().collect();
    let edit = renewal_a_year_on(&t);
    radar::refresh::apply(&mut s, &edit, now(), &cfg()).unwrap();
    let after = s.load_facts(f.account.id).unwrap().unwrap();
    for m in &decided {
        let now_m = after.milestones.iter().find(|x| x.id == m.id).expect("kept");
        assert_eq!(now_m, m, "{:?} of {} rewritten", m.kind, m.due);
    }
    assert!(after.milestones.iter().any(|m| m.kind == MilestoneKind::T0 && m.due > t.end));
}

/// A file of the release before (schema 20: it stores the milestones skipped before an
/// account came into Radar, and would read their absence as overdue ones) moves to schema
/// 21 and on (22 since session 28: milestone notes in the search index), so that release
/// refuses it after; its rows stay, and the file as it was is kept beside it (session 26).
#[test]
fn a_file_of_schema_20_moves_on_keeps_its_rows_and_a_copy() {
    let (_dir, db) = fixture();
    let lists = Store::open(&db).unwrap().load_all_facts().unwrap();
    let c = Connection::open(&db).unwrap();
    c.pragma_update(None, "user_version", 20).unwrap();
    let rows: i64 = c.query_row("SELECT count(*) FROM milestone", [], |r| r.get(0)).unwrap();
    assert!(rows > 0);
    drop(c);
    assert_eq!(Store::open(&db).unwrap().load_all_facts().unwrap(), lists, "read the same");
    let c = Connection::open(&db).unwrap();
    assert_eq!(
        c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(),
        radar::store::LATEST_VERSION
    );
    assert_eq!(c.query_row("SELECT count(*) FROM milestone", [], |r| r.get::<_, i64>(0)).unwrap(), rows);
    let copy = Connection::open(db.with_file_name("portfolio.schema-20.db")).unwrap();
    assert_eq!(copy.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).unwrap(), 20);
    assert_eq!(copy.query_row("SELECT count(*) FROM milestone", [], |r| r.get::<_, i64>(0)).unwrap(), rows);
}
