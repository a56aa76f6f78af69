//! Team mode, the commands (issue 18 items 1, 2, 6): `radar team init|add-user|assign`
//! against a real PostgreSQL, credentials, schema versions, and what team mode refuses.
//! The PostgreSQL tests skip with a notice without `RADAR_TEST_PG`.

use crate::support::BIN;
use crate::support::db::TestDb;
use std::process::Command;

fn radar(args: &[&str]) -> std::process::Output {
    Command::new(BIN).args(args).env("RADAR_CONFIG", "/nonexistent/radar.toml").output().unwrap()
}

#[test]
fn a_password_in_the_address_is_refused_and_not_echoed() {
    for db in
        ["postgresql://alice:hunter2@/radar?host=/tmp", "host=/tmp dbname=radar user=alice password=hunter2"]
    {
        let out = radar(&["--db", db, "team", "init"]);
        assert_eq!(out.status.code(), Some(2), "{db}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("PGPASSWORD") && err.contains("~/.pgpass"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }
}

#[test]
fn the_config_file_may_name_the_team_server_but_not_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[team]\nurl = \"postgresql://alice:hunter2@/radar?host=/tmp\"\n").unwrap();
    let out = Command::new(BIN)
        .args(["team", "init"])
        .env("RADAR_CONFIG", &cfg)
        .env_remove("RADAR_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[team] url") && err.contains("PGPASSWORD") && !err.contains("hunter2"), "{err}");
}

#[test]
fn team_commands_need_a_team_database() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.db");
    let out = radar(&["--db", file.to_str().unwrap(), "team", "init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgresql://"));
}

