//! `radar import` / `export` / `handover` as scripts use them: all-or-nothing imports with
//! file:line:column errors and exit code 2, dry runs that write nothing (not even the file),
//! and the refusals that protect data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-22";

fn radar(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_radar"))
        .arg("--db")
        .arg(db)
        .args(["--today", TODAY])
        .args(if args.contains(&"--lang") { &[][..] } else { &["--lang", "en"][..] })
        .args(args)
        .env_remove("RADAR_DB")
        .env_remove("RADAR_TODAY")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .env_remove("LC_ALL")
        .env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1)
        .output()
        .expect("radar runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).display().to_string()
}

/// `n` account rows; row `bad` (0-based) gets an impossible renewal date.
fn accounts_csv(n: usize, bad: Option<usize>) -> String {
    let mut s = String::from("external_id,name,arr,renewal_date\n");
    for i in 0..n {
        let date = if Some(i) == bad { "2027-02-30" } else { "2027-03-01" };
        s.push_str(&format!("A-{i},Account {i},{},{date}\n", 1000 + i));
    }
    s
}

fn dump(db: &Path) -> String {
    radar::store::Store::open(db).unwrap().dump().unwrap()
}

#[test]
fn dry_run_writes_nothing_and_import_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv"), "--dry-run"]));
    assert!(out.contains("3 to create, 0 to update, 0 unchanged") && out.contains("dry run"), "{out}");
    assert!(!db.exists(), "a dry run must not create the database");
    let out = ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv")]));
    assert!(out.contains("imported: 3 created"), "{out}");
    let before = dump(&db);
    let out = ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv")]));
    assert!(out.contains("0 created, 0 updated, 3 unchanged"), "{out}");
    assert_eq!(dump(&db), before, "re-importing the same file changes nothing");
    // A dry run of a changed file says what would change, and changes nothing.
    let changed = dir.path().join("changed.csv");
    std::fs::write(&changed, "external_id,name,arr,renewal_date\nNW-1,Northwind Dental,130000,2027-03-01\nNEW-9,New Co,1000,2027-01-01\n").unwrap();
    let out = ok(&radar(&db, &["import", "accounts", changed.to_str().unwrap(), "--dry-run"]));
    assert!(out.contains("1 to create, 1 to update, 0 unchanged"), "{out}");
    assert_eq!(dump(&db), before);
}

