//! Team mode's live view (issue 18): one thread holds the change feed's listening
//! connection and tells the dashboard when another CSM's commit touched the book (it
//! reloads) and when the server goes away and comes back (the status bar says so; edits
//! meanwhile fail with "unreachable, nothing was saved"; nothing is queued).

use crate::store::StoreError;
use crate::store::pg::{ChangeFeed, Changes, TeamTarget};
use crate::tui::msg::{Msg, Reply};
use std::sync::Arc;
use std::sync::atomic::AtomicI32;
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

/// How long one wait for a notification lasts (a change shows within about this).
const WAIT: Duration = Duration::from_millis(400);

/// "14:02": the local time a loss began, for the status bar.
fn clock(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(at).format("%H:%M").to_string()
}

/// What the dashboard is told: the accounts named (it reloads their rows and the open
/// detail only), or reload everything (too many to name, or back after an outage: what
/// failed to load meanwhile loads again).
fn message(back: bool, changes: Changes) -> Option<Msg> {
    match changes {
        _ if back => Some(Msg::Db(Reply::Changed)),
        Changes::All => Some(Msg::Db(Reply::Changed)),
        Changes::Accounts(ids) if !ids.is_empty() => Some(Msg::Db(Reply::ChangedAccounts(ids))),
        Changes::Accounts(_) | Changes::None => None,
    }
}

/// Runs the feed; `own` are the dashboard's workers' sessions (their commits are skipped).
pub fn spawn(target: TeamTarget, tx: Sender<Msg>, own: Vec<Arc<AtomicI32>>) {
    std::thread::spawn(move || {
        let mut feed = None;
        let mut down: Option<SystemTime> = None;
        loop {
            let polled = match feed.as_mut() {
                Some(f) => ChangeFeed::poll(f, WAIT),
                None => ChangeFeed::connect(&target).map(|mut f| {
                    f.skip_sessions(own.clone());
                    feed = Some(f);
                    // Whatever happened before the first connection, the dashboard reloads.
                    Changes::All
                }),
            };
            let msg = match polled {
                Ok(changes) => {
                    let back = down.take().is_some();
                    if back && tx.send(Msg::TeamServer(None)).is_err() {
                        return;
                    }
                    message(back, changes)
                }
                Err(StoreError::Unreachable { .. }) => {
                    let since =
                        feed.as_ref().and_then(ChangeFeed::down_since).unwrap_or_else(SystemTime::now);
                    let first = down.is_none();
                    down.get_or_insert(since);
                    // The feed waits out its backoff itself; a failed first connect does not.
                    if feed.is_none() {
                        std::thread::sleep(WAIT);
                    }
                    first.then(|| Msg::TeamServer(Some(clock(since))))
                }
                // Anything else (a permission taken away): keep trying quietly.
                Err(_) => {
                    std::thread::sleep(WAIT);
                    None
                }
            };
            if let Some(m) = msg
                && tx.send(m).is_err()
            {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::AccountId;

    #[test]
    fn named_accounts_reload_alone_everything_else_reloads_all() {
        let ids = vec![AccountId(3)];
        let named = message(false, Changes::Accounts(ids.clone()));
        assert!(matches!(named, Some(Msg::Db(Reply::ChangedAccounts(v))) if v == ids));
        assert!(matches!(message(false, Changes::All), Some(Msg::Db(Reply::Changed))));
        assert!(matches!(message(true, Changes::Accounts(ids)), Some(Msg::Db(Reply::Changed))));
        assert!(matches!(message(true, Changes::None), Some(Msg::Db(Reply::Changed))));
        assert!(message(false, Changes::None).is_none());
        assert!(message(false, Changes::Accounts(vec![])).is_none());
    }
}
