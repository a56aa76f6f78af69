//! Win-back when the cause is fixed (PLAYBOOK §12): a churn may name the requirement
//! whose absence lost the account (`TermOutcome::Churned::because_of`). Once a
//! requirement of the same title is delivered — for this account or any other in the
//! book, since product ships a feature once for everyone — on or after the churn, the
//! churned account is a win-back candidate, dated from that delivery, until it is won back.
//!
//! Titles match trimmed, case-insensitively, with runs of white space as one ("SSO
//! login" = "sso  Login"); a differently worded request for the same feature is not
//! matched (the CSM names the requirement on the churned account, and moves that one).
//!
//! A churn reason can be marked fixed too (`radar winback fixed price --on …`: a cheaper
//! plan, a support desk): every account that churned for that reason on or before the day
//! it was fixed comes back from that day (a churn after the fix was not cured by it).

use super::account::AccountId;
use super::facts::AccountFacts;
use super::kinds::{ChurnReason, ReqStatus};
use super::records::Requirement;
use super::term::TermOutcome;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The form two requirement titles are compared in.
pub fn title_key(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// When a requirement was delivered: its first step to delivered (or to closed, for a
/// history that skipped it). None while it is not.
pub fn delivered_on(r: &Requirement) -> Option<NaiveDate> {
    r.history
        .iter()
        .find(|t| matches!(t.status, ReqStatus::Delivered | ReqStatus::Closed))
        .map(|t| t.at.date())
}

/// A churn reason marked fixed (`radar winback fixed`): a user's decision, so it travels
/// in the JSON export with the accounts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FixedReason {
    pub reason: ChurnReason,
    pub fixed_on: NaiveDate,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What the book has fixed since: every delivery by title (the dates each title was
/// delivered on), and the churn reasons marked fixed with their day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deliveries {
    by_title: HashMap<String, Vec<NaiveDate>>,
    fixed: HashMap<ChurnReason, NaiveDate>,
}

impl Deliveries {
    /// From (title, delivered on) pairs, in any order.
    pub fn new(pairs: impl IntoIterator<Item = (String, NaiveDate)>) -> Deliveries {
        let mut by_title: HashMap<String, Vec<NaiveDate>> = HashMap::new();
        for (title, on) in pairs {
            by_title.entry(title_key(&title)).or_default().push(on);
        }
        for dates in by_title.values_mut() {
            dates.sort_unstable();
        }
        Deliveries { by_title, fixed: HashMap::new() }
    }

    /// The same, with these churn reasons marked fixed on their day.
    pub fn with_fixed(mut self, fixed: impl IntoIterator<Item = (ChurnReason, NaiveDate)>) -> Deliveries {
        self.fixed.extend(fixed);
        self
    }

    /// When `reason` was marked fixed, if it was.
    pub fn fixed_on(&self, reason: ChurnReason) -> Option<NaiveDate> {
        self.fixed.get(&reason).copied()
    }

    /// The first delivery of `title` on or after `since`.
    pub fn first_since(&self, title: &str, since: NaiveDate) -> Option<NaiveDate> {
        self.by_title.get(&title_key(title))?.iter().copied().find(|d| *d >= since)
    }
}

/// A churned account whose named cause has since been delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub account_id: AccountId,
    /// When the cause was delivered: the day it became worth a call.
    pub since: NaiveDate,
    /// The requirement the churn named, as titled on this account; None when it is back
    /// because its churn reason was marked fixed.
    pub requirement: Option<String>,
    pub churned_on: NaiveDate,
    pub reason: ChurnReason,
}

/// `f` as a win-back candidate: its last term churned, and either the requirement it
/// named was delivered (as any requirement of that title) on or after the churn, or its
/// churn reason was marked fixed on or after the churn; the earlier of the two when both.
/// None otherwise (not churned, won back since, nothing named and nothing fixed).
pub fn candidate(f: &AccountFacts, deliveries: &Deliveries) -> Option<Candidate> {
    let Some(TermOutcome::Churned { decided_on, reason, because_of, .. }) =
        f.terms.last().and_then(|t| t.outcome.as_ref())
    else {
        return None;
    };
    let named = because_of.and_then(|req| f.requirements.iter().find(|r| r.id == req));
    let delivered =
        named.and_then(|r| Some((deliveries.first_since(&r.title, *decided_on)?, Some(r.title.clone()))));
    let fixed = deliveries.fixed_on(*reason).filter(|d| d >= decided_on).map(|d| (d, None));
    let (since, requirement) = match (delivered, fixed) {
        (Some(a), Some(b)) => {
            if b.0 < a.0 {
                b
            } else {
                a
            }
        }
        (a, b) => a.or(b)?,
    };
    Some(Candidate { account_id: f.account.id, since, requirement, churned_on: *decided_on, reason: *reason })
}

#[cfg(test)]
#[path = "tests_winback.rs"]
mod tests;
