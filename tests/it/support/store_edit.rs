//! Shared helpers for the editing tests: a seeded demo store, the fixed clock, and new
//! records to save.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use radar::demo::{self, DemoOptions};
use radar::domain::risk::RiskConfig;
use radar::domain::*;
use radar::store::Store;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

pub fn now() -> NaiveDateTime {
    today().and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap())
}

pub fn cfg() -> RiskConfig {
    RiskConfig::default()
}

/// Fills `s` with `n` demo accounts and their risk (any engine).
pub fn seed(s: &mut Store, n: usize) {
    let opts = DemoOptions { accounts: n, seed: 11, today: today() };
    let mut facts = demo::generate_range(&opts, 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    // Risk cached for the test's clock, as the dashboard does on open.
    radar::refresh::recompute_all(s, now(), &cfg()).unwrap();
}

pub fn seeded_memory(n: usize) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    seed(&mut s, n);
    s
}

/// A store of `n` demo accounts on `db`, as alice (on SQLite: the file).
pub fn seeded(db: &super::db::Backend, n: usize) -> Store {
    let mut s = db.store("alice");
    seed(&mut s, n);
    s
}

pub fn seeded_file(path: &std::path::Path, n: usize) -> Store {
    let mut s = Store::open(path).unwrap();
    seed(&mut s, n);
    s
}

/// The first account whose facts satisfy `pred`.
pub fn facts_with(s: &Store, pred: impl Fn(&AccountFacts) -> bool) -> AccountFacts {
    s.load_all_facts().unwrap().into_iter().find(|f| pred(f)).expect("a demo account that fits")
}

pub fn new_contact(a: AccountId) -> Contact {
    Contact {
        id: ContactId(0),
        account_id: a,
        name: "王总".into(),
        title: "总经理".into(),
        role: Role::DecisionMaker,
        stance: Stance::Supporter,
        kp_tier: Some(KpTier::Tier1),
        influence: Influence::High,
        email: String::new(),
        phone: String::new(),
        added_on: today(),
        left_on: None,
        last_contact: None,
        version: 0,
    }
}

pub fn new_promise(a: AccountId) -> Promise {
    Promise {
        id: PromiseId(0),
        account_id: a,
        text: "API export by March".into(),
        made_by: "Sales".into(),
        made_on: today(),
        due: Some(today() + chrono::Duration::days(30)),
        status: PromiseStatus::Open,
        status_on: today(),
        version: 0,
    }
}

pub fn new_requirement(a: AccountId) -> Requirement {
    Requirement {
        id: RequirementId(0),
        account_id: a,
        title: "SSO login".into(),
        requester: "IT".into(),
        category: ReqCategory::Integration,
        level: ReqLevel::P1,
        raised_on: today(),
        status: ReqStatus::Collected,
        history: Vec::new(),
        version: 0,
    }
}

pub fn new_complaint(a: AccountId) -> Complaint {
    Complaint {
        id: ComplaintId(0),
        account_id: a,
        raised_at: now(),
        severity: Severity::High,
        summary: "Reports time out".into(),
        cause: None,
        resolved_at: None,
        improvement: String::new(),
        version: 0,
    }
}

pub fn new_touchpoint(a: AccountId, contact: Option<ContactId>) -> Touchpoint {
    Touchpoint {
        id: TouchpointId(0),
        account_id: a,
        date: today(),
        kind: TouchKind::Call,
        contact_id: contact,
        note: "Walked through the renewal quote".into(),
        version: 0,
    }
}

pub fn new_usage(a: AccountId) -> UsageSnapshot {
    UsageSnapshot {
        id: UsageId(0),
        account_id: a,
        date: today(),
        active_users: 40,
        seats: 50,
        logins: 900,
        minutes: 12_000,
        features_used: 12,
        features_total: 20,
        version: 0,
    }
}

/// Tables whose rows carry a `version` (its last column).
const VERSIONED: [&str; 11] = [
    "account",
    "term",
    "contact",
    "promise",
    "requirement",
    "complaint",
    "usage",
    "milestone",
    "touchpoint",
    "task",
    "referral",
];

/// `Store::dump` split into (table, cells) rows.
fn dump_rows(dump: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut table = String::new();
    for line in dump.lines() {
        match line.strip_prefix("## ") {
            Some(t) => table = t.to_string(),
            None => out.push((table.clone(), line.split('|').map(str::to_string).collect())),
        }
    }
    out
}

/// The dump (same format) with every row's version left out: what an undo restores. (The
/// versions move on: an undo is a new change, and a version never goes back.)
pub fn values(dump: &str) -> String {
    let mut out = String::new();
    let mut table = "";
    for line in dump.lines() {
        match line.strip_prefix("## ") {
            Some(t) => {
                table = t;
                out.push_str(line);
            }
            None if VERSIONED.contains(&table) => {
                out.push_str(line.rsplit_once('|').map_or(line, |(row, _)| row))
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// Every versioned row's version, by table and id.
pub fn versions(dump: &str) -> std::collections::BTreeMap<(String, i64), i64> {
    let int = |c: &str| c.trim_start_matches("Integer(").trim_end_matches(')').parse::<i64>().unwrap();
    dump_rows(dump)
        .into_iter()
        .filter(|(table, _)| VERSIONED.contains(&table.as_str()))
        .map(|(table, cells)| ((table, int(&cells[0])), int(&cells[cells.len() - 1])))
        .collect()
}

/// No row present in both dumps has a lower version in `after`; returns how many moved on.
pub fn assert_versions_forward(before: &str, after: &str) -> usize {
    let (before, after) = (versions(before), versions(after));
    let mut moved = 0;
    for (key, v) in &after {
        if let Some(old) = before.get(key) {
            assert!(v >= old, "{key:?} went back from version {old} to {v}");
            moved += usize::from(v > old);
        }
    }
    moved
}

/// The churn of `f`'s open term on `on`, as the outcome form records it (no requirement named).
pub fn churn_of(f: &AccountFacts, on: NaiveDate, reason: ChurnReason, note: &str) -> Edit {
    let t = f.current_term().expect("an open term to churn");
    Edit::RecordChurn {
        account: f.account.id,
        account_version: f.account.version,
        term: t.id,
        term_version: t.version,
        decided_on: on,
        reason,
        note: note.into(),
        because_of: None,
    }
}

/// A new account's first term, `start` for `days` days, of `arr` whole CNY.
pub fn first_term(start: NaiveDate, days: i64, arr: i64) -> ContractTerm {
    ContractTerm {
        id: TermId(0),
        account_id: AccountId(0),
        start,
        end: start + chrono::Duration::days(days),
        arr: Money::from_major(arr, Currency::CNY),
        outcome: None,
        version: 0,
    }
}

/// `t` renewed today at the same ARR for another year (the tests' usual renewal).
pub fn renewal_a_year_on(t: &ContractTerm) -> Edit {
    Edit::RecordRenewal {
        term: t.id,
        version: t.version,
        decided_on: today(),
        new_arr: t.arr,
        new_end: t.end + chrono::Duration::days(365),
    }
}
