//! The derived-milestone rule against the stored model (`playbook_derive`): the current
//! code's writes replayed on random histories, and the counts the store reads in bulk.

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
        Current::arriving(tier, start, months, start)
    }

    /// An account that came into Radar on `arrived` (imported, or added by hand, with its
    /// term running since `start`).
    fn arriving(tier: Tier, start: NaiveDate, months: i32, arrived: NaiveDate) -> Current {
        let mut account = Account::new("成都天府云图信息技术有限公司 🚀", tier, Currency::CNY, arrived);
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
        let mut merged = playbook::regenerate(&self.stored, playbook::generate(&self.account, &self.terms));
        playbook::skip_before_arrival(&mut merged, self.account.created_on);
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
                    *m = complete_milestone(m, status, m.due + Duration::days(days), "客户确认 \x1b[31m✓");
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
                (m.due, m.kind, m.status, m.done_on, m.note.clone(), if m.id.0 < 0 { 0 } else { m.version })
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

/// An account that came into Radar with its term running (an import, or added by hand):
/// what fell due before it came is skipped on its own day, and nothing of that is stored.
/// Five rows per imported account were (issue 19).
#[test]
fn what_fell_due_before_arrival_is_derived_skipped_and_keeps_no_row() {
    let arrived = d(2026, 9, 1);
    let c = Current::arriving(Tier::Mid, d(2026, 1, 1), 12, arrived);
    let skipped: Vec<_> = c.stored.iter().filter(|m| m.status == MilestoneStatus::Skipped).collect();
    assert!(skipped.len() >= 3, "the store skips what fell due before: {skipped:?}");
    let kept = keep(&c.stored, &expected(&c.account, &c.terms));
    assert!(kept.is_empty(), "every skip before arrival is derivable: {kept:?}");
    let derived = derive(&c.account, &c.terms, &kept);
    assert_same(&c.stored, &derived).unwrap();
    for m in &derived {
        let before = m.due < arrived;
        assert_eq!(m.status == MilestoneStatus::Skipped, before, "{m:?}");
        if before {
            assert_eq!((m.done_on, m.note.as_str()), (Some(m.due), playbook::BEFORE_ARRIVAL));
        }
    }
    // A row written before session 26 ("before import") is a decision of its own: kept,
    // claiming its date, and read back as it was.
    let mut old = c.stored.clone();
    old[0].note = "before import".into();
    let kept = keep(&old, &expected(&c.account, &c.terms));
    assert_eq!(kept.iter().map(|k| (k.id, k.origin)).collect::<Vec<_>>(), [(old[0].id, Some(old[0].due))]);
    assert_same(&old, &derive(&c.account, &c.terms, &kept)).unwrap();
    // A milestone done before arrival after all is a decision too.
    let mut done = c.stored.clone();
    done[1].status = MilestoneStatus::Done;
    let kept = keep(&done, &expected(&c.account, &c.terms));
    assert_eq!(kept.iter().map(|k| k.id).collect::<Vec<_>>(), [done[1].id]);
    // Nothing skipped before arrival is pending on any day.
    let outline = account_outline(c.account.id, c.account.tier, arrived);
    assert_eq!(pending_before(&outline, &c.terms, &[], arrived), 0);
    let after = c.stored.iter().filter(|m| m.due >= arrived && m.due < d(2026, 12, 1)).count();
    assert!(after > 0);
    assert_eq!(pending_before(&outline, &c.terms, &[], d(2026, 12, 1)), after);
    // Due on the day itself: not yet before it.
    for m in c.stored.iter().filter(|m| m.status == MilestoneStatus::Pending) {
        let want = c.stored.iter().filter(|p| p.status == MilestoneStatus::Pending && p.due < m.due).count();
        assert_eq!(pending_before(&outline, &c.terms, &[], m.due), want, "{m:?}");
    }
}

/// A pending row with a note on its own date is kept (its note is something a user
/// wrote; a JSON file can hold one), and the derived list reads it back as it was.
#[test]
fn a_pending_milestone_with_a_note_keeps_its_row() {
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let mut stored = c.stored.clone();
    stored[2].note = "客户要求推迟 🚀".into();
    let kept = keep(&stored, &expected(&c.account, &c.terms));
    assert_eq!(
        kept.iter().map(|k| (k.id, k.origin)).collect::<Vec<_>>(),
        [(stored[2].id, Some(stored[2].due))]
    );
    assert_same(&stored, &derive(&c.account, &c.terms, &kept)).unwrap();
}

/// A date no row is on any more (a reschedule moved it) is claimed by a pending row of its
/// kind before a completed one: the moved milestone stands for it (its calendar event
/// keeps its UID, `AgendaItem::stands_for`), and a done one of its kind from elsewhere
/// claims nothing.
#[test]
fn a_moved_date_is_claimed_by_the_pending_row_of_its_kind_first() {
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let expected = expected(&c.account, &c.terms);
    let g = expected.iter().find(|m| m.kind == MilestoneKind::T90).unwrap().clone();
    // Done, on a date the playbook no longer asks for (a renewal date since moved).
    let done = Milestone {
        id: MilestoneId(1),
        due: g.due - Duration::days(40),
        status: MilestoneStatus::Done,
        done_on: Some(g.due - Duration::days(40)),
        version: 2,
        ..g.clone()
    };
    let moved = Milestone { id: MilestoneId(2), due: g.due + Duration::days(9), version: 2, ..g.clone() };
    for stored in [vec![done.clone(), moved.clone()], vec![moved.clone(), done.clone()]] {
        let kept = keep(&stored, &expected);
        let origin = |id: MilestoneId| kept.iter().find(|k| k.id == id).unwrap().origin;
        assert_eq!((origin(moved.id), origin(done.id)), (Some(g.due), None), "{stored:?}");
    }
}

#[test]
fn a_snoozed_milestone_claims_its_original_date() {
    let mut c = Current::new(Tier::Ka, d(2026, 1, 1), 12);
    // The second T-60 follow-up moved onto the third one's date: two pending rows on
    // that date, none on its own.
    let second_t60 = c.stored.iter().filter(|m| m.kind == MilestoneKind::T60).nth(1).unwrap().id;
    let n = c.stored.iter().filter(|m| m.status == MilestoneStatus::Pending).position(|m| m.id == second_t60);
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

fn tier() -> impl Strategy<Value = Tier> {
    proptest::sample::select(Tier::ALL)
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
        arrived in prop_oneof![Just(0i64), 0i64..800],
        ops in proptest::collection::vec(op(), 0..25),
    ) {
        let start = d(2020, 1, 1) + Duration::days(start);
        let mut c = Current::arriving(tier, start, months, start + Duration::days(arrived));
        for op in &ops {
            c.apply(op);
        }
        let generated = expected(&c.account, &c.terms);
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
        prop_assert_eq!(sorted(derived.clone()), derived.clone());
        // What the portfolio and the agenda count without loading the account: from its
        // tier, its terms as outlines, and only the kept rows that claim a date before
        // the day or are pending before it.
        for day in [c.terms[0].start, c.terms[0].start + Duration::days(200), d(2031, 1, 1)] {
            let want = c.stored.iter().filter(|m| m.status == MilestoneStatus::Pending && m.due < day).count();
            let outline = account_outline(c.account.id, c.account.tier, c.account.created_on);
            let terms: Vec<_> =
                c.terms.iter().map(|t| term_outline(t.account_id, t.start, t.end, t.is_open())).collect();
            let claims: Vec<_> = kept
                .iter()
                .filter(|k| k.origin.is_some_and(|o| o < day) || (k.status == MilestoneStatus::Pending && k.due < day))
                .map(|k| (k.kind, k.origin, k.status == MilestoneStatus::Pending, k.due))
                .collect();
            prop_assert_eq!(pending_before(&outline, &terms, &claims, day), want, "on {}", day);
        }
    }
}

#[path = "playbook_derive_ids_tests.rs"]
mod ids;
