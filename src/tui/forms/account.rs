//! The account form: who the customer is, the open contract term (start, renewal date,
//! ARR: changing them regenerates the playbook) and the handover sheet sales wrote
//! (交接单: pain points, why they bought, special clauses).

use super::FormKind;
use super::parse::{Values, options, yes_no};
use crate::domain::dates::Facing::{Either, Future};
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// Currencies offered for a new account (an existing one also offers its own).
const CURRENCIES: [&str; 6] = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD"];

/// `base` None: a new account (with its first term). An existing account without an
/// open term (churned) edits no contract fields: winning it back is its own action.
pub fn open(ui: &Ui, base: Option<&Account>, term: Option<&ContractTerm>) -> Form {
    let new = base.is_none();
    let a = base.cloned().unwrap_or_else(|| Account::new("", Tier::Mid, Currency::CNY, ui.today));
    let mut currencies: Vec<(String, String)> =
        CURRENCIES.iter().map(|c| (c.to_string(), c.to_string())).collect();
    if !CURRENCIES.contains(&a.currency.code()) {
        currencies.push((a.currency.code().to_string(), a.currency.code().to_string()));
    }
    let fit = if a.target_fit { "yes" } else { "no" };
    let mut fields = vec![
        Field::text("name", &a.name).required(),
        Field::text("external_id", a.external_id.as_deref().unwrap_or_default()),
        Field::choice("tier", options::<Tier>(ui, false), a.tier.id()),
        Field::choice("stage", options::<Stage>(ui, false), a.stage.id()),
        Field::text("owner", &a.owner),
        Field::text("industry", &a.industry),
        Field::text("region", &a.region),
        Field::choice("currency", currencies, a.currency.code()),
        Field::choice("target_fit", yes_no(ui), fit),
        Field::date("activated_on", Either, a.activated_on),
    ];
    if new || term.is_some() {
        fields.push(Field::date("term_start", Either, term.map(|t| t.start)).required());
        fields.push(Field::date("renewal_date", Future, term.map(|t| t.end)).required());
        fields.push(Field::money("arr", term.map(|t| t.arr)).required());
    }
    fields.extend([
        Field::multi("pain_points", &a.handover.pain_points),
        Field::multi("why_bought", &a.handover.why_bought),
        Field::multi("special_clauses", &a.handover.special_clauses),
    ]);
    let title = if new {
        ui.t("edit.title.new_account")
    } else {
        ui.tf("edit.title.edit_account", &[("name", &a.name)])
    };
    let kind = FormKind::Account {
        base: base.map(|a| Box::new(a.clone())),
        term: term.map(|t| Box::new(t.clone())),
    };
    Form::new(title, kind, fields)
}

pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Account { base, term } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let name = v.text("name");
    let external_id = v.text("external_id");
    let tier = v.choice::<Tier>("tier");
    let stage = v.choice::<Stage>("stage");
    let owner = v.text("owner");
    let industry = v.text("industry");
    let region = v.text("region");
    let currency = Currency::new(&v.text("currency")).unwrap_or(Currency::CNY);
    let target_fit = v.text("target_fit") == "yes";
    let activated_on = v.opt_date("activated_on");
    let has_term = base.is_none() || term.is_some();
    let new_term = if has_term {
        let start = v.date("term_start");
        let end = v.date("renewal_date");
        let arr = v.money("arr", currency);
        if v.ok() && end <= start {
            v.fail("renewal_date", ui.tf("edit.error.end_before_start", &[("start", &start.to_string())]));
        }
        let mut t = term.as_deref().cloned().unwrap_or(ContractTerm {
            id: TermId(0),
            account_id: AccountId(0),
            start,
            end,
            arr,
            outcome: None,
            version: 0,
        });
        t.start = start;
        t.end = end;
        t.arr = arr;
        Some(t)
    } else {
        None
    };
    let handover = HandoverSheet {
        pain_points: v.text("pain_points"),
        why_bought: v.text("why_bought"),
        special_clauses: v.text("special_clauses"),
    };
    if !v.ok() {
        return None;
    }
    let mut a = base.as_deref().cloned().unwrap_or_else(|| Account::new(&name, tier, currency, ui.today));
    a.name = name;
    a.external_id = Some(external_id).filter(|s| !s.is_empty());
    a.tier = tier;
    a.stage = stage;
    a.owner = owner;
    a.industry = industry;
    a.region = region;
    a.currency = currency;
    a.target_fit = target_fit;
    a.activated_on = activated_on;
    a.handover = handover;
    Some(Edit::SaveAccount { account: a, term: new_term })
}
