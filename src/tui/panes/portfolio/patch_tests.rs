use super::*;
use crate::domain::risk::Band;
use crate::domain::{Choice, Currency, Money, Stage, Tier};
use crate::tui::panes::portfolio::model::Filters;
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default()
}

/// A row whose every sorted column comes from `seed` (few distinct values: ties are common).
fn row(id: i64, seed: u32) -> PortfolioRow {
    let names = ["成都天府云图信息技术有限公司", "Acme 🚀", "Beta", "\u{1b}[31mHostile", "Zeta"];
    let pick = |n: u32, k: u32| (seed / n) % k;
    PortfolioRow {
        id: AccountId(id),
        external_id: (pick(1, 2) == 0).then(|| format!("EXT-{id}")),
        name: names[pick(3, 5) as usize].to_string(),
        tier: Tier::ALL[pick(7, Tier::ALL.len() as u32) as usize],
        stage: Stage::ALL[pick(11, Stage::ALL.len() as u32) as usize],
        owner: ["王芳", "bob", ""][pick(13, 3) as usize].to_string(),
        industry: ["SaaS", "制造"][pick(17, 2) as usize].to_string(),
        forecast: None,
        reference: None,
        arr: Money::new(i64::from(pick(19, 4)) * 100_000, Currency::CNY),
        has_term: pick(61, 5) > 0,
        renewal_date: (pick(23, 4) > 0)
            .then(|| today() + chrono::Duration::days(i64::from(pick(29, 200)) - 50)),
        last_touch: (pick(31, 3) > 0).then(|| today() - chrono::Duration::days(i64::from(pick(37, 90)))),
        overdue_milestones: pick(41, 3),
        score: (pick(43, 4) > 0).then(|| pick(47, 101)),
        band: [None, Some(Band::Healthy), Some(Band::AtRisk), Some(Band::Critical)][pick(53, 4) as usize],
        priority: i64::from(pick(59, 5)),
    }
}

fn model(rows: Vec<PortfolioRow>) -> PortfolioModel {
    let mut m = PortfolioModel::new(today());
    m.set_rows(rows, today());
    m
}

/// Everything a patch must leave as a fresh load of the same rows would be.
fn same(a: &mut PortfolioModel, b: &mut PortfolioModel) {
    assert_eq!(a.rows(), b.rows());
    assert_eq!(a.owners(), b.owners());
    assert_eq!(a.industries(), b.industries());
    assert_eq!(a.scored(), b.scored());
    for key in SortKey::ALL {
        a.set_sort(key);
        b.set_sort(key);
        assert_eq!(a.view, b.view, "{key:?}");
    }
    assert_eq!(a.by_renewal, b.by_renewal);
}

#[test]
fn one_account_changed_replaces_its_row_only() {
    let rows: Vec<PortfolioRow> = (1..=50).map(|i| row(i, i as u32 * 7)).collect();
    let mut m = model(rows.clone());
    let mut changed = rows[9].clone();
    changed.score = Some(99);
    changed.owner = "李娜".into();
    let before: Vec<*const PortfolioRow> = m.rows().iter().map(|r| r as *const _).collect();
    let done = m.patch(&[AccountId(10)], vec![changed.clone()]);
    assert_eq!(done, Patched { replaced: 1, joined: 0, left: 0 });
    assert_eq!(m.rows()[9], changed);
    // Patched in place: the vector of rows is the same allocation.
    assert_eq!(m.rows().iter().map(|r| r as *const _).collect::<Vec<_>>(), before);
    let mut all = rows;
    all[9] = changed;
    same(&mut m, &mut model(all));
    // The same row again: nothing to do.
    assert_eq!(m.patch(&[AccountId(10)], vec![m.rows()[9].clone()]), Patched::default());
}

#[test]
fn an_account_reassigned_away_leaves_and_one_assigned_joins() {
    let rows: Vec<PortfolioRow> = (1..=5).map(|i| row(i * 2, i as u32)).collect();
    let mut m = model(rows.clone());
    m.filters = Filters { owner: Some("bob".into()), ..Filters::default() };
    m.refilter();
    let done = m.patch(&[AccountId(4), AccountId(7)], vec![row(7, 13)]);
    assert_eq!(done, Patched { replaced: 0, joined: 1, left: 1 });
    let ids: Vec<i64> = m.rows().iter().map(|r| r.id.0).collect();
    assert_eq!(ids, [2, 6, 7, 8, 10]);
    // The owner filter still holds for the list shown.
    assert!(m.view.iter().all(|i| m.rows()[*i as usize].owner == "bob"));
    assert!(m.view.iter().any(|i| m.rows()[*i as usize].id == AccountId(7)), "row 7's owner is bob");
}

