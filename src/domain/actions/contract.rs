//! The contract actions: the CSM's renewal call, and the renewal outcome (renewed,
//! churned) or a churned account won back (PLAYBOOK §11-12). Each says how the account's
//! stage and call follow.

use super::ActionError;
use crate::domain::account::{Account, TermId};
use crate::domain::kinds::{ChurnReason, Forecast, ReferenceStage, Stage};
use crate::domain::money::Money;
use crate::domain::records::Requirement;
use crate::domain::term::{ContractTerm, RenewalKind, TermOutcome, renew, validate_terms};
use chrono::NaiveDate;

/// The CSM's own renewal call made on `on` (None clears it, and its day).
pub fn set_forecast(a: &Account, forecast: Option<Forecast>, on: NaiveDate) -> Account {
    let mut a = a.clone();
    a.forecast = forecast;
    a.forecast_on = forecast.map(|_| on);
    a
}

/// The account's stage as a reference account on `on`. `since` is the day it first
/// became one and stays while the stage moves, back as well as forward (a case can be
/// rewritten); None ends it and clears `since`, so a later choice starts a new one.
pub fn set_reference(a: &Account, stage: Option<ReferenceStage>, on: NaiveDate) -> Account {
    let mut a = a.clone();
    a.reference_since = match (a.reference, stage) {
        (_, None) => None,
        (None, Some(_)) => Some(on),
        (Some(_), Some(_)) => a.reference_since.or(Some(on)),
    };
    a.reference = stage;
    a
}

/// A term's outcome is recorded once.
pub fn check_open(t: &ContractTerm) -> Result<(), ActionError> {
    match t.outcome {
        Some(_) => Err(ActionError::AlreadyDecided { end: t.end }),
        None => Ok(()),
    }
}

/// A renewal recorded: the term closed as renewed, the next one, the account after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    pub closed: ContractTerm,
    pub next: ContractTerm,
    pub account: Account,
    pub kind: RenewalKind,
}

/// The open `term` of `account` renewed on `decided_on` at `new_arr` (in the contract's
/// currency) until `new_end`. The renewal is decided: an account in renewal goes back to
/// steady use, and the CSM's call, which was about it, is cleared.
pub fn record_renewal(
    account: &Account,
    term: &ContractTerm,
    decided_on: NaiveDate,
    new_arr: Money,
    new_end: NaiveDate,
) -> Result<Renewal, ActionError> {
    check_open(term)?;
    if new_arr.currency != term.arr.currency {
        return Err(ActionError::OtherCurrency { contract: term.arr.currency, given: new_arr.currency });
    }
    let mut closed = term.clone();
    let next = renew(&mut closed, decided_on, new_arr, new_end)?;
    let mut account = account.clone();
    if account.stage == Stage::Renewal {
        account.stage = Stage::Mature;
    }
    account.forecast = None;
    account.forecast_on = None;
    Ok(Renewal { closed, next, account, kind: RenewalKind::of(term.arr, new_arr) })
}

/// A churn recorded: the term closed as churned, the account after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Churn {
    pub term: ContractTerm,
    pub account: Account,
}

/// The open `term` of `account` closed as churned on `decided_on`, with the reason. The
/// account is kept, marked churned: PLAYBOOK §12 goes back to win it.
pub fn record_churn(
    account: &Account,
    term: &ContractTerm,
    decided_on: NaiveDate,
    reason: ChurnReason,
    note: &str,
    because_of: Option<&Requirement>,
) -> Result<Churn, ActionError> {
    if term.account_id != account.id {
        return Err(ActionError::OtherAccountsTerm { term: term.id });
    }
    if let Some(r) = because_of.filter(|r| r.account_id != account.id) {
        return Err(ActionError::OtherAccountsRequirement { requirement: r.id });
    }
    check_open(term)?;
    let mut term = term.clone();
    let because_of = because_of.map(|r| r.id);
    term.outcome = Some(TermOutcome::Churned { decided_on, reason, note: note.to_string(), because_of });
    let mut account = account.clone();
    account.stage = Stage::Churned;
    Ok(Churn { term, account })
}

/// A win-back recorded: the new term, the account after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinBack {
    pub term: ContractTerm,
    pub account: Account,
}

/// A churned `account` (marked churned, or whose last term churned) signs again: a new
/// term [start, end) at `arr` after its history `terms` (sorted by start), which must
/// stay valid. It starts over in onboarding, without a renewal call.
pub fn win_back(
    account: &Account,
    terms: &[ContractTerm],
    start: NaiveDate,
    end: NaiveDate,
    arr: Money,
) -> Result<WinBack, ActionError> {
    let churned = terms.last().is_some_and(|t| matches!(t.outcome, Some(TermOutcome::Churned { .. })));
    if account.stage != Stage::Churned && !churned {
        return Err(ActionError::NotChurned { name: account.name.clone() });
    }
    let term =
        ContractTerm { id: TermId(0), account_id: account.id, start, end, arr, outcome: None, version: 0 };
    // The new term is stored last: among terms with the same start it sorts after them.
    let mut history: Vec<ContractTerm> = terms.to_vec();
    history.push(term.clone());
    history.sort_by_key(|t| t.start);
    validate_terms(&history)?;
    let mut account = account.clone();
    account.stage = Stage::Onboarding;
    account.forecast = None;
    account.forecast_on = None;
    Ok(WinBack { term, account })
}
