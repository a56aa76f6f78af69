//! Playbook milestones as a calendar keeps a recurring event: the pending ones follow from
//! the account's tier and terms (`playbook::generate`), and only what was decided about
//! one (done, skipped, superseded, rescheduled, noted) needs a stored row (issue 19, item 2).
//!
//! This module is the rule and its proof against the stored model: `keep` is what a
//! migration keeps of the rows the current code stores (a pending row that `derive` gives
//! back unchanged goes), and `derive` rebuilds, from the kept rows, the very list that was
//! stored. The property test below drives the current code (generate, regenerate,
//! supersede, complete, reschedule) through random histories and checks exactly that.

use super::account::{Account, AccountId, MilestoneId};
use super::choice::Choice;
use super::milestone::{Milestone, MilestoneKind, MilestoneStatus};
use super::playbook;
use super::kinds::Tier;
use super::money::{Currency, Money};
use super::term::{ContractTerm, TermOutcome};
use super::account::TermId;
use chrono::NaiveDate;

/// Days from 0001-01-01 fit in 20 bits until the year 2870.
const DAY_BITS: u32 = 20;
const KIND_BITS: u32 = 4;

/// The stable identity of a derived (never stored) milestone: a negative id made of its
/// account, kind and due date, so the agenda, an edit or the undo log can name it before
/// it has a row. Stored rows keep SQLite's positive ids; the first decision about a derived
/// milestone materialises it as a row (with `origin` = its due date).
pub fn derived_id(account: AccountId, kind: MilestoneKind, due: NaiveDate) -> MilestoneId {
    let kind = MilestoneKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    let day = i64::from(chrono::Datelike::num_days_from_ce(&due)) & ((1 << DAY_BITS) - 1);
    MilestoneId(-((account.0 << (DAY_BITS + KIND_BITS)) | (kind << DAY_BITS) | day) - 1)
}

