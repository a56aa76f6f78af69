//! An import that changes accounts Radar already holds says which and what, before and
//! after: a CRM export imported again can move a CSM's owner, tier, ARR and renewal date,
//! and "1 to update" said neither the account nor the values (a CSM trial's finding). And a
//! re-import matched by name (`--on-name-match merge`) under other external ids says the
//! accounts keep their own ids (it said nothing, and a contacts file keyed by the new ids
//! then set every row aside).

use crate::import_crm::Book;
use crate::support::tui_edit::*;
use chrono::NaiveTime;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::modals::Modal;
use ratatui::crossterm::event::KeyCode;

const FIRST: &str = "external_id,name,owner,tier,arr,renewal_date,region\n\
    A-1,成都天府云图信息技术有限公司,李娜,mid,120000 CNY,2027-03-01,West\n\
    A-2,Northwind Traders,Alex Kim,smb,50000 USD,2027-05-01,East\n\
    A-3,Umbrella Corp,Alex Kim,smb,9000 USD,2027-06-01,East\n";

/// A-1 moves owner, tier, ARR and renewal date; A-2 is renamed (an escape sequence in the
/// new name) and loses nothing; A-3 is as stored; A-4 is new.
const SECOND: &str = "external_id,name,owner,tier,arr,renewal_date,region\n\
    A-1,成都天府云图信息技术有限公司,王伟,large,150000 CNY,2027-06-30,\n\
    A-2,Northwind \x1b[31mTraders 🚀,Alex Kim,smb,50000 USD,2027-05-01,East\n\
    A-3,Umbrella Corp,Alex Kim,smb,9000 USD,2027-06-01,East\n\
    A-4,Initech,Alex Kim,smb,1000 USD,2027-01-01,East\n";

