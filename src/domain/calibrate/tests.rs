use super::auc::auc_pairwise;
use super::*;
use crate::domain::config::RiskConfig;
use crate::domain::risk::testkit::{self, complaint, days_ago, promise, today};
use crate::domain::*;
use chrono::Duration;
use proptest::prelude::*;

fn scored() -> impl Strategy<Value = Vec<(u32, bool)>> {
    proptest::collection::vec((0u32..=100, any::<bool>()), 0..80)
}

proptest! {
    #[test]
    fn auc_equals_the_pairwise_count(s in scored()) {
        prop_assert_eq!(auc(&s), auc_pairwise(&s));
    }

    #[test]
    fn auc_is_invariant_under_monotone_transforms(s in scored(), a in 1u64..50, b in 0u64..1000) {
        let t: Vec<(u64, bool)> = s.iter().map(|(x, y)| (u64::from(*x) * u64::from(*x) * a + b, *y)).collect();
        prop_assert_eq!(auc(&s), auc(&t));
    }

    #[test]
    fn a_perfect_score_has_auc_one_and_reversed_zero(neg in proptest::collection::vec(0u32..50, 1..30),
                                                      pos in proptest::collection::vec(50u32..=100, 1..30)) {
        let mut s: Vec<(u32, bool)> = neg.iter().map(|x| (*x, false)).collect();
        s.extend(pos.iter().map(|x| (*x, true)));
        let a = auc(&s).unwrap();
        prop_assert_eq!((a.wins, a.ties), (a.pairs, 0));
        prop_assert_eq!(a.to_string(), "1.000");
        let r: Vec<(u32, bool)> = s.iter().map(|(x, y)| (*x, !*y)).collect();
        let a = auc(&r).unwrap();
        prop_assert_eq!((a.wins, a.ties), (0, 0));
        prop_assert_eq!(a.to_string(), "0.000");
    }

    // Swapping the outcome labels gives 1 - AUC.
    #[test]
    fn swapping_labels_complements(s in scored()) {
        let r: Vec<(u32, bool)> = s.iter().map(|(x, y)| (*x, !*y)).collect();
        if let (Some(a), Some(b)) = (auc(&s), auc(&r)) {
            prop_assert_eq!(a.pairs, b.pairs);
            prop_assert_eq!(2 * a.wins + a.ties + 2 * b.wins + b.ties, 2 * a.pairs);
        }
    }
}

#[test]
fn auc_needs_both_outcomes_and_counts_ties_half() {
    assert_eq!(auc::<u32>(&[]), None);
    assert_eq!(auc(&[(3u32, true), (5, true)]), None);
    let a = auc(&[(10u32, true), (10, false)]).unwrap();
    assert_eq!(a.to_string(), "0.500");
    // 2 churned (30, 10) against 2 renewed (20, 10): 30 beats both, 10 ties one.
    let a = auc(&[(30u32, true), (10, true), (20, false), (10, false)]).unwrap();
    assert_eq!((a.wins, a.ties, a.pairs), (2, 1, 4));
    assert_eq!(a.to_string(), "0.625");
}

/// The healthy baseline, with its second term closed: renewed or churned on its end date.
fn closed(churn: bool) -> AccountFacts {
    let mut f = testkit::healthy();
    // One closed term per account, so that each account is one outcome.
    f.terms.remove(0);
    let end = f.terms[0].end;
    f.terms[0].outcome = Some(if churn {
        TermOutcome::Churned {
            decided_on: end,
            reason: ChurnReason::Price,
            note: String::new(),
            because_of: None,
        }
    } else {
        TermOutcome::Renewed { decided_on: end, new_arr: f.terms[0].arr }
    });
    if churn {
        f.account.stage = Stage::Churned;
    }
    f
}

/// The group an account belongs to, by the facts known at T-90 (today + 10 for the
/// baseline, whose term ends today + 100): 0 points, 25 (watch), 55 (at risk).
fn account(group: u8, churn: bool) -> AccountFacts {
    let mut f = closed(churn);
    if group >= 1 {
        // Open for five days at T-90: complaint_open 15; not a target: non_target 10.
        f.complaints.push(complaint(1, (today() + Duration::days(5)).and_hms_opt(9, 0, 0).unwrap()));
        f.account.target_fit = false;
    }
    if group >= 2 {
        // small_account 5, promise_broken 15 (broken during the term), opponent 10.
        f.account.tier = Tier::Small;
        f.promises.push(promise(1, PromiseStatus::Broken, days_ago(30), None));
        f.contacts[1].stance = Stance::Opponent;
        f.contacts[1].influence = Influence::High;
    }
    // Facts dated after T-90 must not count: a complaint raised a week before the end.
    f.complaints.push(complaint(9, (f.terms[0].end - Duration::days(7)).and_hms_opt(9, 0, 0).unwrap()));
    f.normalise();
    f
}

