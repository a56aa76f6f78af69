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
