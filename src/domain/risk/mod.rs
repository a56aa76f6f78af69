//! Explainable renewal risk: a 0–100 score as the sum of the points of the rules that
//! fire, each with the facts behind it and the next action that clears it.
//!
//! INTERFACE (shared with the dashboard and the CLI — keep these names stable):
//! - `RuleId`, `Band` (choice enums, ids are the snake_case rule/band ids of the README)
//! - `Reason { rule, points, args }`: `args` fill the i18n templates
//!   `risk.<rule>.detail` and `risk.<rule>.action`
//! - `Assessment { score, band, reasons }`
//! - `RiskConfig` (from `assets/config.toml` `[risk]`, user-overridable)
//! - `assess(facts, now, cfg) -> Assessment`
//!
//! Also here: `trend` (the score week by week from the dated facts), `flip_set` (what
//! would drop it a band), `triage_priority`, `call_disagrees` and `render_reason`.
//!
//! Every rule is a small function of the account as of one moment (`asof::Ctx`), grouped
//! by topic: `rules_people`, `rules_commitments`, `rules_usage`, `rules_account`.

use super::choice::choice;
use serde::{Deserialize, Serialize};

mod asof;
mod flip;
mod gaps;
mod priority;
mod render;
mod rules_account;
mod rules_commitments;
mod rules_people;
mod rules_usage;
mod score;
mod stamp;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(test)]
mod tests_commitments;
#[cfg(test)]
mod tests_facts;
#[cfg(test)]
mod tests_people;
#[cfg(test)]
mod tests_props;
#[cfg(test)]
mod tests_render;
#[cfg(test)]
mod tests_usage;

pub use crate::domain::config::RiskConfig;
pub use asof::is_churned;
pub use flip::flip_set;
pub use gaps::{Gap, GapKind};
pub use priority::{LONG_LAPSED_DAYS, call_disagrees, triage_priority};
pub use render::{render_gap, render_reason};
pub use rules_commitments::{
    keep_scored_history, milestone_scored_on, promise_scored_on, requirement_scored_on,
};
pub use score::{MAX_SCORE, assess, assess_cached, band_floor, band_for, day_end, trend};
pub use stamp::{RULES_VERSION, rules_stamp};

choice! {
    /// The risk rules (README "How risk is scored").
    RuleId "risk rule" {
        NoDecisionMaker = "no_decision_maker" [],
        LowPowerOnly = "low_power_only" [],
        AdminGone = "admin_gone" [],
        Opponent = "opponent" [],
        KpSilent = "kp_silent" [],
        PromiseBroken = "promise_broken" [],
        PromiseOverdue = "promise_overdue" [],
        RequirementStalled = "requirement_stalled" [],
        ComplaintOpen = "complaint_open" [],
        UsageStopped = "usage_stopped" [],
        UsageDeclining = "usage_declining" [],
        LowSeatUse = "low_seat_use" [],
        ShallowAdoption = "shallow_adoption" [],
        NotActivated = "not_activated" [],
        MilestoneOverdue = "milestone_overdue" [],
        NonTarget = "non_target" [],
        SmallAccount = "small_account" [],
        RenewalUnconfirmed = "renewal_unconfirmed" [],
        RenewalLapsed = "renewal_lapsed" [],
    }
}

choice! {
    /// Risk band: healthy < 25, watch 25–49, at risk 50–74, critical ≥ 75.
    Band "risk band" {
        Healthy = "healthy" [],
        Watch = "watch" [],
        AtRisk = "at_risk" [],
        Critical = "critical" [],
    }
}

/// One fired rule: its points and the facts that fill its reason and action text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub rule: RuleId,
    pub points: u32,
    /// Named values for the i18n templates `risk.<rule>.detail` / `.action`.
    pub args: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub score: u32,
    pub band: Band,
    pub reasons: Vec<Reason>,
    /// What is not known (see `gaps`), in `GapKind` order; none for a churned account.
    #[serde(default)]
    pub gaps: Vec<Gap>,
    /// How many facts were checked for gaps (4, or 5 while activation is being judged);
    /// 0 for a churned account. Data completeness = (checks − gaps) / checks.
    #[serde(default)]
    pub checks: u32,
    /// The first day gaps may score (`created_on` + `[risk.gaps] grace_days`); None for a
    /// churned account.
    #[serde(default)]
    pub grace_ends: Option<chrono::NaiveDate>,
}

impl Assessment {
    /// (facts known, facts checked): the account's data completeness.
    pub fn completeness(&self) -> (u32, u32) {
        let gaps = u32::try_from(self.gaps.len()).unwrap_or(u32::MAX);
        (self.checks.saturating_sub(gaps), self.checks)
    }
}
