//! `D` on the dashboard with no milestone selected lists the account's pending milestones
//! by due date, overdue first, as the agenda orders them (by distance from today, a T-0 next
//! week came above a T-60 five weeks overdue: CSM trial finding); and a refusal in the
//! agenda names the kind mid-sentence in lower case.

use crate::support::tui_edit::*;
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::modals::Modal;

#[test]
fn the_milestone_picker_lists_overdue_first_by_due_date() {
    let mut store = radar::store::Store::open_in_memory().unwrap();
    demo_into(&mut store, 40);
    let mut h = app_on(store, Lang::En, (120, 35));
    // What the picker offers: the pending milestones but the open term's T-0, which the
    // renewal outcome closes (`agenda::is_the_renewal`).
    let pending_of = |h: &radar::tui::harness::Harness| -> Vec<Milestone> {
        let f = facts(h);
        f.milestones
            .iter()
            .filter(|m| m.status == MilestoneStatus::Pending && !agenda::is_the_renewal(&f, m))
            .cloned()
            .collect()
    };
    // An account with a milestone overdue and one to come.
    for _ in 0..40 {
        let p = pending_of(&h);
        if p.iter().any(|m| m.due < today()) && p.iter().any(|m| m.due > today()) {
            break;
        }
        h.keys("j");
    }
    let pending = pending_of(&h);
    assert!(pending.iter().any(|m| m.due < today()), "an account with an overdue milestone");
    h.keys("D");
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("a pick list: {}", h.screen()) };
    let dues: Vec<String> = p.items.iter().map(|i| i.detail.clone()).collect();
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "by due date");
    assert_eq!(dues.len(), pending.len());
    assert_eq!(
        dues[0],
        pending.iter().map(|m| m.due).min().unwrap().to_string(),
        "the longest overdue on top"
    );
}

/// `P` (skip) on a promise in the agenda says why not in a sentence: "A promise is not
/// skipped", not "A Promise" (the kind's label, capitalised for lists, mid-sentence).
#[test]
fn a_refusal_names_the_kind_in_lower_case() {
    use radar::domain::agenda::AgendaKind;
    use radar::domain::agenda_rank::Line;
    let mut store = radar::store::Store::open_in_memory().unwrap();
    demo_into(&mut store, 40);
    let mut h = app_on(store, Lang::En, (120, 35));
    h.app.agenda.asked_me = true;
    h.keys("a");
    let lines = h.app.agenda.lines().to_vec();
    let promise = (0..lines.len()).find(|&i| {
        h.app.agenda.cursor.selected = i;
        matches!(lines[i], Line::Item { .. })
            && h.app.agenda.selected_row().is_some_and(|r| r.item.kind == AgendaKind::Promise)
    });
    assert!(promise.is_some(), "a promise on the agenda");
    h.keys("P");
    let said = h.app.message.clone().unwrap_or_default();
    assert!(said.starts_with("A promise is not skipped"), "{said}");
}

/// A portfolio opened read-only is said in words, in both languages (the message's key was
/// looked up outside its table and showed as "ui.read_only_start").
#[test]
fn the_read_only_notice_is_worded() {
    for (lang, words) in
        [(Lang::En, "Read-only: /data/p.db cannot be written"), (Lang::ZhCn, "只读：此处无法写入 /data/p.db")]
    {
        let mut store = radar::store::Store::open_in_memory().unwrap();
        demo_into(&mut store, 5);
        let mut h = app_on(store, lang, (200, 50));
        h.app.opened_read_only("/data/p.db");
        let said = h.app.message.clone().unwrap_or_default();
        assert!(said.starts_with(words), "{lang:?}: {said}");
    }
}
