//! A connection to a team database and the lead's commands: `radar team init`, `add-user`,
//! `assign` (design note §7).

use super::error::{describe, pg_err};
use super::schema;
use super::target::TeamTarget;
use crate::store::{Result, StoreError};
use postgres::{Client, NoTls};

/// One login's connection to a team database.
pub struct Team {
    pub(crate) client: Client,
    target: TeamTarget,
}

/// What `add_user` is told about the new member.
#[derive(Debug, Clone, Default)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub password: &'a str,
    pub lead: bool,
    pub team: Option<&'a str>,
}

impl Team {
    /// Connects (password from `PGPASSWORD` or `~/.pgpass`); does not look at the schema.
    pub fn connect(target: &TeamTarget) -> Result<Team> {
        let client = target.login_config().connect(NoTls).map_err(|e| connect_err(target, &e))?;
        let mut team = Team { client, target: target.clone() };
        team.client.batch_execute("SET search_path = radar, pg_catalog").map_err(|e| team.err(e))?;
        Ok(team)
    }

    /// Connects and checks the schema is the one this build needs.
    pub fn open(target: &TeamTarget) -> Result<Team> {
        let mut team = Team::connect(target)?;
        schema::check(&mut team.client, &team.target.to_string())?;
        Ok(team)
    }

    pub fn target(&self) -> &TeamTarget {
        &self.target
    }

    /// Names the server in a connection failure.
    pub(crate) fn err(&self, e: postgres::Error) -> StoreError {
        match pg_err(e) {
            StoreError::Unreachable { detail, .. } => {
                StoreError::Unreachable { target: self.target.to_string(), detail }
            }
            other => other,
        }
    }

    /// `radar team init`: schema, roles, policies; the caller becomes a lead. Returns the
    /// schema versions before and after.
    pub fn init(&mut self) -> Result<(Option<i64>, i64)> {
        let shown = self.target.to_string();
        schema::init(&mut self.client, &shown)
    }

    /// `radar team add-user`: a login (its scram verifier computed here, so the clear
    /// password never reaches the server or its logs) and its team membership.
    pub fn add_user(&mut self, u: &NewUser<'_>) -> Result<()> {
        check_login_name(u.name)?;
        if u.password.is_empty() {
            return Err(StoreError::Invalid("the new user's password is empty".into()));
        }
        let verifier = postgres_protocol::password::scram_sha_256(u.password.as_bytes());
        let mut tx = self.client.transaction().map_err(pg_err)?;
        let exists: bool = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", &[&u.name])
            .map_err(pg_err)?
            .get(0);
        if exists {
            return Err(StoreError::Invalid(format!(
                "a PostgreSQL login named {} already exists on this server: choose another name",
                u.name
            )));
        }
        // The name is checked to be [a-z_][a-z0-9_]*, the verifier has no quote: both are safe inline.
        tx.batch_execute(&format!(
            "CREATE ROLE \"{}\" LOGIN IN ROLE radar_csm PASSWORD '{verifier}'",
            u.name
        ))
        .map_err(|e| team_perm(e, "add users (it needs CREATEROLE)"))?;
        tx.execute(
            "INSERT INTO radar.csm (login, team, lead) VALUES ($1, $2, $3)",
            &[&u.name, &u.team, &u.lead],
        )
        .map_err(|e| team_perm(e, "add users"))?;
        tx.commit().map_err(pg_err)
    }

    /// `radar team assign`: the account of id `id` to `user`, as its owner or a co-owner.
    /// Returns its name.
    /// Gives account `id` to `user` (or makes them a co-owner); its name, and whether it
    /// already was theirs (then nothing is written: "now belongs to bob" was said of an
    /// account bob owned; team trial, session 33).
    pub fn assign(&mut self, id: i64, user: &str, co_owner: bool) -> Result<(String, bool)> {
        let (name, owner): (String, Option<String>) = self
            .client
            .query_opt("SELECT name, owner_login::text FROM account WHERE id = $1", &[&id])
            .map_err(pg_err)?
            .map(|r| (r.get(0), r.get(1)))
            .ok_or_else(|| StoreError::Invalid(format!("no account #{id} in your portfolio")))?;
        if !co_owner && owner.as_deref() == Some(user) {
            return Ok((name, true));
        }
        self.client
            .execute("SELECT radar.assign($1, $2::text::name, $3)", &[&id, &user, &co_owner])
            .map_err(|e| match e.as_db_error() {
                Some(db) if db.code().code() == "22023" || db.code().code() == "42501" => {
                    StoreError::Team(db.message().to_string())
                }
                _ => pg_err(e),
            })?;
        Ok((name, false))
    }

    /// The accounts the caller can see that answer to `key` exactly: by CRM id, by name, or
    /// by id (`12` or `#12`), each with its id and what tells it apart from the others (its
    /// CRM id, else `#id`), in id order. A bare number that is one account's id and
    /// another's CRM id answers for both: `team assign` moved the account of that id.
    pub fn answering(&mut self, key: &str) -> Result<Vec<(i64, String)>> {
        let id: Option<i64> = key.strip_prefix('#').unwrap_or(key).parse().ok();
        let rows = self
            .client
            .query(
                "SELECT id, external_id FROM account WHERE id = $1 OR external_id = $2 OR name = $2 ORDER BY id",
                &[&id, &key],
            )
            .map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|r| {
                let (id, ext): (i64, Option<String>) = (r.get(0), r.get(1));
                (id, crate::domain::account::told_apart(id, ext.as_deref(), key))
            })
            .collect())
    }

    /// The login this connection acts as.
    pub fn me(&mut self) -> Result<String> {
        Ok(self.client.query_one("SELECT session_user::text", &[]).map_err(pg_err)?.get(0))
    }
}

fn connect_err(target: &TeamTarget, e: &postgres::Error) -> StoreError {
    let detail = describe(e);
    if e.as_db_error().is_some() || detail.contains("password") || detail.contains("invalid configuration") {
        // The server answered: a login or database problem, not an outage. The password's
        // hint only where the password is the problem (a database that does not exist was
        // told to set PGPASSWORD; team trial, session 33).
        let password = detail.contains("password") || detail.contains("authentication");
        let hint =
            if password { " (set PGPASSWORD or put the password in ~/.pgpass, mode 0600)" } else { "" };
        StoreError::Team(format!("cannot log in as {}: {detail}{hint}", target.user()))
    } else {
        StoreError::Unreachable { target: target.to_string(), detail }
    }
}

fn team_perm(e: postgres::Error, what: &str) -> StoreError {
    match e.as_db_error() {
        Some(db) if db.code().code() == "42501" => StoreError::Team(format!(
            "you may not {what}: {} (ask your team lead or the server's admin)",
            db.message()
        )),
        _ => pg_err(e),
    }
}

/// A login name Radar creates: lower-case ASCII letters, digits and `_`, not starting with
/// a digit, at most 63 bytes (PostgreSQL's limit), and not `pg_`-prefixed (reserved).
pub fn check_login_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 63
        && !name.starts_with("pg_")
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::Team(format!(
            "'{}': a team login is lower-case letters, digits and _ (not starting with a digit or pg_, at most 63)",
            name.escape_debug()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        for ok in ["alice", "bob_2", "_x"] {
            assert!(check_login_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", "Alice", "1x", "pg_x", "a-b", "a\"; drop", "成都", &"a".repeat(64)] {
            assert!(check_login_name(bad).is_err(), "{bad}");
        }
    }
}
