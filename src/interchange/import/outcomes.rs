//! Outcome rows close a contract term: the term of the account that ends on `term_end`
//! is renewed (opening the next term when there is none yet) or churned. With `term_start`
//! and `term_arr` a row may also describe a past term Radar does not have yet, which is how
//! a CSV export carries the whole contract history.

use super::people::account_of;
use super::world::{Outcome, World};
use crate::domain::choice::choice;
use crate::domain::dates::add_months;
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;
use chrono::{Datelike, NaiveDate};

choice! {
    /// How a term ended, as written in an outcomes file.
    Verdict "outcome" {
        Renewed = "renewed" ["renew", "won", "closed won", "yes", "已续约", "续约", "续费"],
        Churned = "churned" ["churn", "lost", "closed lost", "no", "流失", "已流失"],
    }
}

/// The end of the term that follows `[start, end)`: as many months again when the term
/// runs whole months, else as many days.
pub fn next_end(start: NaiveDate, end: NaiveDate) -> NaiveDate {
    let months = (end.year() - start.year()) * 12 + end.month() as i32 - start.month() as i32;
    if start.day() == end.day() && months > 0 { add_months(end, months) } else { end + (end - start) }
}

/// The stored requirement of `title` a churn names: the one it named before when that
/// one has the title (two of one title), else the first.
fn cause(requirements: &[Requirement], title: &str, old: Option<RequirementId>) -> Option<RequirementId> {
    let titled = || requirements.iter().filter(|r| r.title == title && r.id.0 != 0);
    titled().find(|r| Some(r.id) == old).or_else(|| titled().next()).map(|r| r.id)
}

pub fn row(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let term_end = c.required_date(F::TermEnd);
    let result = c.required_choice::<Verdict>(F::Outcome);
    let currency = match account {
        Some(i) => w.edit(i)?.account.currency,
        None => Currency::CNY,
    };
    let renewed_arr = c.money(F::RenewedArr, currency);
    let reason = c.choice::<ChurnReason>(F::ChurnReason);
    let term_start = c.date(F::TermStart);
    let term_arr = c.money(F::TermArr, currency);
    let decided_on = c.date(F::DecidedOn);
    let note = c.note(F::Note);
    let named = c.text(F::ChurnRequirement);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(term_end), Some(result)) = (account, term_end, result) else { return Ok(None) };
    let today = w.today;
    let f = w.edit(i)?;
    let before = (f.terms.clone(), f.account.stage);
    // Checked before anything changes: a bad row changes nothing.
    let named_cause = match &named {
        None => None,
        Some(title) => {
            let old = f.terms.iter().find(|t| t.end == term_end).and_then(|t| match &t.outcome {
                Some(TermOutcome::Churned { because_of, .. }) => *because_of,
                _ => None,
            });
            match cause(&f.requirements, title, old) {
                Some(id) => Some(id),
                None => {
                    c.problem(
                        F::ChurnRequirement,
                        format!(
                            "this account has no requirement titled '{title}' to name as the churn's cause"
                        ),
                    );
                    return Ok(None);
                }
            }
        }
    };
    let mut created = false;
    let idx = match f.terms.iter().position(|t| t.end == term_end) {
        Some(idx) => idx,
        None => {
            let (Some(start), Some(arr)) = (term_start, term_arr) else {
                let ends: Vec<String> = f.terms.iter().map(|t| t.end.to_string()).collect();
                let known = if ends.is_empty() { "none".to_string() } else { ends.join(", ") };
                c.problem(
                    F::TermEnd,
                    format!(
                        "no contract term of this account ends on {term_end} (terms end on: {known}); \
                         to add a past term give term_start and term_arr"
                    ),
                );
                return Ok(None);
            };
            f.terms.push(ContractTerm {
                id: TermId(0),
                account_id: f.account.id,
                start,
                end: term_end,
                arr,
                outcome: None,
                version: 0,
            });
            f.terms.sort_by_key(|t| t.start);
            created = true;
            f.terms.iter().position(|t| t.end == term_end).unwrap_or(0)
        }
    };
    let t = &mut f.terms[idx];
    if let Some(s) = term_start {
        t.start = s;
    }
    if let Some(a) = term_arr {
        t.arr = a;
    }
    // Cells left blank keep what Radar already recorded for this outcome.
    let decided =
        decided_on.or(t.outcome.as_ref().map(TermOutcome::decided_on)).unwrap_or(today.min(term_end));
    // Not `term::check_decided`: an import carries history as the file has it, and an
    // older Radar's own export may hold an outcome dated before its term began (refusing
    // it made that file impossible to read back; the dashboard and the store refuse such
    // a date where an outcome is recorded).
    t.outcome = Some(match (result, &t.outcome) {
        (Verdict::Renewed, old) => {
            let kept = match old {
                Some(TermOutcome::Renewed { new_arr, .. }) => Some(*new_arr),
                _ => None,
            };
            TermOutcome::Renewed { decided_on: decided, new_arr: renewed_arr.or(kept).unwrap_or(t.arr) }
        }
        (Verdict::Churned, old) => {
            let (old_reason, old_note, old_cause) = match old {
                Some(TermOutcome::Churned { reason, note, because_of, .. }) => {
                    (Some(*reason), Some(note.clone()), *because_of)
                }
                _ => (None, None, None),
            };
            let because_of = named_cause.or(old_cause);
            TermOutcome::Churned {
                decided_on: decided,
                reason: reason.or(old_reason).unwrap_or(ChurnReason::Other),
                note: note.clone().or(old_note).unwrap_or_default(),
                because_of,
            }
        }
    });
    let (start, end, outcome) = (t.start, t.end, t.outcome.clone());
    let is_last = idx + 1 == f.terms.len();
    match outcome {
        Some(TermOutcome::Renewed { new_arr, .. }) if is_last => {
            f.terms.push(ContractTerm {
                id: TermId(0),
                account_id: f.account.id,
                start: end,
                end: next_end(start, end),
                arr: new_arr,
                outcome: None,
                version: 0,
            });
        }
        Some(TermOutcome::Churned { .. }) if is_last => f.account.stage = Stage::Churned,
        _ => {}
    }
    if let Err(e) = validate_terms(&f.terms) {
        // The location names the column (term_end) and its line; the rule says what breaks.
        let why = super::account_terms::terms_problem(c, e);
        c.problem(F::TermEnd, why);
        return Ok(None);
    }
    if (&f.terms, f.account.stage) == (&before.0, before.1) {
        return Ok(Some(Outcome::Unchanged));
    }
    w.regen(i);
    Ok(Some(if created { Outcome::Created } else { Outcome::Updated }))
}
