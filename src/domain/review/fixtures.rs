//! Two accounts for the value-report tests (domain figures and the golden reports), as of
//! 2026-11-22: one growing, one declining. The figures they must give are worked out by
//! hand in `tests.rs` and in `interchange/review/tests.rs`.

use crate::domain::*;
use chrono::{NaiveDate, NaiveDateTime};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, 0, 0).unwrap()
}

pub fn today() -> NaiveDate {
    d(2026, 11, 22)
}

fn term(start: NaiveDate, end: NaiveDate, arr: i64) -> ContractTerm {
    ContractTerm {
        id: TermId(1),
        account_id: AccountId(1),
        start,
        end,
        arr: Money::from_major(arr, Currency::CNY),
        outcome: None,
        version: 1,
    }
}

#[allow(clippy::too_many_arguments)]
fn usage(
    id: i64,
    date: NaiveDate,
    active: u32,
    seats: u32,
    logins: u32,
    minutes: u32,
    feats: u32,
) -> UsageSnapshot {
    UsageSnapshot {
        id: UsageId(id),
        account_id: AccountId(1),
        date,
        active_users: active,
        seats,
        logins,
        minutes,
        features_used: feats,
        features_total: 20,
        version: 1,
    }
}

fn requirement(id: i64, title: &str, level: ReqLevel, moves: &[(ReqStatus, NaiveDateTime)]) -> Requirement {
    let history: Vec<ReqTransition> =
        moves.iter().map(|(s, at)| ReqTransition { status: *s, at: *at, note: String::new() }).collect();
    Requirement {
        id: RequirementId(id),
        account_id: AccountId(1),
        title: title.into(),
        requester: "王总".into(),
        category: ReqCategory::Integration,
        level,
        raised_on: moves[0].1.date(),
        status: moves[moves.len() - 1].0,
        history,
        version: 1,
    }
}

fn promise(
    id: i64,
    text: &str,
    made_on: NaiveDate,
    due: NaiveDate,
    status: PromiseStatus,
    on: NaiveDate,
) -> Promise {
    Promise {
        id: PromiseId(id),
        account_id: AccountId(1),
        text: text.into(),
        made_by: "sales".into(),
        made_on,
        due: Some(due),
        status,
        status_on: on,
        version: 1,
    }
}

fn complaint(
    id: i64,
    summary: &str,
    raised: NaiveDateTime,
    fixed: Option<(NaiveDateTime, ComplaintCause, &str)>,
) -> Complaint {
    Complaint {
        id: ComplaintId(id),
        account_id: AccountId(1),
        raised_at: raised,
        severity: Severity::High,
        summary: summary.into(),
        cause: fixed.map(|f| f.1),
        resolved_at: fixed.map(|f| f.0),
        improvement: fixed.map_or(String::new(), |f| f.2.into()),
        version: 1,
    }
}

fn account(name: &str, ext: &str, tier: Tier, start: NaiveDate) -> Account {
    let mut a = Account::new(name, tier, Currency::CNY, start);
    a.id = AccountId(1);
    a.external_id = Some(ext.into());
    a.owner = "Li Na".into();
    a.stage = Stage::Renewal;
    a.activated_on = Some(start);
    a
}

