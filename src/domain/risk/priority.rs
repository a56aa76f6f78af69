//! Triage order and the "call vs signals" check.

use super::{Assessment, Band};
use crate::domain::{Forecast, Money};

/// Triage priority: higher = look at it first. Integer maths only.
///
/// ```text
/// priority = score × arr_weight × urgency
///   score      = the risk score, 0–100 (0 → priority 0: nothing to act on)
///   arr_weight = 1 + floor(log2(max(1, ARR in major units / 1,000)))
///                ¥1k or less → 1, ¥2k → 2, ¥4k → 3, ¥128k → 8, ¥1M → 10
///                (each doubling of ARR adds one step: size matters, but a big healthy
///                account never outranks a small burning one by orders of magnitude)
///   urgency    = 4 if the renewal is within 30 days or already past,
///                3 within 60 days, 2 within 90 days, 1 later or no renewal date
///                (the T-30 / T-60 / T-90 countdown of the playbook); 1 again once it
///                is more than `LONG_LAPSED_DAYS` past (see there)
/// ```
/// Example: score 60, ARR ¥128,000, renewal in 45 days → 60 × 8 × 3 = 1,440.
/// The ARR is taken in the account's own currency (no exchange rates in a local tool).
pub fn triage_priority(assessment: &Assessment, arr: Money, days_to_renewal: Option<i64>) -> i64 {
    i64::from(assessment.score) * arr_weight(arr) * urgency(days_to_renewal)
}

fn arr_weight(arr: Money) -> i64 {
    let scale = 10_i64.pow(arr.currency.exponent());
    let thousands = arr.minor / scale / 1_000;
    // ilog2 of a positive i64 is at most 62, so the weight is at most 63.
    1 + i64::from(thousands.max(1).ilog2())
}

/// Days after which a renewal gone by with no outcome recorded is history, not a renewal
/// at hand: a contract that ended years ago (an old CRM export brings many) kept the
/// countdown's top urgency forever and ranked over this month's renewals (CSM trial,
/// session 33: terms lapsed 20 years ago at the top of triage). It keeps its points
/// (`renewal_lapsed` says to record the outcome), not the urgency.
pub const LONG_LAPSED_DAYS: i64 = 365;

fn urgency(days_to_renewal: Option<i64>) -> i64 {
    match days_to_renewal {
        Some(d) if d < -LONG_LAPSED_DAYS => 1,
        Some(d) if d <= 30 => 4,
        Some(d) if d <= 60 => 3,
        Some(d) if d <= 90 => 2,
        _ => 1,
    }
}

/// Steps on the shared scale: will_renew ↔ healthy, likely ↔ watch, at_risk ↔ at_risk,
/// will_churn ↔ critical.
fn forecast_step(f: Forecast) -> i32 {
    match f {
        Forecast::WillRenew => 0,
        Forecast::Likely => 1,
        Forecast::AtRisk => 2,
        Forecast::WillChurn => 3,
    }
}

fn band_step(b: Band) -> i32 {
    match b {
        Band::Healthy => 0,
        Band::Watch => 1,
        Band::AtRisk => 2,
        Band::Critical => 3,
    }
}

/// "Call vs signals disagree": the CSM's own call and the computed band are two or more
/// steps apart. No call recorded → no disagreement.
pub fn call_disagrees(forecast: Option<Forecast>, band: Band) -> bool {
    forecast.is_some_and(|f| (forecast_step(f) - band_step(band)).abs() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn scored(score: u32) -> Assessment {
        Assessment { score, ..Assessment::unscored() }
    }

    #[test]
    fn documented_example_and_weights() {
        let cny = |major| Money::from_major(major, Currency::CNY);
        assert_eq!(triage_priority(&scored(60), cny(128_000), Some(45)), 1_440);
        let weights: Vec<i64> = [0, 999, 1_000, 2_000, 4_000, 128_000, 1_000_000, -5]
            .iter()
            .map(|m| arr_weight(cny(*m)))
            .collect();
        assert_eq!(weights, [1, 1, 1, 2, 3, 8, 10, 1]);
        assert_eq!(arr_weight(Money::new(i64::MAX, Currency::JPY)), 1 + 53);
        assert_eq!(triage_priority(&scored(0), cny(1_000_000), Some(1)), 0);
    }

    #[test]
    fn urgency_follows_the_countdown() {
        let days = [-366, -365, -10, 0, 30, 31, 60, 61, 90, 91];
        let u: Vec<i64> = days.iter().map(|d| urgency(Some(*d))).chain([urgency(None)]).collect();
        assert_eq!(u, [1, 4, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
    }

    #[test]
    fn priority_grows_with_risk_arr_and_urgency() {
        let cny = |major| Money::from_major(major, Currency::CNY);
        let base = triage_priority(&scored(50), cny(100_000), Some(120));
        assert!(triage_priority(&scored(51), cny(100_000), Some(120)) > base);
        assert!(triage_priority(&scored(50), cny(200_000), Some(120)) > base);
        assert!(triage_priority(&scored(50), cny(100_000), Some(20)) > base);
    }

    #[test]
    fn call_vs_signals() {
        use Band::*;
        assert!(!call_disagrees(None, Critical));
        assert!(!call_disagrees(Some(Forecast::WillRenew), Watch));
        assert!(call_disagrees(Some(Forecast::WillRenew), AtRisk));
        assert!(call_disagrees(Some(Forecast::WillRenew), Critical));
        assert!(call_disagrees(Some(Forecast::WillChurn), Watch));
        assert!(!call_disagrees(Some(Forecast::AtRisk), Critical));
        assert!(call_disagrees(Some(Forecast::Likely), Critical));
    }
}
