//! The list's orders: each key packs a row into integers once per load, so sorting 100k
//! rows compares plain numbers.

use crate::store::PortfolioRow;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Triage priority (highest first), the default.
    Priority,
    Risk,
    Renewal,
    Arr,
    Name,
    LastTouch,
}

impl SortKey {
    pub const ALL: [SortKey; 6] =
        [SortKey::Priority, SortKey::Risk, SortKey::Renewal, SortKey::Arr, SortKey::Name, SortKey::LastTouch];

    pub fn id(self) -> &'static str {
        match self {
            SortKey::Priority => "priority",
            SortKey::Risk => "risk",
            SortKey::Renewal => "renewal",
            SortKey::Arr => "arr",
            SortKey::Name => "name",
            SortKey::LastTouch => "last_touch",
        }
    }

    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }
}

/// All rows sorted by `key`. Keys are packed into integers first (one pass over the
/// rows), so the sort compares plain numbers; ties fall back to row order so the list
/// is stable across reloads.
pub(super) fn order_by(rows: &[PortfolioRow], name_rank: &[u32], today: NaiveDate, key: SortKey) -> Vec<u32> {
    let mut keyed: Vec<(u64, u64, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (a, b) = sort_key(r, name_rank[i], today, key);
            (a, b, i as u32)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// One row's place in `key`'s order, packed into integers (with its row index last, the
/// total order `order_by` sorts by; `patch` finds a changed row's new place with it).
pub(super) fn sort_key(r: &PortfolioRow, name_rank: u32, today: NaiveDate, key: SortKey) -> (u64, u64) {
    // Order-preserving maps of signed values into unsigned ones.
    let up = |v: i64| (v as u64) ^ (1 << 63);
    let down = |v: i64| !up(v);
    let days = |r: &PortfolioRow| r.renewal_date.map_or(i64::MAX, |d| (d - today).num_days());
    let score = i64::from(r.score.unwrap_or(0));
    match key {
        // Ties as `radar triage` breaks them (priority, score, accounts with a contract
        // before those without, then name and id: the name's rank, equal names ranked in id
        // order), so both list the same accounts first.
        SortKey::Priority => {
            let risk = u64::from(100 - score.min(100) as u32) << 33;
            (down(r.priority), risk | (u64::from(!r.has_term) << 32) | u64::from(name_rank))
        }
        SortKey::Risk => (down(score), up(days(r))),
        SortKey::Renewal => (up(days(r)), 0),
        SortKey::Arr => (down(r.arr.minor), 0),
        SortKey::Name => (u64::from(name_rank), 0),
        // Longest without a touch first (never touched before all): who needs a call.
        SortKey::LastTouch => (r.last_touch.map_or(0, |d| up(i64::from(d.num_days_from_ce()))), 0),
    }
}
