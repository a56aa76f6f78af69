//! Playbook milestones (onboarding targets, cadence touches, the renewal countdown) as
//! stored, completable state. Generation lives in `playbook.rs`.

use super::account::{AccountId, MilestoneId};
use super::choice::choice;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

choice! {
    /// What a milestone asks of the CSM (PLAYBOOK §3, §9, §11).
    MilestoneKind "milestone kind" {
        Activation = "activation" [],
        NoHowTo = "no_how_to" [],
        OwnCampaigns = "own_campaigns" [],
        MonthlyTouch = "monthly_touch" [],
        Qbr = "qbr" [],
        HalfYearReview = "half_year_review" [],
        BestPractice = "best_practice" [],
        T90 = "t90" [],
        T60 = "t60" [],
        T30 = "t30" [],
        T0 = "t0" [],
    }
}

choice! {
    MilestoneStatus "milestone status" {
        Pending = "pending" ["open", "todo"],
        Done = "done" ["completed"],
        Skipped = "skipped" ["skip"],
        // Superseded: closed because its term ended (renewed or churned) while it was
        // still pending; the renewal decided what the milestone was preparing for.
        Superseded = "superseded" [],
    }
}

impl MilestoneKind {
    /// The renewal countdown milestones (shown on the timeline).
    pub fn is_countdown(self) -> bool {
        matches!(self, MilestoneKind::T90 | MilestoneKind::T60 | MilestoneKind::T30 | MilestoneKind::T0)
    }

    /// The onboarding targets (PLAYBOOK §3): one of each per account, from its first
    /// term's start. A decision about one stands for its kind whatever date the start
    /// later moves it to.
    pub fn is_onboarding(self) -> bool {
        matches!(self, MilestoneKind::Activation | MilestoneKind::NoHowTo | MilestoneKind::OwnCampaigns)
    }

    /// Cadence milestones (reviews and touches by tier).
    pub fn is_cadence(self) -> bool {
        matches!(
            self,
            MilestoneKind::MonthlyTouch
                | MilestoneKind::Qbr
                | MilestoneKind::HalfYearReview
                | MilestoneKind::BestPractice
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: MilestoneId,
    pub account_id: AccountId,
    pub kind: MilestoneKind,
    pub due: NaiveDate,
    pub status: MilestoneStatus,
    /// When it was done or skipped.
    pub done_on: Option<NaiveDate>,
    pub note: String,
    pub version: i64,
    /// The due date the playbook gave the milestone this row stands for (a snooze moves
    /// `due` away from it); None: it stands for none the playbook asks for now (a
    /// superseded step of an ended term). Only decisions are stored; pending milestones
    /// are derived (`playbook_derive`), and a stored row claims its derived one by kind and
    /// origin. Not part of an export: a JSON import works it out again (`keep`).
    #[serde(skip)]
    pub origin: Option<NaiveDate>,
}

impl Milestone {
    /// Pending and past due as of `date`.
    pub fn overdue_on(&self, date: NaiveDate) -> bool {
        self.due < date && self.done_on.is_none_or(|d| d > date)
    }

    /// Done or skipped on or before `date`.
    pub fn completed_by(&self, date: NaiveDate) -> bool {
        self.status != MilestoneStatus::Pending && self.done_on.is_some_and(|d| d <= date)
    }
}
