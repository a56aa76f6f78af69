//! `Effect::LoadCharts`: the metrics view's pictures and calibration, in one pass over
//! the portfolio (one account's facts in memory at a time), of one owner's accounts when
//! the dashboard is filtered to them (as the metrics report beside them).

use super::Worker;
use crate::domain::Currency;
use crate::domain::calibrate::{self, Skipped};
use crate::domain::charts::{BandBook, DueByMonth, QuarterRates};
use crate::domain::metrics::{ReportBuilder, ReportPeriod};
use crate::domain::owner::OwnerFilter;
use crate::domain::risk;
use crate::store::Parts;
use crate::tui::panes::metrics::Quarter;
use crate::tui::panes::metrics_charts::{ChartsData, MONTHS, QUARTERS};

impl Worker {
    pub(super) fn charts(&self, owner: Option<&str>) -> Result<ChartsData, String> {
        let filter = owner.map_or_else(OwnerFilter::all, OwnerFilter::named);
        let (today, now, cfg) = (self.today(), self.now, &self.cfg);
        let s = &self.store;
        // The report's currency and exchange rates, so each quarter's bars say what
        // `radar report` says for it.
        let currency = match cfg.report_currency {
            Some(c) => c,
            None => s.main_currency().map_err(|e| e.to_string())?.unwrap_or(Currency::CNY),
        };
        let fx = s.converter(Some(currency)).map_err(|e| e.to_string())?;
        // Bands from the risk cache when it is complete for today (the dashboard keeps it
        // fresh), else assessed.
        let cached = if s.risk_as_of().map_err(|e| e.to_string())? == Some(today) {
            Some(s.cached_bands().map_err(|e| e.to_string())?)
        } else {
            None
        };
        let this = Quarter::of(today);
        let quarters: Vec<Quarter> = (0..QUARTERS).rev().map(|back| this.shift(-(back as i32))).collect();
        let mut builders: Vec<ReportBuilder> = quarters
            .iter()
            .map(|q| {
                let (from, to) = q.range();
                ReportBuilder::new(&ReportPeriod { from, to, today, currency }).rates(&fx)
            })
            .collect();
        let mut due = DueByMonth::new(today, MONTHS);
        let mut book = BandBook::new(&fx);
        let (mut samples, mut skipped) = (Vec::new(), Skipped::default());
        s.scan_facts(Parts::SCORING, |f| {
            if !filter.covers_account(&f.account) {
                return Ok(());
            }
            let band = match cached.as_ref().and_then(|c| c.get(&f.account.id)) {
                Some(b) => *b,
                None => risk::assess(&f, now, cfg).band,
            };
            for b in &mut builders {
                b.add(&f, || band);
            }
            due.add(&f, today, band);
            book.add(&f, today, band);
            calibrate::samples(&f, 90, cfg, &mut samples, &mut skipped);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        let quarters =
            quarters.iter().zip(builders).map(|(q, b)| QuarterRates::of(q.year, q.q, &b.finish())).collect();
        let owner = owner.map(str::to_string);
        Ok(ChartsData {
            owner,
            quarters,
            due,
            book,
            calibration: calibrate::calibrate(90, &samples, skipped),
        })
    }
}
