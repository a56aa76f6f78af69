//! Usage before and after: the readings of the first months of the period against those
//! of its last months, each side the average of its readings (snapshots come weekly,
//! fortnightly or monthly; an average compares like with like where a sum would reward
//! the side with more readings).

use super::{Period, ReviewKind};
use crate::domain::dates::add_months;
use crate::domain::records::UsageSnapshot;
use chrono::{Duration, NaiveDate};

/// One side of the comparison: averages over `readings` snapshots, rounded half up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageFigures {
    pub readings: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub active_users: u32,
    pub seats: u32,
    pub logins: u32,
    pub minutes: u32,
    pub features_used: u32,
    pub features_total: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Comparison {
    /// The days each side covers (both ends included).
    pub before_window: (NaiveDate, NaiveDate),
    pub after_window: (NaiveDate, NaiveDate),
    pub before: Option<UsageFigures>,
    pub after: Option<UsageFigures>,
    /// No reading fell in the first window: `before` is the earliest reading of the period.
    pub before_is_earliest: bool,
}

/// The figures compared, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    ActiveUsers,
    Seats,
    Logins,
    Minutes,
    Features,
}

impl Metric {
    pub const ALL: [Metric; 5] =
        [Metric::ActiveUsers, Metric::Seats, Metric::Logins, Metric::Minutes, Metric::Features];

    pub fn id(self) -> &'static str {
        match self {
            Metric::ActiveUsers => "active_users",
            Metric::Seats => "seats",
            Metric::Logins => "logins",
            Metric::Minutes => "minutes",
            Metric::Features => "features",
        }
    }

    pub fn of(self, u: &UsageFigures) -> u32 {
        match self {
            Metric::ActiveUsers => u.active_users,
            Metric::Seats => u.seats,
            Metric::Logins => u.logins,
            Metric::Minutes => u.minutes,
            Metric::Features => u.features_used,
        }
    }
}

impl UsageFigures {
    fn average(readings: &[&UsageSnapshot]) -> Option<UsageFigures> {
        let (first, last) = (readings.first()?, readings.last()?);
        let n = readings.len() as u64;
        let avg = |get: fn(&UsageSnapshot) -> u32| -> u32 {
            let sum: u64 = readings.iter().map(|u| u64::from(get(u))).sum();
            u32::try_from((sum * 2 + n) / (2 * n)).unwrap_or(u32::MAX)
        };
        Some(UsageFigures {
            readings: readings.len(),
            first: first.date,
            last: last.date,
            active_users: avg(|u| u.active_users),
            seats: avg(|u| u.seats),
            logins: avg(|u| u.logins),
            minutes: avg(|u| u.minutes),
            features_used: avg(|u| u.features_used),
            features_total: avg(|u| u.features_total),
        })
    }

    /// Active users as a whole percentage of seats (None without seats), rounded half up.
    pub fn seat_use_pct(&self) -> Option<u32> {
        pct(self.active_users, self.seats)
    }

    /// Feature breadth (功能使用广度) as a whole percentage, rounded half up.
    pub fn breadth_pct(&self) -> Option<u32> {
        pct(self.features_used, self.features_total)
    }
}

fn pct(a: u32, b: u32) -> Option<u32> {
    (b > 0)
        .then(|| u32::try_from((u64::from(a) * 200 + u64::from(b)) / (2 * u64::from(b))).unwrap_or(u32::MAX))
}

/// The change from `before` to `after` in whole percent, rounded half away from zero;
/// None when `before` is 0 (no base to compare with).
pub fn change_pct(before: u32, after: u32) -> Option<i64> {
    if before == 0 {
        return None;
    }
    let (b, num) = (i64::from(before), (i64::from(after) - i64::from(before)) * 100);
    let (q, r) = (num / b, num % b);
    Some(if 2 * r.abs() >= b { q + num.signum() } else { q })
}

pub(super) fn compare(usage: &[UsageSnapshot], kind: ReviewKind, period: Period) -> Comparison {
    let w = kind.window_months();
    let before_end = add_months(period.from, w); // exclusive
    let after_start = add_months(period.to, -w); // exclusive
    let in_period: Vec<&UsageSnapshot> = usage.iter().filter(|u| period.contains(u.date)).collect();
    let mut split = in_period.iter().take_while(|u| u.date < before_end).count();
    let before_is_earliest = split == 0 && !in_period.is_empty();
    if before_is_earliest {
        split = 1;
    }
    // A period shorter than both windows: a reading counts on the "before" side only.
    let after: Vec<&UsageSnapshot> =
        in_period[split..].iter().copied().filter(|u| u.date > after_start).collect();
    // The "after" window says where its readings come from: past the last one counted
    // before (it read "after: 08-23 → 11-22" while a 09-13 reading in it was the "before").
    let after_from = (after_start + Duration::days(1)).max(period.from);
    let after_from = match split.checked_sub(1).map(|i| in_period[i].date + Duration::days(1)) {
        Some(past_before) => after_from.max(past_before).min(period.to),
        None => after_from,
    };
    Comparison {
        before_window: (period.from, (before_end - Duration::days(1)).min(period.to)),
        after_window: (after_from, period.to),
        before: UsageFigures::average(&in_period[..split]),
        after: UsageFigures::average(&after),
        before_is_earliest,
    }
}
