//! Boundary tests for promises, requirements, complaints and milestones.

use super::RuleId;
use super::testkit::*;
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::Duration;

#[test]
fn promise_broken_counts_only_this_term() {
    let mut f = healthy();
    let term_start = f.terms[1].start;
    f.promises = vec![promise(1, PromiseStatus::Broken, term_start - Duration::days(1), None)];
    assert!(!fires(&f, RuleId::PromiseBroken), "broken in the previous term");
    f.promises[0].status_on = term_start;
    assert!(fires(&f, RuleId::PromiseBroken));
    assert_eq!(arg_of(&f, RuleId::PromiseBroken, "count").as_deref(), Some("1"));
    f.promises[0].status_on = today() + Duration::days(1);
    assert!(!fires(&f, RuleId::PromiseBroken), "broken tomorrow: still open today");
}

#[test]
fn promise_overdue_the_day_after_its_due_date() {
    let mut f = healthy();
    f.promises = vec![promise(1, PromiseStatus::Open, days_ago(300), Some(today()))];
    assert!(!fires(&f, RuleId::PromiseOverdue), "due today");
    f.promises[0].due = Some(days_ago(1));
    assert!(fires(&f, RuleId::PromiseOverdue));
    assert_eq!(arg_of(&f, RuleId::PromiseOverdue, "days").as_deref(), Some("1"));
    f.promises[0].status = PromiseStatus::Kept;
    f.promises[0].status_on = days_ago(2);
    assert!(!fires(&f, RuleId::PromiseOverdue), "kept");
    f.promises[0].status = PromiseStatus::Withdrawn;
    f.promises[0].status_on = today() + Duration::days(3);
    assert!(fires(&f, RuleId::PromiseOverdue), "withdrawn only later: open and overdue today");
}

#[test]
fn requirement_stalled_p0_after_7_days_p1_after_30() {
    let mut f = healthy();
    f.requirements = vec![requirement(1, ReqLevel::P0, days_ago(7))];
    assert!(!fires(&f, RuleId::RequirementStalled));
    f.requirements[0].raised_on = days_ago(8);
    assert!(fires(&f, RuleId::RequirementStalled));
    f.requirements[0].level = ReqLevel::P1;
    assert!(!fires(&f, RuleId::RequirementStalled), "a P1 at 8 days");
    f.requirements[0].raised_on = days_ago(30);
    assert!(!fires(&f, RuleId::RequirementStalled));
    f.requirements[0].raised_on = days_ago(31);
    assert!(fires(&f, RuleId::RequirementStalled));
    f.requirements[0].level = ReqLevel::P2;
    f.requirements[0].raised_on = days_ago(300);
    assert!(!fires(&f, RuleId::RequirementStalled), "P2 never stalls the renewal");
}

#[test]
fn requirement_stalled_follows_the_status_as_of_today() {
    let mut f = healthy();
    let mut r = requirement(1, ReqLevel::P0, days_ago(20));
    r.history.push(ReqTransition {
        status: ReqStatus::Analysed,
        at: days_ago(15).and_hms_opt(10, 0, 0).unwrap(),
        note: String::new(),
    });
    r.history.push(ReqTransition {
        status: ReqStatus::Rejected,
        at: (today() + Duration::days(1)).and_hms_opt(10, 0, 0).unwrap(),
        note: String::new(),
    });
    r.status = ReqStatus::Rejected;
    f.requirements = vec![r];
    assert!(fires(&f, RuleId::RequirementStalled), "rejected only tomorrow");
    assert_eq!(arg_of(&f, RuleId::RequirementStalled, "req_status").as_deref(), Some("analysed"));
    assert_eq!(arg_of(&f, RuleId::RequirementStalled, "stalled").as_deref(), Some("15"));
    f.requirements[0].history[2].at = days_ago(1).and_hms_opt(10, 0, 0).unwrap();
    assert!(!fires(&f, RuleId::RequirementStalled));
}

