//! What an accounts file's term says about its amount and its dates: a contract's total
//! over several years is annualised when the file says it is a total; when it cannot tell,
//! the amount is kept and the preview warns; a term of a few days is imported with a warning
//! (a typo in a date is likelier than a one-day contract). Through the real binary, the
//! stored terms read back with SQL.

use crate::import_crm::Book;

fn write(b: &Book, name: &str, text: &str) -> std::path::PathBuf {
    let p = b.dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(b: &Book, file: &std::path::Path, flags: &[&str]) -> String {
    run_in(b, file, flags, "en")
}

fn run_in(b: &Book, file: &std::path::Path, flags: &[&str], lang: &str) -> String {
    let out = b.import_path_lang("accounts", file, flags, lang);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    text
}

const TIANFU: &str = "成都天府云图信息技术有限公司";

#[test]
fn an_unclear_amount_over_two_years_is_kept_and_warned_about() {
    let b = Book::new();
    let f = write(
        &b,
        "contracts.csv",
        &format!("客户名称,合同金额,开始日期,到期日\n{TIANFU},600000,2026-01-01,2027-12-31\n"),
    );
    let out = run(&b, &f, &["--dry-run"]);
    assert!(
        out.contains(
            "\"合同金额\" is read as the ARR, yet terms are not a year long on 1 row (line 2): if the column is \
             each contract's total, import with --map '合同金额=contract_total'"
        ),
        "{out}"
    );
    run(&b, &f, &[]);
    assert_eq!(b.terms(TIANFU)[0].2, 60_000_000, "kept as it is: the file cannot tell");

    // Told it is a total: annualised, and said so.
    let c = Book::new();
    let out = run(&c, &f, &["--map", "合同金额=contract_total"]);
    assert!(out.contains("annualised on 1 row (line 2)"), "{out}");
    assert_eq!(c.terms(TIANFU)[0].2, 30_000_000);
}

#[test]
fn a_total_named_in_the_header_is_annualised() {
    let b = Book::new();
    let f = write(
        &b,
        "totals.csv",
        &format!(
            "客户名称,合同总额,开始日期,到期日\n{TIANFU},900000,2026-01-01,2028-12-31\n🚀 Rocket,120000,2026-03-01,2027-02-28\n"
        ),
    );
    let out = run(&b, &f, &[]);
    assert!(out.contains("annualised on 1 row (line 2)"), "{out}");
    assert_eq!(b.terms(TIANFU)[0].2, 30_000_000, "900,000 over three years");
    assert_eq!(b.terms("🚀 Rocket")[0].2, 12_000_000, "a year's total is its ARR");
}

#[test]
fn an_amount_mapped_as_arr_is_taken_at_its_word() {
    let b = Book::new();
    let out = b.ok("accounts", "contractvision_合同导入模板_excel_gbk.csv", &["--map", "amount=arr"]);
    assert!(!out.contains("annualised"), "{out}");
    assert!(!out.contains("not a year long"), "{out}");
    assert_eq!(b.terms("广州汇通跨境科技有限公司")[0].2, 78_000_000);
}

#[test]
fn the_notes_speak_chinese() {
    let b = Book::new();
    let f = write(
        &b,
        "contracts.csv",
        &format!("客户名称,合同金额,开始日期,到期日\n{TIANFU},600000,2026-01-01,2027-12-31\n"),
    );
    let out = run_in(&b, &f, &["--dry-run"], "zh-CN");
    assert!(out.contains("合同总额"), "{out}");
    assert!(!out.contains("is read as the ARR"), "{out}");
}

/// A one-day term (end 2026-12-01 for start 2026-11-30) is imported (monthly contracts
/// exist) but the preview lists it, in both languages.
#[test]
fn a_term_of_a_few_days_is_imported_and_listed() {
    let text = format!(
        "name,arr,contract_start,renewal_date\n{TIANFU},120000,2026-11-30,2026-12-01\n\"\x1b[31mRed\x1b[0m\",1000,2026-11-01,2026-12-01\n🚀 Rocket,5000,2026-11-25,2026-12-10\n"
    );
    let b = Book::new();
    let f = write(&b, "short.csv", &text);
    let out = run(&b, &f, &["--dry-run"]);
    assert!(out.contains("terms shorter than 28 days on 2 rows (lines 2, 4)"), "{out}");
    let zh = run_in(&b, &f, &["--dry-run"], "zh-CN");
    assert!(zh.contains("2 行（第 2, 4 行）的合同期短于 28 天"), "{zh}");
    run(&b, &f, &[]);
    assert_eq!(b.terms(TIANFU), vec![("2026-11-30".into(), "2026-12-01".into(), 12_000_000, "USD".into())]);
    assert_eq!(b.count("account"), 3);
}
