//! Rules about the account and its contract: onboarding (启用, §3), customer fit (§1, §12)
//! and the renewal countdown (§11).

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired};
use super::gaps::{Activation, GapKind, activation, gap_scores};
use crate::domain::Role;

/// Not activated `activation_days` after the first term started (day 30 counts as late).
///
/// Only while the first term is in force: activation is an onboarding target, and an
/// account that has since renewed evidently got past onboarding. An activation date or
/// the activation milestone done both record it. With neither, it is not known whether
/// the account was activated (a gap): it scores only after the grace period, when
/// `[risk.gaps] activation` says so.
pub(crate) fn not_activated(ctx: &Ctx<'_>) -> Option<Reason> {
    let Activation::Missing { days, start } = activation(ctx) else { return None };
    if !gap_scores(ctx, GapKind::Activation) {
        return None;
    }
    fired(ctx, RuleId::NotActivated, vec![arg("days", days), arg("start", start)])
}

/// Not a target customer (目标客户): wrong-profile customers churn first (§12).
pub(crate) fn non_target(ctx: &Ctx<'_>) -> Option<Reason> {
    if ctx.facts.account.target_fit {
        return None;
    }
    fired(ctx, RuleId::NonTarget, Vec::new())
}

/// Tier small or micro: they renew at half the rate of large accounts (§1).
pub(crate) fn small_account(ctx: &Ctx<'_>) -> Option<Reason> {
    let tier = ctx.facts.account.tier;
    if !tier.is_small() {
        return None;
    }
    fired(ctx, RuleId::SmallAccount, vec![arg("tier", tier)])
}

/// The term in force ends within `renewal_window_days` with no outcome recorded, and the
/// decision maker was not contacted for `renewal_dm_silent_days`. Once the end has passed
/// the fact is `renewal_lapsed`'s (which weighs at least as much).
/// With no active decision maker it does not fire: that is `no_decision_maker`'s fact (or
/// a gap), counted once there.
pub(crate) fn renewal_unconfirmed(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let term = ctx.term?;
    let decided = term.outcome.as_ref().is_some_and(|o| o.decided_on() <= ctx.today);
    let days_left = (term.end - ctx.today).num_days();
    if decided || days_left > i64::from(p.renewal_window_days) || days_left < 0 {
        return None;
    }
    let fresh = ctx.freshest_contact(|c| c.role == Role::DecisionMaker)?;
    let since = ctx.days_since(fresh.since);
    if since < i64::from(p.renewal_dm_silent_days) {
        return None;
    }
    let mut args = vec![arg("date", term.end), arg("days", days_left)];
    args.extend([arg("name", &fresh.contact.name), arg("since", since)]);
    if fresh.last.is_none() {
        // Never contacted: not "last contacted N days ago" counted from when they were added.
        args.insert(0, arg("variant", "dm_never"));
        args.push(arg("added", fresh.contact.added_on));
    }
    fired(ctx, RuleId::RenewalUnconfirmed, args)
}

/// The term in force has ended (its end date is past) and neither renewed nor churned is
/// recorded: whatever happened, the book does not know, and a lapsed contract is the most
/// urgent thing a CSM can have. A fact, not a gap: it scores from the day after the end,
/// whatever else is known about the account.
pub(crate) fn renewal_lapsed(ctx: &Ctx<'_>) -> Option<Reason> {
    let term = ctx.term.filter(|t| t.lapsed_on(ctx.today))?;
    let days_ago = (ctx.today - term.end).num_days();
    let mut args = vec![arg("date", term.end), arg("days", days_ago)];
    if days_ago > super::priority::LONG_LAPSED_DAYS {
        // Not "call the decision maker today" about a contract that ended years ago.
        args.insert(0, arg("variant", "long_ago"));
    }
    fired(ctx, RuleId::RenewalLapsed, args)
}