/// (group, churned, renewed): healthy 2 of 20 churn, watch 4 of 10, at risk 8 of 10.
const GROUPS: [(u8, usize, usize); 3] = [(0, 2, 18), (1, 4, 6), (2, 8, 2)];

fn book() -> Vec<AccountFacts> {
    GROUPS
        .iter()
        .flat_map(|(g, churned, renewed)| {
            (0..*churned)
                .map(move |_| account(*g, true))
                .chain((0..*renewed).map(move |_| account(*g, false)))
        })
        .collect()
}

fn run(book: &[AccountFacts], lead: u32) -> (Calibration, Vec<Sample>) {
    let cfg = RiskConfig::default();
    let (mut s, mut skipped) = (Vec::new(), Skipped::default());
    for f in book {
        samples(f, lead, &cfg, &mut s, &mut skipped);
    }
    (calibrate(lead, &s, skipped), s)
}

#[test]
fn a_book_whose_outcomes_follow_known_rules() {
    let (c, s) = run(&book(), 90);
    // Each group scored what its facts say as of T-90, and nothing dated later counted.
    let scores: Vec<u32> = s.iter().map(|x| x.score).collect();
    let expected_scores: Vec<u32> =
        GROUPS.iter().flat_map(|(g, c, r)| std::iter::repeat_n([0, 25, 55][*g as usize], c + r)).collect();
    assert_eq!(scores, expected_scores);
    assert_eq!((c.outcomes, c.churned, c.lead_days), (40, 14, 90));
    assert!(c.enough());
    let rates: Vec<(Band, u32, u32)> = c.bands.iter().map(|b| (b.band, b.churned, b.outcomes)).collect();
    assert_eq!(
        rates,
        [(Band::Healthy, 2, 20), (Band::Watch, 4, 10), (Band::AtRisk, 8, 10), (Band::Critical, 0, 0)]
    );
    assert_eq!(c.bands[1].churn_rate().unwrap().to_string(), "40.0%");
    // The AUC by hand, pair by pair over the groups' scores: churned at 25 beat the 18
    // renewed at 0; churned at 55 beat the 18 + 6 renewed below; equal scores tie.
    let wins = 4 * 18 + 8 * (18 + 6);
    let ties = 2 * 18 + 4 * 6 + 8 * 2;
    let pairs = 14 * 26;
    let a = c.auc.unwrap();
    assert_eq!((a.wins, a.ties, a.pairs), (wins, ties, pairs));
    assert_eq!(a.to_string(), "0.830"); // (264 + 38) / 364 = 0.8297
    // Lift of the complaint rule: fired on 20 (12 churned), not on 20 (2 churned): 6x.
    let l = c.rules.iter().find(|l| l.rule == RuleId::ComplaintOpen).unwrap();
    assert_eq!((l.fired, l.fired_churned, l.not_fired, l.not_fired_churned), (20, 12, 20, 2));
    assert_eq!(l.lift().unwrap().to_string(), "600.0%");
}

