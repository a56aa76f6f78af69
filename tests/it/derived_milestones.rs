//! Issue 19 item 2: the derived-milestone rule (`domain::playbook_derive`) against a file
//! the current release wrote. `tests/fixtures/v6-milestones/portfolio.db`: `radar demo
//! --accounts 12 --seed 5 --today 2026-11-22` by the build of commit aec38ee (schema V6),
//! then three accounts imported from a CSV by the same build (成都天府云图信息技术有限公司二部,
//! "Rocket 🚀 Ltd" with a term started two years ago, so its past milestones were skipped
//! on import, and a micro account), then one pending T-60 follow-up moved a week later with
//! the sqlite3 shell (due + 7 days, version + 1: what the dashboard's snooze writes; the
//! command line has no snooze), and VACUUMed.

use radar::domain::playbook_derive::{derive, keep};
use radar::domain::{Milestone, MilestoneId, MilestoneStatus, playbook};
use radar::store::Store;
use std::path::Path;

fn fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v6-milestones/portfolio.db");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    std::fs::copy(src, &db).unwrap();
    (dir, db)
}

/// Everything but the id of a derived (negative id) milestone, in one order.
fn comparable(ms: &[Milestone]) -> Vec<String> {
    let mut v: Vec<String> = ms
        .iter()
        .map(|m| {
            let id = if m.id.0 < 0 { "derived".to_string() } else { format!("{}@{}", m.id, m.version) };
            format!("{} {} {} {:?} {:?} {id}", m.due, m.kind, m.status, m.done_on, m.note)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_milestones_of_a_file_the_current_release_wrote_are_derived_back_from_the_kept_rows() {
    let (_dir, db) = fixture();
    let store = Store::open(&db).unwrap();
    let all = store.load_all_facts().unwrap();
    assert_eq!(all.len(), 15);
    let (mut stored, mut kept_rows, mut moved) = (0, 0, 0);
    for f in &all {
        let mut terms = f.terms.clone();
        terms.sort_by_key(|t| (t.start, t.id));
        let generated = playbook::generate(&f.account, &terms);
        let kept = keep(&f.milestones, &generated);
        // What a migration drops is pending and exactly what the playbook derives.
        for m in f.milestones.iter().filter(|m| !kept.iter().any(|k| k.milestone.id == m.id)) {
            assert_eq!(m.status, MilestoneStatus::Pending, "{m:?}");
            assert!(generated.iter().any(|g| g.kind == m.kind && g.due == m.due), "{m:?}");
        }
        moved += kept.iter().filter(|k| k.origin.is_some_and(|o| o != k.milestone.due)).count();
        let derived = derive(&f.account, &terms, &kept);
        // The stored list, with each dropped row standing for the derived one it becomes.
        let want: Vec<Milestone> = f
            .milestones
            .iter()
            .map(|m| {
                let dropped = !kept.iter().any(|k| k.milestone.id == m.id);
                if dropped { Milestone { id: MilestoneId(-1), ..m.clone() } } else { m.clone() }
            })
            .collect();
        assert_eq!(comparable(&derived), comparable(&want), "account {}", f.account.name);
        stored += f.milestones.len();
        kept_rows += kept.len();
    }
    assert_eq!(moved, 1, "the snoozed T-60 claims the date it left");
    // Only decisions stay: the pending rows of this file are most of what goes.
    let pending =
        all.iter().flat_map(|f| &f.milestones).filter(|m| m.status == MilestoneStatus::Pending).count();
    assert_eq!(stored - kept_rows, pending - 1, "every pending row but the snoozed one goes");
}
