//! The contract rules: the CSM's call, renewal, churn, win-back.

use super::*;
use crate::domain::risk::testkit::*;
use crate::domain::*;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

fn account(stage: Stage) -> Account {
    let mut a = Account::new("成都天府云图信息技术有限公司", Tier::Ka, Currency::CNY, days_ago(800));
    a.id = AccountId(1);
    a.stage = stage;
    a.forecast = Some(Forecast::Likely);
    a.forecast_on = Some(days_ago(10));
    a
}

fn open_term() -> ContractTerm {
    term(2, days_ago(300), today() + Duration::days(65), 120_000)
}

fn cny(major: i64) -> Money {
    Money::from_major(major, Currency::CNY)
}

fn churned(t: &ContractTerm, on: NaiveDate) -> ContractTerm {
    let mut t = t.clone();
    t.outcome = Some(TermOutcome::Churned {
        decided_on: on,
        reason: ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    t
}

#[test]
fn the_call_is_dated_and_clearing_it_clears_its_day() {
    let a = account(Stage::Renewal);
    let set = set_forecast(&a, Some(Forecast::AtRisk), today());
    assert_eq!((set.forecast, set.forecast_on), (Some(Forecast::AtRisk), Some(today())));
    let cleared = set_forecast(&set, None, today());
    assert_eq!((cleared.forecast, cleared.forecast_on), (None, None));
    assert_eq!(cleared.stage, Stage::Renewal);
}

#[test]
fn an_outcome_is_recorded_once() {
    let t = open_term();
    assert_eq!(check_open(&t), Ok(()));
    let decided = churned(&t, today());
    assert_eq!(check_open(&decided), Err(ActionError::AlreadyDecided { end: t.end }));
}

#[test]
fn a_renewal_closes_the_term_opens_the_next_and_settles_the_account() {
    let (a, t) = (account(Stage::Renewal), open_term());
    let new_end = t.end + Duration::days(365);
    let r = record_renewal(&a, &t, today(), cny(150_000), new_end).unwrap();
    assert_eq!(r.closed.outcome, Some(TermOutcome::Renewed { decided_on: today(), new_arr: cny(150_000) }));
    assert_eq!((r.closed.start, r.closed.end, r.closed.arr, r.closed.id), (t.start, t.end, t.arr, t.id));
    assert_eq!((r.next.id, r.next.account_id, r.next.start, r.next.end), (TermId(0), a.id, t.end, new_end));
    assert_eq!((r.next.arr, r.next.outcome.clone(), r.next.version), (cny(150_000), None, 0));
    assert_eq!(r.kind, RenewalKind::Upsell);
    assert_eq!(r.account.stage, Stage::Mature, "decided: back to steady use");
    assert_eq!((r.account.forecast, r.account.forecast_on), (None, None), "the call was about it");
    assert_eq!(record_renewal(&a, &t, today(), cny(120_000), new_end).unwrap().kind, RenewalKind::Flat);
    assert_eq!(record_renewal(&a, &t, today(), cny(90_000), new_end).unwrap().kind, RenewalKind::Downsell);
}

#[test]
fn a_renewal_leaves_a_stage_other_than_renewal_alone() {
    for stage in [Stage::Adoption, Stage::Onboarding, Stage::Mature, Stage::Handover] {
        let r = record_renewal(
            &account(stage),
            &open_term(),
            today(),
            cny(1),
            open_term().end + Duration::days(1),
        );
        assert_eq!(r.unwrap().account.stage, stage);
    }
}

#[test]
fn a_renewal_is_refused_when_decided_in_another_currency_or_not_later() {
    let (a, t) = (account(Stage::Renewal), open_term());
    let later = t.end + Duration::days(365);
    let decided = churned(&t, today());
    assert_eq!(
        record_renewal(&a, &decided, today(), cny(1), later),
        Err(ActionError::AlreadyDecided { end: t.end })
    );
    let usd = Money::from_major(1, Currency::USD);
    let wrong = record_renewal(&a, &t, today(), usd, later);
    assert_eq!(wrong, Err(ActionError::OtherCurrency { contract: Currency::CNY, given: Currency::USD }));
    for end in [t.end, t.end - Duration::days(1)] {
        let short = record_renewal(&a, &t, today(), cny(1), end);
        assert_eq!(short, Err(ActionError::Terms(TermError::RenewalEnd { end: t.end })));
    }
    assert!(record_renewal(&a, &t, today(), cny(1), t.end + Duration::days(1)).is_ok());
}

#[test]
fn a_churn_closes_the_term_and_keeps_the_account_marked_churned() {
    let (a, t) = (account(Stage::Renewal), open_term());
    let c = record_churn(&a, &t, today(), ChurnReason::Competitor, "moved to 竞品 🙁", None).unwrap();
    let outcome = TermOutcome::Churned {
        decided_on: today(),
        reason: ChurnReason::Competitor,
        note: "moved to 竞品 🙁".to_string(),
        because_of: None,
    };
    assert_eq!(c.term.outcome, Some(outcome));
    assert_eq!((c.term.id, c.term.end, c.term.arr), (t.id, t.end, t.arr));
    assert_eq!(c.account.stage, Stage::Churned);
    assert_eq!(c.account.forecast, a.forecast, "the call stays as the CSM made it");
}

#[test]
fn a_churn_is_refused_on_another_accounts_term_or_a_decided_one() {
    let (a, mut t) = (account(Stage::Renewal), open_term());
    let decided = churned(&t, today());
    assert_eq!(
        record_churn(&a, &decided, today(), ChurnReason::Price, "", None),
        Err(ActionError::AlreadyDecided { end: t.end })
    );
    t.account_id = AccountId(9);
    assert_eq!(
        record_churn(&a, &t, today(), ChurnReason::Price, "", None),
        Err(ActionError::OtherAccountsTerm { term: t.id })
    );
    // Someone else's decided term: named as someone else's first.
    let theirs = churned(&t, today());
    assert_eq!(
        record_churn(&a, &theirs, today(), ChurnReason::Price, "", None),
        Err(ActionError::OtherAccountsTerm { term: t.id })
    );
}

#[test]
fn a_churned_account_is_won_back_into_onboarding() {
    let last = churned(&term(2, days_ago(400), days_ago(35), 120_000), days_ago(5));
    let (start, end) = (today(), today() + Duration::days(365));
    // Marked churned, or with a churned last term (either says it churned).
    for (stage, terms) in
        [(Stage::Churned, vec![last.clone()]), (Stage::Mature, vec![last.clone()]), (Stage::Churned, vec![])]
    {
        let w = win_back(&account(stage), &terms, start, end, cny(80_000)).unwrap();
        let expected = ContractTerm {
            id: TermId(0),
            account_id: AccountId(1),
            start,
            end,
            arr: cny(80_000),
            outcome: None,
            version: 0,
        };
        assert_eq!(w.term, expected);
        assert_eq!(
            (w.account.stage, w.account.forecast, w.account.forecast_on),
            (Stage::Onboarding, None, None)
        );
        assert_eq!(w.account.name, account(stage).name);
    }
}

#[test]
fn win_back_is_refused_for_an_account_that_has_not_churned() {
    let a = account(Stage::Mature);
    let name = a.name.clone();
    for terms in [vec![], vec![open_term()]] {
        let refused = win_back(&a, &terms, today(), today() + Duration::days(365), cny(1));
        assert_eq!(refused, Err(ActionError::NotChurned { name: name.clone() }));
    }
    // A renewed last term is not a churn either.
    let mut renewed = open_term();
    renewed.outcome = Some(TermOutcome::Renewed { decided_on: today(), new_arr: cny(1) });
    let refused =
        win_back(&a, &[renewed], today() + Duration::days(70), today() + Duration::days(400), cny(1));
    assert_eq!(refused, Err(ActionError::NotChurned { name }));
}

#[test]
fn a_won_back_term_starts_after_the_churn_and_after_the_last_term() {
    let t = open_term();
    let last = churned(&t, t.end + Duration::days(3));
    let a = account(Stage::Churned);
    let year = |s: NaiveDate| (s, s + Duration::days(365));
    let (s, e) = year(t.end + Duration::days(1));
    let early = win_back(&a, std::slice::from_ref(&last), s, e, cny(1));
    let after = ActionError::Terms(TermError::AfterChurn { decided_on: t.end + Duration::days(3), start: s });
    assert_eq!(early, Err(after));
    let (s, e) = year(t.end - Duration::days(1));
    let overlap = win_back(&a, std::slice::from_ref(&last), s, e, cny(1));
    assert_eq!(overlap, Err(ActionError::Terms(TermError::Overlap { prev_end: t.end, start: s })));
    let (s, e) = year(t.end + Duration::days(3));
    assert!(win_back(&a, &[last], s, e, cny(1)).is_ok());
}

#[test]
fn a_won_back_term_starting_with_the_last_one_sorts_after_it() {
    // Same start as the churned term: the new one is stored last, so it is the one found
    // overlapping (not reported as an open term in the middle).
    let t = open_term();
    let last = churned(&t, t.start);
    let got = win_back(&account(Stage::Churned), &[last], t.start, t.end, cny(1));
    assert_eq!(got, Err(ActionError::Terms(TermError::Overlap { prev_end: t.end, start: t.start })));
}

/// A valid history: 1 to 4 terms with gaps, the earlier ones renewed, the last open or
/// churned (at its end).
fn history() -> impl Strategy<Value = Vec<ContractTerm>> {
    (proptest::collection::vec((0i64..60, 30i64..800), 1..5), any::<bool>()).prop_map(|(spans, churn)| {
        let mut start = days_ago(3000);
        let mut terms = Vec::new();
        for (i, (gap, len)) in spans.iter().enumerate() {
            start += Duration::days(*gap);
            let mut t = term(i as i64 + 1, start, start + Duration::days(*len), 100_000);
            t.outcome = Some(TermOutcome::Renewed { decided_on: t.end, new_arr: cny(100_000) });
            start = t.end;
            terms.push(t);
        }
        let last = terms.len() - 1;
        let end = terms[last].end;
        terms[last].outcome = churn.then(|| TermOutcome::Churned {
            decided_on: end,
            reason: ChurnReason::Price,
            note: String::new(),
            because_of: None,
        });
        terms
    })
}

proptest! {
    // Renewing the open term of a valid history keeps it valid, or refuses a renewal that
    // does not end later; a churned history refuses it as decided.
    #[test]
    fn renewal_keeps_the_contract_history_valid(terms in history(), extra in -400i64..800, arr in 1i64..1_000_000) {
        prop_assert!(validate_terms(&terms).is_ok());
        let last = terms[terms.len() - 1].clone();
        let new_end = last.end + Duration::days(extra);
        match record_renewal(&account(Stage::Renewal), &last, today(), cny(arr), new_end) {
            Ok(r) => {
                let mut after = terms[..terms.len() - 1].to_vec();
                after.push(r.closed);
                after.push(r.next);
                prop_assert!(validate_terms(&after).is_ok(), "{after:?}");
                prop_assert!(last.is_open() && extra > 0);
            }
            Err(ActionError::AlreadyDecided { .. }) => prop_assert!(!last.is_open()),
            Err(e) => {
                prop_assert!(last.is_open() && extra <= 0);
                prop_assert_eq!(e, ActionError::Terms(TermError::RenewalEnd { end: last.end }));
            }
        }
    }

    // Winning back a churned account is accepted exactly when the history with the new
    // term stays valid, and then it does.
    #[test]
    fn win_back_accepts_exactly_a_valid_new_history(terms in history(), from in -100i64..100, len in -10i64..800) {
        let last_end = terms[terms.len() - 1].end;
        let (start, end) = (last_end + Duration::days(from), last_end + Duration::days(from + len));
        let a = account(Stage::Mature);
        let mut with_new = terms.clone();
        with_new.push(term(0, start, end, 1));
        match win_back(&a, &terms, start, end, cny(1)) {
            Ok(w) => {
                let mut after = terms.clone();
                after.push(w.term);
                prop_assert!(validate_terms(&after).is_ok());
                prop_assert!(!terms[terms.len() - 1].is_open());
            }
            Err(ActionError::NotChurned { .. }) => prop_assert!(terms[terms.len() - 1].is_open()),
            Err(ActionError::Terms(e)) => {
                with_new.sort_by_key(|t| t.start);
                prop_assert_eq!(validate_terms(&with_new), Err(e));
            }
            Err(e) => prop_assert!(false, "{e}"),
        }
    }
}

#[test]
fn a_reference_is_dated_when_chosen_keeps_its_day_as_it_moves_and_ending_it_clears_both() {
    let a = account(Stage::Renewal);
    let chosen = set_reference(&a, Some(ReferenceStage::Chosen), days_ago(30));
    assert_eq!(
        (chosen.reference, chosen.reference_since),
        (Some(ReferenceStage::Chosen), Some(days_ago(30)))
    );
    let written = set_reference(&chosen, Some(ReferenceStage::CaseWritten), today());
    assert_eq!(
        (written.reference, written.reference_since),
        (Some(ReferenceStage::CaseWritten), Some(days_ago(30)))
    );
    let ended = set_reference(&written, None, today());
    assert_eq!((ended.reference, ended.reference_since), (None, None));
    let again = set_reference(&ended, Some(ReferenceStage::Plan), today());
    assert_eq!(again.reference_since, Some(today()), "a new start, not the old day");
    assert_eq!(
        (again.forecast, again.stage, again.version),
        (a.forecast, a.stage, a.version),
        "nothing else moves"
    );
}

fn stage_choice() -> impl Strategy<Value = Option<ReferenceStage>> {
    prop::option::of(prop::sample::select(ReferenceStage::ALL.to_vec()))
}

proptest! {
    /// Over any run of stage changes: `since` is set exactly while the account is a
    /// reference, and is the day of the change that started the current run.
    #[test]
    fn reference_since_is_the_start_of_the_current_run(steps in prop::collection::vec((stage_choice(), 0i64..400), 1..12)) {
        let mut a = account(Stage::Renewal);
        let mut started: Option<NaiveDate> = None;
        for (stage, day) in steps {
            let on = days_ago(400 - day);
            started = match (a.reference, stage) {
                (_, None) => None,
                (None, Some(_)) => Some(on),
                (Some(_), Some(_)) => started,
            };
            a = set_reference(&a, stage, on);
            prop_assert_eq!(a.reference, stage);
            prop_assert_eq!(a.reference_since, started);
            prop_assert_eq!(a.reference_since.is_some(), a.reference.is_some());
        }
    }
}
