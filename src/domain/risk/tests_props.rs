//! Properties of the score over arbitrary accounts: bounded, monotone in risk facts,
//! blind to the future, and lowered a band by clearing the flip set.

use super::RuleId;
use super::testkit::*;
use super::{Band, assess, assess_cached, band_for, day_end, flip_set, trend};
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::{Duration, NaiveDate};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

fn day(range: std::ops::Range<i64>) -> impl Strategy<Value = NaiveDate> {
    range.prop_map(|d| today() + Duration::days(d))
}

fn contacts() -> impl Strategy<Value = Vec<Contact>> {
    let one = (
        select(Role::ALL),
        select(Stance::ALL),
        proptest::option::of(select(KpTier::ALL)),
        select(Influence::ALL),
        day(-500..5),
        proptest::option::of(day(-300..30)),
        proptest::option::of(day(-200..10)),
    );
    vec(one, 0..6).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (role, stance, tier, influence, added, left, last))| {
                let mut c = contact(i as i64 + 1, &format!("c{i}"), role, tier);
                c.stance = stance;
                c.influence = influence;
                c.added_on = added;
                c.left_on = left.filter(|l| *l > added);
                c.last_contact = last;
                c
            })
            .collect()
    })
}

fn records() -> impl Strategy<Value = (Vec<Promise>, Vec<Requirement>, Vec<Complaint>, Vec<Milestone>)> {
    let promise_s =
        (select(PromiseStatus::ALL), day(-200..20), proptest::option::of(day(-100..60)), 0i64..200).prop_map(
            |(s, on, due, made_before)| {
                let mut p = promise(0, s, on, due);
                p.made_on = on - Duration::days(made_before);
                p
            },
        );
    // Moves in the order made, several on one day at times (the last of a day is the one read).
    let req_s =
        (select(ReqLevel::ALL), day(-100..5), vec((select(ReqStatus::ALL), 0i64..60, 0u32..24), 0..4))
            .prop_map(|(level, raised, moves)| {
                let mut r = requirement(0, level, raised);
                let mut at = r.history[0].at;
                for (status, after, hour) in moves {
                    let next = (raised + Duration::days(after)).and_hms_opt(hour, 0, 0).unwrap_or_default();
                    at = at.max(next);
                    r.history.push(ReqTransition { status, at, note: String::new() });
                    r.status = status;
                }
                r
            });
    let complaint_s = (-2000i64..100, proptest::option::of(0i64..200)).prop_map(|(h, fix)| {
        let mut c = complaint(0, noon() + Duration::hours(h));
        c.resolved_at = fix.map(|f| c.raised_at + Duration::hours(f));
        c
    });
    let milestone_s = (
        select(MilestoneKind::ALL),
        day(-100..60),
        proptest::option::of(day(-100..30)),
        select(MilestoneStatus::ALL),
    )
        .prop_map(|(k, due, done, status)| {
            let mut m = milestone(0, k, due);
            m.done_on = done;
            // Done, skipped or superseded on a day; pending without one.
            m.status = match (done, status) {
                (None, _) => MilestoneStatus::Pending,
                (Some(_), MilestoneStatus::Pending) => MilestoneStatus::Done,
                (Some(_), s) => s,
            };
            m
        });
    (vec(promise_s, 0..4), vec(req_s, 0..4), vec(complaint_s, 0..3), vec(milestone_s, 0..6))
}

fn usage_and_touches() -> impl Strategy<Value = (Vec<UsageSnapshot>, Vec<Touchpoint>)> {
    let snap = (day(-120..5), 0u32..60, 0u32..60, 0u32..5, 0u32..2000, 0u32..12, 0u32..12).prop_map(
        |(d, active, seats, logins, minutes, used, total)| {
            let mut u = usage(0, d, active, seats, logins, minutes);
            (u.features_used, u.features_total) = (used, total);
            u
        },
    );
    let tp = (day(-200..10), 0i64..7).prop_map(|(d, c)| touch(0, c, d));
    (vec(snap, 0..12), vec(tp, 0..10))
}

fn account_and_terms() -> impl Strategy<Value = (Account, Vec<ContractTerm>)> {
    let account = (select(Tier::ALL), any::<bool>(), proptest::option::of(day(-700..30)), day(-900..0));
    let terms = (day(-900..20), vec(100i64..800, 0..3), 0u8..4);
    (account, terms).prop_map(|((tier, fit, activated, created), (start, lens, last))| {
        let mut a = Account::new("A", tier, Currency::CNY, created);
        a.target_fit = fit;
        a.activated_on = activated;
        let mut ts = Vec::new();
        let mut s = start;
        for (i, len) in lens.iter().enumerate() {
            let mut t = term(i as i64 + 1, s, s + Duration::days(*len), 1_000 * *len);
            s = t.end;
            let decided = t.end - Duration::days(5);
            t.outcome = if i + 1 < lens.len() || last == 1 {
                Some(TermOutcome::Renewed { decided_on: decided, new_arr: t.arr })
            } else if last == 2 {
                Some(TermOutcome::Churned {
                    decided_on: decided,
                    reason: ChurnReason::Price,
                    note: String::new(),
                    because_of: None,
                })
            } else {
                None
            };
            ts.push(t);
        }
        (a, ts)
    })
}

