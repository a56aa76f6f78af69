//! Golden handover sheets: two accounts in different stages (NW-1 in adoption, ZH-001 in
//! renewal), in English and Chinese, built from the fixture files. A changed sheet fails
//! with a diff; regenerate with `UPDATE_GOLDEN=1 cargo test --test handover_golden` and
//! review the change in tests/golden/.

use chrono::NaiveDate;
use radar::domain::risk::RiskConfig;
use radar::i18n::Lang;
use radar::interchange::{Kind, handover, import};
use radar::store::Store;
use std::path::PathBuf;

fn portfolio() -> Store {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    let cfg = RiskConfig::embedded().unwrap();
    let mut s = Store::open_in_memory().unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (kind, file) in [
        (Kind::Accounts, "accounts.csv"),
        (Kind::Accounts, "accounts_zh.csv"),
        (Kind::Contacts, "contacts.csv"),
        (Kind::Contacts, "contacts_zh.csv"),
        (Kind::Promises, "promises.csv"),
        (Kind::Requirements, "requirements.csv"),
        (Kind::Usage, "usage.tsv"),
        (Kind::Touchpoints, "touchpoints.csv"),
        (Kind::Outcomes, "outcomes.csv"),
    ] {
        let plan = import::plan(&s, kind, &dir.join(file), "", today).unwrap();
        import::apply(&mut s, plan, now, &cfg).unwrap();
    }
    s
}

fn sheet(s: &Store, key: &str, lang: Lang) -> String {
    let now = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let a = s.find_account(key).unwrap().unwrap();
    let f = s.load_facts(a.id).unwrap().unwrap();
    handover::render(&f, f.account.stage, lang, now, &RiskConfig::embedded().unwrap())
}

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1 to create it", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!("{name} differs from the golden file:\n{}\n--- actual ---\n{actual}", diff.join("\n"));
    }
}

#[test]
fn handover_sheets_match_the_golden_files() {
    let s = portfolio();
    for (key, stem) in [("NW-1", "adoption_nw1"), ("ZH-001", "renewal_zh001")] {
        for (lang, suffix) in [(Lang::En, "en"), (Lang::ZhCn, "zh-CN")] {
            let text = sheet(&s, key, lang);
            assert!(radar::domain::text::is_clean(&text), "control characters in the sheet");
            check(&format!("handover_{stem}.{suffix}.md"), &text);
        }
    }
}
