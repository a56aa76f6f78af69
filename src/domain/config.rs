//! The user-tunable part of the rules: risk points, band thresholds and rule parameters.
//!
//! The defaults live in `assets/config.toml` (`[risk]`) and in `Default`, which a test
//! keeps equal. A user's config file is overlaid on the defaults key by key, so a file
//! that only says `[risk.points] small_account = 0` changes exactly that. Only the `[risk]`
//! table is read here; other top-level tables (e.g. `[playbook]`) belong to other readers.

use super::choice::Choice;
use super::risk::RuleId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The embedded default config file.
pub const DEFAULT_CONFIG_TOML: &str = include_str!("../../assets/config.toml");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Syntax errors, wrong types, unknown keys and unknown rule ids; the message names
    /// the key and the line.
    #[error("config: {0}")]
    Toml(String),
    #[error(
        "config: [risk.bands] must rise strictly and stay within 1..=100 \
         (watch < at_risk < critical); here watch = {watch}, at_risk = {at_risk}, critical = {critical}"
    )]
    Bands { watch: u32, at_risk: u32, critical: u32 },
    #[error("config: risk.params.{key} = {value} is out of range ({expected})")]
    Param { key: &'static str, value: u32, expected: &'static str },
    #[error("config: risk.forecast.{key} = {value} is out of range (a percentage, 0..=100)")]
    Forecast { key: &'static str, value: u32 },
    /// A rule that takes over another's fact (a person leaves, a contract's end passes) must
    /// weigh at least as much, or things getting worse would lower the score.
    #[error(
        "config: [risk.points] {rule} = {points} must be at least {replaced} = {replaced_points}: {rule} \
         takes over from {replaced} when things get worse (a person leaves, a contract's end passes, a \
         promise is broken), \
         and that must never lower the score"
    )]
    Replaces { rule: &'static str, points: u32, replaced: &'static str, replaced_points: u32 },
}

/// (rule, the rule it replaces when the person it is about leaves): the decision maker
/// leaving turns "renewal unconfirmed with them" into "no decision maker"; the last tier-1
/// key person leaving turns "key person silent" into "only low-power contacts".
/// A contract's end passing with no outcome turns "renewal unconfirmed" into "renewal lapsed".
/// An overdue promise broken turns "promise overdue" into "promise broken" (counted per
/// promise, so a second one broken still adds at least what its lateness took away).
pub const REPLACES: [(RuleId, RuleId); 4] = [
    (RuleId::NoDecisionMaker, RuleId::RenewalUnconfirmed),
    (RuleId::LowPowerOnly, RuleId::KpSilent),
    (RuleId::RenewalLapsed, RuleId::RenewalUnconfirmed),
    (RuleId::PromiseBroken, RuleId::PromiseOverdue),
];

/// Score thresholds: a score at or above a threshold is in that band or a worse one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BandThresholds {
    pub watch: u32,
    pub at_risk: u32,
    pub critical: u32,
}

impl Default for BandThresholds {
    fn default() -> Self {
        BandThresholds { watch: 25, at_risk: 50, critical: 75 }
    }
}

/// The numbers inside the rules (issue 3's table); days unless named otherwise,
/// percentages as whole numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleParams {
    pub kp_silent_days: u32,
    pub kp_silent_days_ka: u32,
    pub p0_stalled_days: u32,
    pub p1_stalled_days: u32,
    pub complaint_hours: u32,
    pub no_login_days: u32,
    pub no_usage_data_days: u32,
    pub decline_window_days: u32,
    pub decline_pct: u32,
    pub seat_use_pct: u32,
    pub breadth_pct: u32,
    pub activation_days: u32,
    pub milestone_max_points: u32,
    pub renewal_window_days: u32,
    pub renewal_dm_silent_days: u32,
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams {
            kp_silent_days: 60,
            kp_silent_days_ka: 30,
            p0_stalled_days: 7,
            p1_stalled_days: 30,
            complaint_hours: 24,
            no_login_days: 14,
            no_usage_data_days: 30,
            decline_window_days: 30,
            decline_pct: 30,
            seat_use_pct: 40,
            breadth_pct: 30,
            activation_days: 30,
            milestone_max_points: 15,
            renewal_window_days: 30,
            renewal_dm_silent_days: 30,
        }
    }
}