/// Delivered is past product: the loop is closed by telling the customer (the agenda's
/// item), so it no longer stalls the renewal, while every earlier step still does.
#[test]
fn a_delivered_requirement_is_not_stalled() {
    let mut f = healthy();
    let mut r = requirement(1, ReqLevel::P1, days_ago(50));
    r.history.push(ReqTransition {
        status: ReqStatus::Scheduled,
        at: days_ago(13).and_hms_opt(10, 0, 0).unwrap(),
        note: String::new(),
    });
    r.status = ReqStatus::Scheduled;
    f.requirements = vec![r];
    assert!(fires(&f, RuleId::RequirementStalled), "scheduled, 50 days after it was raised");
    let delivered = ReqTransition {
        status: ReqStatus::Delivered,
        at: today().and_hms_opt(9, 0, 0).unwrap(),
        note: String::new(),
    };
    f.requirements[0].history.push(delivered);
    f.requirements[0].status = ReqStatus::Delivered;
    assert!(!fires(&f, RuleId::RequirementStalled), "delivered today");
    f.requirements[0].history[2].at = (today() + Duration::days(1)).and_hms_opt(9, 0, 0).unwrap();
    assert!(fires(&f, RuleId::RequirementStalled), "delivered only tomorrow: scheduled today");
}

#[test]
fn complaint_open_after_24_hours_not_at_24() {
    let mut f = healthy();
    f.complaints = vec![complaint(1, noon() - Duration::hours(24))];
    assert!(!fires(&f, RuleId::ComplaintOpen), "exactly 24 h");
    f.complaints[0].raised_at = noon() - Duration::hours(25);
    assert!(fires(&f, RuleId::ComplaintOpen));
    assert_eq!(arg_of(&f, RuleId::ComplaintOpen, "hours").as_deref(), Some("25"));
    f.complaints[0].resolved_at = Some(noon() - Duration::minutes(1));
    assert!(!fires(&f, RuleId::ComplaintOpen), "resolved");
    f.complaints[0].resolved_at = Some(noon() + Duration::minutes(1));
    assert!(fires(&f, RuleId::ComplaintOpen), "resolved only later");
}

#[test]
fn milestone_overdue_five_each_capped_at_fifteen() {
    let mut f = healthy();
    f.milestones = vec![milestone(1, MilestoneKind::Qbr, today())];
    assert!(!fires(&f, RuleId::MilestoneOverdue), "due today is not overdue");
    let points = |f: &AccountFacts| {
        assess_now(f).reasons.iter().find(|r| r.rule == RuleId::MilestoneOverdue).map_or(0, |r| r.points)
    };
    f.milestones = (1..=2).map(|i| milestone(i, MilestoneKind::Qbr, days_ago(i))).collect();
    assert_eq!(points(&f), 10);
    f.milestones = (1..=5).map(|i| milestone(i, MilestoneKind::T90, days_ago(i))).collect();
    assert_eq!(points(&f), 15);
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "count").as_deref(), Some("5"));
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "due"), Some(days_ago(5).to_string()));
    for m in &mut f.milestones {
        m.status = MilestoneStatus::Done;
        m.done_on = Some(today());
    }
    assert!(!fires(&f, RuleId::MilestoneOverdue));
}

/// The lapsed term's T-0 (renewal outcome) is `renewal_lapsed`'s fact, counted there
/// once: it was counted twice (+25 lapsed, +5 overdue T-0; CSM trial, session 22). A T-0
/// of another date (snoozed past the end) or left pending by a term whose outcome is
/// recorded still counts, as every other overdue step does.
#[test]
fn a_lapsed_terms_t0_counts_once_as_the_lapse() {
    let mut f = healthy();
    let end = days_ago(10);
    f.terms[1].end = end;
    f.milestones = vec![milestone(1, MilestoneKind::T0, end), milestone(2, MilestoneKind::T30, days_ago(40))];
    assert!(fires(&f, RuleId::RenewalLapsed));
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "count").as_deref(), Some("1"), "the T-30 alone");
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "milestone").as_deref(), Some("t30"));
    f.milestones[0].due = end + Duration::days(3);
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "count").as_deref(), Some("2"), "snoozed past the end");
    f.milestones[0].due = end;
    f.terms[1].outcome = Some(TermOutcome::Renewed { decided_on: days_ago(2), new_arr: f.terms[1].arr });
    assert!(!fires(&f, RuleId::RenewalLapsed));
    assert_eq!(arg_of(&f, RuleId::MilestoneOverdue, "count").as_deref(), Some("2"), "not lapsed: counted");
}

