//! Recording from the dashboard through `App::update` (no terminal): each form's
//! validation (inline errors, nothing written while invalid), each quick action, undo and
//! redo, delete confirmation, and the stale-save path that keeps the user's text.

use crate::support::store_edit::{assert_versions_forward, values, versions};
use crate::support::tui_edit::*;
use chrono::Duration;
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use radar::tui::modals::Modal;
use radar::tui::modals::confirm::ConfirmFor;
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 35);

fn dump(h: &radar::tui::harness::Harness) -> String {
    h.worker.store.dump().unwrap()
}

#[test]
fn log_touchpoint_defaults_to_today_saves_and_undoes() {
    let mut h = app(Lang::En, SIZE);
    let before = facts(&h).touchpoints.len();
    let start = dump(&h);
    h.keys("c");
    assert_eq!(form(&h).get(F::Date), today().to_string(), "dated today");
    assert_eq!(form(&h).get(F::TouchKind), "call");
    choose(&mut h, F::TouchKind, "visit");
    set(&mut h, F::Note, "王总 agreed to the QBR\nwants SSO");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved and closed");
    let f = facts(&h);
    assert_eq!(f.touchpoints.len(), before + 1);
    let t = f.touchpoints.iter().find(|t| t.note.contains("QBR")).unwrap();
    assert_eq!((t.date, t.kind), (today(), TouchKind::Visit));
    assert_eq!(t.note, "王总 agreed to the QBR\nwants SSO");
    assert!(status(&h).starts_with("Logged a touchpoint · 成都天府云图"), "{}", status(&h));
    assert_eq!(h.app.portfolio.selected_row().unwrap().last_touch, Some(today()));
    h.keys("u");
    assert!(status(&h).starts_with("Undone: Logged a touchpoint"), "{}", status(&h));
    assert_eq!(dump(&h), start, "undo restores the exact rows");
    h.keys("U");
    assert!(status(&h).starts_with("Redone"));
    assert_eq!(facts(&h).touchpoints.len(), before + 1);
    h.keys("u");
    h.keys("u");
    assert!(status(&h).contains("Nothing to undo"));
}

#[test]
fn touchpoint_with_a_relative_date_and_a_contact() {
    let mut h = app(Lang::En, SIZE);
    let contact = facts(&h).contacts.iter().find(|c| c.active_on(today())).unwrap().clone();
    h.keys("c");
    set(&mut h, F::Date, "-3d");
    choose(&mut h, F::Contact, &contact.name);
    h.key(KeyCode::Enter);
    let f = facts(&h);
    let t = f.touchpoints.iter().rev().find(|t| t.contact_id == Some(contact.id)).unwrap();
    assert_eq!(t.date, today() - Duration::days(3));
    let c = f.contacts.iter().find(|c| c.id == contact.id).unwrap();
    assert!(c.last_contact >= Some(t.date), "talking to someone moves their last contact");
}

#[test]
fn invalid_input_is_shown_inline_and_nothing_is_written() {
    let mut h = app(Lang::En, SIZE);
    let start = dump(&h);
    // Touchpoint: a date that is not one.
    h.keys("c");
    set(&mut h, F::Date, "next tuesday");
    h.key(KeyCode::Enter);
    assert!(has_form(&h));
    // A touchpoint's date looks back: its examples do too (it offered "+30d" and "tomorrow",
    // which the field refuses: CSM trial, session 22).
    let said = error(&h, F::Date).unwrap();
    assert!(said.contains("-3d") && said.contains("yesterday") && !said.contains("tomorrow"), "{said}");
    // And so does the hint under it (it still offered "+30d · today · tomorrow").
    assert!(h.screen().contains("-3d · -2w · today · yesterday"), "{}", h.screen());
    assert!(!h.screen().contains("tomorrow"), "{}", h.screen());
    assert_eq!(form(&h).fields[form(&h).focus].key, F::Date, "focus moves to the first error");
    h.key(KeyCode::Esc);
    h.keys("y");
    // Usage: not a number, and more users than seats.
    h.keys("6N");
    h.keys("\n");
    let mut pick_usage = false;
    if let Some(Modal::Pick(_)) = h.app.modals.last() {
        pick_usage = true;
    }
    assert!(has_form(&h) || pick_usage);
    if pick_usage {
        h.key(KeyCode::Esc);
    }
    h.key(KeyCode::Esc);
    assert_eq!(dump(&h), start);
}

