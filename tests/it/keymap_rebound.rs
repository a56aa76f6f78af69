//! A user keymap rebinds keys: the dashboard then answers to the new keys, and every
//! message that names a key names the one bound (not the default a sentence once spelled
//! out). Text fields take their editing keys from `[input]`.

use crate::support::tui_edit::{app, app_on};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::keymap::Keymap;
use radar::tui::modals::Modal;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn rebind(h: &mut Harness, toml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, toml).unwrap();
    h.app.keymap = Keymap::load(Some(&path)).unwrap();
}

fn ctrl(h: &mut Harness, c: char) {
    h.send(Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
}

const REBOUND: &str =
    "[global]\nquit = [\"ctrl-q\"]\n[dashboard]\nclear_filters = [\"z\"]\n[pick]\ncancel = [\"ctrl-g\"]\n";

#[test]
fn messages_name_the_keys_as_bound() {
    let mut empty = app_on(Store::open_in_memory().unwrap(), Lang::En, (100, 30));
    rebind(&mut empty, REBOUND);
    empty.resize(100, 30);
    assert!(empty.screen().contains("Press C-q to quit."), "{}", empty.screen());

    let mut h = app(Lang::En, (120, 35));
    rebind(&mut h, REBOUND);
    h.keys("/no such account");
    // In the search box only its own key is named; kept, the list's keys.
    assert!(h.screen().contains("No account matches. Esc clears the search."), "{}", h.screen());
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("No account matches. z clears the filters, Esc the search."), "{screen}");
    h.key(KeyCode::Esc);
    h.keys("/成都天府云图\n");
    h.keys("R"); // renewed or churned: a pick list
    assert!(matches!(h.app.modals.last(), Some(Modal::Pick(_))), "the outcome list");
    h.keys("zzz\n");
    let screen = h.screen();
    assert!(screen.contains("Nothing to pick: Backspace edits the filter, C-g closes."), "{screen}");
    ctrl(&mut h, 'g');
    assert!(h.app.modals.is_empty(), "the rebound key closes the list");
}

#[test]
fn text_fields_edit_with_the_input_table() {
    let mut h = app(Lang::En, (120, 35));
    rebind(&mut h, "[input]\ndelete_back = [\"ctrl-h\"]\nline_start = [\"ctrl-b\"]\n");
    h.key(KeyCode::Esc); // the search `app` made
    assert_eq!(h.app.portfolio.model.query, "");
    h.keys("/成都天");
    ctrl(&mut h, 'h');
    assert_eq!(h.app.portfolio.model.query, "成都", "C-h deletes");
    h.key(KeyCode::Backspace);
    assert_eq!(h.app.portfolio.model.query, "成都", "Backspace is no longer bound");
    h.keys("\nI/tmp/x");
    ctrl(&mut h, 'b');
    h.keys("a");
    let Some(Modal::Path(p)) = h.app.modals.last() else { panic!("the path prompt") };
    assert_eq!(p.input.text(), "a/tmp/x", "C-b goes to the start of the line");
}
