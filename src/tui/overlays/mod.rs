//! Overlays drawn over the panes; they take keys first.

pub mod find;
pub mod help;
pub mod note;
pub mod palette;
