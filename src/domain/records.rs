//! The dated facts kept about an account: people, promises, requirements, complaints,
//! touchpoints and usage. Every fact carries the date it became true, so rules can be
//! evaluated as of any past date.

use super::account::*;
use super::kinds::*;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A person in the decision chain (决策链).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    pub account_id: AccountId,
    pub name: String,
    pub title: String,
    pub role: Role,
    pub stance: Stance,
    pub kp_tier: Option<KpTier>,
    pub influence: Influence,
    pub email: String,
    pub phone: String,
    /// When we learned of this person.
    pub added_on: NaiveDate,
    /// When they left the customer (None: still there).
    pub left_on: Option<NaiveDate>,
    pub last_contact: Option<NaiveDate>,
    pub version: i64,
}

impl Contact {
    /// With the customer on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.added_on <= date && self.left_on.is_none_or(|left| left > date)
    }
}

/// A promise made to the customer (承诺), usually by sales at handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub id: PromiseId,
    pub account_id: AccountId,
    pub text: String,
    pub made_by: String,
    pub made_on: NaiveDate,
    pub due: Option<NaiveDate>,
    pub status: PromiseStatus,
    /// When the status last changed (made_on while open).
    pub status_on: NaiveDate,
    pub version: i64,
}

impl Promise {
    /// Status as of `date`; None if the promise was not yet made.
    pub fn status_at(&self, date: NaiveDate) -> Option<PromiseStatus> {
        if date < self.made_on {
            None
        } else if self.status != PromiseStatus::Open && self.status_on <= date {
            Some(self.status)
        } else {
            Some(PromiseStatus::Open)
        }
    }
}

/// One move of a requirement along its loop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReqTransition {
    pub status: ReqStatus,
    pub at: NaiveDateTime,
    pub note: String,
}

/// A customer requirement and its closed loop (需求闭环).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub id: RequirementId,
    pub account_id: AccountId,
    pub title: String,
    pub requester: String,
    pub category: ReqCategory,
    pub level: ReqLevel,
    pub raised_on: NaiveDate,
    /// Current status; equals the last transition's.
    pub status: ReqStatus,
    /// Every transition, oldest first; the first is `collected` at `raised_on`.
    pub history: Vec<ReqTransition>,
    pub version: i64,
}

impl Requirement {
    /// Status as of `date`; None before it was raised.
    pub fn status_at(&self, date: NaiveDate) -> Option<ReqStatus> {
        if date < self.raised_on {
            return None;
        }
        Some(
            self.history
                .iter()
                .rev()
                .find(|t| t.at.date() <= date)
                .map_or(ReqStatus::Collected, |t| t.status),
        )
    }

    /// When it entered its current (as of `date`) status.
    pub fn status_since(&self, date: NaiveDate) -> NaiveDate {
        self.history.iter().rev().find(|t| t.at.date() <= date).map_or(self.raised_on, |t| t.at.date())
    }
}

/// A complaint (投诉): to be soothed at once and resolved within 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Complaint {
    pub id: ComplaintId,
    pub account_id: AccountId,
    pub raised_at: NaiveDateTime,
    pub severity: Severity,
    pub summary: String,
    pub cause: Option<ComplaintCause>,
    pub resolved_at: Option<NaiveDateTime>,
    /// What was improved afterwards.
    pub improvement: String,
    pub version: i64,
}

impl Complaint {
    pub fn open_at(&self, at: NaiveDateTime) -> bool {
        self.raised_at <= at && self.resolved_at.is_none_or(|r| r > at)
    }
}

/// A contact with the customer: visit, call, message, email, business review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Touchpoint {
    pub id: TouchpointId,
    pub account_id: AccountId,
    pub date: NaiveDate,
    pub kind: TouchKind,
    pub contact_id: Option<ContactId>,
    pub note: String,
    pub version: i64,
}

/// Product usage measured over the period ending on `date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageSnapshot {
    pub id: UsageId,
    pub account_id: AccountId,
    pub date: NaiveDate,
    pub active_users: u32,
    pub seats: u32,
    pub logins: u32,
    pub minutes: u32,
    pub features_used: u32,
    pub features_total: u32,
    pub version: i64,
}
