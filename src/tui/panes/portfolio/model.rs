//! The portfolio as the list shows it: every row, and the filtered, searched and sorted
//! view of them. Built for 100k rows: sort keys are integers (names are pre-ranked once per
//! load), search strings are pre-converted for the matcher once, and a search keystroke
//! that extends the query only re-tests the rows that matched before.

use crate::domain::risk::Band;
use crate::domain::{Stage, Tier};
use crate::store::PortfolioRow;
use crate::tui::view::widgets::text;
use chrono::NaiveDate;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use std::collections::HashMap;

/// The columns of a shared name kept before what tells it apart (a long CRM id then cut).
const NAME_KEPT: usize = 8;

// The list's sort key, at the path the dashboard and the tests name it by.
pub use super::sort::SortKey;
use super::sort::order_by;

/// Active filters; all must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub at_risk: bool,
    /// Renewing within this many days (30, 60 or 90).
    pub renewing: Option<i64>,
    pub overdue: bool,
    pub tier: Option<Tier>,
    pub stage: Option<Stage>,
    pub owner: Option<String>,
    pub industry: Option<String>,
    /// Only reference accounts (标杆案例).
    pub reference: bool,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }

    fn keep(&self, r: &PortfolioRow, today: NaiveDate) -> bool {
        (!self.at_risk || matches!(r.band, Some(Band::AtRisk | Band::Critical)))
            && self.renewing.is_none_or(|days| {
                r.renewal_date.is_some_and(|d| {
                    let left = (d - today).num_days();
                    (0..=days).contains(&left)
                })
            })
            && (!self.overdue || r.overdue_milestones > 0)
            && self.tier.is_none_or(|t| r.tier == t)
            && self.stage.is_none_or(|s| r.stage == s)
            && self.owner.as_ref().is_none_or(|o| &r.owner == o)
            && self.industry.as_ref().is_none_or(|i| &r.industry == i)
            && (!self.reference || r.reference.is_some())
    }
}

/// One load of the portfolio, prepared where it is read (the store worker) so the UI
/// thread only swaps it in: the rows, their search strings (name and external id, for the
/// fuzzy matcher) and name ranks (sorting by name compares integers), the filter choices,
/// and every sort order and the timeline's.
#[derive(Debug)]
pub struct LoadedRows {
    pub(super) rows: Vec<PortfolioRow>,
    pub(super) haystacks: Vec<Utf32String>,
    pub(super) name_rank: Vec<u32>,
    /// The rows whose name another row has too, by row index (sorted): the list says what
    /// tells each apart.
    pub(super) shared_name: Vec<u32>,
    pub(super) owners: Vec<String>,
    pub(super) industries: Vec<String>,
    pub(super) today: NaiveDate,
    /// Every row in each sort key's order: a filter or search keystroke then only walks
    /// one (O(n)) instead of sorting again.
    pub(super) orders: HashMap<SortKey, Vec<u32>>,
    /// Every row by renewal date (the timeline's order).
    pub(super) renewal_order: Vec<u32>,
    /// Only the top of the triage order, while the whole portfolio (this many accounts)
    /// is still loading: the first frame does not wait for 100k rows.
    pub partial_of: Option<usize>,
    /// Some row carries a risk score.
    pub scored: bool,
}

