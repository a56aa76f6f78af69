//! Running out of memory: one clear line on stderr and exit code 1, instead of Rust's
//! "memory allocation of N bytes failed", a backtrace and an abort (issue 12, A7: an import
//! under a memory limit died that way). std's hook for allocation failures is unstable, so
//! the allocator itself is wrapped: when mimalloc cannot serve a request, we say so and exit.
//!
//! What to say is set once by the command (`set_message`), in the user's language and
//! naming its files, before the work starts: at the failure there is no memory to build it.
//! Nothing is lost by exiting: every write is one transaction, rolled back by SQLite when
//! the file is next opened.

use std::alloc::{GlobalAlloc, Layout};
use std::io::Write;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The process-wide allocator: mimalloc, with the failure handled as above.
pub struct Allocator;

static MESSAGE: OnceLock<Box<str>> = OnceLock::new();
static FAILING: AtomicBool = AtomicBool::new(false);

/// Said when no command set its own message.
const DEFAULT: &str = "out of memory: the command stopped, and the change it was making was not saved \
     (each change is saved whole or not at all). Free some memory, or raise the limit (ulimit -v), and try again.";

/// The line printed (after "radar: ") if memory runs out; the first call wins.
pub fn set_message(message: String) {
    let _ = MESSAGE.set(message.into_boxed_str());
}

#[cold]
#[inline(never)]
fn out_of_memory(layout: Layout) -> ! {
    if FAILING.swap(true, Ordering::SeqCst) {
        // Failed again while reporting (another thread, or the report itself).
        std::process::abort();
    }
    let message = MESSAGE.get().map_or(DEFAULT, |m| m);
    // Digits by hand: formatting could allocate.
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = layout.size();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(b"radar: ");
    let _ = err.write_all(message.as_bytes());
    let _ = err.write_all(b" (the system refused ");
    let _ = err.write_all(&digits[at..]);
    let _ = err.write_all(b" more bytes)\n");
    let _ = err.flush();
    std::process::exit(1);
}

// SAFETY: every call is passed to mimalloc unchanged; only a null result is acted on, and
// then the process ends without returning.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if p.is_null() {
            out_of_memory(layout);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) };
        if p.is_null() {
            out_of_memory(layout);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if p.is_null() {
            // SAFETY: the caller guarantees a valid layout for `new_size` with this alignment.
            out_of_memory(unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) });
        }
        p
    }
}
