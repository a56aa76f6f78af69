//! Whole-portfolio answers computed by streaming the store one account at a time
//! (`Store::scan_facts`): the renewal report, the agenda, the triage list and the
//! reference-account candidates. The CLI and
//! the dashboard's scan worker share them, so either holds one account's facts in memory
//! at a time instead of a whole 100k portfolio (3.9M rows, over 500 MB).

use crate::domain::agenda::{AgendaItem, StallLimits, account_agenda, sort_agenda};
use crate::domain::metrics::{RenewalReport, ReportBuilder, ReportPeriod};
use crate::domain::risk::{self, Assessment, Band, RiskConfig};
use crate::domain::{AccountId, Currency};
use crate::refresh;
use crate::store::{Parts, Result, Store};
use chrono::{NaiveDate, NaiveDateTime};

/// Where the report takes pending renewals' risk bands from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bands {
    /// Assessed now with the given rules (the CLI: the config may have changed).
    Assess,
    /// From the risk cache when it is complete for today, else assessed (the dashboard,
    /// whose cache is kept fresh): then only terms and usage need to be read.
    CachedIfFresh,
}

/// The renewal report for terms ending in [from, to], in `currency` (default: the one most
/// accounts are billed in).
pub fn renewal_report(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    currency: Option<Currency>,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    bands: Bands,
) -> Result<RenewalReport> {
    let currency = match currency {
        Some(c) => c,
        None => store.main_currency()?.unwrap_or(Currency::CNY),
    };
    let mut b = ReportBuilder::new(&ReportPeriod { from, to, today: now.date(), currency });
    let fresh = bands == Bands::CachedIfFresh && store.risk_as_of()? == Some(now.date());
    if fresh {
        let cached = store.cached_bands()?;
        let parts = Parts { terms: true, usage: true, ..Parts::NONE };
        store.scan_facts(parts, |f| {
            b.add(&f, || cached.get(&f.account.id).copied().unwrap_or(Band::Healthy));
            Ok(())
        })?;
    } else {
        store.scan_facts(Parts::SCORING, |f| {
            b.add(&f, || risk::assess(&f, now, cfg).band);
            Ok(())
        })?;
    }
    Ok(b.finish())
}

/// One agenda item with the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaEntry {
    pub item: AgendaItem,
    pub name: String,
    pub external_id: Option<String>,
}

/// The whole portfolio's agenda from `now` up to `days` ahead, in the agenda's order.
pub fn agenda(store: &Store, now: NaiveDateTime, days: i64, stall: StallLimits) -> Result<Vec<AgendaEntry>> {
    // What `account_agenda` looks at: terms (churned?) and the dated commitments.
    let parts = Parts {
        terms: true,
        promises: true,
        requirements: true,
        complaints: true,
        milestones: true,
        ..Parts::NONE
    };
    let mut items = Vec::new();
    let mut names: Vec<(AccountId, String, Option<String>)> = Vec::new();
    store.scan_facts(parts, |f| {
        let mine = account_agenda(&f, now, days, stall);
        if !mine.is_empty() {
            items.extend(mine);
            names.push((f.account.id, f.account.name, f.account.external_id));
        }
        Ok(())
    })?;
    sort_agenda(&mut items);
    // `names` is in id order (the scan's): found by binary search.
    Ok(items
        .into_iter()
        .map(|item| {
            let (name, external_id) = names
                .binary_search_by_key(&item.account_id, |n| n.0)
                .map_or((String::new(), None), |i| (names[i].1.clone(), names[i].2.clone()));
            AgendaEntry { item, name, external_id }
        })
        .collect())
}

/// One account in the triage list.
#[derive(Debug, Clone)]
pub struct TriageEntry {
    pub name: String,
    pub external_id: Option<String>,
    pub assessment: Assessment,
    pub priority: i64,
}

/// Every account not churned, scored now, by triage priority (then score, then name).
pub fn triage(store: &Store, now: NaiveDateTime, cfg: &RiskConfig) -> Result<Vec<TriageEntry>> {
    let mut out = Vec::new();
    store.scan_facts(Parts::SCORING, |f| {
        if !risk::is_churned(&f, now.date()) {
            let (assessment, priority) = refresh::score(&f, now, cfg);
            out.push(TriageEntry {
                name: f.account.name,
                external_id: f.account.external_id,
                assessment,
                priority,
            });
        }
        Ok(())
    })?;
    out.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(b.assessment.score.cmp(&a.assessment.score))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

/// One account the reference rule was applied to.
#[derive(Debug, Clone)]
pub struct ReferenceEntry {
    pub name: String,
    pub external_id: Option<String>,
    pub verdict: crate::domain::reference::Verdict,
}

/// The reference-account candidates (`domain::reference`), by name: every account not
/// churned, scored now for its band.
pub fn references(
    store: &Store,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    rule: &crate::domain::reference::ReferenceRule,
) -> Result<Vec<ReferenceEntry>> {
    let mut out = Vec::new();
    store.scan_facts(Parts::SCORING, |f| {
        let band = (!risk::is_churned(&f, now.date())).then(|| refresh::score(&f, now, cfg).0.band);
        let verdict = crate::domain::reference::evaluate(&f, band, now.date(), rule);
        if verdict.is_candidate() {
            out.push(ReferenceEntry { name: f.account.name, external_id: f.account.external_id, verdict });
        }
        Ok(())
    })?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
