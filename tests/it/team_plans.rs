//! PostgreSQL's plans for team mode's hot reads (issue 18): a detail load as a CSM reads
//! each table's rows of its account by index and checks each row's access with one probe
//! of account's key. It used to hash every account the CSM may read, once per table (32 ms
//! per detail at 10k accounts, ~100x SQLite). Plans, not timings: the generic plan (what a
//! prepared statement runs after five calls) of the store's own SQL, as a CSM, with the
//! statistics `team import-solo` leaves. Skipped with a notice without `RADAR_TEST_PG`.

use crate::support::db::TestDb;

/// 2000 accounts of alice's with five touchpoints, four milestones, two contacts and a
/// requirement with two transitions each; statistics gathered as `team import-solo` does.
fn book(db: &TestDb) -> i64 {
    let mut su = db.connect("postgres");
    su.execute(
        "INSERT INTO account (name, tier, currency, stage, created_on, owner_login) \
         SELECT '成都天府云图 🚀 ' || g, 'mid', 'CNY', 'onboarding', DATE '2026-01-01', $1::text::name \
         FROM generate_series(1, 2000) g",
        &[&db.login("alice")],
    )
    .unwrap();
    su.batch_execute(
        "INSERT INTO touchpoint (account_id, date, kind, note) \
           SELECT a.id, DATE '2026-01-01' + g, 'call', E'line one\\nline two \\x1b[31m' FROM account a, generate_series(1, 5) g;
         INSERT INTO milestone (account_id, kind, due, status) \
           SELECT a.id, 'activation', DATE '2026-01-01' + g, 'pending' FROM account a, generate_series(1, 4) g;
         INSERT INTO contact (account_id, name, role, stance, influence, added_on) \
           SELECT a.id, 'C' || g, 'decision_maker', 'supporter', 'high', DATE '2026-01-01' FROM account a, generate_series(1, 2) g;
         INSERT INTO requirement (account_id, title, category, level, raised_on, status) \
           SELECT a.id, 'R', 'feature', 'p1', DATE '2026-01-01', 'collected' FROM account a;
         INSERT INTO requirement_transition (requirement_id, status, at) \
           SELECT r.id, 'collected', TIMESTAMP '2026-01-01 00:00:00' + g * INTERVAL '1 day' FROM requirement r, generate_series(1, 2) g;
         SELECT radar.analyze_book();",
    )
    .unwrap();
    su.query_one("SELECT max(id) FROM account", &[]).unwrap().get(0)
}

/// The generic plan of `sql` (`?1` the account id) as `who`.
fn generic_plan(db: &TestDb, who: &str, sql: &str, id: i64) -> String {
    let mut c = db.connect(who);
    c.batch_execute("SET plan_cache_mode = force_generic_plan").unwrap();
    c.batch_execute(&format!("PREPARE q(bigint) AS {}", sql.replace("?1", "$1"))).unwrap();
    let rows = c.query(&format!("EXPLAIN EXECUTE q({id})"), &[]).unwrap();
    rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_detail_load_as_a_csm_probes_account_by_key_and_never_scans_the_book() {
    let Some(db) = TestDb::postgres() else { return };
    let id = book(&db);
    let sqls = radar::store::Store::one_account_sql();
    assert_eq!(sqls.len(), 12, "the account and its 11 tables");
    for sql in &sqls {
        let plan = generic_plan(&db, "alice", sql, id);
        assert!(!plan.contains("Seq Scan on account"), "reads every account for one:\n{sql}\n{plan}");
        assert!(!plan.contains("hashed SubPlan"), "hashes the readable accounts for one:\n{sql}\n{plan}");
    }
    // What the plans read is still the account's, and nothing of anyone else's.
    let alice = db.store("alice");
    let f = alice.load_facts(radar::domain::AccountId(id)).unwrap().unwrap();
    assert_eq!((f.touchpoints.len(), f.milestones.len(), f.contacts.len()), (5, 4, 2));
    assert_eq!(f.requirements[0].history.len(), 2);
    assert!(f.touchpoints[0].note.contains('\n') && f.touchpoints[0].note.contains('\u{1b}'));
    let carol = db.store("carol");
    assert!(carol.load_facts(radar::domain::AccountId(id)).unwrap().is_none());
}

#[test]
fn a_leads_child_reads_pass_on_the_lead_check_alone() {
    let Some(db) = TestDb::postgres() else { return };
    let id = book(&db);
    let touchpoints =
        radar::store::Store::one_account_sql().into_iter().find(|s| s.contains("FROM touchpoint")).unwrap();
    let mut c = db.connect("dave");
    c.batch_execute(&format!("PREPARE q(bigint) AS {}", touchpoints.replace("?1", "$1"))).unwrap();
    let rows = c.query(&format!("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE q({id})"), &[]).unwrap();
    let plan = rows.iter().map(|r| r.get::<_, String>(0)).collect::<Vec<_>>().join("\n");
    // The EXISTS of the read policy is planned but, behind the lead's initplan, never run.
    let probes: Vec<&str> = plan.lines().filter(|l| l.contains(" on account a")).collect();
    assert!(!probes.is_empty(), "{plan}");
    assert!(probes.iter().all(|l| l.contains("never executed")), "{plan}");
}
