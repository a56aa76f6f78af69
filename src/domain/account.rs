//! The account and its handover sheet, and the typed ids of every record.

use super::kinds::{Forecast, ReferenceStage, Stage, Tier};
use super::money::Currency;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! ids {
    ($($name:ident),+) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub i64);
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { self.0.fmt(f) }
        }
        // A number, or beyond 2^53 a string of digits (`json_id`: derived milestone ids).
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::json_id::serialize(&self.0, s)
            }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                super::json_id::deserialize(d).map($name)
            }
        }
    )+};
}
ids!(
    AccountId,
    TermId,
    ContactId,
    PromiseId,
    RequirementId,
    ComplaintId,
    TouchpointId,
    UsageId,
    MilestoneId,
    TaskId,
    ReferralId
);

/// What sales writes down when handing the account to the CSM (PLAYBOOK §4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverSheet {
    pub pain_points: String,
    pub why_bought: String,
    pub special_clauses: String,
}

/// A customer account. Contract money lives on its terms (`term.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub external_id: Option<String>,
    pub name: String,
    pub industry: String,
    pub tier: Tier,
    pub region: String,
    /// The CSM who owns the account.
    pub owner: String,
    pub currency: Currency,
    /// Matches the ideal customer profile (目标客户).
    pub target_fit: bool,
    pub stage: Stage,
    pub activated_on: Option<NaiveDate>,
    /// The CSM's own renewal call, and when it was made.
    pub forecast: Option<Forecast>,
    pub forecast_on: Option<NaiveDate>,
    pub handover: HandoverSheet,
    /// A reference account (标杆案例) and how far its case has come; None: not one.
    /// Left out of JSON when None and `default` when read, so an export of an account
    /// that is not a reference is byte for byte what it was before references existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<ReferenceStage>,
    /// When it became a reference (kept while its stage moves on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_since: Option<NaiveDate>,
    /// When the account was created in Radar (facts before it are unknown).
    pub created_on: NaiveDate,
    /// Optimistic-concurrency counter, bumped by every update.
    pub version: i64,
}

impl Account {
    /// A blank account with the required fields; the store assigns the id.
    pub fn new(name: &str, tier: Tier, currency: Currency, created_on: NaiveDate) -> Account {
        Account {
            id: AccountId(0),
            external_id: None,
            name: name.to_string(),
            industry: String::new(),
            tier,
            region: String::new(),
            owner: String::new(),
            currency,
            target_fit: true,
            stage: Stage::Onboarding,
            activated_on: None,
            forecast: None,
            forecast_on: None,
            handover: HandoverSheet::default(),
            reference: None,
            reference_since: None,
            created_on,
            version: 0,
        }
    }
}

/// What names account `id` (CRM id `ext`) apart from the other accounts answering to `key`
/// (a name they share, or a CRM id that is another's name): its CRM id, unless it has none
/// or the CRM id is the very key (typing it again would name both), else its `#number`,
/// which the command line takes as a key too. A refusal to pick one of several, `team
/// assign`'s list and the dashboard's list of accounts sharing a name all say it.
pub fn told_apart(id: i64, ext: Option<&str>, key: &str) -> String {
    match ext {
        Some(ext) if ext != key && !ext.is_empty() => ext.to_string(),
        _ => format!("#{id}"),
    }
}
