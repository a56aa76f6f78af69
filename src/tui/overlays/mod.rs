//! Overlays drawn over the panes; they take keys first.

pub mod help;
pub mod palette;
