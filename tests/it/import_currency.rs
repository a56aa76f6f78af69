//! The currency of what a file does not price itself is never made up (a CSM's trial: a US
//! company's HubSpot export, imported under a C locale, was stored in yuan and the agenda's
//! ARR ranking was off 7x). Under `LANG=C`/`LC_ALL=C`, environment otherwise cleared, and
//! no config: a file with bare amounts is refused before anything is written, naming the
//! file, the line, the column and how to say the currency; `--currency USD` stores dollars;
//! a book already all in USD gives its currency, and the note says so; a Chinese file is
//! yuan. The dashboard's import shows the same refusal and writes nothing.

use crate::support::BIN;
use crate::support::tui_edit::app_on;
use radar::i18n::Lang;
use radar::store::Store;
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `radar import KIND FILE FLAGS…` in the C locale, nothing else in the environment.
fn import_c(db: &Path, kind: &str, file: &Path, flags: &[&str]) -> Output {
    Command::new(BIN)
        .env_clear()
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", "en", "import", kind])
        .arg(file)
        .args(flags)
        .output()
        .expect("radar runs")
}

fn said(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn ok(out: Output) -> String {
    let text = said(&out);
    assert!(out.status.success(), "{text}");
    text
}

/// (currency, count) of the terms stored, by currency.
fn term_currencies(db: &Path) -> Vec<(String, i64)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q = c.prepare("SELECT currency, count(*) FROM term GROUP BY currency ORDER BY currency").unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

fn account_currencies(db: &Path) -> Vec<(String, i64)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut q =
        c.prepare("SELECT currency, count(*) FROM account GROUP BY currency ORDER BY currency").unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// A HubSpot-like accounts export with bare amounts ("Recurring revenue amount": 36,000)
/// and English names: nothing says its currency. Refused, with the file, the line, the
/// column and the ways to say it; no portfolio file is made, and an existing one (of two
/// currencies, so the book says nothing either) is left as it was.
#[test]
fn bare_amounts_under_a_c_locale_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let file = fixture("accounts_hubspot.csv");
    let out = import_c(&db, "accounts", &file, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("accounts_hubspot.csv:2:"), "names the file and line: {err}");
    assert!(err.contains("\"Recurring revenue amount\" name no currency"), "names the column: {err}");
    assert!(err.contains("--currency USD") && err.contains("[import] currency"), "says how: {err}");
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(!db.exists(), "no portfolio file made");

    // A book in two currencies says nothing either: refused, the file unchanged.
    let two = dir.path().join("two.csv");
    std::fs::write(
        &two,
        "name,arr,renewal_date,currency\nYen Co,1000,2027-01-01,JPY\nEuro Co,1000,2027-01-01,EUR\n",
    )
    .unwrap();
    ok(import_c(&db, "accounts", &two, &[]));
    let before = std::fs::read(&db).unwrap();
    let out = import_c(&db, "accounts", &file, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the portfolio is as it was");

    // A companies export without amounts creates accounts: their currency is not made up.
    let companies = fixture("crm/hubspot_companies.csv");
    let out = import_c(&dir.path().join("q.db"), "accounts", &companies, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hubspot_companies.csv:2: this row creates an account"), "{err}");
    assert!(!dir.path().join("q.db").exists());
}

/// `--currency USD` says it: the terms are stored in dollars and the note says why.
#[test]
fn currency_flag_stores_the_amounts_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let text = ok(import_c(&db, "accounts", &fixture("accounts_hubspot.csv"), &["--currency", "USD"]));
    assert!(text.contains("amounts without a currency are in USD (as you said)"), "{text}");
    assert_eq!(term_currencies(&db), [("USD".to_string(), 2)]);
    assert_eq!(account_currencies(&db), [("USD".to_string(), 2)]);
    let c = rusqlite::Connection::open(&db).unwrap();
    let arr: i64 = c
        .query_row(
            "SELECT t.arr_minor FROM term t JOIN account a ON a.id = t.account_id WHERE a.name = 'Hooli Fitness'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(arr, 3_600_000, "36,000.00 dollars");
    // Not a currency: refused as a usage error, nothing written.
    let out = import_c(
        &dir.path().join("q.db"),
        "accounts",
        &fixture("accounts_hubspot.csv"),
        &["--currency", "dollars"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", said(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--currency"));
    assert!(!dir.path().join("q.db").exists());
}

/// The real HubSpot exports of a US company: the companies with `--currency USD`, then
/// under the same C locale and no flag the accounts file and the deals take the book's one
/// currency (the note says where it came from), not yuan.
#[test]
fn a_book_already_in_usd_gives_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let companies = dir.path().join("hubspot_companies.csv");
    std::fs::copy(fixture("crm/hubspot_companies.csv"), &companies).unwrap();
    ok(import_c(
        &db,
        "accounts",
        &companies,
        &["--currency", "USD", "--map", "Company Domain Name=external_id"],
    ));
    let text = ok(import_c(&db, "accounts", &fixture("accounts_hubspot.csv"), &[]));
    assert!(
        text.contains("amounts without a currency are in USD (the portfolio's: all its accounts are in USD)"),
        "{text}"
    );
    let deals = dir.path().join("hubspot_deals.csv");
    std::fs::copy(fixture("crm/hubspot_deals.csv"), &deals).unwrap();
    ok(import_c(&db, "deals", &deals, &["--skip-invalid"]));
    let terms = term_currencies(&db);
    assert_eq!(terms.len(), 1, "{terms:?}");
    assert_eq!(terms[0].0, "USD");
    assert!(terms[0].1 > 100, "the deals' terms: {terms:?}");
    assert_eq!(account_currencies(&db), [("USD".to_string(), 202)]);
}

/// A file whose names are Chinese is yuan: said so.
#[test]
fn a_chinese_file_is_yuan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let text = ok(import_c(&db, "accounts", &fixture("accounts_gbk.csv"), &[]));
    assert!(text.contains("amounts without a currency are in CNY (the file's names are Chinese)"), "{text}");
    assert_eq!(term_currencies(&db), [("CNY".to_string(), 1)]);
}

