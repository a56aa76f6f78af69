//! Account rows: the account itself and its current contract term (ARR, contract start,
//! renewal date). Rows match by external id, else by exact name. A column the file lacks,
//! or a blank cell, never erases what Radar knows: sparse CRM exports are common.

use super::world::{Outcome, World};
use crate::domain::dates::add_months;
use crate::domain::stage::infer_stage;
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;
use chrono::NaiveDate;

/// Currency of amounts without a symbol when neither the file nor the account says.
pub const DEFAULT_CURRENCY: Currency = Currency::CNY;

/// The account a row describes, if any: by external id, else by name (the k-th row with a
/// name the k-th account with it).
fn matching(w: &mut World, ext: Option<&str>, name: &str) -> Option<usize> {
    match ext {
        Some(ext) => w.by_external_id(ext).or_else(|| {
            // An account first imported without ids (a spreadsheet) is recognised by name
            // when a CRM export with ids arrives; one with another id is a different account.
            w.named(name).iter().copied().find(|i| {
                let s = w.slot(*i);
                s.external_id.is_none() && s.created_on_line == 0
            })
        }),
        None => {
            let k = w.occurrence(usize::MAX, "account", name.to_string());
            w.named(name).get(k).copied()
        }
    }
}

/// Why a row that would create an account named `name` is refused: the name is taken by
/// `holder`, stored already or created by another row of this file. Two accounts of one
/// name are almost always one customer typed twice (a later version lets the user choose).
fn name_taken(w: &World, holder: usize, name: &str, ext: Option<&str>) -> String {
    let s = w.slot(holder);
    let theirs = match &s.external_id {
        Some(x) => format!("external id '{x}'"),
        None => "no external id".to_string(),
    };
    let ours = ext.map_or("no external id".to_string(), |x| format!("external id '{x}'"));
    let line = if s.created_on_line != 0 { s.created_on_line } else { s.described_on_line };
    if s.created_on_line != 0 {
        format!(
            "the account '{name}' ({ours}) would be created twice: line {line} creates an account of the same name ({theirs}); \
             remove the duplicate row, or tell the two apart by name"
        )
    } else {
        let seen = if line != 0 { format!(", described on line {line}") } else { String::new() };
        format!(
            "an account named '{name}' already exists ({theirs}{seen}); this row ({ours}) would create a second \
             account of that name: correct the name or the external id"
        )
    }
}

/// Why a row that renames its account to `name` is refused: another account has it.
fn renamed_onto(w: &World, holder: usize, name: &str, ext: Option<&str>) -> String {
    let theirs = match &w.slot(holder).external_id {
        Some(x) => format!("external id '{x}'"),
        None => "no external id".to_string(),
    };
    let ours = ext.map_or("this row's account".to_string(), |x| format!("the account of external id '{x}'"));
    format!(
        "{ours} would be renamed to '{name}', the name of another account ({theirs}): two accounts of one \
         name; correct the name or the external id"
    )
}

