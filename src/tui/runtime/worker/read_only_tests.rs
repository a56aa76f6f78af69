//! The worker on a portfolio it may only read: it loads the rows and does not try to
//! recompute the scores into the cache (the failed write's error replaced the notice).

use super::Worker;
use crate::domain::risk::RiskConfig;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::msg::{Effect, Reply};
use chrono::NaiveDate;

#[test]
fn a_read_only_portfolio_loads_without_a_failed_rescore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let scored_on = day.and_hms_opt(9, 0, 0).unwrap();
    {
        let mut s = Store::open(&path).unwrap();
        let opts = crate::demo::DemoOptions { accounts: 12, seed: 1, today: day };
        let mut facts = crate::demo::generate_range(&opts, 0..12).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        crate::refresh::recompute_all(&mut s, scored_on, &RiskConfig::default()).unwrap();
    }
    // The next day: the cached scores are a day old.
    let next_day = scored_on + chrono::Duration::days(1);
    for (store, writable) in
        [(Store::open_read_only_for_tests(&path).unwrap(), false), (Store::open(&path).unwrap(), true)]
    {
        let mut w = Worker::new(store, next_day, RiskConfig::default(), Lang::En);
        let mut replies = Vec::new();
        w.handle(&Effect::LoadPortfolio, &mut |r| replies.push(r));
        let errors: Vec<_> = replies
            .iter()
            .filter_map(|r| match r {
                Reply::Error(e) => Some(e),
                _ => None,
            })
            .collect();
        assert!(errors.is_empty(), "writable {writable}: {errors:?}");
        assert!(matches!(replies.first(), Some(Reply::Portfolio(_))), "the rows are shown");
        let rescored = replies.iter().any(|r| matches!(r, Reply::Rescored));
        assert_eq!(rescored, writable, "rescored only where the cache can be written");
    }
}
