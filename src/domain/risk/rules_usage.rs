//! Usage rules (PLAYBOOK §10): the warning lines learned from accounts that churned —
//! they stopped using the product, usage time fell, seats sat empty.
//!
//! All ratios are compared in integers (`a * 100 < pct * b`) so a boundary such as
//! "exactly 40 % of seats" is decided exactly.

use super::Reason;
use super::RuleId;
use super::asof::{Ctx, arg, fired};
use super::gaps::{GapKind, UsageData, gap_scores, usage_data};
use crate::domain::UsageSnapshot;
use chrono::Duration;

/// No logins for `no_login_days` while data still comes in (risk). No usage data at all,
/// or none for `no_usage_data_days`, is not known rather than stopped (a gap): it scores
/// only after the grace period when `[risk.gaps] usage` says so ("never": from
/// `no_usage_data_days` after the account was created, as before).
pub(crate) fn usage_stopped(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    match usage_data(ctx) {
        UsageData::Never { days } => {
            let due = days >= i64::from(p.no_usage_data_days) && gap_scores(ctx, GapKind::Usage);
            return due
                .then(|| fired(ctx, RuleId::UsageStopped, vec![arg("variant", "never"), arg("days", days)]))
                .flatten();
        }
        // The plain sentence: "no usage data for N days".
        UsageData::Stale { days } => {
            return gap_scores(ctx, GapKind::Usage)
                .then(|| fired(ctx, RuleId::UsageStopped, vec![arg("days", days)]))
                .flatten();
        }
        UsageData::Fresh => {}
    }
    let latest = ctx.usage.last()?;
    // The last snapshot that saw a login; without one, the first snapshot bounds the silence.
    let (since, ever) = match ctx.usage.iter().rev().find(|u| u.logins > 0) {
        Some(u) => (u.date, true),
        None => (ctx.usage.first().map_or(latest.date, |u| u.date), false),
    };
    // Only data newer than the last login proves the silence; otherwise we simply lack data.
    let proven = !ever || latest.date > since;
    let days = ctx.days_since(since);
    (proven && days >= i64::from(p.no_login_days))
        .then(|| fired(ctx, RuleId::UsageStopped, vec![arg("variant", "no_logins"), arg("days", days)]))
        .flatten()
}

/// Sum and count of a measure over snapshots dated in (from, to].
fn window(
    usage: &[UsageSnapshot],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    f: fn(&UsageSnapshot) -> u32,
) -> (u64, u64) {
    usage
        .iter()
        .filter(|u| u.date > from && u.date <= to)
        .fold((0, 0), |(sum, n), u| (sum + u64::from(f(u)), n + 1))
}

/// Percentage decline of the per-snapshot average, floored; None unless both windows have
/// data and the earlier one is not zero. Averages (not sums) so that a window with one
/// more snapshot than the other is not mistaken for growth.
fn decline_pct(recent: (u64, u64), before: (u64, u64)) -> Option<(u64, u64, u64)> {
    let ((r_sum, r_n), (b_sum, b_n)) = (recent, before);
    if r_n == 0 || b_n == 0 || b_sum == 0 {
        return None;
    }
    // recent_avg / before_avg = (r_sum * b_n) / (b_sum * r_n)
    let (num, den) = (r_sum * b_n, b_sum * r_n);
    let pct = if num >= den { 0 } else { (den - num) * 100 / den };
    Some((pct, b_sum.div_ceil(b_n), r_sum.div_ceil(r_n)))
}

/// Active users or minutes down by at least `decline_pct`% over the last window against
/// the one before it.
pub(crate) fn usage_declining(ctx: &Ctx<'_>) -> Option<Reason> {
    let p = &ctx.cfg.params;
    let w = Duration::days(i64::from(p.decline_window_days));
    let (mid, start) = (ctx.today - w, ctx.today - w - w);
    let measure = |f: fn(&UsageSnapshot) -> u32| {
        decline_pct(window(ctx.usage, mid, ctx.today, f), window(ctx.usage, start, mid, f))
    };
    let users = measure(|u| u.active_users).map(|d| ("users", d));
    let minutes = measure(|u| u.minutes).map(|d| ("minutes", d));
    // Report the steeper fall; users first on a tie (the more telling number).
    let (variant, (pct, before, after)) = match (users, minutes) {
        (Some(u), Some(m)) => Some(if m.1.0 > u.1.0 { m } else { u }),
        (u, m) => u.or(m),
    }?;
    // The floored percentage is exact at the boundary: (den - num) * 100 / den >= p
    // exactly when the real decline is at least p whole percent.
    if pct < u64::from(p.decline_pct) {
        return None;
    }
    let mut args = vec![
        arg("pct", pct),
        arg("before", before),
        arg("after", after),
        arg("window", p.decline_window_days),
    ];
    // Active users read as the plain sentence; minutes need their own.
    if variant == "minutes" {
        args.insert(0, arg("variant", variant));
    }
    fired(ctx, RuleId::UsageDeclining, args)
}

/// `part / whole` as a floored whole percentage, for the reason text.
fn pct_of(part: u32, whole: u32) -> u64 {
    u64::from(part) * 100 / u64::from(whole.max(1))
}

/// Active users / seats below `seat_use_pct`% in the latest snapshot.
pub(crate) fn low_seat_use(ctx: &Ctx<'_>) -> Option<Reason> {
    let u = ctx.usage.last().filter(|u| u.seats > 0)?;
    if u64::from(u.active_users) * 100 >= u64::from(ctx.cfg.params.seat_use_pct) * u64::from(u.seats) {
        return None;
    }
    fired(
        ctx,
        RuleId::LowSeatUse,
        vec![
            arg("active", u.active_users),
            arg("seats", u.seats),
            arg("pct", pct_of(u.active_users, u.seats)),
        ],
    )
}

/// Features used / available below `breadth_pct`% in the latest snapshot (功能使用广度).
pub(crate) fn shallow_adoption(ctx: &Ctx<'_>) -> Option<Reason> {
    let u = ctx.usage.last().filter(|u| u.features_total > 0)?;
    if u64::from(u.features_used) * 100 >= u64::from(ctx.cfg.params.breadth_pct) * u64::from(u.features_total)
    {
        return None;
    }
    fired(
        ctx,
        RuleId::ShallowAdoption,
        vec![
            arg("used", u.features_used),
            arg("total", u.features_total),
            arg("pct", pct_of(u.features_used, u.features_total)),
        ],
    )
}
