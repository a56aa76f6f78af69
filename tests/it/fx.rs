//! Currencies (issue 16, item 1): a hand-computed two-currency book with exchange rates,
//! including a rate change between two renewal dates and a currency with no rate, checked
//! to the minor unit against the CLI's JSON and the dashboard's status bar; `radar fx`
//! set/list/rm, bad input refused changing nothing, and the rates through a JSON export
//! and import byte for byte.
//!
//! The book (reporting currency CNY, today 2026-11-22, Q4 2026), rates USD→CNY 7.10 from
//! 2026-01-01 and 7.25 from 2026-11-01, none for EUR; half to even at the fen:
//!
//! | account | ARR | renewal | outcome | in CNY (minor) |
//! |---|---|---|---|---|
//! | 成都天府云图… | ¥100,000.00 | 12-10 | pending | 10,000,000 |
//! | Bluefin 🐟 | $10,000.33 | 10-15 | renewed at $12,000 | 1,000,033 × 7.10 = 7,100,234.3 → 7,100,234; new 8,520,000 |
//! | Cedar | $20,000.02 | 11-15 | pending | 2,000,002 × 7.25 = 14,500,014.5 → 14,500,014 (tie: even) |
//! | Delft | €30,000.00 | 12-20 | pending | no rate: counted, named, not summed |
//! | Elm | $5,000.00 | 10-20 | churned | 500,000 × 7.10 = 3,550,000 |
//! | Fjord | ¥50,000.00 | 11-30 | pending | 5,000,000 |

use crate::support::cli::{radar, radar_lang};
use radar::domain::{Currency, Money};
use std::path::Path;

pub(crate) fn ok(db: &Path, args: &[&str]) -> String {
    let out = radar(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

pub(crate) fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).expect("JSON")
}

const ACCOUNTS: &str = "\
name,arr,renewal_date,external_id,owner,currency,contract_start
成都天府云图信息技术有限公司,\"¥100,000.00\",2026-12-10,A-1,Li Na,CNY,2025-12-10
Bluefin 🐟,\"$10,000.33\",2026-10-15,B-2,Alex Kim,USD,2025-10-15
Cedar,\"$20,000.02\",2026-11-15,C-3,Alex Kim,USD,2025-11-15
Delft,\"30000.00 EUR\",2026-12-20,D-4,Li Na,EUR,2025-12-20
Elm,\"$5,000.00\",2026-10-20,E-5,Alex Kim,USD,2025-10-20
Fjord,\"¥50,000.00\",2026-11-30,F-6,Li Na,CNY,2025-11-30
";

const OUTCOMES: &str = "\
account,term_end,outcome,renewed_arr,churn_reason,decided_on
B-2,2026-10-15,renewed,\"$12,000.00\",,2026-10-10
E-5,2026-10-20,churned,,competitor,2026-10-18
";

/// The book above, with its two USD rates.
pub(crate) fn book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("fx.db");
    let (accounts, outcomes) = (dir.join("accounts.csv"), dir.join("outcomes.csv"));
    std::fs::write(&accounts, ACCOUNTS).unwrap();
    std::fs::write(&outcomes, OUTCOMES).unwrap();
    ok(&db, &["import", "accounts", accounts.to_str().unwrap()]);
    ok(&db, &["import", "outcomes", outcomes.to_str().unwrap()]);
    ok(&db, &["fx", "set", "USD", "7.10", "--from", "2026-01-01", "--base", "CNY"]);
    ok(&db, &["fx", "set", "usd", "7.25", "--from", "2026-11-01", "--base", "CNY"]);
    db
}

pub(crate) const Q4: [&str; 4] = ["--from", "2026-10-01", "--to", "2026-12-31"];

