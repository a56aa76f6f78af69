//! The stamp of the rules a cached score was computed with (issue 19): a cached score is
//! current for a day only when it was computed for that day by these rules, weighed by
//! these settings. Whatever the settings cannot change (the code of the rules) is covered
//! by the build's version and `RULES_VERSION`.

use super::RiskConfig;
use crate::domain::Currency;

/// Bumped whenever a rule, its points or the triage priority changes meaning, so a
/// cache written by an older build of the same version number is not taken as current.
pub const RULES_VERSION: u32 = 2;

/// A short text naming the rules and the settings a score depends on: the bands, points,
/// parameters, gaps and `weighed_in`, the currency triage weighed ARR in (the reporting
/// currency, or the one most accounts are billed in when none is set: that one changes
/// with the book, and a score weighed in the former one must not pass for current). None
/// when there are no exchange rates: then every ARR is weighed in its own currency, whatever
/// the target. Not the forecast weights or the capacity: they weigh the report, computed
/// when it is asked for.
pub fn rules_stamp(cfg: &RiskConfig, weighed_in: Option<Currency>) -> String {
    let scoring = RiskConfig {
        forecast: Default::default(),
        capacity: None,
        report_currency: weighed_in,
        ..cfg.clone()
    };
    // FNV-1a: stable across builds and platforms (std's hasher is not promised to be).
    let text = format!("{scoring:?}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}.{RULES_VERSION}.{h:016x}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stamp_follows_what_scores_depend_on_and_only_that() {
        let (cny, usd) = (Some(Currency::CNY), Some(Currency::new("USD").unwrap()));
        let base = RiskConfig::default();
        let s = rules_stamp(&base, cny);
        assert_eq!(s, rules_stamp(&base.clone(), cny), "deterministic");
        let mut params = base.clone();
        params.params.no_login_days += 1;
        assert_ne!(rules_stamp(&params, cny), s);
        assert_ne!(rules_stamp(&base, usd), s, "weighed in another currency");
        assert_ne!(rules_stamp(&base, None), s, "weighed without rates");
        let mut set = base.clone();
        set.report_currency = usd;
        assert_eq!(rules_stamp(&set, usd), rules_stamp(&base, usd), "set or by majority: weighed alike");
        assert_eq!(
            rules_stamp(&set, None),
            rules_stamp(&base, None),
            "without rates the target weighs nothing"
        );
        let mut cap = base.clone();
        cap.capacity = Some(1);
        assert_eq!(rules_stamp(&cap, cny), s, "the capacity weighs no score");
        let mut forecast = base.clone();
        forecast.forecast.call_likely += 1;
        assert_eq!(rules_stamp(&forecast, cny), s, "the forecast weights weigh the report, not a score");
        assert!(s.starts_with(env!("CARGO_PKG_VERSION")), "{s}");
    }
}
