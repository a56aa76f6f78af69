//! Renewal Radar: a terminal dashboard for Customer Success Managers.
//!
//! Data flows one way: `domain` (pure rules) <- `store` (the only SQL) <- `interchange`
//! (files in and out) / `cli` (headless commands) / `tui` (the dashboard).

pub mod alloc_options;
pub mod backups;
pub mod cached_scans;
pub mod calibration;
pub mod cli;
pub mod context;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod interchange;
pub mod oom;
pub mod private_file;
pub mod refresh;
pub mod scans;
pub mod settings;
pub mod store;
pub mod tui;

/// The process-wide allocator. SQLite copies every bound text value (a malloc and a free
/// per column per row) and an import builds millions of small records; under glibc's
/// allocator a 100k-account import spent about a third of its CPU in malloc bookkeeping
/// (chunk unlinking and consolidation). mimalloc cut its user time by ~40%. It applies to
/// every binary linking the library (the CLI, the dashboard, tests and benchmarks alike).
/// Wrapped so that running out of memory ends with a clear message (see `oom`).
#[global_allocator]
static ALLOCATOR: oom::Allocator = oom::Allocator;