/// The dashboard's `I` with neither a config nor a locale naming a currency, on a book of
/// several: the path prompt shows the refusal (file, line, column, how), nothing is
/// written, and the user is asked which currency (the book's first); the one picked plans
/// the file again, and a yes stores the amounts in it.
#[test]
fn the_dashboard_asks_for_the_currency_and_writes_nothing_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut seed = Store::open(&path).unwrap();
    crate::support::tui_edit::demo_into(&mut seed, 12);
    drop(seed);
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    assert_eq!((h.worker.import_currency, h.worker.locale.clone()), (None, None));
    assert!(h.worker.store.currency_counts().unwrap().len() > 1, "the demo book has several currencies");
    let file = dir.path().join("us-export.csv");
    std::fs::write(&file, "name,arr,renewal_date\nInitech,50000,2027-03-31\n").unwrap();
    let before = h.worker.store.dump().unwrap();
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
    let prompt = format!("{:?}", h.app.modals.iter().rev().nth(1));
    assert!(prompt.contains("us-export.csv:2: the amounts of \\\"arr\\\" name no currency"), "{prompt}");
    assert!(prompt.contains("--currency USD") && prompt.contains("[import] currency"), "{prompt}");
    assert_eq!(h.worker.store.dump().unwrap(), before, "nothing written");
    let asked = h.screen();
    assert!(asked.contains("No currency for the amounts: which are they in?"), "{asked}");
    let (most, _) =
        h.worker.store.currency_counts().unwrap().into_iter().max_by_key(|(c, n)| (*n, *c)).unwrap();
    assert!(asked.find(most.code()) < asked.find("JPY"), "the book's currencies first: {asked}");
    h.keys("USD");
    h.key(KeyCode::Enter);
    let preview = h.screen();
    assert!(preview.contains("Import this file?") && preview.contains("in USD (as you said"), "{preview}");
    assert_eq!(h.worker.store.dump().unwrap(), before, "nothing written before the yes");
    h.keys("y");
    let usd =
        h.worker.store.load_all_facts().unwrap().into_iter().find(|f| f.account.name == "Initech").unwrap();
    assert_eq!(usd.terms[0].arr.currency.code(), "USD");
}

/// A currency the import decided (here from the file's Chinese names, into an empty book)
/// can be changed in the dashboard's preview: the note says where it came from and the key
/// (not the command line's --currency, which the dashboard cannot take); the key offers the
/// others, the one picked plans the file again, and a yes stores the amounts in it. Before
/// session 31 the only way was to cancel and write the config.
#[test]
fn the_dashboard_preview_changes_the_currency_it_decided() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    assert_eq!((h.worker.import_currency, h.worker.locale.clone()), (None, None));
    let file = dir.path().join("china-book.csv");
    std::fs::write(&file, "name,arr,renewal_date\n成都天府云图信息技术有限公司,50000,2027-03-31\n").unwrap();
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
    let preview = h.screen();
    assert!(preview.contains("in CNY (the file's names are Chinese)"), "{preview}");
    assert!(preview.contains("c: another currency") && !preview.contains("--currency"), "{preview}");
    h.keys("c");
    let asked = h.screen();
    assert!(asked.contains("Amounts without a currency are in:"), "{asked}");
    assert!(asked.find("USD") < asked.find("JPY"), "the common ones, USD first: {asked}");
    h.keys("USD");
    h.key(KeyCode::Enter);
    let again = h.screen();
    assert!(again.contains("Import this file?") && again.contains("in USD (as you said)"), "{again}");
    assert_eq!(h.app.modals.len(), 1, "the new preview replaced the old one: {:?}", h.app.modals);
    assert!(h.worker.store.load_all_facts().unwrap().is_empty(), "nothing written before the yes");
    h.keys("y");
    let facts = h.worker.store.load_all_facts().unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(
        (
            facts[0].account.currency.code(),
            facts[0].terms[0].arr.currency.code(),
            facts[0].terms[0].arr.minor
        ),
        ("USD", "USD", 5_000_000)
    );
}

