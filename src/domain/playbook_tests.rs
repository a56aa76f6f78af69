//! The playbook's generation, merge, arrival skips and supersession, by example and by property.

use super::*;
use crate::domain::account::{AccountId, TermId};
use crate::domain::choice::Choice;
use crate::domain::money::{Currency, Money};
use crate::domain::term::TermOutcome;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn setup(tier: Tier, start: NaiveDate, months: i32) -> (Account, Vec<ContractTerm>) {
    let mut a = Account::new("x", tier, Currency::CNY, start);
    a.id = AccountId(1);
    let t = ContractTerm {
        id: TermId(1),
        account_id: a.id,
        start,
        end: add_months(start, months),
        arr: Money::new(100, Currency::CNY),
        outcome: None,
        version: 1,
    };
    (a, vec![t])
}

#[test]
fn countdown_and_onboarding_dates() {
    let (a, terms) = setup(Tier::Mid, d(2026, 1, 1), 12);
    let ms = generate(&a, &terms);
    let due = |k| ms.iter().filter(|m| m.kind == k).map(|m| m.due).collect::<Vec<_>>();
    assert_eq!(due(MilestoneKind::Activation), vec![d(2026, 1, 31)]);
    assert_eq!(due(MilestoneKind::NoHowTo), vec![d(2026, 5, 1)]);
    assert_eq!(due(MilestoneKind::OwnCampaigns), vec![d(2026, 10, 1)]);
    assert_eq!(due(MilestoneKind::T0), vec![d(2027, 1, 1)]);
    assert_eq!(due(MilestoneKind::T90), vec![d(2026, 10, 3)]);
    assert_eq!(due(MilestoneKind::T30), vec![d(2026, 12, 2)]);
    assert_eq!(due(MilestoneKind::T60).len(), 5);
    assert_eq!(due(MilestoneKind::HalfYearReview), vec![d(2026, 7, 1)]);
}

#[test]
fn cadence_by_tier() {
    let count = |tier, kind| {
        let (a, t) = setup(tier, d(2026, 1, 1), 12);
        generate(&a, &t).iter().filter(|m| m.kind == kind).count()
    };
    assert_eq!(count(Tier::Ka, MilestoneKind::MonthlyTouch), 9);
    assert_eq!(count(Tier::Large, MilestoneKind::Qbr), 3);
    assert_eq!(count(Tier::Micro, MilestoneKind::BestPractice), 1);
}

#[test]
fn regeneration_keeps_completed_and_drops_stale_pending() {
    let (a, terms) = setup(Tier::Large, d(2026, 1, 1), 12);
    let mut stored = generate(&a, &terms);
    for (i, m) in stored.iter_mut().enumerate() {
        m.id = MilestoneId(i as i64 + 1);
    }
    stored[0].status = MilestoneStatus::Done;
    stored[0].done_on = Some(d(2026, 1, 20));
    stored[0].note = "activated early".into();
    // The term is extended by three months: the countdown moves.
    let (_, longer) = setup(Tier::Large, d(2026, 1, 1), 15);
    let merged = regenerate(&stored, generate(&a, &longer));
    assert!(merged.iter().any(|m| m.note == "activated early" && m.status == MilestoneStatus::Done));
    let t0: Vec<_> = merged.iter().filter(|m| m.kind == MilestoneKind::T0).map(|m| m.due).collect();
    assert_eq!(t0, vec![d(2027, 4, 1)]);
    // Unchanged pending milestones keep their ids.
    let qbr = merged.iter().find(|m| m.kind == MilestoneKind::Qbr).unwrap();
    assert_ne!(qbr.id, MilestoneId(0));
}

