//! A rule's refusal reaches the user in their language: the dashboard (through the
//! harness) shows a refused action in Chinese under `zh-CN`, and exactly as before in
//! English; the store hands back the typed refusal, and nothing is written.

use crate::support::tui_edit::*;
use chrono::Duration;
use radar::domain::*;
use radar::i18n::Lang;
use radar::store::{Store, StoreError};
use radar::tui::harness::Harness;
use radar::tui::modals::Modal;
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 35);

/// The lines of the banner on the open form (where a refused save is explained).
fn banner(h: &Harness) -> String {
    form(h).banner.as_ref().map(|b| b.lines.join("\n")).unwrap_or_default()
}

/// Records a complaint and resolves it from the complaints tab, then selects it and asks
/// to resolve it again: the form opens on it and its save is refused by the rule.
fn resolve_twice(lang: Lang) -> (Harness, Complaint, String) {
    let mut h = app(lang, SIZE);
    let c = resolving_a_new_complaint(&mut h, "导出超时 ⏱ exports time out", None);
    choose(&mut h, radar::tui::forms::FieldKey::Cause, "outage");
    set(&mut h, radar::tui::forms::FieldKey::Improvement, "告警 alerting");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "resolved");
    let c = facts(&h).complaints.into_iter().find(|x| x.id == c.id).unwrap();
    assert!(c.resolved_at.is_some());
    let before = h.worker.store.dump().unwrap();
    h.keys("F");
    assert!(has_form(&h), "the selected (resolved) complaint's form");
    h.key(KeyCode::Enter);
    assert!(has_form(&h), "refused: the form stays open");
    (h, c, before)
}

#[test]
fn resolving_a_resolved_complaint_is_refused_in_chinese() {
    let (h, c, before) = resolve_twice(Lang::ZhCn);
    let text = banner(&h);
    assert!(text.contains(&format!("投诉 #{} 已经解决", c.id)), "{text}");
    assert!(!text.contains("already resolved"), "{text}");
    assert_eq!(h.worker.store.dump().unwrap(), before, "nothing written");
}

#[test]
fn resolving_a_resolved_complaint_reads_as_before_in_english() {
    let (h, c, _) = resolve_twice(Lang::En);
    assert_eq!(
        banner(&h).lines().next(),
        Some(format!("Not saved: complaint #{} is already resolved.", c.id).as_str())
    );
}

/// An account whose only term was renewed, with no next term yet and no churn: the
/// dashboard offers a win-back (there is no open term), which the rule refuses.
fn renewed_without_next_term() -> Store {
    let mut a = Account::new(demo_name(), Tier::Ka, Currency::CNY, today() - Duration::days(500));
    a.stage = Stage::Mature;
    let mut f = AccountFacts::new(a);
    let arr = Money::from_major(120_000, Currency::CNY);
    f.terms.push(ContractTerm {
        id: TermId(0),
        account_id: AccountId(0),
        start: today() - Duration::days(400),
        end: today() - Duration::days(35),
        arr,
        outcome: Some(TermOutcome::Renewed { decided_on: today() - Duration::days(40), new_arr: arr }),
        version: 0,
    });
    let mut s = Store::open_in_memory().unwrap();
    s.insert_facts(&mut [f], false).unwrap();
    s
}

fn demo_name() -> &'static str {
    radar::demo::FIRST_ACCOUNT
}

#[test]
fn winning_back_an_account_that_has_not_churned_is_refused_in_chinese() {
    let mut h = app_on(renewed_without_next_term(), Lang::ZhCn, SIZE);
    select_first(&mut h);
    let before = h.worker.store.dump().unwrap();
    h.keys("b");
    assert!(matches!(h.app.modals.last(), Some(Modal::Form(_))), "{}", status(&h));
    h.key(KeyCode::Enter);
    let text = banner(&h);
    assert!(text.contains(&format!("{} 并未流失，无需挽回", demo_name())), "{text}");
    assert!(!text.contains("has not churned"), "{text}");
    assert_eq!(h.worker.store.dump().unwrap(), before, "nothing written");
}

#[test]
fn the_store_answers_a_refusal_typed_and_writes_nothing() {
    let mut s = renewed_without_next_term();
    let f = s.load_facts(AccountId(1)).unwrap().unwrap();
    let before = s.dump().unwrap();
    let start = today();
    let edit = Edit::WinBack {
        account: f.account.id,
        version: f.account.version,
        start,
        end: start + Duration::days(365),
        arr: f.terms[0].arr,
    };
    let got =
        radar::refresh::apply(&mut s, &edit, today().and_hms_opt(12, 0, 0).unwrap(), &Default::default());
    let Err(StoreError::Refused(e)) = got else { panic!("{got:?}") };
    assert_eq!(e, ActionError::NotChurned { name: demo_name().to_string() });
    assert_eq!(
        StoreError::Refused(e.clone()).to_string(),
        format!("invalid data: {} has not churned", demo_name())
    );
    assert_eq!(e.render(Lang::ZhCn), format!("{} 并未流失，无需挽回", demo_name()));
    assert_eq!(s.dump().unwrap(), before);
}

/// `K`, `B` or `W` on a promise already closed changes nothing and says how to change it
/// deliberately: one key (K is shift-k; k moves up) once made a broken promise kept,
/// its date overwritten and its risk reason gone (CSM trial, session 33).
#[test]
fn a_closed_promise_is_not_closed_again_by_one_key() {
    for (lang, said) in [(Lang::En, "That promise is already Broken (since"), (Lang::ZhCn, "该承诺已是「")]
    {
        let mut h = app(lang, SIZE);
        h.keys("B");
        h.key(KeyCode::Enter);
        let broken = facts(&h).promises.into_iter().find(|p| p.status == PromiseStatus::Broken).unwrap();
        h.key(KeyCode::Enter);
        h.keys("3");
        for _ in 0..50 {
            if h.app.detail.selected_item().map(|k| k.id) == Some(broken.id.0) {
                break;
            }
            h.keys("j");
        }
        assert_eq!(h.app.detail.selected_item().map(|k| k.id), Some(broken.id.0));
        let before = h.worker.store.dump().unwrap();
        for key in ["K", "W", "B"] {
            h.keys(key);
            assert!(h.app.modals.is_empty(), "{key}: no list, no form");
            assert!(status(&h).starts_with(said), "{key}: {}", status(&h));
            assert!(status(&h).contains('E'), "names the edit key: {}", status(&h));
            assert_eq!(h.worker.store.dump().unwrap(), before, "{key} wrote nothing");
        }
    }
}
