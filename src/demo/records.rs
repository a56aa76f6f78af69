//! The dated facts of one demo account: decision chain, touchpoints, promises,
//! requirements, complaints, usage and playbook milestones, with realistic gaps
//! (no decision maker, an admin who left, declining or stopped usage).

use super::names::Names;
use super::rng::Rng;
use crate::domain::*;
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

fn person(rng: &mut Rng, n: &Names, chinese: bool) -> String {
    if chinese {
        format!("{}{}", rng.pick(&n.cn_surnames), rng.pick(&n.cn_given))
    } else {
        format!("{} {}", rng.pick(&n.en_given), rng.pick(&n.en_family))
    }
}

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour % 24, 0, 0).unwrap_or(NaiveTime::MIN))
}

pub fn contacts(f: &mut AccountFacts, rng: &mut Rng, n: &Names, chinese: bool, today: NaiveDate) {
    let since = f.terms[0].start;
    let mut roles = vec![];
    if !rng.chance(15) {
        roles.push(Role::DecisionMaker);
    }
    roles.push(Role::Admin);
    if rng.chance(60) {
        roles.push(Role::Initiator);
    }
    for _ in 0..rng.range(0, 3) {
        roles.push(*rng.pick(&[Role::User, Role::Finance, Role::It, Role::Influencer]));
    }
    for (k, role) in roles.into_iter().enumerate() {
        let name = person(rng, n, chinese);
        let kp_tier = match role {
            Role::DecisionMaker | Role::Initiator => Some(KpTier::Tier1),
            Role::User if rng.chance(40) => Some(KpTier::Tier1),
            Role::Finance | Role::User | Role::Admin => Some(KpTier::Tier2),
            _ => None,
        };
        let stance = match rng.range(0, 99) {
            0..=49 => Stance::Supporter,
            50..=79 => Stance::Neutral,
            80..=89 => Stance::Opponent,
            _ => Stance::Unknown,
        };
        let left_on = (role == Role::Admin && rng.chance(15) || rng.chance(5))
            .then(|| today - Duration::days(rng.range(5, 120)))
            .filter(|d| *d > since);
        let title = match (role, chinese) {
            (Role::DecisionMaker, true) => "总经理",
            (Role::DecisionMaker, false) => "CEO",
            (Role::Admin, true) => "系统管理员",
            (Role::Admin, false) => "System administrator",
            (Role::Finance, true) => "财务主管",
            (Role::Initiator, true) => "运营总监",
            (Role::Initiator, false) => "Head of operations",
            (_, true) => "店长",
            (_, false) => "Manager",
        };
        f.contacts.push(Contact {
            id: ContactId(k as i64 + 1),
            account_id: AccountId(0),
            email: if chinese {
                String::new()
            } else {
                format!("{}@example.com", name.to_lowercase().replace(' ', "."))
            },
            phone: format!("138{:08}", rng.range(0, 99_999_999)),
            name,
            title: title.into(),
            role,
            stance,
            kp_tier,
            influence: *rng.pick(Influence::ALL),
            added_on: since,
            left_on,
            last_contact: None,
            version: 1,
        });
    }
}

/// Touchpoints over the last half year; quiet accounts get fewer.
pub fn touchpoints(f: &mut AccountFacts, rng: &mut Rng, n: &Names, today: NaiveDate) {
    let quiet = rng.chance(25);
    let mut date = today - Duration::days(rng.range(150, 180));
    let start = f.terms[0].start;
    while date <= today {
        if date >= start {
            let c = rng.range(0, f.contacts.len() as i64 - 1) as usize;
            let contact = &mut f.contacts[c];
            if contact.active_on(date) {
                contact.last_contact = Some(date);
            }
            let kind = *rng.pick(&[
                TouchKind::Call,
                TouchKind::Call,
                TouchKind::Message,
                TouchKind::Visit,
                TouchKind::Email,
                TouchKind::Review,
            ]);
            f.touchpoints.push(Touchpoint {
                id: TouchpointId(0),
                account_id: AccountId(0),
                date,
                kind,
                contact_id: Some(contact.id),
                note: rng.pick(&n.notes).clone(),
                version: 1,
            });
        }
        date += Duration::days(if quiet { rng.range(40, 90) } else { rng.range(10, 45) });
    }
}