#[test]
fn terms_decided_before_the_cut_or_too_short_are_skipped_and_counted() {
    let mut early = closed(true);
    let end = early.terms[0].end;
    early.terms[0].outcome = Some(TermOutcome::Churned {
        decided_on: end - Duration::days(120),
        reason: ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    let (c, _) = run(&[early.clone()], 90);
    assert_eq!((c.outcomes, c.skipped.decided_early), (0, 1));
    let (c, _) = run(&[early, closed(false)], 30);
    assert_eq!((c.outcomes, c.skipped.decided_early), (1, 1));
    let (c, _) = run(&[closed(false)], 400);
    assert_eq!(c.skipped.too_short, 1);
    assert_eq!(c.outcomes, 0);
    assert!(!c.enough());
    assert_eq!(c.auc, None);
}

#[test]
fn suggestions_follow_lift_and_keep_the_config_valid() {
    let cfg = RiskConfig::default();
    let (c, _) = run(&book(), 90);
    let s = suggest(&c, &cfg);
    let by: Vec<(RuleId, u32, u32)> = s.iter().map(|x| (x.rule, x.from, x.to)).collect();
    // complaint and non_target fire on groups 1-2 (12 of 20 churn vs 2 of 20): raise.
    // small_account, promise_broken and opponent fire on group 2 (8 of 10 vs 6 of 30): raise.
    assert_eq!(
        by,
        [
            (RuleId::Opponent, 10, 15),
            (RuleId::PromiseBroken, 15, 20),
            (RuleId::ComplaintOpen, 15, 20),
            (RuleId::NonTarget, 10, 15),
            (RuleId::SmallAccount, 5, 10),
        ]
    );
    assert!(applied(&cfg, &s).validate().is_ok());
    // Too few outcomes: no suggestion at all.
    let few: Vec<AccountFacts> = book().into_iter().take(29).collect();
    let (c, _) = run(&few, 90);
    assert!(!c.enough());
    assert!(suggest(&c, &cfg).is_empty());
}

proptest! {
    // Whatever the lifts, the suggested config is valid (a replacing rule never weighs
    // less than the rule it replaces) and each step is at most STEP.
    #[test]
    fn suggested_configs_always_validate(cells in proptest::collection::vec((0u32..40, 0u32..40, 0u32..40, 0u32..40), 18)) {
        let cfg = RiskConfig::default();
        let rules = RuleId::ALL.iter().zip(&cells).map(|(r, (a, b, c, d))| RuleLift {
            rule: *r, fired: a + b, fired_churned: *a, not_fired: c + d, not_fired_churned: *c,
        }).collect();
        let c = Calibration { lead_days: 90, outcomes: 100, churned: 10, skipped: Skipped::default(),
                              bands: Vec::new(), auc: None, rules };
        let s = suggest(&c, &cfg);
        prop_assert!(applied(&cfg, &s).validate().is_ok());
        for x in &s {
            prop_assert!(x.from != x.to);
            if !matches!(x.why, Why::KeepsAbove(_)) {
                prop_assert!(x.from.abs_diff(x.to) <= suggest::STEP);
            }
        }
    }
}

fn one_rule(
    rule: RuleId,
    fired: u32,
    fired_churned: u32,
    not_fired: u32,
    not_fired_churned: u32,
) -> Calibration {
    let rules = RuleId::ALL
        .iter()
        .map(|r| {
            if *r == rule {
                RuleLift { rule, fired, fired_churned, not_fired, not_fired_churned }
            } else {
                RuleLift {
                    rule: *r,
                    fired: 0,
                    fired_churned: 0,
                    not_fired: fired + not_fired,
                    not_fired_churned: 0,
                }
            }
        })
        .collect();
    Calibration {
        lead_days: 90,
        outcomes: fired + not_fired,
        churned: fired_churned + not_fired_churned,
        skipped: Skipped::default(),
        bands: Vec::new(),
        auc: None,
        rules,
    }
}

#[test]
fn suggestions_need_evidence_not_one_churn() {
    let cfg = RiskConfig::default();
    let to = |c: &Calibration| suggest(c, &cfg).iter().map(|s| (s.rule, s.to)).collect::<Vec<_>>();
    // One churn among 17 against 8 of 275: twice the rate, but one churn is chance.
    assert!(to(&one_rule(RuleId::Opponent, 17, 1, 275, 8)).is_empty());
    assert_eq!(to(&one_rule(RuleId::Opponent, 17, 3, 275, 8)), [(RuleId::Opponent, 15)]);
    // None of 34 churned where 3.5% of the others did: 1.2 churns expected, too few to cut.
    assert!(to(&one_rule(RuleId::NonTarget, 34, 0, 258, 9)).is_empty());
    assert_eq!(to(&one_rule(RuleId::NonTarget, 100, 0, 258, 9)), [(RuleId::NonTarget, 5)]);
    // Exactly twice the rate is enough to raise; just under is not.
    assert_eq!(to(&one_rule(RuleId::Opponent, 10, 4, 50, 10)), [(RuleId::Opponent, 15)]);
    assert!(to(&one_rule(RuleId::Opponent, 10, 3, 50, 8)).is_empty());
    // Raising renewal_unconfirmed past no_decision_maker raises that one too (it replaces it).
    let s = suggest(&one_rule(RuleId::RenewalUnconfirmed, 20, 10, 80, 5), &cfg);
    let by: Vec<(RuleId, u32, u32)> = s.iter().map(|x| (x.rule, x.from, x.to)).collect();
    assert_eq!(by, [(RuleId::NoDecisionMaker, 15, 20), (RuleId::RenewalUnconfirmed, 15, 20)]);
    assert!(matches!(s[0].why, Why::KeepsAbove(RuleId::RenewalUnconfirmed)));
}

#[test]
fn history_imported_later_is_scored_as_if_held_since_its_first_term() {
    // Imported after T-90, with no decision maker ever recorded (a gap): the grace period
    // for gaps counts from the first term's start, not from the import.
    let mut f = closed(true);
    f.account.created_on = today() + Duration::days(50);
    f.contacts.retain(|c| c.role != Role::DecisionMaker);
    f.normalise();
    let (_, s) = run(&[f], 90);
    assert!(s[0].fired.contains(&RuleId::NoDecisionMaker), "{:?}", s[0]);
}

#[test]
fn a_term_exactly_as_long_as_the_lead_is_scored_from_its_first_day() {
    // The baseline's term runs 365 days: at T-365 it has just begun, so it is in force.
    let (c, _) = run(&[closed(false)], 365);
    assert_eq!((c.outcomes, c.skipped.too_short), (1, 0));
}

#[test]
fn a_rule_that_predicts_keeps_its_own_reason_when_it_already_weighs_enough() {
    // Both raised by a step: no_decision_maker ends equal to renewal_unconfirmed, which is
    // allowed, so its reason stays its own lift rather than "keeps above".
    let mut c = one_rule(RuleId::RenewalUnconfirmed, 20, 10, 80, 5);
    let dm = c.rules.iter_mut().find(|r| r.rule == RuleId::NoDecisionMaker).unwrap();
    *dm = RuleLift {
        rule: RuleId::NoDecisionMaker,
        fired: 20,
        fired_churned: 10,
        not_fired: 80,
        not_fired_churned: 5,
    };
    let s = suggest(&c, &RiskConfig::default());
    let by: Vec<(RuleId, u32, u32)> = s.iter().map(|x| (x.rule, x.from, x.to)).collect();
    assert_eq!(by, [(RuleId::NoDecisionMaker, 15, 20), (RuleId::RenewalUnconfirmed, 15, 20)]);
    assert!(matches!(s[0].why, Why::Predicts(_)), "{:?}", s[0].why);
}

#[test]
fn rules_seen_on_too_few_or_switched_off_are_not_judged() {
    let cfg = RiskConfig::default();
    let to = |c: &Calibration, cfg: &RiskConfig| {
        suggest(c, cfg).iter().map(|s| (s.rule, s.to)).collect::<Vec<_>>()
    };
    // Fired on 4 (all churned): too few to judge; on 5: judged.
    assert!(to(&one_rule(RuleId::Opponent, 4, 4, 100, 5), &cfg).is_empty());
    assert_eq!(to(&one_rule(RuleId::Opponent, 5, 5, 100, 5), &cfg), [(RuleId::Opponent, 15)]);
    // Not fired on only 4: nothing to compare with; on 5: judged.
    assert!(to(&one_rule(RuleId::Opponent, 100, 50, 4, 0), &cfg).is_empty());
    assert_eq!(to(&one_rule(RuleId::Opponent, 100, 50, 5, 0), &cfg), [(RuleId::Opponent, 15)]);
    // Switched off by the user: left off, however well it would have predicted.
    let mut off = cfg.clone();
    off.points.set(RuleId::Opponent, 0);
    assert!(to(&one_rule(RuleId::Opponent, 100, 50, 100, 5), &off).is_empty());
}

#[test]
fn applied_sets_exactly_the_suggested_points() {
    let cfg = RiskConfig::default();
    let s = suggest(&one_rule(RuleId::RenewalUnconfirmed, 20, 10, 80, 5), &cfg);
    let after = applied(&cfg, &s);
    assert_eq!((after.points(RuleId::RenewalUnconfirmed), after.points(RuleId::NoDecisionMaker)), (20, 20));
    assert_eq!(after.points(RuleId::Opponent), cfg.points(RuleId::Opponent));
}

#[test]
fn auc_value_and_milli_count_ties_half_and_round_half_up() {
    // 3 wins and 1 tie of 8 pairs: (2·3 + 1) / 16 = 0.4375, exactly half a thousandth
    // past 0.437, so it rounds up.
    let a = Auc { wins: 3, ties: 1, pairs: 8 };
    assert_eq!(a.value(), 0.4375);
    assert_eq!((a.milli(), a.to_string()), (438, "0.438".to_string()));
    assert_eq!(Auc { wins: 5, ties: 0, pairs: 5 }.value(), 1.0);
    assert_eq!(Auc { wins: 0, ties: 0, pairs: 5 }.value(), 0.0);
}
