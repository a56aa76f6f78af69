//! Rules about the decision chain (决策链) and key persons (关键人, PLAYBOOK §4, §5).
//!
//! Only contacts active on the as-of date count: a person who left no longer argues for
//! the renewal, so their departure can only add risk here (never remove it).

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired};
use crate::domain::{Contact, Influence, KpTier, Role, Stance, Tier};

/// A departed contact matching `pred`, the most recent leaver first.
fn latest_leaver<'a>(ctx: &Ctx<'a>, pred: impl Fn(&Contact) -> bool) -> Option<&'a Contact> {
    ctx.facts
        .contacts
        .iter()
        .filter(|c| pred(c) && c.left_on.is_some_and(|d| d <= ctx.today))
        .max_by_key(|c| (c.left_on, c.id))
}

/// No active contact with the role decision maker.
pub(crate) fn no_decision_maker(ctx: &Ctx<'_>) -> Option<Reason> {
    if ctx.active_contacts().any(|c| c.role == Role::DecisionMaker) {
        return None;
    }
    let args = match latest_leaver(ctx, |c| c.role == Role::DecisionMaker) {
        Some(c) => vec![
            arg("variant", "left"),
            arg("name", &c.name),
            arg("date", c.left_on.map_or(String::new(), |d| d.to_string())),
        ],
        None => Vec::new(),
    };
    fired(ctx, RuleId::NoDecisionMaker, args)
}

/// No active tier-1 key person.
pub(crate) fn low_power_only(ctx: &Ctx<'_>) -> Option<Reason> {
    if ctx.active_contacts().any(|c| c.kp_tier == Some(KpTier::Tier1)) {
        return None;
    }
    let count = ctx.active_contacts().count();
    fired(ctx, RuleId::LowPowerOnly, vec![arg("count", count)])
}

/// No active admin contact (left, or never known): 管理员空缺.
pub(crate) fn admin_gone(ctx: &Ctx<'_>) -> Option<Reason> {
    if ctx.active_contacts().any(|c| c.role == Role::Admin) {
        return None;
    }
    let args = match latest_leaver(ctx, |c| c.role == Role::Admin) {
        Some(c) => vec![
            arg("variant", "left"),
            arg("name", &c.name),
            arg("date", c.left_on.map_or(String::new(), |d| d.to_string())),
        ],
        None => Vec::new(),
    };
    fired(ctx, RuleId::AdminGone, args)
}

/// An active opponent with high influence, or an opposing decision maker.
pub(crate) fn opponent(ctx: &Ctx<'_>) -> Option<Reason> {
    let opposing = |c: &&Contact| c.stance == Stance::Opponent;
    // An opposing decision maker is the stronger fact, so it is the one named.
    let dm = ctx.active_contacts().filter(opposing).find(|c| c.role == Role::DecisionMaker);
    let who =
        dm.or_else(|| ctx.active_contacts().filter(opposing).find(|c| c.influence == Influence::High))?;
    let mut args = vec![arg("name", &who.name)];
    if who.role == Role::DecisionMaker {
        args.insert(0, arg("variant", "dm"));
    }
    fired(ctx, RuleId::Opponent, args)
}

/// No contact with a tier-1 key person for `kp_silent_days` (KA: `kp_silent_days_ka`).
/// With no active tier-1 key person at all, nobody is being kept warm either, so it fires
/// (this keeps the rule monotone: losing a key person never clears it).
pub(crate) fn kp_silent(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let limit = if ctx.facts.account.tier == Tier::Ka { p.kp_silent_days_ka } else { p.kp_silent_days };
    match ctx.freshest_contact(|c| c.kp_tier == Some(KpTier::Tier1)) {
        None => fired(ctx, RuleId::KpSilent, vec![arg("variant", "none"), arg("limit", limit)]),
        Some(fresh) => {
            let days = ctx.days_since(fresh.since);
            if days < i64::from(limit) {
                return None;
            }
            let name = arg("name", &fresh.contact.name);
            let args = match fresh.last {
                Some(last) => vec![name, arg("days", days), arg("limit", limit), arg("date", last)],
                // Never contacted: say so, with the day they were added, rather than a
                // "last contact" that never happened.
                None => vec![
                    arg("variant", "never"),
                    name,
                    arg("days", days),
                    arg("limit", limit),
                    arg("added", fresh.contact.added_on),
                ],
            };
            fired(ctx, RuleId::KpSilent, args)
        }
    }
}
