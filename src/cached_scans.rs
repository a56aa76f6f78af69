//! The answers of `scans` read from the risk cache when it is current (issue 19): the
//! triage list walks the cached order and loads only the accounts it prints; the renewal
//! report reads each account's terms and latest usage with its cached band. The figures
//! are the domain's own (`risk`, `ReportBuilder`), fed from the cache; tests check they
//! equal the answers computed from scratch.

use crate::domain::Currency;
use crate::domain::metrics::{RenewalReport, ReportBuilder};
use crate::domain::owner::OwnerFilter;
use crate::domain::risk::{self, RiskConfig};
use crate::refresh;
use crate::scans::{TriageEntry, report_period};
use crate::store::{Parts, Result, Store};
use chrono::{NaiveDate, NaiveDateTime};

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
) -> Result<Vec<TriageEntry>> {
    let mut out = Vec::new();
    if limit == 0 {
        return Ok(out);
    }
    let fx = store.converter(cfg.report_currency)?;
    store.walk_triage_order(
        Parts::SCORING,
        |o| owner.matches(o),
        |cached, f| {
            if risk::is_churned(&f, now.date()) {
                return Ok(true);
            }
            let mut assessment = risk::assess(&f, now, cfg);
            assessment.score = cached.score;
            assessment.band = cached.band;
            assessment.reasons = cached.reasons;
            let weighed = refresh::weighed_arr(&f, now, &fx);
            out.push(TriageEntry {
                arr: f.arr(),
                arr_converted: (weighed.currency == fx.target()).then_some(weighed),
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

/// `scans::renewal_report` from the cache: every account's terms and latest usage with
/// its cached band.
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
    store.scan_report_inputs(period.to.min(period.today), |f, band| {
        if owner.matches(&f.account.owner) {
            b.add(f, || band);
        }
        Ok(())
    })?;
    Ok(b.finish())
}
