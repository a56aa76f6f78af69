//! One demo account: its identity, contract history, stage and handover sheet.

use super::names::Names;
use super::rng::Rng;
use crate::domain::dates::add_months;
use crate::domain::stage::infer_stage;
use crate::domain::*;
use chrono::{Duration, NaiveDate};

/// The first demo account always has this name, so tests and docs can find it.
pub const FIRST_ACCOUNT: &str = "成都天府云图信息技术有限公司";

pub fn company_name(i: usize, rng: &mut Rng, n: &Names) -> (String, bool) {
    if i == 0 {
        return (FIRST_ACCOUNT.to_string(), true);
    }
    if i == 3 {
        // A very long name, to keep truncation honest.
        return (
            "Pied Piper Compression and Middle-Out Data Platform International Holdings (Asia-Pacific) Ltd"
                .into(),
            false,
        );
    }
    if rng.chance(60) {
        let name = format!(
            "{}{}{}{}",
            rng.pick(&n.cn_cities),
            rng.pick(&n.cn_brands),
            rng.pick(&n.cn_kinds),
            rng.pick(&n.cn_suffix)
        );
        (name, true)
    } else {
        let emoji = if rng.chance(3) { " 🚀" } else { "" };
        (
            format!("{} {} {}{emoji}", rng.pick(&n.en_first), rng.pick(&n.en_second), rng.pick(&n.en_suffix)),
            false,
        )
    }
}

fn tier(rng: &mut Rng) -> Tier {
    match rng.range(0, 99) {
        0..=4 => Tier::Ka,
        5..=19 => Tier::Large,
        20..=54 => Tier::Mid,
        55..=84 => Tier::Small,
        _ => Tier::Micro,
    }
}

/// ARR in major units, by tier, rounded to a thousand.
fn arr_major(tier: Tier, rng: &mut Rng) -> i64 {
    let (lo, hi) = match tier {
        Tier::Ka => (500, 3_000),
        Tier::Large => (150, 600),
        Tier::Mid => (50, 200),
        Tier::Small => (10, 60),
        Tier::Micro => (3, 12),
    };
    rng.range(lo, hi) * 1_000
}

/// Builds the account and its term history. The open term ends between 45 days ago
/// (overdue, no outcome yet) and a year from now; some accounts have churned.
pub fn account_with_terms(
    i: usize,
    rng: &mut Rng,
    n: &Names,
    today: NaiveDate,
) -> (Account, Vec<ContractTerm>, bool) {
    let (name, chinese) = company_name(i, rng, n);
    let tier = tier(rng);
    let currency = if chinese || rng.chance(30) { Currency::CNY } else { Currency::USD };
    let years = if tier == Tier::Ka && rng.chance(30) { 2 } else { 1 };
    let prior_terms = rng.range(0, 3) as usize;
    let mut end = today + Duration::days(rng.range(-45, 365));
    let churned = rng.chance(6);
    if churned {
        end = today - Duration::days(rng.range(5, 200));
    }
    // Walk back from the current term to the first.
    let mut spans = Vec::with_capacity(prior_terms + 1);
    let mut term_end = end;
    for _ in 0..=prior_terms {
        let start = add_months(term_end, -12 * years);
        spans.push((start, term_end));
        term_end = start;
    }
    spans.reverse();
    let mut arr = Money::from_major(arr_major(tier, rng), currency);
    let mut terms = Vec::with_capacity(spans.len());
    for (k, (start, end)) in spans.iter().enumerate() {
        let last = k + 1 == spans.len();
        let outcome = if !last {
            let change = rng.range(-15, 25);
            let new_arr = Money::new(arr.minor / 100 * (100 + change) / 1000 * 1000, currency);
            Some(TermOutcome::Renewed { decided_on: *end - Duration::days(rng.range(0, 20)), new_arr })
        } else if churned {
            let reason = *rng.pick(ChurnReason::ALL);
            Some(TermOutcome::Churned { decided_on: *end, reason, note: String::new(), because_of: None })
        } else {
            None
        };
        let this_arr = arr;
        if let Some(TermOutcome::Renewed { new_arr, .. }) = &outcome {
            arr = *new_arr;
        }
        terms.push(ContractTerm {
            id: TermId(0),
            account_id: AccountId(0),
            start: *start,
            end: *end,
            arr: this_arr,
            outcome,
            version: 1,
        });
    }
    let first_start = terms[0].start;
    let current_start = terms[terms.len() - 1].start;
    let mut a = Account::new(&name, tier, currency, first_start - Duration::days(7));
    a.external_id = Some(format!("ACC-{:06}", i + 1));
    a.industry = rng.pick(&n.industries).clone();
    a.region = rng.pick(&n.regions).clone();
    a.owner = rng.pick(&n.owners).clone();
    a.target_fit = !rng.chance(15);
    a.stage = infer_stage(first_start, end, today, churned);
    let late_start = (today - first_start).num_days() < 45;
    // Half of the new accounts are not activated yet, and a few old ones never were.
    let not_activated = (late_start && rng.chance(50)) || rng.chance(6);
    if !not_activated {
        a.activated_on = Some(first_start + Duration::days(rng.range(3, 40)));
    }
    if rng.chance(50) {
        a.forecast = Some(*rng.pick(Forecast::ALL));
        a.forecast_on = Some(today.min(current_start + Duration::days(rng.range(10, 200))));
    }
    a.handover = HandoverSheet {
        pain_points: rng.pick(&n.pain_points).clone(),
        why_bought: rng.pick(&n.why_bought).clone(),
        special_clauses: rng.pick(&n.clauses).clone(),
    };
    (a, terms, chinese)
}
