//! The user actions the editing property tests draw from: an `Op` is an intent ("mark a
//! promise", "delete a contact") that `edit_for` turns into the `Edit` it means on the data
//! as it is now (None when it does not apply, e.g. the account has no promise).

use super::store_edit::*;
use chrono::Duration;
use proptest::prelude::*;
use radar::domain::*;
use radar::store::Store;

#[derive(Debug, Clone)]
pub enum Op {
    Touch { acct: usize, contact: usize, kind: usize },
    Promise { acct: usize, idx: usize, status: usize },
    Requirement { acct: usize, idx: usize, reject: bool },
    Resolve { acct: usize, idx: usize },
    Milestone { acct: usize, idx: usize, skip: bool },
    Forecast { acct: usize, call: usize },
    Renew { acct: usize, pct: i64 },
    Churn { acct: usize, reason: usize },
    WinBack { acct: usize },
    Tier { acct: usize, tier: usize },
    NewRecord { acct: usize, what: usize },
    EditContact { acct: usize, idx: usize },
    Delete { acct: usize, what: usize, idx: usize },
    NewAccount,
}

pub fn op() -> impl Strategy<Value = Op> {
    let a = 0usize..8;
    prop_oneof![
        (a.clone(), 0usize..6, 0usize..6).prop_map(|(acct, contact, kind)| Op::Touch { acct, contact, kind }),
        (a.clone(), 0usize..6, 0usize..4).prop_map(|(acct, idx, status)| Op::Promise { acct, idx, status }),
        (a.clone(), 0usize..6, any::<bool>()).prop_map(|(acct, idx, reject)| Op::Requirement {
            acct,
            idx,
            reject
        }),
        (a.clone(), 0usize..6).prop_map(|(acct, idx)| Op::Resolve { acct, idx }),
        (a.clone(), 0usize..40, any::<bool>()).prop_map(|(acct, idx, skip)| Op::Milestone {
            acct,
            idx,
            skip
        }),
        (a.clone(), 0usize..5).prop_map(|(acct, call)| Op::Forecast { acct, call }),
        (a.clone(), -30i64..60).prop_map(|(acct, pct)| Op::Renew { acct, pct }),
        (a.clone(), 0usize..8).prop_map(|(acct, reason)| Op::Churn { acct, reason }),
        a.clone().prop_map(|acct| Op::WinBack { acct }),
        (a.clone(), 0usize..5).prop_map(|(acct, tier)| Op::Tier { acct, tier }),
        (a.clone(), 0usize..6).prop_map(|(acct, what)| Op::NewRecord { acct, what }),
        (a.clone(), 0usize..6).prop_map(|(acct, idx)| Op::EditContact { acct, idx }),
        (a, 0usize..7, 0usize..6).prop_map(|(acct, what, idx)| Op::Delete { acct, what, idx }),
        Just(Op::NewAccount),
    ]
}

pub fn pick<T>(v: &[T], i: usize) -> Option<&T> {
    (!v.is_empty()).then(|| &v[i % v.len()])
}

