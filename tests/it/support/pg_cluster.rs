//! A PostgreSQL cluster of one test's own, for tests that stop and start the server (the
//! shared one of `scripts/with-postgres` must stay up for every other test). It does what
//! that script does: `initdb` into a temp dir (as the `postgres` OS user when run as root:
//! PostgreSQL refuses root), a Unix socket in that dir only (`listen_addresses=''`), no
//! durability, trust for the superuser and scram for everyone else; stopped and removed
//! when the value drops, also when the test panics.
//!
//! Without PostgreSQL's programs the test skips with the same visible notice as
//! `support::db::server()`; under `CI=true` that is a failure.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    bindir: PathBuf,
    /// As root: the OS user the server's programs run as.
    osuser: Option<String>,
    dir: tempfile::TempDir,
    running: bool,
}

/// The bin dir of a PostgreSQL ≥ 15: `$PG_BINDIR`, `initdb` on PATH, the newest
/// `/usr/lib/postgresql/<ver>/bin`.
fn find_bindir() -> Option<PathBuf> {
    let mut cands: Vec<PathBuf> = Vec::new();
    if let Some(d) = std::env::var_os("PG_BINDIR") {
        cands.push(d.into());
    }
    if let Some(path) = std::env::var_os("PATH") {
        cands.extend(std::env::split_paths(&path).filter(|d| d.join("initdb").is_file()));
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse().ok()?, e.path().join("bin"))))
        .collect();
    debian.sort_by_key(|d| std::cmp::Reverse(d.0));
    cands.extend(debian.into_iter().map(|(_, d)| d));
    cands.into_iter().find(|d| {
        let Ok(out) = Command::new(d.join("pg_ctl")).arg("--version").output() else { return false };
        // "pg_ctl (PostgreSQL) 15.18"
        let text = String::from_utf8_lossy(&out.stdout);
        let major = text.split_whitespace().last().and_then(|v| v.split('.').next()?.parse::<u32>().ok());
        d.join("initdb").is_file() && major.is_some_and(|m| m >= 15)
    })
}

/// `setpriv`'s arguments to become `user` (its group by number: `id -g`).
fn setpriv_args(user: &str) -> Vec<String> {
    let gid = Command::new("id").args(["-g", user]).output().unwrap();
    let gid = String::from_utf8_lossy(&gid.stdout).trim().to_string();
    vec![format!("--reuid={user}"), format!("--regid={gid}"), "--init-groups".into(), "--".into()]
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl PgCluster {
    /// A fresh, started cluster; None (after the notice) when PostgreSQL is not installed.
    pub fn start() -> Option<PgCluster> {
        let Some(bindir) = find_bindir() else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "no PostgreSQL 15 or later found under CI=true (apt-get install postgresql)"
            );
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: PostgreSQL tests (no PostgreSQL 15 or later found; apt-get install postgresql)"
            );
            return None;
        };
        let osuser =
            is_root().then(|| std::env::var("RADAR_PG_OSUSER").unwrap_or_else(|_| "postgres".into()));
        // The socket's path must fit in sun_path (107 bytes): a short dir under /tmp.
        let dir = tempfile::Builder::new().prefix("rr-pg-").tempdir_in("/tmp").unwrap();
        if let Some(u) = &osuser {
            let st = Command::new("chown").arg(format!("{u}:")).arg(dir.path()).status().unwrap();
            assert!(st.success(), "chown the cluster's dir to {u}");
        }
        let mut c = PgCluster { bindir, osuser, dir, running: false };
        let data = c.data();
        c.run_pg(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        );
        let conf = format!(
            "listen_addresses = ''\nunix_socket_directories = '{}'\nport = 5432\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            c.dir.path().display()
        );
        let mut f = std::fs::OpenOptions::new().append(true).open(data.join("postgresql.conf")).unwrap();
        f.write_all(conf.as_bytes()).unwrap();
        std::fs::write(data.join("pg_hba.conf"), "local all postgres trust\nlocal all all scram-sha-256\n")
            .unwrap();
        c.start_again();
        Some(c)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs one of the server's programs as its OS user; panics with its output on failure.
    fn run_pg(&self, program: &str, args: &[&str]) {
        let exe = self.bindir.join(program);
        let mut cmd = match &self.osuser {
            Some(u) => {
                let mut c = Command::new("setpriv");
                c.args(setpriv_args(u)).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        // The server must not inherit a test's working directory it cannot read.
        let out = cmd.args(args).current_dir("/").output().unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data();
        let log = self.dir.path().join("server.log");
        let mut all = vec!["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        all.extend_from_slice(args);
        self.run_pg("pg_ctl", &all);
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    pub fn start_again(&mut self) {
        self.pg_ctl(&["-w", "-t", "60", "start"]);
        self.running = true;
    }

    /// Stops the server (connected clients are cut off at once).
    pub fn stop(&mut self) {
        self.pg_ctl(&["-m", "fast", "-w", "stop"]);
        self.running = false;
    }

    /// The directory holding the server's socket.
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// The superuser's address (as `RADAR_TEST_PG`).
    pub fn url(&self) -> String {
        format!("postgresql://postgres@/postgres?host={}&port=5432", self.dir.path().display())
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.running {
            let data = self.data();
            let exe = self.bindir.join("pg_ctl");
            let args = ["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "-w", "stop"];
            let _ = match &self.osuser {
                Some(u) => Command::new("setpriv")
                    .args(setpriv_args(u))
                    .arg(&exe)
                    .args(args)
                    .current_dir("/")
                    .output(),
                None => Command::new(&exe).args(args).current_dir("/").output(),
            };
        }
        // The TempDir removes itself after this.
    }
}