proptest! {
    /// Any patch leaves the model as a fresh load of the merged rows would be: the same
    /// rows, filter choices and every sort order (the in-place path and the rebuild alike).
    #[test]
    fn a_patch_is_a_fresh_load_of_the_merged_rows(
        seeds in proptest::collection::vec(0u32..1_000_000, 0..40),
        changes in proptest::collection::vec((1i64..60, proptest::option::of(0u32..1_000_000)), 0..8),
    ) {
        let rows: Vec<PortfolioRow> = seeds.iter().enumerate().map(|(i, s)| row(i as i64 * 2 + 1, *s)).collect();
        let mut m = model(rows.clone());
        let mut merged: BTreeMap<AccountId, PortfolioRow> = rows.into_iter().map(|r| (r.id, r)).collect();
        let mut ids = Vec::new();
        let mut fresh = Vec::new();
        for (id, seed) in &changes {
            let id = AccountId(*id);
            if ids.contains(&id) {
                continue;
            }
            ids.push(id);
            match seed {
                // Mostly the same name as before, so the in-place path is taken too.
                Some(s) => {
                    let mut r = row(id.0, *s);
                    if let Some(old) = merged.get(&id).filter(|_| s % 3 != 0) {
                        r.name = old.name.clone();
                    }
                    merged.insert(id, r.clone());
                    fresh.push(r);
                }
                None => {
                    merged.remove(&id);
                }
            }
        }
        m.patch(&ids, fresh);
        same(&mut m, &mut model(merged.into_values().collect()));
    }
}

/// The best match by scoring every shown row afresh (what `best_match` did before it
/// kept the scores of the matching pass): the first of the highest in the list's order.
fn best_by_rescoring(m: &PortfolioModel) -> Option<usize> {
    use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
    let q = m.query.trim();
    if q.is_empty() {
        return None;
    }
    let p = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let mut best: Option<(u32, usize)> = None;
    for (pos, r) in m.view.iter().enumerate() {
        let s = p.score(m.data.haystacks[*r as usize].slice(..), &mut matcher).expect("a shown row matches");
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, pos));
        }
    }
    best.map(|(_, pos)| pos)
}

proptest! {
    /// Typed, narrowed, widened, re-sorted, patched: the best match is the one scoring
    /// every shown row again would pick.
    #[test]
    fn the_best_match_is_the_highest_scoring_shown_row(
        seeds in prop::collection::vec(0u32..5000, 1..40),
        queries in prop::collection::vec(prop::sample::select(vec!["", "a", "ac", "acm", "b", "e", "成都", "云图", "ext", "ext-1", "hos", "z"]), 1..8),
        changed in prop::collection::vec((1i64..80, 0u32..5000), 0..6),
        sort in 0usize..SortKey::ALL.len(),
    ) {
        let rows: Vec<PortfolioRow> = seeds.iter().enumerate().map(|(i, s)| row(i as i64 + 1, *s)).collect();
        let mut m = model(rows);
        for (k, q) in queries.iter().enumerate() {
            m.set_query(q);
            if k == 1 {
                m.set_sort(SortKey::ALL[sort]);
            }
            prop_assert_eq!(m.best_match(), best_by_rescoring(&m), "query {:?}", q);
        }
        let ids: Vec<AccountId> = changed.iter().map(|(id, _)| AccountId(*id)).collect();
        let mut fresh: Vec<PortfolioRow> = changed.iter().map(|(id, s)| row(*id, *s)).collect();
        fresh.dedup_by_key(|r| r.id);
        let mut ids = ids;
        ids.dedup();
        if ids.len() == fresh.len() && ids.iter().collect::<std::collections::BTreeSet<_>>().len() == ids.len() {
            m.patch(&ids, fresh);
            prop_assert_eq!(m.best_match(), best_by_rescoring(&m));
        }
    }
}

/// At equal priority and score, an account with a contract comes before one without (a
/// CRM's prospects), whatever their names: as `radar triage` lists them.
#[test]
fn the_priority_sort_puts_a_contract_before_a_prospect_of_equal_priority() {
    let mut renewal = row(1, 0);
    renewal.name = "Zeta Renewal".into();
    (renewal.priority, renewal.score, renewal.has_term) = (0, Some(0), true);
    let mut prospect = renewal.clone();
    (prospect.id, prospect.name, prospect.has_term) = (AccountId(2), "Aaa Prospect".into(), false);
    let mut riskier = prospect.clone();
    (riskier.id, riskier.priority, riskier.score) = (AccountId(3), 5, Some(5));
    let mut m = model(vec![prospect, riskier, renewal]);
    m.set_sort(SortKey::Priority);
    let ids: Vec<i64> = m.view.iter().map(|&i| m.rows()[i as usize].id.0).collect();
    assert_eq!(ids, [3, 1, 2], "the riskier prospect, then the renewal, then the prospect");
}