#[test]
fn every_total_of_a_two_currency_book_to_the_fen() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut args = vec!["report", "--format", "json", "--currency", "CNY"];
    args.extend(Q4);
    let r = json(&db, &args);
    let n = |k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k}: {}", r[k]));
    assert_eq!(r["currency"], "CNY");
    assert_eq!((n("due_count"), n("renewed_count"), n("churned_count"), n("pending_count")), (6, 1, 1, 4));
    assert_eq!(n("due_amount"), 10_000_000 + 7_100_234 + 14_500_014 + 3_550_000 + 5_000_000);
    assert_eq!(n("due_amount"), 40_150_248);
    assert_eq!(n("renewed_amount"), 8_520_000);
    assert_eq!(n("decided_amount"), 7_100_234 + 3_550_000);
    assert_eq!(n("pending_amount"), 10_000_000 + 14_500_014 + 5_000_000);
    assert!(n("at_risk_amount") <= n("pending_amount"));
    // The EUR renewal is counted and named, not summed.
    assert_eq!(n("other_currency_count"), 1);
    assert_eq!(r["missing_rates"], serde_json::json!({"EUR": 1}));
    let rate = |k: &str| r[k].as_f64().unwrap();
    assert!((rate("dollar_renewal_rate") - 8_520_000.0 / 40_150_248.0).abs() < 1e-12);
    assert!((rate("gross_renewal_rate") - 7_100_234.0 / 40_150_248.0).abs() < 1e-12);
    assert!((rate("decided_dollar_rate") - 8_520_000.0 / 10_650_234.0).abs() < 1e-12);
    // Coming up (from 11-22): 成都 12-10, Delft 12-20 (no rate), Fjord 11-30.
    for w in r["due_next"].as_array().unwrap() {
        assert_eq!(
            (w["count"].as_i64(), w["amount"].as_i64(), w["no_rate"].as_i64()),
            (Some(3), Some(15_000_000), Some(1)),
            "{w}"
        );
    }
    // The text names the currency without a rate.
    let mut text_args = vec!["report", "--currency", "CNY"];
    text_args.extend(Q4);
    let text = ok(&db, &text_args);
    assert!(text.contains("1 renewal in EUR has no exchange rate into CNY"), "{text}");
    assert!(text.contains("¥401,502.48"), "due amount in full: {text}");

    // In USD: CNY converts at the inverse of the rate in force (7.25 in December).
    let mut args = vec!["report", "--format", "json", "--currency", "USD"];
    args.extend(Q4);
    let u = json(&db, &args);
    assert_eq!(u["currency"], "USD");
    // 10,000,000 / 7.25 = 1,379,310.34 → 1,379,310; 5,000,000 / 7.25 = 689,655.17 → 689,655.
    assert_eq!(u["due_amount"].as_i64(), Some(1_379_310 + 1_000_033 + 2_000_002 + 500_000 + 689_655));
    assert_eq!(u["renewed_amount"].as_i64(), Some(1_200_000));
    assert_eq!(u["missing_rates"], serde_json::json!({"EUR": 1}));

    // Per owner: the rows add up to the book, amounts included.
    let mut args = vec!["report", "--by", "owner", "--format", "json", "--currency", "CNY"];
    args.extend(Q4);
    let rows = json(&db, &args);
    let rows = rows.as_array().unwrap();
    let sum = |k: &str| rows.iter().map(|o| o[k].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("due_amount"), 40_150_248);
    assert_eq!(sum("renewed_amount"), 8_520_000);
    let li = rows.iter().find(|o| o["owner"] == "Li Na").unwrap();
    assert_eq!(li["due_amount"].as_i64(), Some(15_000_000));
    assert_eq!(li["missing_rates"], serde_json::json!({"EUR": 1}));
}

/// Before the rates, the same book sums CNY only and names the USD renewals (the issue's
/// "left out of every total, the status bar gives no hint").
#[test]
fn without_rates_every_foreign_renewal_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    ok(&db, &["fx", "rm", "USD", "--from", "2026-01-01", "--base", "CNY"]);
    ok(&db, &["fx", "rm", "USD", "--from", "2026-11-01", "--base", "CNY"]);
    let mut args = vec!["report", "--format", "json", "--currency", "CNY"];
    args.extend(Q4);
    let r = json(&db, &args);
    assert_eq!(r["due_amount"].as_i64(), Some(15_000_000));
    assert_eq!(r["missing_rates"], serde_json::json!({"EUR": 1, "USD": 3}));
    assert_eq!(r["other_currency_count"].as_i64(), Some(4));
}

/// Into a currency nothing due has a rate into, every amount of the report is not known:
/// "n/a", not "£0" beside rates that already said n/a (CSM trial, session 28). With one
/// renewal that converts, the amounts are its own, and the rest are named.
#[test]
fn a_report_where_nothing_converts_gives_no_amount() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut args = vec!["report", "--currency", "GBP"];
    args.extend(Q4);
    let text = ok(&db, &args);
    for label in ["Amount due, decided", "Amount due", "Pending"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("{label}: {text}"));
        assert!(line.contains("n/a (no exchange rate)") && !line.contains('£'), "{line}");
    }
    assert!(!text.contains("£0"), "{text}");
    // By owner too: at-risk, book and its load (it said £0 and 0% for every CSM).
    let mut by = args.clone();
    by.extend(["--by", "owner"]);
    let owners = ok(&db, &by);
    assert!(!owners.contains("£0") && !owners.contains(" 0%") && owners.contains("n/a"), "{owners}");
    ok(&db, &["fx", "set", "GBP", "9.0", "--from", "2026-01-01", "--base", "CNY"]);
    let text = ok(&db, &args);
    assert!(!text.contains("n/a (no exchange rate)") && text.contains('£'), "{text}");
}

