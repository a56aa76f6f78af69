//! The account form: who the customer is, the open contract term (start, renewal date,
//! ARR: changing them regenerates the playbook) and the handover sheet sales wrote
//! (交接单: pain points, why they bought, special clauses).

use super::FormKind;
use super::field::FieldKey as F;
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
        Field::text(F::Name, &a.name).required(),
        Field::text(F::ExternalId, a.external_id.as_deref().unwrap_or_default()),
        Field::choice(F::Tier, options::<Tier>(ui, false), a.tier.id()),
        Field::choice(F::Stage, options::<Stage>(ui, false), a.stage.id()),
        Field::text(F::Owner, &a.owner),
        Field::text(F::Industry, &a.industry),
        Field::text(F::Region, &a.region),
        Field::choice(F::Currency, currencies, a.currency.code()),
        Field::choice(F::TargetFit, yes_no(ui), fit),
        Field::date(F::ActivatedOn, Either, a.activated_on),
    ];
    if new || term.is_some() {
        fields.push(Field::date(F::TermStart, Either, term.map(|t| t.start)).required());
        fields.push(Field::date(F::RenewalDate, Future, term.map(|t| t.end)).required());
        fields.push(Field::money(F::Arr, term.map(|t| t.arr)).required());
    }
    fields.extend([
        Field::multi(F::PainPoints, &a.handover.pain_points),
        Field::multi(F::WhyBought, &a.handover.why_bought),
        Field::multi(F::SpecialClauses, &a.handover.special_clauses),
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
    let name = v.text(F::Name);
    let external_id = v.text(F::ExternalId);
    let tier = v.choice::<Tier>(F::Tier);
    let stage = v.choice::<Stage>(F::Stage);
    let owner = v.text(F::Owner);
    let industry = v.text(F::Industry);
    let region = v.text(F::Region);
    let currency = Currency::new(&v.text(F::Currency)).unwrap_or(Currency::CNY);
    let target_fit = v.text(F::TargetFit) == "yes";
    let activated_on = v.opt_date(F::ActivatedOn);
    let has_term = base.is_none() || term.is_some();
    let new_term = if has_term {
        let start = v.date(F::TermStart);
        let end = v.date(F::RenewalDate);
        let arr = v.money(F::Arr, currency);
        if v.ok() && end <= start {
            v.fail(F::RenewalDate, ui.tf("edit.error.end_before_start", &[("start", &start.to_string())]));
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
        pain_points: v.text(F::PainPoints),
        why_bought: v.text(F::WhyBought),
        special_clauses: v.text(F::SpecialClauses),
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