/// Data gaps (a fact not known, rather than a fact that predicts churn): how long the CSM
/// has to fill them before they may score, and which ones score after that (through their
/// rule, once). See `risk::gaps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GapConfig {
    /// Days from the account's `created_on` (the day it came into Radar: an import or the
    /// new-account form at handover) during which no gap scores.
    pub grace_days: u32,
    /// After the grace period, a still-missing decision maker scores `no_decision_maker`.
    pub decision_maker: bool,
    /// … a still-missing tier-1 key person scores `low_power_only`.
    pub key_person: bool,
    /// … a still-unknown administrator scores `admin_gone`.
    pub admin: bool,
    /// … missing or stale usage data scores `usage_stopped`.
    pub usage: bool,
    /// … a still-missing activation date (first term) scores `not_activated`.
    pub activation: bool,
}

impl Default for GapConfig {
    fn default() -> Self {
        GapConfig {
            grace_days: 30,
            decision_maker: true,
            key_person: false,
            admin: false,
            usage: false,
            activation: true,
        }
    }
}

/// Points per rule, indexed by the rule's position in `RuleId::ALL`.
/// (`milestone_overdue` is per overdue milestone, capped by `milestone_max_points`.)
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RulePoints([u32; RULE_COUNT]);

const RULE_COUNT: usize = 19;

/// The default table of issue 3, in `RuleId::ALL` order (`renewal_lapsed`, the last, came
/// from a CSM's trial: a lapsed contract alone is worth watching).
const DEFAULT_POINTS: [u32; RULE_COUNT] =
    [15, 10, 10, 10, 10, 15, 10, 10, 15, 25, 15, 10, 5, 15, 5, 10, 5, 15, 25];

impl RulePoints {
    pub fn get(&self, rule: RuleId) -> u32 {
        self.0[rule as usize]
    }

    pub fn set(&mut self, rule: RuleId, points: u32) {
        self.0[rule as usize] = points;
    }
}

impl Default for RulePoints {
    fn default() -> Self {
        RulePoints(DEFAULT_POINTS)
    }
}

impl fmt::Debug for RulePoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(RuleId::ALL.iter().map(|r| (r.as_str(), self.get(*r)))).finish()
    }
}

impl Serialize for RulePoints {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(RuleId::ALL.iter().map(|r| (r.as_str(), self.get(*r))))
    }
}

impl<'de> Deserialize<'de> for RulePoints {
    /// Overlays the given keys on the defaults; an unknown key is an error naming it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let given = std::collections::BTreeMap::<String, u32>::deserialize(d)?;
        let mut points = RulePoints::default();
        let given_lapsed = given.contains_key(RuleId::RenewalLapsed.as_str());
        for (key, value) in given {
            // Exact ids only: a config key is written once by hand, and a near miss such
            // as `kp-silent` should be reported, not silently accepted.
            let rule = RuleId::ALL.iter().find(|r| r.as_str() == key).ok_or_else(|| {
                let expected: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
                serde::de::Error::custom(format!(
                    "unknown risk rule `{key}` in [risk.points]; expected one of: {}",
                    expected.join(", ")
                ))
            })?;
            points.set(*rule, value);
        }
        // A config written before `renewal_lapsed` existed may weigh `renewal_unconfirmed`
        // above its default: the rule it never named follows it, so the file still loads.
        if !given_lapsed {
            let floor = points.get(RuleId::RenewalUnconfirmed);
            points.set(RuleId::RenewalLapsed, points.get(RuleId::RenewalLapsed).max(floor));
        }
        Ok(points)
    }
}

