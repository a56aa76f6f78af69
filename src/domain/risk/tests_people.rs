//! Boundary tests for the decision-chain rules and the renewal confirmation.

use super::GapKind;
use super::RuleId;
use super::testkit::*;
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::Duration;

#[test]
fn baseline_is_healthy() {
    let a = assess_now(&healthy());
    assert_eq!(a.score, 0, "{:?}", a.reasons);
    assert_eq!(a.band, super::Band::Healthy);
}

#[test]
fn no_decision_maker_fires_when_the_dm_leaves_and_names_them() {
    let mut f = healthy();
    f.contacts[0].left_on = Some(today() + Duration::days(1));
    assert!(!fires(&f, RuleId::NoDecisionMaker), "leaves tomorrow: still here today");
    f.contacts[0].left_on = Some(today());
    assert!(fires(&f, RuleId::NoDecisionMaker));
    assert_eq!(arg_of(&f, RuleId::NoDecisionMaker, "name").as_deref(), Some("王总"));
    assert_eq!(arg_of(&f, RuleId::NoDecisionMaker, "variant").as_deref(), Some("left"));
}

#[test]
fn a_contact_added_after_today_does_not_count() {
    let mut f = healthy();
    f.contacts[0].role = Role::Initiator;
    f.contacts.push(contact(9, "新决策人", Role::DecisionMaker, None));
    f.contacts[3].added_on = today() + Duration::days(1);
    assert!(fires(&f, RuleId::NoDecisionMaker));
    f.contacts[3].added_on = today();
    assert!(!fires(&f, RuleId::NoDecisionMaker));
}

/// The default config with every gap scoring after the grace period.
fn scoring_every_gap() -> RiskConfig {
    let mut cfg = RiskConfig::default();
    let g = &mut cfg.gaps;
    (g.decision_maker, g.key_person, g.admin, g.usage, g.activation) = (true, true, true, true, true);
    cfg
}

fn gap_kinds(f: &AccountFacts) -> Vec<GapKind> {
    assess_now(f).gaps.iter().map(|g| g.kind).collect()
}

#[test]
fn low_power_only_when_the_tier1_left_and_a_gap_when_never_recorded() {
    let mut f = healthy();
    f.contacts[2].kp_tier = Some(KpTier::Tier2);
    assert!(!fires(&f, RuleId::LowPowerOnly), "王总 is still tier-1");
    f.contacts[0].left_on = Some(days_ago(2));
    assert!(fires(&f, RuleId::LowPowerOnly), "the only tier-1 left: a fact");
    assert_eq!(arg_of(&f, RuleId::LowPowerOnly, "variant").as_deref(), Some("left"));
    assert_eq!(arg_of(&f, RuleId::LowPowerOnly, "name").as_deref(), Some("王总"));
    assert_eq!(arg_of(&f, RuleId::LowPowerOnly, "count").as_deref(), Some("2"));
    // Never tagged tier-1 at all: not known, listed, and by default never scored.
    f.contacts[0].left_on = None;
    f.contacts[0].kp_tier = None;
    assert!(!fires(&f, RuleId::LowPowerOnly));
    assert_eq!(gap_kinds(&f), [GapKind::KeyPerson]);
    let a = super::assess(&f, noon(), &scoring_every_gap());
    let r = a.reasons.iter().find(|r| r.rule == RuleId::LowPowerOnly).expect("scored when switched on");
    assert_eq!(r.args, [("count".to_string(), "3".to_string())]);
    assert!(a.gaps[0].scored);
}

#[test]
fn admin_gone_when_left_and_a_gap_when_never_known() {
    let mut f = healthy();
    f.contacts[1].left_on = Some(days_ago(3));
    assert!(fires(&f, RuleId::AdminGone));
    assert_eq!(arg_of(&f, RuleId::AdminGone, "name").as_deref(), Some("李管理员"));
    assert!(gap_kinds(&f).is_empty(), "an admin who left is known, not a gap");
    f.contacts.remove(1);
    assert!(!fires(&f, RuleId::AdminGone), "never named: not known");
    assert_eq!(gap_kinds(&f), [GapKind::Admin]);
    let a = super::assess(&f, noon(), &scoring_every_gap());
    let r = a.reasons.iter().find(|r| r.rule == RuleId::AdminGone).expect("scored when switched on");
    assert!(r.args.is_empty(), "{r:?}");
}

#[test]
fn opponent_needs_high_influence_or_the_dm() {
    let mut f = healthy();
    f.contacts[2].stance = Stance::Opponent;
    f.contacts[2].influence = Influence::Medium;
    assert!(!fires(&f, RuleId::Opponent), "medium influence opponent");
    f.contacts[2].influence = Influence::High;
    assert!(fires(&f, RuleId::Opponent));
    f.contacts[2].left_on = Some(days_ago(1));
    assert!(!fires(&f, RuleId::Opponent), "an opponent who left no longer blocks");
    f.contacts[0].stance = Stance::Opponent;
    assert!(fires(&f, RuleId::Opponent), "an opposing decision maker at any influence");
    assert_eq!(arg_of(&f, RuleId::Opponent, "variant").as_deref(), Some("dm"));
}

