//! How the dashboard's memory is kept resident only while it is used (issue 19's peak RSS
//! walking every pane at 100k, target 150 MB).
//!
//! Two allocator defaults suit a one-shot command (speed first) but not the dashboard,
//! open all day on a second monitor:
//! - mimalloc (v3, as bundled) keeps freed pages resident for `purge_delay` (1000 ms by
//!   default) and hands them back only when the thread that owns them next allocates: what
//!   a load freed (the agenda's worker at 100k builds 159k rows beside the portfolio)
//!   stayed in the resident size. Peak walking every pane: 155 MB with the default, 134-135
//!   MB purging at once.
//! - mimalloc asks for transparent huge pages on its arenas: each 2 MiB region touched is
//!   resident whole. Without them (the process's THP switch, Linux): 132 -> 115 MB (with
//!   `MIMALLOC_ALLOW_THP=0`, same walk). A 100k import is about 12% slower without them
//!   (2.90/3.16 s vs 3.28/3.66 s), so commands keep them.
//!
//! Neither showed a cost in the keystroke and edit-commit benchmarks.

use std::ffi::{c_int, c_long};

// mimalloc's options, as declared by the C library linked in (libmimalloc-sys bundles it);
// the Rust bindings do not name `purge_delay`, so it is declared here.
unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    #[cfg(test)]
    fn mi_option_get(option: c_int) -> c_long;
}

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the 16th option; the test below checks
/// it against its default in mimalloc's options.c).
const PURGE_DELAY: c_int = 15;

/// The dashboard's settings (see the module's comment): freed memory goes back to the
/// system at once, and no transparent huge pages from now on. Called before it loads
/// anything.
pub fn keep_resident_memory_low() {
    purge_freed_memory_at_once();
    no_huge_pages();
}

fn purge_freed_memory_at_once() {
    // SAFETY: setting an option is always allowed; mimalloc reads it at each purge.
    unsafe { mi_option_set(PURGE_DELAY, 0) }
}

/// The process's THP switch: later page faults map 4 KiB pages, also in the regions
/// mimalloc already advised for huge ones. Best effort: an older kernel may refuse.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes an integer flag and touches no memory of ours.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// Whether the process's THP switch is off (Linux; false elsewhere).
#[cfg(test)]
fn huge_pages_disabled() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: as above; the answer is the return value.
        unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1 }
    }
    #[cfg(not(target_os = "linux"))]
    false
}

/// The purge delay in force, in milliseconds.
#[cfg(test)]
fn purge_delay_ms() -> c_long {
    // SAFETY: reading an option is always allowed.
    unsafe { mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboards_settings_are_in_force() {
        // The linked mimalloc's default for `purge_delay` is 1000 ms (options.c; an env
        // variable could change it, the tests set none). A wrong index would read another
        // option, whose default is not 1000 (its neighbours' are 1 and 0).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay_ms(), 1000);
        }
        keep_resident_memory_low();
        assert_eq!(purge_delay_ms(), 0);
        assert_eq!(huge_pages_disabled(), cfg!(target_os = "linux"));
    }
}
