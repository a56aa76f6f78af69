//! Keeps the cached risk scores in step with the facts: for all accounts when the date or
//! the weights change, for one account after an edit. Glue between `domain` and `store`.

use crate::domain::money::Converter;
use crate::domain::risk::{self, Assessment, RiskConfig};
use crate::domain::{AccountFacts, AccountId, Currency, Money};
use crate::store::{CacheState, Result, Store};
use chrono::NaiveDateTime;

/// Assessment and triage priority of one account.
pub fn score(facts: &AccountFacts, now: NaiveDateTime, cfg: &RiskConfig) -> (Assessment, i64) {
    score_fx(facts, now, cfg, &Converter::without_rates(facts.arr().currency))
}

/// `score` with the ARR weighed in the reporting currency: converted at the rate in force
/// on the renewal date (today when there is none); an ARR with no rate is weighed in its
/// own currency (it is still an account to look at; `radar triage` names it).
pub fn score_fx(
    facts: &AccountFacts,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    fx: &Converter,
) -> (Assessment, i64) {
    let a = risk::assess(facts, now, cfg);
    let priority = risk::triage_priority(&a, weighed_arr(facts, now, fx), facts.days_to_renewal(now.date()));
    (a, priority)
}

/// The ARR triage weighs: in the reporting currency when it converts, else as it is.
pub fn weighed_arr(facts: &AccountFacts, now: NaiveDateTime, fx: &Converter) -> Money {
    crate::domain::agenda_rank::weighed(fx, facts.arr(), facts.renewal_date().unwrap_or(now.date()))
}

/// The exchange rates of the file, into the configured reporting currency.
fn rates(store: &Store, cfg: &RiskConfig) -> Result<Converter> {
    store.converter(cfg.report_currency)
}

/// The stamp of scores computed with `cfg`, their ARR weighed by `fx` (see `rules_stamp`).
pub fn stamp(cfg: &RiskConfig, fx: &Converter) -> String {
    risk::rules_stamp(cfg, fx)
}

/// The stamp a score computed now would carry: with the currency ARR is weighed in
/// today (the main currency changes with the book when no reporting currency is set).
/// Without rates, `stamp` names no currency: the main one is then not asked for (the
/// team database counts every readable account for it).
pub fn current_stamp(store: &Store, cfg: &RiskConfig) -> Result<String> {
    let fx = match store.fx_rates()? {
        none if none.is_empty() => Converter::without_rates(cfg.report_currency.unwrap_or(Currency::CNY)),
        _ => rates(store, cfg)?,
    };
    Ok(stamp(cfg, &fx))
}

/// Recomputes and stores the risk of every account (one transaction). Returns how many.
pub fn recompute_all(store: &mut Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<usize> {
    let fx = rates(store, cfg)?;
    store.recompute_risk_all(now.date(), &stamp(cfg, &fx), |f| score_fx(f, now, cfg, &fx))
}

/// The risk cache against today and these settings (see `Store::risk_cache_state`).
pub fn cache_state(store: &Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<CacheState> {
    store.risk_cache_state(now.date(), &current_stamp(store, cfg)?)
}

/// Up to this many changed accounts are rescored one by one; more, the whole portfolio
/// in one streamed pass (about 13 µs an account against ~50 µs for one loaded alone).
const RESCORE_ONE_BY_ONE: usize = 5_000;

/// Makes the cache current: the changed accounts alone when only some changed, else
/// every account. Returns how many were scored.
pub fn make_current(
    store: &mut Store,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    state: &CacheState,
) -> Result<usize> {
    match state {
        CacheState::Current => Ok(0),
        CacheState::Changed { accounts } if *accounts <= RESCORE_ONE_BY_ONE => {
            let fx = rates(store, cfg)?;
            store.recompute_risk_changed(now.date(), &stamp(cfg, &fx), |f| score_fx(f, now, cfg, &fx))
        }
        _ => recompute_all(store, now, cfg),
    }
}

/// Recomputes the cache only if it is not current: computed for another day or with other
/// settings, incomplete, or with accounts changed since (then only those).
pub fn ensure_fresh(store: &mut Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<bool> {
    let state = cache_state(store, now, cfg)?;
    if state.is_current() {
        return Ok(false);
    }
    make_current(store, now, cfg, &state)?;
    Ok(true)
}

/// Recomputes one account after an edit.
pub fn recompute_one(store: &mut Store, id: AccountId, now: NaiveDateTime, cfg: &RiskConfig) -> Result<()> {
    let fx = rates(store, cfg)?;
    store.recompute_risk_one(id, now.date(), &stamp(cfg, &fx), |f| score_fx(f, now, cfg, &fx))?;
    Ok(())
}

/// Applies one user edit; the account's risk is recomputed in the same transaction.
pub fn apply(
    store: &mut Store,
    edit: &crate::domain::Edit,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let fx = rates(store, cfg)?;
    let f = |facts: &AccountFacts| score_fx(facts, now, cfg, &fx);
    store.apply(edit, &crate::store::Rescore { as_of: now.date(), rules: &stamp(cfg, &fx), score: &f })
}

/// Undoes a change (refused, with nothing written, if its rows changed since). Returns
/// the change with the restored rows at their new versions, for the redo.
pub fn undo(
    store: &mut Store,
    change: &crate::domain::Change,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let fx = rates(store, cfg)?;
    let f = |facts: &AccountFacts| score_fx(facts, now, cfg, &fx);
    store.undo(change, &crate::store::Rescore { as_of: now.date(), rules: &stamp(cfg, &fx), score: &f })
}

/// Applies an undone change again (refused, with nothing written, if its rows changed
/// since). Returns the change with the rows at their new versions, for the next undo.
pub fn redo(
    store: &mut Store,
    change: &crate::domain::Change,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let fx = rates(store, cfg)?;
    let f = |facts: &AccountFacts| score_fx(facts, now, cfg, &fx);
    store.redo(change, &crate::store::Rescore { as_of: now.date(), rules: &stamp(cfg, &fx), score: &f })
}