#[test]
fn each_form_validates_its_fields() {
    let mut h = app(Lang::En, SIZE);
    let start = dump(&h);
    let submit = |h: &mut radar::tui::harness::Harness| h.key(KeyCode::Enter);

    // Account: name required, dates and amount parsed, the renewal after the start.
    h.keys("A");
    submit(&mut h);
    assert_eq!(error(&h, F::Name).as_deref(), Some("required"));
    assert_eq!(error(&h, F::TermStart).as_deref(), Some("required"));
    set(&mut h, F::Name, "Acme 云");
    set(&mut h, F::TermStart, "2026-13-01");
    set(&mut h, F::RenewalDate, "2026-12-01");
    set(&mut h, F::Arr, "lots");
    submit(&mut h);
    assert_eq!(error(&h, F::TermStart).as_deref(), Some("no such day in the calendar"));
    assert!(error(&h, F::Arr).unwrap().contains("¥120k"));
    set(&mut h, F::TermStart, "2027-01-01");
    set(&mut h, F::Arr, "¥120k");
    submit(&mut h);
    assert_eq!(error(&h, F::RenewalDate).as_deref(), Some("must be after 2027-01-01"));
    assert_eq!(error(&h, F::Arr), None);
    h.key(KeyCode::Esc);
    h.keys("y");
    assert_eq!(dump(&h), start);

    // Contact: a name; left after being known.
    h.keys("2N");
    submit(&mut h);
    assert_eq!(error(&h, F::ContactName).as_deref(), Some("required"));
    set(&mut h, F::ContactName, "李娜");
    set(&mut h, F::AddedOn, "2026-11-01");
    set(&mut h, F::LeftOn, "2026-10-01");
    submit(&mut h);
    assert_eq!(error(&h, F::LeftOn).as_deref(), Some("must be on or after 2026-11-01"));
    h.key(KeyCode::Esc);
    h.keys("y");

    // Promise: the text; a real due date.
    h.keys("3N");
    set(&mut h, F::Due, "02-30");
    submit(&mut h);
    assert_eq!(error(&h, F::Promise).as_deref(), Some("required"));
    assert_eq!(error(&h, F::Due).as_deref(), Some("no such day in the calendar"));
    // …and not before the day it was made.
    set(&mut h, F::Promise, "SSO by March 🚀");
    set(&mut h, F::MadeOn, "2026-11-01");
    set(&mut h, F::Due, "2026-10-01");
    submit(&mut h);
    assert_eq!(error(&h, F::Due).as_deref(), Some("must be on or after 2026-11-01"));
    h.key(KeyCode::Esc);
    h.keys("y");

    // Requirement and complaint: a title / summary.
    h.keys("4N");
    submit(&mut h);
    assert_eq!(error(&h, F::Requirement).as_deref(), Some("required"));
    h.key(KeyCode::Esc);
    h.keys("5N");
    submit(&mut h);
    assert_eq!(error(&h, F::Complaint).as_deref(), Some("required"));
    h.key(KeyCode::Esc);

    // Usage: counts, users within seats.
    h.keys("6N");
    assert!(matches!(h.app.modals.last(), Some(Modal::Pick(_))), "activity offers touchpoint or usage");
    h.keys("usage\n");
    set(&mut h, F::ActiveUsers, "60");
    set(&mut h, F::Seats, "50");
    set(&mut h, F::Logins, "many");
    set(&mut h, F::Minutes, "1,2,3"); // commas where no digit groups fall: not 123
    submit(&mut h);
    assert_eq!(error(&h, F::ActiveUsers).as_deref(), Some("more than the 50 seats"));
    assert!(error(&h, F::Logins).unwrap().contains("whole number"));
    assert!(error(&h, F::Minutes).unwrap().contains("whole number"));
    set(&mut h, F::Minutes, "1,234");
    submit(&mut h);
    assert_eq!(error(&h, F::Minutes), None, "1,234 groups its digits");
    h.key(KeyCode::Esc);
    h.keys("y");
    assert_eq!(dump(&h), start, "no invalid form wrote anything");
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let mut h = app(Lang::En, SIZE);
    h.keys("c");
    h.key(KeyCode::Esc);
    assert!(h.app.modals.is_empty(), "an untouched form just closes");
    h.keys("c");
    set(&mut h, F::Note, "half a thought");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.modals.last(), Some(Modal::Confirm(c)) if c.purpose == ConfirmFor::Discard));
    h.keys("n");
    assert_eq!(form(&h).get(F::Note), "half a thought", "back to the form, text kept");
    h.key(KeyCode::Esc);
    h.keys("y");
    assert!(h.app.modals.is_empty());
}

#[test]
fn promise_quick_actions_from_the_tab_and_from_the_picker() {
    let mut h = app(Lang::En, SIZE);
    let open: Vec<Promise> = facts(&h).promises.into_iter().filter(|p| p.status.is_open()).collect();
    assert!(!open.is_empty());
    // From the portfolio: a list of the open promises.
    h.keys("B");
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("picker") };
    assert_eq!(p.items.len(), open.len());
    h.key(KeyCode::Enter);
    let f = facts(&h);
    let broken = f.promises.iter().find(|p| p.id == open[0].id).unwrap();
    assert_eq!((broken.status, broken.status_on), (PromiseStatus::Broken, today()));
    assert!(status(&h).starts_with("Promise broken"));
    // In the promises tab the selected row is the target, no list: the same promise,
    // open again.
    h.keys("u");
    assert!(facts(&h).promises.iter().any(|p| p.id == open[0].id && p.status.is_open()));
    h.key(KeyCode::Enter);
    h.keys("3");
    for _ in 0..50 {
        if h.app.detail.selected_item().map(|k| k.id) == Some(open[0].id.0) {
            break;
        }
        h.keys("j");
    }
    let target = h.app.detail.selected_item().unwrap();
    assert_eq!(target.id, open[0].id.0);
    h.keys("K");
    assert!(h.app.modals.is_empty());
    let kept = facts(&h).promises.into_iter().find(|p| p.id.0 == target.id).unwrap();
    assert_eq!(kept.status, PromiseStatus::Kept);
    // A closed promise is not closed again another way by one key (`promise_closed`).
    h.keys("W");
    assert_eq!(facts(&h).promises.iter().find(|p| p.id == kept.id).unwrap().status, PromiseStatus::Kept);
    h.keys("u");
    assert_eq!(facts(&h).promises.iter().find(|p| p.id == kept.id).unwrap().status, PromiseStatus::Open);
}

