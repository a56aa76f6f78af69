//! The numbers behind the metrics view's charts and the detail pane's usage chart (issue
//! 16, pictures): computed here, pure and tested; drawn by the dashboard.
//!
//! - `QuarterRates`: the decided logo and dollar renewal rates of one quarter, taken from
//!   that quarter's `RenewalReport` (so a bar says what `radar report` says).
//! - `DueByMonth`: renewals due (open terms ending) per calendar month from this month on,
//!   split by risk band.
//! - `BandBook`: accounts and ARR per risk band (churned accounts left out).
//! - `usage_by_month`: active users and seats, the last snapshot of each month.

use crate::domain::dates::add_months;
use crate::domain::metrics::{Rate, RenewalReport};
use crate::domain::money::fx::{Converted, Converter};
use crate::domain::records::UsageSnapshot;
use crate::domain::risk::{Band, is_churned};
use crate::domain::{AccountFacts, Choice, Currency};
use chrono::{Datelike, NaiveDate};

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1–12
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month { year: d.year(), month: d.month() }
    }

    /// This month and the `n - 1` after it (or before, for negative `step`), in date order.
    pub fn run(from: NaiveDate, n: usize, step: i32) -> Vec<Month> {
        let first = from.with_day(1).unwrap_or(from);
        let mut out: Vec<Month> =
            (0..n).map(|i| Month::of(add_months(first, step * i32::try_from(i).unwrap_or(0)))).collect();
        out.sort();
        out
    }

    /// `2026-12`
    pub fn label(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
}

/// The decided rates of one quarter (None: nothing decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuarterRates {
    pub year: i32,
    pub q: u32,
    pub decided: u32,
    pub logo: Option<Rate>,
    pub dollar: Option<Rate>,
}

impl QuarterRates {
    pub fn of(year: i32, q: u32, r: &RenewalReport) -> QuarterRates {
        QuarterRates {
            year,
            q,
            decided: r.decided_count,
            logo: r.decided_logo_rate,
            dollar: r.decided_dollar_rate,
        }
    }
}

/// A rate in whole percent, rounded once from the exact ratio (half up); None stays None.
pub fn percent(r: Option<Rate>) -> Option<u64> {
    r.map(|r| u64::try_from(r.whole_percent()).unwrap_or(0))
}

/// Renewals due per month, by band (index = `Band as usize`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueByMonth {
    pub months: Vec<(Month, [u32; 4])>,
}

impl DueByMonth {
    /// `n` months from the month of `today`.
    pub fn new(today: NaiveDate, n: usize) -> DueByMonth {
        DueByMonth { months: Month::run(today, n, 1).into_iter().map(|m| (m, [0; 4])).collect() }
    }

    /// Counts the account's open term if it ends from `today` on within the months.
    pub fn add(&mut self, f: &AccountFacts, today: NaiveDate, band: Band) {
        let Some(end) = f.renewal_date().filter(|d| *d >= today) else { return };
        let m = Month::of(end);
        if let Some((_, counts)) = self.months.iter_mut().find(|(x, _)| *x == m) {
            counts[band as usize] += 1;
        }
    }

    pub fn max(&self) -> u32 {
        self.months.iter().flat_map(|(_, c)| c.iter().copied()).max().unwrap_or(0)
    }
}

/// Accounts and ARR per band, converted into the reporting currency at the rate in force on
/// each term's end (as the capacity table and the report do); an account whose currency has
/// no rate is counted in its band but not in the ARR, and counted apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BandBook {
    pub currency: Currency,
    /// (band, accounts, ARR in minor units; None once the sum would overflow).
    pub bands: Vec<(Band, u32, Option<i64>)>,
    /// Accounts whose ARR has no exchange rate into `currency`.
    pub other_currency: u32,
    fx: Converter,
}

impl BandBook {
    pub fn new(fx: &Converter) -> BandBook {
        BandBook {
            currency: fx.target(),
            bands: Band::ALL.iter().map(|b| (*b, 0, Some(0))).collect(),
            other_currency: 0,
            fx: fx.clone(),
        }
    }

    /// Every account counted is left out of the ARR (no exchange rate into `currency`): the
    /// amounts are then not known, not zero (the panel said "Healthy 58 · £0"; CSM trial,
    /// session 28).
    pub fn no_amount_converts(&self) -> bool {
        let accounts: u32 = self.bands.iter().map(|(_, n, _)| n).sum();
        accounts > 0 && self.other_currency == accounts
    }

    /// Counts a live (not churned) account in its band.
    pub fn add(&mut self, f: &AccountFacts, today: NaiveDate, band: Band) {
        if is_churned(f, today) {
            return;
        }
        let on = f.current_term().or(f.terms.last()).map_or(today, |t| t.end);
        let row = &mut self.bands[band as usize];
        row.1 += 1;
        match self.fx.convert(f.arr(), on) {
            Converted::Amount(v) => row.2 = row.2.and_then(|s| s.checked_add(v)),
            Converted::TooLarge => row.2 = None,
            Converted::NoRate => self.other_currency += 1,
        }
    }
}

/// Active users and seats at the last snapshot of each of the `n` months ending with the
/// month of `today` (oldest first; None for a month without a snapshot). Snapshots dated
/// after `today` are ignored.
pub fn usage_by_month(
    usage: &[UsageSnapshot],
    today: NaiveDate,
    n: usize,
) -> Vec<(Month, Option<(u32, u32)>)> {
    Month::run(today, n, -1)
        .into_iter()
        .map(|m| {
            let last = usage
                .iter()
                .filter(|u| u.date <= today && Month::of(u.date) == m)
                .max_by_key(|u| (u.date, u.id));
            (m, last.map(|u| (u.active_users, u.seats)))
        })
        .collect()
}

#[cfg(test)]
#[path = "charts_tests.rs"]
mod tests;
