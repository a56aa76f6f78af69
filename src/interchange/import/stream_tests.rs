//! Issue 19: an import into a large portfolio looks up only the accounts its file names.
//! These tests plan and run the same files both ways — against every stored key up front
//! (the earlier way, `EVERY_KEY`) and against the file's keys — on demo portfolios of
//! several seeds, with Radar's own CSV export and files edited into every matching case
//! (renames, rows without ids, names another account has, repeated rows, hostile text), and
//! require the same plan (counts, notes, preview), the same error, and the same database.

use super::world::EVERY_KEY;
use super::{NameMatch, Options, Request, plan_request, run};
use crate::demo::{DemoOptions, generate_range};
use crate::domain::risk::RiskConfig;
use crate::interchange::fields::Kind;
use crate::store::Store;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const SEEDS: [u64; 3] = [1, 7, 42];
const ACCOUNTS: usize = 48;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn demo(seed: u64) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let opts = DemoOptions { accounts: ACCOUNTS, seed, today: today() };
    let mut facts = generate_range(&opts, 0..ACCOUNTS).unwrap();
    store.insert_facts(&mut facts, false).unwrap();
    store
}

/// The plan, or the error, as text (both are compared whole).
fn planned(store: &Store, request: &Request) -> String {
    match plan_request(store, request, &mut |_, _, _| {}) {
        Ok(p) => format!("{p:#?}"),
        Err(e) => format!("error: {e}"),
    }
}

/// What a real import reported and the database it left.
fn applied(seed: u64, request: &Request) -> (String, String) {
    let mut store = demo(seed);
    let now = today().and_hms_opt(9, 0, 0).unwrap();
    let out = match run(&mut store, request, now, &RiskConfig::default(), &mut |_, _, _| {}) {
        Ok(a) => format!("{a:#?}"),
        Err(e) => format!("error: {e}"),
    };
    (out, store.dump().unwrap())
}

/// Plans and runs `request` both ways: the same plan, result and database.
fn same_both_ways(seed: u64, request: &Request) -> String {
    let store = demo(seed);
    EVERY_KEY.set(true);
    let old_plan = planned(&store, request);
    let old_run = applied(seed, request);
    EVERY_KEY.set(false);
    let new_plan = planned(&store, request);
    let new_run = applied(seed, request);
    let what = format!("seed {seed}, {:?} {}", request.kind, request.path.display());
    assert_eq!(old_plan, new_plan, "plan of {what}");
    assert_eq!(old_run.0, new_run.0, "import of {what}");
    assert!(old_run.1 == new_run.1, "database after {what} differs");
    new_plan
}

fn request(kind: Kind, path: &Path, options: Options) -> Request {
    Request { kind, path: path.to_path_buf(), today: today(), options }
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r.records().map(|x| x.unwrap().iter().map(str::to_string).collect()).collect();
    (headers, rows)
}

fn write_csv(path: &Path, headers: &[String], rows: &[Vec<String>]) -> PathBuf {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(headers).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    path.to_path_buf()
}

