//! Ctrl-C (or SIGTERM, SIGHUP) during an import into a new file: the half-built
//! `<db>.import-<pid>` and its journal are removed before the process ends, so an
//! interrupted import leaves nothing beside the user's file. (A SIGKILL cannot be caught:
//! the next import into that file removes what a dead process left.)

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::path::PathBuf;

/// Watches for the terminating signals for the rest of the process: each removes the
/// temporary of an import into `db` (if one is being built), then does what the signal
/// does by default (the process ends as killed by it, exit status 128 + signal).
pub fn remove_import_temporary_on_signal(db: PathBuf) {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        // Without the watch a Ctrl-C leaves the temporary; the next import removes it.
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            crate::interchange::import::remove_own_temporary(&db);
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            // Should the default action not end the process, the main thread (which may be
            // waiting in `let_a_signal_end_the_process`) must not wait forever.
            std::process::exit(128 + sig);
        }
    });
}

/// Called once the import into a new file returned: if a signal's cleanup is under way (it
/// removed the temporary, so the import may just have failed for that: SQLite's next write
/// to a removed file fails), the process waits to be ended by the signal instead of
/// printing that failure and exiting 1.
pub fn let_a_signal_end_the_process() {
    if crate::interchange::import::temporary_abandoned() {
        loop {
            std::thread::park();
        }
    }
}
