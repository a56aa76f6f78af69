//! The rules of the actions a CSM records: each takes the rows as the store loaded them
//! and returns the rows to save, or the `ActionError` that refuses the action. No I/O:
//! the store loads, calls one of these, and saves what it returns.
//!
//! - `follow_up`: promises, requirement steps, complaints, playbook milestones;
//! - `contract`: the CSM's call, renewal, churn, win-back;
//! - `records`: what the record forms' saves and deletes may do.

mod contract;
mod error;
mod follow_up;
mod records;
mod render;

pub use contract::{
    Churn, Renewal, WinBack, check_open, record_churn, record_renewal, set_forecast, set_reference, win_back,
};
pub use error::{ActionError, Arg};
pub use follow_up::{
    RequirementStep, activates, activation_recorded, complete_milestone, move_requirement,
    reschedule_milestone, reschedule_promise, resolve_complaint, set_promise_status,
};
pub use records::{
    TermEdit, check_deletable, edit_open_term, edited_requirement, new_requirement, playbook_follows_account,
    touch_contact,
};

#[cfg(test)]
mod tests_contract;
#[cfg(test)]
mod tests_error;
#[cfg(test)]
mod tests_follow_up;
#[cfg(test)]
mod tests_records;
