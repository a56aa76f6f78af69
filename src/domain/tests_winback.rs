//! Win-back candidates: exactly the churned accounts whose named requirement was
//! delivered (here or anywhere in the book) on or after the churn.

use super::*;
use crate::domain::risk::testkit::*;
use crate::domain::*;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

/// Account `id`, churned `churn_days_ago` naming its requirement "SSO 单点登录" (or none).
fn churned(id: i64, churn_days_ago: i64, name_cause: bool) -> AccountFacts {
    let mut f = healthy();
    f.account.id = AccountId(id);
    let mut sso = requirement(10 * id, ReqLevel::P1, days_ago(300));
    sso.account_id = AccountId(id);
    sso.title = "SSO 单点登录".into();
    f.requirements = vec![sso];
    let last = f.terms.last_mut().unwrap();
    last.outcome = Some(TermOutcome::Churned {
        decided_on: days_ago(churn_days_ago),
        reason: ChurnReason::ProductFit,
        note: String::new(),
        because_of: name_cause.then_some(RequirementId(10 * id)),
    });
    f
}

fn delivered(title: &str, on: NaiveDate) -> Deliveries {
    Deliveries::new([(title.to_string(), on)])
}

#[test]
fn a_delivery_after_the_churn_brings_the_account_back_dated_from_it() {
    let f = churned(1, 100, true);
    let c = candidate(&f, &delivered("  sso   单点登录 ", days_ago(10))).expect("a candidate");
    assert_eq!(c.account_id, AccountId(1));
    assert_eq!((c.since, c.churned_on, c.reason), (days_ago(10), days_ago(100), ChurnReason::ProductFit));
    assert_eq!(c.requirement.as_deref(), Some("SSO 单点登录"));
    // The churn day itself counts; the day before does not.
    assert!(candidate(&f, &delivered("SSO 单点登录", days_ago(100))).is_some());
    assert!(candidate(&f, &delivered("SSO 单点登录", days_ago(101))).is_none());
}

#[test]
fn nothing_without_a_named_cause_a_matching_title_or_while_won_back() {
    let d = delivered("SSO 单点登录", days_ago(5));
    assert!(candidate(&churned(1, 100, false), &d).is_none(), "no cause named");
    assert!(candidate(&churned(1, 100, true), &delivered("SSO login", days_ago(5))).is_none(), "other title");
    assert!(candidate(&churned(1, 100, true), &Deliveries::default()).is_none(), "nothing delivered");
    assert!(candidate(&healthy(), &d).is_none(), "never churned");
    let mut back = churned(1, 100, true);
    back.terms.push(term(9, days_ago(30), today() + Duration::days(335), 90_000));
    assert!(candidate(&back, &d).is_none(), "won back: its last term is open");
    let mut gone = churned(1, 100, true);
    gone.requirements.clear();
    assert!(candidate(&gone, &d).is_none(), "the named requirement was deleted");
}

#[test]
fn a_later_delivery_counts_when_an_earlier_one_came_before_the_churn() {
    let d = Deliveries::new([
        ("SSO 单点登录".to_string(), days_ago(200)),
        ("sso 单点登录".to_string(), days_ago(20)),
        ("SSO 单点登录".to_string(), days_ago(40)),
    ]);
    let c = candidate(&churned(1, 100, true), &d).unwrap();
    assert_eq!(c.since, days_ago(40), "the first delivery on or after the churn");
}

#[test]
fn delivered_on_is_the_first_step_to_delivered_or_closed() {
    let mut r = requirement(1, ReqLevel::P1, days_ago(50));
    assert_eq!(delivered_on(&r), None);
    let step = |status, days| ReqTransition {
        status,
        at: days_ago(days).and_hms_opt(9, 0, 0).unwrap(),
        note: String::new(),
    };
    r.history.push(step(ReqStatus::Scheduled, 30));
    assert_eq!(delivered_on(&r), None);
    r.history.push(step(ReqStatus::Delivered, 20));
    r.history.push(step(ReqStatus::Closed, 10));
    assert_eq!(delivered_on(&r), Some(days_ago(20)));
    r.history.remove(2);
    assert_eq!(delivered_on(&r), Some(days_ago(10)), "closed without a delivered step");
}

proptest! {
    /// Over a random book: the candidates are exactly the accounts that churned naming
    /// the cause and whose churn was on or before some delivery of its title.
    #[test]
    fn the_candidates_are_exactly_the_accounts_churned_for_a_delivered_cause(
        accounts in prop::collection::vec((1i64..300, any::<bool>()), 1..12),
        deliveries in prop::collection::vec(0i64..300, 0..4),
    ) {
        let d = Deliveries::new(deliveries.iter().map(|days| ("sso 单点登录".to_string(), days_ago(*days))));
        for (i, (churn_days, named)) in accounts.iter().enumerate() {
            let f = churned(i as i64 + 1, *churn_days, *named);
            let expected = *named && deliveries.iter().any(|days| days <= churn_days);
            prop_assert_eq!(candidate(&f, &d).is_some(), expected);
            if let Some(c) = candidate(&f, &d) {
                let first = deliveries.iter().filter(|days| *days <= churn_days).max().unwrap();
                prop_assert_eq!(c.since, days_ago(*first));
            }
        }
    }
}

#[test]
fn a_reason_marked_fixed_brings_back_the_accounts_churned_for_it_before_the_fix() {
    // Churned 100 days ago for "product fit", nothing named.
    let f = churned(1, 100, false);
    let fixed = |days| Deliveries::default().with_fixed([(ChurnReason::ProductFit, days_ago(days))]);
    let c = candidate(&f, &fixed(30)).expect("back once the reason is fixed");
    assert_eq!((c.since, c.requirement), (days_ago(30), None));
    assert!(candidate(&f, &fixed(100)).is_some(), "fixed the day it churned");
    assert!(candidate(&f, &fixed(101)).is_none(), "fixed before the churn: it did not help");
    let other = Deliveries::default().with_fixed([(ChurnReason::Price, days_ago(30))]);
    assert!(candidate(&f, &other).is_none(), "another reason");
    // Both a delivery and a fix: dated from whichever came first.
    let named = churned(1, 100, true);
    let both = Deliveries::new([("SSO 单点登录".to_string(), days_ago(20))])
        .with_fixed([(ChurnReason::ProductFit, days_ago(50))]);
    let c = candidate(&named, &both).unwrap();
    assert_eq!((c.since, c.requirement), (days_ago(50), None));
    let both = Deliveries::new([("SSO 单点登录".to_string(), days_ago(60))])
        .with_fixed([(ChurnReason::ProductFit, days_ago(50))]);
    let c = candidate(&named, &both).unwrap();
    assert_eq!((c.since, c.requirement.as_deref()), (days_ago(60), Some("SSO 单点登录")));
}
