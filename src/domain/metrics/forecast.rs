//! The forecast of a period's pending renewals (issue 16: rates that do not mislead): each
//! pending renewal counts at the chance of renewal the CSM's call gives it, or, with no
//! call recorded, its risk band's. Percentages from `[risk.forecast]`.

use crate::domain::Forecast;
use crate::domain::risk::Band;
use serde::{Deserialize, Serialize};

/// Chance of renewal, in percent, of a pending renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastWeights {
    /// By the CSM's call (会续约 / 可能续约 / 有风险 / 会流失).
    pub call_will_renew: u32,
    pub call_likely: u32,
    pub call_at_risk: u32,
    pub call_will_churn: u32,
    /// By the computed band, when the CSM has made no call.
    pub band_healthy: u32,
    pub band_watch: u32,
    pub band_at_risk: u32,
    pub band_critical: u32,
}

impl Default for ForecastWeights {
    fn default() -> Self {
        ForecastWeights {
            call_will_renew: 95,
            call_likely: 75,
            call_at_risk: 40,
            call_will_churn: 5,
            band_healthy: 90,
            band_watch: 75,
            band_at_risk: 50,
            band_critical: 25,
        }
    }
}

impl ForecastWeights {
    pub fn by_call(&self, call: Forecast) -> u32 {
        match call {
            Forecast::WillRenew => self.call_will_renew,
            Forecast::Likely => self.call_likely,
            Forecast::AtRisk => self.call_at_risk,
            Forecast::WillChurn => self.call_will_churn,
        }
    }

    pub fn by_band(&self, band: Band) -> u32 {
        match band {
            Band::Healthy => self.band_healthy,
            Band::Watch => self.band_watch,
            Band::AtRisk => self.band_at_risk,
            Band::Critical => self.band_critical,
        }
    }

    /// Every weight with its config key, for validation.
    pub fn keyed(&self) -> [(&'static str, u32); 8] {
        [
            ("call_will_renew", self.call_will_renew),
            ("call_likely", self.call_likely),
            ("call_at_risk", self.call_at_risk),
            ("call_will_churn", self.call_will_churn),
            ("band_healthy", self.band_healthy),
            ("band_watch", self.band_watch),
            ("band_at_risk", self.band_at_risk),
            ("band_critical", self.band_critical),
        ]
    }
}

/// `sum` (of ARR × percent, in minor units × 100) back to minor units, rounded half away
/// from zero; None when it does not fit.
pub(crate) fn percent_sum_to_minor(sum: i128) -> Option<i64> {
    let q = (2 * sum.abs() + 100) / 200;
    i64::try_from(if sum < 0 { -q } else { q }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_sums_round_half_away_from_zero() {
        for (sum, minor) in
            [(0, Some(0)), (2_549, Some(25)), (2_550, Some(26)), (-2_550, Some(-26)), (-2_549, Some(-25))]
        {
            assert_eq!(percent_sum_to_minor(sum), minor, "{sum}");
        }
        assert_eq!(percent_sum_to_minor(i128::from(i64::MAX) * 100), Some(i64::MAX));
        assert_eq!(percent_sum_to_minor(i128::from(i64::MAX) * 100 + 100), None, "does not fit");
    }

    #[test]
    fn every_call_and_band_has_its_own_weight() {
        let w = ForecastWeights {
            call_will_renew: 1,
            call_likely: 2,
            call_at_risk: 3,
            call_will_churn: 4,
            band_healthy: 5,
            band_watch: 6,
            band_at_risk: 7,
            band_critical: 8,
        };
        let calls = [Forecast::WillRenew, Forecast::Likely, Forecast::AtRisk, Forecast::WillChurn];
        assert_eq!(calls.map(|c| w.by_call(c)), [1, 2, 3, 4]);
        let bands = [Band::Healthy, Band::Watch, Band::AtRisk, Band::Critical];
        assert_eq!(bands.map(|b| w.by_band(b)), [5, 6, 7, 8]);
        assert_eq!(w.keyed().map(|(_, v)| v), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(w.keyed()[7].0, "band_critical");
    }
}
