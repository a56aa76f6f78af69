//! Store behaviour: reopening, stale versions and the risk cache on both engines
//! (`::sqlite`, `::pg`; issue 18 item 8). SQLite-only, and why:
//! - `new_file_is_private`: the file's mode (a team database is the server's);
//! - `newer_schema_is_refused_…`: the file's `user_version` (PostgreSQL's own: `team_cli`);
//! - `non_database_and_foreign_database_are_refused`: what a file that is not ours holds;
//! - `demo_is_deterministic`, `demo_refuses_to_replace_…`: `radar demo` writes a file;
//! - `demo_has_the_realistic_gaps_…`: the generator alone, no store at all.

use crate::both;
use crate::support::db::Backend;
use chrono::NaiveDate;
use radar::demo::{self, DemoOptions};
use radar::domain::*;
use radar::store::{LATEST_VERSION, Store, StoreError};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn demo_opts(n: usize) -> DemoOptions {
    DemoOptions { accounts: n, seed: 7, today: today() }
}

fn seeded(path: &std::path::Path, n: usize) -> Store {
    let mut s = Store::open(path).unwrap();
    let mut facts = demo::generate_range(&demo_opts(n), 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    s
}

/// `n` demo accounts on `db`, as alice; no risk computed yet.
fn seeded_on(db: &Backend, n: usize) -> Store {
    let mut s = db.store("alice");
    let mut facts = demo::generate_range(&demo_opts(n), 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    s
}

both!(migrates_from_empty_and_reopen_keeps_everything, |db| {
    let before = {
        let s = seeded_on(&db, 20);
        if let Backend::Sqlite(_) = db {
            assert_eq!(s.schema_version().unwrap(), LATEST_VERSION);
        }
        db.dump()
    };
    let s = db.store("alice");
    assert_eq!(db.dump(), before);
    assert_eq!(s.account_count().unwrap(), 20);
    // Loaded facts equal what was generated (ids aside, which the store assigned).
    let all = s.load_all_facts().unwrap();
    assert_eq!(all.len(), 20);
    let one = s.load_facts(all[0].account.id).unwrap().unwrap();
    assert_eq!(one, all[0]);
    assert_eq!(one.account.name, demo::FIRST_ACCOUNT);
    assert!(all.iter().any(|f| f.requirements.iter().any(|r| r.history.len() > 1)));
});

#[test]
fn new_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/p.db");
    Store::open(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn newer_schema_is_refused_naming_both_versions_and_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    drop(seeded(&path, 3));
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", LATEST_VERSION + 5).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().unwrap();
    assert!(
        matches!(err, StoreError::NewerSchema { found, supported, .. } if found == LATEST_VERSION + 5 && supported == LATEST_VERSION)
    );
    let msg = err.to_string();
    assert!(msg.contains(&format!("schema version {}", LATEST_VERSION + 5)), "{msg}");
    assert!(msg.contains(&format!("up to {LATEST_VERSION}")), "{msg}");
    assert!(msg.contains("p.db"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn non_database_and_foreign_database_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "this is not a database, just some notes that are long enough to matter\n".repeat(20),
    )
    .unwrap();
    let err = Store::open(&text).err().unwrap();
    assert!(matches!(err, StoreError::NotRadar { .. }), "{err}");
    assert!(err.to_string().contains("notes.txt"));
    assert!(err.to_string().contains("not an SQLite database"));

    let other = dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = Store::open(&other).err().unwrap();
    assert!(err.to_string().contains("another program"), "{err}");
}

both!(stale_version_update_is_refused_and_other_change_survives, |db| {
    drop(seeded_on(&db, 2));
    let mut a_store = db.store("alice");
    let mut b_store = db.store("dave");
    let id = a_store.load_all_facts().unwrap()[0].account.id;
    let mut a_copy = a_store.account(id).unwrap().unwrap();
    let mut b_copy = b_store.account(id).unwrap().unwrap();
    // Not the owner: a team database keeps the owning login there (`radar team assign`).
    b_copy.region = "B changed this".into();
    let saved = b_store.update_account(&b_copy).unwrap();
    assert_eq!(saved.version, b_copy.version + 1);
    a_copy.region = "A's stale edit".into();
    let err = a_store.update_account(&a_copy).err().unwrap();
    assert!(
        matches!(err, StoreError::Stale { expected, found, .. } if expected == a_copy.version && found == saved.version)
    );
    assert_eq!(a_store.account(id).unwrap().unwrap().region, "B changed this");
});

#[test]
fn demo_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (p1, p2) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for p in [&p1, &p2] {
        demo::write_demo(p, &demo_opts(1000), false, &mut |_, _| {}).unwrap();
    }
    let d1 = Store::open(&p1).unwrap().dump().unwrap();
    let d2 = Store::open(&p2).unwrap().dump().unwrap();
    assert!(d1.len() > 100_000);
    assert!(d1 == d2, "same seed gave different portfolios");
    // A different seed gives a different portfolio.
    let p3 = dir.path().join("c.db");
    demo::write_demo(&p3, &DemoOptions { seed: 8, ..demo_opts(1000) }, false, &mut |_, _| {}).unwrap();
    assert_ne!(Store::open(&p3).unwrap().dump().unwrap(), d1);
}

#[test]
fn demo_refuses_to_replace_a_portfolio_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    drop(seeded(&path, 2));
    let err = demo::write_demo(&path, &demo_opts(5), false, &mut |_, _| {}).err().unwrap();
    assert!(err.to_string().contains("--force"));
    assert_eq!(Store::open(&path).unwrap().account_count().unwrap(), 2);
    demo::write_demo(&path, &demo_opts(5), true, &mut |_, _| {}).unwrap();
    assert_eq!(Store::open(&path).unwrap().account_count().unwrap(), 5);
}

#[test]
fn demo_has_the_realistic_gaps_the_rules_need() {
    let facts = demo::generate_range(&demo_opts(500), 0..500).unwrap();
    let t = today();
    let no_dm = facts.iter().filter(|f| !f.contacts.iter().any(|c| c.role == Role::DecisionMaker)).count();
    let admin_left =
        facts.iter().filter(|f| f.contacts.iter().any(|c| c.role == Role::Admin && !c.active_on(t))).count();
    let broken =
        facts.iter().filter(|f| f.promises.iter().any(|p| p.status == PromiseStatus::Broken)).count();
    let churned = facts
        .iter()
        .filter(|f| {
            matches!(f.terms.last().and_then(|t| t.outcome.as_ref()), Some(TermOutcome::Churned { .. }))
        })
        .count();
    let past_renewal = facts.iter().filter(|f| f.renewal_date().is_some_and(|d| d < t)).count();
    let chinese = facts
        .iter()
        .filter(|f| f.account.name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .count();
    for (what, n) in [
        ("no decision maker", no_dm),
        ("admin left", admin_left),
        ("broken promise", broken),
        ("churned", churned),
        ("overdue renewal", past_renewal),
    ] {
        assert!(n >= 5, "only {n} accounts with {what}");
    }
    assert!(chinese > 150 && chinese < 450, "{chinese} Chinese names of 500");
    for status in ReqStatus::ALL {
        assert!(
            facts.iter().any(|f| f.requirements.iter().any(|r| r.status == *status)),
            "no requirement {status}"
        );
    }
    for f in &facts {
        validate_terms(&f.terms).unwrap();
    }
}

both!(recompute_fills_the_cache_the_portfolio_reads, |db| {
    use radar::domain::risk::{RiskConfig, assess};
    let mut s = seeded_on(&db, 40);
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let cfg = RiskConfig::default();
    assert_eq!(s.risk_as_of().unwrap(), None);
    assert_eq!(radar::refresh::recompute_all(&mut s, now, &cfg).unwrap(), 40);
    assert_eq!(s.risk_as_of().unwrap(), Some(today()));
    assert!(!radar::refresh::ensure_fresh(&mut s, now, &cfg).unwrap(), "already fresh for today");
    let rows = s.portfolio(today()).unwrap();
    for f in s.load_all_facts().unwrap() {
        let row = rows.iter().find(|r| r.id == f.account.id).unwrap();
        let fresh = assess(&f, now, &cfg);
        assert_eq!(row.score, Some(fresh.score), "{}", f.account.name);
        assert_eq!(row.band, Some(fresh.band));
        assert_eq!(row.renewal_date, f.renewal_date());
        assert_eq!(row.arr, f.arr());
        assert_eq!(row.last_touch, f.last_touch(today()));
        let overdue =
            f.milestones.iter().filter(|m| m.status == MilestoneStatus::Pending && m.due < today()).count();
        assert_eq!(row.overdue_milestones as usize, overdue);
    }
    // A new day makes the cache stale.
    let tomorrow = now + chrono::Duration::days(1);
    assert!(radar::refresh::ensure_fresh(&mut s, tomorrow, &cfg).unwrap());
});
