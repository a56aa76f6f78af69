//! A live refresh of some accounts (team mode's change feed names them, issue 18 item 4):
//! their rows replaced in the loaded portfolio, a row that left (reassigned away, deleted)
//! dropped, one that joined (assigned to me) added, the sort, filters and search kept.
//! The common case (rows changed in place, same names) moves each changed row to its new
//! place in every sort order (O(n) per order, no sort); anything else rebuilds the load.

use super::model::{LoadedRows, PortfolioModel, SortKey, distinct, haystack};
use super::sort::sort_key;
use crate::domain::AccountId;
use crate::store::PortfolioRow;
use std::collections::BTreeMap;

/// What a patch did, by rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Patched {
    /// Rows whose content changed.
    pub replaced: usize,
    /// Accounts new to the list.
    pub joined: usize,
    /// Accounts gone from it.
    pub left: usize,
}

impl PortfolioModel {
    /// Applies a reload of the accounts `ids`: `fresh` holds the rows of those that exist
    /// (and may be seen) now; an id without one has left the portfolio.
    pub fn patch(&mut self, ids: &[AccountId], fresh: Vec<PortfolioRow>) -> Patched {
        let mut fresh: BTreeMap<AccountId, PortfolioRow> = fresh.into_iter().map(|r| (r.id, r)).collect();
        let mut named: Vec<AccountId> = ids.iter().copied().chain(fresh.keys().copied()).collect();
        named.sort_unstable();
        named.dedup();
        let d = &self.data;
        let mut replaced: Vec<(u32, PortfolioRow)> = Vec::new();
        let mut joined: Vec<PortfolioRow> = Vec::new();
        let mut left: Vec<u32> = Vec::new();
        for id in named {
            let at = self.row_index_of(id);
            match (at, fresh.remove(&id)) {
                (Some(i), Some(r)) if d.rows[i as usize] != r => replaced.push((i, r)),
                (Some(_), Some(_)) | (None, None) => {}
                (Some(i), None) => left.push(i),
                (None, Some(r)) => joined.push(r),
            }
        }
        let done = Patched { replaced: replaced.len(), joined: joined.len(), left: left.len() };
        if done == Patched::default() {
            return done;
        }
        let same_names = replaced.iter().all(|(i, r)| d.rows[*i as usize].name == r.name);
        if joined.is_empty() && left.is_empty() && same_names {
            in_place(&mut self.data, replaced);
        } else {
            rebuild(&mut self.data, replaced, joined, &left);
        }
        self.refilter();
        done
    }
}

/// Rows changed in place, names kept: name ranks hold; each changed row leaves every order
/// and goes back in at its new key.
fn in_place(d: &mut LoadedRows, replaced: Vec<(u32, PortfolioRow)>) {
    let mut moved = vec![false; d.rows.len()];
    let mut lists_changed = false;
    for (i, r) in replaced {
        let old = &d.rows[i as usize];
        lists_changed |= old.owner != r.owner || old.industry != r.industry;
        d.haystacks[i as usize] = haystack(&r);
        d.rows[i as usize] = r;
        moved[i as usize] = true;
    }
    let changed: Vec<u32> = (0..moved.len() as u32).filter(|i| moved[*i as usize]).collect();
    let (rows, ranks, today) = (&d.rows, &d.name_rank, d.today);
    let place = |order: &mut Vec<u32>, key: SortKey| {
        order.retain(|i| !moved[*i as usize]);
        let at = |i: u32| (sort_key(&rows[i as usize], ranks[i as usize], today, key), i);
        for i in &changed {
            let k = at(*i);
            let pos = order.partition_point(|j| at(*j) < k);
            order.insert(pos, *i);
        }
    };
    for key in SortKey::ALL {
        if let Some(order) = d.orders.get_mut(&key) {
            place(order, key);
        }
    }
    place(&mut d.renewal_order, SortKey::Renewal);
    if lists_changed {
        d.owners = distinct(d.rows.iter().map(|r| r.owner.as_str()));
        d.industries = distinct(d.rows.iter().map(|r| r.industry.as_str()));
    }
    d.scored = d.rows.iter().any(|r| r.score.is_some());
}

/// Accounts joined or left, or a name changed: the rows merged in id order, then built
/// again as a fresh load (as the worker builds one).
fn rebuild(d: &mut LoadedRows, replaced: Vec<(u32, PortfolioRow)>, joined: Vec<PortfolioRow>, left: &[u32]) {
    let mut rows = std::mem::take(&mut d.rows);
    for (i, r) in replaced {
        rows[i as usize] = r;
    }
    let mut gone = vec![false; rows.len()];
    for i in left {
        gone[*i as usize] = true;
    }
    let mut n = 0;
    rows.retain(|_| {
        n += 1;
        !gone[n - 1]
    });
    rows.extend(joined);
    rows.sort_by_key(|r| r.id);
    *d = LoadedRows::build(rows, d.today, d.partial_of);
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
