//! `c` in the agenda logs a touchpoint on the selected item's account, as on the dashboard
//! (a CSM working the agenda calls the customer; `c` there did nothing, without a word).

use crate::support::store_edit::today;
use radar::domain::agenda_rank::Line;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use ratatui::crossterm::event::KeyCode;

#[test]
fn c_in_the_agenda_logs_a_touchpoint_on_the_items_account() {
    let mut s = Store::open_in_memory().unwrap();
    let opts = radar::demo::DemoOptions { accounts: 60, seed: 1, today: today() };
    let mut facts = radar::demo::generate_range(&opts, 0..60).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let mut h = Harness::new(s, Lang::ZhCn, today(), (120, 35));
    h.app.agenda.asked_me = true;
    h.keys("a");
    let pos = h.app.agenda.lines().iter().position(|l| matches!(l, Line::Item { .. }));
    h.app.agenda.cursor.selected = pos.expect("an item on the agenda");
    let row = h.app.agenda.selected_row().cloned().expect("the selected item");
    let count = |h: &Harness| {
        let f = h.worker.store.load_facts(row.item.account_id).unwrap().unwrap();
        f.touchpoints.len()
    };
    let before = count(&h);
    h.keys("c");
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))), "{:?}", h.app.modals.last());
    let screen = h.screen();
    let start: String = row.account.chars().take(12).collect();
    assert!(
        screen.contains(&format!("记录客户接触 · {start}")),
        "the form names the item's account: {screen}"
    );
    // From the kind, past "with" (nobody: the agenda holds no contacts), to the note.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.app.update(radar::tui::msg::Msg::Paste("电话：确认续约预算 🚀\n下周再跟进".into()));
    h.key(KeyCode::Enter);
    assert!(h.app.modals.is_empty(), "saved: {}", h.screen());
    assert_eq!(count(&h), before + 1, "one touchpoint stored on {}", row.account);
    let f = h.worker.store.load_facts(row.item.account_id).unwrap().unwrap();
    assert!(f.touchpoints.iter().any(|t| t.note == "电话：确认续约预算 🚀\n下周再跟进" && t.date == today()));
}