#[test]
fn requirement_next_step_and_reject_with_reason() {
    let mut h = app(Lang::En, SIZE);
    // A new requirement starts its loop, collected.
    h.keys("4N");
    set(&mut h, F::Requirement, "SSO login");
    h.key(KeyCode::Enter);
    let r = facts(&h).requirements.into_iter().find(|r| r.title == "SSO login").unwrap();
    assert_eq!((r.status, r.history.len()), (ReqStatus::Collected, 1));
    h.key(KeyCode::Enter);
    h.keys("4");
    while h.app.detail.selected_item().map(|k| k.id) != Some(r.id.0) {
        h.keys("j");
    }
    h.keys(">");
    let moved = facts(&h).requirements.into_iter().find(|x| x.id == r.id).unwrap();
    assert_eq!(Some(moved.status), r.status.next());
    assert_eq!(moved.history.last().map(|t| t.status), r.status.next());
    h.keys("!");
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::Reason).as_deref(), Some("required"), "a rejection needs its reason");
    set(&mut h, F::Reason, "out of scope for this year");
    h.key(KeyCode::Enter);
    let rejected = facts(&h).requirements.into_iter().find(|x| x.id == r.id).unwrap();
    assert_eq!(rejected.status, ReqStatus::Rejected);
    assert_eq!(rejected.history.last().unwrap().note, "out of scope for this year");
}

#[test]
fn complaint_resolve_milestone_done_and_skip_and_the_call() {
    let mut h = app(Lang::En, SIZE);
    // A complaint to resolve.
    h.keys("5N");
    set(&mut h, F::Complaint, "Exports time out");
    h.key(KeyCode::Enter);
    h.keys("F");
    if let Some(Modal::Pick(_)) = h.app.modals.last() {
        h.keys("Exports\n");
    }
    choose(&mut h, F::Cause, "outage");
    set(&mut h, F::Improvement, "alerting on export latency");
    h.key(KeyCode::Enter);
    let c = facts(&h).complaints.into_iter().find(|c| c.summary == "Exports time out").unwrap();
    assert!(c.resolved_at.is_some());
    assert_eq!(c.cause, Some(ComplaintCause::Outage));

    // Milestones: the nearest pending one from the list, with a note.
    let pending = facts(&h).milestones.iter().filter(|m| m.status == MilestoneStatus::Pending).count();
    h.keys("D");
    h.key(KeyCode::Enter);
    set(&mut h, F::Note, "value report sent");
    h.key(KeyCode::Enter);
    let f = facts(&h);
    assert_eq!(f.milestones.iter().filter(|m| m.status == MilestoneStatus::Pending).count(), pending - 1);
    assert!(f.milestones.iter().any(|m| m.status == MilestoneStatus::Done && m.note == "value report sent"));
    h.key(KeyCode::Enter);
    h.keys("8");
    h.keys("P");
    assert!(has_form(&h), "the selected playbook row, no list");
    h.key(KeyCode::Enter);
    assert!(
        facts(&h)
            .milestones
            .iter()
            .any(|m| m.status == MilestoneStatus::Skipped && m.done_on == Some(today()))
    );

    // The CSM's call.
    h.keys("f");
    h.keys("at risk\n");
    let a = facts(&h).account;
    assert_eq!((a.forecast, a.forecast_on), (Some(Forecast::AtRisk), Some(today())));
}

#[test]
fn renewal_with_upsell_opens_the_next_term() {
    let mut h = app(Lang::En, SIZE);
    let t = facts(&h).current_term().unwrap().clone();
    h.keys("R");
    h.key(KeyCode::Enter); // renewed
    set(&mut h, F::NewArr, "$100");
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::NewArr).as_deref(), Some("this contract is in CNY"));
    set(&mut h, F::NewEnd, "2026-12-01");
    let bigger = t.arr.minor / 100 + 10_000;
    set(&mut h, F::NewArr, &format!("{bigger}"));
    h.key(KeyCode::Enter);
    assert!(error(&h, F::NewEnd).unwrap().contains(&t.end.to_string()));
    // Two years on the calendar from today (a contract's term; only days and weeks were
    // taken before: CSM trial, session 32).
    set(&mut h, F::NewEnd, "+2y");
    h.key(KeyCode::Enter);
    let end = radar::domain::dates::add_months(today(), 24);
    assert_eq!(end.to_string(), "2028-11-22");
    assert!(!has_form(&h));
    assert!(status(&h).starts_with("Renewed with up-sell"), "{}", status(&h));
    let f = facts(&h);
    let open = f.current_term().unwrap();
    assert_eq!((open.start, open.end, open.arr.minor), (t.end, end, bigger * 100));
}

