//! Golden handover sheets: three accounts in different stages (NW-1 in adoption, ZH-001 in
//! renewal, BF-2 churned), in English and Chinese, built from the fixture files. A changed sheet fails
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
        // The fixtures' bare amounts are yuan, as a config's [import] currency says.
        let mut request = import::Request::new(kind, &dir.join(file), today);
        request.options.currency = Some(radar::domain::Currency::CNY);
        let plan = import::plan_request(&s, &request, &mut |_, _, _| {}).unwrap();
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
    for (key, stem) in [("NW-1", "adoption_nw1"), ("ZH-001", "renewal_zh001"), ("BF-2", "churned_bf2")] {
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

/// A churned account's sheet says what its renewal intent lacks and why (it was a bare
/// "None." under the forecast), and quotes the note recorded with the churn with the
/// churned term (it was in no sheet): each line its own, indentation shown, customer text
/// escaped and controls removed, in both languages.
#[test]
fn a_churned_sheet_says_why_there_is_no_countdown_and_quotes_the_churn_note() {
    let s = portfolio();
    let now = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(12, 0, 0).unwrap();
    let cfg = RiskConfig::embedded().unwrap();
    let a = s.find_account("BF-2").unwrap().unwrap();
    let mut f = s.load_facts(a.id).unwrap().unwrap();
    let Some(radar::domain::TermOutcome::Churned { note, .. }) = &mut f.terms.last_mut().unwrap().outcome
    else {
        panic!("BF-2 churned in outcomes.csv");
    };
    *note = "成都天府云图信息技术有限公司 offered 20% less 🚀\n\x1b[31mred\x1b[0m [x](javascript:alert(1)) <b>\n  \
             两个空格 indented\n---\nthanks"
        .into();
    let quoted = "> 成都天府云图信息技术有限公司 offered 20% less 🚀\\\n\
                  > red \\[x\\](javascript:alert(1)) &lt;b&gt;\\\n\
                  > \u{a0}\u{a0}两个空格 indented\\\n\
                  > \\---\\\n\
                  > thanks\n";
    for (lang, intent, title) in [
        (
            Lang::En,
            ": At risk (2026-11-22)\n\n\
             No renewal countdown: the account churned 2026-11-20 (Chose a competitor) and has no open term.\n",
            "**Churn note (term 2025-12-15 → 2026-12-15, churned 2026-11-20)**\n\n",
        ),
        (
            Lang::ZhCn,
            "\n\n没有续约倒计时：该客户已于 2026-11-20 流失（选择竞品），没有进行中的合同期。\n",
            "**流失说明（合同期 2025-12-15 → 2026-12-15，2026-11-20 流失）**\n\n",
        ),
    ] {
        let md = handover::render(&f, f.account.stage, lang, now, &cfg);
        assert!(radar::domain::text::is_clean(&md), "control characters in the sheet:\n{md}");
        assert!(md.contains(intent), "{md}");
        let intent_section = md.split("\n## ").nth(1).unwrap();
        assert!(!intent_section.contains("None.") && !intent_section.contains("无。"), "{intent_section}");
        assert!(md.contains(&format!("{title}{quoted}")), "{md}");
    }
    // Without a note the sheet says there is none.
    let Some(radar::domain::TermOutcome::Churned { note, .. }) = &mut f.terms.last_mut().unwrap().outcome
    else {
        unreachable!()
    };
    note.clear();
    let md = handover::render(&f, f.account.stage, Lang::En, now, &cfg);
    assert!(
        md.contains(
            "No churn note was recorded with the churn of 2026-11-20 (term 2025-12-15 → 2026-12-15)."
        ),
        "{md}"
    );
}