/// A preview whose every amount names its currency has none to pick: the key says so.
#[test]
fn the_currency_key_says_when_every_amount_names_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    let file = dir.path().join("priced.csv");
    std::fs::write(&file, "name,arr,currency,renewal_date\nInitech,50000,EUR,2027-03-31\n").unwrap();
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Import this file?"), "{}", h.screen());
    h.keys("c");
    let said = h.screen();
    assert!(said.contains("Every amount in this file names its currency"), "{said}");
    assert_eq!(h.app.modals.len(), 1, "still the preview");
}

/// A currency that is not a circulating currency's ISO 4217 code is refused on its line,
/// in a currency column, beside an amount, or as a header's unit, as `fx set` refuses it:
/// 'XYZ' was stored, and no rate could ever bring its amounts into a total (CSM trial,
/// session 31). Nothing is written.
#[test]
fn a_currency_that_is_no_iso_code_is_refused_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let file = dir.path().join("accounts.csv");
    let cases = [
        ("name,arr,renewal_date,currency\nOK Co,1000,2027-01-01,XYZ\n", "'XYZ' is not a currency"),
        ("name,arr,renewal_date\nOK Co,1000 XYZ,2027-01-01\n", "'XYZ' is not a currency"),
    ];
    for (text, expected) in cases {
        std::fs::write(&file, text).unwrap();
        let out = import_c(&db, "accounts", &file, &["--currency", "CNY"]);
        let err = said(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("accounts.csv:2") && err.contains(expected), "{err}");
        assert!(err.contains("ISO 4217"), "{err}");
    }
    // As a header's unit too: the amount is refused, naming it.
    std::fs::write(&file, "name,ARR (XYZ),renewal_date\nOK Co,1000,2027-01-01\n").unwrap();
    let out = import_c(&db, "accounts", &file, &["--currency", "EUR"]);
    let err = said(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("accounts.csv:2") && err.contains("'XYZ' is not a currency"), "{err}");
    let accounts: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM account", [], |r| r.get(0))
        .unwrap_or(0);
    assert_eq!(accounts, 0, "nothing written");
}

/// Any circulating currency can be picked, not only the book's and the common ones: typing
/// its code finds it (CSM trial, session 31: a Malaysian customer's ringgit could not be).
#[test]
fn the_currency_key_finds_a_currency_outside_the_common_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portfolio.db");
    let mut h = app_on(Store::open(&path).unwrap(), Lang::En, (120, 35));
    let file = dir.path().join("kl-book.csv");
    std::fs::write(&file, "name,arr,renewal_date\n吉隆坡 Cloud 🚀 Sdn Bhd,50000,2027-03-31\n").unwrap();
    h.keys("I");
    h.keys(&file.display().to_string());
    h.key(KeyCode::Enter);
    h.keys("c");
    let asked = h.screen();
    assert!(asked.contains("Amounts without a currency are in:") && !asked.contains("MYR"), "{asked}");
    h.keys("myr");
    assert!(h.screen().contains("MYR"), "typed, it is found: {}", h.screen());
    h.key(KeyCode::Enter);
    let again = h.screen();
    assert!(again.contains("in MYR (as you said)"), "{again}");
    h.keys("y");
    let facts = h.worker.store.load_all_facts().unwrap();
    assert_eq!(
        (
            facts[0].account.currency.code(),
            facts[0].terms[0].arr.currency.code(),
            facts[0].terms[0].arr.minor
        ),
        ("MYR", "MYR", 5_000_000)
    );
}

/// A companies file with no amount into a book of several currencies: the question is the
/// new accounts' currency, not the amounts' (there are none; CSM trial, session 32), in
/// both languages; the one picked is what they are billed in.
#[test]
fn a_file_without_amounts_is_asked_for_its_accounts_currency() {
    for (lang, asked) in [
        (Lang::En, "No currency for the new accounts: which are they billed in?"),
        (Lang::ZhCn, "新客户未注明计费币种：以哪种货币计费？"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portfolio.db");
        let mut seed = Store::open(&path).unwrap();
        crate::support::tui_edit::demo_into(&mut seed, 12);
        drop(seed);
        let mut h = app_on(Store::open(&path).unwrap(), lang, (120, 35));
        let file = dir.path().join("companies.csv");
        std::fs::write(&file, "name,domain\nAdams-Thomas 🚀,adams.example\n").unwrap();
        h.keys("I");
        h.keys(&file.display().to_string());
        h.key(KeyCode::Enter);
        h.key(KeyCode::Enter); // what the file holds: accounts, the first offered
        let screen = h.screen();
        assert!(screen.contains(asked), "{screen}");
        h.keys("USD");
        h.key(KeyCode::Enter);
        h.keys("y");
        let new =
            h.worker.store.load_all_facts().unwrap().into_iter().find(|f| f.account.name.contains("Adams"));
        assert_eq!(new.map(|f| f.account.currency.code().to_string()).as_deref(), Some("USD"));
    }
}
