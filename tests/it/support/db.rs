//! Tests on a real PostgreSQL (design note §8): `scripts/with-postgres cargo test` sets
//! `RADAR_TEST_PG` to a superuser's address on a throwaway cluster. Each test gets a fresh
//! database with the team schema (`radar team init` run by the real binary) and the cast:
//! alice and bob (team east), carol (no team), erin (team west), dave the lead. Logins are
//! cluster-wide, so each database's cast is prefixed with the database's name.
//!
//! Without `RADAR_TEST_PG` a PostgreSQL test returns at once after a visible notice (once
//! per process, written past libtest's capture); under `CI=true` that is a failure.

use std::io::Write;
use std::process::Command;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CAST: &[(&str, Option<&str>, bool)] = &[
    ("alice", Some("east"), false),
    ("bob", Some("east"), false),
    ("carol", None, false),
    ("erin", Some("west"), false),
    ("dave", None, true),
];

/// The superuser address, or None (the test should return) after the notice.
pub fn server() -> Option<String> {
    match std::env::var("RADAR_TEST_PG") {
        Ok(s) if !s.is_empty() => Some(s),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "RADAR_TEST_PG is not set under CI=true: run the tests with scripts/with-postgres"
            );
            static NOTICE: Once = Once::new();
            NOTICE.call_once(|| {
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED: PostgreSQL tests (run scripts/with-postgres cargo test)"
                );
            });
            None
        }
    }
}

/// A fresh team database on the test cluster.
pub struct TestDb {
    /// The superuser's address of this database.
    pub admin: String,
    /// The superuser's address of the cluster (to drop the database afterwards).
    server: String,
    pub name: String,
    socket_dir: String,
    port: String,
}

static N: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// A new database with the team schema and the cast; None when there is no server.
    pub fn postgres() -> Option<TestDb> {
        Some(TestDb::on(&server()?))
    }

    /// A new database with the team schema and the cast on the cluster at `server` (a
    /// superuser's address; a test's own `PgCluster`).
    pub fn on(server: &str) -> TestDb {
        let cfg: postgres::Config = server.parse().unwrap();
        let socket_dir = match &cfg.get_hosts()[0] {
            postgres::config::Host::Unix(p) => p.display().to_string(),
            postgres::config::Host::Tcp(h) => h.clone(),
        };
        let port = cfg.get_ports().first().copied().unwrap_or(5432).to_string();
        let name = format!("t_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
        let mut su = postgres::Client::connect(server, postgres::NoTls).unwrap();
        su.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let admin = format!("postgresql://postgres@/{name}?host={socket_dir}&port={port}");
        let db = TestDb { admin, server: server.to_string(), name: name.clone(), socket_dir, port };
        let out = db.radar("postgres", None, &["team", "init"]);
        assert!(out.status.success(), "team init: {}", String::from_utf8_lossy(&out.stderr));
        for (who, team, lead) in CAST {
            let login = db.login(who);
            let mut args = vec!["team", "add-user", login.as_str()];
            if let Some(t) = team {
                args.extend(["--team", t]);
            }
            if *lead {
                args.push("--lead");
            }
            let out = Command::new(super::BIN)
                .args(["--db", &db.admin])
                .args(&args)
                .env("RADAR_NEW_PASSWORD", db.password(who))
                .env("RADAR_CONFIG", "/nonexistent/radar.toml")
                .output()
                .unwrap();
            assert!(out.status.success(), "add-user {who}: {}", String::from_utf8_lossy(&out.stderr));
        }
        db
    }

    /// This database's login for a cast member.
    pub fn login(&self, who: &str) -> String {
        if who == "postgres" { who.to_string() } else { format!("{}_{who}", self.name) }
    }

    pub fn password(&self, who: &str) -> String {
        format!("pw-{who}-密码")
    }

    /// The address `who` connects with (no password in it).
    pub fn url(&self, who: &str) -> String {
        format!("postgresql://{}@/{}?host={}&port={}", self.login(who), self.name, self.socket_dir, self.port)
    }

    /// A connection as `who` (their own password: scram, row security applies).
    pub fn connect(&self, who: &str) -> postgres::Client {
        let mut cfg: postgres::Config = self.url(who).parse().unwrap();
        if who != "postgres" {
            cfg.password(self.password(who));
        }
        let mut c = cfg.connect(postgres::NoTls).unwrap();
        c.batch_execute("SET search_path = radar").unwrap();
        c
    }

    /// Runs the real binary as `who`, the password in PGPASSWORD (or `pw`).
    pub fn radar(&self, who: &str, pw: Option<&str>, args: &[&str]) -> std::process::Output {
        self.radar_cmd(who, pw, args).output().unwrap()
    }

    /// The real binary as `who` (as `radar`), to spawn.
    pub fn radar_cmd(&self, who: &str, pw: Option<&str>, args: &[&str]) -> Command {
        let mut cmd = Command::new(super::BIN);
        cmd.args(["--db", &self.url(who)])
            .args(args)
            .env("RADAR_CONFIG", "/nonexistent/radar.toml")
            .env_remove("PGPASSWORD");
        if who != "postgres" {
            cmd.env("PGPASSWORD", pw.map_or_else(|| self.password(who), str::to_string));
        }
        cmd.env("PGPASSFILE", "/nonexistent/pgpass");
        cmd
    }

    /// `who`'s store, in this process (row security applies as to the real binary).
    pub fn store(&self, who: &str) -> radar::store::Store {
        let target = radar::store::pg::TeamTarget::parse(&self.url(who)).unwrap();
        let target = if who == "postgres" { target } else { target.with_password(&self.password(who)) };
        radar::store::Store::open_team(&target).unwrap_or_else(|e| panic!("open as {who}: {e}"))
    }

    /// Inserts an account owned by `owner` (as the superuser); returns its id.
    pub fn account(&self, name: &str, owner: &str) -> i64 {
        let mut su = self.connect("postgres");
        su.query_one(
            "INSERT INTO account (name, tier, currency, stage, created_on, owner_login) \
             VALUES ($1, 'mid', 'CNY', 'onboarding', DATE '2026-01-01', $2::text::name) RETURNING id",
            &[&name, &self.login(owner)],
        )
        .unwrap()
        .get(0)
    }

    /// Inserts a contact of `account` (as the superuser); returns its id.
    pub fn contact(&self, account: i64, name: &str) -> i64 {
        let mut su = self.connect("postgres");
        su.query_one(
            "INSERT INTO contact (account_id, name, role, stance, influence, added_on) \
             VALUES ($1, $2, 'decision_maker', 'supporter', 'high', DATE '2026-01-01') RETURNING id",
            &[&account, &name],
        )
        .unwrap()
        .get(0)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut su) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = su.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
            for (who, _, _) in CAST {
                let _ = su.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.login(who)));
            }
        }
    }
}

