//! Working through the agenda: whose items (mine or everyone's), which window (overdue and
//! today, or this week), which kind; ranked within each section by the value at stake,
//! and grouped by account (one line per account with several items, expandable).

use super::account::AccountId;
use super::agenda::{AgendaItem, AgendaKind, AgendaStatus};
use super::choice::Choice;
use super::money::{Converted, Converter, Money};
use super::owner::{CoOwned, OwnerCount};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// An agenda item with what ranking and filtering need about its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaRow {
    pub item: AgendaItem,
    /// Shared by the account's items (and `owner` by the owner's accounts): at 100k the
    /// agenda holds 159k rows, and a string each was a tenth of the dashboard's memory.
    pub account: Arc<str>,
    pub owner: Arc<str>,
    /// The account's ARR (major units, its own currency) × its risk score (0–100).
    pub stake: i128,
}

/// The ARR to rank by: in the reporting currency at the rate in force on `on` (the renewal
/// date), as triage weighs it; in its own currency when it has no rate.
pub fn weighed(fx: &Converter, arr: Money, on: NaiveDate) -> Money {
    match fx.convert(arr, on) {
        Converted::Amount(minor) => Money::new(minor, fx.target()),
        Converted::NoRate | Converted::TooLarge => arr,
    }
}

/// The value at stake of an account: ARR in major units (of the reporting currency, see
/// `weighed`) × risk score. An unscored account counts as score 0 but is still listed.
pub fn stake(arr: Money, score: Option<u32>) -> i128 {
    let scale = 10_i128.pow(arr.currency.exponent());
    i128::from(arr.minor) / scale * i128::from(score.unwrap_or(0))
}

/// Overdue first, then today, then later this week; within each, the most expensive slip
/// first (stake, high to low), an account's items together, oldest first but a suggestion
/// (consider asking for a referral) last: its group line names its first item, and a
/// complaint near its 24 hours read as a suggestion (CSM trial, session 28).
pub fn rank(rows: &mut [AgendaRow]) {
    rows.sort_by(|a, b| {
        let key = |r: &AgendaRow| (r.item.status, std::cmp::Reverse(r.stake), r.item.account_id);
        let tail = |r: &AgendaRow| {
            (r.item.kind == AgendaKind::ReferralAsk, r.item.date, r.item.kind, r.item.item_id)
        };
        key(a).cmp(&key(b)).then_with(|| tail(a).cmp(&tail(b)))
    });
}

/// Which days the agenda shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// Overdue and due today (what the day is for).
    #[default]
    Today,
    /// Also what is due in the next seven days.
    Week,
}

/// The agenda's toggles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgendaFilter {
    /// Everyone's accounts, not only mine.
    pub all_owners: bool,
    pub window: Window,
    /// One kind only.
    pub kind: Option<AgendaKind>,
}

impl AgendaFilter {
    /// The next kind in the kind toggle: all, then each kind in turn, then all again.
    pub fn next_kind(&mut self) {
        let all = AgendaKind::ALL;
        self.kind = match self.kind {
            None => all.first().copied(),
            Some(k) => all.iter().position(|x| *x == k).and_then(|i| all.get(i + 1)).copied(),
        };
    }
}

/// Whose agenda "mine" is: `me` when some account is mine, owned or (team mode) co-owned
/// (`co`); None (everyone's) when I have no accounts of my own (a team lead) or nobody is
/// set. `owners` counts accounts by owner (churned ones too: their win-back items are mine).
pub fn mine<'a>(me: Option<&'a str>, owners: &[OwnerCount], co: &CoOwned) -> Option<&'a str> {
    me.filter(|me| owners.iter().any(|o| o.owner == *me && o.accounts > 0) || !co.of(me).is_empty())
}

/// The rows the filter keeps (indices into `rows`, ranked), and within each section the
/// accounts with work in it before those whose only item shown is a suggestion (consider
/// asking for a referral), each part in rank order. Ranked by stake alone, the day's few
/// commitments sank among the suggestions: 75 of a book's 85 items due today were
/// suggestions (CSM trial, session 28). Shown alone (`t`), suggestions keep their rank.
pub fn visible(rows: &[AgendaRow], filter: AgendaFilter, mine: Option<&str>, co: &CoOwned) -> Vec<usize> {
    let mut kept = shown(rows, filter, mine, co);
    let work: HashSet<GroupKey> = kept
        .iter()
        .map(|&i| &rows[i])
        .filter(|r| r.item.kind != AgendaKind::ReferralAsk)
        .map(group_key)
        .collect();
    // Stable: the rank order holds within each part.
    kept.sort_by_key(|&i| (rows[i].item.status, !work.contains(&group_key(&rows[i]))));
    kept
}