/// Triage weighs ARR in the reporting currency and its JSON carries both amounts.
#[test]
fn triage_carries_the_original_and_the_converted_arr() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let rows = json(&db, &["triage", "--format", "json", "--currency", "CNY"]);
    let find = |name: &str| rows.as_array().unwrap().iter().find(|r| r["name"] == name).unwrap().clone();
    let cedar = find("Cedar");
    assert_eq!(cedar["arr"], serde_json::json!({"minor": 2_000_002, "currency": "USD"}));
    assert_eq!(cedar["arr_converted"], serde_json::json!({"minor": 14_500_014, "currency": "CNY"}));
    let delft = find("Delft");
    assert_eq!(delft["arr"]["currency"], "EUR");
    assert!(delft["arr_converted"].is_null(), "{delft}");
    let text = ok(&db, &["triage", "--currency", "CNY"]);
    assert!(text.contains("1 account in EUR has no exchange rate into CNY"), "{text}");
}

/// A currency with no rate at all is said however short the list: its accounts rank as if
/// their amounts were the target's, so the rows printed may show none of them (CSM trial,
/// session 27: 30 rows, all CNY, 4,873 USD accounts and no word of it).
#[test]
fn triage_names_a_currency_without_any_rate_even_when_no_row_of_it_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let top = json(&db, &["triage", "--format", "json", "--currency", "CNY", "--limit", "1"]);
    assert_ne!(top[0]["arr"]["currency"], "EUR", "the printed row is not the EUR one: {top}");
    let text = ok(&db, &["triage", "--currency", "CNY", "--limit", "1"]);
    assert!(text.contains("1 account in EUR has no exchange rate into CNY"), "{text}");
    // USD has rates: only USD rows printed without one would be counted (none here).
    assert!(!text.contains("in USD"), "{text}");
    // Into USD, CNY has a rate (the inverse of USD's) and EUR none: the whole book's EUR.
    let text = ok(&db, &["triage", "--currency", "USD", "--limit", "1"]);
    assert!(text.contains("1 account in EUR has no exchange rate into USD"), "{text}");
    assert!(!text.contains("in CNY"), "{text}");
}

#[test]
fn fx_list_set_rm_and_bad_input_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let list = json(&db, &["fx", "list", "--format", "json"]);
    assert_eq!(
        list,
        serde_json::json!([
            {"currency": "USD", "base": "CNY", "from": "2026-01-01", "rate": "7.1"},
            {"currency": "USD", "base": "CNY", "from": "2026-11-01", "rate": "7.25"},
        ])
    );
    let out = ok(&db, &["fx", "set", "USD", "7.3", "--from", "2026-11-01", "--base", "CNY"]);
    assert!(out.contains("replaces"), "{out}");
    let before = sqlite_rates(&db);
    assert_eq!(
        before,
        vec![
            ("USD".into(), "CNY".into(), "2026-01-01".into(), 7_100_000),
            ("USD".into(), "CNY".into(), "2026-11-01".into(), 7_300_000)
        ]
    );
    for bad in [
        vec!["fx", "set", "USD", "-1", "--from", "2026-01-01"],
        vec!["fx", "set", "USD", "7.1234567", "--from", "2026-01-01"],
        vec!["fx", "set", "\u{1b}[31mUS", "7", "--from", "2026-01-01"],
        vec!["fx", "set", "USD", "7", "--from", "2026-02-30"],
        vec!["fx", "set", "CNY", "1", "--from", "2026-01-01", "--base", "CNY"],
        vec!["fx", "rm", "EUR", "--from", "2026-01-01", "--base", "CNY"],
    ] {
        let out = radar(&db, &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains('\u{1b}'), "escape sequences never reach the terminal: {err:?}");
        assert_eq!(sqlite_rates(&db), before, "{bad:?} changed nothing");
    }
    // Three letters are not a currency: not ISO 4217 codes are refused, naming the code
    // (as the rate's currency and as its base), in both languages.
    for (bad, code) in [
        (vec!["fx", "set", "XYZ", "7.1", "--from", "2026-01-01"], "XYZ"),
        (vec!["fx", "set", "usd", "7.1", "--from", "2026-01-01", "--base", "RMX"], "RMX"),
        (vec!["fx", "set", "ABC", "7.1", "--from", "2026-01-01", "--base", "CNY"], "ABC"),
    ] {
        let out = radar(&db, &bad);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {err}");
        assert!(err.contains(&format!("'{code}' is not an ISO 4217 currency code")), "{bad:?}: {err}");
        assert_eq!(sqlite_rates(&db), before, "{bad:?} changed nothing");
    }
    let zh = radar_lang(&db, "zh-CN", &["fx", "set", "XYZ", "7.1", "--from", "2026-01-01"]);
    let err = String::from_utf8_lossy(&zh.stderr);
    assert!(err.contains("XYZ") && err.contains("ISO 4217 币种代码"), "{err}");
    assert_eq!(sqlite_rates(&db), before);
    // A currency is named as `report --currency` and `[report] currency` name it: RMB and
    // ¥ are CNY, € is EUR (it was refused here while the report took it).
    let set = ok(&db, &["fx", "set", "€", "7.8", "--from", "2026-02-01", "--base", "RMB"]);
    assert!(set.contains("EUR") && set.contains("CNY"), "{set}");
    assert_eq!(sqlite_rates(&db).len(), before.len() + 1);
    ok(&db, &["fx", "rm", "eur", "--from", "2026-02-01", "--base", "¥"]);
    assert_eq!(sqlite_rates(&db), before);
    ok(&db, &["fx", "rm", "USD", "--from", "2026-11-01", "--base", "CNY"]);
    assert_eq!(sqlite_rates(&db).len(), 1);
    let text = ok(&db, &["fx", "list"]);
    assert!(text.contains("USD  7.1 CNY  from 2026-01-01"), "{text}");
}