/// `both!(name, |db| body)`: the same test on a SQLite file and on PostgreSQL, as
/// `name_sqlite` and `name_pg`, so a failure names its engine. `db` is a `Backend`.
#[macro_export]
macro_rules! both {
    ($name:ident, |$db:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let dir = tempfile::tempdir().unwrap();
                let $db = $crate::support::db::Backend::Sqlite(dir.path().join("p.db"));
                $body
            }
            #[test]
            fn pg() {
                let Some(t) = $crate::support::db::TestDb::postgres() else { return };
                let $db = $crate::support::db::Backend::Pg(t);
                $body
            }
        }
    };
}

/// The database a `both!` test runs on.
pub enum Backend {
    Sqlite(std::path::PathBuf),
    Pg(TestDb),
}

impl Backend {
    /// A store on this database: the file, or `who`'s login on PostgreSQL.
    pub fn store(&self, who: &str) -> radar::store::Store {
        match self {
            Backend::Sqlite(p) => radar::store::Store::open(p).unwrap(),
            Backend::Pg(t) => t.store(who),
        }
    }

    /// The `--db` value to run the binary with (as the lead on PostgreSQL).
    pub fn db_arg(&self) -> String {
        match self {
            Backend::Sqlite(p) => p.display().to_string(),
            Backend::Pg(t) => t.url("postgres"),
        }
    }
}

/// Tables a neutral dump leaves out on PostgreSQL: the schema's own (`meta`), the team's
/// people (`csm`) and the change feed, which grows with every write, an undo's too.
const NOT_DUMPED: [&str; 3] = ["meta", "csm", "change_log"];

impl Backend {
    /// `Store::dump`'s format (`## table`, then `cell|cell|…` by the first column, the
    /// `version` last, integers as `Integer(N)`) on either engine: what a test compares
    /// before and after, on one engine. Read past the store (the superuser on PostgreSQL,
    /// past row security), so a row the store hides still shows.
    pub fn dump(&self) -> String {
        match self {
            Backend::Sqlite(p) => radar::store::Store::open(p).unwrap().dump().unwrap(),
            Backend::Pg(t) => t.dump(),
        }
    }

