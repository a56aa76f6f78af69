//! Streaming whole-portfolio reads (`Store::scan_facts`) and what is built on them: the
//! two-thread risk recompute, the streamed report, agenda and triage, the first page.
//! On both engines (`::sqlite`, `::pg` as alice; issue 18 item 8) but one, SQLite-only:
//! `two_thread_recompute_…`, the second reading connection is for SQLite files only (a team
//! database scores on one connection, as `recompute_fills_the_cache_…` checks in `store`).

use crate::both;
use crate::support::db::Backend;
use chrono::{NaiveDate, NaiveDateTime};
use radar::demo::{self, DemoOptions};
use radar::domain::agenda::{self, StallLimits};
use radar::domain::metrics::{ReportPeriod, renewal_report};
use radar::domain::owner::OwnerFilter;
use radar::domain::risk::{RiskConfig, assess};
use radar::domain::*;
use radar::scans::{self, Bands};
use radar::store::{Parts, Store};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).unwrap()
}

fn seeded(db: &Backend, n: usize) -> Store {
    let mut s = db.store("alice");
    let opts = DemoOptions { accounts: n, seed: 11, today: today() };
    let mut facts = demo::generate_range(&opts, 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    s
}

/// Rows added after the bulk load land at the end of each table: the scan must still give
/// them to their (early) account, in date order.
fn add_late_rows(s: &mut Store) {
    let cfg = RiskConfig::default();
    for at in [0, 1, 2] {
        let id = s.portfolio(today()).unwrap()[at].id;
        let tp = Touchpoint {
            id: TouchpointId(0),
            account_id: id,
            date: NaiveDate::from_ymd_opt(2019, 1, 2).unwrap(),
            kind: TouchKind::Call,
            contact_id: None,
            note: "成都天府云图信息技术有限公司 \u{1F4DE} late row \x1b[31m".into(),
            version: 0,
        };
        radar::refresh::apply(s, &Edit::SaveTouchpoint(tp), now(), &cfg).unwrap();
    }
}

both!(scan_gives_every_account_exactly_as_load_facts_does, |db| {
    let mut s = seeded(&db, 300);
    add_late_rows(&mut s);
    let first = s.portfolio(today()).unwrap()[0].id;
    let early = s.load_facts(first).unwrap().unwrap();
    assert_eq!(
        early.touchpoints[0].date,
        NaiveDate::from_ymd_opt(2019, 1, 2).unwrap(),
        "the late row sorts first"
    );
    let mut seen = Vec::new();
    let n = s
        .scan_facts(Parts::ALL, |f| {
            seen.push(f);
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 300);
    assert_eq!(seen.len(), 300);
    assert!(seen.windows(2).all(|w| w[0].account.id < w[1].account.id), "in id order");
    let mut with_history = 0;
    for f in &seen {
        let one = s.load_facts(f.account.id).unwrap().unwrap();
        assert_eq!(f, &one, "account {}", f.account.name);
        with_history += f.requirements.iter().filter(|r| !r.history.is_empty()).count();
    }
    assert!(with_history > 0, "the demo has requirement histories to attach");
    assert_eq!(s.load_all_facts().unwrap(), seen);
});

both!(scan_reads_only_the_parts_asked_for, |db| {
    let s = seeded(&db, 60);
    let parts = Parts { terms: true, requirements: true, free_text: true, ..Parts::NONE };
    let mut checked = 0;
    s.scan_facts(parts, |f| {
        let full = s.load_facts(f.account.id).unwrap().unwrap();
        assert_eq!(f.account, full.account);
        assert_eq!(f.terms, full.terms);
        assert_eq!(f.requirements.len(), full.requirements.len());
        assert!(f.requirements.iter().all(|r| r.history.is_empty()), "histories were not asked for");
        assert!(f.contacts.is_empty() && f.touchpoints.is_empty() && f.usage.is_empty());
        assert!(f.milestones.is_empty() && f.promises.is_empty() && f.complaints.is_empty());
        checked += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(checked, 60);
});

// The scoring scan leaves the free text out, and scores exactly as the full facts do.
both!(scoring_scan_drops_free_text_and_scores_the_same, |db| {
    let mut s = seeded(&db, 120);
    add_late_rows(&mut s);
    let cfg = RiskConfig::default();
    let (mut notes, mut handovers) = (0, 0);
    s.scan_facts(Parts::SCORING, |lean| {
        let full = s.load_facts(lean.account.id).unwrap().unwrap();
        assert!(lean.touchpoints.iter().all(|t| t.note.is_empty()));
        assert!(
            lean.account.handover.pain_points.is_empty() && lean.contacts.iter().all(|c| c.email.is_empty())
        );
        notes += full.touchpoints.iter().filter(|t| !t.note.is_empty()).count();
        handovers += usize::from(!full.account.handover.pain_points.is_empty());
        assert_eq!(lean.account.name, full.account.name);
        assert_eq!(radar::refresh::score(&lean, now(), &cfg), radar::refresh::score(&full, now(), &cfg));
        Ok(())
    })
    .unwrap();
    assert!(notes > 0 && handovers > 0, "the demo has free text to leave out");
});

// A full recompute reads only the milestones scoring on its day looks at (issue 19): the
// scan gives exactly those of the full facts, and the scores are the full facts' scores.
// Also a day 200 days back, when many milestones done since were still open.
both!(scoring_on_a_day_reads_only_the_milestones_scoring_looks_at, |db| {
    let s = seeded(&db, 120);
    let cfg = RiskConfig::default();
    for back in [0, 200] {
        let now = now() - chrono::Duration::days(back);
        let (mut kept, mut left) = (0, 0);
        let mut done_later = 0;
        s.scan_facts(Parts::scoring_on(now.date()), |lean| {
            let full = s.load_facts(lean.account.id).unwrap().unwrap();
            let scored: Vec<_> = full
                .milestones
                .iter()
                .filter(|m| radar::domain::risk::milestone_scored_on(m, now.date()))
                .collect();
            assert_eq!(lean.milestones.iter().collect::<Vec<_>>(), scored, "account {}", full.account.name);
            done_later += scored.iter().filter(|m| m.done_on.is_some_and(|d| d > now.date())).count();
            kept += scored.len();
            left += full.milestones.len() - scored.len();
            assert_eq!(radar::refresh::score(&lean, now, &cfg), radar::refresh::score(&full, now, &cfg));
            Ok(())
        })
        .unwrap();
        assert!(kept > 0 && left > kept, "{back} days back: {kept} read, {left} left out");
        if back > 0 {
            assert!(done_later > 0, "milestones done after the day are read: overdue on it");
        }
    }
});

// The same for promises, requirements and their moves: each as the domain's tests keep
// them of the full facts, and the scores those of the full facts. Also a day 200 days back,
// when moves and promise outcomes since were still to come, and one ahead.
both!(scoring_on_a_day_reads_only_the_records_scoring_looks_at, |db| {
    use radar::domain::risk::{keep_scored_history, promise_scored_on, requirement_scored_on};
    let s = seeded(&db, 120);
    let cfg = RiskConfig::default();
    for shift in [0, -200, 30] {
        let now = now() + chrono::Duration::days(shift);
        let day = now.date();
        let (mut read, mut left, mut moves_left, mut later) = (0, 0, 0, 0);
        s.scan_facts(Parts::scoring_on(day), |lean| {
            let full = s.load_facts(lean.account.id).unwrap().unwrap();
            let promises: Vec<_> =
                full.promises.iter().filter(|p| promise_scored_on(p, day)).cloned().collect();
            let mut reqs: Vec<_> =
                full.requirements.iter().filter(|r| requirement_scored_on(r, day)).cloned().collect();
            reqs.iter_mut().for_each(|r| keep_scored_history(r, day));
            assert_eq!(lean.promises, promises, "account {}", full.account.name);
            assert_eq!(lean.requirements, reqs, "account {}", full.account.name);
            read += promises.len() + reqs.len();
            left += full.promises.len() + full.requirements.len() - promises.len() - reqs.len();
            let moves = |f: &AccountFacts| f.requirements.iter().map(|r| r.history.len()).sum::<usize>();
            moves_left += moves(&full) - moves(&lean);
            later += full.requirements.iter().flat_map(|r| &r.history).filter(|t| t.at.date() > day).count();
            assert_eq!(radar::refresh::score(&lean, now, &cfg), radar::refresh::score(&full, now, &cfg));
            Ok(())
        })
        .unwrap();
        assert!(
            read > 0 && left > 0 && moves_left > read,
            "{shift} days: {read} read, {left} and {moves_left} moves left"
        );
        if shift < 0 {
            assert!(later > 0, "moves after the day are not read");
        }
    }
});

/// From 5,000 accounts on, the recompute reads half on a second thread and connection.
#[test]
fn two_thread_recompute_stores_what_scoring_each_account_gives() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = seeded(&Backend::Sqlite(dir.path().join("p.db")), 6_000);
    let cfg = RiskConfig::default();
    assert_eq!(radar::refresh::recompute_all(&mut s, now(), &cfg).unwrap(), 6_000);
    assert_eq!(s.risk_as_of().unwrap(), Some(today()));
    let rows = s.portfolio(today()).unwrap();
    assert_eq!(rows.len(), 6_000);
    // Every 13th account, both halves, checked against its own load and score.
    for row in rows.iter().step_by(13) {
        let f = s.load_facts(row.id).unwrap().unwrap();
        let (a, priority) = radar::refresh::score(&f, now(), &cfg);
        assert_eq!(
            (row.score, row.band, row.priority),
            (Some(a.score), Some(a.band), priority),
            "{}",
            row.name
        );
    }
}

both!(streamed_report_agenda_and_triage_match_the_whole_portfolio_versions, |db| {
    let mut s = seeded(&db, 250);
    let cfg = RiskConfig::default();
    let all = s.load_all_facts().unwrap();
    let (from, to) =
        (NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 3, 31).unwrap());
    let currency = s.main_currency().unwrap().unwrap();
    let period = ReportPeriod { from, to, today: today(), currency };
    let whole = renewal_report(&all, &period, |f| assess(f, now(), &cfg).band);
    assert!(whole.due_count > 0 && whole.pending_count > 0, "the period has renewals: {whole:?}");
    let assessed =
        scans::renewal_report(&s, (from, to), None, now(), &cfg, Bands::Assess, &OwnerFilter::all()).unwrap();
    assert_eq!(assessed, whole);
    // Cache stale: the dashboard's report assesses too; fresh: it reads the cached bands.
    let before =
        scans::renewal_report(&s, (from, to), None, now(), &cfg, Bands::CachedIfFresh, &OwnerFilter::all())
            .unwrap();
    assert_eq!(before, whole);
    radar::refresh::recompute_all(&mut s, now(), &cfg).unwrap();
    let cached =
        scans::renewal_report(&s, (from, to), None, now(), &cfg, Bands::CachedIfFresh, &OwnerFilter::all())
            .unwrap();
    assert_eq!(cached, whole);

    let stall = StallLimits { p0_days: 7, p1_days: 30 };
    let items = agenda::agenda(&all, now(), 14, stall);
    let entries = scans::agenda(&s, now(), 14, stall, &OwnerFilter::all()).unwrap();
    assert!(!items.is_empty());
    assert_eq!(entries.iter().map(|e| e.item.clone()).collect::<Vec<_>>(), items);
    for e in &entries {
        let f = all.iter().find(|f| f.account.id == e.item.account_id).unwrap();
        assert_eq!((&e.name, &e.external_id), (&f.account.name, &f.account.external_id));
    }

    let fx = s.converter(cfg.report_currency).unwrap();
    let triage = scans::triage(&s, now(), &cfg, &OwnerFilter::all(), &fx).unwrap();
    let live = all.iter().filter(|f| !radar::domain::risk::is_churned(f, today())).count();
    assert_eq!(triage.len(), live);
    assert!(
        triage
            .windows(2)
            .all(|w| (w[0].priority, w[0].assessment.score) >= (w[1].priority, w[1].assessment.score))
    );
});

both!(first_page_is_the_top_of_the_triage_order_with_ties, |db| {
    let mut s = seeded(&db, 400);
    let (none, total) = s.portfolio_top(today(), 50).unwrap();
    assert!(none.is_empty(), "no first page before every account is scored");
    assert_eq!(total, 400);
    radar::refresh::recompute_all(&mut s, now(), &RiskConfig::default()).unwrap();
    let all = s.portfolio(today()).unwrap();
    let (top, total) = s.portfolio_top(today(), 50).unwrap();
    assert_eq!(total, 400);
    assert!(top.len() >= 50 && top.len() < 400, "{} rows", top.len());
    let key = |r: &radar::store::PortfolioRow| (r.priority, r.score);
    let cut = top.iter().map(key).min().unwrap();
    let expected: Vec<_> = all.iter().filter(|r| key(r) >= cut).cloned().collect();
    assert_eq!(top, expected, "every row at or above the 50th, and only those");
    let mut keys: Vec<_> = all.iter().map(key).collect();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(cut, keys[49], "the 50th highest is the cut");
});

// What the agenda ranks by is read narrowly (issue 19, the dashboard's peak memory): it
// must stay exactly what the portfolio rows say, scored or not, with or without a term.
both!(stakes_and_owner_counts_are_the_portfolios, |db| {
    let mut s = seeded(&db, 120);
    radar::refresh::recompute_all(&mut s, now(), &RiskConfig::default()).unwrap();
    // Unscored accounts, an owner left blank, a wide owner, an account without a term.
    let opts = DemoOptions { accounts: 140, seed: 11, today: today() };
    let mut late = demo::generate_range(&opts, 120..140).unwrap();
    late[0].account.owner = String::new();
    late[1].account.owner = "成都天府云图 王小明 \u{1F680}".into();
    late[2].terms.clear();
    s.insert_facts(&mut late, false).unwrap();

    let rows = s.portfolio(today()).unwrap();
    let from_rows: Vec<_> = rows.iter().map(|r| (r.id, r.arr, r.renewal_date, r.score)).collect();
    let stakes: Vec<_> =
        s.stakes().unwrap().into_iter().map(|a| (a.id, a.arr, a.renewal_date, a.score)).collect();
    assert_eq!(stakes, from_rows);
    assert!(stakes.iter().any(|a| a.3.is_none()) && stakes.iter().any(|a| a.3.is_some()));
    assert!(stakes.iter().any(|a| a.2.is_none()), "an account without an open term");

    // Churned as the metrics pane's book counts it (`capacity::Book`): a churn recorded,
    // or a stage set to churned, with no open term.
    let mut counted: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for f in s.load_all_facts().unwrap() {
        let mut one = radar::domain::capacity::Book::default();
        one.add(&f, &radar::domain::money::Converter::new(radar::domain::Currency::CNY, Vec::new()));
        let c = counted.entry(f.account.owner.clone()).or_default();
        c.0 += 1;
        c.1 += usize::from(one.accounts() == 0);
    }
    let expected: Vec<_> = counted
        .into_iter()
        .map(|(owner, (accounts, churned))| radar::domain::owner::OwnerCount { owner, accounts, churned })
        .collect();
    assert!(expected.iter().any(|c| c.churned > 0), "the demo has churned accounts: {expected:?}");
    assert_eq!(s.owner_counts().unwrap(), expected);
});
