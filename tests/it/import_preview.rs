//! The dry run's sample rows are "the first rows as they will be stored": a row the same
//! plan sets aside (`--skip-invalid`) is not one of them (CSM trial: the HubSpot contacts
//! preview showed Laura Smith, line 3, and listed her row as set aside).

use chrono::NaiveDate;
use radar::domain::Currency;
use radar::domain::risk::RiskConfig;
use radar::interchange::Kind;
use radar::interchange::import::{self, PREVIEW_ROWS};
use radar::store::Store;
use std::path::PathBuf;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn crm(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crm").join(name)
}

#[test]
fn the_preview_leaves_out_the_rows_set_aside() {
    let mut s = Store::open_in_memory().unwrap();
    // The companies, keyed by the domain the contacts name them by (README, HubSpot); new
    // accounts need a currency, as a config's `[import] currency` gives.
    let mut request = import::Request::new(Kind::Accounts, &crm("hubspot_companies.csv"), today())
        .with_map("Company Domain Name=external_id");
    request.options.currency = Some(Currency::USD);
    let plan = import::plan_request(&s, &request, &mut |_, _, _| {}).unwrap();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    import::apply(&mut s, plan, now, &RiskConfig::embedded().unwrap()).unwrap();

    let mut request = import::Request::new(Kind::Contacts, &crm("hubspot_contacts.csv"), today());
    request.options.skip_invalid = true;
    let plan = import::plan_request(&s, &request, &mut |_, _, _| {}).unwrap();
    assert_eq!(plan.counts.rejected, 271);
    let rows = &plan.preview.rows;
    assert_eq!(rows.len(), PREVIEW_ROWS, "as many rows as before: {rows:?}");
    // Lines 2, 4 and 6 of the export name a company; 3 and 5 (Laura Smith, Janet Rodriguez)
    // do not, and are set aside.
    let names: Vec<String> = rows.iter().map(|r| r.join(" | ")).collect();
    for (row, who) in names.iter().zip(["Francisco", "Raymond", "Willie"]) {
        assert!(row.contains(who), "{who} expected: {names:#?}");
    }
    assert!(!names.iter().any(|r| r.contains("Laura") || r.contains("Janet")), "{names:#?}");
}