/// The ended term's T-0 step reads "Recorded" on the playbook tab once its outcome is
/// recorded, in both languages: it read "Superseded", the word for a step its term ended
/// before anyone did (CSM trial, session 31). Stored as superseded, as every step of an
/// ended term.
#[test]
fn the_t0_of_a_term_renewed_reads_recorded_on_the_playbook_tab() {
    for (lang, word) in [(Lang::En, "Recorded"), (Lang::ZhCn, "已记录结果")] {
        let mut h = app(lang, (160, 45));
        let t = facts(&h).current_term().unwrap().clone();
        h.keys("R");
        h.key(KeyCode::Enter); // renewed
        set(&mut h, F::NewArr, &format!("{}", t.arr.minor / 100));
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "{}", h.screen());
        let f = facts(&h);
        let t0 = f.milestones.iter().find(|m| m.kind == MilestoneKind::T0 && m.due == t.end).unwrap();
        assert_eq!(t0.status, MilestoneStatus::Superseded);
        h.keys("8");
        let screen = h.screen();
        let row =
            screen.lines().find(|l| l.contains(&t.end.to_string()) && l.contains("T-0")).unwrap_or_default();
        assert!(row.contains(word) && !row.contains("Superseded") && !row.contains("已取代"), "{screen}");
    }
}

/// An outcome is not decided before its term began (a year's typo, "2020-01-01" for a
/// 2025-26 term, was saved and printed in the handover): refused on the field, renewal and
/// churn alike; nothing is written.
#[test]
fn an_outcome_decided_before_its_term_began_is_refused() {
    let mut h = app(Lang::En, SIZE);
    let t = facts(&h).current_term().unwrap().clone();
    let before = t.start - Duration::days(1);
    let words = format!("must not be before this term started ({})", t.start);
    h.keys("R");
    h.key(KeyCode::Enter); // renewed
    set(&mut h, F::NewEnd, &(t.end + Duration::days(365)).to_string());
    set(&mut h, F::DecidedOn, &before.to_string());
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::DecidedOn), Some(words.clone()));
    let mut h = app(Lang::En, SIZE);
    h.keys("R");
    h.keys("churned\n");
    choose(&mut h, F::ChurnReason, "competitor");
    set(&mut h, F::DecidedOn, &before.to_string());
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::DecidedOn), Some(words));
    // On the day the term began: saved.
    set(&mut h, F::DecidedOn, &t.start.to_string());
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "{}", h.screen());
    let f = facts(&h);
    assert_eq!(
        f.terms.iter().find(|x| x.id == t.id).unwrap().outcome.as_ref().unwrap().decided_on(),
        t.start
    );
    // A term that has not begun (a renewal recorded early opened it) is churned today,
    // before it begins: the customer backed out. Not refused.
    let mut h = app(Lang::En, SIZE);
    h.keys("R");
    h.key(KeyCode::Enter); // renewed, early
    set(&mut h, F::NewEnd, &(t.end + Duration::days(365)).to_string());
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "{}", h.screen());
    let next = facts(&h).current_term().unwrap().clone();
    assert!(next.start > today(), "{next:?}");
    h.keys("R");
    h.keys("churned\n");
    choose(&mut h, F::ChurnReason, "competitor");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "{}", h.screen());
    let churned = facts(&h).terms.into_iter().find(|x| x.id == next.id).unwrap();
    assert_eq!(churned.outcome.unwrap().decided_on(), today());
}

#[test]
fn churn_needs_a_reason_and_the_account_can_be_won_back() {
    let mut h = app(Lang::En, SIZE);
    let t = facts(&h).current_term().unwrap().clone();
    h.keys("b");
    assert!(status(&h).contains("Only a churned account"));
    h.keys("R");
    h.keys("churned\n");
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::ChurnReason).as_deref(), Some("required"));
    choose(&mut h, F::ChurnReason, "competitor");
    set(&mut h, F::Note, "moved to a cheaper tool");
    h.key(KeyCode::Enter);
    let f = facts(&h);
    assert_eq!(f.account.stage, Stage::Churned);
    assert_eq!(h.app.portfolio.selected_row().unwrap().stage, Stage::Churned, "kept and marked");
    h.keys("R");
    assert!(status(&h).contains("win"), "{}", status(&h));
    h.keys("b");
    set(&mut h, F::TermStart, &(t.end - Duration::days(1)).to_string());
    h.key(KeyCode::Enter);
    assert!(error(&h, F::TermStart).is_some());
    set(&mut h, F::TermStart, &(t.end + Duration::days(60)).to_string());
    set(&mut h, F::RenewalDate, &(t.end + Duration::days(425)).to_string());
    h.key(KeyCode::Enter);
    let f = facts(&h);
    assert_eq!(f.account.stage, Stage::Onboarding);
    assert_eq!(f.current_term().map(|x| x.start), Some(t.end + Duration::days(60)));
}

#[test]
fn deleting_asks_naming_what_goes_and_undo_restores_it() {
    let mut h = app(Lang::En, SIZE);
    let start = dump(&h);
    let name = facts(&h).account.name;
    h.keys("X");
    let Some(Modal::Confirm(c)) = h.app.modals.last() else { panic!("confirmation") };
    assert!(c.lines[0].contains(&name));
    assert!(c.lines[1].contains("contacts") && c.lines[1].contains("milestones"), "{:?}", c.lines);
    h.keys("n");
    assert_eq!(dump(&h), start);
    h.keys("X");
    h.keys("y");
    assert!(h.app.portfolio.model.rows().iter().all(|r| r.name != name));
    assert!(status(&h).starts_with("Deleted an account"));
    let deleted = dump(&h);
    h.keys("u");
    // Every row back, ids and values included, each at a new version (never an old one).
    let back = dump(&h);
    assert_eq!(values(&back), values(&start));
    let (start_v, deleted_v) = (versions(&start), versions(&deleted));
    let restored: Vec<_> =
        versions(&back).into_iter().filter(|(key, _)| !deleted_v.contains_key(key)).collect();
    assert!(!restored.is_empty());
    for (key, v) in restored {
        assert!(v > start_v[&key], "{key:?} restored at version {v}, deleted at {}", start_v[&key]);
    }
    assert_versions_forward(&deleted, &back);
    assert!(h.app.portfolio.model.rows().iter().any(|r| r.name == name));
}

