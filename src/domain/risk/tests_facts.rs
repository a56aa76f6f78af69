//! One fact counts once, and unknown is not risk (issue 16): filling in one missing
//! record removes the points of at most one rule, and an account the CSM has had for less
//! than the grace period scores nothing for what is simply not recorded yet.

use super::RuleId;
use super::testkit::*;
use super::tests_props::facts;
use super::{Assessment, GapKind, assess};
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::Duration;
use proptest::prelude::*;

/// The uncapped sum of the points (the cap would hide a double count above 100).
fn total(a: &Assessment) -> u32 {
    a.reasons.iter().map(|r| r.points).sum()
}

/// A supportive contact added long ago and contacted today.
fn in_touch(id: i64, role: Role, tier: Option<KpTier>) -> Contact {
    let mut c = contact(id, &format!("new {id}"), role, tier);
    c.last_contact = Some(today());
    c
}

/// One fact filled in, and the rules that may count that fact.
fn fill(f: &AccountFacts, which: usize) -> (AccountFacts, Vec<RuleId>) {
    let mut g = f.clone();
    let rules = match which {
        0 => {
            g.contacts.push(in_touch(90, Role::DecisionMaker, None));
            vec![RuleId::NoDecisionMaker]
        }
        1 => {
            g.contacts.push(in_touch(91, Role::User, Some(KpTier::Tier1)));
            vec![RuleId::LowPowerOnly, RuleId::KpSilent]
        }
        2 => {
            g.contacts.push(in_touch(92, Role::Admin, None));
            vec![RuleId::AdminGone]
        }
        _ => {
            // Activation, recorded both ways the CSM can: the date, and the milestone done.
            let start = g.terms.first().map_or(today(), |t| t.start);
            g.account.activated_on = Some(start);
            for m in g.milestones.iter_mut().filter(|m| m.kind == MilestoneKind::Activation) {
                m.status = MilestoneStatus::Done;
                m.done_on = Some(start);
            }
            vec![RuleId::NotActivated]
        }
    };
    (g, rules)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A fact counted by two rules is impossible: filling in one fact lowers the score by
    /// at most the points of the one rule that counts it.
    #[test]
    fn filling_in_one_fact_clears_at_most_one_rule(f in facts(), which in 0usize..4) {
        let cfg = RiskConfig::default();
        let before = assess(&f, noon(), &cfg);
        let (g, rules) = fill(&f, which);
        let after = assess(&g, noon(), &cfg);
        let allowed = rules.iter().map(|r| cfg.points(*r)).max().unwrap_or(0);
        prop_assert!(
            total(&before) <= total(&after) + allowed,
            "filling fact {} dropped {} -> {} (allowed {}):\nbefore {:?}\nafter {:?}",
            which, total(&before), total(&after), allowed, before.reasons, after.reasons
        );
    }
}

/// An account imported a week ago with a year of history and nothing else known: no
/// contacts, no usage data, no activation date, renewal in 20 days.
fn imported(days_ago_created: i64) -> AccountFacts {
    let mut a =
        Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, days_ago(days_ago_created));
    a.id = AccountId(1);
    let mut f = AccountFacts::new(a);
    f.terms = vec![term(1, days_ago(345), today() + Duration::days(20), 80_000)];
    f
}

#[test]
fn gaps_score_nothing_inside_the_grace_period() {
    let a = assess_now(&imported(7));
    assert_eq!(a.score, 0, "{:?}", a.reasons);
}

#[test]
fn after_the_grace_period_a_missing_decision_maker_counts_once() {
    let a = assess_now(&imported(40));
    let rules: Vec<RuleId> = a.reasons.iter().map(|r| r.rule).collect();
    assert!(rules.contains(&RuleId::NoDecisionMaker), "{rules:?}");
    assert!(!rules.contains(&RuleId::RenewalUnconfirmed), "{rules:?}");
    assert!(!rules.contains(&RuleId::KpSilent), "{rules:?}");
    assert!(!rules.contains(&RuleId::UsageStopped), "{rules:?}");
}

/// Every gap switched on (or off) in `[risk.gaps]`, the rest of `cfg` kept.
fn with_gaps(cfg: &RiskConfig, on: bool) -> RiskConfig {
    let mut c = cfg.clone();
    let g = &mut c.gaps;
    (g.decision_maker, g.key_person, g.admin, g.usage, g.activation) = (on, on, on, on, on);
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Inside the grace period, whether gaps may score changes nothing at all; after it,
    /// only the rules of the gaps listed can move, and a gap is marked scored exactly when
    /// its rule fired.
    #[test]
    fn gaps_score_nothing_inside_the_grace_period_and_only_through_their_rule(
        f in facts(), cfg in super::tests_props::config()
    ) {
        let (on, off) = (with_gaps(&cfg, true), with_gaps(&cfg, false));
        let (a_on, a_off) = (assess(&f, noon(), &on), assess(&f, noon(), &off));
        prop_assert_eq!(&a_on.gaps.iter().map(|g| g.kind).collect::<Vec<_>>(),
                        &a_off.gaps.iter().map(|g| g.kind).collect::<Vec<_>>());
        prop_assert!(a_off.gaps.iter().all(|g| !g.scored));
        let inside = a_on.grace_ends.is_some_and(|d| today() < d);
        if inside {
            prop_assert_eq!(&a_on, &a_off);
        }
        let gap_rules: Vec<RuleId> = a_on.gaps.iter().map(|g| g.kind.rule()).collect();
        let others = |a: &Assessment| -> Vec<(RuleId, u32)> {
            a.reasons.iter().filter(|r| !gap_rules.contains(&r.rule)).map(|r| (r.rule, r.points)).collect()
        };
        prop_assert_eq!(others(&a_on), others(&a_off));
        for g in &a_on.gaps {
            prop_assert_eq!(g.scored, a_on.reasons.iter().any(|r| r.rule == g.kind.rule()));
        }
        let (known, checks) = a_on.completeness();
        prop_assert!(known <= checks && checks <= 5);
        prop_assert_eq!(checks - known, a_on.gaps.len() as u32);
    }
}

