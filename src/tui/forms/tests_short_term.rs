//! A term shorter than 28 days (end 2026-12-01 for start 2026-11-30) is likelier a typo
//! than a contract: the first save shows a warning under the renewal date and saves
//! nothing; saving again as it is saves it (monthly contracts exist); changing the dates
//! to another short term warns again.

use super::field::FieldKey as F;
use super::form::Form;
use super::{account, first_term, outcome, submit};
use crate::domain::*;
use crate::tui::panes::Ui;
use chrono::NaiveDate;

fn ui(lang: crate::i18n::Lang) -> Ui {
    Ui::for_tests(lang)
}

fn account() -> Account {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut a = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, today);
    a.id = AccountId(7);
    a
}

fn type_in(form: &mut Form, key: F, text: &str) {
    form.field_mut(key).unwrap().input.set(text);
}

fn note(form: &Form, key: F) -> String {
    form.field(key).unwrap().note.clone().unwrap_or_default()
}

/// Types the dates, saves twice: (the first save, the note after it, the second save).
fn twice(form: &mut Form, ui: &Ui, start: (F, &str), end: (F, &str)) -> (Option<Edit>, String, Option<Edit>) {
    type_in(form, start.0, start.1);
    type_in(form, end.0, end.1);
    let first = submit(form, ui);
    let shown = note(form, end.0);
    let second = submit(form, ui);
    (first, shown, second)
}

#[test]
fn a_one_day_first_term_warns_then_saves() {
    let ui = ui(crate::i18n::Lang::En);
    let mut form = first_term::open(&ui, &account());
    type_in(&mut form, F::Arr, "120000");
    let (first, shown, second) =
        twice(&mut form, &ui, (F::TermStart, "2026-11-30"), (F::RenewalDate, "2026-12-01"));
    assert!(first.is_none(), "saved a one-day term without a word: {first:?}");
    assert!(shown.contains("1 day"), "{shown}");
    assert!(form.field(F::RenewalDate).unwrap().error.is_none(), "a warning, not an error");
    let Some(Edit::SaveAccount { term: Some(t), .. }) = second else { panic!("{second:?}") };
    assert_eq!((t.start.to_string(), t.end.to_string()), ("2026-11-30".into(), "2026-12-01".into()));
    // Another short term after the warning: warned again.
    let (again, shown, _) =
        twice(&mut form, &ui, (F::TermStart, "2026-11-30"), (F::RenewalDate, "2026-12-03"));
    assert!(again.is_none() && shown.contains("3 days"), "{shown}");
}

#[test]
fn a_monthly_term_saves_at_once() {
    let ui = ui(crate::i18n::Lang::En);
    let mut form = first_term::open(&ui, &account());
    type_in(&mut form, F::Arr, "120000");
    let (first, shown, _) =
        twice(&mut form, &ui, (F::TermStart, "2026-11-30"), (F::RenewalDate, "2026-12-30"));
    assert!(first.is_some(), "{shown}");
    assert!(shown.is_empty(), "{shown}");
}

#[test]
fn the_account_form_and_the_win_back_warn_too() {
    let ui = ui(crate::i18n::Lang::ZhCn);
    let mut form = account::open(&ui, None, None);
    type_in(&mut form, F::Name, "🚀 Rocket");
    type_in(&mut form, F::Arr, "120000");
    let (first, shown, second) =
        twice(&mut form, &ui, (F::TermStart, "2026-11-30"), (F::RenewalDate, "2026-12-01"));
    assert!(first.is_none() && second.is_some(), "{first:?} {second:?}");
    assert!(shown.contains("1 天"), "{shown}");

    let last = ContractTerm {
        id: TermId(1),
        account_id: AccountId(7),
        start: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        arr: Money::from_major(100, Currency::CNY),
        outcome: None,
        version: 1,
    };
    let mut form = outcome::open_win_back(&ui, &account(), &last);
    let (first, _, second) =
        twice(&mut form, &ui, (F::TermStart, "2026-11-30"), (F::RenewalDate, "2026-12-10"));
    assert!(first.is_none() && second.is_some(), "{first:?} {second:?}");
}

#[test]
fn a_renewal_to_a_few_days_later_warns() {
    let ui = ui(crate::i18n::Lang::En);
    let term = ContractTerm {
        id: TermId(1),
        account_id: AccountId(7),
        start: NaiveDate::from_ymd_opt(2025, 11, 30).unwrap(),
        end: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        arr: Money::from_major(100, Currency::CNY),
        outcome: None,
        version: 1,
    };
    let mut form = outcome::open_renewal(&ui, "🚀 Rocket", &term);
    type_in(&mut form, F::NewEnd, "2026-12-01");
    let first = submit(&mut form, &ui);
    assert!(first.is_none(), "{first:?}");
    assert!(note(&form, F::NewEnd).contains("1 day"), "{}", note(&form, F::NewEnd));
    assert!(submit(&mut form, &ui).is_some());
}