/// Silence is measured from the freshest tier-1 touch: fires at the limit, not a day before.
fn silent_for(days: i64, tier: Tier) -> AccountFacts {
    let mut f = healthy();
    f.account.tier = tier;
    f.touchpoints =
        vec![touch(1, 1, days_ago(days + 5)), touch(2, 3, days_ago(days)), touch(3, 2, days_ago(1))];
    f
}

#[test]
fn kp_silent_at_60_days_not_59() {
    assert!(!fires(&silent_for(59, Tier::Mid), RuleId::KpSilent));
    let f = silent_for(60, Tier::Mid);
    assert!(fires(&f, RuleId::KpSilent));
    assert_eq!(arg_of(&f, RuleId::KpSilent, "days").as_deref(), Some("60"));
    assert_eq!(arg_of(&f, RuleId::KpSilent, "name").as_deref(), Some("张经理"));
}

#[test]
fn kp_silent_at_30_days_for_key_accounts() {
    assert!(!fires(&silent_for(29, Tier::Ka), RuleId::KpSilent));
    assert!(fires(&silent_for(30, Tier::Ka), RuleId::KpSilent));
}

#[test]
fn kp_silent_uses_recorded_last_contact_and_ignores_the_future() {
    let mut f = silent_for(70, Tier::Mid);
    f.contacts[0].last_contact = Some(days_ago(5));
    assert!(!fires(&f, RuleId::KpSilent));
    f.contacts[0].last_contact = Some(today() + Duration::days(2));
    f.touchpoints.push(touch(4, 1, today() + Duration::days(1)));
    assert!(fires(&f, RuleId::KpSilent), "contacts after today are not known yet");
}

#[test]
fn kp_silent_needs_a_tier1_to_keep_in_touch_with_and_a_new_kp_has_grace() {
    let mut f = healthy();
    for c in &mut f.contacts {
        c.kp_tier = None;
    }
    // Having none is low_power_only's fact (here a gap), not a silence: counted once.
    assert!(!fires(&f, RuleId::KpSilent));
    let mut kp = contact(7, "赵总监", Role::Influencer, Some(KpTier::Tier1));
    kp.added_on = days_ago(10);
    f.contacts.push(kp);
    assert!(!fires(&f, RuleId::KpSilent), "learned of 10 days ago, never touched: not yet silent");
}

fn renewal_in(days: i64, dm_touch_days_ago: i64) -> AccountFacts {
    let mut f = healthy();
    f.terms[1].end = today() + Duration::days(days);
    f.touchpoints = vec![touch(1, 1, days_ago(dm_touch_days_ago)), touch(2, 3, days_ago(1))];
    f
}

#[test]
fn renewal_unconfirmed_window_and_dm_silence_boundaries() {
    assert!(fires(&renewal_in(30, 30), RuleId::RenewalUnconfirmed));
    assert!(!fires(&renewal_in(31, 30), RuleId::RenewalUnconfirmed), "31 days out");
    assert!(!fires(&renewal_in(30, 29), RuleId::RenewalUnconfirmed), "DM touched 29 days ago");
    let f = renewal_in(0, 45);
    assert!(fires(&f, RuleId::RenewalUnconfirmed), "ends today: not yet lapsed");
    assert_eq!(arg_of(&f, RuleId::RenewalUnconfirmed, "since").as_deref(), Some("45"));
    assert_eq!(arg_of(&f, RuleId::RenewalUnconfirmed, "name").as_deref(), Some("王总"));
    assert!(!fires(&f, RuleId::RenewalLapsed));
    let f = renewal_in(-1, 45);
    assert!(!fires(&f, RuleId::RenewalUnconfirmed), "past the end the fact is renewal_lapsed's");
    assert!(fires(&f, RuleId::RenewalLapsed));
}

/// A contract that ended more than a year ago is history (an old CRM export's): the same
/// points, but not "call the decision maker today" (CSM trial, session 33).
#[test]
fn a_contract_lapsed_over_a_year_ago_is_said_as_history() {
    let variant = |days: i64| arg_of(&renewal_in(-days, 45), RuleId::RenewalLapsed, "variant");
    assert_eq!(variant(365), None, "a year ago to the day: still a renewal at hand");
    assert_eq!(variant(366).as_deref(), Some("long_ago"));
    assert_eq!(variant(7_350).as_deref(), Some("long_ago"));
    let points = |days: i64| {
        let a = assess_now(&renewal_in(-days, 45));
        a.reasons.iter().find(|r| r.rule == RuleId::RenewalLapsed).map(|r| r.points)
    };
    assert_eq!(points(7_350), points(30), "the points stay");
}