pub fn promises(f: &mut AccountFacts, rng: &mut Rng, n: &Names, today: NaiveDate) {
    let first = f.terms[0].start;
    let current = f.terms[f.terms.len() - 1].start;
    for _ in 0..rng.range(0, 3) {
        // Sales promises at handover; renewals bring new ones.
        let made_on = if rng.chance(50) { first } else { current };
        let due = made_on + Duration::days(rng.range(20, 400));
        let status = if due > today {
            if rng.chance(80) { PromiseStatus::Open } else { PromiseStatus::Kept }
        } else if due > today - Duration::days(60) {
            *rng.pick(&[PromiseStatus::Kept, PromiseStatus::Broken, PromiseStatus::Open, PromiseStatus::Open])
        } else {
            use PromiseStatus::*;
            *rng.pick(&[Kept, Kept, Kept, Broken, Withdrawn])
        };
        let status_on = if status == PromiseStatus::Open { made_on } else { due.min(today) };
        f.promises.push(Promise {
            id: PromiseId(0),
            account_id: AccountId(0),
            text: rng.pick(&n.promises).clone(),
            made_by: "Sales".into(),
            made_on,
            due: Some(due),
            status,
            status_on,
            version: 1,
        });
    }
}

pub fn requirements(f: &mut AccountFacts, rng: &mut Rng, n: &Names, today: NaiveDate) {
    let start = f.terms[0].start;
    for _ in 0..rng.range(0, 3) {
        let raised_on = (today - Duration::days(rng.range(1, 200))).max(start);
        let target = *rng.pick(ReqStatus::ALL);
        let mut history =
            vec![ReqTransition { status: ReqStatus::Collected, at: at(raised_on, 10), note: String::new() }];
        let mut status = ReqStatus::Collected;
        // The walk towards `target` draws the same numbers whether or not its steps happen,
        // so the rest of the demo stays as it was.
        let mut walked = ReqStatus::Collected;
        let mut when = raised_on;
        while walked != target {
            let next = if target == ReqStatus::Rejected {
                ReqStatus::Rejected
            } else {
                walked.next().unwrap_or(target)
            };
            when += Duration::days(rng.range(1, 20));
            // A step that would fall today or later has not happened yet. Clamped to today,
            // the rest of the loop landed at 15:00 of the demo's day, after its noon, several
            // steps at one instant: 9% of all moves and 10% of the deliveries on that one day,
            // and 70 referral asks due today on a 300-account demo (CSM trial, session 30).
            if when < today && status == walked {
                history.push(ReqTransition { status: next, at: at(when, 15), note: String::new() });
                status = next;
            }
            walked = next;
        }
        f.requirements.push(Requirement {
            id: RequirementId(0),
            account_id: AccountId(0),
            title: rng.pick(&n.requirements).clone(),
            requester: f.contacts.first().map(|c| c.name.clone()).unwrap_or_default(),
            category: *rng.pick(ReqCategory::ALL),
            level: *rng.pick(ReqLevel::ALL),
            raised_on,
            status,
            history,
            version: 1,
        });
    }
}

pub fn complaints(f: &mut AccountFacts, rng: &mut Rng, n: &Names, today: NaiveDate) {
    if !rng.chance(12) {
        return;
    }
    let raised = today - Duration::days(rng.range(0, 60));
    let raised_at = at(raised, rng.range(8, 18) as u32);
    let resolved_at = rng.chance(60).then(|| raised_at + Duration::hours(rng.range(1, 40)));
    f.complaints.push(Complaint {
        id: ComplaintId(0),
        account_id: AccountId(0),
        raised_at,
        severity: *rng.pick(Severity::ALL),
        summary: rng.pick(&n.complaints).clone(),
        cause: resolved_at.map(|_| *rng.pick(ComplaintCause::ALL)),
        resolved_at,
        improvement: String::new(),
        version: 1,
    });
}