/// Everything the risk rules can be tuned by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    pub bands: BandThresholds,
    pub points: RulePoints,
    pub params: RuleParams,
    pub gaps: GapConfig,
    /// Chances of renewal for the forecast of pending renewals (`metrics::ForecastWeights`).
    pub forecast: crate::domain::metrics::ForecastWeights,
    /// The currency triage weighs ARR in (`[report] currency`, set by the settings: not a
    /// `[risk]` key); None: the one most accounts are billed in.
    #[serde(skip)]
    pub report_currency: Option<crate::domain::Currency>,
    /// The book value one CSM can carry, in whole units of the reporting currency
    /// (`[report] capacity`, set by the settings); None: `capacity::DEFAULT_CAPACITY`.
    #[serde(skip)]
    pub capacity: Option<i64>,
}

/// The whole config file as far as this module is concerned: other tables are ignored.
#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    risk: RiskConfig,
}

impl RiskConfig {
    /// Reads the `[risk]` table of a (possibly partial) config file over the defaults.
    pub fn from_toml_str(s: &str) -> Result<RiskConfig, ConfigError> {
        let file: ConfigFile = toml::from_str(s).map_err(|e| ConfigError::Toml(e.to_string()))?;
        file.risk.validate()?;
        Ok(file.risk)
    }

    /// The embedded defaults, parsed (equal to `RiskConfig::default()`, see the tests).
    pub fn embedded() -> Result<RiskConfig, ConfigError> {
        RiskConfig::from_toml_str(DEFAULT_CONFIG_TOML)
    }

    pub fn points(&self, rule: RuleId) -> u32 {
        self.points.get(rule)
    }

