//! The dashboard's triage order is `radar triage`'s: the same accounts first, ties
//! included. The dashboard broke ties on (priority, score) by days to renewal, triage by
//! name then id, so on a book with many equal priorities the two named different accounts
//! "next" (a CSM with the morning's `radar triage` beside the dashboard saw two lists).

use chrono::NaiveDate;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::runtime::harness::Harness;

#[test]
fn the_dashboard_lists_accounts_in_triage_order_ties_included() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    crate::support::cli::demo_file(&db, 400, 3);
    let out = crate::support::cli::radar_ok(&db, &["triage", "--limit", "400", "--format", "json"]);
    let triage: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let cli: Vec<(String, i64)> = triage
        .iter()
        .map(|t| (t["external_id"].as_str().unwrap().to_string(), t["priority"].as_i64().unwrap()))
        .collect();
    let ties = cli.windows(2).filter(|w| w[0].1 == w[1].1).count();
    assert!(ties >= 20, "the demo must have ties on priority to tell the orders apart: {ties}");

    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let h = Harness::new(Store::open(&db).unwrap(), Lang::En, today, (120, 35));
    let model = &h.app.portfolio.model;
    // Triage leaves out the accounts it does not rank (churned); the dashboard lists them too.
    let listed: std::collections::HashSet<&str> = cli.iter().map(|(id, _)| id.as_str()).collect();
    let dashboard: Vec<(String, i64)> = (0..model.total())
        .map(|i| {
            let r = model.row(i).unwrap();
            (r.external_id.clone().unwrap(), r.priority)
        })
        .filter(|(id, _)| listed.contains(id.as_str()))
        .collect();
    assert_eq!(dashboard.len(), cli.len());
    let first_difference = cli.iter().zip(&dashboard).position(|(a, b)| a != b);
    assert_eq!(
        first_difference,
        None,
        "triage then the dashboard, from there: {:?} / {:?}",
        &cli[first_difference.unwrap_or(0)..][..5.min(cli.len())],
        &dashboard[first_difference.unwrap_or(0)..][..5.min(cli.len())]
    );
}
