//! Contract terms: an account's history of [start, end) periods with their ARR,
//! each closed by a renewal outcome.

use super::account::{AccountId, RequirementId, TermId};
use super::kinds::ChurnReason;
use super::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a term ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TermOutcome {
    /// Renewed with the next term's ARR (flat, up-sell or down-sell follows from it).
    Renewed { decided_on: NaiveDate, new_arr: Money },
    Churned {
        decided_on: NaiveDate,
        reason: ChurnReason,
        note: String,
        /// The account's requirement whose absence lost it (win-back, PLAYBOOK §12): when
        /// a requirement of that title is delivered, the account comes back as a win-back
        /// candidate. Left out of JSON when None, so older exports read and write the same.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        because_of: Option<RequirementId>,
    },
}

impl TermOutcome {
    pub fn decided_on(&self) -> NaiveDate {
        match self {
            TermOutcome::Renewed { decided_on, .. } | TermOutcome::Churned { decided_on, .. } => *decided_on,
        }
    }
}

/// Flat, up-sell or down-sell, derived from old and new ARR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalKind {
    Flat,
    Upsell,
    Downsell,
}

impl RenewalKind {
    pub fn of(old: Money, new: Money) -> RenewalKind {
        match new.minor.cmp(&old.minor) {
            std::cmp::Ordering::Equal => RenewalKind::Flat,
            std::cmp::Ordering::Greater => RenewalKind::Upsell,
            std::cmp::Ordering::Less => RenewalKind::Downsell,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractTerm {
    pub id: TermId,
    pub account_id: AccountId,
    pub start: NaiveDate,
    /// The renewal date: the first day the term no longer covers.
    pub end: NaiveDate,
    pub arr: Money,
    pub outcome: Option<TermOutcome>,
    pub version: i64,
}

impl ContractTerm {
    pub fn is_open(&self) -> bool {
        self.outcome.is_none()
    }

    /// Lapsed on `today`: the term has ended (its end is past; the renewal day itself is
    /// not) and no outcome decided on or before today is recorded. The risk rule
    /// `renewal_lapsed` and the referral suggestion read it alike.
    pub fn lapsed_on(&self, today: NaiveDate) -> bool {
        let decided = self.outcome.as_ref().is_some_and(|o| o.decided_on() <= today);
        !decided && self.end < today
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("a term must end after it starts ({start} .. {end})")]
    Empty { start: NaiveDate, end: NaiveDate },
    #[error("terms overlap: one ends {prev_end}, the next starts {start}")]
    Overlap { prev_end: NaiveDate, start: NaiveDate },
    #[error("only the last term may be without an outcome (term starting {start} is open)")]
    OpenInMiddle { start: NaiveDate },
    #[error("the account churned on {decided_on}; a won-back term cannot start before that ({start})")]
    AfterChurn { decided_on: NaiveDate, start: NaiveDate },
    #[error("a renewal must end after the current term ({end})")]
    RenewalEnd { end: NaiveDate },
    #[error("an outcome decided on {decided_on} comes before the term began ({start})")]
    DecidedBeforeStart { decided_on: NaiveDate, start: NaiveDate },
    #[error(
        "an outcome decided on {decided_on} comes before the renewal that opened this term was decided ({renewed_on})"
    )]
    DecidedBeforeRenewal { decided_on: NaiveDate, renewed_on: NaiveDate },
}

/// Checks a history (sorted by start): non-empty terms, no overlaps, only the last open,
/// and a term after a churn (the account won back, PLAYBOOK §12) starting only once the
/// churn was decided.
pub fn validate_terms(terms: &[ContractTerm]) -> Result<(), TermError> {
    for (i, t) in terms.iter().enumerate() {
        if t.end <= t.start {
            return Err(TermError::Empty { start: t.start, end: t.end });
        }
        if let Some(prev) = i.checked_sub(1).map(|p| &terms[p]) {
            if t.start < prev.end {
                return Err(TermError::Overlap { prev_end: prev.end, start: t.start });
            }
            match &prev.outcome {
                None => return Err(TermError::OpenInMiddle { start: prev.start }),
                Some(TermOutcome::Churned { decided_on, .. }) if t.start < *decided_on => {
                    return Err(TermError::AfterChurn { decided_on: *decided_on, start: t.start });
                }
                Some(TermOutcome::Churned { .. }) => {}
                Some(TermOutcome::Renewed { .. }) => {}
            }
        }
    }
    Ok(())
}

/// Whether `term`'s outcome may be recorded as decided on `decided_on`, on `today`, after
/// `prev` in the history. A term a renewal opened is decided no earlier than that renewal
/// was (a customer may back out of a renewal signed early, before the new term starts); a
/// first or won-back term that has begun, no earlier than its start (one not begun yet may
/// be called off before it starts). "Decided 2020-01-01" on a 2025-26 term was saved and
/// printed as "renewed 2020-01-01" (CSM trial, session 21). Checked where an outcome is
/// recorded, never on a stored history: a file with such a date must still open, export
/// and import again.
pub fn check_decided(
    prev: Option<&ContractTerm>,
    term: &ContractTerm,
    decided_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), TermError> {
    match prev.and_then(|p| p.outcome.as_ref()) {
        Some(TermOutcome::Renewed { decided_on: renewed_on, .. }) if decided_on < *renewed_on => {
            Err(TermError::DecidedBeforeRenewal { decided_on, renewed_on: *renewed_on })
        }
        Some(TermOutcome::Renewed { .. }) => Ok(()),
        _ if term.start <= today && decided_on < term.start => {
            Err(TermError::DecidedBeforeStart { decided_on, start: term.start })
        }
        _ => Ok(()),
    }
}

/// `check_decided` for the term `id` of a history sorted by start (a term not in it: Ok).
pub fn check_decided_in(
    terms: &[ContractTerm],
    id: TermId,
    decided_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), TermError> {
    match terms.iter().position(|t| t.id == id) {
        Some(i) => check_decided(i.checked_sub(1).map(|p| &terms[p]), &terms[i], decided_on, today),
        None => Ok(()),
    }
}

/// The open term, i.e. the one whose end is the current renewal date.
pub fn current_term(terms: &[ContractTerm]) -> Option<&ContractTerm> {
    terms.iter().rev().find(|t| t.is_open())
}

/// The term in force on `date` (or the latest one before it).
pub fn term_at(terms: &[ContractTerm], date: NaiveDate) -> Option<&ContractTerm> {
    terms.iter().rev().find(|t| t.start <= date)
}

/// Records a renewal of the open term: closes it and returns the next term
/// (from the old end to `new_end`, at `new_arr`).
pub fn renew(
    current: &mut ContractTerm,
    decided_on: NaiveDate,
    new_arr: Money,
    new_end: NaiveDate,
) -> Result<ContractTerm, TermError> {
    if new_end <= current.end {
        return Err(TermError::RenewalEnd { end: current.end });
    }
    current.outcome = Some(TermOutcome::Renewed { decided_on, new_arr });
    Ok(ContractTerm {
        id: TermId(0),
        account_id: current.account_id,
        start: current.end,
        end: new_end,
        arr: new_arr,
        outcome: None,
        version: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;
    use chrono::Duration;
    use proptest::prelude::*;

    fn term(start: NaiveDate, days: i64, arr: i64) -> ContractTerm {
        ContractTerm {
            id: TermId(0),
            account_id: AccountId(1),
            start,
            end: start + Duration::days(days),
            arr: Money::new(arr, Currency::CNY),
            outcome: None,
            version: 0,
        }
    }

    proptest! {
        // Renewing repeatedly from any valid start builds a history that never overlaps.
        #[test]
        fn renewal_chain_never_overlaps(start_off in 0i64..3000, lens in proptest::collection::vec(1i64..1200, 1..6),
                                        arrs in proptest::collection::vec(0i64..10_000_000, 6)) {
            let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + Duration::days(start_off);
            let mut terms = vec![term(start, lens[0], arrs[0])];
            for (i, len) in lens.iter().enumerate().skip(1) {
                let last = terms.len() - 1;
                let end = terms[last].end + Duration::days(*len);
                let next = renew(&mut terms[last], start, Money::new(arrs[i], Currency::CNY), end).unwrap();
                terms.push(next);
            }
            prop_assert!(validate_terms(&terms).is_ok());
            prop_assert_eq!(current_term(&terms).map(|t| t.end), terms.last().map(|t| t.end));
            for w in terms.windows(2) { prop_assert!(w[0].end <= w[1].start); }
        }
    }

    proptest! {
        // In a chain of renewals, each term's outcome is refused exactly when it is dated
        // before the renewal that opened the term was decided, and the first term's when it
        // has begun and the date is before its start; never when the date is on or after.
        #[test]
        fn an_outcome_is_never_decided_before_it_could_be(
            lens in proptest::collection::vec(1i64..800, 2..6),
            decided in proptest::collection::vec(-400i64..1200, 6),
            shift in -400i64..400,
            today_off in 0i64..3000,
        ) {
            let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let today = start + Duration::days(today_off) - Duration::days(200);
            let mut terms = vec![term(start, lens[0], 100)];
            for (i, len) in lens.iter().enumerate().skip(1) {
                let last = terms.len() - 1;
                let on = start + Duration::days(decided[i - 1]);
                let end = terms[last].end + Duration::days(*len);
                let next = renew(&mut terms[last], on, Money::new(100, Currency::CNY), end).unwrap();
                terms.push(next);
            }
            for (i, t) in terms.iter_mut().enumerate() {
                t.id = TermId(i as i64 + 1);
            }
            for (i, t) in terms.iter().enumerate() {
                let prev = i.checked_sub(1).map(|p| &terms[p]);
                let bound = match prev.and_then(|p| p.outcome.as_ref()) {
                    Some(o) => Some(o.decided_on()),
                    None => (t.start <= today).then_some(t.start),
                };
                let on = bound.unwrap_or(t.start) + Duration::days(shift);
                let refused = check_decided(prev, t, on, today).is_err();
                prop_assert_eq!(refused, bound.is_some_and(|b| on < b), "{:?} {}", t, on);
                prop_assert_eq!(check_decided_in(&terms, t.id, on, today).is_err(), refused);
            }
        }
    }

    #[test]
    fn an_outcome_decided_before_its_term_could_be_is_refused() {
        let d = NaiveDate::from_ymd_opt(2025, 10, 12).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let first = term(d, 365, 100);
        let early = TermError::DecidedBeforeStart { decided_on: d - Duration::days(1), start: d };
        assert_eq!(check_decided(None, &first, d - Duration::days(1), today), Err(early));
        assert_eq!(check_decided(None, &first, d, today), Ok(()));
        // Not begun yet: it may be called off before it starts.
        let coming = term(today + Duration::days(20), 365, 100);
        assert_eq!(check_decided(None, &coming, today, today), Ok(()));
        assert!(check_decided(None, &coming, today, coming.start - Duration::days(1)).is_ok());
        assert!(check_decided(None, &coming, today, coming.start).is_err(), "begun on its start");
        // Won back: the new term's own start bounds its outcome, as a first term's does.
        let mut churned = first.clone();
        churned.outcome = Some(TermOutcome::Churned {
            decided_on: first.end,
            reason: ChurnReason::Price,
            note: String::new(),
            because_of: None,
        });
        let back = term(first.end + Duration::days(30), 365, 100);
        assert!(check_decided(Some(&churned), &back, back.start - Duration::days(1), today).is_err());
        assert_eq!(check_decided(Some(&churned), &back, back.start, today), Ok(()));
        // A renewal signed early: the customer may back out before the new term starts,
        // but not before the renewal was signed, whether or not the new term has begun.
        let mut old = term(d, 365, 100);
        let signed = old.end - Duration::days(60);
        let new_end = old.end + Duration::days(365);
        let mut new = renew(&mut old, signed, Money::new(120, Currency::CNY), new_end).unwrap();
        new.id = TermId(2);
        assert_eq!(check_decided(Some(&old), &new, signed + Duration::days(10), today), Ok(()));
        assert_eq!(check_decided(Some(&old), &new, signed, today), Ok(()), "on the renewal's own day");
        let before =
            TermError::DecidedBeforeRenewal { decided_on: signed - Duration::days(1), renewed_on: signed };
        assert_eq!(check_decided(Some(&old), &new, signed - Duration::days(1), today), Err(before.clone()));
        assert_eq!(
            check_decided_in(&[old.clone(), new.clone()], TermId(2), signed - Duration::days(1), today),
            Err(before)
        );
        assert_eq!(
            check_decided_in(&[old, new], TermId(9), d - Duration::days(999), today),
            Ok(()),
            "no such term"
        );
        // A stored history with such a date is still a valid history (it opens and exports).
        let mut stored = first.clone();
        stored.outcome =
            Some(TermOutcome::Renewed { decided_on: d - Duration::days(2000), new_arr: stored.arr });
        assert!(validate_terms(&[stored]).is_ok());
    }

    #[test]
    fn rejects_overlap_open_middle_and_after_churn() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let a = term(d, 365, 100);
        let mut b = term(d + Duration::days(300), 365, 100);
        assert!(matches!(validate_terms(&[a.clone(), b.clone()]), Err(TermError::Overlap { .. })));
        b.start = a.end;
        assert!(matches!(validate_terms(&[a.clone(), b.clone()]), Err(TermError::OpenInMiddle { .. })));
        let mut churned = a.clone();
        churned.outcome = Some(TermOutcome::Churned {
            decided_on: a.end + Duration::days(10),
            reason: ChurnReason::Price,
            note: String::new(),
            because_of: None,
        });
        assert!(matches!(validate_terms(&[churned.clone(), b.clone()]), Err(TermError::AfterChurn { .. })));
        // Won back after the churn was decided: a valid history.
        b.start = a.end + Duration::days(40);
        b.end = b.start + Duration::days(365);
        assert!(validate_terms(&[churned, b]).is_ok());
        assert!(matches!(validate_terms(&[term(d, 0, 1)]), Err(TermError::Empty { .. })));
    }

    #[test]
    fn renewal_kind() {
        let m = |v| Money::new(v, Currency::CNY);
        assert_eq!(RenewalKind::of(m(10), m(10)), RenewalKind::Flat);
        assert_eq!(RenewalKind::of(m(10), m(12)), RenewalKind::Upsell);
        assert_eq!(RenewalKind::of(m(10), m(8)), RenewalKind::Downsell);
    }
}