#[test]
fn the_gap_list_and_completeness_of_a_new_import() {
    let a = assess_now(&imported(7));
    let kinds: Vec<GapKind> = a.gaps.iter().map(|g| g.kind).collect();
    use GapKind::*;
    assert_eq!(kinds, [DecisionMaker, KeyPerson, Admin, Usage, Activation]);
    assert_eq!(a.completeness(), (0, 5));
    assert_eq!(a.grace_ends, Some(days_ago(7) + Duration::days(30)));
    assert!(a.gaps.iter().all(|g| !g.scored));
    // After the grace period the decision maker and activation gaps score (the defaults),
    // the others are still only listed.
    let a = assess_now(&imported(40));
    let scored: Vec<GapKind> = a.gaps.iter().filter(|g| g.scored).map(|g| g.kind).collect();
    assert_eq!(scored, [DecisionMaker, Activation]);
    assert_eq!(a.score, 30, "{:?}", a.reasons);
    // A healthy account has nothing missing.
    assert_eq!(assess_now(&healthy()).completeness(), (4, 4));
}

#[test]
fn gaps_render_in_both_languages() {
    use super::render_gap;
    use crate::i18n::Lang;
    let mut f = imported(7);
    f.usage = vec![usage(1, days_ago(45), 3, 10, 5, 100)];
    let a = assess_now(&f);
    for g in &a.gaps {
        for lang in Lang::ALL {
            let (detail, action) = render_gap(lang, g);
            assert!(
                !detail.contains('{') && !detail.starts_with("risk.") && !action.starts_with("risk."),
                "{detail}"
            );
        }
    }
    let usage = a.gaps.iter().find(|g| g.kind == GapKind::Usage).unwrap();
    assert_eq!(render_gap(Lang::En, usage).0, "no usage data for 45 days");
    assert_eq!(render_gap(Lang::ZhCn, usage).0, "已 45 天没有使用数据");
    let act = a.gaps.iter().find(|g| g.kind == GapKind::Activation).unwrap();
    assert_eq!(
        render_gap(Lang::En, act).0,
        format!("no activation date recorded, 345 days after the term started on {}", days_ago(345))
    );
}

/// Activation is one fact: the activation milestone overdue is not counted beside
/// `not_activated`, and ticking the milestone records activation as the date does.
#[test]
fn activation_counts_once_and_the_milestone_records_it() {
    let mut f = imported(60);
    f.milestones = vec![milestone(1, MilestoneKind::Activation, days_ago(315))];
    let rules: Vec<RuleId> = assess_now(&f).reasons.iter().map(|r| r.rule).collect();
    assert!(rules.contains(&RuleId::NotActivated), "{rules:?}");
    assert!(!rules.contains(&RuleId::MilestoneOverdue), "{rules:?}");
    f.milestones[0].status = MilestoneStatus::Done;
    f.milestones[0].done_on = Some(days_ago(300));
    let a = assess_now(&f);
    assert!(a.reasons.iter().all(|r| r.rule != RuleId::NotActivated), "{:?}", a.reasons);
    assert!(a.gaps.iter().all(|g| g.kind != GapKind::Activation));
    // Done tomorrow is not known today.
    f.milestones[0].done_on = Some(today() + Duration::days(1));
    assert!(assess_now(&f).reasons.iter().any(|r| r.rule == RuleId::NotActivated));
}

/// A person who leaves is a known fact: risk at once, even inside the grace period.
#[test]
fn a_departure_is_risk_even_inside_the_grace_period() {
    let mut f = imported(3);
    let mut dm = contact(1, "王总", Role::DecisionMaker, Some(KpTier::Tier1));
    dm.left_on = Some(days_ago(1));
    f.contacts = vec![dm];
    let rules: Vec<RuleId> = assess_now(&f).reasons.iter().map(|r| r.rule).collect();
    assert_eq!(rules, [RuleId::NoDecisionMaker, RuleId::LowPowerOnly]);
}

/// A skipped activation milestone (an import skips those that fell due before the account
/// came in) says nothing about activation: it stays a gap.
#[test]
fn a_skipped_activation_milestone_does_not_record_activation() {
    let mut f = imported(7);
    let mut m = milestone(1, MilestoneKind::Activation, days_ago(315));
    m.status = MilestoneStatus::Skipped;
    m.done_on = Some(days_ago(7));
    f.milestones = vec![m];
    let a = assess_now(&f);
    assert!(a.gaps.iter().any(|g| g.kind == GapKind::Activation), "{:?}", a.gaps);
    assert_eq!(a.completeness(), (0, 5));
}

/// Activation known in the first term is a fifth fact checked, and known.
#[test]
fn a_known_activation_counts_as_a_fact_checked() {
    let mut f = imported(7);
    f.account.activated_on = Some(days_ago(300));
    let a = assess_now(&f);
    assert_eq!(a.completeness(), (1, 5), "{:?}", a.gaps);
}