/// The edit an op means on the current data (None if it does not apply, e.g. no promise).
pub fn edit_for(s: &Store, op: &Op) -> Option<Edit> {
    let all = s.load_all_facts().unwrap();
    let acct = match op {
        Op::NewAccount => 0,
        Op::Touch { acct, .. }
        | Op::Promise { acct, .. }
        | Op::Requirement { acct, .. }
        | Op::Resolve { acct, .. }
        | Op::Milestone { acct, .. }
        | Op::Forecast { acct, .. }
        | Op::Renew { acct, .. }
        | Op::Churn { acct, .. }
        | Op::WinBack { acct }
        | Op::Tier { acct, .. }
        | Op::NewRecord { acct, .. }
        | Op::EditContact { acct, .. }
        | Op::Delete { acct, .. } => *acct,
    };
    let f = pick(&all, acct)?;
    let a = &f.account;
    Some(match op {
        Op::Touch { contact, kind, .. } => {
            let mut t = new_touchpoint(a.id, pick(&f.contacts, *contact).map(|c| c.id));
            t.kind = TouchKind::ALL[kind % TouchKind::ALL.len()];
            Edit::SaveTouchpoint(t)
        }
        Op::Promise { idx, status, .. } => {
            let p = pick(&f.promises, *idx)?;
            Edit::SetPromiseStatus {
                id: p.id,
                version: p.version,
                status: PromiseStatus::ALL[*status],
                on: today(),
            }
        }
        Op::Requirement { idx, reject, .. } => {
            let r = pick(&f.requirements, *idx)?;
            let to = if *reject { ReqStatus::Rejected } else { r.status.next()? };
            Edit::MoveRequirement { id: r.id, version: r.version, to, at: now(), note: "why".into() }
        }
        Op::Resolve { idx, .. } => {
            let c = pick(&f.complaints, *idx)?;
            Edit::ResolveComplaint {
                id: c.id,
                version: c.version,
                at: now(),
                cause: None,
                improvement: "x".into(),
            }
        }
        Op::Milestone { idx, skip, .. } => {
            let m = pick(&f.milestones, *idx)?;
            let status = if *skip { MilestoneStatus::Skipped } else { MilestoneStatus::Done };
            Edit::CompleteMilestone { id: m.id, version: m.version, status, on: today(), note: "n".into() }
        }
        Op::Forecast { call, .. } => {
            let forecast = Forecast::ALL.get(*call).copied();
            Edit::SetForecast { id: a.id, version: a.version, forecast, on: today() }
        }
        Op::Renew { pct, .. } => {
            let t = f.current_term()?;
            let new_arr = Money::new(t.arr.minor * (100 + pct) / 100, t.arr.currency);
            Edit::RecordRenewal {
                term: t.id,
                version: t.version,
                decided_on: today(),
                new_arr,
                new_end: t.end + Duration::days(365),
            }
        }
        Op::Churn { reason, .. } => {
            let t = f.current_term()?;
            Edit::RecordChurn {
                account: a.id,
                account_version: a.version,
                term: t.id,
                term_version: t.version,
                decided_on: today(),
                reason: ChurnReason::ALL[*reason],
                note: "gone".into(),
                because_of: None,
            }
        }
        Op::WinBack { .. } => {
            let last = f.terms.last()?;
            let start = last.end.max(today());
            Edit::WinBack {
                account: a.id,
                version: a.version,
                start,
                end: start + Duration::days(365),
                arr: last.arr,
            }
        }
        Op::Tier { tier, .. } => {
            let mut acc = a.clone();
            acc.tier = Tier::ALL[*tier];
            acc.handover.pain_points.push_str(" +");
            Edit::SaveAccount { account: acc, term: f.current_term().cloned() }
        }
        Op::NewRecord { what, .. } => match what {
            0 => Edit::SaveContact(new_contact(a.id)),
            1 => Edit::SavePromise(new_promise(a.id)),
            2 => Edit::SaveRequirement(new_requirement(a.id)),
            3 => Edit::SaveComplaint(new_complaint(a.id)),
            4 => Edit::SaveUsage(new_usage(a.id)),
            _ => Edit::SaveTouchpoint(new_touchpoint(a.id, None)),
        },
        Op::EditContact { idx, .. } => {
            let mut c = pick(&f.contacts, *idx)?.clone();
            c.stance = Stance::Opponent;
            c.left_on = Some(today());
            Edit::SaveContact(c)
        }
        Op::Delete { what, idx, .. } => {
            let (kind, id, version) = match what {
                0 => pick(&f.contacts, *idx).map(|x| (RowKind::Contact, x.id.0, x.version))?,
                1 => pick(&f.promises, *idx).map(|x| (RowKind::Promise, x.id.0, x.version))?,
                2 => pick(&f.requirements, *idx).map(|x| (RowKind::Requirement, x.id.0, x.version))?,
                3 => pick(&f.complaints, *idx).map(|x| (RowKind::Complaint, x.id.0, x.version))?,
                4 => pick(&f.touchpoints, *idx).map(|x| (RowKind::Touchpoint, x.id.0, x.version))?,
                5 => pick(&f.usage, *idx).map(|x| (RowKind::Usage, x.id.0, x.version))?,
                _ => (RowKind::Account, a.id.0, a.version),
            };
            Edit::Delete { target: RowKey { kind, id }, version }
        }
        Op::NewAccount => {
            let acc = Account::new("新开客户", Tier::Mid, Currency::CNY, today());
            let term = ContractTerm {
                id: TermId(0),
                account_id: AccountId(0),
                start: today(),
                end: today() + Duration::days(365),
                arr: Money::from_major(80_000, Currency::CNY),
                outcome: None,
                version: 0,
            };
            Edit::SaveAccount { account: acc, term: Some(term) }
        }
    })
}