#[test]
fn edit_account_changes_tier_and_regenerates_the_playbook() {
    let mut h = app(Lang::En, SIZE);
    let before = facts(&h);
    h.keys("E");
    assert_eq!(form(&h).get(F::Name), before.account.name);
    choose(&mut h, F::Tier, "ka");
    set(&mut h, F::WhyBought, "Replace spreadsheets\n三个月内上线");
    h.key(KeyCode::Enter);
    let after = facts(&h);
    assert_eq!(after.account.tier, Tier::Ka);
    assert_eq!(after.account.handover.why_bought, "Replace spreadsheets\n三个月内上线");
    assert!(after.milestones.iter().any(|m| m.kind == MilestoneKind::MonthlyTouch), "KA cadence");
    // Opening and saving without a change writes nothing.
    let start = dump(&h);
    h.keys("E\n");
    assert_eq!(dump(&h), start);
    assert!(status(&h).contains("No changes"));
}

#[test]
fn a_stale_save_keeps_the_users_text_shows_their_change_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut seed = radar::store::Store::open(&path).unwrap();
    demo_into(&mut seed, 20);
    drop(seed);
    let mut h = app_on(radar::store::Store::open(&path).unwrap(), Lang::En, SIZE);
    select_first(&mut h);
    let mut other = radar::store::Store::open(&path).unwrap();
    h.key(KeyCode::Enter);
    h.keys("2");
    let target = h.app.detail.selected_item().unwrap();
    h.keys("E");
    set(&mut h, F::JobTitle, "COO (mine)");
    // Meanwhile, a second dashboard edits the same person.
    let id = facts(&h).account.id;
    let mut theirs =
        other.load_facts(id).unwrap().unwrap().contacts.into_iter().find(|c| c.id.0 == target.id).unwrap();
    theirs.title = "CEO (theirs)".into();
    theirs.phone = "+86 28 1234 5678".into();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    radar::refresh::apply(&mut other, &Edit::SaveContact(theirs), now, &cfg).unwrap();

    h.key(KeyCode::Enter);
    assert!(has_form(&h), "the refused form stays open");
    let f = form(&h);
    let banner = f.banner.as_ref().unwrap().lines.join(" ");
    assert!(
        banner.contains("changed elsewhere") && banner.contains("Job title") && banner.contains("Phone"),
        "{banner}"
    );
    assert_eq!(f.get(F::JobTitle), "COO (mine)", "the user's text is kept");
    assert!(f.field(F::JobTitle).unwrap().note.as_deref().unwrap().contains("CEO (theirs)"));
    assert_eq!(f.get(F::Phone), "+86 28 1234 5678", "their change is taken where the user changed nothing");
    let stored = |s: &radar::store::Store| {
        s.load_facts(id).unwrap().unwrap().contacts.into_iter().find(|c| c.id.0 == target.id).unwrap()
    };
    assert_eq!(stored(&other).title, "CEO (theirs)", "their change survives the refused save");
    // Enter again: the user saves knowingly on top of their version, keeping their phone.
    h.key(KeyCode::Enter);
    assert!(!has_form(&h));
    let now_stored = stored(&other);
    assert_eq!((now_stored.title.as_str(), now_stored.phone.as_str()), ("COO (mine)", "+86 28 1234 5678"));
}

#[test]
fn undo_is_refused_when_someone_changed_the_row_since() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut seed = radar::store::Store::open(&path).unwrap();
    demo_into(&mut seed, 10);
    drop(seed);
    let mut h = app_on(radar::store::Store::open(&path).unwrap(), Lang::ZhCn, SIZE);
    select_first(&mut h);
    h.keys("c");
    set(&mut h, F::Note, "电话确认续约意向");
    h.key(KeyCode::Enter);
    let mut other = radar::store::Store::open(&path).unwrap();
    let id = facts(&h).account.id;
    let mut t = other
        .load_facts(id)
        .unwrap()
        .unwrap()
        .touchpoints
        .into_iter()
        .find(|t| t.note == "电话确认续约意向")
        .unwrap();
    t.note.push_str("（已补充）");
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    radar::refresh::apply(
        &mut other,
        &Edit::SaveTouchpoint(t.clone()),
        now,
        &radar::domain::risk::RiskConfig::default(),
    )
    .unwrap();
    h.keys("u");
    assert!(status(&h).starts_with("无法撤销"), "{}", status(&h));
    assert!(
        other.load_facts(id).unwrap().unwrap().touchpoints.iter().any(|x| x.note.ends_with("（已补充）"))
    );
}

