//! Playbook milestones as a calendar keeps a recurring event: the pending ones follow from
//! the account's tier and terms (`playbook::generate`), and only what was decided about
//! one (done, skipped, superseded, rescheduled, noted) needs a stored row (issue 19, item 2).
//!
//! This module is the rule and its proof against the stored model: `keep` is what a
//! migration keeps of the rows the current code stores (a pending row that `derive` gives
//! back unchanged goes), and `derive` rebuilds, from the kept rows, the very list that was
//! stored. The property test below drives the current code (generate, regenerate,
//! supersede, complete, reschedule) through random histories and checks exactly that.

use super::account::TermId;
use super::account::{Account, AccountId, MilestoneId};
use super::choice::Choice;
use super::kinds::Tier;
use super::milestone::{Milestone, MilestoneKind, MilestoneStatus};
use super::money::{Currency, Money};
use super::playbook;
use super::term::{ContractTerm, TermOutcome};
use chrono::NaiveDate;

/// Days from 0001-01-01 fit in 20 bits until the year 2870.
const DAY_BITS: u32 = 20;
const KIND_BITS: u32 = 4;

/// The stable identity of a derived (never stored) milestone: a negative id made of its
/// account, due date and kind, so the agenda, an edit or the undo log can name it before
/// it has a row. Stored rows keep the engine's positive ids; the first decision about a
/// derived milestone gives it a row. Laid out from `i64::MIN` up, account, then day, then
/// kind, so derived ids sort as the playbook generated them (by account, date and kind), as
/// the stored rows' ids did: lists tied on a date keep their old order (CSM trial, session 25).
pub fn derived_id(account: AccountId, kind: MilestoneKind, due: NaiveDate) -> MilestoneId {
    let kind = MilestoneKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    let day = i64::from(chrono::Datelike::num_days_from_ce(&due)) & ((1 << DAY_BITS) - 1);
    // Added, not or-ed: the parts never overlap, and a sum's mutants are not equivalent.
    MilestoneId(i64::MIN + (account.0 << (DAY_BITS + KIND_BITS)) + (day << KIND_BITS) + kind)
}

/// What a derived id was made of: its account, kind and due date (None for a stored id).
pub fn derived_parts(id: MilestoneId) -> Option<(AccountId, MilestoneKind, NaiveDate)> {
    // A stored id (0 or more) is no offset from `i64::MIN` that fits: None.
    let x = id.0.checked_sub(i64::MIN)?;
    let kind = *MilestoneKind::ALL.get(usize::try_from(x & ((1 << KIND_BITS) - 1)).ok()?)?;
    let day =
        NaiveDate::from_num_days_from_ce_opt(i32::try_from((x >> KIND_BITS) & ((1 << DAY_BITS) - 1)).ok()?)?;
    Some((AccountId(x >> (DAY_BITS + KIND_BITS)), kind, day)).filter(|(account, ..)| account.0 > 0)
}

/// What the playbook asks of an account now, as `derive` gives it where nothing was
/// decided: every generated milestone pending, but those that fell due before the account
/// came into Radar, skipped on their own day (`playbook::skip_before_arrival`). Those were
/// stored rows, five per imported account (issue 19); they follow from `created_on` alone.
pub fn expected(account: &Account, terms: &[ContractTerm]) -> Vec<Milestone> {
    let mut out = playbook::generate(account, terms);
    playbook::skip_before_arrival(&mut out, account.created_on);
    out
}

/// The milestones of an account: every decided (stored) row, plus each milestone the
/// playbook expects (`expected`) no decided row stands for (same kind, `origin` its due
/// date), with its derived id. Sorted as the playbook sorts (due, kind), stored rows
/// before derived ones on a tie.
pub fn derive(account: &Account, terms: &[ContractTerm], decided: &[Milestone]) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = decided.to_vec();
    for g in expected(account, terms) {
        let claimed = decided.iter().any(|d| d.kind == g.kind && d.origin == Some(g.due));
        let id = derived_id(account.id, g.kind, g.due);
        // A stored row keeps the derived id it was decided under (`store::milestones`);
        // one that no longer claims this date never shares its id with the derived one.
        if !claimed && !decided.iter().any(|d| d.id == id) {
            out.push(Milestone { id, ..g });
        }
    }
    out.sort_by_key(|m| (m.due, m.kind, m.id.0 < 0, m.id));
    out
}

/// Whether a new account has nothing of its milestones to store: it carries no row and no
/// term of it has ended with an outcome (which closes the steps inside it, a decision kept
/// as a row). Everything the playbook asks of it is then what `derive` gives, so an import
/// need not generate the list only to find that `keep` drops every row of it (8% of a
/// 100k-account import, issue 19).
pub fn nothing_to_store(milestones: &[Milestone], terms: &[ContractTerm]) -> bool {
    milestones.is_empty() && terms.iter().all(|t| t.outcome.is_none())
}