#[test]
fn init_is_idempotent_and_the_caller_is_a_lead() {
    let Some(db) = TestDb::postgres() else { return };
    let out = db.radar("postgres", None, &["team", "init"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("already at schema"));
    // A CSM running it on an up-to-date database changes nothing and needs no privilege.
    let csm = db.radar("alice", None, &["team", "init"]);
    assert!(csm.status.success(), "{}", String::from_utf8_lossy(&csm.stderr));
    let mut su = db.connect("postgres");
    let lead: bool = su.query_one("SELECT lead FROM csm WHERE login = 'postgres'", &[]).unwrap().get(0);
    assert!(lead);
}

#[test]
fn add_user_stores_a_scram_verifier_and_the_password_logs_in() {
    let Some(db) = TestDb::postgres() else { return };
    let mut su = db.connect("postgres");
    let pw: String = su
        .query_one("SELECT rolpassword FROM pg_authid WHERE rolname = $1", &[&db.login("alice")])
        .unwrap()
        .get(0);
    assert!(pw.starts_with("SCRAM-SHA-256$"), "{pw}");
    assert!(!pw.contains(&db.password("alice")));
    let team: Option<String> =
        su.query_one("SELECT team FROM csm WHERE login = $1", &[&db.login("alice")]).unwrap().get(0);
    assert_eq!(team.as_deref(), Some("east"));
    // Wrong password: a clear login message, not an outage.
    let out = db.radar("alice", Some("wrong"), &["team", "assign", "1", "x"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot log in") && err.contains("PGPASSWORD"), "{err}");
    // A name PostgreSQL would need quoting for is refused before anything is sent.
    let out = db.radar("postgres", None, &["team", "add-user", "Robert\"; DROP TABLE account; --"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_password_comes_from_a_private_pgpass_only() {
    use std::os::unix::fs::PermissionsExt;
    let Some(db) = TestDb::postgres() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pass = dir.path().join("pgpass");
    std::fs::write(&pass, format!("*:*:{}:{}:{}\n", db.name, db.login("dave"), db.password("dave"))).unwrap();
    let run = |mode: u32| {
        std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(mode)).unwrap();
        Command::new(BIN)
            .args(["--db", &db.url("dave"), "team", "init"])
            .env("RADAR_CONFIG", "/nonexistent/radar.toml")
            .env_remove("PGPASSWORD")
            .env("PGPASSFILE", &pass)
            .output()
            .unwrap()
    };
    let open = run(0o644);
    assert!(!open.status.success(), "{}", String::from_utf8_lossy(&open.stdout));
    assert!(
        String::from_utf8_lossy(&open.stderr).contains("chmod 0600"),
        "{}",
        String::from_utf8_lossy(&open.stderr)
    );
    let private = run(0o600);
    assert!(private.status.success(), "{}", String::from_utf8_lossy(&private.stderr));
}

#[test]
fn a_newer_team_schema_is_refused_with_the_usual_message() {
    let Some(db) = TestDb::postgres() else { return };
    db.connect("postgres").batch_execute("UPDATE meta SET version = 99").unwrap();
    for args in [&["team", "assign", "1", "x"][..], &["team", "init"][..]] {
        let out = db.radar("postgres", None, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("newer Renewal Radar (schema version 99)"), "{err}");
    }
}

#[test]
fn solo_commands_and_backups_say_what_team_mode_lacks() {
    let Some(db) = TestDb::postgres() else { return };
    for (args, want) in [
        (&["demo"][..], "not available in team mode: radar demo works on a solo file only"),
        (&["--demo"][..], "not available in team mode: radar --demo"),
        (&["backup"][..], "pg_dump"),
        (&["restore", "x.db"][..], "pg_dump"),
    ] {
        let out = db.radar("alice", None, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(want), "{args:?}: {err}");
    }
}

/// Team schema V2 (issue 19 item 2): a V1 team database holds every playbook milestone as
/// a row; the lead's `team init` keeps only the decisions, and every account's milestones
/// read the same after (the dropped rows come back derived, under derived ids).
#[test]
fn init_upgrades_a_v1_team_database_to_derived_milestones() {
    use radar::domain::MilestoneStatus;
    let Some(db) = TestDb::postgres() else { return };
    let mut s = db.store("postgres");
    crate::support::store_edit::seed(&mut s, 12);
    let before = s.load_all_facts().unwrap();
    drop(s);
    // What a V1 database holds: the derived milestones stored as pending rows, no origin.
    let mut su = db.connect("postgres");
    let mut derived = 0;
    for m in before.iter().flat_map(|f| &f.milestones).filter(|m| m.id.0 < 0) {
        su.execute(
            "INSERT INTO milestone (account_id, kind, due, status, note, version) VALUES ($1, $2, $3, 'pending', '', 1)",
            &[&m.account_id.0, &m.kind.to_string(), &m.due],
        )
        .unwrap();
        derived += 1;
    }
    assert!(derived > 0);
    su.batch_execute("ALTER TABLE milestone DROP COLUMN origin; UPDATE meta SET version = 1").unwrap();
    let rows = |su: &mut postgres::Client| -> i64 {
        su.query_one("SELECT count(*) FROM milestone", &[]).unwrap().get(0)
    };
    let old_rows = rows(&mut su);
    // A CSM's radar refuses the old schema and names who can upgrade it.
    let out = db.radar("alice", None, &["triage"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("team init"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = db.radar("postgres", None, &["team", "init"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(rows(&mut su), old_rows - derived, "the pending rows the playbook derives went");
    let after = db.store("postgres").load_all_facts().unwrap();
    let says = |fs: &[radar::domain::AccountFacts]| {
        let mut v: Vec<String> = fs
            .iter()
            .flat_map(|f| &f.milestones)
            .map(|m| {
                let id = if m.status == MilestoneStatus::Pending && m.id.0 < 0 { 0 } else { m.id.0 };
                format!(
                    "{} {} {} {} {:?} {:?} #{id}",
                    m.account_id.0, m.due, m.kind, m.status, m.done_on, m.note
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(says(&after), says(&before));
    // Once: a second init changes nothing.
    let out = db.radar("postgres", None, &["team", "init"]);
    assert!(out.status.success());
    assert_eq!(rows(&mut su), old_rows - derived);
}

/// `radar doctor` on a team address logs in as a dashboard would: with the right
/// password it says who and how many accounts; with a wrong one it is an error naming the
/// password (exit 1). It said "no portfolio here yet: radar demo writes one" and "solo
/// mode", exit 0, whatever the password (team trial, session 33).
#[test]
fn doctor_on_a_team_address_checks_the_login() {
    let Some(db) = TestDb::postgres() else { return };
    db.account("Alice's", "alice");
    let doctor = |pw: Option<&str>| {
        let out = db.radar("alice", pw, &["doctor", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        let all: Vec<serde_json::Value> = json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["findings"].as_array().unwrap().clone())
            .collect();
        let of = |check: &str| all.iter().find(|f| f["check"] == check).cloned().unwrap_or_default();
        (out.status.code(), of("database.team"), of("team.mode"), json.to_string())
    };
    let (code, found, mode, all) = doctor(None);
    assert_eq!(found["severity"], "ok", "{all}");
    let login = db.login("alice");
    assert!(
        found["message"].as_str().unwrap().contains(&format!("logged in as {login}; 1 accounts")),
        "{all}"
    );
    assert!(mode["message"].as_str().unwrap().starts_with("team mode"), "{all}");
    assert!(!all.contains("radar demo") && !all.contains("solo mode"), "{all}");
    assert_eq!(code, Some(0), "{all}");
    let (code, found, _, all) = doctor(Some("not-the-password"));
    assert_eq!((code, found["severity"].as_str()), (Some(1), Some("error")), "{all}");
    assert!(found["message"].as_str().unwrap().contains("password"), "{all}");
}
