//! The gate before a command answers from the risk cache (`triage`, `report`; issue 19):
//! current scores are used as they are; otherwise the command says why on stderr and
//! recomputes first (only the changed accounts when that is all), or, with
//! `--no-recompute`, answers from the stale scores and labels its output stale. Never
//! silently stale.

use super::{CliError, Context, open_store_for_reading};
use crate::domain::risk::RiskConfig;
use crate::i18n::{Lang, t, tf};
use crate::refresh;
use crate::store::{CacheState, Store, StoreError};

/// How the command answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// From the cache, current for today and these settings.
    Cached,
    /// From the cache although it is not current (`--no-recompute`): the label says why.
    Stale(String),
    /// Scored now, without the cache: it was not current and the file cannot be written.
    Computed,
}

/// Opens the portfolio and brings its risk cache up to date for `cfg` unless told not to.
pub(crate) fn open_current(
    ctx: &Context,
    cfg: &RiskConfig,
    no_recompute: bool,
) -> Result<(Store, Answer), CliError> {
    let mut store = open_store_for_reading(ctx)?;
    let answer = make_current(ctx, &mut store, cfg, no_recompute)?;
    Ok((store, answer))
}

/// `open_current` on a store already open.
pub(crate) fn make_current(
    ctx: &Context,
    store: &mut Store,
    cfg: &RiskConfig,
    no_recompute: bool,
) -> Result<Answer, CliError> {
    let state = refresh::cache_state(store, ctx.now, cfg)?;
    if state.is_current() {
        return Ok(Answer::Cached);
    }
    let why = why(ctx.lang, &state);
    if no_recompute {
        eprintln!("{}", tf(ctx.lang, "cli.cache.stale", &[("why", &why)]));
        return Ok(Answer::Stale(why));
    }
    eprintln!("{}", tf(ctx.lang, "cli.cache.recomputing", &[("why", &why)]));
    match refresh::make_current(store, ctx.now, cfg, &state) {
        Ok(_) => Ok(Answer::Cached),
        Err(StoreError::ReadOnly) => {
            eprintln!("{}", t(ctx.lang, "cli.cache.read_only"));
            Ok(Answer::Computed)
        }
        Err(e) => Err(e.into()),
    }
}

/// Why the cache is not current, in words.
fn why(lang: Lang, state: &CacheState) -> String {
    match state {
        CacheState::Current => String::new(),
        CacheState::Outdated { as_of: Some(day), .. } => {
            tf(lang, "cli.cache.other_day", &[("day", &day.format("%Y-%m-%d").to_string())])
        }
        CacheState::Outdated { as_of: None, rules_differ: true } => t(lang, "cli.cache.other_rules"),
        CacheState::Outdated { as_of: None, rules_differ: false } => t(lang, "cli.cache.none"),
        // "…was scored: 180: recomputing them first" read as a list of colons (helper's
        // trial, session 34): the count first.
        CacheState::Changed { accounts: 1 } => tf(lang, "cli.cache.changed_one", &[]),
        CacheState::Changed { accounts } => tf(lang, "cli.cache.changed", &[("n", &accounts.to_string())]),
    }
}