/// The start corrected after onboarding steps were decided: each decided one still stands
/// for its kind at the new date (one "Activated", not the user's and a new one); a pending
/// one follows the new date.
#[test]
fn a_moved_start_keeps_one_of_each_onboarding_target() {
    let (a, terms) = setup(Tier::Mid, d(2026, 1, 1), 12);
    let mut stored = generate(&a, &terms);
    for (i, m) in stored.iter_mut().enumerate() {
        m.id = MilestoneId(i as i64 + 1);
    }
    let decide = |m: &mut Milestone, status| {
        (m.status, m.done_on) = (status, Some(d(2026, 2, 3)));
    };
    let at = |ms: &[Milestone], k| ms.iter().position(|m| m.kind == k).unwrap();
    let (act, how) = (at(&stored, MilestoneKind::Activation), at(&stored, MilestoneKind::NoHowTo));
    decide(&mut stored[act], MilestoneStatus::Done);
    decide(&mut stored[how], MilestoneStatus::Skipped);
    for shift in [-40, 25] {
        let (_, moved) = setup(Tier::Mid, d(2026, 1, 1) + Duration::days(shift), 12);
        let merged = regenerate(&stored, generate(&a, &moved));
        let of = |k| merged.iter().filter(|m| m.kind == k).cloned().collect::<Vec<_>>();
        assert_eq!(of(MilestoneKind::Activation), vec![stored[act].clone()]);
        assert_eq!(of(MilestoneKind::NoHowTo), vec![stored[how].clone()]);
        let own = of(MilestoneKind::OwnCampaigns);
        assert_eq!(own.len(), 1);
        assert_eq!((own[0].status, own[0].due), (MilestoneStatus::Pending, add_months(moved[0].start, 9)));
    }
    // A cadence milestone is asked again on its new date: the done one stays beside it.
    let half = at(&stored, MilestoneKind::HalfYearReview);
    decide(&mut stored[half], MilestoneStatus::Done);
    let (_, moved) = setup(Tier::Mid, d(2026, 1, 10), 12);
    let merged = regenerate(&stored, generate(&a, &moved));
    assert_eq!(merged.iter().filter(|m| m.kind == MilestoneKind::HalfYearReview).count(), 2);
}

#[test]
fn milestones_of_an_ended_term_are_superseded_once() {
    use crate::domain::term::TermOutcome;
    let (a, mut terms) = setup(Tier::Mid, d(2024, 1, 1), 12);
    let mut stored = generate(&a, &terms);
    for (i, m) in stored.iter_mut().enumerate() {
        m.id = MilestoneId(i as i64 + 1);
    }
    // Done before the renewal: stays as it was.
    stored[0].status = MilestoneStatus::Done;
    stored[0].done_on = Some(d(2024, 1, 20));
    assert!(superseded(&stored, &terms).is_empty(), "an open term supersedes nothing");
    terms[0].outcome =
        Some(TermOutcome::Renewed { decided_on: d(2024, 12, 10), new_arr: Money::new(100, Currency::CNY) });
    let next = ContractTerm {
        id: TermId(2),
        start: d(2025, 1, 1),
        end: d(2026, 1, 1),
        outcome: None,
        ..terms[0].clone()
    };
    terms.push(next);
    stored.extend(generate(&a, &terms).into_iter().filter(|m| m.due > d(2025, 1, 1)));
    let closed = superseded(&stored, &terms);
    let pending_before =
        stored.iter().filter(|m| m.status == MilestoneStatus::Pending && m.due <= d(2025, 1, 1)).count();
    assert_eq!(closed.len(), pending_before);
    assert!(
        closed.iter().all(|m| m.status == MilestoneStatus::Superseded && m.done_on == Some(d(2024, 12, 10)))
    );
    assert!(closed.iter().all(|m| m.due <= d(2025, 1, 1)), "the new term's milestones stay pending");
    // Idempotent: applied, nothing more to close.
    for m in &closed {
        let i = stored.iter().position(|s| s.id == m.id).unwrap();
        stored[i] = m.clone();
    }
    assert!(superseded(&stored, &terms).is_empty());
    // Regeneration keeps them closed (a completed milestone is kept as it is).
    let merged = regenerate(&stored, generate(&a, &terms));
    assert!(superseded(&merged, &terms).is_empty());
}

/// Only new milestones due before the day of arrival are skipped, on their own day with
/// the note; stored ones and those due that day or later are left as they are.
#[test]
fn what_fell_due_before_arrival_is_skipped() {
    let (a, terms) = setup(Tier::Mid, d(2025, 1, 1), 12);
    let arrived = d(2025, 6, 1);
    let mut ms = generate(&a, &terms);
    ms[0].id = MilestoneId(9); // stored already: kept as it is
    let before = ms.clone();
    skip_before_arrival(&mut ms, arrived);
    for (m, was) in ms.iter().zip(&before) {
        if was.id.0 == 0 && was.due < arrived {
            assert_eq!(
                (m.status, m.done_on, m.note.as_str()),
                (MilestoneStatus::Skipped, Some(was.due), BEFORE_ARRIVAL)
            );
        } else {
            assert_eq!(m, was);
        }
    }
    assert!(ms.iter().any(|m| m.status == MilestoneStatus::Skipped), "some fell due before");
    assert!(ms.iter().filter(|m| m.id.0 == 0 && m.due < arrived).all(skipped_before_arrival));
    assert!(!ms.iter().filter(|m| m.due >= arrived).any(skipped_before_arrival));
    let old = Milestone { note: "before import".into(), ..ms[1].clone() };
    assert!(skipped_before_arrival(&old), "noted by an earlier release");
    let mine = Milestone { note: "客户说不需要".into(), ..ms[1].clone() };
    assert!(!skipped_before_arrival(&mine), "a skip with the user's own reason");
    let later = Milestone { done_on: Some(arrived), ..ms[1].clone() };
    assert!(!skipped_before_arrival(&later), "skipped on another day: a decision");
    let on_the_day = Milestone { due: arrived, ..before[1].clone() };
    let mut one = [on_the_day.clone()];
    skip_before_arrival(&mut one, arrived);
    assert_eq!(one[0], on_the_day, "due on the day of arrival: still to do");
}