pub(super) fn facts() -> impl Strategy<Value = AccountFacts> {
    (account_and_terms(), contacts(), records(), usage_and_touches()).prop_map(
        |((account, terms), contacts, (promises, requirements, complaints, milestones), (usage, touches))| {
            let mut f = AccountFacts::new(account);
            f.terms = terms;
            f.contacts = contacts;
            f.promises = promises;
            f.requirements = requirements;
            f.complaints = complaints;
            f.milestones = milestones;
            f.usage = usage;
            f.touchpoints = touches;
            // Distinct ids, as the store would give.
            for (i, p) in f.promises.iter_mut().enumerate() {
                p.id = PromiseId(i as i64);
            }
            for (i, u) in f.usage.iter_mut().enumerate() {
                u.id = UsageId(i as i64);
            }
            for (i, t) in f.touchpoints.iter_mut().enumerate() {
                t.id = TouchpointId(i as i64);
            }
            f.normalise();
            f
        },
    )
}

pub(super) fn config() -> impl Strategy<Value = RiskConfig> {
    prop_oneof![
        Just(RiskConfig::default()),
        (vec(0u32..40, RuleId::ALL.len()), any::<[bool; 5]>(), 0u32..400).prop_map(|(pts, on, grace)| {
            let mut cfg = RiskConfig::default();
            let g = &mut cfg.gaps;
            (g.decision_maker, g.key_person, g.admin, g.usage, g.activation) =
                (on[0], on[1], on[2], on[3], on[4]);
            g.grace_days = grace;
            for (r, p) in RuleId::ALL.iter().zip(pts) {
                cfg.points.set(*r, p);
            }
            // What a valid config must keep (`config::REPLACES`): a rule that takes over
            // another's fact when a person leaves weighs at least as much.
            for (rule, replaced) in crate::domain::config::REPLACES {
                cfg.points.set(rule, cfg.points(rule).max(cfg.points(replaced)));
            }
            cfg
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn score_is_bounded_banded_and_sorted(f in facts(), cfg in config()) {
        let a = assess(&f, noon(), &cfg);
        prop_assert!(a.score <= 100);
        prop_assert_eq!(a.band, band_for(a.score, &cfg));
        prop_assert_eq!(a.score, a.reasons.iter().map(|r| r.points).sum::<u32>().min(100));
        prop_assert!(a.reasons.iter().all(|r| r.points > 0));
        prop_assert!(a.reasons.windows(2).all(|w| (w[0].points, w[1].rule) >= (w[1].points, w[0].rule)));
    }

    /// A cached answer (score, band, reasons kept) with only the facts the gaps read —
    /// terms, contacts, usage, milestones — is the whole assessment of the whole facts.
    #[test]
    fn assessing_from_the_cache_with_the_gap_facts_alone_is_assessing(f in facts(), cfg in config()) {
        let whole = assess(&f, noon(), &cfg);
        let gap_facts = AccountFacts {
            promises: Vec::new(),
            requirements: Vec::new(),
            complaints: Vec::new(),
            touchpoints: Vec::new(),
            ..f.clone()
        };
        let cached = (whole.score, whole.band, whole.reasons.clone());
        prop_assert_eq!(assess_cached(&gap_facts, noon(), &cfg, cached), whole);
    }

    /// A full recompute reads only the milestones `milestone_scored_on` keeps (issue 19):
    /// without the others the assessment is the same, on any day around the facts.
    #[test]
    fn the_milestones_scoring_skips_change_nothing(f in facts(), cfg in config(), shift in -120i64..60) {
        let now = noon() + Duration::days(shift);
        let mut read = f.clone();
        read.milestones.retain(|m| super::milestone_scored_on(m, now.date()));
        prop_assert_eq!(assess(&read, now, &cfg), assess(&f, now, &cfg));
    }

    /// A full recompute reads only the promises, requirements and transitions scoring on its
    /// day looks at (issue 19): without the others the assessment is the same.
    #[test]
    fn the_records_scoring_skips_change_nothing(f in facts(), cfg in config(), shift in -120i64..60) {
        let now = noon() + Duration::days(shift);
        let day = now.date();
        let mut read = f.clone();
        read.promises.retain(|p| super::promise_scored_on(p, day));
        read.requirements.retain(|r| super::requirement_scored_on(r, day));
        read.requirements.iter_mut().for_each(|r| super::keep_scored_history(r, day));
        prop_assert_eq!(assess(&read, now, &cfg), assess(&f, now, &cfg));
    }

    #[test]
    fn a_broken_promise_never_lowers_the_score(f in facts(), cfg in config()) {
        let before = assess(&f, noon(), &cfg).score;
        let mut g = f.clone();
        g.promises.push(promise(99, PromiseStatus::Broken, today(), None));
        prop_assert!(assess(&g, noon(), &cfg).score >= before);
    }

    /// Breaking a promise open on the day (overdue or not) is things getting worse: it never
    /// lowers the score, however many were broken before (a CSM trial saw 70 → 60).
    #[test]
    fn breaking_an_open_promise_never_lowers_the_score(
        f in facts(), cfg in config(), pick in any::<prop::sample::Index>()
    ) {
        let open: Vec<usize> = (0..f.promises.len())
            .filter(|i| f.promises[*i].status_at(today()) == Some(PromiseStatus::Open))
            .collect();
        prop_assume!(!open.is_empty());
        let i = open[pick.index(open.len())];
        let before = assess(&f, noon(), &cfg).score;
        let mut g = f.clone();
        (g.promises[i].status, g.promises[i].status_on) = (PromiseStatus::Broken, today());
        prop_assert!(assess(&g, noon(), &cfg).score >= before);
    }

    #[test]
    fn an_open_complaint_never_lowers_the_score(f in facts(), cfg in config(), hours in 0i64..200) {
        let before = assess(&f, noon(), &cfg).score;
        let mut g = f.clone();
        g.complaints.push(complaint(99, noon() - Duration::hours(hours)));
        prop_assert!(assess(&g, noon(), &cfg).score >= before);
    }

    // A supporter or neutral leaving can only hurt; an opponent leaving is good news,
    // so opponents are not a "risk fact" here.
    #[test]
    fn a_leaving_contact_never_lowers_the_score(f in facts(), cfg in config(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!f.contacts.is_empty());
        let i = pick.index(f.contacts.len());
        prop_assume!(f.contacts[i].stance != Stance::Opponent);
        let before = assess(&f, noon(), &cfg).score;
        let mut g = f.clone();
        g.contacts[i].left_on = Some(g.contacts[i].left_on.map_or(today(), |l| l.min(today())));
        prop_assert!(assess(&g, noon(), &cfg).score >= before);
    }

    #[test]
    fn facts_dated_after_now_are_ignored(f in facts(), ahead in 1i64..100) {
        let cfg = RiskConfig::default();
        let before = assess(&f, noon(), &cfg);
        let later = today() + Duration::days(ahead);
        let mut g = f.clone();
        let mut c = contact(50, "future", Role::DecisionMaker, Some(KpTier::Tier1));
        c.added_on = later;
        g.contacts.push(c);
        g.touchpoints.push(touch(50, 1, later));
        g.usage.push(usage(50, later, 0, 100, 0, 0));
        let mut p = promise(50, PromiseStatus::Broken, later, Some(later));
        p.made_on = later;
        g.promises.push(p);
        g.requirements.push(requirement(50, ReqLevel::P0, later));
        g.complaints.push(complaint(50, noon() + Duration::minutes(ahead)));
        g.milestones.push(milestone(50, MilestoneKind::T0, later));
        g.normalise();
        prop_assert_eq!(assess(&g, noon(), &cfg), before);
    }

    #[test]
    fn clearing_the_flip_set_lowers_the_band(f in facts(), cfg in config()) {
        let a = assess(&f, noon(), &cfg);
        let set = flip_set(&a, &cfg);
        prop_assert_eq!(set.is_empty(), a.band == Band::Healthy);
        let mut cleared = cfg.clone();
        for r in &set {
            cleared.points.set(*r, 0);
        }
        let b = assess(&f, noon(), &cleared);
        if a.band != Band::Healthy {
            prop_assert!(b.band < a.band, "{:?} -> {:?} after clearing {:?}", a.band, b.band, set);
        }
    }

    #[test]
    fn trend_ends_with_todays_score(f in facts(), weeks in 1usize..14) {
        let cfg = RiskConfig::default();
        let t = trend(&f, today(), &cfg, weeks);
        prop_assert_eq!(t.len(), weeks);
        prop_assert_eq!(t.last().copied(), Some(assess(&f, day_end(today()), &cfg).score));
        prop_assert!(t.iter().all(|s| *s <= 100));
    }
}
