//! One account's share of the portfolio rates (activation, target-customer ratio, feature
//! breadth), apart from its terms: the risk cache keeps each account's share for its day,
//! so `radar report` adds them up without reading every account's facts (issue 19).

use super::ACTIVATION_DAYS;
use crate::domain::AccountFacts;
use crate::domain::risk::is_churned;
use chrono::{Duration, NaiveDate};

/// What one account adds to the rates' numerators and denominators as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateShare {
    /// Its first term started at least `ACTIVATION_DAYS` before the day.
    pub should_activate: bool,
    /// Of those, activated on or before the day.
    pub activated: bool,
    /// Not churned by the day (the target ratio and breadth count only these).
    pub live: bool,
    /// Live and a target customer.
    pub target: bool,
    /// Live with a usage reading: features used / available in its latest reading on or
    /// before the day, in basis points (half up), so the average is one exact sum.
    pub breadth_bp: Option<i64>,
}

impl RateShare {
    /// The share of `f` as of `asof` (the report's `min(to, today)`).
    pub fn of(f: &AccountFacts, asof: NaiveDate) -> RateShare {
        let mut s = RateShare::default();
        if f.terms.first().is_some_and(|t| t.start <= asof - Duration::days(ACTIVATION_DAYS)) {
            s.should_activate = true;
            s.activated = f.account.activated_on.is_some_and(|d| d <= asof);
        }
        if is_churned(f, asof) {
            return s;
        }
        s.live = true;
        s.target = f.account.target_fit;
        // `usage` is sorted by date: the last one on or before `asof` is the latest known.
        let latest = f.usage.iter().rev().find(|u| u.date <= asof && u.features_total > 0);
        s.breadth_bp = latest.map(|u| {
            let (used, total) =
                (i64::from(u.features_used.min(u.features_total)), i64::from(u.features_total));
            (used * 20_000 + total) / (2 * total)
        });
        s
    }
}

/// Shares added up (what the store sums from the risk cache).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateSums {
    pub should_activate: i64,
    pub activated: i64,
    pub live: i64,
    pub target: i64,
    pub breadth_bp: i64,
    pub with_usage: i64,
}

impl From<RateShare> for RateSums {
    fn from(s: RateShare) -> RateSums {
        RateSums {
            should_activate: i64::from(s.should_activate),
            activated: i64::from(s.activated),
            live: i64::from(s.live),
            target: i64::from(s.target),
            breadth_bp: s.breadth_bp.unwrap_or(0),
            with_usage: i64::from(s.breadth_bp.is_some()),
        }
    }
}

impl RateSums {
    pub fn add(&mut self, s: &RateSums) {
        self.should_activate += s.should_activate;
        self.activated += s.activated;
        self.live += s.live;
        self.target += s.target;
        self.breadth_bp += s.breadth_bp;
        self.with_usage += s.with_usage;
    }
}