/// The milestones of an account: every decided (stored) row, plus each generated milestone
/// no decided row stands for (same kind, `origin` its due date), with its derived id.
/// Sorted as the playbook sorts (due, kind), stored rows before derived ones on a tie.
pub fn derive(account: &Account, terms: &[ContractTerm], decided: &[Milestone]) -> Vec<Milestone> {
    let mut out: Vec<Milestone> = decided.to_vec();
    for g in playbook::generate(account, terms) {
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

/// An account as `playbook::generate` reads it: its id and tier (for reads that count
/// derived milestones without loading accounts, and the migration).
pub fn account_outline(id: AccountId, tier: Tier) -> Account {
    let mut a = Account::new("", tier, Currency::CNY, NaiveDate::MIN);
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
/// ones no stored row claims, and the stored pending ones (`claims`: its stored rows that
/// stand for a playbook date before `before`, and its pending ones due before it, as
/// `(kind, origin, pending, due)`).
pub fn pending_before(
    account: &Account,
    terms: &[ContractTerm],
    claims: &[(MilestoneKind, Option<NaiveDate>, bool, NaiveDate)],
    before: NaiveDate,
) -> usize {
    let derived = playbook::generate(account, terms)
        .into_iter()
        .take_while(|g| g.due < before)
        .filter(|g| !claims.iter().any(|(kind, origin, ..)| *kind == g.kind && *origin == Some(g.due)))
        .count();
    derived + claims.iter().filter(|(_, _, pending, due)| *pending && *due < before).count()
}

/// What needs storing of an account's milestones (what the current code would store, or
/// what `derive` gave, changed by an edit), given what the playbook generates now; each
/// kept row with its `origin` set. Each generated milestone is claimed by one stored row of its kind:
/// first a pending row on its date (that row is dropped: `derive` gives it back), else a
/// completed row on its date, else (a reschedule moved it) a row of its kind on no
/// generated date. Every other row is kept as it is, claiming nothing.
pub fn keep(stored: &[Milestone], generated: &[Milestone]) -> Vec<Milestone> {
    let mut used = vec![false; stored.len()];
    let mut origin: Vec<Option<NaiveDate>> = vec![None; stored.len()];
    let mut dropped = vec![false; stored.len()];
    let mut unclaimed = Vec::new();
    for g in generated {
        // Of two rows alike on one date (a snooze moved one onto the other's), the one
        // never edited goes (its version unchanged) and the snoozed one keeps its id; a
        // derived row (negative id: `derive`'s own output fed back) goes before any stored
        // one, so keeping what was derived keeps the same stored rows.
        let on_date = |pending: bool, used: &[bool]| {
            (0..stored.len())
                .filter(|&i| {
                    let m = &stored[i];
                    !used[i]
                        && m.kind == g.kind
                        && m.due == g.due
                        && (m.status == MilestoneStatus::Pending) == pending
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::TermId;
    use crate::domain::actions::{complete_milestone, reschedule_milestone};
    use crate::domain::dates::add_months;
    use crate::domain::kinds::Tier;
    use crate::domain::money::{Currency, Money};
    use crate::domain::term::TermOutcome;
    use chrono::Duration;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// What the store does today, step by step (store/quick.rs, store/supersede.rs,
    /// store/edit.rs): the stored rows of one account, with SQLite's ids.
    struct Current {
        account: Account,
        terms: Vec<ContractTerm>,
        stored: Vec<Milestone>,
        next_id: i64,
    }

    #[derive(Debug, Clone)]
    enum Op {
        /// Done (true) or skipped the n-th pending milestone, on its due date + days.
        Complete(usize, bool, i64),
        /// The n-th pending milestone moved by days (snoozed or rescheduled).
        Reschedule(usize, i64),
        /// The open term renewed (a new term of `months`) or churned (0), decided `days`
        /// before its end.
        Close(i32, i64),
        /// The tier changed (the cadence follows).
        Tier(Tier),
        /// The open term's end moved by `months`.
        Extend(i32),
    }

    impl Current {
        fn new(tier: Tier, start: NaiveDate, months: i32) -> Current {
            let mut account = Account::new("成都天府云图信息技术有限公司 🚀", tier, Currency::CNY, start);
            account.id = AccountId(7);
            let term = ContractTerm {
                id: TermId(1),
                account_id: account.id,
                start,
                end: add_months(start, months),
                arr: Money::new(100, Currency::CNY),
                outcome: None,
                version: 1,
            };
            let mut c = Current { account, terms: vec![term], stored: Vec::new(), next_id: 1 };
            c.regenerate();
            c
        }

        fn regenerate(&mut self) {
            let merged = playbook::regenerate(&self.stored, playbook::generate(&self.account, &self.terms));
            self.stored = merged
                .into_iter()
                .map(|mut m| {
                    if m.id.0 == 0 {
                        m.id = MilestoneId(self.next_id);
                        self.next_id += 1;
                    }
                    m
                })
                .collect();
        }

        fn supersede(&mut self) {
            for s in playbook::superseded(&self.stored, &self.terms) {
                if let Some(m) = self.stored.iter_mut().find(|m| m.id == s.id) {
                    *m = s;
                }
            }
        }

        fn pending(&mut self, n: usize) -> Option<&mut Milestone> {
            let count = self.stored.iter().filter(|m| m.status == MilestoneStatus::Pending).count();
            if count == 0 {
                return None;
            }
            self.stored.iter_mut().filter(|m| m.status == MilestoneStatus::Pending).nth(n % count)
        }

        fn apply(&mut self, op: &Op) {
            match *op {
                Op::Complete(n, done, days) => {
                    if let Some(m) = self.pending(n) {
                        let status = if done { MilestoneStatus::Done } else { MilestoneStatus::Skipped };
                        *m =
                            complete_milestone(m, status, m.due + Duration::days(days), "客户确认 \x1b[31m✓");
                    }
                }
                Op::Reschedule(n, days) => {
                    if let Some(m) = self.pending(n) {
                        *m = reschedule_milestone(m, m.due + Duration::days(days)).unwrap();
                    }
                }
                Op::Close(months, days) => {
                    let Some(open) = self.terms.iter_mut().find(|t| t.is_open()) else { return };
                    let decided_on = open.end - Duration::days(days);
                    open.outcome = Some(TermOutcome::Renewed { decided_on, new_arr: open.arr });
                    let (start, id) = (open.end, TermId(open.id.0 + 1));
                    if months > 0 {
                        let end = add_months(start, months);
                        let next = ContractTerm { id, start, end, outcome: None, ..self.terms[0].clone() };
                        self.terms.push(next);
                    }
                    self.supersede();
                    self.regenerate();
                }
                Op::Tier(tier) => {
                    self.account.tier = tier;
                    self.regenerate();
                }
                Op::Extend(months) => {
                    let Some(open) = self.terms.iter_mut().find(|t| t.is_open()) else { return };
                    let end = add_months(open.end, months);
                    if end > open.start {
                        open.end = end;
                        self.regenerate();
                    }
                }
            }
        }
    }

    /// The stored list as `derive` orders it (derived ids are negative, stored ones not).
    fn sorted(mut ms: Vec<Milestone>) -> Vec<Milestone> {
        ms.sort_by_key(|m| (m.due, m.kind, m.id.0 < 0, m.id));
        ms
    }

    /// Stored and derived agree: kept rows are the same rows (ids and all); each dropped
    /// pending row comes back with its derived id and nothing else changed.
    fn assert_same(stored: &[Milestone], derived: &[Milestone]) -> Result<(), TestCaseError> {
        let erase = |ms: &[Milestone]| {
            let mut v: Vec<_> = ms
                .iter()
                .map(|m| {
                    (
                        m.due,
                        m.kind,
                        m.status,
                        m.done_on,
                        m.note.clone(),
                        if m.id.0 < 0 { 0 } else { m.version },
                    )
                })
                .collect();
            v.sort();
            v
        };
        prop_assert_eq!(erase(stored), erase(derived));
        // Which generated date a row claims is the store's business, not the row's.
        let plain = |m: &Milestone| Milestone { origin: None, ..m.clone() };
        for m in derived.iter().filter(|m| m.id.0 > 0) {
            prop_assert!(stored.iter().any(|s| plain(s) == plain(m)), "kept row changed: {m:?}");
        }
        Ok(())
    }

    #[test]
    fn a_fresh_term_keeps_no_row_and_derives_everything() {
        let c = Current::new(Tier::Large, d(2026, 1, 1), 12);
        let generated = playbook::generate(&c.account, &c.terms);
        let kept = keep(&c.stored, &generated);
        assert!(kept.is_empty(), "every row of a fresh term is derivable: {kept:?}");
        let derived = derive(&c.account, &c.terms, &kept);
        assert_eq!(derived.len(), c.stored.len());
        assert!(derived.iter().all(|m| m.id.0 < 0 && m.status == MilestoneStatus::Pending));
    }

    #[test]
    fn a_snoozed_milestone_claims_its_original_date() {
        let mut c = Current::new(Tier::Ka, d(2026, 1, 1), 12);
        // The second T-60 follow-up moved onto the third one's date: two pending rows on
        // that date, none on its own.
        let second_t60 = c.stored.iter().filter(|m| m.kind == MilestoneKind::T60).nth(1).unwrap().id;
        let n =
            c.stored.iter().filter(|m| m.status == MilestoneStatus::Pending).position(|m| m.id == second_t60);
        c.apply(&Op::Reschedule(n.unwrap(), 7));
        let kept = keep(&c.stored, &playbook::generate(&c.account, &c.terms));
        assert_eq!(kept.len(), 1);
        // Two identical pending rows on one date: which of them stays is not knowable from
        // the rows (a reschedule keeps no trace of the date it left), and nothing differs
        // but the id: either claims the date left empty.
        let third_t60 = MilestoneId(second_t60.0 + 1);
        assert!([second_t60, third_t60].contains(&kept[0].id), "{kept:?}");
        assert_eq!(kept[0].origin, Some(d(2027, 1, 1) - Duration::days(53)));
        assert_same(&c.stored, &derive(&c.account, &c.terms, &kept)).unwrap();
    }

    #[test]
    fn a_follow_up_snoozed_back_onto_the_one_before_after_a_renewal_and_a_new_tier() {
        // Found by the property below: the moved T-60 lands on the previous T-60's date.
        let mut c = Current::new(Tier::Ka, d(2020, 1, 1), 1);
        for op in [Op::Close(21, 0), Op::Tier(Tier::Mid), Op::Reschedule(34, -7)] {
            c.apply(&op);
        }
        let generated = playbook::generate(&c.account, &c.terms);
        let kept = keep(&c.stored, &generated);
        let derived = derive(&c.account, &c.terms, &kept);
        assert_same(&c.stored, &derived).unwrap();
        let mut again: Vec<_> = keep(&derived, &generated).into_iter().map(|d| d.id).collect();
        again.sort();
        let mut first: Vec<_> = kept.iter().map(|d| d.id).collect();
        first.sort();
        assert_eq!(again, first);
    }

    #[test]
    fn derived_ids_are_negative_distinct_and_stable() {
        let a = AccountId(123_456_789);
        let ids: Vec<_> = MilestoneKind::ALL
            .iter()
            .flat_map(|k| (0..400).map(move |i| derived_id(a, *k, d(2026, 1, 1) + Duration::days(i))))
            .collect();
        assert!(ids.iter().all(|id| id.0 < 0));
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        assert_eq!(
            derived_id(a, MilestoneKind::T0, d(2026, 3, 1)),
            derived_id(a, MilestoneKind::T0, d(2026, 3, 1))
        );
        assert_ne!(
            derived_id(a, MilestoneKind::T0, d(2026, 3, 1)),
            derived_id(AccountId(1), MilestoneKind::T0, d(2026, 3, 1))
        );
    }

    fn tier() -> impl Strategy<Value = Tier> {
        proptest::sample::select(vec![Tier::Ka, Tier::Large, Tier::Mid, Tier::Small, Tier::Micro])
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0usize..40, any::<bool>(), -5i64..10).prop_map(|(n, done, days)| Op::Complete(n, done, days)),
            2 => (0usize..40, -20i64..60).prop_map(|(n, days)| Op::Reschedule(n, days)),
            2 => (prop_oneof![Just(0), 1i32..30], 0i64..120).prop_map(|(m, days)| Op::Close(m, days)),
            1 => tier().prop_map(Op::Tier),
            1 => (-6i32..12).prop_map(Op::Extend),
        ]
    }

    proptest! {
        /// Issue 19's acceptance: for random terms, cadences and histories, the milestones
        /// derived from what a migration keeps equal the ones the current code stores.
        #[test]
        fn derived_equals_stored(
            start in 0i64..3000,
            months in 1i32..40,
            tier in tier(),
            ops in proptest::collection::vec(op(), 0..25),
        ) {
            let mut c = Current::new(tier, d(2020, 1, 1) + Duration::days(start), months);
            for op in &ops {
                c.apply(op);
            }
            let generated = playbook::generate(&c.account, &c.terms);
            let kept = keep(&c.stored, &generated);
            let derived = derive(&c.account, &c.terms, &kept);
            assert_same(&c.stored, &derived)?;
            // The migration only drops rows; and derivation is stable: keeping again what
            // was derived (now with derived ids) keeps the same rows.
            prop_assert!(kept.len() <= c.stored.len());
            let ids = |k: &[Milestone]| {
                let mut v: Vec<_> = k.iter().map(|d| d.id).collect();
                v.sort();
                v
            };
            let again = keep(&derived, &generated);
            prop_assert_eq!(ids(&again), ids(&kept));
            assert_same(&c.stored, &derive(&c.account, &c.terms, &again))?;
            prop_assert_eq!(sorted(derived.clone()), derived);
        }
    }
}
