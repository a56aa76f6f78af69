//! Helpers for the dashboard editing tests: a demo app on the Chinese-named first account,
//! and readers for the form on top.
#![allow(dead_code)]

use chrono::NaiveDate;
use radar::demo::{self, DemoOptions};
use radar::domain::*;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::forms::FieldKey as F;
use radar::tui::forms::form::Form;
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn demo_into(s: &mut Store, n: usize) {
    let opts = DemoOptions { accounts: n, seed: 1, today: today() };
    let mut facts = demo::generate_range(&opts, 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
}

pub fn app_on(store: Store, lang: Lang, size: (u16, u16)) -> Harness {
    Harness::new(store, lang, today(), size)
}

/// A demo app with the first account (成都天府云图…, full decision chain) selected.
pub fn app(lang: Lang, size: (u16, u16)) -> Harness {
    let mut s = Store::open_in_memory().unwrap();
    demo_into(&mut s, 40);
    let mut h = app_on(s, lang, size);
    select_first(&mut h);
    h
}

pub fn select_first(h: &mut Harness) {
    h.keys("/成都天府云图\n");
    assert_eq!(h.app.portfolio.selected_row().unwrap().name, demo::FIRST_ACCOUNT);
}

pub fn facts(h: &Harness) -> AccountFacts {
    let id = h.app.portfolio.selected_id().unwrap();
    h.worker.store.load_facts(id).unwrap().unwrap()
}

pub fn form(h: &Harness) -> &Form {
    match h.app.modals.last() {
        Some(Modal::Form(f)) => f,
        other => panic!("no form on top: {other:?}"),
    }
}

pub fn has_form(h: &Harness) -> bool {
    matches!(h.app.modals.last(), Some(Modal::Form(_)))
}

pub fn error(h: &Harness, field: F) -> Option<String> {
    form(h).field(field).and_then(|f| f.error.clone())
}

/// Moves the form's focus to `field` (Tab) and replaces its text with `text`.
pub fn set(h: &mut Harness, field: F, text: &str) {
    let target = form(h).index(field).unwrap_or_else(|| panic!("no field {field:?}"));
    let mut guard = 0;
    while form(h).focus != target {
        h.key(KeyCode::Tab);
        guard += 1;
        assert!(guard < 40, "cannot reach {field:?}");
    }
    h.send(radar::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL)));
    h.send(radar::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    for c in text.chars() {
        if c == '\n' {
            h.send(radar::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL)));
        } else {
            h.key(KeyCode::Char(c));
        }
    }
}

/// Picks `label` in the choice field `field` by typing into its list.
pub fn choose(h: &mut Harness, field: F, search: &str) {
    let target = form(h).index(field).unwrap();
    while form(h).focus != target {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Char(' '));
    for c in search.chars() {
        h.key(KeyCode::Char(c));
    }
    h.key(KeyCode::Enter);
}

pub fn ctrl(c: char) -> radar::tui::msg::Msg {
    radar::tui::msg::Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn status(h: &Harness) -> String {
    h.app.message.clone().unwrap_or_default()
}

/// The first account (in portfolio order) whose name no other account shares (so `/name`
/// selects it) and that `pick` accepts.
pub fn unique_account(s: &Store, pick: impl Fn(&AccountFacts) -> bool) -> AccountFacts {
    let rows = s.portfolio(today()).unwrap();
    rows.iter()
        .filter(|r| rows.iter().filter(|o| o.name == r.name).count() == 1)
        .map(|r| s.load_facts(r.id).unwrap().unwrap())
        .find(|f| pick(f))
        .expect("an account with a name of its own that fits")
}

/// Records a complaint on the selected account (raised on `raised_on`, else today) and
/// opens the resolve form on it from the complaints tab.
pub fn resolving_a_new_complaint(h: &mut Harness, summary: &str, raised_on: Option<&str>) -> Complaint {
    h.keys("5N");
    set(h, F::Complaint, summary);
    if let Some(day) = raised_on {
        set(h, F::RaisedOn, day);
    }
    h.key(KeyCode::Enter);
    let c = facts(h).complaints.into_iter().find(|c| c.summary == summary).expect("the complaint saved");
    h.key(KeyCode::Enter);
    h.keys("5");
    while h.app.detail.selected_item().map(|k| k.id) != Some(c.id.0) {
        h.keys("j");
    }
    h.keys("F");
    c
}
