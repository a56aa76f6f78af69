//! The store side of the dashboard: owns a `Store`, carries out `Effect`s and answers with
//! `Msg::Db`. `Worker::handle` is plain synchronous code (tests and benchmarks call it
//! directly); `spawn` runs it on a thread so the UI never waits on SQLite.

mod account_view;
mod agenda;
mod charts;
mod edit;
mod files;
mod find;
#[cfg(test)]
mod read_only_tests;
mod settings_watch;

pub use account_view::{detail_data, marks_of};

pub use settings_watch::SettingsWatch;

use crate::domain::AccountId;
use crate::domain::agenda::StallLimits;
use crate::domain::metrics::RenewalReport;
use crate::domain::owner::OwnerFilter;
use crate::domain::risk::RiskConfig;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::msg::{DetailData, Effect, Mark, Msg, Reply};
use crate::tui::panes::portfolio::model::LoadedRows;
use crate::{refresh, scans};
use chrono::{NaiveDate, NaiveDateTime};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, Sender};

/// Weeks of risk trend shown in the detail pane.
pub const TREND_WEEKS: usize = 12;

pub struct Worker {
    pub store: Store,
    pub now: NaiveDateTime,
    pub cfg: RiskConfig,
    pub lang: Lang,
    /// Last `PRAGMA data_version` seen (live refresh).
    data_version: Option<i64>,
    /// A checked import waiting for the user's yes (`Effect::ApplyImport`).
    /// With it, whether the user mapped columns in the preview (saved after the yes).
    pub(super) pending_import: Option<(crate::interchange::import::ImportPlan, bool)>,
    /// The config's `[import] currency`, for amounts a file gives without one.
    pub import_currency: Option<crate::domain::Currency>,
    /// The locale a currency is proposed from when the config names none.
    pub locale: Option<String>,
    /// The currency the user picked for one file's bare amounts (`PlanImport { currency }`).
    pub(super) picked_currency: Option<(std::path::PathBuf, crate::domain::Currency)>,
    /// Portfolios of at least this many accounts are first shown as a first page.
    pub first_page_from: usize,
    first_page_done: bool,
    /// Team mode: where this worker says which server process it is (the change feed
    /// skips that session's notifications: the dashboard already shows its own commits).
    pub session: Option<Arc<AtomicI32>>,
    /// The settings file the dashboard follows (None: tests, benchmarks).
    pub settings_watch: Option<SettingsWatch>,
    /// The settings file was refused last time it changed (a fix is then said).
    pub(super) settings_refused: bool,
}

/// Rows in the first page of a large portfolio: more than any screen shows.
pub const FIRST_PAGE: usize = 200;
/// From this many accounts on, the first frame shows a first page while the rest loads
/// (below it, the whole portfolio loads in well under 100 ms).
pub const FIRST_PAGE_FROM: usize = 20_000;

impl Worker {
    pub fn new(store: Store, now: NaiveDateTime, cfg: RiskConfig, lang: Lang) -> Worker {
        Worker {
            store,
            now,
            cfg,
            lang,
            data_version: None,
            pending_import: None,
            import_currency: None,
            locale: None,
            picked_currency: None,
            first_page_from: FIRST_PAGE_FROM,
            first_page_done: false,
            session: None,
            settings_watch: None,
            settings_refused: false,
        }
    }

    fn today(&self) -> NaiveDate {
        self.now.date()
    }

    /// Scores are recomputed into the cache only where it can be written: on a read-only
    /// file the write failed and its English error replaced the read-only notice the
    /// dashboard opened with; the scores stay as last saved, as that notice says.
    fn can_rescore(&self) -> bool {
        !self.store.is_read_only()
    }