/// Radar's accounts export edited into every way a row can meet an account.
fn edited_accounts(export: &Path, out: &Path) -> PathBuf {
    let (headers, mut rows) = read_csv(&export.join("accounts.csv"));
    let col = |h: &str| headers.iter().position(|x| x == h).unwrap();
    let (ext, name, arr) = (col("external_id"), col("name"), col("arr"));
    let names: Vec<String> = rows.iter().map(|r| r[name].clone()).collect();
    for (i, r) in rows.iter_mut().enumerate() {
        match i % 9 {
            // Renamed (found by its id), to a fresh name or onto another account's.
            1 => r[name] = format!("成都天府云图信息技术有限公司 {i} 🚀"),
            2 => r[name] = names[(i + 5) % names.len()].clone(),
            // Found by name alone.
            3 => r[ext].clear(),
            // Another amount.
            4 if !r[arr].is_empty() => r[arr] = "123456".into(),
            // Another id, a stored name: a second customer of that name, or the same one.
            5 => r[ext] = format!("NEW-{i}"),
            _ => {}
        }
    }
    let blank = vec![String::new(); headers.len()];
    let mut more = Vec::new();
    for (k, n) in ["Brand new 🚀", "\u{1b}[31mred\u{1b}[0m Ltd", &names[0], &names[1]].iter().enumerate() {
        let mut r = blank.clone();
        r[name] = n.to_string();
        // A new account names its currency: the demo book has several, so none is assumed.
        r[col("currency")] = "CNY".into();
        if k % 2 == 0 {
            r[ext] = format!("EXTRA-{k}");
        }
        more.push(r);
    }
    // A row repeated: two rows describing one account.
    more.push(rows[0].clone());
    more.push(rows[3].clone());
    rows.extend(more);
    write_csv(&out.join("edited-accounts.csv"), &headers, &rows)
}

#[test]
fn reimporting_the_own_export_plans_alike_and_changes_nothing() {
    for seed in SEEDS {
        let dir = tempfile::tempdir().unwrap();
        crate::interchange::export::csv::export(&demo(seed), dir.path()).unwrap();
        let file = dir.path().join("accounts.csv");
        let plan = same_both_ways(seed, &request(Kind::Accounts, &file, Options::default()));
        assert!(plan.contains("updated: 0,") && plan.contains("created: 0,"), "seed {seed}: {plan}");
    }
}

#[test]
fn reimporting_every_kind_of_the_own_export_plans_alike() {
    let seed = SEEDS[1];
    let dir = tempfile::tempdir().unwrap();
    crate::interchange::export::csv::export(&demo(seed), dir.path()).unwrap();
    // Every kind the export writes, keyed by account (external id or name).
    for kind in Kind::CSV.into_iter().filter(|k| *k != Kind::Accounts) {
        let file = dir.path().join(format!("{}.csv", kind.id()));
        same_both_ways(seed, &request(kind, &file, Options::default()));
    }
}

#[test]
fn edited_accounts_files_plan_and_import_alike() {
    for seed in SEEDS {
        let dir = tempfile::tempdir().unwrap();
        crate::interchange::export::csv::export(&demo(seed), dir.path()).unwrap();
        let file = edited_accounts(dir.path(), dir.path());
        let variants = [
            Options::default(),
            Options { on_name_match: Some(NameMatch::Merge), ..Options::default() },
            Options { on_name_match: Some(NameMatch::New), ..Options::default() },
            Options { skip_invalid: true, ..Options::default() },
        ];
        let mut plans = Vec::new();
        for options in variants {
            plans.push(same_both_ways(seed, &request(Kind::Accounts, &file, options)));
        }
        // The edits reach every case: a refusal, creations, updates and unchanged rows.
        assert!(plans[0].starts_with("error: "), "seed {seed}: {}", plans[0]);
        let all = plans.join("\n");
        for said in ["created: 0,", "updated: 0,"] {
            assert!(plans.iter().any(|p| !p.starts_with("error") && !p.contains(said)), "{said}: {all}");
        }
    }
}