/// Growing: term 2026-01-01 → 2026-12-31, monthly readings on the 15th. Customer text is
/// Chinese and hostile (an escape sequence, a `<script>` tag, a Markdown link).
pub fn growing() -> AccountFacts {
    use ReqStatus::*;
    let mut a = account("成都天府云图信息技术有限公司", "ACC-GROW", Tier::Large, d(2026, 1, 1));
    a.handover.why_bought =
        "替换 Excel 报表\x1b[31m; cut month-end close from 5 days to 2 <script>alert(1)</script>".into();
    a.handover.pain_points = "月结太慢 [click](javascript:alert(1))".into();
    let mut f = AccountFacts::new(a);
    f.terms = vec![term(d(2026, 1, 1), d(2026, 12, 31), 480_000)];
    let readings = [
        (1, 10, 100, 2000, 8),
        (2, 12, 130, 2500, 9),
        (3, 14, 160, 3100, 10),
        (6, 20, 220, 4200, 12),
        (9, 28, 300, 6000, 14),
        (10, 30, 320, 6400, 15),
        (11, 32, 340, 6900, 16),
    ];
    f.usage = readings
        .iter()
        .map(|&(m, act, log, min, ft)| usage(i64::from(m), d(2026, m, 15), act, 40, log, min, ft))
        .collect();
    f.requirements = vec![
        requirement(
            1,
            "ERP 对接 export",
            ReqLevel::P1,
            &[
                (Collected, at(2026, 2, 10, 9)),
                (Scheduled, at(2026, 4, 1, 9)),
                (Delivered, at(2026, 6, 30, 9)),
                (Closed, at(2026, 7, 15, 9)),
            ],
        ),
        requirement(
            2,
            "<script>alert(1)</script> 批量导入 🚀",
            ReqLevel::P2,
            &[(Collected, at(2026, 9, 1, 9)), (Scheduled, at(2026, 10, 1, 9))],
        ),
        requirement(
            3,
            "Dark mode",
            ReqLevel::P3,
            &[(Collected, at(2026, 3, 1, 9)), (Rejected, at(2026, 3, 20, 9))],
        ),
    ];
    f.promises = vec![
        promise(
            1,
            "培训 20 名员工 by March",
            d(2025, 12, 20),
            d(2026, 3, 31),
            PromiseStatus::Kept,
            d(2026, 3, 28),
        ),
        promise(2, "mobile app pilot", d(2026, 6, 1), d(2026, 12, 15), PromiseStatus::Open, d(2026, 6, 1)),
    ];
    f.complaints = vec![
        complaint(
            1,
            "报表很慢",
            at(2026, 5, 10, 9),
            Some((at(2026, 5, 10, 17), ComplaintCause::Product, "index added")),
        ),
        complaint(
            2,
            "outage on Monday",
            at(2026, 10, 20, 10),
            Some((at(2026, 10, 22, 10), ComplaintCause::Outage, "failover fixed")),
        ),
    ];
    f.normalise();
    f
}

/// Declining: term 2026-03-01 → 2027-02-28, monthly readings on the 10th.
pub fn declining() -> AccountFacts {
    use ReqStatus::*;
    let mut a = account("Wayne Retail LLC", "ACC-DECL", Tier::Mid, d(2026, 3, 1));
    a.handover.why_bought = "One view of stock across 12 stores".into();
    let mut f = AccountFacts::new(a);
    f.terms = vec![term(d(2026, 3, 1), d(2027, 2, 28), 120_000)];
    let readings = [
        (3, 50, 600, 9000, 12),
        (4, 48, 560, 8800, 12),
        (5, 46, 520, 8200, 11),
        (7, 40, 420, 6000, 9),
        (9, 30, 300, 4000, 8),
        (10, 24, 250, 3500, 7),
        (11, 19, 190, 2600, 6),
    ];
    f.usage = readings
        .iter()
        .map(|&(m, act, log, min, ft)| usage(i64::from(m), d(2026, m, 10), act, 60, log, min, ft))
        .collect();
    f.requirements = vec![requirement(
        1,
        "SSO login",
        ReqLevel::P0,
        &[(Collected, at(2026, 4, 1, 9)), (Scheduled, at(2026, 5, 1, 9))],
    )];
    f.promises = vec![promise(
        1,
        "dedicated support engineer",
        d(2026, 2, 20),
        d(2026, 6, 30),
        PromiseStatus::Broken,
        d(2026, 7, 1),
    )];
    f.complaints = vec![complaint(1, "stock counts wrong", at(2026, 8, 1, 10), None)];
    f.normalise();
    f
}

/// The growing account's readings replaced by `(month, day, active users, seats)`.
pub fn with_readings(readings: &[(u32, u32, u32, u32)]) -> AccountFacts {
    let mut f = growing();
    let one = f.usage[0].clone();
    f.usage = readings
        .iter()
        .enumerate()
        .map(|(i, &(m, day, active, seats))| {
            let mut u = one.clone();
            (u.id, u.date, u.active_users, u.seats) = (UsageId(i as i64 + 1), d(2026, m, day), active, seats);
            u
        })
        .collect();
    f.normalise();
    f
}
