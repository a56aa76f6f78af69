//! The report's JSON where no amount converts into the reporting currency (GBP, with no
//! GBP rate): every amount is `null`, as the text's "n/a (no exchange rate)", never a 0 beside
//! `missing_rates` (CSM trial, session 29); the fields are the same as ever, and with a rate
//! the amounts are numbers again. `--by owner` rows likewise, their book and load too.

use crate::fx::{Q4, book, json, ok};

/// The report's amounts (minor units of the reporting currency).
const AMOUNTS: [&str; 6] =
    ["due_amount", "renewed_amount", "decided_amount", "pending_amount", "at_risk_amount", "forecast_amount"];

fn keys(v: &serde_json::Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn amounts_no_rate_converts_are_null_in_the_report_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let report = |currency: &str| {
        let mut args = vec!["report", "--format", "json", "--currency", currency];
        args.extend(Q4);
        json(&db, &args)
    };
    let gbp = report("GBP");
    assert_eq!(gbp["missing_rates"], serde_json::json!({"CNY": 2, "EUR": 1, "USD": 3}));
    assert_eq!(gbp["other_currency_count"], gbp["due_count"], "{gbp}");
    for k in AMOUNTS {
        assert!(gbp[k].is_null(), "{k} is not known: {gbp}");
    }
    let windows = gbp["due_next"].as_array().unwrap();
    assert!(windows.iter().any(|w| w["count"].as_u64() > Some(0)), "{gbp}");
    for w in windows {
        let unknown = w["count"].as_u64() > Some(0) && w["no_rate"] == w["count"];
        assert_eq!(w["amount"].is_null(), unknown, "{w}");
    }
    // The schema is the one a converted report has.
    let cny = report("CNY");
    assert_eq!(keys(&gbp), keys(&cny));
    for k in AMOUNTS {
        assert!(cny[k].is_i64(), "{k}: {cny}");
    }
    // Per owner: the amounts, the book's value and its load.
    let mut args = vec!["report", "--by", "owner", "--format", "json", "--currency", "GBP"];
    args.extend(Q4);
    let rows = json(&db, &args);
    for row in rows.as_array().unwrap() {
        for k in
            ["due_amount", "renewed_amount", "pending_amount", "at_risk_amount", "book_value", "capacity_pct"]
        {
            assert!(row[k].is_null(), "{k}: {row}");
        }
    }
    // With a GBP rate, numbers.
    ok(&db, &["fx", "set", "GBP", "9.0", "--from", "2026-01-01", "--base", "CNY"]);
    let converted = report("GBP");
    assert!(converted["due_amount"].as_i64() > Some(0), "{converted}");
}

/// One amount not known while others are (CSM trial, session 31): a EUR report where the
/// only renewal that converts is a healthy pending one says "n/a" for the decided, renewed
/// and at-risk amounts, whose renewals are all in yuan with no rate, not "€0"; the text as
/// the JSON.
#[test]
fn an_amount_whose_renewals_all_lack_a_rate_is_not_known_in_the_text() {
    use radar::domain::metrics::{ReportPeriod, renewal_report};
    use radar::domain::risk::Band;
    use radar::domain::*;
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let term = |a: &Account, end, major, outcome| ContractTerm {
        id: TermId(0),
        account_id: a.id,
        start,
        end,
        arr: Money::from_major(major, a.currency),
        outcome,
        version: 0,
    };
    let facts = |name: &str, cur: Currency, end, major, outcome| {
        let mut f = AccountFacts::new(Account::new(name, Tier::Mid, cur, start));
        f.terms.push(term(&f.account, end, major, outcome));
        f
    };
    let renewed = Some(TermOutcome::Renewed {
        decided_on: d(1, 10),
        new_arr: Money::from_major(1_100_000, Currency::CNY),
    });
    let accounts = vec![
        facts("成都天府云图信息技术有限公司", Currency::CNY, d(1, 20), 1_000_000, renewed),
        facts("重庆新芽口腔", Currency::CNY, d(3, 10), 17_000_000, None),
        facts("Bayerische Zahnklinik GmbH", Currency::EUR, d(3, 20), 250_000, None),
    ];
    let period = ReportPeriod { from: d(1, 1), to: d(3, 31), today: d(2, 15), currency: Currency::EUR };
    let band =
        |f: &AccountFacts| if f.account.currency == Currency::CNY { Band::Critical } else { Band::Healthy };
    let r = renewal_report(&accounts, &period, band);
    let text = radar::cli::report_cmd::render_text(radar::i18n::Lang::En, &r);
    let line = |label: &str| text.lines().find(|l| l.contains(label)).unwrap_or_default().to_string();
    for label in ["Amount due, decided", "Amount renewed", "At-risk ARR"] {
        assert!(line(label).contains("n/a (no exchange rate)"), "{label}: {text}");
    }
    // Known but partial: the pending and due amounts say how many they are without (the
    // yuan renewal pending; both yuan renewals of the due and of the forecast, which counts
    // the renewed and the pending), in both languages; a known
    // amount none of whose renewals is left out says nothing (CSM trial, session 32).
    assert!(line("Pending").contains("€250,000 (without 1: no exchange rate)"), "{text}");
    assert!(line("Amount due ").contains("(without 2: no exchange rate)"), "{text}");
    assert!(line("Amount, forecast").contains("(without 2: no exchange rate)"), "{text}");
    // The decided rate counts the decided renewals (one, in yuan), as the others count those due.
    let decided = "n/a (no amount in EUR: 1 of the 1 renewals decided has no exchange rate)";
    assert!(line("Dollar rate, decided").contains(decided), "{text}");
    let zh = radar::cli::report_cmd::render_text(radar::i18n::Lang::ZhCn, &r);
    assert!(zh.contains("（不含 2 笔：没有汇率）"), "{zh}");
    let all_eur = renewal_report(&accounts[2..], &period, band);
    let text = radar::cli::report_cmd::render_text(radar::i18n::Lang::En, &all_eur);
    assert!(!text.contains("without"), "{text}");
}