impl LoadedRows {
    pub fn build(rows: Vec<PortfolioRow>, today: NaiveDate, partial_of: Option<usize>) -> LoadedRows {
        let haystacks = rows.iter().map(haystack).collect();
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        order.sort_by(|a, b| rows[*a as usize].name.cmp(&rows[*b as usize].name));
        let same = |a: &u32, b: &u32| rows[*a as usize].name == rows[*b as usize].name;
        let mut shared_name: Vec<u32> = order
            .iter()
            .enumerate()
            .filter(|(k, i)| {
                order.get(k + 1).is_some_and(|j| same(i, j))
                    || k.checked_sub(1).is_some_and(|p| same(&order[p], i))
            })
            .map(|(_, i)| *i)
            .collect();
        shared_name.sort_unstable();
        let mut name_rank = vec![0; rows.len()];
        for (rank, i) in order.into_iter().enumerate() {
            name_rank[i as usize] = rank as u32;
        }
        let scored = rows.iter().any(|r| r.score.is_some());
        let mut loaded = LoadedRows {
            owners: distinct(rows.iter().map(|r| r.owner.as_str())),
            industries: distinct(rows.iter().map(|r| r.industry.as_str())),
            rows,
            haystacks,
            name_rank,
            shared_name,
            today,
            orders: HashMap::new(),
            renewal_order: Vec::new(),
            partial_of,
            scored,
        };
        loaded.renewal_order = order_by(&loaded.rows, &loaded.name_rank, today, SortKey::Renewal);
        // Every key's order, so no sort the user has chosen is left for the UI thread.
        for key in SortKey::ALL {
            let order = order_by(&loaded.rows, &loaded.name_rank, today, key);
            loaded.orders.insert(key, order);
        }
        loaded
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

pub struct PortfolioModel {
    /// The current load (rows, search strings, name ranks, every sort order); swapped
    /// whole when the store worker sends a new one, patched when it sends some accounts.
    pub(super) data: LoadedRows,
    pub sort: SortKey,
    pub reverse: bool,
    pub filters: Filters,
    pub query: String,
    /// Rows passing filters and search, in row order (before sorting).
    matched: Vec<u32>,
    /// With a query: each matched row's score (by row index), kept from the pass that
    /// matched it, so picking the best match does not score 100k names a second time.
    scores: Vec<u32>,
    /// `matched`, sorted: what the list shows.
    pub view: Vec<u32>,
    /// `matched` by renewal date: the timeline's rows.
    pub by_renewal: Vec<u32>,
    matcher: Matcher,
}

impl PortfolioModel {
    pub fn new(today: NaiveDate) -> PortfolioModel {
        PortfolioModel {
            data: LoadedRows::build(Vec::new(), today, None),
            sort: SortKey::Priority,
            reverse: false,
            filters: Filters::default(),
            query: String::new(),
            matched: Vec::new(),
            scores: Vec::new(),
            view: Vec::new(),
            by_renewal: Vec::new(),
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    /// Replaces the rows (load or live reload), keeping sort, filters and query.
    pub fn set_rows(&mut self, rows: Vec<PortfolioRow>, today: NaiveDate) {
        self.set_loaded(LoadedRows::build(rows, today, None));
    }

    /// Swaps in a prepared load, keeping sort, filters and query: only the filtering is
    /// left for the UI thread.
    pub fn set_loaded(&mut self, l: LoadedRows) {
        self.data = l;
        self.refilter();
    }

    /// Every row, in the store's (id) order.
    pub fn rows(&self) -> &[PortfolioRow] {
        &self.data.rows
    }

    /// The owners and industries found in the rows (the filters cycle through them).
    pub fn owners(&self) -> &[String] {
        &self.data.owners
    }

    pub fn industries(&self) -> &[String] {
        &self.data.industries
    }

    /// See `LoadedRows::partial_of`.
    pub fn partial_of(&self) -> Option<usize> {
        self.data.partial_of
    }

    /// Some row carries a risk score.
    pub fn scored(&self) -> bool {
        self.data.scored
    }

    /// Every account in the portfolio (more than `rows` while a first page is shown).
    pub fn total(&self) -> usize {
        self.data.partial_of.unwrap_or(self.data.rows.len()).max(self.data.rows.len())
    }

    pub fn row(&self, view_pos: usize) -> Option<&PortfolioRow> {
        self.view.get(view_pos).map(|i| &self.data.rows[*i as usize])
    }

    /// A row's name as the lists show it in `cols` columns: when another account has the
    /// same name, followed by what tells it apart, its CRM id (or `#number`; two "Aperture
    /// Fitness Ltd" read the same in the search list: CSM trial, session 29). The name is cut
    /// for it, keeping a few columns; a CRM id too long for that gives way to the `#number`.
    pub fn shown_name(&self, row: u32, cols: usize) -> String {
        let r = &self.data.rows[row as usize];
        if self.data.shared_name.binary_search(&row).is_err() {
            return r.name.clone();
        }
        let kept = text::width(&r.name).min(NAME_KEPT);
        let apart = crate::domain::account::told_apart(r.id.0, r.external_id.as_deref(), &r.name);
        let mut tag = format!("[{apart}]");
        if kept + 1 + text::width(&tag) > cols {
            tag = format!("[#{}]", r.id.0);
        }
        // A column narrower than that (the agenda's at 80 columns) cuts the name further for
        // the tag, down to a few columns it still reads by.
        let room = cols.saturating_sub(text::width(&tag) + 1);
        let room = if room >= 4 { room } else { room.max(kept) };
        format!("{} {tag}", text::fit(&r.name, room))
    }

    /// Account `id`'s name as `shown_name` shows it, for the lists that name accounts apart
    /// from this one (the agenda, search everything: two "Aperture Fitness Ltd" read the
    /// same there; CSM trial); `name` as it is when the account is not loaded.
    pub fn shown_name_of(&self, id: crate::domain::AccountId, name: &str, cols: usize) -> String {
        match self.data.rows.binary_search_by_key(&id, |r| r.id) {
            Ok(i) => self.shown_name(i as u32, cols),
            Err(_) => name.to_string(),
        }
    }

    /// Recomputes the matched set from scratch (filters or rows changed).
    pub fn refilter(&mut self) {
        let pattern = self.pattern();
        let today = self.data.today;
        self.matched = (0..self.data.rows.len() as u32)
            .filter(|i| self.filters.keep(&self.data.rows[*i as usize], today))
            .collect();
        if let Some(p) = pattern {
            self.keep_matching(&p);
        }
        self.after_match();
    }

    /// Keeps the matched rows `p` matches, noting each one's score.
    fn keep_matching(&mut self, p: &Pattern) {
        let hay = &self.data.haystacks;
        let m = &mut self.matcher;
        let scores = &mut self.scores;
        scores.resize(hay.len(), 0);
        self.matched.retain(|i| match p.score(hay[*i as usize].slice(..), m) {
            Some(s) => {
                scores[*i as usize] = s;
                true
            }
            None => false,
        });
    }

    /// Sets the search query; typing one more character only narrows what matched.
    pub fn set_query(&mut self, query: &str) {
        let narrowing = !self.query.is_empty() && query.starts_with(self.query.as_str());
        self.query = query.to_string();
        if !narrowing {
            self.refilter();
            return;
        }
        if let Some(p) = self.pattern() {
            self.keep_matching(&p);
        }
        self.after_match();
    }

    /// The view position of the row the query matches best (the first of equals in the
    /// list's order); None without a query or a match.
    pub fn best_match(&self) -> Option<usize> {
        self.pattern()?;
        let mut best: Option<(u32, usize)> = None;
        for (pos, r) in self.view.iter().enumerate() {
            let s = self.scores[*r as usize];
            if best.is_none_or(|(b, _)| s > b) {
                best = Some((s, pos));
            }
        }
        best.map(|(_, pos)| pos)
    }

    fn pattern(&self) -> Option<Pattern> {
        let q = self.query.trim();
        (!q.is_empty()).then(|| Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart))
    }

    fn after_match(&mut self) {
        let keep = self.mask();
        self.resort_kept(&keep);
        self.by_renewal = self.data.renewal_order.iter().copied().filter(|i| keep[*i as usize]).collect();
    }

    /// Which rows are matched, by row index.
    fn mask(&self) -> Vec<bool> {
        let mut keep = vec![false; self.data.rows.len()];
        for i in &self.matched {
            keep[*i as usize] = true;
        }
        keep
    }

    pub fn set_sort(&mut self, sort: SortKey) {
        if self.sort == sort {
            return;
        }
        self.sort = sort;
        self.reverse = false;
        self.resort();
    }

    pub fn toggle_reverse(&mut self) {
        self.reverse = !self.reverse;
        self.view.reverse();
    }

    /// The view position of an account (selection kept across changes).
    pub fn position_of_id(&self, id: crate::domain::AccountId) -> Option<usize> {
        self.row_index_of(id).and_then(|r| self.position_of(r))
    }

    /// `matched` in the sort order: the load's order of all rows, filtered.
    pub fn resort(&mut self) {
        self.resort_kept(&self.mask());
    }

    fn resort_kept(&mut self, keep: &[bool]) {
        let order = self.data.orders.get(&self.sort).map_or(&[][..], Vec::as_slice);
        let mut view: Vec<u32> = order.iter().copied().filter(|i| keep[*i as usize]).collect();
        if self.reverse {
            view.reverse();
        }
        self.view = view;
    }

    /// The view position of a row index (to keep the selection across changes).
    pub fn position_of(&self, row: u32) -> Option<usize> {
        self.view.iter().position(|r| *r == row)
    }

    pub fn row_index_of(&self, id: crate::domain::AccountId) -> Option<u32> {
        // The store answers in id order; a binary search then finds it in O(log n).
        match self.data.rows.binary_search_by_key(&id, |r| r.id) {
            Ok(i) => Some(i as u32),
            Err(_) => self.data.rows.iter().position(|r| r.id == id).map(|i| i as u32),
        }
    }
}

/// What the fuzzy search matches a row by: its name and external id.
pub(super) fn haystack(r: &PortfolioRow) -> Utf32String {
    match &r.external_id {
        Some(x) => Utf32String::from(format!("{} {x}", r.name).as_str()),
        None => Utf32String::from(r.name.as_str()),
    }
}

pub(super) fn distinct<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = it.filter(|s| !s.is_empty()).map(str::to_string).collect();
    v.sort();
    v.dedup();
    v
}

/// Cycles an optional value through a list: None → first → … → last → None.
pub fn cycle<T: Clone + PartialEq>(current: &Option<T>, all: &[T]) -> Option<T> {
    match current {
        None => all.first().cloned(),
        Some(c) => all.iter().position(|x| x == c).and_then(|i| all.get(i + 1)).cloned(),
    }
}
