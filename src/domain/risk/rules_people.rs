//! Rules about the decision chain (决策链) and key persons (关键人, PLAYBOOK §4, §5).
//!
//! Only contacts active on the as-of date count: a person who left no longer argues for
//! the renewal, so their departure can only add risk here (never remove it).

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired};
use super::gaps::{GapKind, Seat, gap_scores, is_admin, is_dm, is_tier1, seat};
use crate::domain::{Contact, Influence, Role, Stance, Tier};

/// The "left" arguments naming who left and when.
fn left_args(c: &Contact) -> Vec<(String, String)> {
    vec![
        arg("variant", "left"),
        arg("name", &c.name),
        arg("date", c.left_on.map_or(String::new(), |d| d.to_string())),
    ]
}

/// No active decision maker: one who left is risk at once; one never recorded is a gap,
/// scored (plain sentence) only after the grace period when `[risk.gaps] decision_maker`.
pub(crate) fn no_decision_maker(ctx: &Ctx<'_>) -> Option<Reason> {
    match seat(ctx, is_dm) {
        Seat::Filled => None,
        Seat::Left(c) => fired(ctx, RuleId::NoDecisionMaker, left_args(c)),
        Seat::Unknown => gap_scores(ctx, GapKind::DecisionMaker)
            .then(|| fired(ctx, RuleId::NoDecisionMaker, Vec::new()))
            .flatten(),
    }
}

/// No active tier-1 key person: one who left is risk at once; none ever recorded is a gap
/// (`[risk.gaps] key_person`). A decision maker who was also the only tier-1 key person
/// empties two seats when they leave, and both count: nobody with the power to decide, and
/// nobody who reads the numbers, is left.
pub(crate) fn low_power_only(ctx: &Ctx<'_>) -> Option<Reason> {
    let count = ctx.active_contacts().count();
    match seat(ctx, is_tier1) {
        Seat::Filled => None,
        Seat::Left(c) => {
            let mut args = left_args(c);
            args.push(arg("count", count));
            fired(ctx, RuleId::LowPowerOnly, args)
        }
        Seat::Unknown => gap_scores(ctx, GapKind::KeyPerson)
            .then(|| fired(ctx, RuleId::LowPowerOnly, vec![arg("count", count)]))
            .flatten(),
    }
}

/// No active admin contact (管理员空缺): one who left is risk at once; none ever named is
/// a gap (`[risk.gaps] admin`).
pub(crate) fn admin_gone(ctx: &Ctx<'_>) -> Option<Reason> {
    match seat(ctx, is_admin) {
        Seat::Filled => None,
        Seat::Left(c) => fired(ctx, RuleId::AdminGone, left_args(c)),
        Seat::Unknown => {
            gap_scores(ctx, GapKind::Admin).then(|| fired(ctx, RuleId::AdminGone, Vec::new())).flatten()
        }
    }
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
/// Only when there is an active tier-1 key person to keep in touch with: having none is
/// `low_power_only`'s fact (or a gap), not a silence.
pub(crate) fn kp_silent(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let limit = if ctx.facts.account.tier == Tier::Ka { p.kp_silent_days_ka } else { p.kp_silent_days };
    let fresh = ctx.freshest_contact(is_tier1)?;
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
