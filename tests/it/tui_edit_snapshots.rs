//! Snapshots of every editing modal (forms, confirmations, pick lists, a refused save) at
//! 80x24 and 200x50, in English and Chinese, on the demo's first account (成都天府云图…).
//! They are the documentation of what each screen says.

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use radar::tui::harness::Harness;
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

fn lang_id(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::ZhCn => "zh",
    }
}

fn snap(name: &str, h: &Harness) {
    let screen = h.screen();
    crate::support::snap_screen(name, screen);
}

fn each(view: &str, steps: impl Fn(&mut Harness)) {
    for lang in Lang::ALL {
        for (w, hgt) in SIZES {
            let mut h = app(lang, (w, hgt));
            steps(&mut h);
            snap(&format!("edit_{view}_{}_{w}x{hgt}", lang_id(lang)), &h);
        }
    }
}

#[test]
fn touchpoint_form_and_its_errors() {
    each("touchpoint", |h| h.keys("c"));
    each("touchpoint_errors", |h| {
        h.keys("c");
        set(h, F::Date, "next week");
        h.key(KeyCode::Enter);
    });
    each("touchpoint_contact_list", |h| {
        h.keys("c");
        h.key(KeyCode::Tab);
        h.key(KeyCode::Char(' '));
    });
}

#[test]
fn account_forms() {
    each("account_new", |h| h.keys("A"));
    each("account_edit", |h| h.keys("E"));
    each("account_edit_notes", |h| {
        h.keys("E");
        set(h, F::WhyBought, "Replace the spreadsheets\n三个月内上线");
    });
}

#[test]
fn record_forms() {
    each("contact", |h| h.keys("2N"));
    each("promise", |h| h.keys("3N"));
    each("requirement", |h| h.keys("4N"));
    each("complaint", |h| h.keys("5N"));
    each("usage", |h| h.keys("6Nusage\n"));
    each("new_record_list", |h| h.keys("N"));
}

#[test]
fn outcome_forms() {
    each("outcome_list", |h| h.keys("R"));
    each("renewal", |h| h.keys("R\n"));
    each("renewal_upsell", |h| {
        h.keys("R\n");
        set(h, F::NewArr, "¥50k");
    });
    // A new end one day after the old one: warned under the field, not saved.
    each("renewal_short_term", |h| {
        h.keys("R\n");
        let end = facts(h).current_term().unwrap().end;
        set(h, F::NewEnd, &(end + chrono::Duration::days(1)).to_string());
        h.key(KeyCode::Enter);
        assert!(has_form(h), "saved at once");
    });
    each("churn", |h| h.keys("Rchurned\n"));
    each("win_back", |h| {
        h.keys("Rchurned\n");
        choose(h, F::ChurnReason, "price");
        h.key(KeyCode::Enter);
        h.keys("b");
    });
}

#[test]
fn quick_action_forms_and_lists() {
    each("forecast_list", |h| h.keys("f"));
    each("promise_list", |h| h.keys("B"));
    each("milestone_done", |h| h.keys("D\n"));
    each("reject", |h| {
        h.keys("4N");
        set(h, F::Requirement, "SSO 单点登录");
        h.key(KeyCode::Enter);
        h.keys("!SSO\n");
    });
    each("resolve", |h| {
        h.keys("5N");
        set(h, F::Complaint, "报表导出超时");
        h.key(KeyCode::Enter);
        h.keys("F");
    });
}

#[test]
fn confirmations_and_form_help() {
    each("delete_account", |h| h.keys("X"));
    each("discard", |h| {
        h.keys("c");
        set(h, F::Note, "half a thought");
        h.key(KeyCode::Esc);
    });
    each("form_help", |h| {
        h.keys("c");
        h.key(KeyCode::F(1));
    });
}

#[test]
fn saved_and_undone_status_lines() {
    each("saved", |h| {
        h.keys("c");
        h.key(KeyCode::Enter);
    });
    each("undone", |h| {
        h.keys("c");
        h.key(KeyCode::Enter);
        h.keys("u");
    });
}

/// A save refused because another dashboard changed the same person meanwhile.
#[test]
fn refused_save_shows_both_versions() {
    for lang in Lang::ALL {
        for (w, hgt) in SIZES {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("shared.db");
            let mut seed = radar::store::Store::open(&path).unwrap();
            demo_into(&mut seed, 40);
            drop(seed);
            let mut h = app_on(radar::store::Store::open(&path).unwrap(), lang, (w, hgt));
            select_first(&mut h);
            h.key(KeyCode::Enter);
            h.keys("2");
            let target = h.app.detail.selected_item().unwrap();
            h.keys("E");
            set(&mut h, F::JobTitle, "COO");
            let mut other = radar::store::Store::open(&path).unwrap();
            let id = facts(&h).account.id;
            let mut c = other
                .load_facts(id)
                .unwrap()
                .unwrap()
                .contacts
                .into_iter()
                .find(|c| c.id.0 == target.id)
                .unwrap();
            c.title = "CEO".into();
            c.phone = "+86 28 1234 5678".into();
            let now = today().and_hms_opt(12, 0, 0).unwrap();
            radar::refresh::apply(&mut other, &radar::domain::Edit::SaveContact(c), now, &Default::default())
                .unwrap();
            h.key(KeyCode::Enter);
            snap(&format!("edit_refused_{}_{w}x{hgt}", lang_id(lang)), &h);
        }
    }
}

/// As `[import] currency = "CNY"` says: the files' bare amounts are yuan (the demo book has
/// several currencies, and in process no locale names one: the import would be refused).
fn yuan(h: &mut Harness) {
    h.worker.import_currency = Some(radar::domain::Currency::CNY);
}

#[test]
fn import_prompt_and_dry_run() {
    each("import_prompt", |h| {
        h.keys("I");
        h.keys("tests/fixtures/acc");
        h.key(KeyCode::Tab);
    });
    each("import_dry_run", |h| {
        yuan(h);
        h.keys("I");
        h.keys("tests/fixtures/accounts.csv");
        h.key(KeyCode::Enter);
    });
    // A relative path, so the snapshot does not depend on where the checkout is.
    std::fs::create_dir_all("target").unwrap();
    let bad = "target/tui-edit-bad-accounts.csv";
    std::fs::write(bad, "name,arr,renewal_date\nGood Co,1000,2027-01-01\nBad Co,lots,someday\n").unwrap();
    // The preview of a file with a bad row among good ones: what a yes sets aside, the
    // first bad rows, the flag the command line would need.
    each("import_bad_rows", |h| {
        yuan(h);
        h.keys("I");
        h.keys(bad);
        h.key(KeyCode::Enter);
    });
    // No good row: the prompt stays, with the bad rows.
    let refused = "target/tui-edit-refused-accounts.csv";
    std::fs::write(refused, "name,arr,renewal_date\nBad Co,lots,someday\n").unwrap();
    each("import_refused", |h| {
        yuan(h);
        h.keys("I");
        h.keys(refused);
        h.key(KeyCode::Enter);
    });
    // A spreadsheet whose name does not say the kind: told by its headers (accounts), then
    // the preview. (It was asked for once; typing the kind's name now would cancel with n.)
    each("import_preview_xlsx", |h| {
        h.keys("I");
        h.keys("tests/fixtures/crm/contractvision_合同导入模板.xlsx");
        h.key(KeyCode::Enter);
    });
}
