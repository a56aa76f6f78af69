//! The full risk recompute (issue 19 item 4) reads only what the rules use, on two threads
//! for a large SQLite file. It must write exactly the cache the plain path writes: each
//! account loaded whole and scored on its own, as `refresh::recompute_one` does: every
//! score, band, priority and reason, each row current for the day and rules. On both
//! engines.

use crate::both;
use crate::support::db::Backend;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use radar::demo::{self, DemoOptions};
use radar::domain::metrics::RateShare;
use radar::domain::risk::RiskConfig;
use radar::domain::*;
use radar::refresh;
use radar::store::{CacheState, Parts, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).unwrap()
}

/// Every cached score as stored (reasons parsed back), by account; and the cache is
/// current for today with these rules (every row's as_of and rules stamp, none stale).
fn cache_rows(s: &Store, cfg: &RiskConfig) -> Vec<String> {
    assert_eq!(
        s.risk_cache_state(today(), &refresh::current_stamp(s, cfg).unwrap()).unwrap(),
        CacheState::Current
    );
    let mut rows = Vec::new();
    s.walk_triage_order(
        Parts::NONE,
        |_, _| true,
        |c, _| {
            rows.push((c.id, format!("{} {:?} {} {:?}", c.score, c.band, c.priority, c.reasons)));
            Ok(true)
        },
    )
    .unwrap();
    rows.sort();
    rows.into_iter().map(|(id, row)| format!("{}: {row}", id.0)).collect()
}

/// Touchpoints the rules must weigh exactly: one dated after today for a key contact (it
/// does not count yet), one today, one long ago, one with no contact; a contact's recorded
/// last contact; a contact who left; Chinese, emoji and escape text in what reasons quote.
fn add_awkward_facts(s: &mut Store, cfg: &RiskConfig) {
    let rows = s.portfolio(today()).unwrap();
    for (i, row) in rows.iter().step_by(7).take(60).enumerate() {
        let f = s.load_facts(row.id).unwrap().unwrap();
        let Some(c) = f.contacts.first().cloned() else { continue };
        let days = [3, 0, -900, 40][i % 4];
        let contact_id = if i % 5 == 4 { None } else { Some(c.id) };
        let tp = Touchpoint {
            id: TouchpointId(0),
            account_id: row.id,
            date: today() + Duration::days(days),
            kind: TouchKind::Call,
            contact_id,
            note: "成都天府云图信息技术有限公司 \u{1F4DE} \x1b[31m".into(),
            version: 0,
        };
        refresh::apply(s, &Edit::SaveTouchpoint(tp), now(), cfg).unwrap();
        if i % 3 == 0 {
            let mut c = s.load_facts(row.id).unwrap().unwrap().contacts[0].clone();
            c.name = "李娜 \u{1F600} \x1b]0;x\x07".into();
            c.last_contact = Some(today() - Duration::days(i64::try_from(i).unwrap() * 9));
            if i % 2 == 0 {
                c.left_on = Some(today() - Duration::days(2));
            }
            refresh::apply(s, &Edit::SaveContact(c), now(), cfg).unwrap();
        }
    }
}

both!(full_recompute_writes_exactly_what_scoring_each_loaded_account_gives, |db| {
    // Past 5,000 accounts a SQLite file is read on two threads: both halves are checked.
    let n = match db {
        Backend::Sqlite(_) => 5_200,
        Backend::Pg(_) => 300,
    };
    let mut s = db.store("alice");
    let opts = DemoOptions { accounts: n, seed: 5, today: today() };
    let mut facts = demo::generate_range(&opts, 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let cfg = RiskConfig::default();
    add_awkward_facts(&mut s, &cfg);

    assert_eq!(refresh::recompute_all(&mut s, now(), &cfg).unwrap(), n);
    let full = cache_rows(&s, &cfg);
    assert_eq!(full.len(), n, "one row per account");

    // The plain path over the same rows: each account loaded whole and scored on its own
    // (as `refresh::recompute_one` does), all saved in one transaction.
    let yesterday = now() - Duration::days(1);
    refresh::recompute_all(&mut s, yesterday, &cfg).unwrap();
    assert!(
        s.risk_cache_state(today(), &refresh::current_stamp(&s, &cfg).unwrap()).unwrap()
            != CacheState::Current
    );
    let fx = s.converter(cfg.report_currency).unwrap();
    let scored: Vec<_> = s
        .portfolio(today())
        .unwrap()
        .iter()
        .map(|row| {
            let f = s.load_facts(row.id).unwrap().unwrap();
            let (a, priority) = refresh::score_fx(&f, now(), &cfg, &fx);
            (row.id, a, priority, RateShare::of(&f, today()))
        })
        .collect();
    let scores: Vec<_> = scored.iter().map(|(id, a, p, share)| (*id, a, *p, *share)).collect();
    s.save_risk(today(), &refresh::stamp(&cfg, &fx), &scores).unwrap();
    let one_by_one = cache_rows(&s, &cfg);
    if one_by_one != full {
        let diff: Vec<_> = full.iter().zip(&one_by_one).filter(|(a, b)| a != b).take(3).collect();
        panic!("the full recompute differs from scoring each account: {diff:#?}");
    }
});
