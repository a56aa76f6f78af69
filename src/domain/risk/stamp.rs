//! The stamp of the rules a cached score was computed with (issue 19): a cached score is
//! current for a day only when it was computed for that day by these rules, weighed by
//! these settings. Whatever the settings cannot change (the code of the rules) is covered
//! by the build's version and `RULES_VERSION`.

use super::RiskConfig;
use crate::domain::money::Converter;

/// Bumped whenever a rule, its points or the triage priority changes meaning, so a
/// cache written by an older build of the same version number is not taken as current.
pub const RULES_VERSION: u32 = 4;

/// A short text naming the rules and the settings a score depends on: the bands, points,
/// parameters, gaps, and how triage weighed ARR (`fx`): its target currency, the reporting
/// one or else the one most accounts are billed in (that one changes with the book), and
/// the exchange rates. A score weighed in another currency or at other rates must not pass
/// for current. Without rates neither counts: every ARR is then weighed in its own currency,
/// whatever the target. Not the forecast weights or the capacity: they weigh the report,
/// computed when it is asked for.
pub fn rules_stamp(cfg: &RiskConfig, fx: &Converter) -> String {
    let weighed_in = (!fx.rates().is_empty()).then(|| fx.target());
    let scoring = RiskConfig {
        forecast: Default::default(),
        capacity: None,
        report_currency: weighed_in,
        ..cfg.clone()
    };
    // FNV-1a: stable across builds and platforms (std's hasher is not promised to be).
    let text = format!("{scoring:?}{:?}", fx.rates());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{}.{RULES_VERSION}.{h:016x}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;
    use crate::domain::money::{FxRate, FxValue};

    #[test]
    fn the_stamp_follows_what_scores_depend_on_and_only_that() {
        let (cny, usd) = (Currency::CNY, Currency::USD);
        let day = |m| chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
        let rate = |m, r| FxRate::new(usd, cny, day(m), FxValue::parse(r).unwrap()).unwrap();
        let rated = |c, rates: &[FxRate]| Converter::new(c, rates.to_vec());
        let in_cny = rated(cny, &[rate(1, "7.1")]);
        let base = RiskConfig::default();
        let s = rules_stamp(&base, &in_cny);
        assert_eq!(s, rules_stamp(&base.clone(), &in_cny.clone()), "deterministic");
        let mut params = base.clone();
        params.params.no_login_days += 1;
        assert_ne!(rules_stamp(&params, &in_cny), s);
        assert_ne!(rules_stamp(&base, &rated(usd, &[rate(1, "7.1")])), s, "weighed in another currency");
        assert_ne!(rules_stamp(&base, &rated(cny, &[rate(1, "7.2")])), s, "at another rate");
        assert_ne!(rules_stamp(&base, &rated(cny, &[rate(1, "7.1"), rate(6, "7.2")])), s, "with one more");
        let bare = rules_stamp(&base, &Converter::without_rates(cny));
        assert_ne!(bare, s, "weighed without rates");
        assert_eq!(
            bare,
            rules_stamp(&base, &Converter::without_rates(usd)),
            "without rates no target weighs"
        );
        let mut set = base.clone();
        set.report_currency = Some(usd);
        let in_usd = rated(usd, &[rate(1, "7.1")]);
        assert_eq!(
            rules_stamp(&set, &in_usd),
            rules_stamp(&base, &in_usd),
            "set or by majority: weighed alike"
        );
        assert_eq!(rules_stamp(&set, &Converter::without_rates(usd)), bare);
        let mut cap = base.clone();
        cap.capacity = Some(1);
        assert_eq!(rules_stamp(&cap, &in_cny), s, "the capacity weighs no score");
        let mut forecast = base.clone();
        forecast.forecast.call_likely += 1;
        assert_eq!(rules_stamp(&forecast, &in_cny), s, "the forecast weights weigh the report, not a score");
        assert!(s.starts_with(env!("CARGO_PKG_VERSION")), "{s}");
    }
}
