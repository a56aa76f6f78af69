//! The real CRM exports and Chinese templates of tests/fixtures/crm (copied byte for byte
//! from the shared fixtures; origins in SOURCES.txt) import with the flag the README gives
//! for each (at most one), through the real binary; the stored values are read back with
//! SQL: names, ARR in minor units and currency, dates, owners, regions, contacts linked to
//! the right account, and rows that cannot be imported counted and set aside.

use rusqlite::Connection;
use std::path::PathBuf;
use std::process::{Command, Output};

pub(crate) struct Book {
    _dir: tempfile::TempDir,
    pub(crate) dir: PathBuf,
    pub(crate) db: PathBuf,
}

impl Book {
    pub(crate) fn new() -> Book {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().to_path_buf();
        Book { db: path.join("portfolio.db"), dir: path, _dir: dir }
    }

    /// Copies the fixture beside the portfolio (rejected rows are written beside it) and
    /// imports it; at most one flag.
    pub(crate) fn import(&self, kind: &str, name: &str, flags: &[&str]) -> Output {
        assert!(flags.len() <= 2, "one flag (and its value) at most");
        let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crm").join(name);
        let file = self.dir.join(name);
        std::fs::copy(&src, &file).unwrap();
        self.import_path(kind, &file, flags)
    }

    /// Imports `file` (anywhere) as it is.
    pub(crate) fn import_path(&self, kind: &str, file: &std::path::Path, flags: &[&str]) -> Output {
        self.import_path_lang(kind, file, flags, "en")
    }

    pub(crate) fn import_path_lang(
        &self,
        kind: &str,
        file: &std::path::Path,
        flags: &[&str],
        lang: &str,
    ) -> Output {
        Command::new(crate::support::BIN)
            .arg("--db")
            .arg(&self.db)
            .args(["--today", "2026-11-22", "--lang", lang, "import", kind])
            .arg(file)
            .args(flags)
            .env_remove("RADAR_DB")
            .env_remove("RADAR_TODAY")
            .env_remove("LC_ALL")
            .env_remove("LC_MONETARY")
            .env("LANG", "en_US.UTF-8")
            .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
            .output()
            .expect("radar runs")
    }

    pub(crate) fn ok(&self, kind: &str, name: &str, flags: &[&str]) -> String {
        let out = self.import(kind, name, flags);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{name} {flags:?}: {err}");
        format!("{}{err}", String::from_utf8_lossy(&out.stdout))
    }

    pub(crate) fn sql(&self) -> Connection {
        Connection::open(&self.db).unwrap()
    }

