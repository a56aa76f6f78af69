//! Team mode's live refresh of the accounts another session changed (issue 18 item 4):
//! only their rows and the open detail are read again. What sums the whole book is read
//! again by the other worker (the status bar's quarter, always shown; the agenda and the
//! metrics view when on screen) or dropped and read when next shown. No I/O here.

use crate::domain::AccountId;
use crate::store::PortfolioRow;
use crate::tui::app::{App, View};
use crate::tui::msg::Effect;
use crate::tui::panes::metrics::Quarter;

impl App {
    /// The change feed named these accounts, or an edit of ours changed one.
    pub(crate) fn reload_accounts(&mut self, ids: Vec<AccountId>, fx: &mut Vec<Effect>) {
        // A first page is still being followed by the whole list: patching a page would
        // add accounts below its cut. Reload all, as before there were names.
        if !self.portfolio.loaded || self.portfolio.model.partial_of().is_some() {
            self.reload(fx);
            return;
        }
        let detail = self.detail.wanted.filter(|id| ids.contains(id));
        self.timeline.forget(&ids);
        fx.push(Effect::LoadAccounts(ids.clone()));
        if let Some(id) = detail {
            fx.push(Effect::LoadDetail(id));
        }
        // The agenda first when it is on screen: the same worker then reads the report.
        if self.view == View::Agenda {
            self.reload_agenda_of(ids, fx);
        } else {
            self.agenda.data = None;
        }
        let (from, to) = Quarter::of(self.ui.today).range();
        fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
        if self.view == View::Metrics {
            fx.push(Effect::LoadCharts { owner: self.report_owner() });
            let (from, to) = self.metrics.quarter.range();
            fx.push(Effect::LoadByOwner { from, to });
            if self.metrics.quarter != Quarter::of(self.ui.today) {
                fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
            }
        } else {
            // Read again when the metrics view is next opened (`request_metrics`).
            self.metrics.charts = None;
            self.metrics.by_owner = None;
            self.metrics.report = None;
        }
    }

    /// Their rows arrived: patch the list, keeping sort, filters, search and selection.
    pub(crate) fn accounts_loaded(
        &mut self,
        ids: &[AccountId],
        rows: Vec<PortfolioRow>,
        fx: &mut Vec<Effect>,
    ) {
        self.portfolio.patch(ids, rows);
        // After an edit of ours (a new account, an undo): show that account.
        if let Some(id) = self.history.select.take() {
            self.jump_to(id);
        }
        self.after_select(fx);
    }
}
