//! Playbook milestones as real state: generated from an account's dates and tier,
//! regenerated when those change, keeping whatever the CSM already completed.
//! (PLAYBOOK §3 onboarding targets, §9 cadence by tier, §11 renewal countdown.)

use super::account::{Account, MilestoneId};
use super::dates::add_months;
use super::kinds::Tier;
use super::milestone::{Milestone, MilestoneKind, MilestoneStatus};
use super::term::ContractTerm;
use chrono::{Duration, NaiveDate};

/// Weekly blocker follow-ups between T-60 and T-30 (PLAYBOOK §11).
const T60_FOLLOW_UPS: [i64; 5] = [60, 53, 46, 39, 32];

/// Cadence in months for a tier, and the milestone it asks for (PLAYBOOK §9).
pub fn cadence(tier: Tier) -> (u32, MilestoneKind) {
    match tier {
        Tier::Ka => (1, MilestoneKind::MonthlyTouch),
        Tier::Large => (3, MilestoneKind::Qbr),
        Tier::Mid => (6, MilestoneKind::HalfYearReview),
        Tier::Small | Tier::Micro => (6, MilestoneKind::BestPractice),
    }
}

fn pending(account: &Account, kind: MilestoneKind, due: NaiveDate) -> Milestone {
    Milestone {
        id: MilestoneId(0),
        account_id: account.id,
        kind,
        due,
        status: MilestoneStatus::Pending,
        done_on: None,
        note: String::new(),
        version: 0,
        origin: Some(due),
    }
}

/// The milestones the playbook asks for, given the account and its term history
/// (sorted by start): onboarding targets from the first term's start, the tier's cadence
/// across the open term, and the countdown to the open term's end. Sorted by due date.
pub fn generate(account: &Account, terms: &[ContractTerm]) -> Vec<Milestone> {
    let mut out = Vec::new();
    if let Some(first) = terms.first() {
        out.push(pending(account, MilestoneKind::Activation, first.start + Duration::days(30)));
        out.push(pending(account, MilestoneKind::NoHowTo, add_months(first.start, 4)));
        out.push(pending(account, MilestoneKind::OwnCampaigns, add_months(first.start, 9)));
    }
    if let Some(open) = terms.iter().rev().find(|t| t.is_open()) {
        let (every, kind) = cadence(account.tier);
        let mut step = 1;
        loop {
            let due = add_months(open.start, (every * step) as i32);
            // The renewal countdown takes over in the last 90 days.
            if due >= open.end - Duration::days(90) {
                break;
            }
            out.push(pending(account, kind, due));
            step += 1;
        }
        let end = open.end;
        let mut countdown = vec![(MilestoneKind::T90, 90)];
        countdown.extend(T60_FOLLOW_UPS.map(|days| (MilestoneKind::T60, days)));
        countdown.extend([(MilestoneKind::T30, 30), (MilestoneKind::T0, 0)]);
        // A term shorter than the countdown (a short win-back) gets the steps that fall
        // inside it: one due before the term began would be overdue the day it opens.
        for (kind, days) in countdown {
            let due = end - Duration::days(days);
            if due >= open.start {
                out.push(pending(account, kind, due));
            }
        }
    }
    out.sort_by_key(|m| (m.due, m.kind));
    out
}

/// Merges a fresh generation into what is stored: completed (done/skipped) milestones
/// are kept as they are; a pending one survives (with its id and note) when the
/// generation still asks for the same kind on the same date; other pending ones go;
/// new ones are added (but an onboarding target already completed on another date).
/// Returns the merged list sorted by due date. A skip before arrival
/// (`skipped_before_arrival`) is no decision but the rule's: it goes with the pending ones,
/// and `skip_before_arrival` makes it again where the generation still asks for it (a
/// start date corrected on an account added by hand left the old schedule's skips beside
/// the new one's: two "Activated"; CSM trial, session 26).
pub fn regenerate(existing: &[Milestone], generated: Vec<Milestone>) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = existing
        .iter()
        .filter(|m| m.status != MilestoneStatus::Pending && !skipped_before_arrival(m))
        .cloned()
        .collect();
    for g in generated {
        // An onboarding target is asked once: when a corrected start moves it, the one
        // completed on the old date still answers it (no second "Activated" beside the
        // user's; CSM trial, session 26).
        let completed_same =
            out.iter().any(|m| m.kind == g.kind && (m.due == g.due || g.kind.is_onboarding()));
        if completed_same {
            continue;
        }
        match existing
            .iter()
            .find(|m| m.status == MilestoneStatus::Pending && m.kind == g.kind && m.due == g.due)
        {
            Some(kept) => out.push(kept.clone()),
            None => out.push(g),
        }
    }
    out.sort_by_key(|m| (m.due, m.kind, m.id));
    out
}