    /// Checks what serde cannot: thresholds in order, percentages within 0..=100.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let b = self.bands;
        if !(1 <= b.watch && b.watch < b.at_risk && b.at_risk < b.critical && b.critical <= 100) {
            return Err(ConfigError::Bands { watch: b.watch, at_risk: b.at_risk, critical: b.critical });
        }
        let p = &self.params;
        for (key, value) in
            [("decline_pct", p.decline_pct), ("seat_use_pct", p.seat_use_pct), ("breadth_pct", p.breadth_pct)]
        {
            if value > 100 {
                return Err(ConfigError::Param { key, value, expected: "0..=100" });
            }
        }
        for (key, value) in self.forecast.keyed() {
            if value > 100 {
                return Err(ConfigError::Forecast { key, value });
            }
        }
        for (rule, replaced) in REPLACES {
            let (points, replaced_points) = (self.points(rule), self.points(replaced));
            if points < replaced_points {
                return Err(ConfigError::Replaces {
                    rule: rule.as_str(),
                    points,
                    replaced: replaced.as_str(),
                    replaced_points,
                });
            }
        }
        // A zero-day window would compare empty periods; the rule would never mean anything.
        if p.decline_window_days == 0 {
            return Err(ConfigError::Param { key: "decline_window_days", value: 0, expected: "at least 1" });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_equals_the_embedded_file() {
        assert_eq!(RiskConfig::embedded().unwrap(), RiskConfig::default());
        // The file must spell out every key, so that Default is not equal by omission.
        let file: toml::Table = DEFAULT_CONFIG_TOML.parse().unwrap();
        let written = file["risk"].clone();
        let default = toml::Value::try_from(RiskConfig::default()).unwrap();
        assert_eq!(written, default);
    }

    #[test]
    fn rule_count_matches_the_rule_ids() {
        assert_eq!(RuleId::ALL.len(), RULE_COUNT);
        for (i, r) in RuleId::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
        assert_eq!(RiskConfig::default().points(RuleId::UsageStopped), 25);
        assert_eq!(RiskConfig::default().points(RuleId::ShallowAdoption), 5);
        assert_eq!(RiskConfig::default().points(RuleId::RenewalUnconfirmed), 15);
    }

    #[test]
    fn partial_overlay_keeps_other_defaults_and_ignores_other_tables() {
        let cfg = RiskConfig::from_toml_str(
            "[playbook]\nanything = 1\n[risk.points]\nsmall_account = 0\n[risk.params]\nkp_silent_days = 45\n",
        )
        .unwrap();
        let mut expected = RiskConfig::default();
        expected.points.set(RuleId::SmallAccount, 0);
        expected.params.kp_silent_days = 45;
        assert_eq!(cfg, expected);
        assert_eq!(RiskConfig::from_toml_str("").unwrap(), RiskConfig::default());
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_key() {
        let err = RiskConfig::from_toml_str("[risk.points]\nkp_silence = 5\n").unwrap_err();
        assert!(err.to_string().contains("kp_silence"), "{err}");
        let err = RiskConfig::from_toml_str("[risk.params]\nkp_days = 5\n").unwrap_err();
        assert!(err.to_string().contains("kp_days"), "{err}");
        let err = RiskConfig::from_toml_str("[risk.points]\nopponent = -1\n").unwrap_err();
        assert!(matches!(err, ConfigError::Toml(_)));
    }

    #[test]
    fn bands_and_percentages_are_checked() {
        let err = RiskConfig::from_toml_str("[risk.bands]\nwatch = 60\n").unwrap_err();
        assert!(matches!(err, ConfigError::Bands { watch: 60, .. }));
        let err = RiskConfig::from_toml_str("[risk.params]\nseat_use_pct = 140\n").unwrap_err();
        assert!(matches!(err, ConfigError::Param { key: "seat_use_pct", .. }));
        assert!(RiskConfig::from_toml_str("[risk.bands]\ncritical = 100\n").is_ok());
        let err = RiskConfig::from_toml_str("[risk.forecast]\nband_watch = 101\n").unwrap_err();
        assert!(matches!(err, ConfigError::Forecast { key: "band_watch", value: 101 }), "{err}");
        assert!(err.to_string().contains("risk.forecast.band_watch = 101"), "{err}");
        assert!(RiskConfig::from_toml_str("[risk.forecast]\nband_watch = 100\n").is_ok());
    }

    #[test]
    fn a_rule_weighs_at_least_what_it_replaces() {
        // A file from before renewal_lapsed: the unnamed rule follows renewal_unconfirmed.
        let old =
            RiskConfig::from_toml_str("[risk.points]\nrenewal_unconfirmed = 30\nno_decision_maker = 30\n");
        assert_eq!(old.unwrap().points(RuleId::RenewalLapsed), 30);
        let named = "[risk.points]\nrenewal_unconfirmed = 30\nno_decision_maker = 30\nrenewal_lapsed = 20\n";
        assert!(matches!(RiskConfig::from_toml_str(named), Err(ConfigError::Replaces { .. })));
        let err = RiskConfig::from_toml_str("[risk.points]\nrenewal_unconfirmed = 20\n").unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::Replaces { rule: "no_decision_maker", points: 15, replaced_points: 20, .. }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("never lower the score"), "{err}");
        let err = RiskConfig::from_toml_str("[risk.points]\nlow_power_only = 5\n").unwrap_err();
        assert!(matches!(err, ConfigError::Replaces { rule: "low_power_only", replaced: "kp_silent", .. }));
        let err = RiskConfig::from_toml_str("[risk.points]\npromise_overdue = 20\n").unwrap_err();
        assert!(matches!(
            err,
            ConfigError::Replaces { rule: "promise_broken", replaced: "promise_overdue", .. }
        ));
        assert!(err.to_string().contains("a promise is broken"), "{err}");
        // Equal is fine; so is switching both off.
        assert!(RiskConfig::from_toml_str("[risk.points]\nkp_silent = 10\nlow_power_only = 10\n").is_ok());
        assert!(RiskConfig::from_toml_str("[risk.points]\nkp_silent = 0\nlow_power_only = 0\n").is_ok());
    }
}