    /// Runs `sql` (`$1`… placeholders, one i64 parameter each in `args`) past the store and
    /// returns the first column of the first row: the same SQL on either engine.
    pub fn count(&self, sql: &str, args: &[i64]) -> i64 {
        match self {
            Backend::Sqlite(p) => rusqlite::Connection::open(p)
                .unwrap()
                .query_row(sql, rusqlite::params_from_iter(args), |r| r.get(0))
                .unwrap(),
            Backend::Pg(t) => {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
                t.connect("postgres").query_one(sql, &params).unwrap().get(0)
            }
        }
    }

    /// Runs one statement (`$1`… placeholders, i64 parameters) past the store: the same SQL
    /// on either engine. Returns how many rows it changed.
    pub fn exec(&self, sql: &str, args: &[i64]) -> u64 {
        match self {
            Backend::Sqlite(p) => {
                rusqlite::Connection::open(p).unwrap().execute(sql, rusqlite::params_from_iter(args)).unwrap()
                    as u64
            }
            Backend::Pg(t) => {
                let params: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
                t.connect("postgres").execute(sql, &params).unwrap()
            }
        }
    }

    /// Empties the database for the next case of a property test: the file goes; on
    /// PostgreSQL every portfolio row goes (the cast stays).
    pub fn reset(&self) {
        match self {
            Backend::Sqlite(p) => {
                for ext in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
                }
            }
            Backend::Pg(t) => t
                .connect("postgres")
                .batch_execute("TRUNCATE account, import_mapping, fixed_reason, fx_rate, change_log CASCADE")
                .unwrap(),
        }
    }
}

impl TestDb {
    /// See `Backend::dump`.
    pub fn dump(&self) -> String {
        let mut su = self.connect("postgres");
        let tables: Vec<String> = su
            .query(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = 'radar' AND table_type = 'BASE TABLE' ORDER BY 1",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .filter(|t: &String| !NOT_DUMPED.contains(&t.as_str()))
            .collect();
        let mut out = String::new();
        for table in tables {
            let mut cols: Vec<(String, bool)> = su
                .query(
                    "SELECT column_name::text, data_type IN ('bigint', 'integer', 'smallint') \
                     FROM information_schema.columns WHERE table_schema = 'radar' AND table_name = $1 \
                     ORDER BY ordinal_position",
                    &[&table],
                )
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            if let Some(at) = cols.iter().position(|(c, _)| c == "version") {
                let version = cols.remove(at);
                cols.push(version);
            }
            let list = cols.iter().map(|(c, _)| format!("t.\"{c}\"::text")).collect::<Vec<_>>().join(", ");
            let all = (1..=cols.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
            let sql = format!("SELECT {list} FROM \"{table}\" t ORDER BY t.\"{}\", {all}", cols[0].0);
            out.push_str(&format!("## {table}\n"));
            for row in su.query(&sql, &[]).unwrap() {
                let cells: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, (_, int))| match row.get::<_, Option<String>>(i) {
                        None => "Null".to_string(),
                        Some(v) if *int => format!("Integer({v})"),
                        Some(v) => format!("Text({v:?})"),
                    })
                    .collect();
                out.push_str(&cells.join("|"));
                out.push('\n');
            }
        }
        out
    }
}

/// Runs a property over `cases` cases of `strategy` on `db`, each on an emptied database
/// (`Backend::reset`); a failing case (shrunk) fails the test.
pub fn run_cases<S: proptest::strategy::Strategy>(
    db: &Backend,
    cases: u32,
    strategy: S,
    test: impl Fn(&Backend, S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
) {
    let config = proptest::test_runner::Config { cases, ..proptest::test_runner::Config::default() };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, |v| {
        db.reset();
        test(db, v)
    }) {
        panic!("{e}");
    }
}

/// `both_props!(name, cases_sqlite, cases_pg, strategy, |db, value| body)`: a property on a
/// SQLite file (on the RAM disk where there is one) and on PostgreSQL, as `name::sqlite`
/// and `name::pg`, with fewer cases on the server (each case costs a reset and a seed).
#[macro_export]
macro_rules! both_props {
    ($name:ident, $lite:expr, $pg:expr, $strategy:expr, |$db:ident, $v:pat_param| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[test]
            fn sqlite() {
                let shm = std::path::Path::new("/dev/shm");
                let dir = if shm.is_dir() { tempfile::tempdir_in(shm) } else { tempfile::tempdir() }.unwrap();
                let db = $crate::support::db::Backend::Sqlite(dir.path().join("p.db"));
                $crate::support::db::run_cases(&db, $lite, $strategy, |$db, $v| $body);
            }
            #[test]
            fn pg() {
                let Some(t) = $crate::support::db::TestDb::postgres() else { return };
                let db = $crate::support::db::Backend::Pg(t);
                $crate::support::db::run_cases(&db, $pg, $strategy, |$db, $v| $body);
            }
        }
    };
}
