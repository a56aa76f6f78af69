//! Every reason the rules can produce renders in both languages with every placeholder
//! filled, and every rule and band has a label.

use super::RuleId;
use super::testkit::*;
use super::{Band, Reason, render_reason};
use crate::domain::config::RiskConfig;
use crate::domain::*;
use crate::i18n::{Lang, choice_label, t};
use chrono::Duration;

/// Accounts that, between them, fire every rule in every variant.
fn scenarios() -> Vec<AccountFacts> {
    let mut out = Vec::new();
    // Everything at once: the decision chain gone (with leavers named), promises, etc.
    let mut f = healthy();
    f.account.tier = Tier::Small;
    f.account.target_fit = false;
    for c in &mut f.contacts {
        c.left_on = Some(days_ago(5));
    }
    f.promises = vec![
        promise(1, PromiseStatus::Broken, days_ago(3), None),
        promise(2, PromiseStatus::Open, days_ago(300), Some(days_ago(9))),
    ];
    f.requirements = vec![requirement(1, ReqLevel::P0, days_ago(9))];
    f.complaints = vec![complaint(1, noon() - Duration::hours(30))];
    f.milestones = vec![milestone(1, MilestoneKind::T90, days_ago(4))];
    f.terms[1].end = today() + Duration::days(12);
    out.push(f);
    // The term in force ended two years ago with no outcome (an old CRM export's).
    let mut f = healthy();
    f.terms = vec![term(1, days_ago(1_095), days_ago(730), 10_000)];
    out.push(f);
    // Never-known admin, opposing high-influence user, silent KPs, usage falling, low seats.
    let mut f = healthy();
    f.contacts.remove(1);
    f.contacts[1].stance = Stance::Opponent;
    f.contacts[1].influence = Influence::High;
    f.touchpoints.clear();
    f.contacts[0].last_contact = Some(days_ago(74));
    f.contacts[1].last_contact = Some(days_ago(80));
    f.terms[1].end = today() + Duration::days(20);
    for u in &mut f.usage {
        if u.date > days_ago(30) {
            u.active_users = 10;
            u.features_used = 1;
        }
    }
    out.push(f);
    // Opposing DM; minutes falling; no logins.
    let mut f = healthy();
    f.contacts[0].stance = Stance::Opponent;
    for u in &mut f.usage {
        if u.date > days_ago(30) {
            u.minutes = 100;
        }
        if u.date > days_ago(20) {
            u.logins = 0;
        }
    }
    out.push(f);
    // No usage data ever; not activated in the first term.
    let mut f = healthy();
    f.usage.clear();
    f.terms = vec![term(1, days_ago(40), today() + Duration::days(325), 10_000)];
    f.account.activated_on = None;
    out.push(f);
    // Stale usage data.
    let mut f = healthy();
    f.usage.retain(|u| u.date < days_ago(35));
    out.push(f);
    // Key persons and the decision maker never contacted at all, renewal near.
    let mut f = healthy();
    f.touchpoints.clear();
    for c in &mut f.contacts {
        c.last_contact = None;
    }
    f.terms[1].end = today() + Duration::days(20);
    out.push(f);
    // The contract ended a month ago and nothing is recorded.
    let mut f = healthy();
    f.terms[1].end = days_ago(30);
    out.push(f);
    out
}

/// The default config with every gap scoring after the grace period, so the gap
/// sentences of the rules are rendered too.
fn scoring_every_gap() -> RiskConfig {
    let mut cfg = RiskConfig::default();
    let g = &mut cfg.gaps;
    (g.decision_maker, g.key_person, g.admin, g.usage, g.activation) = (true, true, true, true, true);
    cfg
}

fn all_reasons() -> Vec<Reason> {
    let cfg = scoring_every_gap();
    scenarios().iter().flat_map(|f| super::assess(f, noon(), &cfg).reasons).collect()
}

#[test]
fn scenarios_cover_every_rule_and_variant() {
    let reasons = all_reasons();
    for rule in RuleId::ALL {
        assert!(reasons.iter().any(|r| r.rule == *rule), "no scenario fires {rule}");
    }
    let variants: std::collections::BTreeSet<String> = reasons
        .iter()
        .flat_map(|r| r.args.iter().filter(|(k, _)| k == "variant").map(|(_, v)| format!("{}.{v}", r.rule)))
        .collect();
    let expected = [
        "admin_gone.left",
        "kp_silent.never",
        "low_power_only.left",
        "no_decision_maker.left",
        "opponent.dm",
        "renewal_lapsed.long_ago",
        "renewal_unconfirmed.dm_never",
        "usage_declining.minutes",
        "usage_stopped.never",
        "usage_stopped.no_logins",
    ];
    assert_eq!(variants.iter().map(String::as_str).collect::<Vec<_>>(), expected);
}

#[test]
fn every_reason_renders_fully_in_both_languages() {
    for r in all_reasons() {
        for lang in Lang::ALL {
            let (detail, action) = render_reason(lang, &r);
            for text in [&detail, &action] {
                assert!(!text.contains('{') && !text.starts_with("risk."), "{} {lang:?}: {text}", r.rule);
            }
            if let Some((_, v)) = r.args.iter().find(|(k, _)| k == "variant") {
                let key = format!("risk.{}.detail_{v}", r.rule);
                assert_ne!(t(lang, &key), key, "missing {key} in {}", lang.code());
            }
        }
    }
}

#[test]
fn rendered_text_carries_the_facts() {
    let mut f = healthy();
    f.touchpoints.clear();
    f.contacts[0].last_contact = Some(days_ago(74));
    f.contacts[2].kp_tier = None;
    let a = assess_now(&f);
    let r = a.reasons.iter().find(|r| r.rule == RuleId::KpSilent).unwrap();
    let (detail, action) = render_reason(Lang::En, r);
    assert_eq!(
        detail,
        format!(
            "no tier-1 key person contacted in 74 days (last: 王总 on {}; expected every 60 days)",
            days_ago(74)
        )
    );
    assert_eq!(action, "visit or call 王总 this week");
    let (detail, _) = render_reason(Lang::ZhCn, r);
    assert!(detail.starts_with("一级关键人已 74 天未联系"), "{detail}");
    // Choice ids inside the facts are shown as labels.
    let mut f = healthy();
    f.milestones = vec![milestone(1, MilestoneKind::Qbr, days_ago(2))];
    let a = assess_now(&f);
    let (detail, _) = render_reason(Lang::ZhCn, &a.reasons[0]);
    assert!(detail.contains(&choice_label(Lang::ZhCn, MilestoneKind::Qbr)), "{detail}");
}

#[test]
fn rules_and_bands_have_labels_in_both_languages() {
    for lang in Lang::ALL {
        for r in RuleId::ALL {
            assert!(!choice_label(lang, *r).starts_with("choice."), "{r} in {}", lang.code());
            for part in ["detail", "action"] {
                let key = format!("risk.{r}.{part}");
                assert_ne!(t(lang, &key), key, "{key} in {}", lang.code());
            }
        }
        for b in Band::ALL {
            assert!(!choice_label(lang, *b).starts_with("choice."), "{b} in {}", lang.code());
        }
    }
}
