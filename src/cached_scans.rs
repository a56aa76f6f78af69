//! The answers of `scans` read from the risk cache when it is current (issue 19): the
//! triage list walks the cached order and loads only the accounts it prints; the renewal
//! report adds up the accounts' cached rate shares and reads only the terms due in its
//! period or soon, with their cached bands. The figures
//! are the domain's own (`risk`, `ReportBuilder`), fed from the cache; tests check they
//! equal the answers computed from scratch.

use crate::domain::metrics::{DUE_WINDOWS, RateSums, RenewalReport, ReportBuilder, ReportPeriod};
use crate::domain::money::Converter;
use crate::domain::owner::OwnerFilter;
use crate::domain::risk::{self, Band, RiskConfig};
use crate::domain::{AccountId, ContractTerm, Currency, Forecast};
use crate::refresh;
use crate::scans::{TriageEntry, report_period};
use crate::store::{Parts, Result, Store};
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// What a cached triage row reads of an account's facts: its terms (churn, ARR) and what
/// its data gaps read (`risk::assess_cached`). Leaving promises, requirements, complaints
/// and touchpoints out reads 40% fewer pages for `triage --limit 20` at 100k.
const GAP_PARTS: Parts = Parts { terms: true, contacts: true, usage: true, milestones: true, ..Parts::NONE };

/// `scans::triage` from the cache: the first `limit` accounts not churned of `owner`, in
/// the cached triage order, with the cached score, band, reasons and priority. What the
/// cache does not keep (the data gaps, the ARR converted) comes from the facts of the
/// accounts printed, scored by the same rules.
pub fn triage(
    store: &Store,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    owner: &OwnerFilter,
    limit: usize,
    fx: &Converter,
) -> Result<Vec<TriageEntry>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    store.walk_triage_order(
        GAP_PARTS,
        |id, o| owner.covers(o, id),
        |cached, f| {
            if risk::is_churned(&f, now.date()) {
                return Ok(true);
            }
            let assessment = risk::assess_cached(&f, now, cfg, (cached.score, cached.band, cached.reasons));
            let weighed = refresh::weighed_arr(&f, now, fx);
            out.push(TriageEntry {
                arr: f.arr(),
                arr_converted: (weighed.currency == fx.target()).then_some(weighed),
                forecast: f.account.forecast,
                has_contract: !f.terms.is_empty(),
                name: f.account.name,
                external_id: f.account.external_id,
                assessment,
                priority: cached.priority,
            });
            Ok(out.len() < limit)
        },
    )?;
    Ok(out)
}

/// `scans::renewal_report` from the cache. When the report's portfolio rates are as of
/// today and every account's cached share is current, it adds up the cached shares and
/// reads only the terms a figure can come from (ending in the period, or in the next
/// `DUE_WINDOWS` days); otherwise every account's terms and latest usage with its cached
/// band. Either way the figures are `ReportBuilder`'s.
pub fn renewal_report(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    currency: Option<Currency>,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    owner: &OwnerFilter,
) -> Result<RenewalReport> {
    let period = report_period(store, (from, to), currency, now)?;
    let fx = store.converter(Some(period.currency))?;
    let mut b = ReportBuilder::new(&period).forecast_weights(cfg.forecast).rates(&fx);
    // The cached shares are summed by owner name: an account covered by id (co-owned)
    // has its share in its owner's sum, so such a filter reads the facts.
    let by_name = owner.accounts().is_empty();
    if by_name && period.to >= period.today && from_cache(store, &period, owner, &mut b)? {
        return Ok(b.finish());
    }
    store.scan_report_inputs(period.to.min(period.today), |f, band| {
        if owner.covers_account(&f.account) {
            b.add(f, || band);
        }
        Ok(())
    })?;
    Ok(b.finish())
}

/// The report's inputs from the cached shares and the terms by their end; false (nothing
/// added) when the cache has no current share for some account.
fn from_cache(
    store: &Store,
    period: &ReportPeriod,
    owner: &OwnerFilter,
    b: &mut ReportBuilder,
) -> Result<bool> {
    let today = period.today;
    let soon = today + Duration::days(DUE_WINDOWS.iter().copied().max().unwrap_or(0));
    let mut sums = RateSums::default();
    // The terms of one account at a time: its forecast and band go with them.
    let mut group: Option<(AccountId, Option<Forecast>, Band)> = None;
    let mut terms: Vec<ContractTerm> = Vec::new();
    let done = store.report_from_cache(
        today,
        [(period.from, period.to), (today, soon)],
        |o, s| {
            if owner.matches_name(o) {
                sums.add(s);
            }
        },
        |t| {
            if !owner.covers(&t.owner, t.term.account_id) {
                return Ok(());
            }
            if group.is_some_and(|(id, ..)| id != t.term.account_id) {
                if let Some((_, forecast, band)) = group.take() {
                    b.add_terms(forecast, &terms, || band);
                }
                terms.clear();
            }
            group = Some((t.term.account_id, t.forecast, t.band.unwrap_or(Band::Healthy)));
            terms.push(t.term);
            Ok(())
        },
    )?;
    if !done {
        return Ok(false);
    }
    if let Some((_, forecast, band)) = group {
        b.add_terms(forecast, &terms, || band);
    }
    b.add_shares(&sums);
    Ok(true)
}
