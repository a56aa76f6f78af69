//! Which database `--db` names, and how to log in to a team server (design note §6).
//!
//! `postgres://`, `postgresql://` or libpq's key=value form (`host=… dbname=…`) is a team
//! database; anything else a file. A password written in the string is refused: it would
//! sit in shell histories, process lists and config files. The password comes from
//! `PGPASSWORD`, else `PGPASSFILE` or `~/.pgpass` (only if no one else can read it, as
//! libpq), which the `postgres` crate does not read itself.

use crate::store::{Result, StoreError};
use postgres::config::Host;
use std::path::{Path, PathBuf};

/// Is this `--db` value a team database (rather than a file path)?
pub fn is_team_url(db: &str) -> bool {
    let db = db.trim_start();
    db.starts_with("postgres://")
        || db.starts_with("postgresql://")
        || ["host=", "dbname=", "user=", "port="]
            .iter()
            .any(|k| db.split_whitespace().any(|w| w.starts_with(k)))
}

/// A parsed team database address, with no password in it.
#[derive(Clone)]
pub struct TeamTarget {
    pub(crate) config: postgres::Config,
    /// What messages name: the address as given (it holds no password).
    shown: String,
    /// A password given in-process (tests: environment variables are shared between test
    /// threads, so PGPASSWORD cannot be set per connection). Never shown.
    password: Option<String>,
}

impl std::fmt::Debug for TeamTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Display for TeamTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl TeamTarget {
    /// Parses a connection string; refuses one that carries a password.
    pub fn parse(db: &str) -> Result<TeamTarget> {
        let shown = db.trim().to_string();
        let mut config: postgres::Config = shown.parse().map_err(|e| StoreError::Team(format!(
            "{shown}: not a PostgreSQL connection string ({e}); write postgresql://USER@HOST/DB or host=… dbname=…"
        )))?;
        if config.get_password().is_some() {
            // Never echo the string back: it holds the secret.
            return Err(StoreError::Team(
                "the team database address contains a password: remove it, and set PGPASSWORD or use ~/.pgpass (mode 0600) instead".into(),
            ));
        }
        if config.get_hosts().is_empty() {
            match default_host() {
                Some(h) => config.host(&h),
                None => config.host("localhost"),
            };
        }
        if config.get_user().is_none()
            && let Some(u) = std::env::var("PGUSER").ok().or_else(|| std::env::var("USER").ok())
        {
            config.user(&u);
        }
        if config.get_application_name().is_none() {
            config.application_name("radar");
        }
        config.keepalives_idle(std::time::Duration::from_secs(30));
        config.connect_timeout(std::time::Duration::from_secs(10));
        Ok(TeamTarget { config, shown, password: None })
    }

    /// The login this target connects as.
    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or("")
    }

    /// The same server and login, another database (tests, `team init` of a new database).
    pub fn with_dbname(&self, db: &str) -> TeamTarget {
        let mut t = self.clone();
        t.config.dbname(db);
        t.shown = format!("{} (database {db})", self.shown);
        t
    }

    /// The same server, another login.
    pub fn with_user(&self, user: &str) -> TeamTarget {
        let mut t = self.clone();
        t.config.user(user);
        t.password = None;
        t
    }

    /// The same target logging in with `password` instead of looking one up (tests open
    /// several logins in one process, where `PGPASSWORD` would be shared by all).
    #[doc(hidden)]
    pub fn with_password(&self, password: &str) -> TeamTarget {
        let mut t = self.clone();
        t.password = Some(password.to_string());
        t
    }

    /// The config to connect with: the password given in-process, else looked up now
    /// (`PGPASSWORD`, `~/.pgpass`).
    pub(crate) fn login_config(&self) -> postgres::Config {
        let mut c = self.config.clone();
        if let Some(pw) = self.password.clone().or_else(|| password_for(&c)) {
            c.password(pw);
        }
        c
    }
}

/// No host given: `PGHOST`, else the first of libpq's usual socket directories that holds
/// the server's socket.
fn default_host() -> Option<String> {
    if let Ok(h) = std::env::var("PGHOST")
        && !h.is_empty()
    {
        return Some(h);
    }
    let port = std::env::var("PGPORT").unwrap_or_else(|_| "5432".into());
    ["/var/run/postgresql", "/run/postgresql", "/tmp"]
        .into_iter()
        .find(|d| Path::new(d).join(format!(".s.PGSQL.{port}")).exists())
        .map(str::to_string)
}

