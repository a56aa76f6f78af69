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
        (Kind::Tasks, "tasks.csv"),
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

/// B9: a person never contacted is "never contacted (added on …)" in the decision chain
/// and in the risk reasons, in both languages; the chain shows the same fact the rules
/// read (a touchpoint counts as contact even when `last_contact` was not updated).
#[test]
fn never_contacted_is_said_so_in_the_sheet() {
    let s = portfolio();
    let now = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let cfg = RiskConfig::embedded().unwrap();
    let a = s.find_account("NW-1").unwrap().unwrap();
    let mut f = s.load_facts(a.id).unwrap().unwrap();
    f.touchpoints.clear();
    for c in &mut f.contacts {
        c.last_contact = None;
    }
    let grace = f.contacts.iter().position(|c| c.name == "Dr. Grace Wu").unwrap();
    f.contacts[grace].added_on = NaiveDate::from_ymd_opt(2022, 12, 3).unwrap();
    let en = handover::render(&f, f.account.stage, Lang::En, now, &cfg);
    let row = en.lines().find(|l| l.starts_with("| Dr. Grace Wu |")).unwrap();
    assert!(row.contains("| never contacted (added on 2022-12-03) |"), "{row}");
    assert!(en.contains("Dr. Grace Wu never contacted (added on 2022-12-03)"), "{en}");
    assert!(!en.contains("1450") && !en.contains("contacted in"), "{en}");
    let zh = handover::render(&f, f.account.stage, Lang::ZhCn, now, &cfg);
    assert!(zh.contains("| 从未联系（2022-12-03 添加） |"), "{zh}");
    assert!(zh.contains("Dr. Grace Wu 从未联系（2022-12-03 添加）"), "{zh}");
    // A touchpoint with her, not copied into last_contact, is a contact all the same.
    let mut t = s.load_facts(a.id).unwrap().unwrap().touchpoints.remove(0);
    t.contact_id = Some(f.contacts[grace].id);
    t.date = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    f.touchpoints = vec![t];
    let en = handover::render(&f, f.account.stage, Lang::En, now, &cfg);
    let row = en.lines().find(|l| l.starts_with("| Dr. Grace Wu |")).unwrap();
    assert!(row.contains("| 2026-11-02 |"), "{row}");
}
