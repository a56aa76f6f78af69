//! Turning a reason into the one-line text the CSM reads.
//!
//! Templates live in `assets/locales/<lang>/risk.toml` as `risk.<rule>.detail` and
//! `risk.<rule>.action`. A reason whose facts need a different sentence carries a
//! `variant` argument, selecting `risk.<rule>.detail_<variant>` (and `action_<variant>`
//! when the catalog has one; else the plain action).

use super::{Gap, Reason};
use crate::domain::{Choice, MilestoneKind, ReqLevel, ReqStatus, Severity, Tier};
use crate::i18n::{Lang, choice_label, fill, t};

/// Localised label for arguments that hold a choice id; other values pass through.
fn localise(lang: Lang, name: &str, value: &str) -> String {
    fn label<C: Choice>(lang: Lang, value: &str) -> Option<String> {
        C::parse(value).ok().map(|c| choice_label(lang, c))
    }
    let localised = match name {
        "milestone" => label::<MilestoneKind>(lang, value),
        "req_status" => label::<ReqStatus>(lang, value),
        "level" => label::<ReqLevel>(lang, value),
        "severity" => label::<Severity>(lang, value),
        "tier" => label::<Tier>(lang, value),
        _ => None,
    };
    localised.unwrap_or_else(|| value.to_string())
}

/// `risk.<rule>.<part>_<variant>` if the catalog has it, else `risk.<rule>.<part>`.
fn template(lang: Lang, rule: &str, part: &str, variant: Option<&str>) -> String {
    if let Some(v) = variant {
        let key = format!("risk.{rule}.{part}_{v}");
        let text = t(lang, &key);
        // `t` answers a missing key with the key itself.
        if text != key {
            return text;
        }
    }
    t(lang, &format!("risk.{rule}.{part}"))
}

/// The reason's (detail, action) text in `lang`, e.g.
/// ("no tier-1 key person contacted in 74 days (last: 王总; expected every 60 days)",
///  "visit or call a tier-1 key person this week").
pub fn render_reason(lang: Lang, r: &Reason) -> (String, String) {
    let rule = r.rule.as_str();
    let variant = r.args.iter().find(|(k, _)| k == "variant").map(|(_, v)| v.as_str());
    let values: Vec<(&str, String)> =
        r.args.iter().map(|(k, v)| (k.as_str(), localise(lang, k, v))).collect();
    let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let detail = fill(&template(lang, rule, "detail", variant), &args);
    let action = fill(&template(lang, rule, "action", variant), &args);
    (detail, action)
}

/// A data gap's (detail, action) text in `lang`, from `risk.gap.<kind>.detail` / `.action`
/// (and `detail_<variant>` as for reasons), e.g. ("no decision maker recorded", "ask your
/// contact who decides on the renewal, and add them to the decision chain").
pub fn render_gap(lang: Lang, g: &Gap) -> (String, String) {
    let key = format!("gap.{}", g.kind.as_str());
    let variant = g.args.iter().find(|(k, _)| k == "variant").map(|(_, v)| v.as_str());
    let args: Vec<(&str, &str)> = g.args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    (
        fill(&template(lang, &key, "detail", variant), &args),
        fill(&template(lang, &key, "action", variant), &args),
    )
}