#[test]
fn milestone_resolve_and_win_back_forms_validate_their_dates() {
    let mut h = app(Lang::En, SIZE);
    let start = dump(&h);
    h.keys("D\n");
    set(&mut h, F::DoneOn, "");
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::DoneOn).as_deref(), Some("required"));
    set(&mut h, F::DoneOn, "13-01");
    h.key(KeyCode::Enter);
    assert_eq!(error(&h, F::DoneOn).as_deref(), Some("no such day in the calendar"));
    h.key(KeyCode::Esc);
    h.keys("y");
    assert_eq!(dump(&h), start);
    // A complaint resolved before it was raised.
    h.keys("5N");
    set(&mut h, F::Complaint, "Slow exports");
    h.key(KeyCode::Enter);
    h.keys("F");
    if let Some(Modal::Pick(_)) = h.app.modals.last() {
        h.keys("Slow\n");
    }
    set(&mut h, F::ResolvedOn, "2020-01-01");
    h.key(KeyCode::Enter);
    assert!(
        error(&h, F::ResolvedOn).unwrap().starts_with("must be on or after"),
        "{:?}",
        error(&h, F::ResolvedOn)
    );
    let c = facts(&h).complaints.into_iter().find(|c| c.summary == "Slow exports").unwrap();
    assert!(c.resolved_at.is_none(), "nothing written while invalid");
}

#[test]
fn an_edit_key_pressed_while_the_account_loads_runs_when_it_arrives() {
    let mut h = app(Lang::En, SIZE);
    h.key(KeyCode::Esc); // clear the search: more accounts to move between
    // Move without letting the worker answer, then press `c` at once.
    let fx = h.update_only(radar::tui::msg::Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('j'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    )));
    let fx2 = h.update_only(radar::tui::msg::Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('c'),
        ratatui::crossterm::event::KeyModifiers::NONE,
    )));
    assert!(h.app.modals.is_empty(), "not loaded yet");
    assert!(status(&h).contains("loading"));
    h.settle(fx.into_iter().chain(fx2).collect());
    assert!(has_form(&h), "the touchpoint form opened once the account arrived");
    assert_eq!(form(&h).kind, {
        let f = facts(&h);
        radar::tui::forms::FormKind::Touchpoint { account: f.account.id, base: None }
    });
}

#[test]
fn clicking_a_record_row_selects_it_for_the_quick_actions() {
    let mut h = app(Lang::En, SIZE);
    h.key(KeyCode::Enter);
    h.keys("2");
    let d = h.app.areas().detail.unwrap();
    let click = |row| ratatui::crossterm::event::MouseEvent {
        kind: ratatui::crossterm::event::MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
        column: d.x + 3,
        row,
        modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
    };
    let body = h.app.detail.body(h.app.detail.width);
    let (line, key) = body.items[2];
    h.send(radar::tui::msg::Msg::Mouse(click(d.y + 2 + line as u16)));
    assert_eq!(h.app.detail.selected_item(), Some(key));
}

#[test]
fn undo_twice_and_redo_twice_on_one_account_each_write_a_new_version() {
    let mut h = app(Lang::ZhCn, SIZE);
    let start = facts(&h).account;
    h.keys("E");
    set(&mut h, F::Owner, "王芳");
    h.key(KeyCode::Enter);
    h.keys("E");
    set(&mut h, F::Region, "西南 🚀");
    h.key(KeyCode::Enter);
    let edited = facts(&h).account;
    assert_eq!((edited.owner.as_str(), edited.region.as_str()), ("王芳", "西南 🚀"));
    // Both undone: the second undo finds the row as the first undo left it (a new version).
    h.keys("u");
    h.keys("u");
    let back = facts(&h).account;
    assert_eq!((back.owner.as_str(), back.region.as_str()), (start.owner.as_str(), start.region.as_str()));
    assert_eq!(back.version, edited.version + 2, "{}", status(&h));
    // Both redone, the same way.
    h.keys("U");
    h.keys("U");
    let again = facts(&h).account;
    assert_eq!((again.owner.as_str(), again.region.as_str()), ("王芳", "西南 🚀"), "{}", status(&h));
    assert_eq!(again.version, edited.version + 4);
    // And undone once more: undo of a redo of an undo.
    h.keys("u");
    assert_eq!(facts(&h).account.owner, "王芳");
    assert_eq!(facts(&h).account.region, start.region, "{}", status(&h));
}

/// B8: a short date resolves by the field's direction. On 2026-11-22, `11-20` in a
/// past-facing field (a touchpoint, a complaint raised) is two days ago, not next year;
/// in a future-facing field (a promise due) it is next year's 20 November. A past-facing
/// field refuses a day after today.
#[test]
fn short_dates_resolve_by_the_fields_direction() {
    let mut h = app(Lang::En, SIZE);
    let day = |m: u32, d: u32, y: i32| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    // Touchpoint: past-facing.
    h.keys("c");
    set(&mut h, F::Date, "11-20");
    set(&mut h, F::Note, "short date 11-20");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::Date));
    let t = facts(&h).touchpoints.into_iter().find(|t| t.note == "short date 11-20").unwrap();
    assert_eq!(t.date, day(11, 20, 2026), "the most recent 20 November, not 2027");
    // A touchpoint tomorrow, or on a later day, is refused (nothing written).
    let start = dump(&h);
    for typed in ["tomorrow", "+3d", "2026-12-01"] {
        h.keys("c");
        set(&mut h, F::Date, typed);
        h.key(KeyCode::Enter);
        assert!(has_form(&h), "{typed}: refused");
        assert!(error(&h, F::Date).unwrap().contains("after today"), "{typed}: {:?}", error(&h, F::Date));
        h.key(KeyCode::Esc);
        h.keys("y");
    }
    assert_eq!(dump(&h), start, "nothing written");
    // Complaint raised on 11-20: two days ago, so its 24 hours have run out.
    h.keys("5N");
    set(&mut h, F::Complaint, "投诉 raised 11-20 😠");
    set(&mut h, F::RaisedOn, "11-20");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::RaisedOn));
    let c = facts(&h).complaints.into_iter().find(|c| c.summary.starts_with("投诉 raised")).unwrap();
    assert_eq!(c.raised_at.date(), day(11, 20, 2026));
    // Promise due 11-20: future-facing, so next year's.
    h.keys("3N");
    set(&mut h, F::Promise, "SSO by 11-20");
    set(&mut h, F::Due, "11-20");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved: {:?}", error(&h, F::Due));
    let p = facts(&h).promises.into_iter().find(|p| p.text == "SSO by 11-20").unwrap();
    assert_eq!(p.due, Some(day(11, 20, 2027)));
}

