//! A new account's stage from the form: left to the contract dates by default, as an import
//! infers it (a new account renewing in 17 days was saved "Onboarding", the form's first
//! stage; CSM trial, session 28); a stage chosen in the form is kept.

use crate::support::tui_edit::*;
use chrono::Duration;
use radar::domain::Stage;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

/// Adds an account from the form (`A`) with a contract of `days` days ending in `days_left`
/// days, choosing `stage` if any; returns its stored stage.
fn added(name: &str, days: i64, days_left: i64, stage: Option<&str>) -> Stage {
    let mut h = app(Lang::En, (120, 40));
    h.keys("A");
    set(&mut h, F::Name, name);
    let end = today() + Duration::days(days_left);
    set(&mut h, F::TermStart, &(end - Duration::days(days)).to_string());
    set(&mut h, F::RenewalDate, &end.to_string());
    set(&mut h, F::Arr, "120000");
    if let Some(s) = stage {
        choose(&mut h, F::Stage, s);
    }
    h.key(KeyCode::Enter);
    assert!(
        !has_form(&h),
        "saved: {:?}",
        form(&h).fields.iter().filter_map(|f| f.error.clone()).collect::<Vec<_>>()
    );
    let row = h.worker.store.portfolio(today()).unwrap().into_iter().find(|r| r.name == name).unwrap();
    h.worker.store.load_facts(row.id).unwrap().unwrap().account.stage
}

#[test]
fn a_new_accounts_stage_follows_its_contract_dates_unless_chosen() {
    assert_eq!(added("Müller Zahnkliniken GmbH 🦷", 365, 17, None), Stage::Renewal);
    // Fourteen months into a two-year contract: past the playbook's nine-month mark.
    assert_eq!(added("成都天府云图信息技术有限公司 二期", 730, 300, None), Stage::Mature);
    assert_eq!(added("Acme Adoption Ltd", 365, 200, None), Stage::Adoption);
    assert_eq!(added("Acme Onboarding Ltd", 365, 17, Some("Onboarding")), Stage::Onboarding);
}