/// A cap of 0 (`milestone_max_points = 0`) switches the rule off like 0 points do: no
/// reason of 0 points is listed (it would read "+0 … → do them now").
#[test]
fn milestone_overdue_capped_at_zero_gives_no_reason() {
    let mut f = healthy();
    f.milestones = (1..=3).map(|i| milestone(i, MilestoneKind::Qbr, days_ago(i))).collect();
    let mut cfg = crate::domain::config::RiskConfig::default();
    assert!(super::assess(&f, noon(), &cfg).reasons.iter().any(|r| r.rule == RuleId::MilestoneOverdue));
    cfg.params.milestone_max_points = 0;
    let a = super::assess(&f, noon(), &cfg);
    assert!(a.reasons.iter().all(|r| r.rule != RuleId::MilestoneOverdue && r.points > 0), "{:?}", a.reasons);
}

#[test]
fn reasons_sorted_by_points_then_rule_order_and_score_capped() {
    let mut f = healthy();
    f.account.tier = Tier::Micro; // small_account 5
    f.account.target_fit = false; // non_target 10
    f.complaints = vec![complaint(1, noon() - Duration::hours(48))]; // 15
    f.promises = vec![promise(1, PromiseStatus::Open, days_ago(300), Some(days_ago(3)))]; // 10
    let a = assess_now(&f);
    let order: Vec<(RuleId, u32)> = a.reasons.iter().map(|r| (r.rule, r.points)).collect();
    assert_eq!(
        order,
        [
            (RuleId::ComplaintOpen, 15),
            (RuleId::PromiseOverdue, 10),
            (RuleId::NonTarget, 10),
            (RuleId::SmallAccount, 5)
        ]
    );
    assert_eq!((a.score, a.band), (40, super::Band::Watch));
    for c in &mut f.contacts {
        c.left_on = Some(days_ago(1));
    }
    // No logins for three weeks while data still comes in (a fact, not a gap).
    for u in f.usage.iter_mut().filter(|u| u.date > days_ago(21)) {
        u.logins = 0;
    }
    assert_eq!(assess_now(&f).score, 100);
}

