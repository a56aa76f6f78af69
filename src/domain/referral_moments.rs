//! Good moments to ask for a referral (PLAYBOOK §13: "the customer thanks you, a
//! requirement is delivered"), and the rule that turns them into at most one "consider
//! asking for a referral" suggestion per account per calendar quarter.
//!
//! The rule: on `today`, an account gets the suggestion when it had a good moment in
//! today's quarter (on or before today) and has no referral record dated in that quarter:
//! asking (a referral at any stage) or dismissing the suggestion (a referral at stage
//! `dismissed`) both silence it until the next quarter. Several moments in a quarter still
//! make one suggestion, dated by the latest of them. A lapsed renewal or a churned account
//! gets none (see `referral_suggestion`).

use super::choice::choice;
use super::facts::AccountFacts;
use super::kinds::{ReqStatus, TouchKind};
use super::risk::is_churned;
use super::term::{TermOutcome, term_at};
use chrono::{Datelike, Duration, NaiveDate};

choice! {
    /// Why now is a good moment to ask.
    GoodMoment "good moment" {
        Praise = "praise" ["thanks", "感谢"],
        Delivered = "delivered" ["requirement delivered", "需求交付"],
        Upsell = "upsell" ["up-sell", "增购续约"],
        QuickFix = "quick_fix" ["complaint resolved", "投诉快速解决"],
    }
}

/// One good moment, on its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub on: NaiveDate,
    pub kind: GoodMoment,
}

/// The suggestion to ask, for one account in one quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    /// `quarter_of` the day it is for: the same all quarter long (the agenda item's id).
    pub quarter: i64,
    /// The latest good moment of the quarter, and what it was.
    pub on: NaiveDate,
    pub kind: GoodMoment,
}

/// A calendar quarter as one number (year × 4 + quarter − 1), so quarters compare and
/// consecutive ones differ by one.
pub fn quarter_of(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 4 + i64::from(d.month0() / 3)
}

/// Every good moment of the account, in no particular order: a touchpoint of kind praise;
/// a requirement reaching delivered (its first time); a renewal with a higher ARR in the
/// same currency; a complaint resolved within 24 hours of being raised.
pub fn good_moments(f: &AccountFacts) -> Vec<Moment> {
    let mut out = Vec::new();
    let m = |on, kind| Moment { on, kind };
    out.extend(
        f.touchpoints.iter().filter(|t| t.kind == TouchKind::Praise).map(|t| m(t.date, GoodMoment::Praise)),
    );
    for r in &f.requirements {
        if let Some(t) = r.history.iter().find(|t| t.status == ReqStatus::Delivered) {
            out.push(m(t.at.date(), GoodMoment::Delivered));
        }
    }
    for t in &f.terms {
        if let Some(TermOutcome::Renewed { decided_on, new_arr }) = &t.outcome
            && new_arr.currency == t.arr.currency
            && new_arr.minor > t.arr.minor
        {
            out.push(m(*decided_on, GoodMoment::Upsell));
        }
    }
    for c in &f.complaints {
        if let Some(done) = c.resolved_at
            && done >= c.raised_at
            && done - c.raised_at <= Duration::hours(24)
        {
            out.push(m(done.date(), GoodMoment::QuickFix));
        }
    }
    out
}

/// The rule itself, over plain data: `referrals` are the days of the account's referral
/// records (any stage, dismissed included).
pub fn suggest(moments: &[Moment], referrals: &[NaiveDate], today: NaiveDate) -> Option<Suggestion> {
    let q = quarter_of(today);
    if referrals.iter().any(|d| quarter_of(*d) == q) {
        return None;
    }
    let latest =
        moments.iter().filter(|m| m.on <= today && quarter_of(m.on) == q).max_by_key(|m| (m.on, m.kind))?;
    Some(Suggestion { quarter: q, on: latest.on, kind: latest.kind })
}

/// The account's suggestion on `today`, if any. None while its renewal has lapsed (the
/// term in force ended with no outcome recorded: `renewal_lapsed`) or it has churned:
/// whatever good moment the quarter had, that is no time to ask for an introduction
/// (found in a CSM trial: a lapsed account, score 90, was still suggested).
pub fn referral_suggestion(f: &AccountFacts, today: NaiveDate) -> Option<Suggestion> {
    if term_at(&f.terms, today).is_some_and(|t| t.lapsed_on(today)) || is_churned(f, today) {
        return None;
    }
    let dates: Vec<NaiveDate> = f.referrals.iter().map(|r| r.date).collect();
    suggest(&good_moments(f), &dates, today)
}

#[cfg(test)]
#[path = "tests_referral_moments.rs"]
mod tests;
