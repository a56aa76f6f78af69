//! Whole-portfolio answers computed by streaming the store one account at a time
//! (`Store::scan_facts`): the renewal report, the agenda, the triage list and the
//! reference-account candidates. The CLI and
//! the dashboard's scan worker share them, so either holds one account's facts in memory
//! at a time instead of a whole 100k portfolio (3.9M rows, over 500 MB).

use crate::domain::AccountFacts;
use crate::domain::AccountId;
use crate::domain::Currency;
use crate::domain::agenda::{AgendaItem, AgendaStatus, StallLimits, account_agenda, sort_agenda_by};
use crate::domain::capacity::Book;
use crate::domain::metrics::{RenewalReport, ReportBuilder, ReportPeriod};
use crate::domain::money::Converter;
use crate::domain::owner::OwnerFilter;
use crate::domain::owner::owner_key;
use crate::domain::risk::{self, Assessment, Band, RiskConfig};
use crate::refresh;
use crate::store::{Parts, Result, Store};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// Where the report takes pending renewals' risk bands from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bands {
    /// Assessed now with the given rules (the CLI: the config may have changed).
    Assess,
    /// From the risk cache when it is current (`Store::risk_cache_state`), else assessed
    /// (the dashboard, whose cache is kept fresh): then only terms and usage need to be read.
    CachedIfFresh,
}

/// The renewal report for terms ending in [from, to], in `currency` (default: the one most
/// accounts are billed in), over the accounts of `owner`.
pub fn renewal_report(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    currency: Option<Currency>,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    bands: Bands,
    owner: &OwnerFilter,
) -> Result<RenewalReport> {
    let period = report_period(store, (from, to), currency, now)?;
    let fx = store.converter(Some(period.currency))?;
    let mut b = ReportBuilder::new(&period).forecast_weights(cfg.forecast).rates(&fx);
    scan_for_report(store, now, cfg, bands, Parts::NONE, |f, band| {
        if owner.covers_account(&f.account) {
            b.add(f, band);
        }
    })?;
    Ok(b.finish())
}

pub(crate) fn report_period(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    currency: Option<Currency>,
    now: NaiveDateTime,
) -> Result<ReportPeriod> {
    let currency = match currency {
        Some(c) => c,
        None => store.main_currency()?.unwrap_or(Currency::CNY),
    };
    Ok(ReportPeriod { from, to, today: now.date(), currency })
}

/// Streams every account with a way to get its band (cached when fresh, else assessed),
/// reading at least `extra` besides what the report needs.
fn scan_for_report(
    store: &Store,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    bands: Bands,
    extra: Parts,
    mut each: impl FnMut(&AccountFacts, &mut dyn FnMut() -> Band),
) -> Result<()> {
    let fresh = bands == Bands::CachedIfFresh
        && store.risk_cache_state(now.date(), &crate::refresh::current_stamp(store, cfg)?)?.is_current();
    if fresh {
        let cached = store.cached_bands()?;
        let parts = Parts { terms: true, usage: true, ..extra };
        store.scan_facts(parts, |f| {
            each(&f, &mut || cached.get(&f.account.id).copied().unwrap_or(Band::Healthy));
            Ok(())
        })?;
    } else {
        store.scan_facts(Parts::SCORING, |f| {
            each(&f, &mut || risk::assess(&f, now, cfg).band);
            Ok(())
        })?;
    }
    Ok(())
}

/// One CSM's row of `report --by owner`.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerRow {
    /// The owner as written on their first account ("" for accounts with no owner).
    pub owner: String,
    pub report: RenewalReport,
    /// Agenda items overdue today across their accounts.
    pub overdue_items: u32,
    /// Their book (open terms' ARR in the reporting currency, accounts per tier), read
    /// against `[report] capacity`.
    pub book: crate::domain::capacity::Book,
    /// `[report] capacity`: whole units of the report's currency.
    pub capacity: i64,
}

