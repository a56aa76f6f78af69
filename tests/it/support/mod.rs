//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod backups;
pub mod edit_ops;
pub mod store_edit;
pub mod tmux;
pub mod tui_edit;

/// The real `radar` binary, built by cargo for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_radar");

/// Compares `screen` with the stored snapshot `tests/it/snapshots/NAME.snap`.
pub fn snap_screen(name: &str, screen: String) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name.to_string(), screen);
    });
}
