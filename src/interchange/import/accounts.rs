//! Account rows: the account itself and its current contract term (ARR, contract start,
//! renewal date). Rows match by external id, else by exact name. A column the file lacks,
//! or a blank cell, never erases what Radar knows: sparse CRM exports are common.

use super::account_match::{Found, kept_id, matching, name_taken, renamed_onto};
use super::account_terms::apply_contract;
use super::changes::{AccountChange, KeptId, diff};
use super::world::{Outcome, World};
use crate::domain::dates::add_months;
use crate::domain::stage::infer_stage;
use crate::domain::term_length::{Annual, annualise, is_short_term, whole_months};
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;
use chrono::NaiveDate;

/// What a row said about the contract: ARR (from an MRR ×12 if so), dates.
pub(super) struct Contract {
    pub arr: Option<Money>,
    pub renewal: Option<NaiveDate>,
    pub start: Option<NaiveDate>,
}

/// What a row's term said about its amount (for the summary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// A contract's total over more than a year, stored annualised.
    Annualised,
    /// A contract's total over a term shorter than a year or not of whole months: kept.
    Kept,
    /// An amount read as the ARR under a header that does not say "annual", over a term
    /// that is not a year: it may be a total.
    Unclear,
}

/// The result of one accounts row, with what the summary says about it.
pub struct RowResult {
    pub length: Option<Length>,
    /// The row's term is shorter than `SHORT_TERM_DAYS` (likely a typo in a date).
    pub short: bool,
    pub outcome: Outcome,
    /// The row described an account an earlier row of the file described.
    pub merged: bool,
    pub mrr: bool,
    pub no_term: bool,
    /// The account's slot when several rows of the file describe it: those rows are
    /// counted together at the end (`World::net_outcome`).
    pub group: Option<usize>,
    /// What the row changed in an account Radar held before this import.
    pub change: Option<AccountChange>,
    /// Matched by name (`--on-name-match merge`) to an account that has another external
    /// id: the account keeps its own (later files match by it), the file's is not taken.
    pub kept_external_id: Option<KeptId>,
}

