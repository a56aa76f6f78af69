//! Boundary tests for the usage rules and the account rules.

use super::GapKind;
use super::RuleId;
use super::testkit::*;
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::Duration;

#[test]
fn usage_stopped_no_logins_from_14_days() {
    let mut f = healthy();
    // Last login 13 days ago, a zero-login snapshot since.
    f.usage = vec![usage(1, days_ago(13), 30, 40, 50, 500), usage(2, days_ago(2), 30, 40, 0, 0)];
    assert!(!fires(&f, RuleId::UsageStopped));
    f.usage[0].date = days_ago(14);
    assert!(fires(&f, RuleId::UsageStopped));
    assert_eq!(arg_of(&f, RuleId::UsageStopped, "variant").as_deref(), Some("no_logins"));
    assert_eq!(arg_of(&f, RuleId::UsageStopped, "days").as_deref(), Some("14"));
    // Without newer data, an old login is a lack of data, not proof of silence.
    f.usage.pop();
    assert!(!fires(&f, RuleId::UsageStopped));
}

/// The default config with the usage gap scoring after the grace period.
fn scoring_usage_gaps() -> RiskConfig {
    let mut cfg = RiskConfig::default();
    cfg.gaps.usage = true;
    cfg
}

fn usage_reason(f: &AccountFacts, cfg: &RiskConfig) -> Option<super::Reason> {
    super::assess(f, noon(), cfg).reasons.into_iter().find(|r| r.rule == RuleId::UsageStopped)
}

#[test]
fn stale_usage_data_from_30_days_is_a_gap() {
    let cfg = scoring_usage_gaps();
    let mut f = healthy();
    f.usage = vec![usage(1, days_ago(29), 30, 40, 50, 500)];
    assert!(usage_reason(&f, &cfg).is_none());
    assert!(assess_now(&f).gaps.is_empty());
    f.usage[0].date = days_ago(30);
    assert!(!fires(&f, RuleId::UsageStopped), "not known is not stopped: no score by default");
    let gaps = assess_now(&f).gaps;
    assert_eq!(gaps.len(), 1);
    assert_eq!((gaps[0].kind, gaps[0].scored), (GapKind::Usage, false));
    let r = usage_reason(&f, &cfg).expect("scored when [risk.gaps] usage = true");
    assert_eq!(r.args.iter().find(|(k, _)| k == "variant"), None, "the plain no-data sentence");
    // A snapshot dated tomorrow is not known today.
    f.usage.push(usage(2, today() + Duration::days(1), 30, 40, 50, 500));
    assert!(usage_reason(&f, &cfg).is_some());
}

#[test]
fn no_usage_data_ever_is_a_gap_counted_from_creation() {
    let cfg = scoring_usage_gaps();
    let mut f = healthy();
    f.usage.clear();
    f.account.created_on = days_ago(29);
    assert!(usage_reason(&f, &cfg).is_none(), "inside the grace period");
    assert_eq!(assess_now(&f).gaps.iter().map(|g| g.kind).collect::<Vec<_>>(), [GapKind::Usage]);
    f.account.created_on = days_ago(30);
    assert!(!fires(&f, RuleId::UsageStopped));
    let r = usage_reason(&f, &cfg).expect("scored when switched on");
    assert_eq!(r.args[0], ("variant".to_string(), "never".to_string()));
}

/// Two windows of 30 days: `before` users in (60, 30] days ago, `after` in (30, 0]
/// (day -30 itself belongs to the earlier window).
fn users_before_after(before: u32, after: u32) -> AccountFacts {
    let mut f = healthy();
    f.usage = vec![
        usage(1, days_ago(45), before, 200, 100, 1_000),
        usage(2, days_ago(30), before, 200, 100, 1_000),
        usage(3, days_ago(29), after, 200, 100, 1_000),
        usage(4, days_ago(1), after, 200, 100, 1_000),
    ];
    f
}

#[test]
fn usage_declining_at_30_percent_not_29() {
    assert!(!fires(&users_before_after(100, 71), RuleId::UsageDeclining));
    let f = users_before_after(100, 70);
    assert!(fires(&f, RuleId::UsageDeclining));
    assert_eq!(arg_of(&f, RuleId::UsageDeclining, "pct").as_deref(), Some("30"));
    assert_eq!(arg_of(&f, RuleId::UsageDeclining, "variant"), None, "active users: the plain sentence");
    assert!(!fires(&users_before_after(100, 130), RuleId::UsageDeclining));
}