/// Found in a CSM's trial: a contract that ended weeks ago with nothing recorded, on an
/// account with no other data, scored 0 (Healthy) and sorted last in triage.
#[test]
fn a_lapsed_contract_scores_whatever_else_is_known() {
    let mut f = renewal_in(-46, 1);
    assert_eq!(arg_of(&f, RuleId::RenewalLapsed, "days").as_deref(), Some("46"));
    assert_eq!(
        arg_of(&f, RuleId::RenewalLapsed, "date").as_deref(),
        Some(&*(today() - Duration::days(46)).to_string())
    );
    // Nothing else known (no contacts, touchpoints or usage, just imported): still scored.
    f.contacts.clear();
    f.touchpoints.clear();
    f.usage.clear();
    f.account.created_on = days_ago(1);
    let a = assess_now(&f);
    assert!(a.reasons.iter().any(|r| r.rule == RuleId::RenewalLapsed), "{a:?}");
    assert!(a.score >= 25 && a.band != crate::domain::risk::Band::Healthy, "{a:?}");
    // Recorded, it clears; an outcome decided tomorrow is not known today.
    let outcome =
        |on| Some(TermOutcome::Renewed { decided_on: on, new_arr: Money::from_major(1, Currency::CNY) });
    f.terms[1].outcome = outcome(today());
    assert!(!fires(&f, RuleId::RenewalLapsed));
    f.terms[1].outcome = outcome(today() + Duration::days(1));
    assert!(fires(&f, RuleId::RenewalLapsed));
}

/// The end passing turns renewal_unconfirmed into renewal_lapsed; with a valid config
/// (`config::REPLACES`) that never lowers the score.
#[test]
fn the_end_passing_never_lowers_the_score() {
    let mut cfg = RiskConfig::default();
    for lapsed in [15, 25, 40] {
        cfg.points.set(RuleId::RenewalLapsed, lapsed);
        let on_the_day = super::assess(&renewal_in(0, 45), noon(), &cfg).score;
        let day_after = super::assess(&renewal_in(-1, 46), noon(), &cfg).score;
        assert!(day_after >= on_the_day, "{lapsed}: {on_the_day} -> {day_after}");
    }
}

#[test]
fn renewal_unconfirmed_clears_with_an_outcome_and_leaves_a_missing_dm_to_no_decision_maker() {
    let mut f = renewal_in(10, 40);
    f.terms[1].outcome =
        Some(TermOutcome::Renewed { decided_on: days_ago(1), new_arr: Money::from_major(1, Currency::CNY) });
    assert!(!fires(&f, RuleId::RenewalUnconfirmed));
    if let Some(TermOutcome::Renewed { decided_on, .. }) = &mut f.terms[1].outcome {
        *decided_on = today() + Duration::days(1);
    }
    assert!(fires(&f, RuleId::RenewalUnconfirmed), "an outcome decided tomorrow is not known today");
    let mut f = renewal_in(10, 1);
    f.contacts.remove(0);
    assert!(!fires(&f, RuleId::RenewalUnconfirmed), "no decision maker is counted once, below");
    assert!(fires(&f, RuleId::NoDecisionMaker));
}

/// B9: a person never contacted is "never contacted (added on …)", not "last contacted
/// N days ago" counted from the day they were added.
#[test]
fn never_contacted_is_said_so_in_both_languages() {
    use crate::domain::risk::render_reason;
    use crate::i18n::Lang;
    let mut f = healthy();
    f.touchpoints.clear();
    for c in &mut f.contacts {
        c.last_contact = None;
    }
    f.contacts[0].added_on = days_ago(1450);
    f.contacts[2].kp_tier = None;
    f.terms[1].end = today() + Duration::days(20);
    let a = assess_now(&f);
    for rule in [RuleId::KpSilent, RuleId::RenewalUnconfirmed] {
        let r = a.reasons.iter().find(|r| r.rule == rule).unwrap_or_else(|| panic!("{rule}: {a:?}"));
        let (en, _) = render_reason(Lang::En, r);
        assert!(en.contains(&format!("王总 never contacted (added on {})", days_ago(1450))), "{en}");
        assert!(!en.contains("1450"), "{en}");
        let (zh, _) = render_reason(Lang::ZhCn, r);
        assert!(zh.contains(&format!("王总 从未联系（{} 添加）", days_ago(1450))), "{zh}");
    }
    // Contacted once (recorded, or by a touchpoint): the date is the fact.
    f.contacts[0].last_contact = Some(days_ago(90));
    let r = assess_now(&f).reasons.into_iter().find(|r| r.rule == RuleId::KpSilent).unwrap();
    assert!(render_reason(Lang::En, &r).0.contains("in 90 days"), "{r:?}");
}
