//! The Playbook tab's selection follows a milestone through a decision and its undo
//! (issue 19 item 2): a pending milestone is derived (a negative id), a decision gives it a
//! row with a fresh id, and its undo gives the derived id back. The selection stayed on
//! the line instead, so `D` then `P` (done, then "no, skipped") skipped the next milestone
//! (helper's trial, session 25).

use crate::support::tui_edit::*;
use radar::domain::*;
use radar::i18n::Lang;

fn selected(h: &radar::tui::harness::Harness) -> Milestone {
    let key = h.app.detail.selected_item().expect("a record is selected");
    assert_eq!(key.kind, RowKind::Milestone);
    facts(h).milestones.into_iter().find(|m| m.id.0 == key.id).expect("the selected milestone")
}

#[test]
fn a_decided_milestone_stays_selected_and_so_does_its_undo() {
    let mut h = app(Lang::En, (200, 50));
    // An account with a derived milestone due (done is refused before its day), not a T-0
    // (that one closes with the outcome, `R`).
    let due = |m: &Milestone| m.id.0 < 0 && m.due <= today() && m.kind != MilestoneKind::T0;
    let f =
        h.worker.store.load_all_facts().unwrap().into_iter().find(|f| f.milestones.iter().any(due)).unwrap();
    h.keys(&format!("/{}\n", f.account.name));
    assert_eq!(h.app.portfolio.selected_id(), Some(f.account.id));
    // Enter opens the account (the keys go to its tabs), 8 its Playbook.
    h.keys("\n8");
    let m = facts(&h).milestones.into_iter().find(due).expect("a derived milestone due");
    assert!(h.app.detail.select(RowKey { kind: RowKind::Milestone, id: m.id.0 }));
    h.keys("D");
    h.keys("n1\n");
    let done = selected(&h);
    assert_eq!((done.kind, done.origin, done.status), (m.kind, Some(m.due), MilestoneStatus::Done));
    assert!(done.id.0 > 0, "a row now: {done:?}");
    // "No, skipped": the same milestone, not the one below it.
    h.keys("P");
    h.keys("s1\n");
    let skipped = selected(&h);
    assert_eq!((skipped.id, skipped.status), (done.id, MilestoneStatus::Skipped));
    h.keys("u");
    h.keys("u");
    let back = selected(&h);
    assert_eq!(
        (back.id, back.status),
        (m.id, MilestoneStatus::Pending),
        "undone: derived again, still selected"
    );
}

/// An account added with its contract running: what fell due before it came is derived,
/// skipped (session 26). Its Playbook tab open.
fn arrived_late(lang: Lang) -> radar::tui::harness::Harness {
    use crate::support::store_edit::{cfg, first_term, now};
    let mut s = radar::store::Store::open_in_memory().unwrap();
    demo_into(&mut s, 3);
    let acct = Account::new("Running Contract 成都天府云图 GmbH", Tier::Mid, Currency::CNY, today());
    let term = first_term(today() - chrono::Duration::days(200), 365, 80_000);
    radar::refresh::apply(&mut s, &Edit::SaveAccount { account: acct, term: Some(term) }, now(), &cfg())
        .unwrap();
    let mut h = app_on(s, lang, (200, 50));
    h.keys("/Running Contract\n");
    h.keys("\n8");
    h
}

/// The rule's note is shown in the user's language (it was the stored English text), and
/// in one wording for the notes of earlier releases too.
#[test]
fn a_skip_before_arrival_is_noted_in_the_users_language() {
    let h = arrived_late(Lang::ZhCn);
    assert!(h.screen().contains("客户进入 Radar 之前已到期"), "{}", h.screen());
    assert!(!h.screen().contains("before the account"), "{}", h.screen());
    let h = arrived_late(Lang::En);
    // Its start: the milestone's name takes the room first, the preview shows the note whole.
    assert!(h.screen().contains("before the account came"), "{}", h.screen());
}

/// `D` on a milestone skipped because it fell due before the account came into Radar (a
/// derived skip): the form's note starts empty, not with the rule's own note, which was
/// saved as the note of the work done (session 26). The decision gives it a row claiming
/// its date, with the note typed.
#[test]
fn done_on_a_skip_before_arrival_starts_with_an_empty_note() {
    let mut h = arrived_late(Lang::En);
    let m = facts(&h)
        .milestones
        .into_iter()
        .find(playbook::skipped_before_arrival)
        .expect("a skip before arrival");
    assert!(m.id.0 < 0, "derived: {m:?}");
    assert!(h.app.detail.select(RowKey { kind: RowKind::Milestone, id: m.id.0 }));
    h.keys("D");
    assert_eq!(
        form(&h).get(radar::tui::forms::FieldKey::Note),
        "",
        "the rule's note is not carried into the decision"
    );
    h.keys("客户早已激活\n");
    let done = selected(&h);
    assert_eq!(
        (done.status, done.origin, done.note.as_str()),
        (MilestoneStatus::Done, Some(m.due), "客户早已激活")
    );
    assert!(done.id.0 > 0, "a row now: {done:?}");
}

/// `X` on a milestone: a derived one has no row to delete, a decided one is not deleted by
/// the store either; the status says what to do instead (it said "That record no longer
/// exists", or asked to confirm and then refused; CSM trial, session 26).
#[test]
fn x_on_a_derived_milestone_says_it_follows_from_the_contract() {
    let mut h = arrived_late(Lang::En);
    let m = facts(&h).milestones.into_iter().find(|m| m.id.0 < 0).expect("a derived milestone");
    assert!(h.app.detail.select(RowKey { kind: RowKind::Milestone, id: m.id.0 }));
    h.keys("X");
    assert!(status(&h).contains("cannot be deleted"), "{}", status(&h));
    assert!(h.app.modals.is_empty(), "nothing to confirm");
    assert!(facts(&h).milestones.iter().any(|x| x.id == m.id), "still there");
    // Decided, it has a row, which the store does not delete either: the same answer, no
    // confirmation first (it asked, then refused; CSM trial, session 26).
    h.keys("D");
    h.keys("n1\n");
    let stored = selected(&h);
    assert!(stored.id.0 > 0, "{stored:?}");
    h.keys("X");
    assert!(status(&h).contains("cannot be deleted"), "{}", status(&h));
    assert!(h.app.modals.is_empty(), "nothing to confirm: {}", h.screen());
    assert_eq!(selected(&h), stored, "still there");
}
