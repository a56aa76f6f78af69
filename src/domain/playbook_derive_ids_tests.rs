//! Derived milestone ids (what they name, how they sort) and where a stored, a new and a
//! derived row stand on a shared date and kind.

use super::*;

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

#[test]
fn a_stored_row_under_a_derived_id_that_claims_nothing_never_shares_it() {
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let generated = playbook::generate(&c.account, &c.terms);
    let g = &generated[0];
    // Decided under its derived id, then (say) closed as superseded claiming nothing.
    let id = derived_id(c.account.id, g.kind, g.due);
    let row = Milestone { id, status: MilestoneStatus::Superseded, version: 1, origin: None, ..g.clone() };
    let derived = derive(&c.account, &c.terms, std::slice::from_ref(&row));
    assert_eq!(derived.iter().filter(|m| m.id == id).count(), 1, "{derived:?}");
    assert_eq!(derived.len(), generated.len(), "the date it does not claim is not derived again");
}

#[test]
fn a_derived_id_names_its_account_kind_and_date() {
    let day = d(2026, 11, 22);
    for account in [1, 2, 77, 123_456_789] {
        for (n, kind) in MilestoneKind::ALL.iter().enumerate() {
            let due = day + Duration::days(n as i64 * 97);
            let id = derived_id(AccountId(account), *kind, due);
            assert_eq!(derived_parts(id), Some((AccountId(account), *kind, due)), "{kind:?}");
        }
    }
    assert_eq!(derived_parts(MilestoneId(5)), None);
    assert_eq!(derived_parts(MilestoneId(0)), None);
    assert_eq!(derived_parts(MilestoneId(i64::MIN)), None);
}

#[test]
fn a_list_puts_stored_and_new_rows_before_derived_ones_on_a_shared_date_and_kind() {
    use crate::domain::facts::AccountFacts;
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let g = playbook::generate(&c.account, &c.terms)[0].clone();
    let derived = Milestone { id: derived_id(c.account.id, g.kind, g.due), ..g.clone() };
    let stored = Milestone { id: MilestoneId(9), version: 1, ..g.clone() };
    let new = Milestone { id: MilestoneId(0), ..g.clone() };
    let mut f = AccountFacts::new(c.account.clone());
    f.milestones = vec![derived.clone(), stored.clone(), new.clone()];
    f.normalise();
    let ids: Vec<_> = f.milestones.iter().map(|m| m.id).collect();
    assert_eq!(ids, vec![new.id, stored.id, derived.id]);
}

#[test]
fn derive_puts_a_new_row_before_the_derived_one_of_its_date_and_kind() {
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let g = playbook::generate(&c.account, &c.terms)[0].clone();
    // A row not saved yet (id 0) that claims nothing, on a derived milestone's date.
    let new = Milestone { id: MilestoneId(0), status: MilestoneStatus::Done, origin: None, ..g.clone() };
    let derived = derive(&c.account, &c.terms, std::slice::from_ref(&new));
    let on_date: Vec<_> =
        derived.iter().filter(|m| m.due == g.due && m.kind == g.kind).map(|m| m.id).collect();
    assert_eq!(on_date, vec![MilestoneId(0), derived_id(c.account.id, g.kind, g.due)]);
}

#[test]
fn a_milestone_snoozed_onto_the_day_is_not_pending_before_it() {
    let c = Current::new(Tier::Mid, d(2026, 1, 1), 12);
    let generated = playbook::generate(&c.account, &c.terms);
    let g = &generated[0];
    let day = g.due + Duration::days(10);
    let before_day = generated.iter().filter(|m| m.due < day).count();
    // Snoozed from its date to the day itself: it claims its date and is not due before the day.
    let claims = [(g.kind, Some(g.due), true, day)];
    assert_eq!(pending_before(&c.account, &c.terms, &claims, day), before_day - 1);
    // Snoozed to the day before: still pending before it.
    let claims = [(g.kind, Some(g.due), true, day - Duration::days(1))];
    assert_eq!(pending_before(&c.account, &c.terms, &claims, day), before_day);
}

#[test]
fn derived_ids_sort_as_the_playbook_generated_them() {
    let (a, b) = (AccountId(7), AccountId(8));
    let day = d(2026, 11, 25);
    let ids = [
        derived_id(a, MilestoneKind::NoHowTo, day),
        derived_id(a, MilestoneKind::MonthlyTouch, day),
        derived_id(a, MilestoneKind::Activation, day + Duration::days(1)),
        derived_id(b, MilestoneKind::Activation, d(2020, 1, 1)),
    ];
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert!(ids.iter().all(|id| id.0 < 0));
}

#[test]
fn a_date_past_what_an_id_holds_still_names_its_account() {
    // Days from 0001-01-01 fit the id's 20 bits until 2870; a later one wraps its date, never
    // into the next account's ids.
    for due in [d(2870, 1, 1), d(2900, 6, 1), d(9999, 12, 31)] {
        let id = derived_id(AccountId(42), MilestoneKind::T30, due);
        assert_eq!(
            derived_parts(id).map(|(a, k, _)| (a, k)),
            Some((AccountId(42), MilestoneKind::T30)),
            "{due}"
        );
    }
}