/// The rows the filter keeps, in their order: "mine", the rows of my accounts and of those
/// I co-own (`co`).
fn shown(rows: &[AgendaRow], filter: AgendaFilter, mine: Option<&str>, co: &CoOwned) -> Vec<usize> {
    let co = mine.map_or(&[][..], |me| co.of(me));
    let mine_or_co =
        |r: &AgendaRow| mine.is_none_or(|me| &*r.owner == me) || co.binary_search(&r.item.account_id).is_ok();
    rows.iter()
        .enumerate()
        .filter(|(_, r)| filter.all_owners || mine_or_co(r))
        .filter(|(_, r)| filter.window == Window::Week || r.item.status != AgendaStatus::Upcoming)
        .filter(|(_, r)| filter.kind.is_none_or(|k| r.item.kind == k))
        .map(|(i, _)| i)
        .collect()
}

/// How many of the kept rows are in each section: (overdue, today, later this week).
pub fn counts(rows: &[AgendaRow], kept: &[usize]) -> (usize, usize, usize) {
    kept.iter().fold((0, 0, 0), |(o, d, u), &i| match rows[i].item.status {
        AgendaStatus::Overdue => (o + 1, d, u),
        AgendaStatus::Due => (o, d + 1, u),
        AgendaStatus::Upcoming => (o, d, u + 1),
    })
}

/// A group is one account's items within one section.
pub type GroupKey = (AgendaStatus, AccountId);

/// One line of the agenda as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// One item (`indented`: under its account's group line; `last`: the group's last item,
    /// drawn `└` where the others are `├`, so the tree reads where the group ends).
    Item { row: usize, indented: bool, last: bool },
    /// An account with several items in a section: `rows` of them, starting at `first`.
    Group { first: usize, count: usize, expanded: bool },
}

/// The lines of the kept rows (already ranked): consecutive rows of one account in one
/// section make a group line, followed by its items when expanded.
pub fn lines(rows: &[AgendaRow], kept: &[usize], expanded: &HashSet<GroupKey>) -> Vec<Line> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let key = group_key(&rows[kept[i]]);
        let n = kept[i..].iter().take_while(|&&r| group_key(&rows[r]) == key).count();
        if n == 1 {
            out.push(Line::Item { row: kept[i], indented: false, last: false });
        } else {
            let open = expanded.contains(&key);
            out.push(Line::Group { first: kept[i], count: n, expanded: open });
            if open {
                let items = &kept[i..i + n];
                out.extend(items.iter().enumerate().map(|(k, &row)| Line::Item {
                    row,
                    indented: true,
                    last: k + 1 == items.len(),
                }));
            }
        }
        i += n;
    }
    out
}

pub fn group_key(r: &AgendaRow) -> GroupKey {
    (r.item.status, r.item.account_id)
}

/// What a line shows, to find it again among new lines: a group line (by its first item)
/// or an item, by kind and id; an item's indentation is not part of it.
pub type LineKey = (bool, AgendaKind, i64);

pub fn line_keys(rows: &[AgendaRow], lines: &[Line]) -> Vec<LineKey> {
    let key = |group, row: usize| (group, rows[row].item.kind, rows[row].item.item_id);
    lines
        .iter()
        .map(|l| match *l {
            Line::Item { row, .. } => key(false, row),
            Line::Group { first, .. } => key(true, first),
        })
        .collect()
}

/// The line to select once the lines are `after`, the selection having been on line `at` of
/// `before`: `at` if that line still shows the same, else the first line that followed it and
/// is still there (None: none is; the position stays). By line, not position: a worked
/// first item of a two-item group took the group line with it, and the same position then
/// skipped the group's other item (CSM trial, session 29).
pub fn reselect(before: &[LineKey], at: usize, after: &[LineKey]) -> Option<usize> {
    if before.get(at).is_some_and(|k| after.get(at) == Some(k)) {
        return Some(at);
    }
    let mut following = before.iter().skip(at + 1);
    // After an edit the line that followed is still there: one scan of the new lines.
    let next = following.next()?;
    if let Some(i) = after.iter().position(|a| a == next) {
        return Some(i);
    }
    // Else (a scope switched, a day turned) the new lines are indexed once: scanning them
    // again for every line that went is lines × lines, on the UI thread (159k at 100k).
    let mut first: HashMap<LineKey, usize> = HashMap::with_capacity(after.len());
    for (i, k) in after.iter().enumerate() {
        first.entry(*k).or_insert(i);
    }
    following.find_map(|k| first.get(k).copied())
}

#[cfg(test)]
#[path = "agenda_rank_tests.rs"]
mod tests;
