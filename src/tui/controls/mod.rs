//! The editable pieces modals and overlays are made of: a text buffer with its editing
//! keys, and a list filtered as you type. State and keys only; no drawing, no I/O.

pub mod pick;
pub mod rank;
pub mod text_input;
