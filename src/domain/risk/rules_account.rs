//! Rules about the account and its contract: onboarding (启用, §3), customer fit (§1, §12)
//! and the renewal countdown (§11).

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired};
use crate::domain::Role;

/// Not activated `activation_days` after the first term started (day 30 counts as late).
///
/// Only while the first term is in force: activation is an onboarding target, and an
/// account that has since renewed evidently got past onboarding — a missing
/// `activated_on` there is a gap in imported data, not a renewal risk.
pub(crate) fn not_activated(ctx: &Ctx<'_>) -> Option<Reason> {
    let first = ctx.facts.terms.first()?;
    // Both point into `facts.terms`, so identity is the exact test.
    let in_first_term = ctx.term.is_some_and(|t| std::ptr::eq(t, first));
    let activated = ctx.facts.account.activated_on.is_some_and(|d| d <= ctx.today);
    let days = ctx.days_since(first.start);
    if !in_first_term || activated || days < i64::from(ctx.cfg.params.activation_days) {
        return None;
    }
    fired(ctx, RuleId::NotActivated, vec![arg("days", days), arg("start", first.start)])
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

/// The term in force ends within `renewal_window_days` (or already ended) with no outcome
/// recorded, and no decision maker was contacted for `renewal_dm_silent_days` (or there is
/// no active decision maker to confirm it).
pub(crate) fn renewal_unconfirmed(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let term = ctx.term?;
    let decided = term.outcome.as_ref().is_some_and(|o| o.decided_on() <= ctx.today);
    let days_left = (term.end - ctx.today).num_days();
    if decided || days_left > i64::from(p.renewal_window_days) {
        return None;
    }
    let mut args = vec![arg("date", term.end), arg("days", days_left)];
    match ctx.freshest_contact(|c| c.role == Role::DecisionMaker) {
        None => args.insert(0, arg("variant", "no_dm")),
        Some(fresh) => {
            let since = ctx.days_since(fresh.since);
            if since < i64::from(p.renewal_dm_silent_days) {
                return None;
            }
            args.extend([arg("name", &fresh.contact.name), arg("since", since)]);
            if fresh.last.is_none() {
                // Never contacted: not "last contacted N days ago" counted from when they were added.
                args.insert(0, arg("variant", "dm_never"));
                args.push(arg("added", fresh.contact.added_on));
            }
        }
    }
    fired(ctx, RuleId::RenewalUnconfirmed, args)
}
