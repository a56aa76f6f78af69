//! Quick capture (issue 15 item 7): a key on the decision chain marks a person as having
//! left (today, editable); a complaint takes a time of day (`14:30`, `now`); a date typed
//! relatively shows the date it means under its field, focused or not, before the save.

use crate::support::tui_edit::*;
use chrono::{NaiveTime, Timelike};
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 35);

#[test]
fn l_on_the_decision_chain_marks_the_selected_person_as_left_today_and_undo_brings_them_back() {
    let mut h = app(Lang::En, SIZE);
    let start = h.worker.store.dump().unwrap();
    // The decision chain tab, the detail pane focused, the first person selected.
    h.keys("2");
    h.key(KeyCode::Enter);
    let key = h.app.detail.selected_item().expect("a person selected");
    assert_eq!(key.kind, RowKind::Contact);
    h.keys("L");
    assert_eq!(form(&h).get(F::LeftOn), today().to_string(), "dated today, editable");
    set(&mut h, F::LeftOn, "-2d");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::LeftOn));
    let c = facts(&h).contacts.into_iter().find(|c| c.id.0 == key.id).unwrap();
    assert_eq!(c.left_on, Some(today() - chrono::Duration::days(2)));
    assert!(status(&h).contains("Updated a contact"), "{}", status(&h));
    h.keys("u");
    assert_eq!(
        crate::support::store_edit::values(&h.worker.store.dump().unwrap()),
        crate::support::store_edit::values(&start)
    );
}

/// An undo refused because another program replaced the row without counting a version
/// (a restore, sqlite3) says so, in both languages; it read "(version 1 → 1)" (CSM trial).
#[test]
fn an_undo_refused_over_a_row_replaced_at_the_same_version_says_replaced() {
    for (lang, said) in [(Lang::En, "was replaced since you loaded it"), (Lang::ZhCn, "已被替换")] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut s = radar::store::Store::open(&path).unwrap();
        demo_into(&mut s, 12);
        let mut h = app_on(s, lang, SIZE);
        select_first(&mut h);
        h.keys("2");
        h.key(KeyCode::Enter);
        let key = h.app.detail.selected_item().expect("a person selected");
        h.keys("L");
        h.key(KeyCode::Enter);
        assert!(!has_form(&h));
        let other = rusqlite::Connection::open(&path).unwrap();
        let changed = other
            .execute("UPDATE contact SET title = title || ' (restored)' WHERE id = ?1", [key.id])
            .unwrap();
        assert_eq!(changed, 1);
        h.keys("u");
        let shown = status(&h);
        assert!(shown.contains(said), "{shown}");
        assert!(!shown.contains("→"), "no version pair: {shown}");
    }
}

#[test]
fn a_complaint_takes_a_time_of_day() {
    let mut h = app(Lang::En, SIZE);
    h.keys("5N");
    set(&mut h, F::Complaint, "发票开错 at 14:30 😠");
    set(&mut h, F::RaisedOn, "yesterday");
    set(&mut h, F::Time, "14:30");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::Time));
    let c = facts(&h).complaints.into_iter().find(|c| c.summary.starts_with("发票开错 at")).unwrap();
    assert_eq!(c.raised_at, (today() - chrono::Duration::days(1)).and_hms_opt(14, 30, 0).unwrap());
    // `now` is the time now (noon of a pinned day); a time later today is refused.
    h.keys("5N");
    set(&mut h, F::Complaint, "outage now");
    set(&mut h, F::Time, "now");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::Time));
    let c = facts(&h).complaints.into_iter().find(|c| c.summary == "outage now").unwrap();
    assert_eq!((c.raised_at.date(), c.raised_at.time().hour()), (today(), 12));
    let start = h.worker.store.dump().unwrap();
    for bad in ["25:00", "14:3", "2pm", "\u{1b}[31m14:30"] {
        h.keys("5N");
        set(&mut h, F::Complaint, "bad time");
        set(&mut h, F::Time, bad);
        h.key(KeyCode::Enter);
        assert!(has_form(&h), "{bad:?} refused");
        assert!(
            error(&h, F::Time).unwrap().contains("not a time of day"),
            "{bad:?}: {:?}",
            error(&h, F::Time)
        );
        h.key(KeyCode::Esc);
        h.keys("y");
    }
    h.keys("5N");
    set(&mut h, F::Complaint, "later today");
    set(&mut h, F::Time, "18:00");
    h.key(KeyCode::Enter);
    assert!(error(&h, F::Time).unwrap().contains("after now"), "{:?}", error(&h, F::Time));
    h.key(KeyCode::Esc);
    h.keys("y");
    assert_eq!(h.worker.store.dump().unwrap(), start, "nothing written");
    // An existing complaint's form shows its time.
    let at = NaiveTime::from_hms_opt(14, 30, 0).unwrap();
    assert!(facts(&h).complaints.iter().any(|c| c.raised_at.time() == at));
}

#[test]
fn a_relative_date_shows_the_date_it_means_after_leaving_the_field() {
    let mut h = app(Lang::En, SIZE);
    h.keys("3N");
    set(&mut h, F::Promise, "SSO");
    set(&mut h, F::Due, "+3d");
    // Focus elsewhere: the date is still spelt out under its field.
    set(&mut h, F::Promise, "SSO by Wednesday");
    let screen = h.screen();
    assert!(screen.contains("= 2026-11-25 Wed"), "{screen}");
    set(&mut h, F::Due, "mon");
    set(&mut h, F::Promise, "SSO by Monday");
    assert!(h.screen().contains("= 2026-11-23 Mon"), "{}", h.screen());
}

/// An account with no contract term yet (a CRM's companies imported) is not scored: the
/// portfolio shows "—" where the score goes, and the overview and the risk tab say "not
/// scored: no contract yet" (未评分：尚无合同). It read "0 Healthy" (CSM trial).
#[test]
fn an_account_without_a_contract_is_not_shown_as_healthy() {
    for (lang, said) in [(Lang::En, "not scored: no contract yet"), (Lang::ZhCn, "未评分：尚无合同")]
    {
        let mut s = radar::store::Store::open_in_memory().unwrap();
        demo_into(&mut s, 12);
        let account = Account::new("Initech 无合同 🚀", Tier::Small, Currency::new("USD").unwrap(), today());
        s.insert_facts(&mut [AccountFacts::new(account)], false).unwrap();
        let mut h = app_on(s, lang, SIZE);
        h.keys("/Initech\n");
        let list = h.screen();
        assert!(list.contains("│   —  Initech 无合同"), "{list}");
        h.key(KeyCode::Enter);
        let overview = h.screen();
        assert!(overview.contains(said), "overview: {overview}");
        // Nor any reason of a score it does not have (a small account's +5 showed).
        assert!(!overview.contains("+5 "), "{overview}");
        h.keys("7");
        let risk = h.screen();
        assert!(risk.contains(said) && !risk.contains("+5 "), "risk tab: {risk}");
        let healthy = radar::i18n::choice_label(lang, radar::domain::risk::Band::Healthy);
        assert!(!risk.lines().any(|l| l.contains(&healthy) && l.contains(" 0 ")), "{risk}");
    }
}
