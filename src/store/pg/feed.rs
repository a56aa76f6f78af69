//! The change feed of a team database (design note §5): one listening connection per
//! dashboard, the accounts other sessions changed, and catch-up after a reconnect.
//!
//! Catch-up keeps `(max seq, xmin of a snapshot)`, not the seq alone: sequence order is not
//! commit order (a transaction may take seq n+1, commit after one that took n+2), so the
//! catch-up reads `seq > last OR xid >= xmin`. Reloading an account twice is harmless.
//! A listener never sits in a transaction (the server's NOTIFY queue would fill).

use super::error::pg_err;
use super::target::TeamTarget;
use crate::domain::AccountId;
use crate::store::{Result, StoreError};
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// Past this many accounts a change means "reload everything".
const MANY: usize = 1000;

/// What changed since the last poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    None,
    /// Too many to name (an import), or the log no longer reaches back: reload all.
    All,
    Accounts(Vec<AccountId>),
}

/// A listening connection that survives the server going away.
pub struct ChangeFeed {
    target: TeamTarget,
    client: Option<Client>,
    /// Where a catch-up starts: the highest seq seen and the xmin of a snapshot then.
    last_seq: i64,
    xmin: String,
    down_since: Option<SystemTime>,
    retry_at: Instant,
    backoff: Duration,
    /// Set by tests only; else PGPASSWORD / ~/.pgpass at each connect.
    password: Option<String>,
    /// The server processes of this dashboard's own connections (kept current by their
    /// workers): what they commit is already on screen, so their notifications are skipped.
    own: Vec<Arc<AtomicI32>>,
}

impl ChangeFeed {
    /// Connects, listens, and remembers where the log is now.
    pub fn connect(target: &TeamTarget) -> Result<ChangeFeed> {
        let mut feed = ChangeFeed {
            target: target.clone(),
            client: None,
            last_seq: 0,
            xmin: "0".into(),
            down_since: None,
            retry_at: Instant::now(),
            backoff: Duration::from_millis(500),
            password: None,
            own: Vec::new(),
        };
        feed.reconnect()?;
        Ok(feed)
    }

    /// `connect` with a given password (tests: the environment is shared by threads).
    #[doc(hidden)]
    pub fn connect_with_password(target: &TeamTarget, password: &str) -> Result<ChangeFeed> {
        let mut feed = ChangeFeed {
            target: target.clone(),
            client: None,
            last_seq: 0,
            xmin: "0".into(),
            down_since: None,
            retry_at: Instant::now(),
            backoff: Duration::from_millis(500),
            password: Some(password.to_string()),
            own: Vec::new(),
        };
        feed.reconnect()?;
        Ok(feed)
    }

    /// Skip the notifications of these sessions (`Store::team_session` of the dashboard's
    /// own workers, 0 while unknown). A catch-up after a reconnect cannot tell sessions
    /// apart and names their accounts too (reloading one's own account is harmless).
    pub fn skip_sessions(&mut self, own: Vec<Arc<AtomicI32>>) {
        self.own = own;
    }

    /// Since when the server has been unreachable (None: connected).
    pub fn down_since(&self) -> Option<SystemTime> {
        self.down_since
    }

    /// The server process of the listening connection (tests cut it to simulate a loss).
    #[doc(hidden)]
    pub fn backend_pid(&mut self) -> Option<i32> {
        let c = self.client.as_mut()?;
        c.query_one("SELECT pg_backend_pid()", &[]).ok().map(|r| r.get(0))
    }

    /// Waits up to `wait` for changes. Connection lost: `Unreachable` once, then each poll
    /// retries (backoff 0.5 s → 10 s) and, once back, reports what changed meanwhile.
    pub fn poll(&mut self, wait: Duration) -> Result<Changes> {
        if self.client.is_none() {
            if Instant::now() < self.retry_at {
                std::thread::sleep(wait.min(self.retry_at - Instant::now()));
                return Err(self.unreachable("reconnecting"));
            }
            return match self.reconnect() {
                Ok(changes) => Ok(changes),
                Err(e) => {
                    self.retry_at = Instant::now() + self.backoff;
                    self.backoff = (self.backoff * 2).min(Duration::from_secs(10));
                    Err(e)
                }
            };
        }
        let mut heard = Vec::new();
        let got = match self.client.as_mut() {
            Some(c) => collect(c, wait, &mut heard),
            None => Ok(()),
        };
        if let Err(e) = got {
            return Err(self.lost(e));
        }
        if heard.is_empty() {
            return Ok(Changes::None);
        }
        if let Err(e) = self.mark() {
            return Err(self.lost_store(e));
        }
        let own: Vec<i32> = self.own.iter().map(|p| p.load(Ordering::Relaxed)).filter(|p| *p != 0).collect();
        let payloads: Vec<String> =
            heard.into_iter().filter(|(pid, _)| !own.contains(pid)).map(|(_, p)| p).collect();
        if payloads.is_empty() {
            return Ok(Changes::None);
        }
        Ok(changes_of(&payloads))
    }

