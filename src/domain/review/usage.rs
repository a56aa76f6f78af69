//! Usage before and after: the readings of the first months of the period against those
//! of its last months, each side the average of its readings (snapshots come weekly,
//! fortnightly or monthly; an average compares like with like where a sum would reward
//! the side with more readings).

use super::{Period, ReviewKind};
use crate::domain::dates::add_months;
use crate::domain::ratio::{clamp, round_half_away};
use crate::domain::records::UsageSnapshot;
use chrono::{Duration, NaiveDate};

/// One side of the comparison. The averages are rounded half up for the page only; every
/// figure derived from them (a change, a share of seats, its move in points) is computed
/// from `totals`, the exact sums: the report goes to the customer, and a change taken from
/// rounded averages was off by two points (12 → 9.25 active users read -25%, not -23%).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsageFigures {
    pub readings: usize,
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// The active users of the last reading itself: the averages are not a reading, and
    /// the report named one "latest" (17, the average of 16 and 18, for a last reading of 18).
    pub last_active_users: u32,
    pub active_users: u32,
    pub seats: u32,
    pub logins: u32,
    pub minutes: u32,
    pub features_used: u32,
    pub features_total: u32,
    pub totals: Totals,
}

/// The sums over one side's readings: each exact average is its sum over the readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub active_users: u64,
    pub seats: u64,
    pub logins: u64,
    pub minutes: u64,
    pub features_used: u64,
    pub features_total: u64,
}

/// A share (active users of seats, features used of available) as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    part: u64,
    whole: u64,
}

impl Share {
    fn of(part: u64, whole: u64) -> Option<Share> {
        (whole > 0).then_some(Share { part, whole })
    }

    /// As a whole percentage, rounded half up (`ratio::percent`).
    pub fn pct(self) -> u32 {
        let p = crate::domain::ratio::percent(self.part, self.whole).unwrap_or(0);
        u32::try_from(p).unwrap_or(u32::MAX)
    }

    /// The move from this share to `later` in whole percentage points, rounded half away
    /// from zero from the exact shares (not the difference of two rounded percentages).
    pub fn points_to(self, later: Share) -> i64 {
        let (a, b) = (i128::from(later.part), i128::from(later.whole));
        let (c, d) = (i128::from(self.part), i128::from(self.whole));
        clamp(round_half_away((a * d - c * b) * 100, b * d))
    }
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

    /// The side's average, rounded for the page.
    pub fn of(self, u: &UsageFigures) -> u32 {
        match self {
            Metric::ActiveUsers => u.active_users,
            Metric::Seats => u.seats,
            Metric::Logins => u.logins,
            Metric::Minutes => u.minutes,
            Metric::Features => u.features_used,
        }
    }

    /// The sum of the side's readings: the exact average is this over `u.readings`.
    pub fn total(self, u: &UsageFigures) -> u64 {
        let t = &u.totals;
        match self {
            Metric::ActiveUsers => t.active_users,
            Metric::Seats => t.seats,
            Metric::Logins => t.logins,
            Metric::Minutes => t.minutes,
            Metric::Features => t.features_used,
        }
    }
}

impl UsageFigures {
    fn average(readings: &[&UsageSnapshot]) -> Option<UsageFigures> {
        let (first, last) = (readings.first()?, readings.last()?);
        let n = readings.len() as u64;
        let sum =
            |get: fn(&UsageSnapshot) -> u32| -> u64 { readings.iter().map(|u| u64::from(get(u))).sum() };
        let totals = Totals {
            active_users: sum(|u| u.active_users),
            seats: sum(|u| u.seats),
            logins: sum(|u| u.logins),
            minutes: sum(|u| u.minutes),
            features_used: sum(|u| u.features_used),
            features_total: sum(|u| u.features_total),
        };
        let avg = |total: u64| u32::try_from((total * 2 + n) / (2 * n)).unwrap_or(u32::MAX);
        Some(UsageFigures {
            readings: readings.len(),
            first: first.date,
            last: last.date,
            last_active_users: last.active_users,
            active_users: avg(totals.active_users),
            seats: avg(totals.seats),
            logins: avg(totals.logins),
            minutes: avg(totals.minutes),
            features_used: avg(totals.features_used),
            features_total: avg(totals.features_total),
            totals,
        })
    }

    /// Active users of seats, exactly: the average active users over the average seats of
    /// the same readings (None without seats).
    pub fn seat_use(&self) -> Option<Share> {
        Share::of(self.totals.active_users, self.totals.seats)
    }

    /// Feature breadth (功能使用广度), exactly (None when no feature is available).
    pub fn breadth(&self) -> Option<Share> {
        Share::of(self.totals.features_used, self.totals.features_total)
    }

    /// Active users as a whole percentage of seats (None without seats), rounded half up.
    pub fn seat_use_pct(&self) -> Option<u32> {
        self.seat_use().map(Share::pct)
    }

    /// Feature breadth as a whole percentage, rounded half up.
    pub fn breadth_pct(&self) -> Option<u32> {
        self.breadth().map(Share::pct)
    }

    /// The change of `m` from this side (before) to `after` in whole percent, from the
    /// exact averages, rounded half away from zero; None when this side's average is 0.
    pub fn change_to(&self, m: Metric, after: &UsageFigures) -> Option<i64> {
        // (Ta/na - Tb/nb) / (Tb/nb) = (Ta·nb - Tb·na) / (Tb·na)
        let (tb, nb) = (i128::from(m.total(self)), self.readings as i128);
        let (ta, na) = (i128::from(m.total(after)), after.readings as i128);
        // A side shown as 0 is no base, as a whole 0 is (a review's reviewer read "0 → 5
        // +1400%" from an exact 0.33). A side has at least one reading (`average`), so with
        // a base shown the divisor is positive.
        (m.of(self) > 0).then(|| clamp(round_half_away((ta * nb - tb * na) * 100, tb * na)))
    }
}

/// The change from `before` to `after` (whole numbers) in whole percent, rounded half away
/// from zero; None when `before` is 0 (no base to compare with). Two sides of the report
/// are compared with `UsageFigures::change_to`, from their exact averages.
pub fn change_pct(before: u32, after: u32) -> Option<i64> {
    (before > 0).then(|| {
        let b = i128::from(before);
        clamp(round_half_away((i128::from(after) - b) * 100, b))
    })
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