#[test]
fn child_rows_by_domain_and_email_plan_alike() {
    let seed = 7;
    let dir = tempfile::tempdir().unwrap();
    crate::interchange::export::csv::export(&demo(seed), dir.path()).unwrap();
    let (headers, contacts) = read_csv(&dir.path().join("contacts.csv"));
    let email = headers.iter().position(|h| h == "email").unwrap();
    let emails: Vec<String> = contacts.iter().map(|r| r[email].clone()).filter(|e| e.contains('@')).collect();
    assert!(emails.len() > 10, "the demo's contacts have e-mail addresses");
    let head = |h: &str| {
        ["date", "kind", "note"].iter().fold(vec![h.to_string()], |mut v, x| {
            v.push(x.to_string());
            v
        })
    };
    let row =
        |k: &str, i: usize| vec![k.to_string(), "2026-11-01".into(), "call".into(), format!("note {i}")];
    let by_email: Vec<Vec<String>> = emails.iter().take(40).enumerate().map(|(i, e)| row(e, i)).collect();
    let mut by_domain: Vec<Vec<String>> = emails
        .iter()
        .take(40)
        .enumerate()
        .map(|(i, e)| row(&format!("https://www.{}/about", e.split('@').nth(1).unwrap()), i))
        .collect();
    by_domain.push(row("nobody.example", 99));
    let files = [
        write_csv(&dir.path().join("by-email.csv"), &head("contact_email"), &by_email),
        write_csv(&dir.path().join("by-domain.csv"), &head("account_domain"), &by_domain),
    ];
    for file in files {
        for skip_invalid in [false, true] {
            let options = Options { skip_invalid, ..Options::default() };
            same_both_ways(seed, &request(Kind::Touchpoints, &file, options));
        }
    }
}

/// Several stored accounts of one name (which one a row meets first is the lowest id, as
/// when every key was read up front), Chinese, emoji and hostile text, rows with and
/// without ids.
#[test]
fn accounts_sharing_a_name_are_met_in_id_order() {
    use crate::domain::{Account, AccountFacts, Currency, Tier};
    let name = "成都天府云图信息技术有限公司";
    let stored: [(&str, Option<&str>); 6] = [
        ("Acme 🚀", Some("A-9")),
        (name, Some("C-2")),
        (name, None),
        (name, Some("C-1")),
        ("\u{1b}[2Jclear Ltd", None),
        ("Acme 🚀", None),
    ];
    let build = || {
        let mut s = Store::open_in_memory().unwrap();
        let mut facts: Vec<AccountFacts> = stored
            .iter()
            .map(|(n, x)| {
                let mut a = Account::new(n, Tier::Mid, Currency::CNY, today());
                a.external_id = x.map(str::to_string);
                AccountFacts::new(a)
            })
            .collect();
        s.insert_facts(&mut facts, false).unwrap();
        s
    };
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "external_id,name,tier\n,成都天府云图信息技术有限公司,large\n",
        "external_id,name,tier\nC-9,成都天府云图信息技术有限公司,large\n",
        "external_id,name,tier\nA-7,Acme 🚀,small\n,\u{1b}[2Jclear Ltd,ka\n",
        "external_id,name,tier\nC-1,Acme 🚀,small\nX-5,\"two\nlines\",ka\n",
        "name,tier\nAcme 🚀,ka\nAcme 🚀,small\n",
    ];
    for (k, text) in files.iter().enumerate() {
        let path = dir.path().join(format!("shared-{k}.csv"));
        std::fs::write(&path, text).unwrap();
        for on_name_match in [None, Some(NameMatch::Merge), Some(NameMatch::New)] {
            let req = request(Kind::Accounts, &path, Options { on_name_match, ..Options::default() });
            let mut out = Vec::new();
            for every in [true, false] {
                EVERY_KEY.set(every);
                let plan = planned(&build(), &req);
                let mut s = build();
                let now = today().and_hms_opt(9, 0, 0).unwrap();
                let ran = match run(&mut s, &req, now, &RiskConfig::default(), &mut |_, _, _| {}) {
                    Ok(a) => format!("{a:#?}"),
                    Err(e) => format!("error: {e}"),
                };
                out.push((plan, ran, s.dump().unwrap()));
            }
            EVERY_KEY.set(false);
            assert_eq!(out[0].0, out[1].0, "plan of file {k}, {on_name_match:?}");
            assert_eq!(out[0].1, out[1].1, "import of file {k}, {on_name_match:?}");
            assert!(out[0].2 == out[1].2, "database after file {k}, {on_name_match:?}");
        }
    }
}