/// B9: the Chain tab shows the fact the risk rules read: someone never contacted is
/// "never", not a blank.
#[test]
fn chain_tab_says_never_for_someone_never_contacted() {
    for (lang, never) in [(Lang::En, "never"), (Lang::ZhCn, "从未联系")] {
        let mut h = app(lang, (200, 50));
        h.keys("2N");
        set(&mut h, F::ContactName, "赵新人🙂");
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "saved");
        h.keys("2");
        let screen = h.screen();
        let row = screen.lines().find(|l| l.contains("赵新人")).unwrap_or_else(|| panic!("{screen}"));
        assert!(row.contains(never), "{row}");
    }
}

/// B10: the account form and an import refuse the same amounts (one check): negative, or
/// beyond ten trillion; the bound itself is accepted.
#[test]
fn account_form_refuses_negative_and_absurd_arr() {
    let mut h = app(Lang::En, SIZE);
    let start = dump(&h);
    h.keys("A");
    set(&mut h, F::Name, "成都天府云图信息技术有限公司 2");
    set(&mut h, F::TermStart, "2026-01-01");
    set(&mut h, F::RenewalDate, "2027-01-01");
    for (typed, says) in [
        ("-5000", "must not be negative"),
        ("10000000000001", "too large an amount (at most 10,000,000,000,000)"),
        ("99999999999999999999", "too large an amount (at most 10,000,000,000,000)"),
    ] {
        set(&mut h, F::Arr, typed);
        h.key(KeyCode::Enter);
        assert!(has_form(&h), "{typed}: refused");
        assert_eq!(error(&h, F::Arr).as_deref(), Some(says), "{typed}");
    }
    assert_eq!(dump(&h), start, "nothing written");
    set(&mut h, F::Arr, "10,000,000,000,000");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "the bound itself is fine: {:?}", error(&h, F::Arr));
}

/// The open term's "T-0: renewal outcome" closes with the outcome, not by hand: `D` on a
/// lapsed account lists every other pending milestone but not it, and `D` on its row of the
/// playbook tab says which key records the outcome (done by hand, it read "T-0 Done" beside
/// a renewal never recorded: review, session 22).
#[test]
fn the_open_terms_t0_is_closed_by_the_outcome_not_by_hand() {
    let mut h = app(Lang::En, SIZE);
    h.key(KeyCode::Esc);
    h.keys("x");
    let rows = h.app.portfolio.model.rows().to_vec();
    let lapsed = rows
        .iter()
        .filter(|r| rows.iter().filter(|o| o.name == r.name).count() == 1)
        .map(|r| h.worker.store.load_facts(r.id).unwrap().unwrap())
        .find(|f| {
            f.milestones.iter().any(|m| agenda::is_the_renewal(f, m) && m.status == MilestoneStatus::Pending)
        })
        .expect("the demo has a lapsed renewal whose T-0 waits");
    h.keys(&format!("/{}\n", lapsed.account.name));
    assert_eq!(h.app.portfolio.selected_row().unwrap().name, lapsed.account.name);
    h.keys("D");
    let Some(Modal::Pick(p)) = h.app.modals.last() else { panic!("the milestone list: {}", h.screen()) };
    let pending = lapsed.milestones.iter().filter(|m| m.status == MilestoneStatus::Pending).count();
    assert_eq!(p.items.len(), pending - 1, "every pending milestone but the T-0");
    assert!(
        p.items.iter().all(|i| !i.label.starts_with("T-0")),
        "{:?}",
        p.items.iter().map(|i| &i.label).collect::<Vec<_>>()
    );
    h.key(KeyCode::Esc);
    h.keys("l8");
    for _ in 0..80 {
        if h.app.detail.selected_milestone() == Some(MilestoneKind::T0) {
            break;
        }
        h.keys("j");
    }
    assert_eq!(h.app.detail.selected_milestone(), Some(MilestoneKind::T0), "its row is reachable");
    let before = dump(&h);
    h.keys("D");
    assert!(
        status(&h).contains("T-0 closes with the renewal outcome: R records renewed or churned"),
        "{}",
        status(&h)
    );
    assert!(!has_form(&h), "no form opens");
    assert_eq!(dump(&h), before);
    // `E` neither: it opened the done form on the T-0 and saved it (third CSM trial).
    h.keys("E");
    assert!(status(&h).contains("T-0 closes with the renewal outcome"), "{}", status(&h));
    assert!(!has_form(&h), "no form opens on E");
    assert_eq!(dump(&h), before);
}

