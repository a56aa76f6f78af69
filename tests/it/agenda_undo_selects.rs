//! After `u` in the agenda the selection is on the item the undo brought back. It was
//! reselected by line, on whatever followed the line worked before: the trial undid
//! "Requirement closed with the customer" and landed on an unrelated complaint.

use crate::support::tui_edit::{status, today};
use radar::domain::agenda::{AgendaItem, AgendaKind};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;

fn agenda() -> Harness {
    let mut s = Store::open_in_memory().unwrap();
    crate::support::tui_edit::demo_into(&mut s, 180);
    let mut h = Harness::new(s, Lang::En, today(), (120, 35));
    h.app.agenda.me = Some("Team Lead".into());
    h.keys("a");
    h
}

fn same(a: &AgendaItem, b: &AgendaItem) -> bool {
    a.kind == b.kind && (a.item_id == b.item_id || a.stands_for.is_some() && a.stands_for == b.stands_for)
}

#[test]
fn undo_of_done_in_the_agenda_selects_the_item_brought_back() {
    for kind in [AgendaKind::Requirement, AgendaKind::Promise, AgendaKind::Milestone] {
        let mut h = agenda();
        let rows = h.app.agenda.data.as_ref().unwrap().rows.clone();
        // An item with another line after it (the line the selection moves on to).
        let Some(item) = rows.iter().map(|r| r.item.clone()).filter(|i| i.kind == kind).nth(1) else {
            panic!("no {kind:?} on the demo agenda")
        };
        assert!(h.app.agenda.select_item((item.kind, item.item_id)));
        h.keys("D");
        assert!(h.app.modals.is_empty(), "{kind:?} done: {}", h.screen());
        let moved = h.app.agenda.selected_row().map(|r| r.item.clone()).unwrap();
        assert!(!same(&moved, &item), "{kind:?}: the selection moved on after done");
        h.keys("u");
        assert!(status(&h).starts_with("Undone"), "{}", status(&h));
        let back = h.app.agenda.selected_row().map(|r| r.item.clone());
        assert!(
            back.as_ref().is_some_and(|b| same(b, &item)),
            "{kind:?}: selected {back:?}, not the item brought back {item:?}:\n{}",
            h.screen()
        );
    }
}

/// A snooze keeps the item on this week's agenda at a new place: undo and redo each move it
/// again, and the selection goes with it.
#[test]
fn undo_and_redo_of_a_snooze_select_the_item_where_it_now_is() {
    let mut h = agenda();
    h.keys("w");
    let rows = h.app.agenda.data.as_ref().unwrap().rows.clone();
    let item = rows
        .iter()
        .map(|r| r.item.clone())
        .filter(|i| i.kind == AgendaKind::Promise && i.date < today())
        .nth(1)
        .expect("an overdue promise");
    assert!(h.app.agenda.select_item((item.kind, item.item_id)));
    h.keys("z");
    h.send(radar::tui::msg::Msg::Paste("+2d".into()));
    h.key(ratatui::crossterm::event::KeyCode::Enter);
    assert!(h.app.modals.is_empty(), "snoozed: {}", h.screen());
    for (key, said) in [("u", "Undone"), ("U", "Redone")] {
        h.keys(key);
        assert!(status(&h).starts_with(said), "{}", status(&h));
        let now = h.app.agenda.selected_row().map(|r| r.item.clone());
        assert!(
            now.as_ref().is_some_and(|n| same(n, &item)),
            "after {key}: selected {now:?}, not {item:?}:\n{}",
            h.screen()
        );
    }
}