/// The password for `c`: `PGPASSWORD`, else the first matching line of the password file.
fn password_for(c: &postgres::Config) -> Option<String> {
    if let Ok(pw) = std::env::var("PGPASSWORD") {
        return Some(pw);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass")))?;
    let text = read_private(&file)?;
    let host = match c.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        Host::Unix(p) if p == Path::new("/var/run/postgresql") || p == Path::new("/tmp") => {
            "localhost".into()
        }
        Host::Unix(p) => p.display().to_string(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432).to_string();
    let user = c.get_user().unwrap_or("");
    let db = c.get_dbname().unwrap_or(user);
    pgpass_lookup(&text, [&host, &port, db, user])
}

/// The file's text, if only its owner can read it (libpq ignores a group- or
/// world-readable password file, and so do we, saying why).
fn read_private(file: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if meta.permissions().mode() & 0o077 != 0 {
        eprintln!(
            "warning: {}: ignored, others can read it (chmod 0600 {} to use it)",
            file.display(),
            file.display()
        );
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// The password of the first line `host:port:db:user:password` matching `want` (`*` matches
/// anything; `\:` and `\\` are escapes).
pub(crate) fn pgpass_lookup(text: &str, want: [&str; 4]) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_escaped(line);
        if fields.len() < 5 {
            continue;
        }
        if fields[..4].iter().zip(want).all(|(f, w)| f == "*" || f == w) {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_escaped(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut esc) = (Vec::new(), String::new(), false);
    for ch in line.chars() {
        match (esc, ch) {
            (true, c) => {
                cur.push(c);
                esc = false;
            }
            (false, '\\') => esc = true,
            (false, ':') => out.push(std::mem::take(&mut cur)),
            (false, c) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_urls_are_recognised_and_files_are_not() {
        for s in [
            "postgres://a@/radar",
            "postgresql://alice@/radar?host=/run/pg&port=5432",
            "host=/tmp dbname=radar",
        ] {
            assert!(is_team_url(s), "{s}");
        }
        for s in ["portfolio.db", "/home/me/postgres.db", "./host=x.db", "成都.db"] {
            assert!(!is_team_url(s), "{s}");
        }
    }

    #[test]
    fn a_password_in_the_address_is_refused_without_echoing_it() {
        for s in ["postgresql://alice:s3cret@/radar?host=/tmp", "host=/tmp dbname=radar password=s3cret"] {
            let e = TeamTarget::parse(s).unwrap_err().to_string();
            assert!(e.contains("PGPASSWORD"), "{e}");
            assert!(!e.contains("s3cret"), "{e}");
        }
    }

    #[test]
    fn socket_uri_parses_to_a_unix_host() {
        let t = TeamTarget::parse("postgresql://alice@/radar?host=/run/pg&port=5433").unwrap();
        assert_eq!(t.config.get_hosts(), &[Host::Unix("/run/pg".into())]);
        assert_eq!(t.config.get_ports(), &[5433]);
        assert_eq!(t.user(), "alice");
        assert_eq!(t.to_string(), "postgresql://alice@/radar?host=/run/pg&port=5433");
    }

    #[test]
    fn pgpass_first_match_with_wildcards_and_escapes() {
        let text =
            "# comment\n/other:5432:*:alice:no\n/run/pg:5432:radar:alice:pw\\:b\\\\c\n*:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(text, ["/run/pg", "5432", "radar", "alice"]).as_deref(), Some("pw:b\\c"));
        assert_eq!(pgpass_lookup(text, ["h", "1", "d", "bob"]).as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup("h:1:d:u\n", ["h", "1", "d", "u"]), None);
    }

    #[test]
    fn a_password_given_in_process_is_used_never_shown_and_not_carried_to_another_login() {
        let t =
            TeamTarget::parse("postgresql://alice@/radar?host=/run/pg").unwrap().with_password("密码 s3cret");
        assert_eq!(t.login_config().get_password(), Some("密码 s3cret".as_bytes()));
        assert!(!format!("{t} {t:?}").contains("s3cret"));
        let bob = t.with_user("bob").login_config();
        assert_ne!(bob.get_password(), Some("密码 s3cret".as_bytes()), "alice's password went to bob");
    }

    #[test]
    fn a_readable_pgpass_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("pgpass");
        std::fs::write(&f, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(read_private(&f), None);
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_private(&f).as_deref(), Some("*:*:*:*:pw\n"));
    }
}