/// A skip before arrival is the rule's, not a decision: regenerating after the term's
/// start moved drops the old schedule's, and skipping again makes the new one's; a
/// milestone done before arrival (a decision) stays, and, an onboarding step, stands for
/// its new date.
#[test]
fn regenerating_lets_skips_before_arrival_follow_the_dates() {
    let (a, terms) = setup(Tier::Mid, d(2025, 1, 1), 12);
    let arrived = d(2025, 8, 1);
    let mut ms = generate(&a, &terms);
    skip_before_arrival(&mut ms, arrived);
    ms[1].status = MilestoneStatus::Done;
    ms[1].note = "客户确认".into();
    ms[1].id = MilestoneId(9); // stored
    let done = ms[1].clone();
    let mut moved = terms.clone();
    moved[0].start = d(2025, 3, 1);
    let mut again = regenerate(&ms, generate(&a, &moved));
    skip_before_arrival(&mut again, arrived);
    let mut want = generate(&a, &moved);
    skip_before_arrival(&mut want, arrived);
    // The done onboarding step answers its kind at the new date too: no skip beside it.
    want.retain(|m| m.kind != done.kind);
    want.push(done);
    want.sort_by_key(|m| (m.due, m.kind, m.id));
    assert_eq!(again, want);
    assert_eq!(again.iter().filter(|m| m.kind == MilestoneKind::Activation).count(), 1);
    assert_eq!(again.iter().filter(|m| m.kind == MilestoneKind::NoHowTo).count(), 1);
}

/// A countdown step moved past the end of its term (a T-30 snoozed while the renewal
/// was still being agreed) is closed with its term, renewed or churned; a step of the
/// open term's own countdown, and a cadence milestone on the same day, are not.
#[test]
fn a_countdown_step_moved_past_its_terms_end_is_closed_with_it() {
    use crate::domain::term::TermOutcome;
    let (a, mut terms) = setup(Tier::Mid, d(2025, 1, 1), 12);
    let end = terms[0].end;
    let at = |kind, due, id| Milestone { id: MilestoneId(id), due, kind, ..pending(&a, kind, due) };
    let snoozed = at(MilestoneKind::T30, end + Duration::days(6), 1);
    let cadence = at(MilestoneKind::HalfYearReview, end + Duration::days(6), 2);
    let next_t90 = at(MilestoneKind::T90, add_months(end, 12) - Duration::days(90), 3);
    let stored = vec![snoozed.clone(), cadence, next_t90.clone()];
    assert!(superseded(&stored, &terms).is_empty(), "nothing while the term is open");
    terms[0].outcome = Some(TermOutcome::Renewed { decided_on: d(2025, 12, 20), new_arr: terms[0].arr });
    let churned = terms.clone();
    terms.push(ContractTerm {
        id: TermId(2),
        start: end,
        end: add_months(end, 12),
        outcome: None,
        ..terms[0].clone()
    });
    let closed = superseded(&stored, &terms);
    assert_eq!(closed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![snoozed.id], "only the snoozed T-30");
    assert_eq!((closed[0].status, closed[0].done_on), (MilestoneStatus::Superseded, Some(d(2025, 12, 20))));
    // The new term's countdown begins on the day of its T-90: a step on that day is its own.
    let on_the_day = at(MilestoneKind::T30, add_months(end, 12) - Duration::days(90), 4);
    assert!(superseded(std::slice::from_ref(&on_the_day), &terms).is_empty());
    let day_before = Milestone { due: on_the_day.due - Duration::days(1), ..on_the_day };
    assert_eq!(superseded(&[day_before], &terms).len(), 1);
    // Churned: no open term, so every countdown step after the end counted down to the
    // churned term and closes with it; the cadence milestone is no countdown: it stays.
    let closed = superseded(&stored, &churned);
    assert_eq!(closed.iter().map(|m| m.id).collect::<Vec<_>>(), vec![snoozed.id, next_t90.id]);
}