fn stdout(o: &std::process::Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn dump(b: &Book) -> Vec<String> {
    let c = b.sql();
    let mut s = c
        .prepare(
            "SELECT a.external_id || '|' || a.name || '|' || a.owner || '|' || a.tier || '|' || a.region \
             || '|' || t.arr_minor || '|' || t.[end] FROM account a JOIN term t ON t.account_id = a.id \
             ORDER BY a.external_id",
        )
        .unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A book holding the accounts of `FIRST`, imported by the command line.
fn book_with_first() -> Book {
    let b = Book::new();
    let first = b.dir.join("first.csv");
    std::fs::write(&first, FIRST).unwrap();
    stdout(&b.import_path("accounts", &first, &[]));
    b
}

#[test]
fn an_import_names_each_account_it_changes_with_the_old_and_new_values() {
    let b = book_with_first();
    let second = b.dir.join("second.csv");
    std::fs::write(&second, SECOND).unwrap();
    let before = dump(&b);

    let dry = stdout(&b.import_path("accounts", &second, &["--dry-run"]));
    assert_eq!(dump(&b), before, "a dry run writes nothing");
    let lines: Vec<&str> = dry.lines().collect();
    assert!(lines[0].ends_with("4 rows: 1 to create, 2 to update, 1 unchanged"), "{dry}");
    assert_eq!(lines[1], "  changes to accounts Radar holds: 2", "{dry}");
    let a1 = lines[2];
    assert!(a1.starts_with("  line 2 · 成都天府云图信息技术有限公司 (A-1): "), "{dry}");
    for moved in [
        "Owner (CSM) 李娜 → 王伟",
        "Tier Mid → Large",
        "ARR ¥120,000 → ¥150,000",
        "Renewal date 2027-03-01 → 2027-06-30",
    ] {
        assert!(a1.contains(moved), "{moved}: {a1}");
    }
    // A blank cell erases nothing (the README's rule), so the region is not a change.
    assert!(!a1.contains("Region"), "{a1}");
    let a2 = lines[3];
    assert!(a2.contains("Name Northwind Traders → Northwind Traders 🚀"), "{a2}");
    assert!(!a2.contains('\x1b') && !a2.contains("ARR"), "{a2:?}");
    assert!(!dry.contains("Umbrella") && !dry.contains("Initech"), "unchanged and new accounts: {dry}");
    assert_eq!(lines[4], "dry run: nothing was written", "{dry}");

    let zh = stdout(&b.import_path_lang("accounts", &second, &["--dry-run"], "zh-CN"));
    assert!(zh.starts_with(&format!("{}（客户）：4 行", second.display())), "the kind in Chinese: {zh}");
    assert!(zh.contains("将改动 Radar 中已有的客户：2 个"), "{zh}");
    assert!(zh.contains("第 2 行 · 成都天府云图信息技术有限公司 (A-1)："), "{zh}");
    assert!(zh.contains("负责人（客户成功经理） 李娜 → 王伟"), "{zh}");
    assert!(zh.contains("到期日 2027-03-01 → 2027-06-30"), "{zh}");

    let done = stdout(&b.import_path("accounts", &second, &[]));
    assert!(done.contains(a1.trim()) && done.contains(a2.trim()), "the import says what it changed: {done}");
    let after = dump(&b);
    assert_eq!(after[0], "A-1|成都天府云图信息技术有限公司|王伟|large|West|15000000|2027-06-30");
    assert_eq!(after.len(), 4);
    let again = stdout(&b.import_path("accounts", &second, &["--dry-run"]));
    assert!(!again.contains("changes to accounts"), "nothing left to change: {again}");
}

#[test]
fn a_merge_by_name_says_each_account_keeps_its_external_id() {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &[]);
    let file = b.dir.join("hubspot_companies.csv");
    let flags = ["--map", "Company Domain Name=external_id", "--on-name-match", "merge"];
    let out = b.import_path("accounts", &file, &flags);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let note = err.lines().find(|l| l.contains("another external id")).unwrap_or_else(|| panic!("{err}"));
    assert!(note.contains(": 200;"), "how many: {note}");
    assert!(
        note.contains(
            "line 2 · Cruz Inc keeps COMP-5880f9ce-fd33-495e-850e-9df673591c52 (the file says flowers.net)"
        ),
        "{note}"
    );
    assert!(note.contains("; …"), "the first few, then …: {note}");
    let kept: i64 = b
        .sql()
        .query_row("SELECT count(*) FROM account WHERE external_id LIKE 'COMP-%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 200, "the ids are kept, as the note says");
}

#[test]
fn the_dashboards_preview_lists_the_changes_before_the_yes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let first = dir.path().join("first.csv");
    std::fs::write(&first, FIRST).unwrap();
    let mut store = Store::open(&path).unwrap();
    let request =
        radar::interchange::import::Request::new(radar::interchange::Kind::Accounts, &first, today());
    let cfg = radar::domain::risk::RiskConfig::default();
    radar::interchange::import::run(
        &mut store,
        &request,
        today().and_time(NaiveTime::MIN),
        &cfg,
        &mut |_, _, _| {},
    )
    .unwrap();
    drop(store);
    let second = dir.path().join("second.csv");
    std::fs::write(&second, SECOND).unwrap();
    for (lang, heading, line) in [
        (Lang::En, "changes to accounts Radar holds: 2", "Owner (CSM) 李娜 → 王伟"),
        (Lang::ZhCn, "将改动 Radar 中已有的客户：2 个", "负责人（客户成功经理） 李娜 → 王伟"),
    ] {
        let mut h = app_on(Store::open(&path).unwrap(), lang, (120, 35));
        let before = h.worker.store.dump().unwrap();
        h.keys("I");
        h.keys(&second.display().to_string());
        h.key(KeyCode::Enter);
        let Some(Modal::Confirm(c)) = h.app.modals.last() else {
            panic!("the preview: {:?}", h.app.modals.last())
        };
        let i = c.lines.iter().position(|l| l.contains(heading)).unwrap_or_else(|| panic!("{:?}", c.lines));
        assert!(c.lines[i + 1].contains(line), "{:?}", c.lines);
        assert!(h.screen().contains(heading), "on screen: {}", h.screen());
        h.keys("n");
        assert_eq!(h.worker.store.dump().unwrap(), before, "no writes nothing");
    }
}

/// A Chinese user's import errors are in Chinese: a contact naming no account, a row whose
/// name is another account's, a file giving one account two names (they were English).
#[test]
fn row_problems_about_accounts_are_in_the_users_language() {
    let b = book_with_first();
    let before = dump(&b);
    let cases = [
        (
            "contacts",
            "account,name,email\n无此公司,张三,z@example.cn\n",
            "没有外部编号或名称为“无此公司”的客户（请先导入客户）",
        ),
        (
            "accounts",
            "external_id,name\nA-9,Umbrella Corp\n",
            "名为“Umbrella Corp”的客户已存在（外部编号“A-3”）；本行（外部编号“A-9”）会再建一个同名客户",
        ),
        (
            "accounts",
            "external_id,name\nA-2,Northwind\nA-2,Northwind Traders\n",
            "本文件第 2 行称此客户为“Northwind”；本行将其改名为“Northwind Traders”",
        ),
        (
            "accounts",
            "external_id,name\nA-2,Umbrella Corp\n",
            "外部编号为“A-2”的客户将被改名为“Umbrella Corp”",
        ),
    ];
    for (kind, text, said) in cases {
        let file = b.dir.join(format!("{kind}-zh.csv"));
        std::fs::write(&file, text).unwrap();
        let out = b.import_path_lang(kind, &file, &[], "zh-CN");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(said), "{text}: {err}");
        assert_eq!(dump(&b), before, "{text}: nothing imported");
    }
}