    pub(crate) fn count(&self, table: &str) -> i64 {
        self.sql().query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    /// (external_id, owner, region, currency, tier) of the account of this name.
    pub(crate) fn account(&self, name: &str) -> (Option<String>, String, String, String, String) {
        self.sql()
            .query_row(
                "SELECT external_id, owner, region, currency, tier FROM account WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap_or_else(|e| panic!("account {name}: {e}"))
    }

    /// (start, end, arr_minor, currency) of the account's terms.
    pub(crate) fn terms(&self, name: &str) -> Vec<(String, String, i64, String)> {
        let c = self.sql();
        let mut q = c
            .prepare(
                "SELECT t.start, t.end, t.arr_minor, t.currency FROM term t JOIN account a ON a.id = t.account_id \
                 WHERE a.name = ?1 ORDER BY t.start",
            )
            .unwrap();
        q.query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// (account name, title, email, phone) of the contact of this name.
    pub(crate) fn contact(&self, name: &str) -> (String, String, String, String) {
        self.sql()
            .query_row(
                "SELECT a.name, c.title, c.email, c.phone FROM contact c JOIN account a ON a.id = c.account_id \
                 WHERE c.name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap_or_else(|e| panic!("contact {name}: {e}"))
    }

    /// The rows an import of `name` as `kind` set aside (`FILE.KIND.rejected.csv`).
    pub(crate) fn rejected(&self, name: &str, kind: &str) -> String {
        let path = self.dir.join(format!("{name}.{kind}.rejected.csv"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

pub(crate) fn lines(s: &str) -> usize {
    s.lines().count()
}

/// Companies imported first as they come (the CRM id is HubSpot's Company ID), then the
/// sibling files, which name companies by domain: the note's way out works. Before,
/// `--map` with `merge` kept each account's Company ID and the contacts found no account,
/// a dead end short of editing 200 accounts by hand (CSM trial, session 24): `adopt` gives
/// each account the file's id, and a second run changes nothing.
#[test]
fn hubspot_companies_imported_by_company_id_adopt_the_domain_the_contacts_use() {
    let b = Book::new();
    let out = b.ok("accounts", "hubspot_companies.csv", &[]);
    assert!(out.contains("200 created"), "{out}");
    assert!(out.contains("--on-name-match adopt"), "the note names the way out: {out}");
    assert_eq!(b.account("Cruz Inc").0.as_deref(), Some("COMP-5880f9ce-fd33-495e-850e-9df673591c52"));
    let file = b.dir.join("hubspot_companies.csv");
    let flags = ["--map", "Company Domain Name=external_id", "--on-name-match", "adopt"];
    for (run, said) in [(1, "0 created, 200 updated"), (2, "0 created, 0 updated, 200 unchanged")] {
        let out = b.import_path("accounts", &file, &flags);
        let text =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success() && text.contains(said), "run {run}: {text}");
    }
    assert_eq!(b.count("account"), 200);
    assert_eq!(b.account("Cruz Inc").0.as_deref(), Some("flowers.net"));
    let out = b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid"]);
    assert!(out.contains("679 created"), "{out}");
}

#[test]
fn hubspot_companies_contacts_and_activities() {
    let b = Book::new();
    // Companies: HubSpot's other exports name a company by its domain, so the domain is
    // the external id. No ARR in a companies export (Annual Revenue is their turnover).
    let out = b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    assert!(out.contains("200 created"), "{out}");
    assert!(!out.contains("by its domain"), "mapped: nothing to say of the domain: {out}");
    // No amount for a currency to be assumed of: not said (it was, of every accounts file).
    assert!(!out.contains("amounts without a currency"), "{out}");
    assert!(out.contains("\"Annual Revenue\""), "Annual Revenue is ignored, not ARR: {out}");
    assert_eq!(b.count("account"), 200);
    assert_eq!(b.count("term"), 0, "no contract term without ARR and renewal date");
    let cruz = b.account("Cruz Inc");
    assert_eq!(
        cruz,
        (
            Some("flowers.net".into()),
            "dwight.schrute@example.com".into(),
            "UT".into(),
            "USD".into(),
            "mid".into()
        )
    );

    // Contacts: 271 of 950 name no company; they are set aside, the 679 others imported.
    // A dry run says where they would go and writes no file of them (it named a file it
    // did not write: CSM trial, session 22).
    let out = b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid", "--dry-run"]);
    assert!(out.contains("rows that would be set aside: 271;"), "{out}");
    assert!(out.contains("this dry run writes nothing"), "{out}");
    assert!(
        !b.dir.join("hubspot_contacts.csv.contacts.rejected.csv").exists(),
        "a dry run wrote the rejected rows"
    );
    assert_eq!(b.count("contact"), 0);
    let out = b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid"]);
    assert!(out.contains("rows set aside: 271,"), "{out}");
    assert!(out.contains("679 created"), "{out}");
    assert_eq!(b.count("contact"), 679);
    assert_eq!(
        b.contact("Francisco Small"),
        (
            "Taylor, Gray and Henderson".into(),
            "Youth worker".into(),
            "anna72@example.net".into(),
            "(376)694-9481x10051 / 416-810-9897x752".into()
        ),
        "linked by Associated Company Domain freeman.net"
    );
    let rejected = b.rejected("hubspot_contacts.csv", "contacts");
    assert_eq!(lines(&rejected), 272, "a header and 271 rows");
    assert!(rejected.lines().next().unwrap().ends_with(",error"));
    // Each says which of the file's columns was empty (it named a column "account" the
    // file does not have: CSM trial, session 24), after the line it was on in the export
    // (the rejected file numbers its rows afresh: CSM trial, session 27).
    let first = rejected.lines().nth(1).unwrap();
    assert!(
        first.ends_with(
            ",\"line 3 of hubspot_contacts.csv: \"\"Associated Company Domain\"\": empty: the row names no account\""
        ),
        "{first}"
    );

    // Activities name a contact by e-mail: those of imported contacts are kept; calls that
    // reached no one and activities of the contacts set aside are set aside in turn.
    let out = b.ok("touchpoints", "hubspot_activities.csv", &["--skip-invalid"]);
    assert!(out.contains("803 created"), "{out}");
    assert!(out.contains("rows set aside: 1197,"), "{out}");
    assert_eq!(b.count("touchpoint"), 803);
    assert_eq!(lines(&b.rejected("hubspot_activities.csv", "touchpoints")), 1198);
    let kinds: i64 =
        b.sql().query_row("SELECT count(DISTINCT kind) FROM touchpoint", [], |r| r.get(0)).unwrap();
    assert_eq!(kinds, 4, "call, email, visit (meetings), other (notes, tasks)");
}

/// Imported without its domain as the external id, a companies export says at once what
/// that costs: the contacts and deals exported beside it cannot find their company later
/// (every contact was refused, and a re-import cannot change the ids: helper's trial).
#[test]
fn a_companies_file_without_its_domain_mapped_says_what_to_map() {
    let b = Book::new();
    let out = b.ok("accounts", "hubspot_companies.csv", &[]);
    assert!(out.contains("200 created"), "{out}");
    // A file whose id is the account's own number, its domain left out: not told to change.
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("own_ids.csv");
    std::fs::write(&own, "Account ID,Account Name,Domain\nSF-1,Acme,acme.com\n").unwrap();
    let other = b.import_path("accounts", &own, &[]);
    let said = String::from_utf8_lossy(&other.stderr);
    assert!(other.status.success() && !said.contains("by its domain"), "{said}");
    assert!(
        out.contains("name their company by its domain (\"Company Domain Name\", ignored here): to import them afterwards, import this file with --map 'Company Domain Name=external_id'"),
        "{out}"
    );
}

#[test]
fn salesforce_accounts_in_windows_1252() {
    let b = Book::new();
    // Two accounts of the sample share a name (lost Japanese text, "????…") under different
    // ids: different customers.
    let out = b.ok("accounts", "sf_dataloader_accountData.csv", &["--on-name-match", "new"]);
    assert!(out.contains("read as Windows-1252"), "{out}");
    assert!(out.contains("423 created"), "{out}");
    assert_eq!(b.count("account"), 423);
    let credito = b.account("Crédito Inmobiliario Terras");
    assert_eq!(credito.0.as_deref(), Some("001x0000002xLDgAAM"));
    assert_eq!(credito.2, "DISTRITO FEDERAL", "BILLINGSTATE is the region");
    b.account("Pébéo of America");
    let mojibake: i64 =
        b.sql().query_row("SELECT count(*) FROM account WHERE name LIKE '%閐%'", [], |r| r.get(0)).unwrap();
    assert_eq!(mojibake, 0);

    // Without the flag too (session 4): rows of one file under different external ids
    // are different customers, whatever their names; the file's order is kept.
    let c = Book::new();
    let out = c.ok("accounts", "sf_dataloader_accountData.csv", &[]);
    assert!(out.contains("423 created"), "{out}");
    let ids = |b: &Book| -> Vec<String> {
        let sql = b.sql();
        let mut q = sql.prepare("SELECT external_id FROM account ORDER BY id").unwrap();
        q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(ids(&c), ids(&b));
}

/// The contract register, as the workbook, Excel's GBK CSV and Excel's Unicode text: the
/// same ten contracts each time, with no flag.
#[test]
fn contractvision_contract_register_in_three_forms() {
    for name in [
        "contractvision_合同导入模板.xlsx",
        "contractvision_合同导入模板_excel_gbk.csv",
        "contractvision_合同导入模板_excel_unicode.txt",
    ] {
        let b = Book::new();
        let out = b.ok("accounts", name, &[]);
        assert!(out.contains("10 created"), "{name}: {out}");
        assert_eq!(b.count("account"), 10, "{name}");
        let a = b.account("北京星辰科技有限公司");
        assert_eq!((a.1.as_str(), a.2.as_str(), a.3.as_str()), ("李明", "华北", "CNY"), "{name}");
        assert_eq!(
            b.terms("北京星辰科技有限公司"),
            vec![("2026-02-01".into(), "2027-01-31".into(), 50_000_000, "CNY".into())],
            "{name}"
        );
        assert_eq!(
            b.terms("广州汇通跨境科技有限公司"),
            vec![("2026-04-01".into(), "2028-03-31".into(), 39_000_000, "USD".into())],
            "{name}: the row's currency; 780,000 is the two-year contract's total, its ARR half of it"
        );
        // A contract register: `amount` is each contract's total (the file says so with its
        // contract number), annualised over the two- and three-year terms, said in a note.
        assert!(out.contains("\"amount\" read as each contract's total"), "{name}: {out}");
        assert!(out.contains("annualised on 3 rows (lines 7, 8, 10)"), "{name}: {out}");
        assert_eq!(b.terms("南京云基数据科技有限公司")[0].2, 55_000_000, "{name}");
        // A year's contract keeps its amount; a half-year one is kept and warned about.
        assert_eq!(b.terms("重庆盾安网络科技有限公司")[0].2, 23_000_000, "{name}");
        assert!(out.contains("kept as the ARR on 2 rows (lines 4, 11)"), "{name}: {out}");
        assert_eq!(b.account("南京云基数据科技有限公司").1, "陈伟", "{name}");
    }
}

#[test]
fn jsherp_customer_template_with_an_instruction_row_above_the_header() {
    for name in ["jsherp_customer_template.xls", "jsherp_customer_template_excel_gbk.csv"] {
        let b = Book::new();
        let out = b.ok("accounts", name, &[]);
        assert!(out.contains("header on line"), "{name}: {out}");
        assert!(out.contains("2 created"), "{name}: {out}");
        assert_eq!(b.count("account"), 2);
        // The same file as contacts: 名称* names the customer, 联系人 the person.
        let out = b.ok("contacts", name, &[]);
        assert!(out.contains("2 created"), "{name}: {out}");
        assert_eq!(
            b.contact("小梁"),
            ("客户a".into(), String::new(), String::new(), "13000000000".into()),
            "{name}"
        );
        assert_eq!(b.contact("小魏").0, "客户b", "{name}");
    }
}

#[test]
fn mrbiggreen_customer_template_accounts_and_contacts() {
    for name in ["mrbiggreen_客户导入模板.xls", "mrbiggreen_客户导入模板_excel_gbk.csv"] {
        let b = Book::new();
        b.ok("accounts", name, &[]);
        let a = b.account("XXXXXXX有限公司");
        assert_eq!((a.2.as_str(), a.4.as_str()), ("江苏省", "small"), "{name}: 所在省份, 客户级别 低级");
        let out = b.ok("contacts", name, &[]);
        // Trial, session 4: the mobile was lost to the landline. Both are kept, the mobile
        // first, and the summary says so.
        assert_eq!(
            b.contact("张*"),
            (
                "XXXXXXX有限公司".into(),
                "专员".into(),
                "123456789@qq.com".into(),
                "18015500991 / 61234567".into()
            ),
            "{name}"
        );
        assert!(out.contains("\"手机号码\" is the phone; \"固定电话\" is kept after it"), "{name}: {out}");
    }
}

/// The rows a `--skip-invalid` import set aside import once fixed: the `error` column is
/// ignored, the rest is the file's own.
#[test]
fn rejected_rows_import_again_once_fixed() {
    let b = Book::new();
    b.ok("accounts", "hubspot_companies.csv", &["--map", "Company Domain Name=external_id"]);
    b.ok("contacts", "hubspot_contacts.csv", &["--skip-invalid"]);
    let rejected = b.rejected("hubspot_contacts.csv", "contacts");
    // The fix: give each row the domain of a company that exists.
    let header = rejected.lines().next().unwrap().to_string();
    let mut fixed = vec![header];
    for l in rejected.lines().skip(1).take(5) {
        let cut = l.rfind(",\"").or_else(|| l.rfind(',')).unwrap();
        let row = &l[..cut];
        let row = row.strip_suffix(',').map_or_else(|| row.to_string(), |r| format!("{r},flowers.net"));
        fixed.push(format!("{row},"));
    }
    let file = b.dir.join("fixed.csv");
    std::fs::write(&file, fixed.join("\n")).unwrap();
    let out = Command::new(crate::support::BIN)
        .arg("--db")
        .arg(&b.db)
        .args(["--today", "2026-11-22", "--lang", "en", "import", "contacts"])
        .arg(&file)
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 created"), "{err}");
    assert_eq!(b.count("contact"), 684);
}

/// `adopt` gives an account the row's id only when it can tell which account: two stored
/// customers of one name, or two rows of one name under two ids, were folded into the first,
/// its id flipping from one to the other. Refused, naming the way out; nothing written.
#[test]
fn adopt_refuses_when_it_cannot_tell_which_account_takes_the_id() {
    let b = Book::new();
    let first = b.dir.join("first.csv");
    std::fs::write(
        &first,
        "name,external_id\n成都天府云图 🚀,COMP-1\n成都天府云图 🚀,COMP-2\nSolo Co,COMP-3\n",
    )
    .unwrap();
    assert!(b.import_path("accounts", &first, &[]).status.success());
    let before = std::fs::read(&b.db).unwrap();
    for (rows, line) in [
        ("name,external_id\n成都天府云图 🚀,a.com\n", ":2:"),
        ("name,external_id\nSolo Co,x.com\nSolo Co,y.com\n", ":3:"),
    ] {
        let file = b.dir.join("again.csv");
        std::fs::write(&file, rows).unwrap();
        let out = b.import_path("accounts", &file, &["--on-name-match", "adopt"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(line) && err.contains("--on-name-match adopt cannot tell which one takes"),
            "{err}"
        );
        assert_eq!(std::fs::read(&b.db).unwrap(), before, "nothing written");
    }
}
