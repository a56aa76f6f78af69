//! Keeps the cached risk scores in step with the facts: for all accounts when the date or
//! the weights change, for one account after an edit. Glue between `domain` and `store`.

use crate::domain::risk::{self, Assessment, RiskConfig};
use crate::domain::{AccountFacts, AccountId};
use crate::store::{Result, Store};
use chrono::NaiveDateTime;

/// Assessment and triage priority of one account.
pub fn score(facts: &AccountFacts, now: NaiveDateTime, cfg: &RiskConfig) -> (Assessment, i64) {
    let a = risk::assess(facts, now, cfg);
    let priority = risk::triage_priority(&a, facts.arr(), facts.days_to_renewal(now.date()));
    (a, priority)
}

/// Recomputes and stores the risk of every account (one transaction). Returns how many.
pub fn recompute_all(store: &mut Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<usize> {
    store.recompute_risk_all(now.date(), |f| score(f, now, cfg))
}

/// Recomputes the cache only if it was computed for another day (or is incomplete).
pub fn ensure_fresh(store: &mut Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<bool> {
    if store.risk_as_of()? == Some(now.date()) {
        return Ok(false);
    }
    recompute_all(store, now, cfg)?;
    Ok(true)
}

/// Recomputes one account after an edit.
pub fn recompute_one(store: &mut Store, id: AccountId, now: NaiveDateTime, cfg: &RiskConfig) -> Result<()> {
    store.recompute_risk_one(id, now.date(), |f| score(f, now, cfg))?;
    Ok(())
}

/// Applies one user edit; the account's risk is recomputed in the same transaction.
pub fn apply(
    store: &mut Store,
    edit: &crate::domain::Edit,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let f = |facts: &AccountFacts| score(facts, now, cfg);
    store.apply(edit, &crate::store::Rescore { as_of: now.date(), score: &f })
}

/// Undoes a change (refused, with nothing written, if its rows changed since). Returns
/// the change with the restored rows at their new versions, for the redo.
pub fn undo(
    store: &mut Store,
    change: &crate::domain::Change,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let f = |facts: &AccountFacts| score(facts, now, cfg);
    store.undo(change, &crate::store::Rescore { as_of: now.date(), score: &f })
}

/// Applies an undone change again (refused, with nothing written, if its rows changed
/// since). Returns the change with the rows at their new versions, for the next undo.
pub fn redo(
    store: &mut Store,
    change: &crate::domain::Change,
    now: NaiveDateTime,
    cfg: &RiskConfig,
) -> Result<crate::domain::Change> {
    let f = |facts: &AccountFacts| score(facts, now, cfg);
    store.redo(change, &crate::store::Rescore { as_of: now.date(), score: &f })
}
