//! Test builders: a healthy baseline account that fires no rule as of `TODAY`, and small
//! constructors for each kind of fact. Each rule test breaks exactly one thing.

use super::RuleId;
use crate::domain::config::RiskConfig;
use crate::domain::*;
use chrono::{Duration, NaiveDate, NaiveDateTime};

pub const TODAY: (i32, u32, u32) = (2026, 11, 22);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

pub fn days_ago(n: i64) -> NaiveDate {
    today() - Duration::days(n)
}

pub fn noon() -> NaiveDateTime {
    today().and_hms_opt(12, 0, 0).unwrap()
}

pub fn contact(id: i64, name: &str, role: Role, tier: Option<KpTier>) -> Contact {
    Contact {
        id: ContactId(id),
        account_id: AccountId(1),
        name: name.to_string(),
        title: String::new(),
        role,
        stance: Stance::Supporter,
        kp_tier: tier,
        influence: Influence::Medium,
        email: String::new(),
        phone: String::new(),
        added_on: days_ago(400),
        left_on: None,
        last_contact: None,
        version: 0,
    }
}

pub fn touch(id: i64, contact: i64, date: NaiveDate) -> Touchpoint {
    Touchpoint {
        id: TouchpointId(id),
        account_id: AccountId(1),
        date,
        kind: TouchKind::Call,
        contact_id: Some(ContactId(contact)),
        note: String::new(),
        version: 0,
    }
}

pub fn usage(id: i64, date: NaiveDate, active: u32, seats: u32, logins: u32, minutes: u32) -> UsageSnapshot {
    UsageSnapshot {
        id: UsageId(id),
        account_id: AccountId(1),
        date,
        active_users: active,
        seats,
        logins,
        minutes,
        features_used: 8,
        features_total: 10,
        version: 0,
    }
}

pub fn promise(id: i64, status: PromiseStatus, status_on: NaiveDate, due: Option<NaiveDate>) -> Promise {
    Promise {
        id: PromiseId(id),
        account_id: AccountId(1),
        text: "custom report by March".to_string(),
        made_by: "sales".to_string(),
        made_on: days_ago(300),
        due,
        status,
        status_on,
        version: 0,
    }
}

pub fn requirement(id: i64, level: ReqLevel, raised_on: NaiveDate) -> Requirement {
    Requirement {
        id: RequirementId(id),
        account_id: AccountId(1),
        title: "export to ERP".to_string(),
        requester: "王总".to_string(),
        category: ReqCategory::Integration,
        level,
        raised_on,
        status: ReqStatus::Collected,
        history: vec![ReqTransition {
            status: ReqStatus::Collected,
            at: raised_on.and_hms_opt(9, 0, 0).unwrap(),
            note: String::new(),
        }],
        version: 0,
    }
}

pub fn complaint(id: i64, raised_at: NaiveDateTime) -> Complaint {
    Complaint {
        id: ComplaintId(id),
        account_id: AccountId(1),
        raised_at,
        severity: Severity::High,
        summary: "reports are slow".to_string(),
        cause: None,
        resolved_at: None,
        improvement: String::new(),
        version: 0,
    }
}

pub fn term(id: i64, start: NaiveDate, end: NaiveDate, arr_major: i64) -> ContractTerm {
    ContractTerm {
        id: TermId(id),
        account_id: AccountId(1),
        start,
        end,
        arr: Money::from_major(arr_major, Currency::CNY),
        outcome: None,
        version: 0,
    }
}

pub fn milestone(id: i64, kind: MilestoneKind, due: NaiveDate) -> Milestone {
    Milestone {
        id: MilestoneId(id),
        account_id: AccountId(1),
        kind,
        due,
        status: MilestoneStatus::Pending,
        done_on: None,
        note: String::new(),
        version: 0,
        origin: Some(due),
    }
}

/// A mid-tier target account in its second term, with a supportive decision chain in
/// recent touch, healthy steady usage and nothing owed: scores 0 as of `TODAY`.
pub fn healthy() -> AccountFacts {
    let mut account = Account::new("Acme 医疗", Tier::Mid, Currency::CNY, days_ago(700));
    account.id = AccountId(1);
    account.activated_on = Some(days_ago(600));
    account.stage = Stage::Mature;
    let mut f = AccountFacts::new(account);
    let mut first = term(1, days_ago(630), days_ago(265), 100_000);
    first.outcome = Some(TermOutcome::Renewed {
        decided_on: days_ago(280),
        new_arr: Money::from_major(120_000, Currency::CNY),
    });
    f.terms = vec![first, term(2, days_ago(265), today() + Duration::days(100), 120_000)];
    f.contacts = vec![
        contact(1, "王总", Role::DecisionMaker, Some(KpTier::Tier1)),
        contact(2, "李管理员", Role::Admin, Some(KpTier::Tier2)),
        contact(3, "张经理", Role::User, Some(KpTier::Tier1)),
    ];
    f.touchpoints = vec![touch(1, 1, days_ago(20)), touch(2, 3, days_ago(10))];
    // Weekly snapshots for 70 days, flat: 30 of 40 seats, logins every week.
    f.usage = (0..10).map(|w| usage(w, days_ago(7 * (9 - w)), 30, 40, 200, 3_000)).collect();
    f.normalise();
    f
}

pub fn assess_now(f: &AccountFacts) -> super::Assessment {
    super::assess(f, noon(), &RiskConfig::default())
}

/// The rules that fire for `f` as of noon `TODAY` under the default config.
pub fn fired(f: &AccountFacts) -> Vec<RuleId> {
    let mut rules: Vec<RuleId> = assess_now(f).reasons.iter().map(|r| r.rule).collect();
    rules.sort();
    rules
}

/// Whether `rule` fires, with its argument list for inspection.
pub fn fires(f: &AccountFacts, rule: RuleId) -> bool {
    fired(f).contains(&rule)
}

pub fn arg_of(f: &AccountFacts, rule: RuleId, name: &str) -> Option<String> {
    assess_now(f)
        .reasons
        .into_iter()
        .find(|r| r.rule == rule)
        .and_then(|r| r.args.into_iter().find(|(k, _)| k == name).map(|(_, v)| v))
}