/// The renewal report per account owner (by `owner_key`, in its order), with each owner's
/// overdue agenda items.
pub fn report_by_owner(
    store: &Store,
    (from, to): (NaiveDate, NaiveDate),
    currency: Option<Currency>,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    stall: StallLimits,
) -> Result<Vec<OwnerRow>> {
    let period = report_period(store, (from, to), currency, now)?;
    let fx = store.converter(Some(period.currency))?;
    let mut rows: BTreeMap<String, (String, ReportBuilder, u32, Book)> = BTreeMap::new();
    scan_for_report(store, now, cfg, Bands::Assess, Parts::SCORING, |f, band| {
        let (_, b, overdue, book) = rows.entry(owner_key(&f.account.owner)).or_insert_with(|| {
            (
                f.account.owner.clone(),
                ReportBuilder::new(&period).forecast_weights(cfg.forecast).rates(&fx),
                0,
                Book::default(),
            )
        });
        book.add(f, &fx);
        b.add(f, band);
        let items = account_agenda(f, now, 0, stall);
        *overdue += items.iter().filter(|i| i.status == AgendaStatus::Overdue).count() as u32;
    })?;
    Ok(rows
        .into_values()
        .map(|(owner, b, overdue_items, book)| OwnerRow {
            owner,
            report: b.finish(),
            overdue_items,
            book,
            capacity: cfg.capacity.unwrap_or(crate::domain::capacity::DEFAULT_CAPACITY),
        })
        .collect())
}

/// One agenda item with the account it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaEntry {
    pub item: AgendaItem,
    pub name: String,
    pub external_id: Option<String>,
    /// Who owns the account (`[user] name` decides what "mine" is).
    pub owner: String,
}

/// The whole portfolio's agenda from `now` up to `days` ahead, in the agenda's order:
/// read from the accounts that may have an item (`Store::scan_agenda_facts`, found by
/// indexed SQL), not from every account's facts. It reads no risk score, so it is exact
/// whatever the state of the risk cache.
pub fn agenda(
    store: &Store,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
    owner: &OwnerFilter,
) -> Result<Vec<AgendaEntry>> {
    agenda_made(store, now, days, stall, owner, entry, |e| &e.item)
}

fn entry(item: AgendaItem, name: &str, external_id: Option<&str>, owner: &str) -> AgendaEntry {
    AgendaEntry {
        item,
        name: name.to_string(),
        external_id: external_id.map(str::to_string),
        owner: owner.to_string(),
    }
}

/// `agenda`, each item made into the caller's row by `make` (item, account name, external
/// id, owner) as it is read out: the dashboard's 158k rows at 100k are then one array, not
/// also an array of `AgendaEntry` before them (issue 19, the dashboard's peak memory).
pub fn agenda_made<T>(
    store: &Store,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
    owner: &OwnerFilter,
    make: impl FnMut(AgendaItem, &str, Option<&str>, &str) -> T,
    item: impl Fn(&T) -> &AgendaItem,
) -> Result<Vec<T>> {
    let horizon = now.date() + chrono::Duration::days(days.max(0));
    agenda_of(
        store,
        now,
        days,
        stall,
        owner,
        |each| store.scan_agenda_facts(now, horizon, owner, each),
        make,
        item,
    )
}

/// `agenda_made` of the accounts an edit changed (`ids`) and of those a win-back item may
/// come from (`Store::scan_agenda_facts_of`), with the accounts read: the caller replaces
/// their rows. After an item is worked, at 100k, this reads a few accounts instead of
/// every one of the owner's.
#[allow(clippy::too_many_arguments)]
pub fn agenda_made_of<T>(
    store: &Store,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
    owner: &OwnerFilter,
    ids: &[AccountId],
    make: impl FnMut(AgendaItem, &str, Option<&str>, &str) -> T,
    item: impl Fn(&T) -> &AgendaItem,
) -> Result<(Vec<T>, Vec<AccountId>)> {
    let horizon = now.date() + chrono::Duration::days(days.max(0));
    let mut covered = Vec::new();
    let rows = agenda_of(
        store,
        now,
        days,
        stall,
        owner,
        |each| {
            covered = store.scan_agenda_facts_of(now, horizon, ids, each)?;
            Ok(covered.len())
        },
        make,
        item,
    )?;
    Ok((rows, covered))
}

/// `agenda` computed from every account's facts: the reference the indexed answer is
/// held to (tests, and the benchmark's before).
#[doc(hidden)]
pub fn agenda_full_scan(
    store: &Store,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
    owner: &OwnerFilter,
) -> Result<Vec<AgendaEntry>> {
    let scan =
        |each: &mut dyn FnMut(AccountFacts) -> Result<()>| store.scan_facts(crate::store::AGENDA_PARTS, each);
    agenda_of(store, now, days, stall, owner, scan, entry, |e| &e.item)
}

