//! Pure types and rules. No I/O, no terminal, no SQL: everything here is a function of
//! its inputs, which is what makes it testable by property.

pub mod account;
pub mod actions;
pub mod agenda;
pub mod agenda_rank;
pub mod calibrate;
pub mod capacity;
pub mod change;
pub mod charts;
pub mod choice;
pub mod config;
pub mod dates;
pub mod edit;
pub mod facts;
pub mod health;
pub mod kinds;
pub mod metrics;
pub mod milestone;
pub mod money;
pub mod owner;
pub mod playbook;
pub mod playbook_derive;
pub mod records;
pub mod reference;
pub mod review;
pub mod risk;
pub mod search_text;
pub mod stage;
pub mod task;
pub mod term;
pub mod text;
pub mod undo_log;
pub mod winback;

pub use account::*;
pub use actions::ActionError;
pub use change::{Change, ChangeKind, RowKey, RowKind};
pub use choice::{Choice, ChoiceError};
pub use edit::{Edit, EditError};
pub use facts::AccountFacts;
pub use kinds::*;
pub use milestone::*;
pub use money::{Currency, Money, MoneyError};
pub use records::*;
pub use task::{Task, TaskOrigin, TaskStatus};
pub use term::*;
pub use undo_log::UndoLog;