    /// Carries out one effect; `send` may be called several times (a quick answer first,
    /// then a better one).
    pub fn handle(&mut self, effect: &Effect, send: &mut dyn FnMut(Reply)) {
        let result = match effect {
            Effect::LoadPortfolio => self.portfolio(send),
            Effect::LoadAccounts(ids) => self.accounts(ids, send),
            Effect::LoadDetail(id) => {
                self.detail(*id).map(|d| d.into_iter().for_each(|d| send(Reply::Detail(d))))
            }
            Effect::LoadMarks(ids) => self.marks(ids).map(|m| send(Reply::Marks(m))),
            // A failure answers the form waiting for these contacts (`ContactsFailed`), not
            // any other: a general error must not cancel it.
            Effect::LoadContacts(id) => {
                match self.store.load_facts_parts(
                    *id,
                    crate::store::Parts { contacts: true, ..crate::store::Parts::NONE },
                ) {
                    Ok(f) => send(Reply::Contacts(*id, f.map(|f| f.contacts))),
                    Err(e) => send(Reply::ContactsFailed(*id, e.to_string())),
                }
                Ok(())
            }
            Effect::LoadAgenda { days, owner, generation } => {
                self.agenda(*days, owner.as_deref()).map(|a| send(Reply::Agenda(Box::new(a), *generation)))
            }
            Effect::LoadAgendaOf { ids, days, owner, generation } => self
                .agenda_of(ids, *days, owner.as_deref())
                .map(|a| send(Reply::AgendaPatch(Box::new(a), *generation))),
            Effect::SaveUser(name) => {
                let saved = crate::settings::save_user(name);
                send(Reply::UserSaved(saved.map(|p| p.display().to_string()).map_err(|e| e.to_string())));
                Ok(())
            }
            Effect::SetFxRate(r) => {
                let saved = self.store.set_fx_rate(r).map(|_| *r).map_err(|e| e.to_string());
                send(Reply::FxRateSaved(saved));
                Ok(())
            }
            Effect::LoadByOwner { from, to } => self.by_owner(*from, *to).map(|rows| {
                send(Reply::ByOwner { from: *from, to: *to, rows });
            }),
            Effect::LoadReport { from, to, owner } => {
                self.report(*from, *to, owner.as_deref()).map(|r| send(Reply::Report(Box::new(r))))
            }
            Effect::LoadCharts { owner } => {
                self.charts(owner.as_deref()).map(|c| send(Reply::Charts(Box::new(c))))
            }
            Effect::CheckChanges => self.check_changes(send),
            Effect::UseSettings(s) => {
                self.use_settings(s);
                Ok(())
            }
            Effect::Search(query) => self.search(query, send),
            Effect::Apply { .. } | Effect::Undo(_) | Effect::Redo(_) | Effect::PlanDelete(_) => {
                self.edit(effect, send);
                Ok(())
            }
            Effect::WriteHandover(_)
            | Effect::WriteReview(_)
            | Effect::CompletePath(_)
            | Effect::PlanImport { .. }
            | Effect::ApplyImport => {
                self.files(effect, send);
                Ok(())
            }
            Effect::Quit => Ok(()),
        };
        if let Err(e) = result {
            send(Reply::Error(e));
        }
    }

    fn portfolio(&mut self, send: &mut dyn FnMut(Reply)) -> Result<(), String> {
        let err = |e: crate::store::StoreError| e.to_string();
        let today = self.today();
        self.data_version = self.store.data_version().ok();
        // The first load of a large portfolio starts with the top of the triage order, so
        // the first frame does not wait for every row (see `FIRST_PAGE`).
        if !self.first_page_done {
            self.first_page_done = true;
            let (top, total) = self.store.portfolio_top(today, FIRST_PAGE).map_err(err)?;
            if total >= self.first_page_from && !top.is_empty() && top.len() < total {
                send(Reply::Portfolio(Box::new(LoadedRows::build(top, today, Some(total)))));
            }
        }
        let rows = self.store.portfolio(today).map_err(err)?;
        let empty = rows.is_empty();
        send(Reply::Portfolio(Box::new(LoadedRows::build(rows, today, None))));
        // Scores cached for another day are recomputed after the first answer, so the
        // first frame never waits for a full risk pass.
        if !empty
            && self.can_rescore()
            && refresh::ensure_fresh(&mut self.store, self.now, &self.cfg).map_err(err)?
        {
            let rows = self.store.portfolio(today).map_err(err)?;
            send(Reply::Portfolio(Box::new(LoadedRows::build(rows, today, None))));
            send(Reply::Rescored);
        }
        Ok(())
    }

    /// Some accounts' rows (team mode's live refresh), then, if a score was stale (a write
    /// that did not rescore), again once the cache is current, as `portfolio` does.
    fn accounts(&mut self, ids: &[AccountId], send: &mut dyn FnMut(Reply)) -> Result<(), String> {
        let err = |e: crate::store::StoreError| e.to_string();
        let rows = self.store.portfolio_of(self.today(), ids).map_err(err)?;
        send(Reply::Accounts { ids: ids.to_vec(), rows });
        if self.can_rescore() && refresh::ensure_fresh(&mut self.store, self.now, &self.cfg).map_err(err)? {
            let rows = self.store.portfolio_of(self.today(), ids).map_err(err)?;
            send(Reply::Accounts { ids: ids.to_vec(), rows });
            send(Reply::Rescored);
        }
        Ok(())
    }

    fn detail(&self, id: AccountId) -> Result<Option<Box<DetailData>>, String> {
        let Some(facts) = self.store.load_facts(id).map_err(|e| e.to_string())? else { return Ok(None) };
        Ok(Some(Box::new(detail_data(facts, self.now, &self.cfg, self.lang))))
    }

