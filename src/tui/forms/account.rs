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
        Field::choice(F::Stage, stages(ui, new), if new { STAGE_FROM_DATES } else { a.stage.id() }),
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

/// The stage option of a new account that leaves it to the contract dates: where the
/// account stands in its term, as an import and the demo infer it (`infer_stage`). A new
/// account renewing in 17 days was saved "Onboarding", the form's first stage (CSM trial,
/// session 28).
const STAGE_FROM_DATES: &str = "";

/// The stages offered: a new account's first option is "from the contract dates".
fn stages(ui: &Ui, new: bool) -> Vec<(String, String)> {
    let mut out = options::<Stage>(ui, false);
    if new {
        out.insert(0, (STAGE_FROM_DATES.to_string(), ui.t("edit.stage_from_dates")));
    }
    out
}

pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Account { base, term } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let name = v.text(F::Name);
    let external_id = v.text(F::ExternalId);
    let tier = v.choice::<Tier>(F::Tier);
    // None: from the contract dates (a new account's first option).
    let stage = v.opt_choice::<Stage>(F::Stage);
    let owner = v.text(F::Owner);
    let industry = v.text(F::Industry);
    let region = v.text(F::Region);
    let currency = Currency::new(&v.text(F::Currency)).unwrap_or(Currency::CNY);
    let target_fit = v.text(F::TargetFit) == "yes";
    let activated_on = v.opt_date(F::ActivatedOn);
    // A currency change converts nothing: the open term's ARR, shown as plain digits,
    // would be relabelled ($186,230 saved as ¥186,230). Refused unless the ARR is typed
    // in the new currency with its symbol (the user converted it).
    if let Some(t) = term.as_deref()
        && base.as_deref().is_some_and(|b| b.currency != currency)
        && t.arr.currency != currency
        && Money::parse(&v.raw_text(F::Arr), t.arr.currency).map(|m| m.currency) != Ok(currency)
    {
        let symbol = Money::new(0, currency).format_full().trim_end_matches('0').to_string();
        let msg = ui.tf(
            "edit.error.currency_change",
            &[
                ("arr", &t.arr.format_full()),
                ("old", t.arr.currency.code()),
                ("code", currency.code()),
                ("symbol", &symbol),
            ],
        );
        v.fail(F::Currency, msg);
    }
    let has_term = base.is_none() || term.is_some();
    let new_term = if has_term {
        let start = v.date(F::TermStart);
        let end = v.date(F::RenewalDate);
        let arr = v.money(F::Arr, currency);
        if v.ok() && end <= start {
            v.fail(F::RenewalDate, ui.tf("edit.error.end_before_start", &[("start", &start.to_string())]));
        }
        v.check_term_length(F::RenewalDate, start, end);
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
    a.stage = match (stage, &new_term) {
        (Some(stage), _) => stage,
        (None, Some(t)) => crate::domain::stage::infer_stage(t.start, t.end, ui.today, false),
        (None, None) => a.stage,
    };
    a.owner = owner;
    a.industry = industry;
    a.region = region;
    a.currency = currency;
    a.target_fit = target_fit;
    a.activated_on = activated_on;
    a.handover = handover;
    Some(Edit::SaveAccount { account: a, term: new_term })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::forms::form::FieldKind;

    fn ui() -> Ui {
        Ui::for_tests(crate::i18n::Lang::En)
    }

    /// An account in USD with an open term of $186,230; its edit form with the currency
    /// switched to `code` and the ARR typed as `arr` (None: left as shown).
    fn switched(code: &str, arr: Option<&str>) -> (Form, Option<Edit>) {
        let ui = ui();
        let mut a = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::USD, ui.today);
        a.id = AccountId(7);
        let t = ContractTerm {
            id: TermId(3),
            account_id: a.id,
            start: ui.today - chrono::Duration::days(100),
            end: ui.today + chrono::Duration::days(265),
            arr: Money::from_major(186_230, Currency::USD),
            outcome: None,
            version: 1,
        };
        let mut form = open(&ui, Some(&a), Some(&t));
        let f = form.field_mut(F::Currency).unwrap();
        let FieldKind::Choice(options) = &f.kind else { panic!("currency is a choice") };
        f.choice = options.iter().position(|(id, _)| id == code).unwrap();
        if let Some(arr) = arr {
            form.field_mut(F::Arr).unwrap().input.set(arr);
        }
        let edit = submit(&mut form, &ui);
        (form, edit)
    }

    /// Trial, session 4: switching the currency relabelled $186,230 as ¥186,230.
    #[test]
    fn a_currency_change_never_relabels_the_open_terms_amount() {
        let (form, edit) = switched("CNY", None);
        assert!(edit.is_none(), "saved {edit:?}");
        let msg = form.field(F::Currency).unwrap().error.clone().unwrap_or_default();
        assert!(msg.contains("$186,230") && msg.contains("CNY"), "{msg}");
        // Typed in the new currency (with its symbol): the user converted it; both change.
        let (_, edit) = switched("CNY", Some("¥1,300,000"));
        let Some(Edit::SaveAccount { account, term: Some(t) }) = edit else { panic!("{edit:?}") };
        assert_eq!((account.currency, t.arr), (Currency::CNY, Money::from_major(1_300_000, Currency::CNY)));
        // Unchanged currency: saved as before.
        let (_, edit) = switched("USD", None);
        assert!(
            matches!(edit, Some(Edit::SaveAccount { term: Some(t), .. }) if t.arr.currency == Currency::USD)
        );
    }
}