pub fn row(w: &mut World, c: &mut Cells<'_>) -> Result<Option<RowResult>, StoreError> {
    let problems_before = c.problems.count();
    let line = c.line();
    let name = c.required_text(F::Name);
    let ext = c.text(F::ExternalId);
    let mut found = match name.as_deref() {
        Some(n) => matching(w, ext.as_deref(), n, c.repeats_bare(n)),
        None => Found::None,
    };
    if let (Found::NameTaken(holder), Some(n)) = (&found, &name) {
        // `adopt` gives the account this row's id: only when one account has the name and
        // no earlier row of the file gave it one already (two customers of one name, or two
        // rows of one name under two ids, were folded into the first, its id flipping).
        let adopt_unclear = w.on_name_match == Some(super::NameMatch::Adopt)
            && (w.named(n).len() > 1 || w.slot(*holder).described_on_line != 0);
        match w.on_name_match {
            Some(super::NameMatch::Adopt) if adopt_unclear => {
                let msg =
                    c.t("import.row.adopt_unclear", &[("name", n), ("ours", ext.as_deref().unwrap_or(""))]);
                c.problem(F::Name, msg);
            }
            Some(super::NameMatch::Merge | super::NameMatch::Adopt) => found = Found::Account(*holder),
            Some(super::NameMatch::New) => found = Found::None,
            None => {
                let msg = name_taken(w, c.lang(), *holder, n, ext.as_deref());
                c.problem(F::Name, msg);
            }
        }
    }
    let existing = match found {
        Found::Account(i) => Some(i),
        _ => None,
    };
    let merged = existing.is_some_and(|i| w.slot(i).described_on_line != 0);
    let currency = c.currency(F::Currency);
    let known_currency = match existing {
        Some(i) => Some(w.edit(i)?.account.currency),
        None => None,
    };
    let default = match currency.or(known_currency) {
        Some(cur) => cur,
        // Only an amount that names no currency needs the import's (`World::currency_for`).
        None => {
            match [F::Arr, F::Mrr, F::ContractTotal].into_iter().find(|f| c.amount_currency(*f) == Some(None))
            {
                Some(f) => w.currency_for(line, Some(c.value_header(f).unwrap_or(f.name()))),
                None => w.currency.unwrap_or(Currency::CNY),
            }
        }
    };
    let mut arr = c.money(F::Arr, default);
    let mrr = c.money(F::Mrr, default);
    if let Some(m) = mrr {
        if c.given(F::Arr) {
            let msg = c.t("import.row.mrr_and_arr", &[]);
            c.problem(F::Mrr, msg);
        } else {
            match m.minor.checked_mul(12) {
                Some(minor) => arr = Some(Money::new(minor, m.currency)),
                None => {
                    let msg = c.t("import.row.too_large", &[("value", &m.format_full())]);
                    c.problem(F::Mrr, msg)
                }
            }
        }
    }
    let (renewal, start) = (c.date(F::RenewalDate), c.date(F::ContractStart));
    let mut length = None;
    if let Some(total) = c.money(F::ContractTotal, default) {
        if c.given(F::Arr) || mrr.is_some() {
            let msg = c.t("import.row.total_and_arr", &[]);
            c.problem(F::ContractTotal, msg);
        }
        arr = Some(total);
        // Without a start the term is taken to be a year (as for an ARR): the total is it.
        if let (Some(s), Some(r)) = (start, renewal) {
            match annualise(total, s, r) {
                Annual::Year(_) => {}
                Annual::Annualised { arr: a, .. } => (arr, length) = (Some(a), Some(Length::Annualised)),
                Annual::Kept { .. } => length = Some(Length::Kept),
            }
        }
    } else if c.unclear_arr()
        && c.given(F::Arr)
        && let (Some(s), Some(r)) = (start, renewal)
        && s < r
        && whole_months(s, r) != Some(12)
    {
        length = Some(Length::Unclear);
    }
    let short = matches!((start, renewal), (Some(s), Some(r)) if s < r && is_short_term(s, r));
    if let (Some(cur), Some(a)) = (currency, arr)
        && a.currency != cur
    {
        let msg =
            c.t("import.row.currency_conflict", &[("amount", a.currency.code()), ("currency", cur.code())]);
        c.problem(if c.given(F::Arr) { F::Arr } else { F::ContractTotal }, msg);
    }
    let contract = Contract { arr, renewal, start };
    let tier = c.choice::<Tier>(F::Tier);
    let stage = c.choice::<Stage>(F::Stage);
    let forecast = c.choice::<Forecast>(F::Forecast);
    let target_fit = c.yes_no(F::TargetFit);
    let activated_on = c.date(F::ActivatedOn);
    let (industry, region, owner) = (c.text(F::Industry), c.text(F::Region), c.text(F::Owner));
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let Some(name) = name else { return Ok(None) };
    let today = w.today;
    // Held to the end when other rows may describe the same account: its external id
    // repeats, or its name does on a row that can fold into it (one without an id, or any
    // with `--on-name-match merge`). Rows of one name under distinct ids are distinct
    // accounts, created in file order (an export's round trip keeps its order).
    let name_folds = match &ext {
        None => true,
        Some(_) => {
            matches!(w.on_name_match, Some(super::NameMatch::Merge | super::NameMatch::Adopt))
                || c.repeats_bare(&name)
        }
    };
    let keep = (name_folds && c.repeats(&name)) || ext.as_deref().is_some_and(|x| c.repeats(x));
    let result = |outcome, no_term, group| RowResult {
        length,
        short,
        outcome,
        merged,
        mrr: mrr.is_some(),
        no_term,
        group,
        change: None,
        kept_external_id: None,
    };
    let Some(i) = existing else {
        let term = match (contract.arr, contract.renewal) {
            (Some(arr), Some(renewal)) => {
                let start = contract.start.unwrap_or_else(|| add_months(renewal, -12));
                if start >= renewal {
                    let msg = c.t(
                        "import.row.start_not_before",
                        &[("start", &start.to_string()), ("renewal", &renewal.to_string())],
                    );
                    c.problem(F::ContractStart, msg);
                    return Ok(None);
                }
                Some(ContractTerm {
                    id: TermId(0),
                    account_id: AccountId(0),
                    start,
                    end: renewal,
                    arr,
                    outcome: None,
                    version: 0,
                })
            }
            (Some(_), None) => {
                let msg = c.t("import.row.arr_needs_date", &[]);
                c.problem(F::RenewalDate, msg);
                return Ok(None);
            }
            (None, Some(_)) => {
                let msg = c.t("import.row.date_needs_arr", &[]);
                c.problem(F::Arr, msg);
                return Ok(None);
            }
            (None, None) => None,
        };
        // A new account is always in some currency: never one nothing said.
        let account_currency = match currency.or(contract.arr.map(|a| a.currency)) {
            Some(cur) => cur,
            None => w.currency_for(line, None),
        };
        let mut a = Account::new(&name, tier.unwrap_or(Tier::Mid), account_currency, today);
        a.external_id = ext.clone();
        a.industry = industry.unwrap_or_default();
        a.region = region.unwrap_or_default();
        a.owner = owner.unwrap_or_default();
        a.target_fit = target_fit.unwrap_or(true);
        // A file without a stage: where the account is in its contract (PLAYBOOK §3).
        a.stage = match (stage, &term) {
            (Some(s), _) => s,
            (None, Some(t)) => infer_stage(t.start, t.end, today, false),
            (None, None) => Stage::Onboarding,
        };
        a.activated_on = activated_on;
        a.forecast = forecast;
        a.forecast_on = forecast.map(|_| today);
        let mut f = AccountFacts::new(a);
        let no_term = term.is_none();
        f.terms.extend(term);
        let i = w.add(f, line, keep)?;
        w.saw_name(i, &name, line);
        return Ok(Some(result(Outcome::Created, no_term, keep.then_some(i))));
    };
    // Renaming it (found by its external id) to the name of another account would make two
    // of one name, as creating one would. A row that keeps its account's name renames
    // nothing, whoever else has the name.
    let renames = w.edit(i)?.account.name != name;
    if renames
        && w.on_name_match != Some(super::NameMatch::New)
        && let Some(&holder) = w.named(&name).iter().find(|&&j| j != i)
    {
        let msg = renamed_onto(w, c.lang(), holder, &name, ext.as_deref());
        c.problem(F::Name, msg);
        return Ok(None);
    }
    // One account, two names in one file: which one the file means cannot be told, and a
    // second import of it would replay the renames against the names the first one left.
    if let Some((seen, seen_line)) = w.name_seen(i)
        && seen != name
    {
        let line = seen_line.to_string();
        let msg = c.t("import.row.two_names", &[("line", &line), ("seen", seen), ("name", &name)]);
        c.problem(F::Name, msg);
        return Ok(None);
    }
    // Checked on a copy first: a bad row changes nothing, even with --skip-invalid.
    let f = w.edit(i)?;
    let mut terms = f.terms.clone();
    if let Err(msg) = apply_contract(&mut terms, &contract, c) {
        c.problem(if contract.renewal.is_some() { F::RenewalDate } else { F::Arr }, msg);
        return Ok(None);
    }
    // `adopt`: the file's external id replaces the account's; else it is taken only by an
    // account without one, and a different one is kept (and said).
    let adopting = w.on_name_match == Some(super::NameMatch::Adopt);
    let kept_external_id = if adopting { None } else { kept_id(w, i, ext.as_deref(), line, &name) };
    let adopt_ext = ext.clone().filter(|x| {
        let stored = w.slot(i).external_id.as_deref();
        stored.is_none() || adopting && stored != Some(x.as_str())
    });
    if let Some(x) = &adopt_ext {
        w.set_external_id(i, x);
    }
    let f = w.edit(i)?;
    if f.account.name != name {
        let old = f.account.name.clone();
        w.renamed(i, &old, &name);
    }
    w.described(i, line);
    w.saw_name(i, &name, line);
    if keep {
        w.remember(i)?;
        w.hold(i);
    }
    let created_here = w.slot(i).created_on_line != 0;
    let f = w.edit(i)?;
    let new_in_file = f.account.id.0 == 0;
    let (old_account, old_terms) = (f.account.clone(), f.terms.clone());
    f.terms = terms;
    let a = &mut f.account;
    a.name = name;
    if adopt_ext.is_some() {
        a.external_id = adopt_ext;
    }
    if let Some(cur) = currency.or(contract.arr.map(|x| x.currency)) {
        a.currency = cur;
    }
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
    if new_in_file && stage.is_none() && f.terms != old_terms {
        // Merged into an account this file created: its stage follows its (new) dates.
        if let Some(t) = f.terms.last() {
            f.account.stage = infer_stage(t.start, t.end, today, false);
        }
    }
    let a = &mut f.account;
    set(&mut a.target_fit, target_fit);
    if activated_on.is_some() {
        a.activated_on = activated_on;
    }
    if forecast.is_some() && forecast != a.forecast {
        a.forecast = forecast;
        a.forecast_on = Some(today);
    }
    let dates_changed = f.terms != old_terms || f.account.tier != old_account.tier;
    let changed = dates_changed || f.account != old_account;
    let no_term = f.terms.is_empty();
    // An account this file created is new, whatever later rows add to it.
    let change = (changed && !created_here)
        .then(|| diff(line, (&old_account, &old_terms), (&f.account, &f.terms)))
        .flatten();
    if dates_changed {
        w.regen(i);
    }
    let outcome = if changed { Outcome::Updated } else { Outcome::Unchanged };
    Ok(Some(RowResult { change, kept_external_id, ..result(outcome, no_term, keep.then_some(i)) }))
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}
