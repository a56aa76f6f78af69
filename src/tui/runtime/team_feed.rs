//! Team mode's live view (issue 18): one thread holds the change feed's listening
//! connection and tells the dashboard when another CSM's commit touched the book (it
//! reloads) and when the server goes away and comes back (the status bar says so; edits
//! meanwhile fail with "unreachable, nothing was saved"; nothing is queued).

use crate::store::StoreError;
use crate::store::pg::{ChangeFeed, Changes, TeamTarget};
use crate::tui::msg::{Msg, Reply};
use std::sync::mpsc::Sender;
use std::time::{Duration, SystemTime};

/// How long one wait for a notification lasts (a change shows within about this).
const WAIT: Duration = Duration::from_millis(400);

/// "14:02": the local time a loss began, for the status bar.
fn clock(at: SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(at).format("%H:%M").to_string()
}

pub fn spawn(target: TeamTarget, tx: Sender<Msg>) {
    std::thread::spawn(move || {
        let mut feed = None;
        let mut down: Option<SystemTime> = None;
        loop {
            let polled = match feed.as_mut() {
                Some(f) => ChangeFeed::poll(f, WAIT),
                None => ChangeFeed::connect(&target).map(|f| {
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
                    (back || changes != Changes::None).then_some(Msg::Db(Reply::Changed))
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