/// Note on milestones that fell due before the account came into Radar (an import, or
/// added by hand with its contract running). One note for both: these milestones are
/// derived, not stored (issue 19), and an account does not record how it arrived. Files
/// written before session 26 keep their stored rows, noted "before import" or "before the
/// account was added".
pub const BEFORE_ARRIVAL: &str = "before the account came into Radar";

/// Every note a release wrote itself on a skip before arrival: this one's, and the two of
/// releases before session 26. No person wrote them (the search leaves them out).
pub const ARRIVAL_NOTES: [&str; 3] = [BEFORE_ARRIVAL, "before import", "before the account was added"];

/// Whether `m` is a skip made because it fell due before its account came into Radar, by
/// this release (`BEFORE_ARRIVAL`) or one before session 26 ("before import", "before the
/// account was added"): no one decided it, so its note is no note to carry into a decision
/// (the done form opened on one pre-filled "before the account came into Radar" as the
/// note of the work done; session 26).
pub fn skipped_before_arrival(m: &Milestone) -> bool {
    m.status == MilestoneStatus::Skipped
        && m.done_on == Some(m.due)
        && ARRIVAL_NOTES.contains(&m.note.as_str())
}

/// Whether a milestone due on `due` fell due before its account came into Radar on
/// `arrived` (the rule `skip_before_arrival` applies; `pending_before` counts by it too).
pub fn due_before_arrival(due: NaiveDate, arrived: NaiveDate) -> bool {
    due < arrived
}

/// New milestones (not stored yet: id 0) the playbook asks for that fell due before the
/// account came into Radar (`arrived`: its `created_on`, imported or added by hand with
/// its contract already running): nobody could have done them here, so they are skipped
/// on their own day, noted `BEFORE_ARRIVAL`, instead of showing a year of steps as overdue.
pub fn skip_before_arrival(milestones: &mut [Milestone], arrived: NaiveDate) {
    for m in milestones.iter_mut().filter(|m| m.id.0 == 0 && due_before_arrival(m.due, arrived)) {
        m.status = MilestoneStatus::Skipped;
        m.done_on = Some(m.due);
        m.note = BEFORE_ARRIVAL.to_string();
    }
}

/// The pending milestones of terms that have ended (renewed or churned), closed as
/// superseded on the day that term's outcome was decided: a T-30 of last year's renewal or
/// an onboarding target of a first term long renewed is no longer something to do. A
/// milestone belongs to the earliest closed term whose end is on or after its due date;
/// a renewal countdown step due after every closed term's end but before the open term's
/// countdown begins (or with no open term) was moved past the end it counted down to (a
/// snoozed T-30), and belongs to the last closed term. Returns only the milestones that change.
pub fn superseded(milestones: &[Milestone], terms: &[ContractTerm]) -> Vec<Milestone> {
    let mut closed: Vec<&ContractTerm> = terms.iter().filter(|t| t.outcome.is_some()).collect();
    closed.sort_by_key(|t| t.end);
    let countdown_from = terms.iter().find(|t| t.is_open()).map(|t| t.end - Duration::days(90));
    milestones
        .iter()
        .filter(|m| m.status == MilestoneStatus::Pending)
        .filter_map(|m| {
            let moved_past_end = || {
                let before_open = countdown_from.is_none_or(|from| m.due < from);
                closed.last().filter(|_| m.kind.is_countdown() && before_open)
            };
            let term = closed.iter().find(|t| t.end >= m.due).or_else(moved_past_end)?;
            let mut m = m.clone();
            m.status = MilestoneStatus::Superseded;
            m.done_on = term.outcome.as_ref().map(|o| o.decided_on());
            Some(m)
        })
        .collect()
}

/// `superseded`, applied in place: each pending milestone of an ended term closed.
pub fn close_ended(milestones: &mut [Milestone], terms: &[ContractTerm]) {
    for m in milestones.iter_mut() {
        if let Some(closed) = superseded(std::slice::from_ref(m), terms).pop() {
            *m = closed;
        }
    }
}

#[cfg(test)]
#[path = "playbook_tests.rs"]
mod tests;