#[test]
fn zero_points_switch_a_rule_off_and_churned_accounts_are_not_scored() {
    let mut f = healthy();
    f.account.target_fit = false;
    let mut cfg = RiskConfig::default();
    cfg.points.set(RuleId::NonTarget, 0);
    assert_eq!(super::assess(&f, noon(), &cfg).score, 0);
    f.account.stage = Stage::Churned;
    assert_eq!(assess_now(&f).score, 0, "undated churn");
    f.account.stage = Stage::Renewal;
    f.terms[1].outcome = Some(TermOutcome::Churned {
        decided_on: today() + Duration::days(1),
        reason: ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    assert_eq!(assess_now(&f).score, 10, "churned tomorrow: still scored today");
    assert!(super::is_churned(&f, today() + Duration::days(1)));
}

/// What a full recompute reads of the milestones (issue 19): the overdue ones, as
/// `milestone_overdue` counts them, and the activation milestone whatever its state.
#[test]
fn scoring_looks_at_overdue_milestones_and_the_activation_one() {
    let scored = |m: &Milestone| super::milestone_scored_on(m, today());
    let mut m = milestone(1, MilestoneKind::Qbr, days_ago(1));
    assert!(scored(&m), "pending, due yesterday");
    m.due = today();
    assert!(!scored(&m), "due today");
    m.due = days_ago(7);
    m.status = MilestoneStatus::Done;
    m.done_on = Some(today());
    assert!(!scored(&m), "done today");
    m.done_on = Some(today() + Duration::days(1));
    assert!(scored(&m), "done tomorrow: overdue today");
    let mut a = milestone(2, MilestoneKind::Activation, today() + Duration::days(30));
    assert!(scored(&a), "the activation milestone, due later");
    a.status = MilestoneStatus::Done;
    a.done_on = Some(days_ago(200));
    assert!(scored(&a), "the activation milestone, done long ago");
}

/// An activation ticked done is what keeps the not-activated gap away: scoring must read it.
#[test]
fn the_activation_ticked_done_is_read_by_scoring() {
    let mut f = healthy();
    f.terms.truncate(1);
    f.terms[0].outcome = None;
    f.terms[0].end = today() + Duration::days(60);
    f.account.activated_on = None;
    let mut a = milestone(1, MilestoneKind::Activation, days_ago(250));
    a.status = MilestoneStatus::Done;
    a.done_on = Some(days_ago(240));
    f.milestones = vec![a];
    let mut read = f.clone();
    read.milestones.retain(|m| super::milestone_scored_on(m, today()));
    let mut untouched = f.clone();
    untouched.milestones.clear();
    assert_ne!(assess_now(&untouched).gaps, assess_now(&f).gaps, "the tick matters here");
    assert_eq!(assess_now(&read), assess_now(&f));
}

/// What a full recompute reads of the promises (issue 19): those open or broken on the day.
#[test]
fn scoring_looks_at_promises_open_or_broken_that_day() {
    let scored = |p: &Promise| super::promise_scored_on(p, today());
    let mut p = promise(1, PromiseStatus::Open, days_ago(30), Some(days_ago(1)));
    assert!(scored(&p), "open");
    p.status = PromiseStatus::Broken;
    assert!(scored(&p), "broken");
    for status in [PromiseStatus::Kept, PromiseStatus::Withdrawn] {
        p.status = status;
        p.status_on = today();
        assert!(!scored(&p), "{status:?} today");
        p.status_on = today() + Duration::days(1);
        assert!(scored(&p), "{status:?} tomorrow: open today");
    }
    p.made_on = today() + Duration::days(1);
    assert!(!scored(&p), "made tomorrow");
}

/// What a full recompute reads of the requirements (issue 19): P0 and P1 raised by the
/// day, each with only its last transition on or before it.
#[test]
fn scoring_looks_at_p0_and_p1_requirements_and_their_last_move_by_the_day() {
    let scored = |r: &Requirement| super::requirement_scored_on(r, today());
    for (level, read) in
        [(ReqLevel::P0, true), (ReqLevel::P1, true), (ReqLevel::P2, false), (ReqLevel::P3, false)]
    {
        assert_eq!(scored(&requirement(1, level, today())), read, "{level:?} raised today");
    }
    assert!(!scored(&requirement(1, ReqLevel::P0, today() + Duration::days(1))), "raised tomorrow");

    let mut r = requirement(1, ReqLevel::P0, days_ago(90));
    let at = |days: i64, h: u32| (today() + Duration::days(days)).and_hms_opt(h, 0, 0).unwrap();
    for (status, when) in [
        (ReqStatus::Analysed, at(-60, 9)),
        (ReqStatus::Submitted, at(0, 8)),
        (ReqStatus::Scheduled, at(0, 23)),
        (ReqStatus::Delivered, at(1, 0)),
    ] {
        r.history.push(ReqTransition { status, at: when, note: String::new() });
    }
    let mut kept = r.clone();
    super::keep_scored_history(&mut kept, today());
    assert_eq!(kept.history, vec![r.history[3].clone()], "the last move of the day, not tomorrow's");
    assert_eq!(kept.status_at(today()), r.status_at(today()));
    assert_eq!(kept.status_since(today()), r.status_since(today()));
    let mut before = r.clone();
    super::keep_scored_history(&mut before, days_ago(91));
    assert!(before.history.is_empty(), "nothing moved by then");
}

/// Each promise broken this term counts: breaking a second one that was overdue adds its
/// points where its lateness is taken away (a CSM trial: `B` took a score from 70 to 60).
#[test]
fn a_second_promise_broken_adds_what_its_lateness_took_away() {
    let mut f = healthy();
    let term_start = f.terms[1].start;
    f.promises = vec![
        promise(1, PromiseStatus::Broken, term_start + Duration::days(1), None),
        promise(2, PromiseStatus::Open, days_ago(30), Some(days_ago(18))),
    ];
    let before = assess_now(&f);
    let points = |a: &super::Assessment, rule| a.reasons.iter().find(|r| r.rule == rule).map(|r| r.points);
    assert_eq!(points(&before, RuleId::PromiseBroken), Some(15));
    assert_eq!(points(&before, RuleId::PromiseOverdue), Some(10));
    (f.promises[1].status, f.promises[1].status_on) = (PromiseStatus::Broken, today());
    let after = assess_now(&f);
    assert_eq!(points(&after, RuleId::PromiseBroken), Some(30), "15 each");
    assert_eq!(points(&after, RuleId::PromiseOverdue), None);
    assert_eq!(after.score, before.score + 5);
}
