//! What the user can change, as data: the dashboard builds an `Edit`, the store applies it
//! in one transaction and answers with the `Change` it made. Every record carries the
//! `version` it was loaded at, so a save on top of someone else's change is refused.

use super::account::*;
use super::change::RowKey;
use super::kinds::*;
use super::milestone::MilestoneStatus;
use super::money::{Money, MoneyError};
use super::records::*;
use super::referral::{Referral, ReferralStage};
use super::task::{Task, TaskStatus};
use super::term::ContractTerm;
use super::text::{clean_line, clean_text};
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Creates (id 0) or updates an account; `term` is its open term (id 0: a new first
    /// term). A changed tier or term regenerates the pending playbook milestones.
    SaveAccount {
        account: Account,
        term: Option<ContractTerm>,
    },
    SaveContact(Contact),
    SavePromise(Promise),
    /// A new requirement starts its loop as `collected` (its history is written by the store).
    SaveRequirement(Requirement),
    SaveComplaint(Complaint),
    SaveTouchpoint(Touchpoint),
    /// A new touchpoint and the task its "next step" becomes, in one transaction (the task
    /// refers to the touchpoint's new id).
    LogWithNextStep {
        touchpoint: Touchpoint,
        task: Task,
    },
    /// Creates (id 0) or updates a follow-up task.
    SaveTask(Task),
    /// A task done, skipped (with the reason) or reopened.
    SetTaskStatus {
        id: TaskId,
        version: i64,
        status: TaskStatus,
        on: NaiveDate,
        reason: String,
    },
    /// Creates (id 0) or updates a referral; moving its stage is an update too.
    SaveReferral(Referral),
    /// A referral moved to another stage on a day (version-checked, from the agenda or the
    /// activity tab without reading the whole record).
    MoveReferral {
        id: ReferralId,
        version: i64,
        /// None: the next stage along asked → introduced → meeting → won.
        to: Option<ReferralStage>,
        on: NaiveDate,
    },
    SaveUsage(UsageSnapshot),
    /// Deletes a record and everything that belongs to it.
    Delete {
        target: RowKey,
        version: i64,
    },
    SetPromiseStatus {
        id: PromiseId,
        version: i64,
        status: PromiseStatus,
        on: NaiveDate,
    },
    /// One step along the loop, or to `rejected` (with the reason as the note).
    MoveRequirement {
        id: RequirementId,
        version: i64,
        to: ReqStatus,
        at: NaiveDateTime,
        note: String,
    },
    ResolveComplaint {
        id: ComplaintId,
        version: i64,
        at: NaiveDateTime,
        cause: Option<ComplaintCause>,
        improvement: String,
    },
    CompleteMilestone {
        id: MilestoneId,
        version: i64,
        status: MilestoneStatus,
        on: NaiveDate,
        note: String,
    },
    /// A pending milestone's or an open promise's due date moved (the agenda's snooze and
    /// reschedule).
    Reschedule {
        target: RowKey,
        version: i64,
        due: NaiveDate,
    },
    /// The CSM's own renewal call (None clears it).
    SetForecast {
        id: AccountId,
        version: i64,
        forecast: Option<Forecast>,
        on: NaiveDate,
    },
    /// The account's stage as a reference account (None: no longer one).
    SetReference {
        id: AccountId,
        version: i64,
        stage: Option<ReferenceStage>,
        on: NaiveDate,
    },
    /// Closes the open term as renewed and opens the next one (flat, up- or down-sell).
    RecordRenewal {
        term: TermId,
        version: i64,
        decided_on: NaiveDate,
        new_arr: Money,
        new_end: NaiveDate,
    },
    /// Closes the open term as churned; the account stays, marked churned.
    RecordChurn {
        account: AccountId,
        account_version: i64,
        term: TermId,
        term_version: i64,
        decided_on: NaiveDate,
        reason: ChurnReason,
        note: String,
        /// The account's requirement whose absence lost it, if the CSM names one.
        because_of: Option<RequirementId>,
    },
    /// A churned account signs again: a new term after the churned one.
    WinBack {
        account: AccountId,
        version: i64,
        start: NaiveDate,
        end: NaiveDate,
        arr: Money,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{0} must not be negative")]
    Negative(&'static str),
    #[error("ARR {0}")]
    Amount(MoneyError),
    #[error("active users ({active}) exceed seats ({seats})")]
    UsersOverSeats { active: u32, seats: u32 },
    #[error("features used ({used}) exceed features available ({total})")]
    FeaturesOverTotal { used: u32, total: u32 },
    #[error("the term must end after it starts ({start} .. {end})")]
    TermOrder { start: NaiveDate, end: NaiveDate },
}

impl Edit {
    /// The same edit with every typed text through the one sanitiser (names and titles on
    /// one line, notes keep their line breaks). The store applies only cleaned edits.
    pub fn cleaned(mut self) -> Edit {
        let line = |s: &mut String| *s = clean_line(s);
        let text = |s: &mut String| *s = clean_text(s);
        match &mut self {
            Edit::SaveAccount { account: a, .. } => {
                a.external_id = a.external_id.as_deref().map(clean_line).filter(|s| !s.is_empty());
                for s in [&mut a.name, &mut a.industry, &mut a.region, &mut a.owner] {
                    line(s);
                }
                let h = &mut a.handover;
                for s in [&mut h.pain_points, &mut h.why_bought, &mut h.special_clauses] {
                    text(s);
                }
            }
            Edit::SaveContact(c) => {
                for s in [&mut c.name, &mut c.title, &mut c.email, &mut c.phone] {
                    line(s);
                }
            }
            Edit::SavePromise(p) => {
                text(&mut p.text);
                line(&mut p.made_by);
            }
            Edit::SaveRequirement(r) => {
                line(&mut r.title);
                line(&mut r.requester);
            }
            Edit::SaveComplaint(c) => {
                text(&mut c.summary);
                text(&mut c.improvement);
            }
            Edit::SaveTouchpoint(t) => text(&mut t.note),
            Edit::LogWithNextStep { touchpoint, task } => {
                text(&mut touchpoint.note);
                text(&mut task.title);
                text(&mut task.note);
            }
            Edit::SaveTask(t) => {
                text(&mut t.title);
                text(&mut t.note);
            }
            Edit::SetTaskStatus { reason, .. } => text(reason),
            Edit::SaveReferral(r) => {
                line(&mut r.prospect);
                text(&mut r.note);
            }
            Edit::MoveRequirement { note, .. } => text(note),
            Edit::ResolveComplaint { improvement, .. } => text(improvement),
            Edit::CompleteMilestone { note, .. } => text(note),
            Edit::RecordChurn { note, .. } => text(note),
            Edit::SaveUsage(_)
            | Edit::Delete { .. }
            | Edit::SetPromiseStatus { .. }
            | Edit::MoveReferral { .. }
            | Edit::Reschedule { .. }
            | Edit::SetForecast { .. }
            | Edit::SetReference { .. }
            | Edit::RecordRenewal { .. }
            | Edit::WinBack { .. } => {}
        }
        self
    }

    /// Rules that hold whatever screen built the edit (the store checks them again).
    pub fn check(&self) -> Result<(), EditError> {
        match self {
            Edit::SaveAccount { account, term } => {
                if account.name.trim().is_empty() {
                    return Err(EditError::Empty("name"));
                }
                if let Some(t) = term {
                    check_term(t.start, t.end, t.arr)?;
                }
            }
            Edit::SaveContact(c) if c.name.trim().is_empty() => return Err(EditError::Empty("name")),
            Edit::SavePromise(p) if p.text.trim().is_empty() => return Err(EditError::Empty("promise")),
            Edit::SaveRequirement(r) if r.title.trim().is_empty() => return Err(EditError::Empty("title")),
            Edit::SaveTask(t) | Edit::LogWithNextStep { task: t, .. } if t.title.trim().is_empty() => {
                return Err(EditError::Empty("task"));
            }
            // Only a dismissed suggestion names nobody.
            Edit::SaveReferral(r) if r.prospect.trim().is_empty() && r.stage != ReferralStage::Dismissed => {
                return Err(EditError::Empty("prospect"));
            }
            Edit::SaveComplaint(c) if c.summary.trim().is_empty() => {
                return Err(EditError::Empty("summary"));
            }
            Edit::SaveUsage(u) => {
                if u.active_users > u.seats && u.seats > 0 {
                    return Err(EditError::UsersOverSeats { active: u.active_users, seats: u.seats });
                }
                if u.features_used > u.features_total && u.features_total > 0 {
                    return Err(EditError::FeaturesOverTotal {
                        used: u.features_used,
                        total: u.features_total,
                    });
                }
            }
            Edit::RecordRenewal { new_arr, .. } => check_arr(*new_arr)?,
            Edit::WinBack { start, end, arr, .. } => check_term(*start, *end, *arr)?,
            _ => {}
        }
        Ok(())
    }
}

fn check_term(start: NaiveDate, end: NaiveDate, arr: Money) -> Result<(), EditError> {
    if end <= start {
        return Err(EditError::TermOrder { start, end });
    }
    check_arr(arr)
}

/// The amount check forms and imports share (`Money::check_amount`).
fn check_arr(arr: Money) -> Result<(), EditError> {
    match arr.check_amount() {
        Ok(_) => Ok(()),
        Err(MoneyError::Negative(_)) => Err(EditError::Negative("ARR")),
        Err(e) => Err(EditError::Amount(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn cleaning_strips_controls_and_keeps_note_lines() {
        let t = Touchpoint {
            id: TouchpointId(0),
            account_id: AccountId(1),
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            kind: TouchKind::Call,
            contact_id: None,
            note: "line one\u{1b}[31m\r\nline two\u{202e}".into(),
            version: 0,
        };
        let Edit::SaveTouchpoint(t) = Edit::SaveTouchpoint(t).cleaned() else { unreachable!() };
        assert_eq!(t.note, "line one\nline two");
        let mut a = Account::new("  Acme\u{7}  ", Tier::Mid, Currency::CNY, NaiveDate::MIN);
        a.external_id = Some("  ".into());
        let Edit::SaveAccount { account, .. } = (Edit::SaveAccount { account: a, term: None }).cleaned()
        else {
            unreachable!()
        };
        assert_eq!(account.name, "Acme");
        assert_eq!(account.external_id, None);
    }

    #[test]
    fn checks_names_terms_and_usage() {
        let a = Account::new(" ", Tier::Mid, Currency::CNY, NaiveDate::MIN);
        assert_eq!(Edit::SaveAccount { account: a, term: None }.check(), Err(EditError::Empty("name")));
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let e = Edit::WinBack {
            account: AccountId(1),
            version: 1,
            start: d,
            end: d,
            arr: Money::new(1, Currency::CNY),
        };
        assert!(matches!(e.check(), Err(EditError::TermOrder { .. })));
    }

    #[test]
    fn checks_usage_within_seats_and_features() {
        let u = |active, seats, used, total| {
            Edit::SaveUsage(UsageSnapshot {
                id: UsageId(0),
                account_id: AccountId(1),
                date: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                active_users: active,
                seats,
                logins: 0,
                minutes: 0,
                features_used: used,
                features_total: total,
                version: 0,
            })
            .check()
        };
        assert_eq!(u(60, 60, 40, 40), Ok(()));
        assert_eq!(u(61, 0, 41, 0), Ok(()), "0 seats / features: not known");
        assert_eq!(u(61, 60, 0, 0), Err(EditError::UsersOverSeats { active: 61, seats: 60 }));
        assert_eq!(u(1, 1, 41, 40), Err(EditError::FeaturesOverTotal { used: 41, total: 40 }));
    }

    /// B10: the store's backstop makes the forms' and imports' amount check too.
    #[test]
    fn checks_amounts_like_the_forms() {
        use crate::domain::money::MAX_MAJOR;
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let cny = |minor| Money::new(minor, Currency::CNY);
        let renewal = |minor| Edit::RecordRenewal {
            term: TermId(1),
            version: 1,
            decided_on: d,
            new_arr: cny(minor),
            new_end: d,
        };
        assert_eq!(renewal(0).check(), Ok(()));
        assert_eq!(renewal(MAX_MAJOR * 100).check(), Ok(()));
        assert_eq!(renewal(-1).check(), Err(EditError::Negative("ARR")));
        let too_large = renewal(MAX_MAJOR * 100 + 1).check().unwrap_err();
        assert!(matches!(too_large, EditError::Amount(MoneyError::Overflow(_))), "{too_large:?}");
        assert!(
            too_large.to_string().starts_with("ARR '¥10,000,000,000,000.01' is too large"),
            "{too_large}"
        );
        let win_back = |minor| Edit::WinBack {
            account: AccountId(1),
            version: 1,
            start: d,
            end: d + chrono::Duration::days(365),
            arr: cny(minor),
        };
        assert_eq!(win_back(5).check(), Ok(()));
        assert_eq!(win_back(-5).check(), Err(EditError::Negative("ARR")));
        assert!(matches!(win_back(i64::MAX).check(), Err(EditError::Amount(_))));
        let a = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, d);
        let term = |minor| ContractTerm {
            id: TermId(0),
            account_id: AccountId(0),
            start: d,
            end: d + chrono::Duration::days(365),
            arr: cny(minor),
            outcome: None,
            version: 0,
        };
        let save = |minor| Edit::SaveAccount { account: a.clone(), term: Some(term(minor)) };
        assert_eq!(save(12_000_000).check(), Ok(()));
        assert!(matches!(save(i64::MAX).check(), Err(EditError::Amount(_))));
    }
}
