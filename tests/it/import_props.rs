//! The accounts import's rules as properties, over random files drawn from a few names and
//! external ids (Chinese, emoji, hostile text): a dry run and the import agree; an import
//! never makes a second account of one name (issue 12, B11) unless each has its own external
//! id, nor a second one of an external id; a refused import writes nothing; importing the same file again changes nothing.

use chrono::NaiveDate;
use proptest::prelude::*;
use radar::domain::risk::RiskConfig;
use radar::interchange::Kind;
use radar::interchange::import::{self, Request};
use radar::store::Store;
use std::collections::HashSet;
use std::path::Path;

const NAMES: [&str; 4] = ["成都天府云图信息技术有限公司", "Acme 🚀", "Northwind", "Evil \u{1b}]0;x\u{7} Co"];
const IDS: [&str; 4] = ["A-1", "A-2", "B-1", "成都-9"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// An import of `file` with its bare amounts in CNY, as a config's `[import] currency` says
/// (with nothing saying a currency, the import is refused: every case would be a refusal).
fn request(file: &Path) -> Request {
    let mut r = Request::new(Kind::Accounts, file, today());
    r.options.currency = Some(radar::domain::Currency::CNY);
    r
}

fn rows() -> impl Strategy<Value = Vec<(usize, Option<usize>, u32)>> {
    prop::collection::vec((0..NAMES.len(), prop::option::of(0..IDS.len()), 1u32..5), 1..6)
}

fn write(path: &Path, rows: &[(usize, Option<usize>, u32)]) {
    let mut s = String::from("external_id,name,arr,renewal_date\n");
    for (name, id, arr) in rows {
        let id = id.map_or("", |i| IDS[i]);
        s.push_str(&format!("{id},\"{}\",{}000,2027-03-01\n", NAMES[*name], arr));
    }
    std::fs::write(path, s).unwrap();
}

/// Dry run, then the import; they must agree. Returns whether it was imported.
fn import_checked(store: &mut Store, file: &Path) -> Result<bool, TestCaseError> {
    let before = store.dump().unwrap();
    let request = request(file);
    let planned = import::plan_request(store, &request, &mut |_, _, _| {});
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let done = import::run(store, &request, now, &RiskConfig::default(), &mut |_, _, _| {});
    match (planned, done) {
        (Ok(p), Ok(d)) => {
            prop_assert_eq!(p.counts, d.counts, "the dry run said otherwise");
            Ok(true)
        }
        (Err(p), Err(d)) => {
            prop_assert_eq!(p.to_string(), d.to_string());
            prop_assert_eq!(store.dump().unwrap(), before, "a refused import wrote");
            Ok(false)
        }
        (p, d) => Err(TestCaseError::fail(format!("dry run {p:?}, import {d:?}"))),
    }
}

/// Two accounts may share a name only when each has its own external id (rows of one file
/// under different ids are different customers: session 4); never without one.
fn names_and_ids_unique(store: &Store) -> Result<(), TestCaseError> {
    let keys = store.account_keys().unwrap();
    let bare: Vec<&str> = keys.iter().filter(|(_, x, _)| x.is_none()).map(|(_, _, n)| n.as_str()).collect();
    for n in &bare {
        let holders = keys.iter().filter(|(_, _, m)| m == n).count();
        prop_assert_eq!(holders, 1, "two accounts of one name, one without an id: {:?}", keys);
    }
    let ids: Vec<&str> = keys.iter().filter_map(|(_, x, _)| x.as_deref()).collect();
    prop_assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn imports_agree_with_their_dry_run_and_never_duplicate_a_name(a in rows(), b in rows()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        for (i, rows) in [a, b].iter().enumerate() {
            let file = dir.path().join(format!("f{i}.csv"));
            write(&file, rows);
            if import_checked(&mut store, &file)? {
                names_and_ids_unique(&store)?;
                let again = import::plan_request(&store, &request(&file), &mut |_, _, _| {}).unwrap();
                prop_assert_eq!((again.counts.created, again.counts.updated), (0, 0), "re-import changes");
            }
        }
    }
}

/// A bulk load (an accounts file of more than `BULK_MIN` rows into an empty book) writes new
/// accounts and their terms many rows per statement (32): across full batches and a
/// remainder, each account gets its own term, in the file's order.
#[test]
fn every_account_of_a_batched_load_keeps_its_own_term() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("many.csv");
    let n = (import::BULK_MIN + 75) as i64;
    let mut s = String::from("external_id,name,arr,renewal_date\n");
    for i in 0..n {
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(i);
        s.push_str(&format!("X-{i},\"{} {i}\",{},{day}\n", NAMES[i as usize % NAMES.len()], 1000 + i));
    }
    std::fs::write(&file, s).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let request = request(&file);
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    import::run(&mut store, &request, now, &RiskConfig::default(), &mut |_, _, _| {}).unwrap();
    let mut keys = store.account_keys().unwrap();
    keys.sort_by_key(|(id, ..)| *id);
    assert_eq!(keys.len(), n as usize);
    for (i, (id, ext, _)) in keys.iter().enumerate() {
        assert_eq!(ext.as_deref(), Some(format!("X-{i}").as_str()), "ids follow the file's order");
        let f = store.load_facts(*id).unwrap().unwrap();
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(i as i64);
        let terms: Vec<_> = f.terms.iter().map(|t| (t.account_id, t.end, t.arr.minor)).collect();
        assert_eq!(terms, [(*id, day, (1000 + i as i64) * 100)], "account {i}");
    }
}
