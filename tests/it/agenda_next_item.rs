//! After an item is worked (here snoozed) the selection moves on to the line that followed;
//! when that is an account's collapsed group, the group opens with its first item selected,
//! so the next `z` snoozes an item the user sees. It stayed on the group line and the next
//! `z` only opened the group (CSM trial).

use crate::support::tui_edit::today;
use radar::domain::agenda::AgendaKind;
use radar::domain::agenda_rank::Line;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::KeyCode;

#[test]
fn after_a_snooze_the_selection_is_on_an_item_to_snooze() {
    for lang in [Lang::En, Lang::ZhCn] {
        let mut s = Store::open_in_memory().unwrap();
        let opts = radar::demo::DemoOptions { accounts: 180, seed: 1, today: today() };
        let mut facts = radar::demo::generate_range(&opts, 0..180).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        let mut h = Harness::new(s, lang, today(), (120, 35));
        h.app.agenda.me = Some("Team Lead".into());
        h.keys("a");
        // A single item that snoozes, followed by another account's collapsed group.
        let rows = h.app.agenda.data.as_ref().unwrap().rows.clone();
        let lines = h.app.agenda.lines().to_vec();
        let snoozes = [AgendaKind::Milestone, AgendaKind::Promise, AgendaKind::Task];
        let at = (0..lines.len() - 1)
            .find(|&i| {
                matches!(lines[i], Line::Item { row, indented: false, .. } if snoozes.contains(&rows[row].item.kind))
                    && matches!(lines[i + 1], Line::Group { expanded: false, .. })
            })
            .expect("an item followed by a collapsed group");
        let Line::Group { first, .. } = lines[at + 1] else { unreachable!() };
        let next_account = rows[first].item.account_id;
        h.app.agenda.cursor.selected = at;
        h.keys("z");
        h.send(Msg::Paste("+3d".into()));
        h.key(KeyCode::Enter);
        // A countdown step past its renewal date: saved on a second Enter.
        if !h.app.modals.is_empty() {
            h.key(KeyCode::Enter);
        }
        assert!(h.app.modals.is_empty(), "saved:\n{}", h.screen());
        let sel = h.app.agenda.cursor.selected;
        assert!(
            matches!(h.app.agenda.lines()[sel], Line::Item { indented: true, .. }),
            "{lang:?}: on an item of the group that followed, not its line:\n{}",
            h.screen()
        );
        assert_eq!(h.app.agenda.selected_row().map(|r| r.item.account_id), Some(next_account));
        // The next `z` asks for that item's new date.
        h.keys("z");
        assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))), "{lang:?}: {}", h.screen());
    }
}