fn sqlite_rates(db: &Path) -> Vec<(String, String, String, i64)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut s =
        c.prepare("SELECT currency, base, valid_from, rate_micro FROM fx_rate ORDER BY 1, 2, 3").unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The rates go through a JSON export and import losslessly: the second export is the
/// first byte for byte, and the imported file reports the same totals.
#[test]
fn export_and_import_carry_the_rates() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let first = ok(&db, &["export"]);
    assert!(
        first.contains("\"fx_rates\"") && first.contains("\"rate\": \"7.25\""),
        "{}",
        &first[..400.min(first.len())]
    );
    assert!(first.contains("\"version\": 2"));
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let copy = dir.path().join("copy.db");
    ok(&copy, &["import", "json", file.to_str().unwrap()]);
    assert_eq!(ok(&copy, &["export"]), first, "byte-identical round trip");
    assert_eq!(sqlite_rates(&copy), sqlite_rates(&db));
    let mut args = vec!["report", "--format", "json", "--currency", "CNY"];
    args.extend(Q4);
    assert_eq!(json(&copy, &args)["due_amount"].as_i64(), Some(40_150_248));
    // A duplicated rate is refused, naming it, and nothing is imported.
    let dup = first.replacen("\"from\": \"2026-11-01\"", "\"from\": \"2026-01-01\"", 1);
    std::fs::write(&file, dup).unwrap();
    let third = dir.path().join("third.db");
    let out = radar(&third, &["import", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fx_rates: USD in CNY from 2026-01-01: appears twice"), "{err}");
    // In Chinese, the same facts in Chinese (the check's words were English in every language).
    let out = radar_lang(&third, "zh-CN", &["import", "json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fx_rates：USD 兑 CNY，自 2026-01-01 起：出现了两次"), "{err}");
    assert!(!third.exists(), "nothing written, not even the file");
}

/// The status bar and the metrics view say what the report says, in the reporting
/// currency (here the one most accounts use: USD, three of six), and name the EUR renewal
/// without a rate; drawn by the test backend.
#[test]
fn the_status_bar_converts_and_names_what_has_no_rate() {
    use radar::i18n::Lang;
    use radar::store::Store;
    use radar::tui::harness::Harness;
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let r = json(&db, &["report", "--format", "json"]);
    assert_eq!(r["currency"], "USD");
    assert_eq!(r["due_amount"].as_i64(), Some(5_569_000));
    let compact = |k: &str| Money::new(r[k].as_i64().unwrap(), Currency::USD).format_compact();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for (lang, words, line) in [
        (Lang::En, "1 EUR without rate", "1 renewal in EUR has no exchange rate into USD"),
        (Lang::ZhCn, "1 笔 EUR 无汇率", "1 笔 EUR 续约没有对 USD 的汇率"),
    ] {
        let mut h = Harness::new(Store::open(&db).unwrap(), lang, today, (200, 50));
        let screen = h.screen();
        let bar = screen.lines().rev().nth(1).unwrap().to_string();
        assert!(bar.contains(words), "{lang:?}: {bar}");
        assert!(bar.contains(&compact("at_risk_amount")), "{lang:?}: {bar}");
        assert!(bar.contains("1/2"), "{bar}");
        h.keys("m");
        let metrics = h.screen();
        assert!(metrics.contains(line), "{lang:?}: {metrics}");
        // $55,690.00 due (shown "$56k"), $40,689.67 pending ($13,793.10 + $20,000.02 + $6,896.55).
        assert_eq!(compact("due_amount"), "$56k");
        assert_eq!(r["pending_amount"].as_i64(), Some(1_379_310 + 2_000_002 + 689_655));
        for k in ["due_amount", "pending_amount", "renewed_amount"] {
            assert!(metrics.contains(&compact(k)), "{lang:?} {k} {}: {metrics}", compact(k));
        }
    }
}

/// The metrics view's form (`r`): a bad rate is refused next to its field and nothing is
/// saved; a good one is saved to the file, and the status bar and metrics convert with it.
#[test]
fn the_metrics_form_sets_a_rate_and_every_total_converts() {
    use radar::i18n::Lang;
    use radar::store::Store;
    use radar::tui::harness::Harness;
    use ratatui::crossterm::event::KeyCode;
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut h = Harness::new(Store::open(&db).unwrap(), Lang::En, today, (200, 50));
    h.keys("mr");
    let form = h.screen();
    assert!(form.contains("Exchange rate"), "{form}");
    // Currency, rate (bad first), from (today, cleared and typed), base (USD, the report's).
    h.keys("EUR\tabc\t");
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2026-01-01\n");
    let refused = h.screen();
    assert!(refused.contains("'abc' is not an exchange rate"), "{refused}");
    assert_eq!(sqlite_rates(&db).len(), 2, "nothing saved");
    // The focus is on the first wrong field: the rate.
    for _ in 0..3 {
        h.key(KeyCode::Backspace);
    }
    h.keys("1.08\n");
    assert!(sqlite_rates(&db).contains(&("EUR".into(), "USD".into(), "2026-01-01".into(), 1_080_000)));
    let after = h.screen();
    assert!(!after.contains("EUR without rate") && !after.contains("have no exchange rate"), "{after}");
    // €30,000 × 1.08 = $32,400.00 joins the USD total: 5,569,000 + 3,240,000 cents.
    let r = json(&db, &["report", "--format", "json"]);
    assert_eq!(r["due_amount"].as_i64(), Some(8_809_000));
    assert_eq!(r["missing_rates"], serde_json::json!({}));
    assert!(after.contains(&Money::new(8_809_000, Currency::USD).format_compact()), "{after}");
}

/// Snapshots of the changed panes on the two-currency book: the portfolio's status bar,
/// the metrics view (converted, EUR named) and the rate form, 80x24 and 200x50, en and zh-CN.
#[test]
fn snapshots_of_the_converted_book() {
    use radar::i18n::Lang;
    use radar::store::Store;
    use radar::tui::harness::Harness;
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    for (lang, id) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
        for (w, h) in [(80, 24), (200, 50)] {
            let mut t = Harness::new(Store::open(&db).unwrap(), lang, today, (w, h));
            crate::support::snap_screen(&format!("fx_portfolio_{id}_{w}x{h}"), t.screen());
            t.keys("m");
            crate::support::snap_screen(&format!("fx_metrics_{id}_{w}x{h}"), t.screen());
            t.keys("r");
            crate::support::snap_screen(&format!("fx_form_{id}_{w}x{h}"), t.screen());
        }
    }
}

// A reporting currency is one a rate can convert into: `--currency XYZ` (report, triage)
// is refused (exit 2) naming the code; a symbol or common name of one is taken for it (RMB
// is CNY). Before, both ran: the report summed every amount as 0 and said "nothing decided
// yet" with 32 renewals decided.
#[test]
fn a_reporting_currency_no_rate_can_convert_into_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    for args in [&["report", "--currency", "XYZ"][..], &["triage", "--currency", "XYZ"]] {
        let out = radar(&db, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("--currency: 'XYZ' is not the ISO 4217 code of a currency in use"), "{err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    assert_eq!(ok(&db, &["report", "--currency", "RMB"]), ok(&db, &["report", "--currency", "CNY"]));
}
