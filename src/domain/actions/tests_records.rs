//! The record forms' rules: the account form's term, requirements, touchpoints, deletes.

use super::*;
use crate::domain::risk::testkit::*;
use crate::domain::*;
use chrono::Duration;

#[test]
fn a_new_account_or_a_new_tier_replans_the_playbook() {
    let a = Account::new("Acme 医疗", Tier::Mid, Currency::CNY, today());
    assert!(playbook_follows_account(None, &a));
    assert!(!playbook_follows_account(Some(&a), &a));
    let mut renamed = a.clone();
    renamed.name = "Acme 🚀".to_string();
    assert!(!playbook_follows_account(Some(&a), &renamed));
    let mut ka = a.clone();
    ka.tier = Tier::Ka;
    assert!(playbook_follows_account(Some(&a), &ka));
}

#[test]
fn a_new_term_is_saved_as_typed_and_replans() {
    let t = term(0, days_ago(10), today() + Duration::days(355), 90_000);
    assert_eq!(edit_open_term(None, &t), Ok(TermEdit { term: t.clone(), dates_changed: true }));
}

#[test]
fn the_open_term_takes_new_dates_and_arr_but_never_an_outcome() {
    let stored = term(2, days_ago(100), today() + Duration::days(265), 90_000);
    let mut edited = stored.clone();
    edited.arr = Money::from_major(95_000, Currency::CNY);
    edited.outcome = Some(TermOutcome::Renewed { decided_on: today(), new_arr: edited.arr });
    let same_dates = edit_open_term(Some(&stored), &edited).unwrap();
    assert_eq!(same_dates.term.outcome, None, "outcomes have their own actions");
    assert_eq!((same_dates.term.arr, same_dates.dates_changed), (edited.arr, false));
    edited.end += Duration::days(1);
    assert!(edit_open_term(Some(&stored), &edited).unwrap().dates_changed);
    edited.end = stored.end;
    edited.start -= Duration::days(1);
    assert!(edit_open_term(Some(&stored), &edited).unwrap().dates_changed);
}

#[test]
fn the_account_form_refuses_a_decided_term_or_another_accounts() {
    let stored = term(2, days_ago(100), today() + Duration::days(265), 90_000);
    let mut theirs = stored.clone();
    theirs.account_id = AccountId(7);
    assert_eq!(edit_open_term(Some(&theirs), &stored), Err(ActionError::NotOpenTerm { term: stored.id }));
    let mut decided = stored.clone();
    decided.outcome = Some(TermOutcome::Renewed { decided_on: today(), new_arr: stored.arr });
    assert_eq!(edit_open_term(Some(&decided), &stored), Err(ActionError::NotOpenTerm { term: stored.id }));
}

#[test]
fn a_new_requirement_starts_collected_at_its_first_step_or_the_day_it_was_raised() {
    let mut r = requirement(0, ReqLevel::P0, days_ago(3));
    r.status = ReqStatus::Scheduled;
    let (new, step) = new_requirement(&r);
    assert_eq!((new.status, new.title.as_str()), (ReqStatus::Collected, "export to ERP"));
    assert_eq!((step.id, step.requirement_id, step.status), (0, RequirementId(0), ReqStatus::Collected));
    assert_eq!((step.at, step.note.as_str()), (days_ago(3).and_hms_opt(9, 0, 0).unwrap(), ""));
    r.history.clear();
    let (_, step) = new_requirement(&r);
    assert_eq!(step.at, days_ago(3).and_hms_opt(0, 0, 0).unwrap());
}

#[test]
fn an_edited_requirement_keeps_its_stored_status_and_writes_no_history() {
    let stored = requirement(4, ReqLevel::P1, days_ago(30));
    let mut edited = stored.clone();
    edited.title = "导出到 ERP".to_string();
    edited.status = ReqStatus::Closed;
    let saved = edited_requirement(&edited, Some(&stored));
    assert_eq!(
        (saved.status, saved.title.as_str(), saved.history.len()),
        (ReqStatus::Collected, "导出到 ERP", 0)
    );
    // Gone meanwhile: the save finds that out (as missing); the form's status stands.
    assert_eq!(edited_requirement(&edited, None).status, ReqStatus::Closed);
}

#[test]
fn a_touchpoint_moves_its_contacts_last_contact_up_only() {
    let mut c = contact(3, "王总", Role::DecisionMaker, Some(KpTier::Tier1));
    let t = touch(1, 3, days_ago(2));
    let moved = touch_contact(&c, &t).unwrap().unwrap();
    assert_eq!(moved.last_contact, Some(days_ago(2)));
    assert_eq!(moved.version, c.version);
    c.last_contact = Some(days_ago(5));
    assert_eq!(touch_contact(&c, &t).unwrap().unwrap().last_contact, Some(days_ago(2)));
    c.last_contact = Some(days_ago(2));
    assert_eq!(touch_contact(&c, &t), Ok(None), "the same day: nothing to write");
    c.last_contact = Some(days_ago(1));
    assert_eq!(touch_contact(&c, &t), Ok(None));
}

#[test]
fn a_touchpoint_refuses_another_accounts_contact() {
    let mut c = contact(3, "王总", Role::DecisionMaker, None);
    c.account_id = AccountId(2);
    assert_eq!(
        touch_contact(&c, &touch(1, 3, today())),
        Err(ActionError::OtherAccountsContact { contact: c.id })
    );
}

#[test]
fn terms_steps_and_milestones_are_not_deleted_one_by_one() {
    for kind in RowKind::ALL {
        let refused = matches!(kind, RowKind::Term | RowKind::Transition | RowKind::Milestone);
        let got = check_deletable(kind);
        assert_eq!(got.is_err(), refused, "{kind:?}");
        if refused {
            assert_eq!(got, Err(ActionError::NotDeletable { kind }));
        }
    }
}
