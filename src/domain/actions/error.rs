//! Why the domain refuses an action: one variant per rule. Each has an i18n key
//! (`error.action.*` in `assets/locales/<lang>/error.toml`) and named arguments, so the
//! dashboard shows it in the user's language (`render`); its `Display` is the English
//! text, for logs and the command line, and equals the English catalog entry.

use crate::domain::account::{ComplaintId, ContactId, RequirementId, TermId};
use crate::domain::change::RowKind;
use crate::domain::kinds::ReqStatus;
use crate::domain::money::Currency;
use crate::domain::term::TermError;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// A requirement moves one step along its loop, or to rejected while open.
    #[error("a requirement cannot move from {from} to {to}")]
    BadMove { from: ReqStatus, to: ReqStatus },
    #[error("complaint #{id} is already resolved")]
    AlreadyResolved { id: ComplaintId },
    /// A term's outcome (renewed or churned) is recorded once.
    #[error("the term ending {end} already has an outcome")]
    AlreadyDecided { end: NaiveDate },
    #[error("the contract is in {contract}, not {given}")]
    OtherCurrency { contract: Currency, given: Currency },
    #[error("term #{term} is not this account's")]
    OtherAccountsTerm { term: TermId },
    /// Only a churned account is won back (PLAYBOOK §12).
    #[error("{name} has not churned")]
    NotChurned { name: String },
    /// The account form edits only the account's own open term.
    #[error("term #{term} is not this account's open term")]
    NotOpenTerm { term: TermId },
    #[error("contact #{contact} belongs to another account")]
    OtherAccountsContact { contact: ContactId },
    /// A churn names one of the account's own requirements as its cause.
    #[error("requirement #{requirement} belongs to another account")]
    OtherAccountsRequirement { requirement: RequirementId },
    /// Terms, requirement steps and milestones change through their own actions.
    #[error("{} rows are changed through their own actions, not deleted", .kind.table())]
    NotDeletable { kind: RowKind },
    /// Only what is still to do (a pending milestone, an open promise) gets a new date.
    #[error("{} #{id} is closed: only an open one gets a new date", .kind.table())]
    NotDue { kind: RowKind, id: i64 },
    /// A promise falls due on or after the day it was made (snoozed to an earlier day it
    /// would read as overdue for longer than it has existed).
    #[error("promise #{id} was made on {made_on}: it cannot fall due before that ({due})")]
    DueBeforeMade { id: i64, made_on: NaiveDate, due: NaiveDate },
    /// Team mode: an account's owner is its owning login, moved by `radar team assign`
    /// (a changed owner text would be put back by the server, the edit silently lost).
    #[error(
        "in a team database the owner is the owning login ({owner}): move the account with `radar team assign` (nothing was saved)"
    )]
    OwnerIsTheLogin { owner: String },
    /// A CRM id names one account (imports match rows to accounts by it).
    #[error("the CRM id {external_id} is already {name}'s: each account has its own (nothing was saved)")]
    ExternalIdTaken { external_id: String, name: String },
    /// The contract history would no longer hold (`validate_terms`, `renew`).
    #[error("{0}")]
    Terms(#[from] TermError),
}

/// An argument of a message: text as it is, or a value each language names its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Status(ReqStatus),
    Kind(RowKind),
}

impl ActionError {
    /// The catalog key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            ActionError::BadMove { .. } => "error.action.bad_move",
            ActionError::AlreadyResolved { .. } => "error.action.already_resolved",
            ActionError::AlreadyDecided { .. } => "error.action.already_decided",
            ActionError::OtherCurrency { .. } => "error.action.other_currency",
            ActionError::OtherAccountsTerm { .. } => "error.action.other_accounts_term",
            ActionError::NotChurned { .. } => "error.action.not_churned",
            ActionError::NotOpenTerm { .. } => "error.action.not_open_term",
            ActionError::OtherAccountsContact { .. } => "error.action.other_accounts_contact",
            ActionError::OtherAccountsRequirement { .. } => "error.action.other_accounts_requirement",
            ActionError::NotDeletable { .. } => "error.action.not_deletable",
            ActionError::NotDue { .. } => "error.action.not_due",
            ActionError::DueBeforeMade { .. } => "error.action.due_before_made",
            ActionError::OwnerIsTheLogin { .. } => "error.action.owner_is_login",
            ActionError::ExternalIdTaken { .. } => "error.action.external_id_taken",
            ActionError::Terms(e) => match e {
                TermError::Empty { .. } => "error.action.terms.empty",
                TermError::Overlap { .. } => "error.action.terms.overlap",
                TermError::OpenInMiddle { .. } => "error.action.terms.open_in_middle",
                TermError::AfterChurn { .. } => "error.action.terms.after_churn",
                TermError::RenewalEnd { .. } => "error.action.terms.renewal_end",
                TermError::DecidedBeforeStart { .. } => "error.action.terms.decided_before_start",
                TermError::DecidedBeforeRenewal { .. } => "error.action.terms.decided_before_renewal",
            },
        }
    }

    /// The named values the message's template takes.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let text = |v: &dyn std::fmt::Display| Arg::Text(v.to_string());
        match self {
            ActionError::BadMove { from, to } => vec![("from", Arg::Status(*from)), ("to", Arg::Status(*to))],
            ActionError::AlreadyResolved { id } => vec![("id", text(id))],
            ActionError::AlreadyDecided { end } => vec![("end", text(end))],
            ActionError::OtherCurrency { contract, given } => {
                vec![("contract", text(contract)), ("given", text(given))]
            }
            ActionError::OtherAccountsTerm { term } | ActionError::NotOpenTerm { term } => {
                vec![("term", text(term))]
            }
            ActionError::NotChurned { name } | ActionError::OwnerIsTheLogin { owner: name } => {
                vec![("name", text(name))]
            }
            ActionError::OtherAccountsContact { contact } => vec![("contact", text(contact))],
            ActionError::ExternalIdTaken { external_id, name } => {
                vec![("external_id", text(external_id)), ("name", text(name))]
            }
            ActionError::OtherAccountsRequirement { requirement } => vec![("requirement", text(requirement))],
            ActionError::NotDeletable { kind } => vec![("kind", Arg::Kind(*kind))],
            ActionError::NotDue { kind, id } => vec![("kind", Arg::Kind(*kind)), ("id", text(id))],
            ActionError::DueBeforeMade { id, made_on, due } => {
                vec![("id", text(id)), ("made_on", text(made_on)), ("due", text(due))]
            }
            ActionError::Terms(e) => match e {
                TermError::Empty { start, end } => vec![("start", text(start)), ("end", text(end))],
                TermError::Overlap { prev_end, start } => {
                    vec![("prev_end", text(prev_end)), ("start", text(start))]
                }
                TermError::OpenInMiddle { start } => vec![("start", text(start))],
                TermError::AfterChurn { decided_on, start } => {
                    vec![("decided_on", text(decided_on)), ("start", text(start))]
                }
                TermError::RenewalEnd { end } => vec![("end", text(end))],
                TermError::DecidedBeforeStart { decided_on, start } => {
                    vec![("decided_on", text(decided_on)), ("start", text(start))]
                }
                TermError::DecidedBeforeRenewal { decided_on, renewed_on } => {
                    vec![("decided_on", text(decided_on)), ("renewed_on", text(renewed_on))]
                }
            },
        }
    }
}
