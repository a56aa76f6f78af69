//! How the allocator (mimalloc, see `oom`) treats memory the program has freed.
//!
//! mimalloc (v3, as bundled) keeps freed pages resident for a while (`purge_delay`, 1000 ms
//! by default) and hands them back only when the thread that owns them next allocates. For a one-shot
//! command that is free speed; for the dashboard, open all day on a second monitor, it
//! meant that what a load freed (the agenda's worker at 100k builds 159k rows beside the
//! portfolio) stayed in its resident size: its peak walking every pane was 155–169 MB with
//! the default and 133–141 MB with immediate purging (issue 19, target 150 MB), at no cost
//! measurable in the keystroke and edit-commit benchmarks.

use std::ffi::{c_int, c_long};

// mimalloc's options, as declared by the C library linked in (libmimalloc-sys bundles it);
// the Rust bindings do not name `purge_delay`, so it is declared here.
unsafe extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
    fn mi_option_get(option: c_int) -> c_long;
}

/// `mi_option_purge_delay` in mimalloc.h's `mi_option_e` (the 16th option; checked by the
/// test below against its documented default).
const PURGE_DELAY: c_int = 15;

/// Freed memory goes back to the system at once, not after a delay: the dashboard's
/// setting (see the module's comment). Called before the dashboard loads anything.
pub fn purge_freed_memory_at_once() {
    // SAFETY: setting an option is always allowed; mimalloc reads it at each purge.
    unsafe { mi_option_set(PURGE_DELAY, 0) }
}

/// The purge delay in force, in milliseconds.
pub fn purge_delay_ms() -> c_long {
    // SAFETY: reading an option is always allowed.
    unsafe { mi_option_get(PURGE_DELAY) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_set_is_the_purge_delay() {
        // The linked mimalloc's default for `purge_delay` is 1000 ms (options.c; an env
        // variable could change it, the tests set none). A wrong index would read another
        // option, whose default is not 1000 (its neighbours' are 1 and 0).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay_ms(), 1000);
        }
        purge_freed_memory_at_once();
        assert_eq!(purge_delay_ms(), 0);
    }
}