/// An account as `expected` reads it: its id, tier and the day it came into Radar (for
/// reads that count derived milestones without loading accounts, and the migration).
pub fn account_outline(id: AccountId, tier: Tier, arrived: NaiveDate) -> Account {
    let mut a = Account::new("", tier, Currency::CNY, arrived);
    a.id = id;
    a
}

/// A term as `playbook::generate` reads it: its start and end, and whether it is open (a
/// closed one gets a stand-in outcome: generation only asks whether there is one).
pub fn term_outline(account: AccountId, start: NaiveDate, end: NaiveDate, open: bool) -> ContractTerm {
    let none = Money::new(0, Currency::CNY);
    ContractTerm {
        id: TermId(0),
        account_id: account,
        start,
        end,
        arr: none,
        outcome: (!open).then_some(TermOutcome::Renewed { decided_on: end, new_arr: none }),
        version: 0,
    }
}

/// How many of an account's milestones are pending and due before `before`: the derived
/// ones no stored row claims (not those skipped before the account came into Radar), and
/// the stored pending ones (`claims`: its stored rows that stand for a playbook date before
/// `before`, and its pending ones due before it, as `(kind, origin, pending, due)`).
pub fn pending_before(
    account: &Account,
    terms: &[ContractTerm],
    claims: &[(MilestoneKind, Option<NaiveDate>, bool, NaiveDate)],
    before: NaiveDate,
) -> usize {
    // `expected` would say the same, with a note made for every skipped one.
    let derived = playbook::generate(account, terms)
        .into_iter()
        .take_while(|g| g.due < before)
        .filter(|g| !playbook::due_before_arrival(g.due, account.created_on))
        .filter(|g| !claims.iter().any(|(kind, origin, ..)| *kind == g.kind && *origin == Some(g.due)))
        .count();
    derived + claims.iter().filter(|(_, _, pending, due)| *pending && *due < before).count()
}

/// What needs storing of an account's milestones (what the current code would store, or
/// what `derive` gave, changed by an edit), given what the playbook expects now
/// (`expected`); each kept row with its `origin` set.
/// Each expected milestone is claimed by one stored row of its kind: first a row on its
/// date as `derive` would give it (pending, or skipped before arrival with that note and
/// day; that row is dropped: `derive` gives it back), else any other row on its date, else
/// (a reschedule moved it) a row of its kind on no expected date. Every other row is kept
/// as it is, claiming nothing.
pub fn keep(stored: &[Milestone], expected: &[Milestone]) -> Vec<Milestone> {
    let mut used = vec![false; stored.len()];
    let mut origin: Vec<Option<NaiveDate>> = vec![None; stored.len()];
    let mut dropped = vec![false; stored.len()];
    let mut unclaimed = Vec::new();
    for g in expected {
        // Of two rows alike on one date (a snooze moved one onto the other's), the one
        // never edited goes (its version unchanged) and the snoozed one keeps its id; a
        // derived row (negative id: `derive`'s own output fed back) goes before any stored
        // one, so keeping what was derived keeps the same stored rows.
        let on_date = |derivable: bool, used: &[bool]| {
            (0..stored.len())
                .filter(|&i| {
                    let m = &stored[i];
                    !used[i] && m.kind == g.kind && m.due == g.due && as_derived(m, g) == derivable
                })
                .min_by_key(|&i| (stored[i].id.0 >= 0, stored[i].version))
        };
        if let Some(i) = on_date(true, &used) {
            used[i] = true;
            dropped[i] = true;
        } else if let Some(i) = on_date(false, &used) {
            used[i] = true;
            origin[i] = Some(g.due);
        } else {
            unclaimed.push(g);
        }
    }
    // What a reschedule moved: no row on its date any more. Any row of its kind that no
    // date claimed stands for it (a pending one first; completed after the move); which
    // one pairs with which date changes nothing `derive` gives.
    for g in unclaimed {
        let moved = [true, false].into_iter().find_map(|pending| {
            (0..stored.len()).find(|&i| {
                !used[i]
                    && stored[i].kind == g.kind
                    && (stored[i].status == MilestoneStatus::Pending) == pending
            })
        });
        if let Some(i) = moved {
            used[i] = true;
            origin[i] = Some(g.due);
        }
    }
    stored
        .iter()
        .enumerate()
        .filter(|(i, _)| !dropped[*i])
        .map(|(i, m)| Milestone { origin: origin[i], ..m.clone() })
        .collect()
}

/// Whether stored row `m`, on expected milestone `g`'s date, is what `derive` gives for
/// `g`: the same status, day done and note (pending with none, or a skip before arrival
/// with its note). Anything else on it is a decision, kept: a pending row with a note (a
/// JSON file can hold one) was dropped while only its status was compared, and its note
/// with it.
fn as_derived(m: &Milestone, g: &Milestone) -> bool {
    (m.status, m.done_on, m.note.as_str()) == (g.status, g.done_on, g.note.as_str())
}

#[cfg(test)]
#[path = "playbook_derive_tests.rs"]
mod tests;
