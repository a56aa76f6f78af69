//! The reports the dashboard shows (the status bar's quarter, the metrics view): which
//! owner they are for, asking the store worker for them, and the exchange rates that
//! change every converted total.

use crate::tui::app::App;
use crate::tui::msg::Effect;

impl App {
    /// The owner the dashboard is filtered to (the portfolio's owner filter), if any: the
    /// status bar and the metrics view report on that owner's accounts.
    pub(crate) fn report_owner(&self) -> Option<String> {
        self.portfolio.model.filters.owner.clone()
    }

    /// The owner filter changed: the reports are that owner's now.
    pub(super) fn owner_changed(&mut self, fx: &mut Vec<Effect>) {
        self.quarter_report = None;
        self.metrics.report = None;
        self.metrics.charts = None;
        self.metrics.owner = self.report_owner();
        let (from, to) = crate::tui::panes::metrics::Quarter::of(self.ui.today).range();
        fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
        self.request_metrics(fx);
    }

    /// The exchange-rate form, into the reporting currency of the report on screen.
    pub(super) fn open_fx_form(&mut self) {
        let base = self.metrics.report.as_ref().or(self.quarter_report.as_ref()).map(|r| r.currency);
        let form = crate::tui::forms::fx::open(&self.ui, base.unwrap_or(crate::domain::Currency::CNY));
        self.open(crate::tui::modals::Modal::Form(Box::new(form)));
    }

    /// A rate was saved: every total converts anew (and triage reweighs), so reload all.
    pub(crate) fn fx_rate_saved(
        &mut self,
        saved: Result<crate::domain::money::FxRate, String>,
        fx: &mut Vec<Effect>,
    ) {
        match saved {
            Ok(r) => {
                if let Some(crate::tui::modals::Modal::Form(f)) = self.modals.last()
                    && f.kind == crate::tui::forms::FormKind::FxRate
                {
                    self.modals.pop();
                }
                let vars = [
                    ("currency", r.currency.code().to_string()),
                    ("rate", r.rate.to_string()),
                    ("base", r.base.code().to_string()),
                    ("from", r.from.to_string()),
                ];
                let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                self.say(self.ui.tf("cli.fx.set", &vars), true);
                self.metrics.report = None;
                self.metrics.by_owner = None;
                self.quarter_report = None;
                self.reload(fx);
                self.request_metrics(fx);
            }
            Err(e) => self.say(e, false),
        }
    }

    pub(super) fn request_metrics(&mut self, fx: &mut Vec<Effect>) {
        if self.metrics.charts.is_none() {
            fx.push(Effect::LoadCharts { owner: self.report_owner() });
        }
        if self.metrics.by_owner.is_none() {
            let (from, to) = self.metrics.quarter.range();
            fx.push(Effect::LoadByOwner { from, to });
        }
        if self.metrics.report.is_none() {
            let (from, to) = self.metrics.quarter.range();
            fx.push(Effect::LoadReport { from, to, owner: self.report_owner() });
        }
    }
}