    fn marks(&self, ids: &[AccountId]) -> Result<Vec<(AccountId, Vec<Mark>)>, String> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let marks = match self.store.load_facts(*id).map_err(|e| e.to_string())? {
                Some(f) => marks_of(&f, self.today()),
                None => Vec::new(),
            };
            out.push((*id, marks));
        }
        Ok(out)
    }

    /// `radar report --by owner` for the metrics view, in the reporting currency.
    fn by_owner(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<scans::OwnerRow>, String> {
        let p = &self.cfg.params;
        let stall =
            StallLimits { p0_days: i64::from(p.p0_stalled_days), p1_days: i64::from(p.p1_stalled_days) };
        scans::report_by_owner(&self.store, (from, to), self.cfg.report_currency, self.now, &self.cfg, stall)
            .map_err(|e| e.to_string())
    }

    /// The renewal report for terms ending in [from, to], in the reporting currency
    /// (`[report] currency`, else the portfolio's main one; other currencies convert at the
    /// file's exchange rates, and those without one are counted apart by `metrics`),
    /// streamed through the store with bands from the risk cache.
    fn report(&self, from: NaiveDate, to: NaiveDate, owner: Option<&str>) -> Result<RenewalReport, String> {
        let owner = owner.map_or_else(OwnerFilter::all, OwnerFilter::named);
        scans::renewal_report(
            &self.store,
            (from, to),
            self.cfg.report_currency,
            self.now,
            &self.cfg,
            scans::Bands::CachedIfFresh,
            &owner,
        )
        .map_err(|e| e.to_string())
    }

    fn check_changes(&mut self, send: &mut dyn FnMut(Reply)) -> Result<(), String> {
        // Settings first: a reload the same tick asks for must use the new ones.
        if let Some(reply) = self.follow_settings() {
            send(reply);
        }
        let v = self.store.data_version().map_err(|e| e.to_string())?;
        if self.data_version.is_some_and(|old| old != v) {
            self.data_version = Some(v);
            send(Reply::Changed);
        }
        // The tick finds the worker idle: the time to fold the WAL, not the next edit's
        // commit. Best effort: a file opened read-only cannot, and nothing is lost then.
        let _ = self.store.checkpoint_idle();
        Ok(())
    }

    /// Runs the worker on its own thread. Queued detail loads are coalesced: while the
    /// user holds `j`, only the account they stop on is loaded.
    pub fn spawn(mut self, effects: Receiver<Effect>, out: Sender<Msg>) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            self.tell_session();
            while let Ok(first) = effects.recv() {
                let mut batch = vec![first];
                batch.extend(effects.try_iter());
                for e in plan_batch(&batch) {
                    if *e == Effect::Quit {
                        return;
                    }
                    let mut send = |r| {
                        let _ = out.send(Msg::Db(r)); // the UI has gone: nothing to tell
                    };
                    self.handle(e, &mut send);
                    // The connection may have been made again (a new server process).
                    self.tell_session();
                }
            }
        })
    }

    fn tell_session(&self) {
        if let Some(s) = &self.session {
            s.store(self.store.team_session().unwrap_or(0), Ordering::Relaxed);
        }
    }
}

/// What to carry out of a batch of queued effects, in order:
/// - of several detail loads, only the last (while the user holds `j`, only the account
///   they stop on is loaded);
/// - a load asked for again later in the batch is done once, there (a burst of live
///   refreshes costs one report, not one per write);
/// - when the batch holds `Quit`, only what writes is still done, then `Quit`.
pub fn plan_batch(batch: &[Effect]) -> Vec<&Effect> {
    let last_detail = batch.iter().rposition(|e| matches!(e, Effect::LoadDetail(_)));
    // Of several searches typed ahead of the worker, only the last is still wanted.
    let last_search = batch.iter().rposition(|e| matches!(e, Effect::Search(_)));
    let quitting = batch.contains(&Effect::Quit);
    batch
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            let stale_detail = matches!(e, Effect::LoadDetail(_)) && Some(*i) != last_detail
                || matches!(e, Effect::Search(_)) && Some(*i) != last_search;
            let again_later = is_reload(e) && batch[i + 1..].iter().any(|later| same_load(e, later));
            !stale_detail && !again_later && (!quitting || e.writes())
        })
        .map(|(_, e)| e)
        .collect()
}

/// The same load asked again (an agenda's generation aside: the later one is the newer).
fn same_load(a: &Effect, b: &Effect) -> bool {
    match (a, b) {
        (Effect::LoadAgenda { days: x, .. }, Effect::LoadAgenda { days: y, .. }) => x == y,
        _ => a == b,
    }
}

/// Loads whose answer only depends on the file's state when they run.
fn is_reload(e: &Effect) -> bool {
    matches!(
        e,
        Effect::LoadPortfolio
            | Effect::LoadAgenda { .. }
            | Effect::LoadReport { .. }
            | Effect::LoadCharts { .. }
            | Effect::LoadByOwner { .. }
            | Effect::CheckChanges
    )
}
