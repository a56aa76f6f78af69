//! The integration tests: one crate (one binary to link), a module per capability, shared
//! helpers in `support/` (tmux, demo portfolios, snapshots).
// Test support code may panic: a panic in a test is its failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

mod action_refusals;
mod backup;
mod backup_damage;
mod bad_environments;
mod cli;
mod completions;
mod config_cmd;
mod crash_safety;
mod csv_formulas;
mod doctor;
mod e2e_dashboard;
mod e2e_edit;
mod e2e_paste;
mod e2e_terminal_restore;
mod e2e_undo_stale;
mod export_roundtrip;
mod fuzz_inputs;
mod handover_golden;
mod handover_markdown;
mod hostile_output;
mod import_cli;
mod import_fixtures;
mod import_kills;
mod import_props;
mod import_safety;
mod keymap_rebound;
mod layers;
mod live_refresh;
mod man_page;
mod private_files;
mod readme_keys;
mod restore_schema;
mod review;
mod store;
mod store_edit;
mod store_edit_props;
mod store_edit_two_process;
mod store_scan;
mod store_undo_props;
mod store_undo_versions;
mod themes;
mod tui_display;
mod tui_edit;
mod tui_edit_snapshots;
mod tui_files;
mod tui_monkey;
mod tui_paste;
mod tui_progressive;
mod tui_snapshots;
mod tui_update;
mod two_writers;
