//! The account as of one moment: the views every rule needs, computed from dated facts
//! so that a fact dated after the moment is invisible. Values that carry no date
//! (tier, target fit, a contact's role, stance and tier) are taken as they are now.

use super::Reason;
use super::RuleId;
use crate::domain::config::RiskConfig;
use crate::domain::records::{Contact, UsageSnapshot};
use crate::domain::term::{ContractTerm, TermOutcome, term_at};
use crate::domain::{AccountFacts, Stage};
use chrono::{NaiveDate, NaiveDateTime};

/// An active contact and how long they have been silent (see `Ctx::freshest_contact`).
pub(crate) struct Freshest<'a> {
    pub contact: &'a Contact,
    /// When we were last in touch; None: never.
    pub last: Option<NaiveDate>,
    /// The day the silence is counted from: `last`, else the day they were added.
    pub since: NaiveDate,
}

pub(crate) struct Ctx<'a> {
    pub facts: &'a AccountFacts,
    pub cfg: &'a RiskConfig,
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    /// The term in force today (or the latest one before it).
    pub term: Option<&'a ContractTerm>,
    /// Usage snapshots dated on or before today, oldest first.
    pub usage: &'a [UsageSnapshot],
}

impl<'a> Ctx<'a> {
    pub fn new(facts: &'a AccountFacts, now: NaiveDateTime, cfg: &'a RiskConfig) -> Ctx<'a> {
        let today = now.date();
        // `usage` is sorted by date (AccountFacts invariant), so a binary search finds the cut.
        let cut = facts.usage.partition_point(|u| u.date <= today);
        Ctx { facts, cfg, now, today, term: term_at(&facts.terms, today), usage: &facts.usage[..cut] }
    }

    pub fn points(&self, rule: RuleId) -> u32 {
        self.cfg.points(rule)
    }

    pub fn active_contacts(&self) -> impl Iterator<Item = &'a Contact> + '_ {
        self.facts.contacts.iter().filter(|c| c.active_on(self.today))
    }

    /// The most recently contacted active contact matching `pred`, with when we were last
    /// in touch (None: never) and the day their silence is counted from: that contact, or
    /// failing one the day we learned of them (so a person added yesterday is not "silent
    /// for ever"). None when no active contact matches.
    pub fn freshest_contact(&self, pred: impl Fn(&Contact) -> bool) -> Option<Freshest<'a>> {
        self.active_contacts()
            .filter(|c| pred(c))
            .map(|c| {
                let last = self.facts.last_contacted(c, self.today);
                Freshest { contact: c, last, since: last.unwrap_or(c.added_on) }
            })
            // Ties go to the lower id so the named person is stable.
            .max_by(|a, b| a.since.cmp(&b.since).then(b.contact.id.cmp(&a.contact.id)))
    }

    /// Whole days from `date` to today.
    pub fn days_since(&self, date: NaiveDate) -> i64 {
        (self.today - date).num_days()
    }
}

/// Churned as of `date`: the term in force then was closed as churned on or before
/// `date`, or the stage says churned with no dated churn on record (then it holds at
/// every date, since nothing says when it happened).
pub fn is_churned(facts: &AccountFacts, date: NaiveDate) -> bool {
    let churn_of = |t: &crate::domain::ContractTerm| match &t.outcome {
        Some(TermOutcome::Churned { decided_on, .. }) => Some(*decided_on),
        _ => None,
    };
    if !facts.terms.iter().any(|t| churn_of(t).is_some()) {
        return facts.account.stage == Stage::Churned;
    }
    // The term in force on `date` decides: an account won back after a churn (a new
    // term after the churned one) is no longer churned once the new term starts.
    crate::domain::term::term_at(&facts.terms, date)
        .or(facts.terms.first())
        .and_then(churn_of)
        .is_some_and(|decided_on| decided_on <= date)
}

/// A fired rule with its default points; `assess` drops it if the config gives it 0.
pub(crate) fn fired(ctx: &Ctx<'_>, rule: RuleId, args: Vec<(String, String)>) -> Option<Reason> {
    Some(Reason { rule, points: ctx.points(rule), args })
}

/// One template argument.
pub(crate) fn arg(name: &str, value: impl ToString) -> (String, String) {
    (name.to_string(), value.to_string())
}

/// Shortens free text quoted in a one-line reason (counted in characters, not bytes, so
/// Chinese text is cut on a character boundary).
pub(crate) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    let text = text.trim();
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}