#[test]
fn one_bad_row_among_thousands_changes_nothing_and_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, accounts_csv(50, None)).unwrap();
    ok(&radar(&db, &["import", "accounts", good.to_str().unwrap()]));
    let before = dump(&db);
    let bad = dir.path().join("big.csv");
    std::fs::write(&bad, accounts_csv(5000, Some(3210))).unwrap();
    let out = radar(&db, &["import", "accounts", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    // Header on line 1, row 0 on line 2: row 3210 is on line 3212; renewal_date is column 4.
    let expected = format!(
        "{}:3212:4: column \"renewal_date\": '2027-02-30' is not a real calendar date",
        bad.display()
    );
    assert!(err.contains(&expected), "{err}");
    assert!(err.contains("1 bad row; nothing was imported"), "{err}");
    assert!(err.contains("set this one aside: the same command with --skip-invalid (it goes to"), "{err}");
    assert_eq!(err.matches(":4: column").count(), 1, "{err}");
    assert_eq!(dump(&db), before, "all or nothing");
}

#[test]
fn many_bad_rows_are_listed_up_to_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let bad = dir.path().join("bad.csv");
    let mut s = String::from("name,arr,renewal_date,tier\n");
    for i in 0..120 {
        s.push_str(&format!("Co {i},12x,2027-01-01,giant\n"));
    }
    std::fs::write(&bad, s).unwrap();
    let out = radar(&db, &["import", "accounts", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(":2:2: column \"arr\": '12x' is not an amount"), "{err}");
    assert!(
        err.contains(":2:4: column \"tier\": 'giant' is not a valid tier; expected one of: ka, large"),
        "{err}"
    );
    assert!(err.contains("… and 190 more"), "{err}");
    assert!(err.contains("120 bad rows; nothing was imported"), "{err}");
    // And how to import the good rows all the same (CSM trial, session 33).
    let skip =
        format!("the same command with --skip-invalid (they go to {}.accounts.rejected.csv)", bad.display());
    assert!(err.contains(&skip), "{err}");
    assert!(!db.exists(), "nothing was created");
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let missing = dir.path().join("nope.csv");
    let out = radar(&db, &["import", "accounts", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.csv: cannot read"), "{}", text(&out.stderr));

    // ARR and renewal date are optional for accounts; a file with no name column is refused.
    let nameless = dir.path().join("nameless.csv");
    std::fs::write(&nameless, "Deal Name,Amount\nBig deal,100\n").unwrap();
    let out = radar(&db, &["import", "accounts", nameless.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("no column for the required field name;"), "{err}");
    assert!(err.contains("\"Deal Name\""), "the file's headers are listed: {err}");
    // A deals export given as accounts is named for what it is, with the command to use.
    let out = radar(&db, &["import", "accounts", &fixture("crm/hubspot_deals.csv")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("its columns are those of deals"), "{err}");
    assert!(err.contains("radar import deals '"), "{err}");

    let out = radar(&db, &["import", "accounts", &fixture("accounts.csv"), "--map", "Whatever"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--map: 'Whatever' is not Header=field"));

    let out = radar(&db, &["import", "contacts", &fixture("contacts.csv")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(":2:1: column \"account\": no account has the external id or name 'NW-1'")
    );

    let out = radar(&db, &["import", "planets", &fixture("accounts.csv")]);
    assert_eq!(out.status.code(), Some(2), "clap usage errors are exit 2 too");

    let binary = dir.path().join("blob.csv");
    std::fs::write(&binary, b"name,arr\n\xff\xfe\xfd\x80\x81 broken\n").unwrap();
    let out = radar(&db, &["import", "accounts", binary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not UTF-8, GBK or Windows-1252 text (byte 0xFF on line 2)"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists());
}

#[test]
fn unknown_columns_are_reported_once_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let out = radar(&db, &["import", "accounts", &fixture("accounts_salesforce.csv")]);
    let stdout = ok(&out);
    let err = text(&out.stderr);
    assert_eq!(err.matches("ignored columns").count(), 1, "{err}");
    assert!(err.contains("\"Type\", \"Website\", \"Phone\""), "{err}");
    assert!(!stdout.contains("ignored"), "{stdout}");
}

#[test]
fn json_import_refuses_a_file_with_data_and_export_needs_a_folder_for_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv")]));
    let json = dir.path().join("x.json");
    ok(&radar(&db, &["export", "--out", json.to_str().unwrap()]));
    let out = radar(&db, &["import", "json", json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("already holds 3 accounts"), "{}", text(&out.stderr));
    let out = radar(&db, &["export", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--out DIR"));
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"format\": \"renewal-radar\",\n  \"version\": 1,\n  \"accounts\": [ {\"account\": 5} ]\n}\n",
    )
    .unwrap();
    let out = radar(&dir.path().join("empty.db"), &["import", "json", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("broken.json:3:"), "{}", text(&out.stderr));
}

#[test]
fn handover_sheet_names_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv")]));
    let sheet = ok(&radar(&db, &["handover", "Northwind Dental", "--stage", "renewal"]));
    assert!(sheet.starts_with("# Handover sheet: Northwind Dental\n"), "{sheet}");
    assert!(sheet.contains("## Renewal intent") && sheet.contains("## Decision chain"), "{sheet}");
    let zh = ok(&radar(&db, &["--lang", "zh-CN", "handover", "NW-1", "--stage", "交接"]));
    assert!(zh.contains("# 交接单") && zh.contains("## 痛点及购买原因"), "{zh}");
    let out = radar(&db, &["handover", "Nobody Inc"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no account has the external id or name 'Nobody Inc'"));
    let out = radar(&db, &["handover", "NW-1", "--stage", "teenage"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--stage: 'teenage' is not a valid stage"));
}

/// A large import into an empty file runs in bulk mode (no journal, indexes rebuilt at the
/// end, risk scored while they are): afterwards the file is back in WAL mode, intact, and
/// every account has today's cached score.
#[test]
fn bulk_import_leaves_a_wal_file_with_every_score_cached() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    std::fs::write(&csv, accounts_csv(6_000, None)).unwrap();
    let db = dir.path().join("bulk.db");
    let out = ok(&radar(&db, &["import", "accounts", csv.to_str().unwrap()]));
    assert!(out.contains("6000 created"), "{out}");
    let c = rusqlite::Connection::open(&db).unwrap();
    let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let (n, days): (i64, i64) = c
        .query_row("SELECT count(*), count(DISTINCT as_of) FROM risk_cache WHERE as_of = ?1", [TODAY], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((n, days), (6_000, 1));
    let indexes: i64 = c
        .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        indexes, 26,
        "every index rebuilt (the task table's three, the risk cache's three, the referral table's two, V13's two, V14's and V15's two, V19's too)"
    );
    let triggers: i64 = c
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'risk_stale_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 31, "the stale-marking triggers a bulk load drops are made again");
    let stale: i64 =
        c.query_row("SELECT count(*) FROM risk_cache WHERE stale <> 0", [], |r| r.get(0)).unwrap();
    assert_eq!(stale, 0, "every score written by the import is current");
    let unshared: i64 =
        c.query_row("SELECT count(*) FROM risk_cache WHERE rate_live IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(unshared, 0, "with its account's share of the report's rates (V14)");
}

/// B10: an import refuses what the account form refuses: a negative ARR, or an amount
/// beyond the sane bound (documented in the README). Nothing is written.
#[test]
fn import_refuses_negative_and_absurd_amounts_like_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("bad_arr.csv");
    std::fs::write(
        &csv,
        "name,arr,renewal_date\n成都天府云图信息技术有限公司,-5000,2027-03-01\n\
         Huge Co 🚀,99999999999999999,2027-03-01\nFine Co,5000,2027-03-01\n",
    )
    .unwrap();
    let out = radar(&db, &["import", "accounts", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "stdout: {}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.contains("bad_arr.csv:2:2: column \"arr\""), "{err}");
    assert!(err.contains("negative"), "{err}");
    assert!(err.contains("bad_arr.csv:3:2: column \"arr\""), "{err}");
    assert!(err.contains("too large"), "{err}");
    assert!(!db.exists() || dump(&db).lines().all(|l| !l.contains("Fine Co")), "nothing imported");
}

/// D16: `15/13/2027` is no date in either order: the error says so, not "ambiguous".
#[test]
fn a_day_month_date_valid_in_neither_order_is_called_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("dm.csv");
    std::fs::write(&csv, "name,arr,renewal_date\nA Co,5000,15/13/2027\nB Co,5000,3/4/2027\n").unwrap();
    let out = radar(&db, &["import", "accounts", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let line2 = err.lines().find(|l| l.contains("dm.csv:2:")).unwrap_or_else(|| panic!("{err}"));
    assert!(line2.contains("'15/13/2027' is not a valid date"), "{line2}");
    assert!(!line2.contains("ambiguous"), "{line2}");
    // 3/4/2027 really is ambiguous in a file that never settles the order.
    assert!(err.lines().any(|l| l.contains("dm.csv:3:") && l.contains("ambiguous")), "{err}");
}

/// B10: a hand-edited JSON export with a negative or absurd ARR is refused like a CSV row.
#[test]
fn json_import_refuses_what_the_forms_refuse() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(&radar(&db, &["import", "accounts", &fixture("accounts.csv")]));
    let json = dir.path().join("x.json");
    ok(&radar(&db, &["export", "--out", json.to_str().unwrap()]));
    let good = std::fs::read_to_string(&json).unwrap();
    assert!(good.contains("\"minor\": 12000000,"));
    for (bad, says) in
        [("\"minor\": -12000000,", "negative"), ("\"minor\": 9223372036854775807,", "too large")]
    {
        let edited = dir.path().join("edited.json");
        std::fs::write(&edited, good.replacen("\"minor\": 12000000,", bad, 1)).unwrap();
        let empty = dir.path().join(format!("empty-{says}.db"));
        let out = radar(&empty, &["import", "json", edited.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains("edited.json") && err.contains("ARR") && err.contains(says), "{err}");
        assert!(
            !empty.exists() || dump(&empty).lines().all(|l| !l.contains("Northwind")),
            "nothing imported"
        );
    }
}

/// The dashboard's own Chinese labels read back as what they label (issue 14): 中型客户,
/// 续约&二次销售, 微信, 未兑现 (broken), from a CRLF file whose bad row is named on its real line.
#[test]
fn the_apps_own_chinese_labels_import_and_crlf_lines_are_true() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let accounts = dir.path().join("accounts.csv");
    std::fs::write(
        &accounts,
        "客户名称,客户等级,阶段,年合同额,到期日\r\n成都天府云图信息技术有限公司,中型客户,续约&二次销售,120000,2027-03-01\r\n",
    )
    .unwrap();
    ok(&radar(&db, &["import", "accounts", accounts.to_str().unwrap()]));
    let touch = dir.path().join("touchpoints.csv");
    std::fs::write(
        &touch,
        "客户,日期,方式,内容\r\n成都天府云图信息技术有限公司,2026-11-20,微信,\"续约\r\n报价\"\r\n",
    )
    .unwrap();
    ok(&radar(&db, &["import", "touchpoints", touch.to_str().unwrap()]));
    let promises = dir.path().join("promises.csv");
    std::fs::write(&promises, "客户,承诺,状态\r\n成都天府云图信息技术有限公司,月度培训,未兑现\r\n").unwrap();
    ok(&radar(&db, &["import", "promises", promises.to_str().unwrap()]));
    let c = rusqlite::Connection::open(&db).unwrap();
    let row: (String, String) =
        c.query_row("SELECT tier, stage FROM account", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(row, ("mid".into(), "renewal".into()));
    let kind: String = c.query_row("SELECT kind FROM touchpoint", [], |r| r.get(0)).unwrap();
    assert_eq!(kind, "message");
    let status: String = c.query_row("SELECT status FROM promise", [], |r| r.get(0)).unwrap();
    assert_eq!(status, "broken", "未兑现 is how the dashboard says broken");

    // A quoted cell spanning two CRLF lines: the bad row after it is on line 4.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "name,arr,renewal_date,note\r\nA,1,2027-01-01,\"two\r\nlines\"\r\nB,x,2027-01-01,\r\n",
    )
    .unwrap();
    let out = radar(&db, &["import", "accounts", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.csv:4:2: column \"arr\""), "{}", text(&out.stderr));
    // In Chinese, the whole line is: the column, the message and the summary.
    std::fs::write(
        &bad,
        "name,arr,renewal_date,note\r\nA,1,2027-02-30,\"two\r\nlines\"\r\nB,x,2027-01-01,\r\n",
    )
    .unwrap();
    let out = radar(&db, &["--lang", "zh-CN", "import", "accounts", bad.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert!(err.contains("bad.csv:2:3: 列“renewal_date”: “2027-02-30”不是真实存在的日期"), "{err}");
    assert!(err.contains("bad.csv:4:2: 列“arr”: “x”不是金额"), "{err}");
    assert!(err.contains("bad.csv：2 行有误；未导入任何数据"), "{err}");
    assert!(!err.contains("column") && !err.contains("nothing was imported"), "no English left: {err}");
}

/// "Amounts without a currency are in CNY" is said of a file with amounts only: a list of
/// names and owners has none for the default to apply to (it was said of it too).
#[test]
fn the_assumed_currency_is_said_only_of_a_file_with_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let names = dir.path().join("names.csv");
    std::fs::write(&names, "name,owner\n成都天府云图信息技术有限公司,李娜\nAcme 🚀,Sam\n").unwrap();
    // Notes go to stderr, the counts to stdout.
    let said = |out: Output| format!("{}{}", ok(&out), text(&out.stderr));
    let out = said(radar(&db, &["import", "accounts", names.to_str().unwrap()]));
    assert!(out.contains("2 created"), "{out}");
    assert!(!out.contains("amounts without a currency"), "{out}");
    let priced = dir.path().join("priced.csv");
    std::fs::write(&priced, "name,arr,renewal_date\nGlobex,80000,2027-06-30\n").unwrap();
    let out = said(radar(&db, &["import", "accounts", priced.to_str().unwrap()]));
    assert!(out.contains("amounts without a currency are in CNY"), "{out}");
    // The header names the currency of its amounts: nothing assumed, nothing said.
    let headed = dir.path().join("headed.csv");
    std::fs::write(
        &headed,
        "name,ARR (美元),renewal_date
Initech,50000,2027-03-31
",
    )
    .unwrap();
    let out = said(radar(&db, &["import", "accounts", headed.to_str().unwrap()]));
    assert!(out.contains("1 created") && !out.contains("amounts without a currency"), "{out}");
    // A bare column filling the blanks of one that names its currency: its amounts got the
    // default, so that is said (only the first column's unit was looked at).
    let filled = dir.path().join("filled.csv");
    std::fs::write(
        &filled,
        "name,ARR (USD),ARR,renewal_date
Hooli,,70000,2027-04-30
",
    )
    .unwrap();
    let out = said(radar(&db, &["import", "accounts", filled.to_str().unwrap()]));
    assert!(out.contains("1 created") && out.contains("amounts without a currency are in CNY"), "{out}");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let stored: String = conn
        .query_row(
            "SELECT t.currency FROM term t JOIN account a ON a.id = t.account_id WHERE a.name = 'Hooli'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "CNY");
}

/// A file Radar cannot take at all is refused in the interface language (the message was
/// English whatever `--lang` said), naming the file; nothing is written.
#[test]
fn a_file_refused_whole_is_named_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let empty = dir.path().join("空.csv");
    std::fs::write(&empty, "").unwrap();
    let headless = dir.path().join("公司.csv");
    std::fs::write(&headless, "公司编号,年合同额\nX1,1000\n").unwrap();
    for (file, zh) in [(&empty, "文件是空的"), (&headless, "缺少必填字段 name 对应的列")] {
        let out = radar(&db, &["--lang", "zh-CN", "import", "accounts", file.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(zh) && err.contains(file.to_str().unwrap()), "{err}");
    }
    assert!(!db.exists(), "nothing written, not even the file");
}

/// A usage row naming more features used than there are is refused in the interface
/// language (it was English under `--lang zh-CN`).
#[test]
fn more_features_used_than_available_is_said_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let names = dir.path().join("names.csv");
    std::fs::write(&names, "external_id,name\nNW-1,成都天府云图信息技术有限公司\n").unwrap();
    ok(&radar(&db, &["import", "accounts", names.to_str().unwrap()]));
    let usage = dir.path().join("usage.csv");
    std::fs::write(
        &usage,
        "account,date,active_users,seats,features_used,features_total\nNW-1,2026-11-20,38,50,41,40\n",
    )
    .unwrap();
    for (lang, want) in [
        ("zh-CN", "使用的功能数 41 多于可用的 40 个"),
        ("en", "41 features used is more than the 40 available"),
    ] {
        let out = radar(&db, &["--lang", lang, "import", "usage", usage.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(want), "{lang}: {err}");
    }
}
