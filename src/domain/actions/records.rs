//! What the record forms' saves and deletes may do beyond storing what was typed: the
//! account form's term, a requirement's loop status, a touchpoint's contact, which kinds
//! of record are deleted at all.

use super::ActionError;
use crate::domain::account::{Account, RequirementId};
use crate::domain::change::{RowKind, TransitionRow};
use crate::domain::kinds::ReqStatus;
use crate::domain::records::{Contact, Requirement, Touchpoint};
use crate::domain::term::ContractTerm;
use chrono::NaiveTime;

/// Does saving `new` (over `old`, None for a new account) change what the playbook plans?
/// A new account gets its milestones; a changed tier changes the cadence (PLAYBOOK §9).
pub fn playbook_follows_account(old: Option<&Account>, new: &Account) -> bool {
    old.is_none_or(|o| o.tier != new.tier)
}

/// The term the account form saves, and whether its dates changed (so the playbook follows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermEdit {
    pub term: ContractTerm,
    pub dates_changed: bool,
}

/// The account form's term: a new one (`stored` None) as typed; else only the account's
/// own open term, whose dates and ARR change here (outcomes have their own actions).
pub fn edit_open_term(stored: Option<&ContractTerm>, edited: &ContractTerm) -> Result<TermEdit, ActionError> {
    let mut term = edited.clone();
    match stored {
        None => Ok(TermEdit { term, dates_changed: true }),
        Some(s) if s.account_id == edited.account_id && s.is_open() => {
            term.outcome = None;
            Ok(TermEdit { dates_changed: s.start != term.start || s.end != term.end, term })
        }
        Some(_) => Err(ActionError::NotOpenTerm { term: edited.id }),
    }
}

/// A new requirement starts its loop: collected, at its first recorded step if it brings
/// one, else at the start of the day it was raised. The step's `requirement_id` is the
/// requirement's once stored.
pub fn new_requirement(r: &Requirement) -> (Requirement, TransitionRow) {
    let mut r = r.clone();
    r.status = ReqStatus::Collected;
    let at = r.history.first().map(|t| t.at).unwrap_or_else(|| r.raised_on.and_time(NaiveTime::MIN));
    let step = TransitionRow {
        id: 0,
        requirement_id: RequirementId(0),
        status: ReqStatus::Collected,
        at,
        note: String::new(),
    };
    (r, step)
}

/// An edited requirement: the form changes what was asked; the loop status moves only by
/// its own action (it stays as `stored`), and its history is not rewritten here.
pub fn edited_requirement(r: &Requirement, stored: Option<&Requirement>) -> Requirement {
    let mut r = r.clone();
    if let Some(s) = stored {
        r.status = s.status;
    }
    r.history.clear();
    r
}

/// A touchpoint with `contact`: the contact must be the touchpoint's account's, and
/// talking to someone is contact with them, so their "last contact" moves up to its date
/// (the contact as it is then, or None if it does not move).
pub fn touch_contact(contact: &Contact, t: &Touchpoint) -> Result<Option<Contact>, ActionError> {
    if contact.account_id != t.account_id {
        return Err(ActionError::OtherAccountsContact { contact: contact.id });
    }
    if contact.last_contact.is_some_and(|d| d >= t.date) {
        return Ok(None);
    }
    let mut c = contact.clone();
    c.last_contact = Some(t.date);
    Ok(Some(c))
}

/// Contract terms, requirement steps and playbook milestones are changed through their own
/// actions (an outcome, a move, done or skipped), never deleted one by one.
pub fn check_deletable(kind: RowKind) -> Result<(), ActionError> {
    match kind {
        RowKind::Term | RowKind::Transition | RowKind::Milestone => Err(ActionError::NotDeletable { kind }),
        _ => Ok(()),
    }
}
