//! Risk recompute cost (issue 3 targets: all 100k accounts ≤ 1 s, one account ≤ 1 ms).
//! Run: `cargo bench --bench risk`.
//!
//! The accounts come from a small deterministic generator here rather than the demo
//! module, so the bench measures `assess` alone (no SQLite) on records of a realistic
//! size: a few terms and contacts, weekly usage for half a year, a year of touchpoints.
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use radar::domain::risk::{RiskConfig, assess, day_end, trend};
use radar::domain::*;
use std::hint::black_box;

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn days(&mut self, from: i64, to: i64) -> i64 {
        from + self.below((to - from) as u64) as i64
    }
}

fn account(i: i64, rng: &mut Rng, today: NaiveDate) -> AccountFacts {
    let at = |d: i64| today + Duration::days(d);
    let id = AccountId(i);
    let mut a = Account::new(&format!("Account {i}"), rng.pick(Tier::ALL), Currency::CNY, at(-900));
    a.id = id;
    a.target_fit = rng.below(5) > 0;
    a.activated_on = (rng.below(10) > 0).then(|| at(-800));
    let mut f = AccountFacts::new(a);
    let mut start = at(rng.days(-1000, -30));
    for t in 0..=rng.below(3) {
        let end = start + Duration::days(365);
        let arr = Money::from_major(10_000 + rng.below(500_000) as i64, Currency::CNY);
        let outcome = (end <= today).then_some(TermOutcome::Renewed { decided_on: end, new_arr: arr });
        f.terms.push(ContractTerm {
            id: TermId(t as i64),
            account_id: id,
            start,
            end,
            arr,
            outcome,
            version: 0,
        });
        if end > today {
            break;
        }
        start = end;
    }
    for c in 0..2 + rng.below(5) as i64 {
        f.contacts.push(Contact {
            id: ContactId(c),
            account_id: id,
            name: format!("联系人{c}"),
            title: String::new(),
            role: rng.pick(Role::ALL),
            stance: rng.pick(Stance::ALL),
            kp_tier: rng.pick(&[None, Some(KpTier::Tier1), Some(KpTier::Tier2)]),
            influence: rng.pick(Influence::ALL),
            email: String::new(),
            phone: String::new(),
            added_on: at(-700),
            left_on: (rng.below(6) == 0).then(|| at(rng.days(-300, 0))),
            last_contact: Some(at(rng.days(-120, 0))),
            version: 0,
        });
    }
    for p in 0..rng.below(4) as i64 {
        let status = rng.pick(PromiseStatus::ALL);
        f.promises.push(Promise {
            id: PromiseId(p),
            account_id: id,
            text: "custom export".into(),
            made_by: "sales".into(),
            made_on: at(-400),
            due: Some(at(rng.days(-200, 100))),
            status,
            status_on: at(rng.days(-300, 0)),
            version: 0,
        });
    }
    for r in 0..rng.below(4) as i64 {
        let raised = at(rng.days(-120, 0));
        f.requirements.push(Requirement {
            id: RequirementId(r),
            account_id: id,
            title: "integration".into(),
            requester: String::new(),
            category: ReqCategory::Integration,
            level: rng.pick(ReqLevel::ALL),
            raised_on: raised,
            status: ReqStatus::Collected,
            history: vec![ReqTransition {
                status: ReqStatus::Collected,
                at: raised.and_hms_opt(9, 0, 0).unwrap_or_default(),
                note: String::new(),
            }],
            version: 0,
        });
    }
    for c in 0..rng.below(3) as i64 {
        let raised_at = day_end(at(rng.days(-60, 0)));
        f.complaints.push(Complaint {
            id: ComplaintId(c),
            account_id: id,
            raised_at,
            severity: Severity::Medium,
            summary: "slow".into(),
            cause: None,
            resolved_at: (rng.below(2) == 0).then(|| raised_at + Duration::hours(30)),
            improvement: String::new(),
            version: 0,
        });
    }
    for t in 0..10 + rng.below(20) as i64 {
        let contact_id = Some(ContactId(rng.below(6) as i64));
        let date = at(rng.days(-365, 0));
        f.touchpoints.push(Touchpoint {
            id: TouchpointId(t),
            account_id: id,
            date,
            kind: TouchKind::Call,
            contact_id,
            note: String::new(),
            version: 0,
        });
    }
    let (seats, base) = (20 + rng.below(200) as u32, rng.below(200) as u32);
    for w in 0..26i64 {
        f.usage.push(UsageSnapshot {
            id: UsageId(w),
            account_id: id,
            date: at(-7 * (25 - w)),
            active_users: (base + rng.below(40) as u32).min(seats),
            seats,
            logins: rng.below(300) as u32,
            minutes: rng.below(10_000) as u32,
            features_used: rng.below(12) as u32,
            features_total: 12,
            version: 0,
        });
    }
    for m in 0..5 + rng.below(10) as i64 {
        f.milestones.push(Milestone {
            id: MilestoneId(m),
            account_id: id,
            kind: rng.pick(MilestoneKind::ALL),
            due: at(rng.days(-200, 200)),
            status: MilestoneStatus::Pending,
            done_on: (rng.below(2) == 0).then(|| at(-10)),
            note: String::new(),
            version: 0,
            origin: None,
        });
    }
    f.normalise();
    f
}

fn risk(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    let now = day_end(today);
    let cfg = RiskConfig::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let accounts: Vec<AccountFacts> = (0..100_000).map(|i| account(i, &mut rng, today)).collect();

    let mut group = c.benchmark_group("risk");
    group.sample_size(10);
    group.bench_function("assess_100k_accounts", |b| {
        b.iter(|| accounts.iter().map(|f| assess(black_box(f), now, &cfg).score).sum::<u32>())
    });
    group.finish();

    // The single-account case uses the account with the most facts and reasons: the
    // worst case of a recompute after an edit, not a typical one.
    let heaviest = accounts
        .iter()
        .max_by_key(|f| {
            let facts = f.contacts.len() + f.promises.len() + f.requirements.len() + f.touchpoints.len();
            (assess(f, now, &cfg).reasons.len(), facts + f.milestones.len() + f.complaints.len())
        })
        .unwrap_or(&accounts[0]);
    c.bench_function("risk/assess_one_account", |b| b.iter(|| assess(black_box(heaviest), now, &cfg)));
    c.bench_function("risk/trend_12_weeks_one_account", |b| {
        b.iter(|| trend(black_box(heaviest), today, &cfg, 12))
    });
}

criterion_group!(benches, risk);
criterion_main!(benches);