#[test]
fn usage_declining_compares_averages_and_sees_minutes() {
    let mut f = users_before_after(100, 100);
    // Three snapshots in the recent window against two before: same average, no decline.
    f.usage.push(usage(5, days_ago(2), 100, 200, 100, 1_000));
    f.normalise();
    assert!(!fires(&f, RuleId::UsageDeclining));
    for u in f.usage.iter_mut().filter(|u| u.date > days_ago(30)) {
        u.minutes = 600;
    }
    assert!(fires(&f, RuleId::UsageDeclining));
    assert_eq!(arg_of(&f, RuleId::UsageDeclining, "variant").as_deref(), Some("minutes"));
    assert_eq!(arg_of(&f, RuleId::UsageDeclining, "pct").as_deref(), Some("40"));
}

#[test]
fn low_seat_use_below_40_percent() {
    let mut f = healthy();
    f.usage = vec![usage(1, days_ago(1), 40, 100, 10, 100)];
    assert!(!fires(&f, RuleId::LowSeatUse), "exactly 40%");
    f.usage[0].active_users = 39;
    assert!(fires(&f, RuleId::LowSeatUse));
    assert_eq!(arg_of(&f, RuleId::LowSeatUse, "pct").as_deref(), Some("39"));
    f.usage[0].seats = 0;
    assert!(!fires(&f, RuleId::LowSeatUse), "no seat count, no ratio");
}

#[test]
fn shallow_adoption_below_30_percent() {
    let mut f = healthy();
    f.usage = vec![usage(1, days_ago(1), 30, 40, 10, 100)];
    f.usage[0].features_used = 3;
    assert!(!fires(&f, RuleId::ShallowAdoption), "exactly 30%");
    f.usage[0].features_total = 11;
    assert!(fires(&f, RuleId::ShallowAdoption));
    assert_eq!(arg_of(&f, RuleId::ShallowAdoption, "pct").as_deref(), Some("27"));
}

fn first_term_started(days: i64) -> AccountFacts {
    let mut f = healthy();
    f.terms = vec![term(1, days_ago(days), days_ago(days) + Duration::days(365), 50_000)];
    f.account.activated_on = None;
    f
}

#[test]
fn not_activated_from_day_30_of_the_first_term() {
    assert!(!fires(&first_term_started(29), RuleId::NotActivated));
    let mut f = first_term_started(30);
    assert!(fires(&f, RuleId::NotActivated));
    f.account.activated_on = Some(today() + Duration::days(1));
    assert!(fires(&f, RuleId::NotActivated), "activated tomorrow");
    f.account.activated_on = Some(today());
    assert!(!fires(&f, RuleId::NotActivated));
    let mut f = healthy();
    f.account.activated_on = None;
    assert!(!fires(&f, RuleId::NotActivated), "in a renewed term");
}

#[test]
fn non_target_and_small_account() {
    let mut f = healthy();
    f.account.target_fit = false;
    assert_eq!(fired(&f), [RuleId::NonTarget]);
    let mut f = healthy();
    f.account.tier = Tier::Mid;
    assert!(!fires(&f, RuleId::SmallAccount));
    for tier in [Tier::Small, Tier::Micro] {
        f.account.tier = tier;
        assert_eq!(fired(&f), [RuleId::SmallAccount]);
    }
}

#[test]
fn trend_reads_the_past_from_dated_facts() {
    let mut f = healthy();
    // A complaint raised three weeks ago and never resolved, and an admin who left 10 days ago.
    f.complaints = vec![complaint(1, noon() - Duration::days(21))];
    f.contacts[1].left_on = Some(days_ago(10));
    // An older touch keeps the decision maker warm in the early weeks too.
    f.touchpoints.insert(0, touch(9, 1, days_ago(50)));
    let t = super::trend(&f, today(), &crate::domain::config::RiskConfig::default(), 5);
    // Weeks ending 28, 21, 14, 7 and 0 days ago. On day -21 the complaint is 12 h old.
    assert_eq!(t, [0, 0, 15, 25, 25]);
    assert_eq!(
        t.last().copied(),
        Some(super::assess(&f, super::day_end(today()), &Default::default()).score)
    );
    assert!(super::trend(&f, today(), &Default::default(), 0).is_empty());
}

/// With no grace period, an account without usage data still has `no_usage_data_days`
/// before the gap may score: both must hold, not either.
#[test]
fn no_usage_data_scores_only_when_both_the_grace_and_the_data_days_are_over() {
    let mut cfg = scoring_usage_gaps();
    cfg.gaps.grace_days = 0;
    let mut f = healthy();
    f.usage.clear();
    f.account.created_on = days_ago(29);
    assert!(usage_reason(&f, &cfg).is_none(), "grace over, but only 29 days without data");
    f.account.created_on = days_ago(30);
    assert!(usage_reason(&f, &cfg).is_some());
    // And the other way round: 40 days without data, still inside a 60-day grace period.
    cfg.gaps.grace_days = 60;
    f.account.created_on = days_ago(40);
    assert!(usage_reason(&f, &cfg).is_none(), "inside the grace period");
}