pub fn row(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let line = c.line();
    let name = c.required_text(F::Name);
    let ext = c.text(F::ExternalId);
    let mut found = name.as_deref().and_then(|n| matching(w, ext.as_deref(), n));
    if let Some(i) = found {
        let earlier = w.slot(i).described_on_line;
        if earlier != 0 {
            let what = match &ext {
                Some(x) if w.by_external_id(x) == Some(i) => {
                    format!("external id '{x}' is also on line {earlier}")
                }
                _ => format!("line {earlier} describes the same account; one row per account"),
            };
            c.problem(F::ExternalId, what);
            found = None;
        } else {
            w.described(i, line);
        }
    }
    let currency = c.currency(F::Currency);
    let known_currency = match found {
        Some(i) => Some(w.edit(i)?.account.currency),
        None => None,
    };
    let default = currency.or(known_currency).unwrap_or(DEFAULT_CURRENCY);
    let arr = c.required_money(F::Arr, default);
    if let (Some(cur), Some(a)) = (currency, arr)
        && a.currency != cur
    {
        c.problem(F::Arr, format!("the amount is in {} but the currency column says {cur}", a.currency));
    }
    let renewal = c.required_date(F::RenewalDate);
    let start = c.date(F::ContractStart);
    let tier = c.choice::<Tier>(F::Tier);
    let stage = c.choice::<Stage>(F::Stage);
    let forecast = c.choice::<Forecast>(F::Forecast);
    let target_fit = c.yes_no(F::TargetFit);
    let activated_on = c.date(F::ActivatedOn);
    let (industry, region, owner) = (c.text(F::Industry), c.text(F::Region), c.text(F::Owner));
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(name), Some(arr), Some(renewal)) = (name, arr, renewal) else { return Ok(None) };
    let today = w.today;
    let Some(i) = found else {
        if let Some(&holder) = w.named(&name).first() {
            let msg = name_taken(w, holder, &name, ext.as_deref());
            c.problem(F::Name, msg);
            return Ok(None);
        }
        let start = start.unwrap_or_else(|| add_months(renewal, -12));
        if start >= renewal {
            c.problem(
                F::ContractStart,
                format!("the contract starts {start}, not before its renewal date {renewal}"),
            );
            return Ok(None);
        }
        let mut a = Account::new(&name, tier.unwrap_or(Tier::Mid), currency.unwrap_or(arr.currency), today);
        a.external_id = ext.clone();
        a.industry = industry.unwrap_or_default();
        a.region = region.unwrap_or_default();
        a.owner = owner.unwrap_or_default();
        a.target_fit = target_fit.unwrap_or(true);
        // A file without a stage: where the account is in its contract (PLAYBOOK §3).
        a.stage = stage.unwrap_or_else(|| infer_stage(start, renewal, today, false));
        a.activated_on = activated_on;
        a.forecast = forecast;
        a.forecast_on = forecast.map(|_| today);
        let mut f = AccountFacts::new(a);
        f.terms.push(ContractTerm {
            id: TermId(0),
            account_id: AccountId(0),
            start,
            end: renewal,
            arr,
            outcome: None,
            version: 0,
        });
        w.add(f, line)?;
        return Ok(Some(Outcome::Created));
    };
    // Renaming it (found by its external id) to the name of another account would make two
    // of one name, as creating one would.
    if let Some(&holder) = w.named(&name).iter().find(|&&j| j != i) {
        let msg = renamed_onto(w, holder, &name, ext.as_deref());
        c.problem(F::Name, msg);
        return Ok(None);
    }
    if let Some(ext) = &ext {
        w.set_external_id(i, ext);
    }
    let f = w.edit(i)?;
    if f.account.name != name {
        let old = f.account.name.clone();
        w.renamed(i, &old, &name);
    }
    let f = w.edit(i)?;
    let (old_account, old_terms) = (f.account.clone(), f.terms.clone());
    let a = &mut f.account;
    a.name = name;
    if ext.is_some() {
        a.external_id = ext;
    }
    a.currency = currency.unwrap_or(arr.currency);
    set(&mut a.industry, industry);
    set(&mut a.region, region);
    set(&mut a.owner, owner);
    set(&mut a.tier, tier);
    // A recorded churn outlives a CRM export that still shows the old stage.
    let churned =
        matches!(f.terms.last().and_then(|t| t.outcome.as_ref()), Some(TermOutcome::Churned { .. }));
    if !churned {
        set(&mut a.stage, stage);
    }
    set(&mut a.target_fit, target_fit);
    if activated_on.is_some() {
        a.activated_on = activated_on;
    }
    if forecast.is_some() && forecast != a.forecast {
        a.forecast = forecast;
        a.forecast_on = Some(today);
    }
    if let Err(msg) = apply_term(&mut f.terms, arr, renewal, start) {
        c.problem(F::RenewalDate, msg);
        return Ok(None);
    }
    let dates_changed = f.terms != old_terms || f.account.tier != old_account.tier;
    let changed = dates_changed || f.account != old_account;
    if dates_changed {
        w.regen(i);
    }
    Ok(Some(if changed { Outcome::Updated } else { Outcome::Unchanged }))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// Brings the term history in line with the file's current contract.
/// - a term ending on the renewal date is that contract: an open one takes the new ARR
///   (and start); a decided one is left alone (the CRM still shows a renewed or churned term);
/// - else the open term moves to the new dates (a corrected end date);
/// - else, with no open term, a new one follows the last (never after a churn).
fn apply_term(
    terms: &mut Vec<ContractTerm>,
    arr: Money,
    renewal: NaiveDate,
    start: Option<NaiveDate>,
) -> Result<(), String> {
    if let Some(t) = terms.iter_mut().find(|t| t.end == renewal) {
        if t.is_open() {
            t.arr = arr;
            if let Some(s) = start {
                t.start = s;
            }
        }
    } else if let Some(t) = terms.iter_mut().rev().find(|t| t.is_open()) {
        t.end = renewal;
        t.arr = arr;
        if let Some(s) = start {
            t.start = s;
        }
    } else {
        let account_id = terms.first().map_or(AccountId(0), |t| t.account_id);
        let start = match terms.last() {
            Some(last) if matches!(last.outcome, Some(TermOutcome::Churned { .. })) => {
                return Err(format!(
                    "the account churned when its term ended {}; a new contract after a churn is not imported",
                    last.end
                ));
            }
            Some(last) => start.unwrap_or(last.end),
            None => start.unwrap_or_else(|| add_months(renewal, -12)),
        };
        terms.push(ContractTerm {
            id: TermId(0),
            account_id,
            start,
            end: renewal,
            arr,
            outcome: None,
            version: 0,
        });
    }
    validate_terms(terms).map_err(|e| format!("renewal date {renewal}: {e}"))
}
