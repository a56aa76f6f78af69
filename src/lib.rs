//! Renewal Radar: a terminal dashboard for Customer Success Managers.
//!
//! Data flows one way: `domain` (pure rules) <- `store` (the only SQL) <- `interchange`
//! (files in and out) / `cli` (headless commands) / `tui` (the dashboard).

pub mod backups;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod interchange;
pub mod refresh;
pub mod settings;
pub mod store;
pub mod tui;
