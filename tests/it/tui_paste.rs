//! Pastes and suspend in the dashboard's `update`, without a terminal (the tmux tests in
//! e2e_paste and e2e_terminal_restore drive the real binary). A paste is text for the
//! field that has the cursor and is never replayed as keys; with no text field it changes
//! nothing and says so. Ctrl-Z asks the runtime to suspend, from a form too.

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::tui::app::Overlay;
use radar::tui::forms::FieldKey as F;
use radar::tui::modals::Modal;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::KeyCode;

const HOSTILE_NOTE: &str = "王总 said: renewal at risk 🚀\r\u{1b}[31mred\u{1b}[0m a\u{1b}[中b\r\nX then y";

fn paste(h: &mut radar::tui::harness::Harness, text: &str) {
    h.send(Msg::Paste(text.to_string()));
}

#[test]
fn a_paste_on_the_dashboard_is_not_keys() {
    let mut h = app(Lang::En, (120, 35));
    let accounts = h.worker.store.account_count().unwrap();
    // X would ask to delete, y would say yes, q would quit.
    paste(&mut h, "X\ny\nyyy q");
    assert!(h.app.modals.is_empty(), "a paste opened {:?}", h.app.modals.last());
    assert!(!h.app.quit);
    assert!(status(&h).contains("Paste ignored"), "{}", status(&h));
    assert_eq!(h.worker.store.account_count().unwrap(), accounts);
    // The next key works as usual and clears the message.
    h.key(KeyCode::Char('j'));
    assert!(status(&h).is_empty());
}

#[test]
fn a_paste_does_not_answer_a_question() {
    let mut h = app(Lang::En, (120, 35));
    h.key(KeyCode::Char('X'));
    assert!(matches!(h.app.modals.last(), Some(Modal::Confirm(_))), "the delete question");
    paste(&mut h, "y");
    assert!(matches!(h.app.modals.last(), Some(Modal::Confirm(_))), "still asking");
    assert!(status(&h).contains("Paste ignored"));
    assert!(h.worker.store.load_facts(h.app.portfolio.selected_id().unwrap()).unwrap().is_some());
}

#[test]
fn a_paste_goes_whole_into_the_focused_field() {
    let mut h = app(Lang::En, (120, 35));
    h.key(KeyCode::Char('c'));
    set(&mut h, F::Note, "before: ");
    paste(&mut h, HOSTILE_NOTE);
    assert_eq!(
        form(&h).get(F::Note),
        "before: 王总 said: renewal at risk 🚀\nred a中b\nX then y",
        "lines kept, escape sequences gone, nothing around them lost"
    );
    // A one-line field gets spaces; the choice field's list opens filtered by the paste.
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('y')); // discard
    h.key(KeyCode::Char('E'));
    set(&mut h, F::Name, "");
    paste(&mut h, "成都天府云图\n(Chengdu)\r\nHQ\n");
    assert_eq!(form(&h).get(F::Name), "成都天府云图 (Chengdu) HQ ");
    let tier = form(&h).index(F::Tier).unwrap();
    while form(&h).focus != tier {
        h.key(KeyCode::Tab);
    }
    paste(&mut h, "strat");
    let popup = form(&h).popup.as_ref().expect("the tier list opens");
    assert_eq!(popup.list.query, "strat");
    assert!(status(&h).is_empty(), "no message: the paste was taken");
}

#[test]
fn a_paste_goes_into_the_search_box_and_the_palette() {
    let mut h = app(Lang::En, (120, 35));
    h.key(KeyCode::Esc); // leave the detail
    h.key(KeyCode::Char('/'));
    paste(&mut h, "成都\n");
    assert!(h.app.portfolio.searching);
    assert_eq!(h.app.portfolio.model.query, "成都 ");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char(':'));
    paste(&mut h, "undo\n");
    let Some(Overlay::Palette(p)) = &h.app.overlay else { panic!("the palette") };
    assert_eq!(p.list.query, "undo ");
}

#[test]
fn a_paste_into_a_list_filters_it() {
    let mut h = app(Lang::En, (120, 35));
    h.key(KeyCode::Char('R')); // renewed or churned: a list
    assert!(matches!(h.app.modals.last(), Some(Modal::Pick(_))), "the outcome list");
    paste(&mut h, "churn\n");
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("the list") };
    assert_eq!(p.list.query, "churn ");
    assert_eq!(p.current().map(|i| i.id.as_str()), Some("churned"));
}

#[test]
fn ctrl_z_and_sigtstp_ask_to_suspend_and_sigcont_to_repaint() {
    let mut h = app(Lang::En, (120, 35));
    h.send(ctrl('z'));
    assert!(h.app.suspend, "Ctrl-Z on the dashboard");
    h.app.suspend = false;
    h.key(KeyCode::Char('c'));
    h.send(ctrl('z'));
    assert!(h.app.suspend, "Ctrl-Z in a form");
    assert!(has_form(&h), "the form is kept for after fg");
    h.app.suspend = false;
    h.send(Msg::Suspend);
    assert!(h.app.suspend, "SIGTSTP");
    h.send(Msg::Continued);
    assert!(h.app.repaint, "SIGCONT");
}
