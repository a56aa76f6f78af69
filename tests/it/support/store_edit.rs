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

fn seed(s: &mut Store, n: usize) {
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
