//! `radar report` from the risk cache (issue 19): each account's share of the portfolio
//! rates kept with its score, and only the terms ending in the period or in the next 90
//! days read. Its report must equal the one computed from every account's facts for any
//! portfolio, day, period, currency and owner; and a share that is not current for the
//! day (stale, another day's, never written) is never added up: the facts are read then.
//! Store SQL, so on both engines.

use super::demo_on;
use crate::{both, both_props};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use radar::domain::Currency;
use radar::domain::metrics::{RateShare, RateSums};
use radar::domain::owner::OwnerFilter;
use radar::domain::risk::RiskConfig;
use radar::store::{Parts, Store};
use radar::{cached_scans, refresh, scans};
use std::collections::BTreeMap;

fn at(day: NaiveDate) -> NaiveDateTime {
    day.and_hms_opt(9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Whether the cache can answer for `day`, and the sums it then gives by owner.
fn from_cache(store: &Store, day: NaiveDate) -> Option<BTreeMap<String, RateSums>> {
    let mut sums = BTreeMap::new();
    let soon = (day, day + Duration::days(90));
    let add = |o: &str, s: &RateSums| {
        sums.insert(o.to_string(), *s);
    };
    let ok = store.report_from_cache(day, [soon, soon], add, |_| Ok(())).unwrap();
    ok.then_some(sums)
}

// For random small portfolios (seed), days (offset from the demo's), periods and
// reporting currencies, with and without the demo's exchange rates, the report from the
// cache equals the one computed from the facts, for everyone and for one owner. Periods
// ending today or later are answered from the shares (checked), earlier ones from the
// facts. 12 cases on SQLite, 6 on PostgreSQL.
both_props!(
    the_cached_report_equals_the_computed_one_for_random_portfolios,
    12,
    6,
    (1u64..1000, -400i64..400, -500i64..200, 0i64..500, 0usize..3, proptest::bool::ANY),
    |db, (seed, offset, start, len, currency, rates)| {
        let mut store = demo_on(db, 40, seed);
        if rates {
            for r in radar::demo::rates(today()) {
                store.set_fx_rate(&r).unwrap();
            }
        }
        let now = at(today() + Duration::days(offset));
        let cfg = RiskConfig::default();
        refresh::recompute_all(&mut store, now, &cfg).unwrap();
        assert!(from_cache(&store, now.date()).is_some(), "every share is current after a recompute");
        let period = (now.date() + Duration::days(start), now.date() + Duration::days(start + len));
        let currency = [None, Some(Currency::CNY), Some(Currency::USD)][currency];
        let owner = store.portfolio(now.date()).unwrap()[0].owner.clone();
        for filter in [OwnerFilter::all(), OwnerFilter::named(&owner), OwnerFilter::named("nobody")] {
            let computed =
                scans::renewal_report(&store, period, currency, now, &cfg, scans::Bands::Assess, &filter)
                    .unwrap();
            let cached = cached_scans::renewal_report(&store, period, currency, now, &cfg, &filter).unwrap();
            assert_eq!(cached, computed, "{filter:?} {period:?} {currency:?}");
        }
        Ok(())
    }
);

// The shares the cache sums are `RateShare::of` each account's facts on the cache's day,
// by owner; they are refused (the facts are read instead) once an account changed behind
// Radar's back, for another day, and when a row has no share (written before V14).
both!(the_cached_shares_are_used_only_when_current, |db| {
    let mut store = demo_on(&db, 60, 11);
    let cfg = RiskConfig::default();
    assert_eq!(from_cache(&store, today()), None, "nothing scored yet");
    refresh::recompute_all(&mut store, at(today()), &cfg).unwrap();

    let mut want: BTreeMap<String, RateSums> = BTreeMap::new();
    store
        .scan_facts(Parts::ALL, |f| {
            want.entry(f.account.owner.clone()).or_default().add(&RateSums::from(RateShare::of(&f, today())));
            Ok(())
        })
        .unwrap();
    let got = from_cache(&store, today()).expect("current");
    assert_eq!(got, want);
    assert!(
        got.values().map(|s| s.live).sum::<i64>() > 0 && got.values().map(|s| s.with_usage).sum::<i64>() > 0
    );
    assert_eq!(from_cache(&store, today() + Duration::days(1)), None, "another day's shares");

    let id = db.count("SELECT min(id) FROM account", &[]);
    db.exec("DELETE FROM usage WHERE account_id = $1", &[id]);
    assert_eq!(from_cache(&store, today()), None, "a stale row");
    refresh::ensure_fresh(&mut store, at(today()), &cfg).unwrap();
    assert!(from_cache(&store, today()).is_some(), "rescored");

    db.exec("UPDATE risk_cache SET rate_live = NULL WHERE account_id = $1", &[id]);
    assert_eq!(from_cache(&store, today()), None, "a row without its share");
});

// Only the terms ending in one of the two ranges are read, in account order, each with
// its account's owner, forecast call and cached band.
both!(the_report_reads_the_terms_ending_in_its_ranges, |db| {
    let mut store = demo_on(&db, 60, 5);
    refresh::recompute_all(&mut store, at(today()), &RiskConfig::default()).unwrap();
    let ranges = [
        (NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()),
        (today(), today() + Duration::days(90)),
    ];
    let bands = store.cached_bands().unwrap();
    let mut want = Vec::new();
    store
        .scan_facts(Parts::ALL, |f| {
            for t in &f.terms {
                if ranges.iter().any(|(a, b)| t.end >= *a && t.end <= *b) {
                    want.push((
                        t.id,
                        f.account.owner.clone(),
                        f.account.forecast,
                        bands.get(&f.account.id).copied(),
                    ));
                }
            }
            Ok(())
        })
        .unwrap();
    let mut got = Vec::new();
    assert!(
        store
            .report_from_cache(
                today(),
                ranges,
                |_, _| {},
                |t| {
                    got.push((t.term.id, t.owner, t.forecast, t.band));
                    Ok(())
                }
            )
            .unwrap()
    );
    assert!(!want.is_empty());
    assert_eq!(got, want);
});