/// Rows of one file that name one account are listed by what they did together: an owner
/// set and set back is no change, two steps are one (a helper's trial saw "Alicia → Zed"
/// and "Zed → Alicia" for an account left as it was). The command line lists every change;
/// the dashboard's preview names ten, under the counts, and says how many more.
#[test]
fn rows_naming_one_account_list_what_they_did_together_and_the_cli_lists_all() {
    let b = book_with_first();
    let twice = b.dir.join("twice.csv");
    std::fs::write(
        &twice,
        "external_id,name,owner\nA-2,Northwind Traders,Zed\nA-3,Umbrella Corp,Zed\n\
         A-2,Northwind Traders,Alex Kim\nA-3,Umbrella Corp,Zed2\n",
    )
    .unwrap();
    let out = stdout(&b.import_path("accounts", &twice, &["--dry-run"]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("4 rows: 0 to create, 1 to update, 3 unchanged"), "{out}");
    assert_eq!(lines[1], "  changes to accounts Radar holds: 1", "{out}");
    assert_eq!(lines[2], "  line 3 · Umbrella Corp (A-3): Owner (CSM) Alex Kim → Zed2", "{out}");
    assert_eq!(lines[3], "dry run: nothing was written", "{out}");

    // A column Radar ignores: its note makes the box longer than 80x24 (see the end).
    let mut many = String::from("external_id,name,region,legacy_score\n");
    for i in 0..14 {
        many.push_str(&format!("B-{i},Account {i},North,{i}\n"));
    }
    let many_file = b.dir.join("many.csv");
    std::fs::write(&many_file, &many).unwrap();
    stdout(&b.import_path("accounts", &many_file, &[]));
    std::fs::write(&many_file, many.replace("North", "South")).unwrap();
    let out = stdout(&b.import_path("accounts", &many_file, &["--dry-run"]));
    assert!(out.contains("changes to accounts Radar holds: 14"), "{out}");
    assert_eq!(out.matches("Region North → South").count(), 14, "the command line lists all: {out}");
    assert!(!out.contains("more accounts change"), "{out}");

    let mut h = app_on(Store::open(&b.db).unwrap(), Lang::En, (80, 24));
    h.keys("I");
    h.keys(&many_file.display().to_string());
    h.key(KeyCode::Enter);
    let Some(Modal::Confirm(c)) = h.app.modals.last() else { panic!("{:?}", h.app.modals.last()) };
    assert!(
        c.lines[1].contains("changes to accounts Radar holds: 14"),
        "right under the counts: {:?}",
        c.lines
    );
    assert_eq!(c.lines.iter().filter(|l| l.contains("Region North → South")).count(), 10, "{:?}", c.lines);
    assert!(c.lines[12].contains("… and 4 more accounts change (radar import … --dry-run lists them all)"));
    // Longer than 80x24: the border says there is more, and the box scrolls to its end.
    let last = "This is one transaction; it is not undone with u.";
    let s = h.screen();
    assert!(!s.contains(last) && s.contains("↓ j") && !s.contains("↑"), "{s}");
    for _ in 0..4 {
        h.key(KeyCode::PageDown);
    }
    let s = h.screen();
    assert!(s.contains(last) && s.contains("↑ k") && !s.contains("↓"), "scrolled to the end: {s}");
    h.keys("k");
    assert!(h.screen().contains("↑↓ k j"), "{}", h.screen());
    let before = h.worker.store.dump().unwrap();
    h.keys("n");
    assert!(h.app.modals.is_empty());
    assert_eq!(h.worker.store.dump().unwrap(), before, "scrolling and no write nothing");
}