/// The agenda of the accounts `scan` hands out (in id order), in the agenda's order, each
/// item made a row by `make` as its account is read (no array of items before the rows);
/// `item` finds a row's item again, for the order.
#[allow(clippy::too_many_arguments)]
fn agenda_of<T>(
    store: &Store,
    now: NaiveDateTime,
    days: i64,
    stall: StallLimits,
    owner: &OwnerFilter,
    scan: impl FnOnce(&mut dyn FnMut(AccountFacts) -> Result<()>) -> Result<usize>,
    mut make: impl FnMut(AgendaItem, &str, Option<&str>, &str) -> T,
    item: impl Fn(&T) -> &AgendaItem,
) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    // Win-back: what the book has delivered, for the churned accounts that named it. Read
    // at the first churned account (a whole-book query: most agendas meet none).
    let mut deliveries = None;
    let horizon = now.date() + chrono::Duration::days(days.max(0));
    scan(&mut |f| {
        if !owner.covers_account(&f.account) {
            return Ok(());
        }
        let mut mine = account_agenda(&f, now, days, stall);
        let churned = matches!(
            f.terms.last().and_then(|t| t.outcome.as_ref()),
            Some(crate::domain::TermOutcome::Churned { .. })
        );
        if churned && deliveries.is_none() {
            let fixed = store.fixed_reasons()?.into_iter().map(|f| (f.reason, f.fixed_on));
            deliveries = Some(store.deliveries()?.with_fixed(fixed));
        }
        if let Some(c) = deliveries
            .as_ref()
            .and_then(|d| crate::domain::winback::candidate(&f, d))
            .filter(|c| c.since <= horizon)
        {
            mine.extend(crate::domain::agenda::win_back_item(&f, &c, now.date()));
        }
        let a = &f.account;
        rows.extend(mine.into_iter().map(|i| make(i, &a.name, a.external_id.as_deref(), &a.owner)));
        Ok(())
    })?;
    sort_agenda_by(&mut rows, item);
    Ok(rows)
}

/// One account in the triage list.
#[derive(Debug, Clone)]
pub struct TriageEntry {
    pub name: String,
    pub external_id: Option<String>,
    pub assessment: Assessment,
    pub priority: i64,
    /// The ARR as stored (its own currency).
    pub arr: crate::domain::Money,
    /// The ARR in the reporting currency, at the rate in force on the renewal date; None
    /// when there is no rate (then the priority weighs it in its own currency).
    pub arr_converted: Option<crate::domain::Money>,
    /// The CSM's call (the account's forecast), beside the score it may disagree with.
    pub forecast: Option<crate::domain::Forecast>,
    /// It has a contract term (a CRM's companies import brings accounts without one: not
    /// scored for renewal, as the dashboard says, never "healthy").
    pub has_contract: bool,
}

/// Every account not churned, scored now, by triage priority (then score, then those with
/// a contract before those without, then name).
pub fn triage(
    store: &Store,
    now: NaiveDateTime,
    cfg: &RiskConfig,
    owner: &OwnerFilter,
    fx: &Converter,
) -> Result<Vec<TriageEntry>> {
    let mut out = Vec::new();
    store.scan_facts(Parts::SCORING, |f| {
        if owner.covers_account(&f.account) && !risk::is_churned(&f, now.date()) {
            let (assessment, priority) = refresh::score_fx(&f, now, cfg, fx);
            let arr = f.arr();
            let weighed = refresh::weighed_arr(&f, now, fx);
            out.push(TriageEntry {
                name: f.account.name,
                external_id: f.account.external_id,
                assessment,
                priority,
                arr,
                arr_converted: (weighed.currency == fx.target()).then_some(weighed),
                forecast: f.account.forecast,
                has_contract: !f.terms.is_empty(),
            });
        }
        Ok(())
    })?;
    out.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(b.assessment.score.cmp(&a.assessment.score))
            .then(b.has_contract.cmp(&a.has_contract))
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
    /// Its stage, when the CSM has made it a reference account, and since when.
    pub stage: Option<crate::domain::ReferenceStage>,
    pub since: Option<chrono::NaiveDate>,
}

/// The reference-account candidates (`domain::reference`) and the accounts already made
/// references (candidates or not: a reference stays one until the CSM ends it), by name;
/// every account not churned is scored now for its band.
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
        let a = f.account;
        if verdict.is_candidate() || a.reference.is_some() {
            let (stage, since) = (a.reference, a.reference_since);
            out.push(ReferenceEntry { name: a.name, external_id: a.external_id, verdict, stage, since });
        }
        Ok(())
    })?;
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
