//! "What would flip it": the fewest fired rules whose clearing drops the account out of its
//! band.

use super::score::band_floor;
use super::{Assessment, Band, RuleId};
use crate::domain::config::RiskConfig;

/// The fewest fired rules whose clearing brings the score below the current band's lower
/// threshold, largest first. Empty for a healthy account (there is no band below).
///
/// Greedy by points is exact here: points add up, so the `k` largest reasons have the
/// largest sum of any `k` reasons; if they do not reach the target, no `k` reasons do.
/// Ties are broken by rule order, like the reasons themselves. (A test checks this
/// against an exhaustive search.)
pub fn flip_set(assessment: &Assessment, cfg: &RiskConfig) -> Vec<RuleId> {
    if assessment.band == Band::Healthy {
        return Vec::new();
    }
    let floor = u64::from(band_floor(assessment.band, cfg));
    // The uncapped total: clearing rules from a capped score of 100 must first remove the
    // points above the cap.
    let mut total: u64 = assessment.reasons.iter().map(|r| u64::from(r.points)).sum();
    let mut order: Vec<_> = assessment.reasons.iter().collect();
    order.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(&b.rule)));
    let mut set = Vec::new();
    for r in order {
        if total < floor {
            break;
        }
        total -= u64::from(r.points);
        set.push(r.rule);
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Choice;
    use crate::domain::risk::{Reason, score::band_for};
    use proptest::prelude::*;

    fn assessment(points: &[(RuleId, u32)], cfg: &RiskConfig) -> Assessment {
        let mut reasons: Vec<Reason> = points
            .iter()
            .map(|(rule, points)| Reason { rule: *rule, points: *points, args: Vec::new() })
            .collect();
        reasons.sort_by(|a, b| b.points.cmp(&a.points).then(a.rule.cmp(&b.rule)));
        let score = reasons.iter().map(|r| r.points).sum::<u32>().min(100);
        Assessment { score, band: band_for(score, cfg), reasons, ..Assessment::unscored() }
    }

    #[test]
    fn healthy_has_no_flip_set_and_critical_drops_one_band() {
        let cfg = RiskConfig::default();
        let a = assessment(&[(RuleId::SmallAccount, 5)], &cfg);
        assert!(flip_set(&a, &cfg).is_empty());
        // 25 + 15 + 15 + 10 + 10 = 75 (critical): clearing 25 gives 50, below 75.
        let a = assessment(
            &[
                (RuleId::UsageStopped, 25),
                (RuleId::PromiseBroken, 15),
                (RuleId::ComplaintOpen, 15),
                (RuleId::KpSilent, 10),
                (RuleId::AdminGone, 10),
            ],
            &cfg,
        );
        assert_eq!(a.band, Band::Critical);
        assert_eq!(flip_set(&a, &cfg), [RuleId::UsageStopped]);
    }

    #[test]
    fn capped_score_counts_the_points_above_the_cap() {
        let cfg = RiskConfig::default();
        // 8 rules of 15 = 120, capped at 100: must drop to 74 or less, i.e. clear 46+ = 4 rules.
        let rules: Vec<(RuleId, u32)> = RuleId::ALL.iter().take(8).map(|r| (*r, 15)).collect();
        let a = assessment(&rules, &cfg);
        assert_eq!(a.score, 100);
        assert_eq!(flip_set(&a, &cfg).len(), 4);
    }

    proptest! {
        // The greedy set is as small as any subset that flips the band (exhaustive search).
        #[test]
        fn greedy_is_minimal(points in proptest::collection::vec(0u32..30, 1..10)) {
            let cfg = RiskConfig::default();
            let rules: Vec<(RuleId, u32)> = RuleId::ALL.iter().copied().zip(points.iter().copied()).filter(|(_, p)| *p > 0).collect();
            let a = assessment(&rules, &cfg);
            let set = flip_set(&a, &cfg);
            if a.band == Band::Healthy {
                prop_assert!(set.is_empty());
            } else {
                let floor = band_floor(a.band, &cfg);
                let total: u32 = rules.iter().map(|r| r.1).sum();
                let cleared: u32 = rules.iter().filter(|r| set.contains(&r.0)).map(|r| r.1).sum();
                prop_assert!(total - cleared < floor);
                let n = rules.len();
                let best = (0u32..(1 << n))
                    .filter(|mask| {
                        let kept: u32 = (0..n).filter(|i| mask & (1 << i) == 0).map(|i| rules[i].1).sum();
                        kept < floor
                    })
                    .map(|mask| mask.count_ones() as usize)
                    .min();
                prop_assert_eq!(Some(set.len()), best);
            }
        }
    }
}