/// Usage every two weeks over the last twelve weeks: steady, declining or stopped.
pub fn usage(f: &mut AccountFacts, rng: &mut Rng, today: NaiveDate) {
    let seats = rng.range(5, 200) as u32;
    let mut active = (seats as i64 * rng.range(20, 100) / 100) as u32;
    let shape = rng.range(0, 99);
    let features_total = 40;
    let features_used = rng.range(5, 35) as u32;
    for k in (0..6).rev() {
        let date = today - Duration::days(k * 14 + rng.range(0, 3));
        if date < f.terms[0].start {
            continue;
        }
        match shape {
            0..=19 => active = active * 80 / 100, // declining
            20..=26 if k < 2 => active = 0,       // stopped lately
            _ => active = (active as i64 + rng.range(-2, 2)).max(0) as u32,
        }
        let logins = active * rng.range(3, 12) as u32;
        f.usage.push(UsageSnapshot {
            id: UsageId(0),
            account_id: AccountId(0),
            date,
            active_users: active,
            seats,
            logins,
            minutes: logins * rng.range(5, 30) as u32,
            features_used,
            features_total,
            version: 1,
        });
    }
}

/// Generates the playbook milestones and completes most of the past ones.
pub fn milestones(f: &mut AccountFacts, rng: &mut Rng, today: NaiveDate) {
    let mut ms = playbook::generate(&f.account, &f.terms);
    for m in &mut ms {
        // Old milestones were mostly dealt with; the recent ones are where CSMs fall behind.
        let long_ago = m.due < today - Duration::days(45);
        if m.due < today && rng.chance(if long_ago { 98 } else { 60 }) {
            // Drawn for every past milestone alike, so the rest of the book stays the same.
            let status = if rng.chance(90) { MilestoneStatus::Done } else { MilestoneStatus::Skipped };
            let done_on = Some((m.due - Duration::days(rng.range(0, 5))).max(f.terms[0].start));
            // "T-0: renewal outcome" of a term still without one is not done: the handover
            // read "Renewal date 41 days ago" beside "T-0 Done" (CSM trial, session 21).
            if !crate::domain::agenda::is_the_renewal(f, m) {
                (m.status, m.done_on) = (status, done_on);
            }
        }
    }
    // What was still pending when its term ended was closed by that outcome, as the store
    // does when an outcome is recorded.
    for s in playbook::superseded(&ms, &f.terms) {
        if let Some(m) = ms.iter_mut().find(|m| m.kind == s.kind && m.due == s.due) {
            *m = s;
        }
    }
    f.milestones = ms;
}

#[cfg(test)]
mod tests {
    use crate::demo::{DemoOptions, generate_range};
    use crate::domain::{MilestoneKind, MilestoneStatus};

    /// No demo account has its open term's "T-0: renewal outcome" done or skipped while no
    /// outcome is recorded (the handover read "T-0 Done" beside "Renewal date 41 days ago"),
    /// and the demo still has lapsed renewals whose T-0 waits.
    #[test]
    fn an_open_terms_t0_waits_for_its_outcome() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut waiting = 0;
        for seed in 1..=3 {
            let opts = DemoOptions { accounts: 300, seed, today };
            for f in generate_range(&opts, 0..300).unwrap() {
                let Some(end) = f.terms.iter().rev().find(|t| t.is_open()).map(|t| t.end) else { continue };
                for m in f.milestones.iter().filter(|m| m.kind == MilestoneKind::T0 && m.due == end) {
                    assert_eq!(m.status, MilestoneStatus::Pending, "{} {:?}", f.account.name, m);
                    waiting += usize::from(end < today);
                }
            }
        }
        assert!(waiting > 10, "the demo has lapsed renewals: {waiting}");
    }

    /// Every requirement's moves happened before the demo's day, one at a time: none at
    /// 15:00 of the day itself (after its noon), none two at one instant, and the loop still
    /// reaches every status.
    #[test]
    fn requirement_moves_are_in_the_past_and_one_at_a_time() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let opts = DemoOptions { accounts: 300, seed: 5, today };
        let mut reached = std::collections::HashSet::new();
        for f in generate_range(&opts, 0..300).unwrap() {
            for r in &f.requirements {
                assert!(r.history.iter().all(|m| m.at.date() < today), "{}: {:?}", r.title, r.history);
                assert!(r.history.windows(2).all(|w| w[0].at < w[1].at), "{}: {:?}", r.title, r.history);
                assert_eq!(r.history.last().map(|m| m.status), Some(r.status));
                reached.insert(r.status);
            }
        }
        assert_eq!(
            reached.len(),
            <crate::domain::ReqStatus as crate::domain::choice::Choice>::ALL.len(),
            "{reached:?}"
        );
    }
}
