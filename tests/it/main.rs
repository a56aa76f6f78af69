//! The integration tests: one crate (one binary to link), a module per capability, shared
//! helpers in `support/` (tmux, demo portfolios, snapshots).

mod support;

mod backup;
mod bad_environments;
mod cli;
mod completions;
mod config_cmd;
mod crash_safety;
mod csv_formulas;
mod e2e_dashboard;
mod e2e_edit;
mod e2e_terminal_restore;
mod export_roundtrip;
mod fuzz_inputs;
mod handover_golden;
mod handover_markdown;
mod hostile_output;
mod import_cli;
mod import_fixtures;
mod live_refresh;
mod man_page;
mod private_files;
mod store;
mod store_edit;
mod store_edit_props;
mod store_edit_two_process;
mod store_scan;
mod themes;
mod tui_edit;
mod tui_edit_snapshots;
mod tui_files;
mod tui_monkey;
mod tui_progressive;
mod tui_snapshots;
mod tui_update;
mod two_writers;
