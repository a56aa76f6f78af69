//! The first contract term of an account that has none (a CRM companies export carries
//! no contract): start, renewal date, ARR and its currency. Saved as the account with a
//! new term (`Edit::SaveAccount`), so the playbook follows and one undo takes it back.

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::Values;
use crate::domain::dates::Facing::{Either, Future};
use crate::domain::dates::add_months;
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// Currencies offered (the account's own first, then the usual ones).
const CURRENCIES: [&str; 6] = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD"];

pub fn open(ui: &Ui, account: &Account) -> Form {
    let own = account.currency.code().to_string();
    let mut currencies = vec![(own.clone(), own.clone())];
    currencies.extend(CURRENCIES.iter().filter(|c| **c != own).map(|c| (c.to_string(), c.to_string())));
    let fields = vec![
        Field::date(F::TermStart, Either, Some(ui.today)).required(),
        Field::date(F::RenewalDate, Future, Some(add_months(ui.today, 12))).required(),
        Field::choice(F::Currency, currencies, &own),
        Field::money(F::Arr, None).required(),
    ];
    let title = ui.tf("edit.title.first_term", &[("account", &account.name)]);
    Form::new(title, FormKind::FirstTerm { account: Box::new(account.clone()) }, fields)
}

pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::FirstTerm { account } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let start = v.date(F::TermStart);
    let end = v.date(F::RenewalDate);
    let currency = Currency::new(&v.text(F::Currency)).unwrap_or(account.currency);
    let arr = v.money(F::Arr, currency);
    if v.ok() && end <= start {
        v.fail(F::RenewalDate, ui.tf("edit.error.end_before_start", &[("start", &start.to_string())]));
    }
    v.check_term_length(F::RenewalDate, start, end);
    if !v.ok() {
        return None;
    }
    let mut a = *account;
    // The contract's currency is the account's (its amounts are kept in one currency).
    a.currency = currency;
    let term = ContractTerm { id: TermId(0), account_id: a.id, start, end, arr, outcome: None, version: 0 };
    Some(Edit::SaveAccount { account: a, term: Some(term) })
}
