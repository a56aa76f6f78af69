//! What an accounts row does to the account's contract history: both ARR and renewal date
//! move or add a term, one alone changes the open term, and a history the row would break
//! is named in the file's language (the term rules' own messages, as the forms give them).

use super::accounts::Contract;
use crate::domain::dates::add_months;
use crate::domain::term::TermError;
use crate::domain::*;
use crate::interchange::table::Cells;
use chrono::NaiveDate;

/// Applies what a row says about the contract to a copy of the account's terms: both ARR
/// and renewal date move or add the term (`apply_term`); one alone changes the open term.
pub(super) fn apply_contract(
    terms: &mut Vec<ContractTerm>,
    k: &Contract,
    c: &Cells<'_>,
) -> Result<(), String> {
    match (k.arr, k.renewal) {
        (Some(arr), Some(renewal)) => apply_term(terms, arr, renewal, k.start, c),
        (None, None) => Ok(()),
        (arr, renewal) => {
            let Some(t) = terms.iter_mut().rev().find(|t| t.is_open()) else {
                return Err(c.t(
                    if arr.is_some() { "import.row.arr_needs_date" } else { "import.row.date_needs_arr" },
                    &[],
                ));
            };
            if let Some(a) = arr {
                t.arr = a;
            }
            if let Some(r) = renewal {
                t.end = r;
            }
            if let Some(s) = k.start {
                t.start = s;
            }
            validate_terms(terms).map_err(|e| terms_problem(c, e))
        }
    }
}

/// Brings the term history in line with the file's current contract.
/// - a term ending on the renewal date is that contract: an open one takes the new ARR
///   (and start); a decided one is left alone (the CRM still shows a renewed or churned term);
/// - else the open term moves to the new dates (a corrected end date);
/// - else, with no open term, a new one follows the last (never after a churn).
fn apply_term(
    terms: &mut Vec<ContractTerm>,
    arr: Money,
    renewal: NaiveDate,
    start: Option<NaiveDate>,
    c: &Cells<'_>,
) -> Result<(), String> {
    if let Some(t) = terms.iter_mut().find(|t| t.end == renewal) {
        if t.is_open() {
            t.arr = arr;
            if let Some(s) = start {
                t.start = s;
            }
        }
    } else if let Some(t) = terms.iter_mut().rev().find(|t| t.is_open()) {
        t.end = renewal;
        t.arr = arr;
        if let Some(s) = start {
            t.start = s;
        }
    } else {
        let account_id = terms.first().map_or(AccountId(0), |t| t.account_id);
        let start = match terms.last() {
            Some(last) if matches!(last.outcome, Some(TermOutcome::Churned { .. })) => {
                return Err(c.t("import.row.after_churn", &[("end", &last.end.to_string())]));
            }
            Some(last) => start.unwrap_or(last.end),
            None => start.unwrap_or_else(|| add_months(renewal, -12)),
        };
        terms.push(ContractTerm {
            id: TermId(0),
            account_id,
            start,
            end: renewal,
            arr,
            outcome: None,
            version: 0,
        });
    }
    // The location names the column (renewal_date) and line; the rule says what breaks.
    validate_terms(terms).map_err(|e| terms_problem(c, e))
}

/// A contract history the row would break, in the file's language (the form's message).
pub(super) fn terms_problem(c: &Cells<'_>, e: TermError) -> String {
    crate::domain::ActionError::from(e).render(c.lang())
}