    fn unreachable(&self, detail: &str) -> StoreError {
        StoreError::Unreachable { target: self.target.to_string(), detail: detail.to_string() }
    }

    fn lost(&mut self, e: postgres::Error) -> StoreError {
        self.lost_store(pg_err(e))
    }

    fn lost_store(&mut self, e: StoreError) -> StoreError {
        self.client = None;
        self.down_since.get_or_insert_with(SystemTime::now);
        self.retry_at = Instant::now() + self.backoff;
        match e {
            StoreError::Unreachable { detail, .. } => self.unreachable(&detail),
            other => other,
        }
    }

    /// Connect, LISTEN, then catch up (in that order, so nothing falls between).
    fn reconnect(&mut self) -> Result<Changes> {
        let mut config = self.target.login_config();
        if let Some(pw) = &self.password {
            config.password(pw);
        }
        let mut c = config.connect(NoTls).map_err(|e| {
            self.down_since.get_or_insert_with(SystemTime::now);
            match pg_err(e) {
                StoreError::Unreachable { detail, .. } => self.unreachable(&detail),
                other => other,
            }
        })?;
        c.batch_execute("LISTEN radar_changes").map_err(pg_err)?;
        let first = self.client.is_none() && self.down_since.is_none() && self.last_seq == 0;
        let changes = if first {
            Changes::None
        } else {
            let rows = c
                .query(
                    "SELECT DISTINCT account_id FROM radar.change_log WHERE seq > $1 OR xid >= $2::text::xid8",
                    &[&self.last_seq, &self.xmin],
                )
                .map_err(pg_err)?;
            let oldest: Option<i64> =
                c.query_one("SELECT min(seq) FROM radar.change_log", &[]).map_err(pg_err)?.get(0);
            // The log was pruned past where we were: it cannot say what we missed.
            if rows.len() > MANY || oldest.is_some_and(|o| o > self.last_seq + 1 && self.last_seq > 0) {
                Changes::All
            } else if rows.is_empty() {
                Changes::None
            } else {
                Changes::Accounts(rows.iter().map(|r| AccountId(r.get(0))).collect())
            }
        };
        self.client = Some(c);
        self.mark()?;
        self.down_since = None;
        self.backoff = Duration::from_millis(500);
        Ok(changes)
    }

    /// Remembers where the log is now (outside any transaction).
    fn mark(&mut self) -> Result<()> {
        let Some(c) = self.client.as_mut() else { return Ok(()) };
        let r = c
            .query_one(
                "SELECT coalesce((SELECT max(seq) FROM radar.change_log), 0), pg_snapshot_xmin(pg_current_snapshot())::text",
                &[],
            )
            .map_err(pg_err)?;
        self.last_seq = r.get(0);
        self.xmin = r.get(1);
        Ok(())
    }
}

/// The notifications that arrive within `wait` (the first one ends the wait; whatever else
/// is already there comes with it), as (sending server process, payload).
fn collect(
    c: &mut Client,
    wait: Duration,
    out: &mut Vec<(i32, String)>,
) -> std::result::Result<(), postgres::Error> {
    if c.is_closed() {
        // Make the loss an error with the crate's own words.
        c.simple_query("")?;
    }
    let mut n = c.notifications();
    let first = n.timeout_iter(wait).next()?;
    if let Some(first) = first {
        out.push((first.process_id(), first.payload().to_string()));
        let mut more = n.iter();
        while let Some(x) = more.next()? {
            out.push((x.process_id(), x.payload().to_string()));
        }
    }
    Ok(())
}

fn changes_of(payloads: &[String]) -> Changes {
    if payloads.iter().any(|p| p == "*") {
        return Changes::All;
    }
    let mut ids: Vec<AccountId> = payloads.iter().filter_map(|p| p.parse().ok()).map(AccountId).collect();
    ids.sort_by_key(|a| a.0);
    ids.dedup();
    if ids.len() > MANY { Changes::All } else { Changes::Accounts(ids) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_fold_to_accounts_or_all() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(changes_of(&p(&["3", "1", "3"])), Changes::Accounts(vec![AccountId(1), AccountId(3)]));
        assert_eq!(changes_of(&p(&["3", "*"])), Changes::All);
        assert_eq!(changes_of(&p(&["junk"])), Changes::Accounts(vec![]));
    }
}