/// The churn form's "lost for want of" list: two requirements of one title and status read
/// as one entry twice; each now says the day it was raised.
#[test]
fn the_churn_form_tells_two_requirements_of_one_title_apart() {
    let mut store = radar::store::Store::open_in_memory().unwrap();
    demo_into(&mut store, 40);
    let account = store.find_account(radar::demo::FIRST_ACCOUNT).unwrap().unwrap().id;
    let r = Requirement {
        id: RequirementId(0),
        account_id: account,
        title: "自定义字段 🚀".into(),
        requester: String::new(),
        category: ReqCategory::Feature,
        level: ReqLevel::P1,
        raised_on: today() - Duration::days(20),
        status: ReqStatus::Collected,
        history: Vec::new(),
        version: 0,
    };
    let now = today().and_hms_opt(9, 0, 0).unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    let mut twin = r.clone();
    twin.raised_on = r.raised_on - Duration::days(3);
    for one in [&r, &twin] {
        radar::refresh::apply(&mut store, &Edit::SaveRequirement(one.clone()), now, &cfg).unwrap();
    }
    let mut h = app_on(store, Lang::En, SIZE);
    select_first(&mut h);
    h.keys("R");
    h.keys("churned\n");
    let field = form(&h).field(F::BecauseOf).unwrap().clone();
    let radar::tui::forms::form::FieldKind::Choice(options) = field.kind else { panic!("a choice") };
    let labels: Vec<&str> =
        options.iter().filter(|(_, l)| l.starts_with(&*r.title)).map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels.len(), 2, "{options:?}");
    assert_ne!(labels[0], labels[1]);
    for day in [r.raised_on, twin.raised_on] {
        assert!(labels.iter().any(|l| l.ends_with(&day.to_string())), "{labels:?}");
    }
}

/// An undo that wrote nothing (the team server out of reach, the file locked by another
/// program) stays on top of the stack: the next `u` undoes that change, not the one
/// before it. It was dropped, and `u` after reconnecting undid a renewal where a call was
/// the one to undo (team trial, session 33). The same for redo.
#[test]
fn an_undo_that_wrote_nothing_is_tried_again_by_the_next_u() {
    use radar::tui::msg::{EditOp, Effect, Failure, Msg, Reply};
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let key = |c| Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for failure in [Failure::Unreachable, Failure::Busy] {
        let mut h = app(Lang::En, SIZE);
        for note in ["first call", "second call"] {
            h.keys("c");
            set(&mut h, F::Note, note);
            h.key(KeyCode::Enter);
        }
        let notes = |h: &radar::tui::harness::Harness| -> Vec<String> {
            facts(h).touchpoints.into_iter().map(|t| t.note).filter(|n| n.ends_with(" call")).collect()
        };
        assert_eq!(notes(&h).len(), 2);
        let taken = |fx: &[Effect]| match fx.first() {
            Some(Effect::Undo(c)) | Some(Effect::Redo(c)) => (**c).clone(),
            other => panic!("{other:?}"),
        };
        let first = taken(&h.update_only(key('u')));
        let op = EditOp::Undo(Box::new(first.clone()));
        h.update_only(Msg::Db(Reply::EditFailed { op, failure: failure.clone() }));
        assert!(status(&h).starts_with("Cannot undo “Logged a touchpoint"), "{}", status(&h));
        let again = h.update_only(key('u'));
        assert_eq!(taken(&again), first, "{failure:?}: the same change, not the one before it");
        h.settle(again);
        assert_eq!(notes(&h), ["first call"], "the second call undone");
        // Redo likewise.
        let redo = taken(&h.update_only(key('U')));
        h.update_only(Msg::Db(Reply::EditFailed { op: EditOp::Redo(Box::new(redo.clone())), failure }));
        let again = h.update_only(key('U'));
        assert_eq!(taken(&again), redo);
        h.settle(again);
        assert_eq!(notes(&h).len(), 2, "redone");
    }
}

/// When the team server is back, the status line says so, over the last refusal
/// ("unreachable … nothing was saved" stayed until another message came; team trial,
/// session 33). Nothing is said when it was never down.
#[test]
fn the_team_server_back_is_said_over_the_last_refusal() {
    use radar::tui::msg::{EditOp, Failure, Msg, Reply};
    let mut h = app(Lang::En, SIZE);
    h.update_only(Msg::TeamServer(None));
    assert!(!status(&h).contains("reachable again"), "{}", status(&h));
    h.update_only(Msg::TeamServer(Some("15:36".into())));
    h.update_only(Msg::Db(Reply::EditFailed { op: EditOp::Apply(99), failure: Failure::Unreachable }));
    assert!(status(&h).contains("unreachable; nothing was saved"), "{}", status(&h));
    h.update_only(Msg::TeamServer(None));
    assert!(status(&h).starts_with("Team server reachable again"), "{}", status(&h));
    // A read that fails while the server is known to be down adds nothing to what the
    // status bar says (it read "… nothing was saved" to a lead who saved nothing).
    h.update_only(Msg::TeamServer(Some("15:40".into())));
    h.update_only(Msg::Db(Reply::Error("the team server x is unreachable (y); nothing was saved".into())));
    assert!(!status(&h).contains("nothing was saved"), "{}", status(&h));
    h.update_only(Msg::TeamServer(None));
    h.update_only(Msg::Db(Reply::Error("disk I/O error".into())));
    assert_eq!(status(&h), "disk I/O error", "said when the server is up");
}