proptest! {
    #[test]
    fn regenerating_twice_is_stable(start in 0i64..2000, months in 1i32..40, tier in proptest::sample::select(vec![Tier::Ka, Tier::Large, Tier::Mid, Tier::Small])) {
        let (a, terms) = setup(tier, d(2022, 1, 1) + Duration::days(start), months);
        let once = regenerate(&[], generate(&a, &terms));
        let twice = regenerate(&once, generate(&a, &terms));
        prop_assert_eq!(once, twice);
    }

    /// Whatever the term's length, no countdown step falls before the term begins,
    /// and the steps inside it are all there (the end itself always).
    #[test]
    fn a_short_terms_countdown_keeps_the_steps_inside_it(start in 0i64..2000, days in 1i64..200) {
        let (a, mut terms) = setup(Tier::Mid, d(2022, 1, 1) + Duration::days(start), 12);
        terms[0].end = terms[0].start + Duration::days(days);
        let countdown: Vec<_> = generate(&a, &terms).into_iter().filter(|m| m.kind.is_countdown()).collect();
        prop_assert!(countdown.iter().all(|m| m.due >= terms[0].start && m.due <= terms[0].end));
        let inside = [90i64, 60, 53, 46, 39, 32, 30, 0].iter().filter(|b| **b <= days).count();
        prop_assert_eq!(countdown.len(), inside);
        prop_assert!(countdown.iter().any(|m| m.kind == MilestoneKind::T0 && m.due == terms[0].end));
    }

    #[test]
    fn countdown_is_inside_the_term(start in 0i64..2000, months in 4i32..40) {
        let (a, terms) = setup(Tier::Ka, d(2022, 1, 1) + Duration::days(start), months);
        for m in generate(&a, &terms).iter().filter(|m| m.kind.is_countdown() || m.kind.is_cadence()) {
            prop_assert!(m.due > terms[0].start && m.due <= terms[0].end);
        }
    }
}

proptest! {
    /// An import writes no milestone row for a new account `nothing_to_store` accepts: it
    /// no longer generates its list, since `keep` dropped every row of what it generated
    /// (the merge, skips before arrival and the closing of ended terms the import ran).
    #[test]
    fn a_new_account_nothing_to_store_accepts_kept_no_row(
        tier in proptest::sample::select(Tier::ALL),
        start in 0i64..3000,
        months in proptest::collection::vec(1i32..40, 1..4),
        arrived in 0i64..4000,
        closed_in_term in proptest::option::of(0usize..3),
    ) {
        let (mut a, _) = setup(tier, d(2020, 1, 1) + Duration::days(start), 12);
        a.created_on = d(2020, 1, 1) + Duration::days(arrived);
        let mut terms = Vec::new();
        let mut from = d(2020, 1, 1) + Duration::days(start);
        for (i, m) in months.iter().enumerate() {
            let end = add_months(from, *m);
            let mut t = ContractTerm { id: TermId(i as i64 + 1), start: from, end, ..setup(tier, from, *m).1[0].clone() };
            // An ended term (its outcome decided on its end) closes what it still holds.
            if closed_in_term == Some(i) {
                t.outcome = Some(TermOutcome::Renewed { decided_on: end, new_arr: t.arr });
            }
            terms.push(t);
            from = end;
        }
        // What an import of the account wrote before (`regenerate_milestones`, then
        // `store::milestones::keep_decided`).
        let mut generated = generate(&a, &terms);
        skip_before_arrival(&mut generated, a.created_on);
        close_ended(&mut generated, &terms);
        let mut expected = generate(&a, &terms);
        skip_before_arrival(&mut expected, a.created_on);
        let kept = crate::domain::playbook_derive::keep(&generated, &expected);
        // Both ways: where it says nothing, nothing was kept; where a term ended, the
        // account may store a row and goes the whole way.
        prop_assert_eq!(crate::domain::playbook_derive::nothing_to_store(&[], &terms), closed_in_term.is_none_or(|i| i >= terms.len()));
        if closed_in_term.is_none_or(|i| i >= terms.len()) {
            prop_assert!(kept.is_empty(), "{:?}", kept);
        }
    }
}

#[test]
fn an_ended_term_closing_a_step_leaves_a_row_to_store() {
    // A term renewed early: its T-0, still ahead, is closed by the outcome, a decision.
    let (a, mut terms) = setup(Tier::Mid, d(2026, 1, 1), 12);
    terms[0].outcome = Some(TermOutcome::Renewed { decided_on: d(2026, 11, 1), new_arr: terms[0].arr });
    let mut generated = generate(&a, &terms);
    close_ended(&mut generated, &terms);
    let kept = crate::domain::playbook_derive::keep(&generated, &generate(&a, &terms));
    assert!(kept.iter().any(|m| m.status == MilestoneStatus::Superseded), "{kept:?}");
    assert!(!crate::domain::playbook_derive::nothing_to_store(&[], &terms));
    assert!(crate::domain::playbook_derive::nothing_to_store(&[], &terms[..0]));
}
