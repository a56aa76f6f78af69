//! The team database's schema: versioned migrations beside SQLite's, recorded in
//! `radar.meta`, run by `radar team init` in one transaction under an advisory lock. A
//! CSM's radar never migrates: it checks the version and says whom to ask.

use super::error::pg_err;
use crate::store::{Result, StoreError};
use postgres::{Client, GenericClient};

/// `radar.meta.app` of a Radar team database.
pub const APP: &str = "renewal-radar";

/// The team schema version this build writes (= number of migrations).
pub const LATEST_TEAM_VERSION: i64 = 3;

/// Each migration's SQL, oldest first; run as `radar_owner`.
/// V2: pending playbook milestones derived, not stored (its SQL, then
/// `derive_migration::keep_decisions`). V3: skips before arrival derived too (no table
/// changes: the version keeps a V2 radar from misreading).
const MIGRATIONS: &[&[&str]] = &[
    &[include_str!("schema_v1.sql"), include_str!("schema_access.sql")],
    &[include_str!("schema_v2.sql")],
    &[include_str!("schema_v3.sql")],
];

/// The key of `team init`'s advisory lock ("RRDR").
const INIT_LOCK: i64 = 0x5252_4452;

/// The version recorded in the database, if it has a Radar schema.
pub(crate) fn version(c: &mut impl GenericClient) -> Result<Option<i64>> {
    let has: bool = c.query_one("SELECT to_regclass('radar.meta') IS NOT NULL", &[]).map_err(pg_err)?.get(0);
    if !has {
        return Ok(None);
    }
    let row = c.query_opt("SELECT app, version FROM radar.meta", &[]).map_err(pg_err)?;
    match row {
        Some(r) if r.get::<_, String>(0) == APP => Ok(Some(r.get(1))),
        _ => Err(StoreError::Team(
            "this PostgreSQL database has a `radar` schema that is not Renewal Radar's".into(),
        )),
    }
}

/// Refuses a database this build cannot use as it is (a CSM's open).
pub(crate) fn check(c: &mut Client, shown: &str) -> Result<()> {
    match version(c)? {
        None => Err(StoreError::Team(format!(
            "{shown}: no Renewal Radar team schema here yet: ask your team lead to run `radar team init`"
        ))),
        Some(v) if v > LATEST_TEAM_VERSION => Err(newer(shown, v)),
        Some(v) if v < LATEST_TEAM_VERSION => Err(StoreError::Team(format!(
            "{shown}: the team database is at schema {v}, this radar needs {LATEST_TEAM_VERSION}: ask your team lead to run `radar team init`"
        ))),
        Some(_) => Ok(()),
    }
}

fn newer(shown: &str, found: i64) -> StoreError {
    StoreError::NewerSchema { path: shown.into(), found, supported: LATEST_TEAM_VERSION }
}

/// Creates or upgrades the schema and roles; the caller becomes a lead. Idempotent.
/// Returns the versions before and after.
pub(crate) fn init(c: &mut Client, shown: &str) -> Result<(Option<i64>, i64)> {
    let mut tx = c.transaction().map_err(pg_err)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INIT_LOCK]).map_err(pg_err)?;
    let before = version(&mut tx)?;
    match before {
        Some(v) if v > LATEST_TEAM_VERSION => return Err(newer(shown, v)),
        // Up to date: nothing to do, and nothing a CSM without CREATEROLE could not do.
        Some(v) if v == LATEST_TEAM_VERSION => return Ok((before, v)),
        _ => {}
    }
    // Roles are cluster-wide: another database's init may be creating them right now.
    tx.batch_execute(
        "DO $$ BEGIN
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'radar_owner') THEN
             BEGIN CREATE ROLE radar_owner NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
           END IF;
           IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'radar_csm') THEN
             BEGIN CREATE ROLE radar_csm NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
           END IF;
           IF NOT pg_has_role(current_user, 'radar_owner', 'MEMBER') THEN
             EXECUTE format('GRANT radar_owner TO %I', current_user);
           END IF;
           EXECUTE format('GRANT CREATE ON DATABASE %I TO radar_owner', current_database());
           -- No JIT here (new sessions): row security's subplans price the portfolio query
           -- past jit_above_cost; at 10k accounts, as a CSM, compiling took 3.8 s of a
           -- 4.2 s query (0.44 s without). Radar's queries are short.
           EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
           -- An index probe priced as a cached one (the default, 4, prices a disk seek):
           -- row security's EXISTS per child row is then planned as a probe of account's
           -- key where a few rows are read, not as a hash of every readable account.
           EXECUTE format('ALTER DATABASE %I SET random_page_cost = 1.1', current_database());
         END $$",
    )
    .map_err(|e| migrate_err(shown, 0, e))?;
    let from = before.unwrap_or(0);
    tx.batch_execute("SET LOCAL ROLE radar_owner").map_err(pg_err)?;
    for (i, parts) in MIGRATIONS.iter().enumerate().skip(usize::try_from(from).unwrap_or(0)) {
        for sql in *parts {
            tx.batch_execute(sql).map_err(|e| migrate_err(shown, i + 1, e))?;
        }
        if i + 1 == 2 {
            super::derive_migration::keep_decisions(&mut tx)?;
        }
    }
    if before.is_none() {
        tx.execute("INSERT INTO radar.meta (app, version) VALUES ($1, $2)", &[&APP, &LATEST_TEAM_VERSION])
            .map_err(pg_err)?;
    } else {
        tx.execute("UPDATE radar.meta SET version = $1", &[&LATEST_TEAM_VERSION]).map_err(pg_err)?;
    }
    tx.batch_execute(
        "INSERT INTO radar.csm (login, lead) VALUES (session_user, true) ON CONFLICT (login) DO UPDATE SET lead = true;
         RESET ROLE",
    )
    .map_err(pg_err)?;
    tx.commit().map_err(pg_err)?;
    Ok((before, LATEST_TEAM_VERSION))
}

fn migrate_err(shown: &str, version: usize, e: postgres::Error) -> StoreError {
    StoreError::Team(format!(
        "{shown}: cannot create the team schema (version {version}): {}",
        super::error::describe(&e)
    ))
}
