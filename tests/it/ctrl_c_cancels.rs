//! Ctrl-C in a text-entry context cancels as Esc does there (CSM trial: pressed twice in a
//! form, it did nothing and said nothing while the help line said "q quit"). It goes
//! through the keymap's cancel bindings, so help lists it, and a form with typed text asks
//! before discarding it, exactly as Esc does.

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use radar::tui::modals::Modal;
use radar::tui::modals::confirm::ConfirmFor;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SIZE: (u16, u16) = (120, 35);

fn ctrl_c(h: &mut radar::tui::harness::Harness) {
    h.send(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
}

#[test]
fn ctrl_c_in_a_form_with_typed_text_asks_first_then_cancels_as_esc_does() {
    let mut h = app(Lang::En, SIZE);
    h.keys("5N");
    assert!(has_form(&h));
    // The form's help lists C-c beside Esc for cancel.
    h.key(KeyCode::F(1));
    let help = h.screen();
    assert!(help.contains("C-c"), "{help}");
    h.key(KeyCode::Esc);
    assert!(has_form(&h), "F1's help closed, the form kept");
    set(&mut h, F::Complaint, "invoice wrong");
    ctrl_c(&mut h);
    let Some(Modal::Confirm(c)) = h.app.modals.last() else {
        panic!("asked before discarding: {:?}", h.app.modals.last())
    };
    assert!(matches!(c.purpose, ConfirmFor::Discard), "{:?}", c.purpose);
    // The second C-c answers no: back to the form, the text kept, Radar still running.
    ctrl_c(&mut h);
    assert!(has_form(&h), "{:?}", h.app.modals.last());
    assert_eq!(form(&h).get(F::Complaint), "invoice wrong");
    assert!(!h.app.quit);
    // Asked again and told yes: the form goes, as after Esc.
    ctrl_c(&mut h);
    h.keys("y");
    assert!(h.app.modals.is_empty(), "{:?}", h.app.modals.last());
    // An untouched form closes at once.
    h.keys("5N");
    assert!(has_form(&h));
    ctrl_c(&mut h);
    assert!(h.app.modals.is_empty(), "{:?}", h.app.modals.last());
    assert!(!h.app.quit);
}

#[test]
fn ctrl_c_in_the_search_box_clears_the_search_as_esc_does() {
    let mut h = app(Lang::En, SIZE);
    h.keys("x");
    let all = h.app.portfolio.model.view.len();
    h.keys("/成都");
    assert!(h.app.portfolio.searching);
    assert_eq!(h.app.portfolio.model.query, "成都");
    assert!(h.app.portfolio.model.view.len() < all, "the search filters");
    ctrl_c(&mut h);
    assert!(!h.app.portfolio.searching, "the box closed");
    assert_eq!(h.app.portfolio.model.query, "", "and the search is cleared");
    assert_eq!(h.app.portfolio.model.view.len(), all, "every account listed again");
    assert!(!h.app.quit);
}

#[test]
fn ctrl_c_in_the_import_path_prompt_closes_it_as_esc_does() {
    let mut h = app(Lang::En, SIZE);
    h.keys("I");
    assert!(matches!(h.app.modals.last(), Some(Modal::Path(_))));
    h.keys("/tmp/book");
    ctrl_c(&mut h);
    assert!(h.app.modals.is_empty(), "{:?}", h.app.modals.last());
    assert!(!h.app.quit);
}

/// The agenda's `c` form waits for the account's contacts, keeping what is typed for it:
/// Ctrl-C then gives up on it as Esc does. It quit Radar there.
#[test]
fn ctrl_c_while_the_agendas_form_is_on_its_way_gives_up_on_it_as_esc_does() {
    let mut s = radar::store::Store::open_in_memory().unwrap();
    demo_into(&mut s, 60);
    let mut h = app_on(s, Lang::En, SIZE);
    h.app.agenda.asked_me = true;
    h.keys("a");
    let at =
        h.app.agenda.lines().iter().position(|l| matches!(l, radar::domain::agenda_rank::Line::Item { .. }));
    h.app.agenda.cursor.selected = at.expect("an item on the agenda");
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)));
    assert!(!fx.is_empty() && h.app.form_on_its_way());
    h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)));
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(!h.app.quit && fx.is_empty(), "{fx:?}");
    assert!(!h.app.form_on_its_way() && h.app.typed_ahead.is_empty());
    assert!(status(&h).contains("The form was not opened (C-c)"), "{}", status(&h));
}
