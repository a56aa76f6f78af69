//! Reference-account candidates (标杆案例, PLAYBOOK §13): accounts the practitioners would
//! pick by rule, because they use every module, have been customers for two years or
//! more, grew measurably, and are healthy. The thresholds are `[reference]` in the config
//! file. Each check is kept with its figures so a candidate says why, and a near miss
//! what it lacks.

use super::dates::add_months;
use super::facts::AccountFacts;
use super::review::{self, ReviewKind};
use super::risk::Band;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The rule's thresholds (`[reference]` in config.toml).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReferenceRule {
    /// Feature breadth of the latest usage reading, whole percent (100: every module).
    pub min_breadth_pct: u32,
    /// Customer for at least this many months, from the start of the first term.
    pub min_months: u32,
    /// Active users grew at least this much, in percent: the value report's comparison
    /// (the first three months of the open term against the last three).
    pub min_growth_pct: i64,
    /// The worst risk band allowed.
    pub max_band: Band,
}

impl Default for ReferenceRule {
    fn default() -> Self {
        ReferenceRule { min_breadth_pct: 100, min_months: 24, min_growth_pct: 20, max_band: Band::Healthy }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config: [reference] {0}")]
pub struct ReferenceConfigError(pub String);

impl ReferenceRule {
    /// The defaults with a config text's `[reference]` table laid over them key by key;
    /// an unknown key or a value out of range is an error naming it.
    pub fn from_toml_str(text: &str) -> Result<ReferenceRule, ReferenceConfigError> {
        let table: toml::Table =
            text.parse().map_err(|e: toml::de::Error| ReferenceConfigError(e.to_string()))?;
        let Some(section) = table.get("reference") else { return Ok(ReferenceRule::default()) };
        let rule: ReferenceRule =
            section.clone().try_into().map_err(|e: toml::de::Error| ReferenceConfigError(e.to_string()))?;
        if rule.min_breadth_pct > 100 {
            return Err(ReferenceConfigError(format!(
                "min_breadth_pct = {}: at most 100",
                rule.min_breadth_pct
            )));
        }
        Ok(rule)
    }
}

/// One condition of the rule, with the account's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Features used of features available in the latest reading (None: no reading).
    Modules { used_total: Option<(u32, u32)> },
    /// A customer since `since`, `months` whole months ago.
    Tenure { since: NaiveDate, months: u32 },
    /// Active users before → after, and the change (None: nothing to compare).
    Growth { users: Option<(u32, u32)>, pct: Option<i64> },
    /// The account's risk band now (None: churned, not scored).
    Health { band: Option<Band> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Every check in rule order, and whether it passed.
    pub checks: Vec<(Check, bool)>,
}

impl Verdict {
    pub fn is_candidate(&self) -> bool {
        self.checks.iter().all(|(_, ok)| *ok)
    }
}

/// Whole months from `since` to `today` (a month counts once its day is reached).
pub fn months_between(since: NaiveDate, today: NaiveDate) -> u32 {
    let m = (today.year() - since.year()) * 12 + today.month() as i32 - since.month() as i32;
    let m = if add_months(since, m) > today { m - 1 } else { m };
    u32::try_from(m).unwrap_or(0)
}

/// The rule applied to `f` as of `today`; `band` is its risk band now (None: churned).
pub fn evaluate(f: &AccountFacts, band: Option<Band>, today: NaiveDate, rule: &ReferenceRule) -> Verdict {
    let latest = f.usage.iter().rev().find(|u| u.date <= today);
    let used_total = latest.map(|u| (u.features_used, u.features_total));
    let modules_ok = used_total.is_some_and(|(used, total)| {
        total > 0 && u64::from(used) * 100 >= u64::from(rule.min_breadth_pct) * u64::from(total)
    });
    let since = f.terms.first().map_or(f.account.created_on, |t| t.start).min(today);
    let months = months_between(since, today);
    let period = review::default_period(f, ReviewKind::Annual, today);
    let usage = review::compute(f, ReviewKind::Annual, period).usage;
    let sides = usage.before.zip(usage.after);
    let users = sides.map(|(b, a)| (b.active_users, a.active_users));
    // From the exact averages, as the value report computes it: the candidate's growth is
    // the figure its report will show the customer (rounded averages were off by points).
    let pct = sides.and_then(|(b, a)| b.change_to(review::Metric::ActiveUsers, &a));
    Verdict {
        checks: vec![
            (Check::Modules { used_total }, modules_ok),
            (Check::Tenure { since, months }, months >= rule.min_months),
            (Check::Growth { users, pct }, pct.is_some_and(|p| p >= rule.min_growth_pct)),
            (Check::Health { band }, band.is_some_and(|b| b <= rule.max_band)),
        ],
    }
}

#[cfg(test)]
mod tests;
