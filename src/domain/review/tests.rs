//! The value report's figures on the two fixture accounts, worked out by hand.

use super::fixtures::{d, declining, growing, today, with_readings};
use super::*;
use crate::domain::UsageId;
use crate::domain::kinds::*;
use proptest::prelude::*;

#[test]
fn the_annual_period_is_the_open_term_up_to_today() {
    let f = growing();
    let p = default_period(&f, ReviewKind::Annual, today());
    assert_eq!(p, Period { from: d(2026, 1, 1), to: d(2026, 11, 22) });
    let q = default_period(&f, ReviewKind::Qbr, today());
    assert_eq!(q, Period { from: d(2026, 8, 23), to: d(2026, 11, 22) });
}

/// A renewal recorded early (at T-30) opens the next term, which has not begun: the annual
/// report is still of the term in force, not of the new one (one day long, no usage).
#[test]
fn an_early_renewal_leaves_the_annual_period_on_the_term_in_force() {
    let mut f = growing();
    let old = f.terms[0].clone();
    f.terms[0].outcome = Some(crate::domain::TermOutcome::Renewed { decided_on: today(), new_arr: old.arr });
    let mut next = old.clone();
    (next.start, next.end, next.outcome) = (old.end, d(2027, 12, 31), None);
    f.terms.push(next);
    let p = default_period(&f, ReviewKind::Annual, today());
    assert_eq!(p, Period { from: d(2026, 1, 1), to: d(2026, 11, 22) });
    // Once the new term has begun, it is the one.
    let later = d(2027, 3, 1);
    assert_eq!(default_period(&f, ReviewKind::Annual, later), Period { from: d(2026, 12, 31), to: later });
    // Before any term began: the open term's first day.
    let early = d(2025, 6, 1);
    assert_eq!(
        default_period(&f, ReviewKind::Annual, early),
        Period { from: d(2026, 12, 31), to: d(2026, 12, 31) }
    );
}

/// An account without any contract: the annual report covers the twelve months up to today.
#[test]
fn without_a_term_the_annual_period_is_the_last_twelve_months() {
    let mut f = growing();
    f.terms.clear();
    assert_eq!(
        default_period(&f, ReviewKind::Annual, today()),
        Period { from: d(2025, 11, 23), to: today() }
    );
}

#[test]
fn growing_usage_first_three_months_against_the_last_three() {
    let f = growing();
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let u = r.usage;
    // Windows: 01-01..03-31 and 08-23..11-22 (three months back from 11-22, exclusive).
    assert_eq!(u.before_window, (d(2026, 1, 1), d(2026, 3, 31)));
    assert_eq!(u.after_window, (d(2026, 8, 23), d(2026, 11, 22)));
    let b = u.before.unwrap();
    let a = u.after.unwrap();
    // Before: Jan, Feb, Mar readings. Active (10+12+14)/3 = 12; logins (100+130+160)/3 =
    // 130; minutes 7600/3 = 2533.3 → 2533; features (8+9+10)/3 = 9 of 20.
    assert_eq!((b.readings, b.active_users, b.seats, b.logins, b.minutes), (3, 12, 40, 130, 2533));
    assert_eq!((b.features_used, b.features_total), (9, 20));
    // After: Sep, Oct, Nov (the June reading is in neither). Active 90/3 = 30; logins 960/3
    // = 320; minutes 19300/3 = 6433.3 → 6433; features 45/3 = 15.
    assert_eq!((a.readings, a.active_users, a.logins, a.minutes, a.features_used), (3, 30, 320, 6433, 15));
    assert!(!u.before_is_earliest);
    // 12/40 = 30% → 30/40 = 75%; breadth 9/20 = 45% → 15/20 = 75%.
    assert_eq!((b.seat_use_pct(), a.seat_use_pct()), (Some(30), Some(75)));
    assert_eq!((b.breadth_pct(), a.breadth_pct()), (Some(45), Some(75)));
    // From the exact averages: +150%; 960/390 - 1 = 146.2% → +146; 19300/7600 - 1 = 153.9%
    // → +154; 45/27 - 1 = 66.7% → +67.
    let change = |m| b.change_to(m, &a);
    assert_eq!(change(Metric::ActiveUsers), Some(150));
    assert_eq!(change(Metric::Logins), Some(146));
    assert_eq!(change(Metric::Minutes), Some(154));
    assert_eq!(change(Metric::Features), Some(67));
    assert_eq!(change_pct(2533, 6433), Some(154));
}

#[test]
fn declining_usage_is_negative() {
    let f = declining();
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    // Before (Mar–May): active 144/3 = 48; logins 1680/3 = 560; minutes 26000/3 = 8666.7 →
    // 8667; features 35/3 = 11.7 → 12. After (Sep–Nov): active 73/3 = 24.3 → 24; logins
    // 740/3 = 246.7 → 247; minutes 10100/3 = 3366.7 → 3367; features 21/3 = 7.
    assert_eq!((b.active_users, b.logins, b.minutes, b.features_used), (48, 560, 8667, 12));
    assert_eq!((a.active_users, a.logins, a.minutes, a.features_used), (24, 247, 3367, 7));
    // The changes are of the exact averages, not of the rounded ones above: active 73/144
    // - 1 = -49.3% → -49 (48 → 24 would be -50); logins 740/1680 - 1 = -56.0% → -56;
    // minutes 10100/26000 - 1 = -61.2% → -61; features 21/35 - 1 = -40% (12 → 7: -42).
    let change = |m| b.change_to(m, &a);
    assert_eq!(change(Metric::ActiveUsers), Some(-49));
    assert_eq!(change(Metric::Logins), Some(-56));
    assert_eq!(change(Metric::Minutes), Some(-61));
    assert_eq!(change(Metric::Features), Some(-40));
    assert_eq!(change(Metric::Seats), Some(0));
    // Seat use 144/180 = 80% → 73/180 = 40.6% (41%): -39.4 → -39 pts; breadth 35/60 =
    // 58.3% (58%) → 21/60 = 35%: -23.3 → -23 pts.
    assert_eq!((b.seat_use_pct(), a.seat_use_pct()), (Some(80), Some(41)));
    assert_eq!((b.breadth_pct(), a.breadth_pct()), (Some(58), Some(35)));
    assert_eq!(b.seat_use().unwrap().points_to(a.seat_use().unwrap()), -39);
    assert_eq!(b.breadth().unwrap().points_to(a.breadth().unwrap()), -23);
}

/// A CSM's trial (Soylent Clinics): 12 active users of 14 seats before, 12, 12, 13 and 0
/// after. The change, the seat use and its move are taken from the exact averages (9.25
/// after), never from the rounded ones (9): -22.9% is -23% (it read -25%), 9.25/14 = 66.1%
/// is 66% (64%), 85.7% → 66.1% is -19.6 → -20 pts (-22).
#[test]
fn derived_figures_come_from_the_exact_averages() {
    let f =
        with_readings(&[(2, 15, 12, 14), (9, 15, 12, 14), (10, 1, 12, 14), (10, 15, 13, 14), (11, 1, 0, 14)]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((a.readings, a.active_users, a.totals.active_users), (4, 9, 37), "shown 9, counted 9.25");
    assert_eq!(b.change_to(Metric::ActiveUsers, &a), Some(-23));
    assert_eq!(b.change_to(Metric::Seats, &a), Some(0));
    assert_eq!((b.seat_use_pct(), a.seat_use_pct()), (Some(86), Some(66)));
    assert_eq!(b.seat_use().unwrap().points_to(a.seat_use().unwrap()), -20);
    // Globex Partners: 26.6 active users of 62 seats is 42.9%, 43% (the rounded 27 gave 44%).
    let f = with_readings(&[
        (2, 1, 25, 62),
        (9, 1, 25, 62),
        (9, 20, 26, 62),
        (10, 5, 27, 62),
        (10, 20, 27, 62),
        (11, 5, 28, 62),
    ]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((a.active_users, a.seat_use_pct()), (27, Some(43)));
    // 25 → 26.6 is +6.4%: +6 (the rounded 27 gave +8); 40.3% → 42.9% is +2.6: +3 pts.
    assert_eq!(b.change_to(Metric::ActiveUsers, &a), Some(6));
    assert_eq!(b.seat_use().unwrap().points_to(a.seat_use().unwrap()), 3);
    // A half rounds away from zero both ways: 1 of 8 seats (12.5%) to none is -13 pts.
    let f = with_readings(&[(2, 1, 1, 8), (11, 1, 0, 8)]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((b.seat_use_pct(), b.seat_use().unwrap().points_to(a.seat_use().unwrap())), (Some(13), -13));
    assert_eq!(a.change_to(Metric::ActiveUsers, &b), None, "no base: 0 active users before");
    // A side shown as 0 is no base either: 0.33 active users on average (0, 0, 1) read
    // "0 → 5, +1400%".
    let f = with_readings(&[(2, 1, 0, 8), (2, 15, 0, 8), (3, 1, 1, 8), (11, 1, 5, 8), (11, 15, 5, 8)]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((b.readings, b.active_users, b.totals.active_users), (3, 0, 1));
    assert_eq!(b.change_to(Metric::ActiveUsers, &a), None, "shown 0 → 5");
    assert_eq!(b.change_to(Metric::Seats, &a), Some(0));
    // No seats on a side: no share of them (not a division by zero).
    let f = with_readings(&[(2, 1, 3, 0), (11, 1, 4, 0)]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((b.seat_use(), b.seat_use_pct(), a.seat_use_pct()), (None, None, None));
    // The move is of the exact shares, not of the rounded ones: 12.5% (13%) → 37.4% (37%)
    // is +24.9, +25 pts (37 - 13 would say +24).
    let f = with_readings(&[(2, 1, 1, 8), (11, 1, 187, 500)]);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
    assert_eq!((b.seat_use_pct(), a.seat_use_pct()), (Some(13), Some(37)));
    assert_eq!(b.seat_use().unwrap().points_to(a.seat_use().unwrap()), 25);
}

/// The side's last reading is kept as it was read: the report said "latest" of an average.
#[test]
fn the_last_reading_is_kept_beside_the_average() {
    let f = with_readings(&[(11, 7, 16, 20), (11, 22, 18, 20)]);
    // A period shorter than the windows: both readings are "before".
    let r = compute(&f, ReviewKind::Annual, Period { from: d(2026, 11, 1), to: today() });
    assert_eq!(r.usage.after, None, "both readings are on one side");
    let one = r.usage.before.unwrap();
    assert_eq!(
        (one.readings, one.active_users, one.last, one.last_active_users),
        (2, 17, d(2026, 11, 22), 18)
    );
}

#[test]
fn requirements_promises_complaints_and_goals() {
    let f = growing();
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    // ERP delivered 06-30 (closed later: the delivery date counts); the rejected one is neither.
    assert_eq!(r.delivered.len(), 1);
    assert_eq!((r.delivered[0].req.id.0, r.delivered[0].on), (1, d(2026, 6, 30)));
    assert_eq!(r.open.iter().map(|q| q.id.0).collect::<Vec<_>>(), vec![2]);
    assert_eq!(r.kept.iter().map(|p| p.id.0).collect::<Vec<_>>(), vec![1]);
    assert_eq!(r.not_kept.iter().map(|p| p.id.0).collect::<Vec<_>>(), vec![2]);
    // 05-10 09:00 → 17:00 is 8 h; 10-20 10:00 → 10-22 10:00 is 48 h.
    assert_eq!(r.complaints.iter().map(|c| c.hours).collect::<Vec<_>>(), vec![Some(8), Some(48)]);
    assert_eq!(r.fixed_within_a_day(), 1);
    assert_eq!(r.goals.len(), 2, "the open requirement and the open promise");
    // Open follow-up tasks become goals too; one closed before the period ended does not.
    let mut f = f.clone();
    use crate::domain::{Task, TaskId, TaskOrigin, TaskStatus};
    let mut t = Task::new(f.account.id, "扩容报价 🚀", d(2026, 12, 1), TaskOrigin::Touchpoint, d(2026, 9, 1));
    t.id = TaskId(1);
    let mut closed = t.clone();
    closed.id = TaskId(2);
    closed.status = TaskStatus::Done;
    closed.done_on = Some(d(2026, 9, 2));
    f.tasks = vec![t, closed];
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    assert_eq!(r.goals.len(), 3);
    assert!(matches!(r.goals.last(), Some(Goal::Follow(t)) if t.id == TaskId(1)));
    let g = declining();
    let r = compute(&g, ReviewKind::Annual, default_period(&g, ReviewKind::Annual, today()));
    assert!(r.delivered.is_empty() && r.kept.is_empty());
    assert_eq!(r.not_kept.len(), 1, "broken on 07-01, inside the term");
    assert_eq!(r.complaints[0].hours, None);
    assert!(matches!(r.goals.as_slice(), [Goal::Deliver(_), Goal::Resolve(_)]));
}

/// The windows' edges: a reading on the first day after the "before" window is not in it,
/// one on the day before the "after" window is not in that (both windows three months of
/// an annual period from 2026-01-01 to 2026-11-22: before to 03-31, after from 08-23).
#[test]
fn readings_on_the_windows_edges() {
    let mut f = growing();
    let mut edge = |date| {
        let mut u = f.usage[0].clone();
        (u.id, u.date) = (UsageId(100 + f.usage.len() as i64), date);
        f.usage.push(u);
    };
    edge(d(2026, 4, 1));
    edge(d(2026, 8, 22));
    f.usage.sort_by_key(|u| u.date);
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    assert_eq!(r.usage.before.unwrap().readings, 3, "Jan, Feb, Mar");
    assert_eq!(r.usage.after.unwrap().readings, 3, "Sep, Oct, Nov");
}

#[test]
fn a_period_without_early_readings_compares_from_the_earliest() {
    let mut f = growing();
    f.usage.retain(|u| u.date >= d(2026, 6, 1));
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    assert!(r.usage.before_is_earliest);
    let b = r.usage.before.unwrap();
    assert_eq!((b.readings, b.first, b.active_users), (1, d(2026, 6, 15), 20));
    assert_eq!(r.usage.after.unwrap().readings, 3);
    assert_eq!(r.usage.after_window, (d(2026, 8, 23), d(2026, 11, 22)), "the windows do not meet");
    // The earliest reading inside the "after" window: that window starts past it, as its
    // readings do (it said 08-23 while the 09-15 reading was the "before").
    f.usage.retain(|u| u.date >= d(2026, 9, 1));
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    assert_eq!(r.usage.before.as_ref().unwrap().first, d(2026, 9, 15));
    assert_eq!(r.usage.after.as_ref().unwrap().readings, 2);
    assert_eq!(r.usage.after_window, (d(2026, 9, 16), d(2026, 11, 22)));
    f.usage.clear();
    let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
    assert_eq!((r.usage.before, r.usage.after), (None, None));
}

#[test]
fn a_qbr_compares_the_first_month_with_the_last() {
    let f = growing();
    let p = default_period(&f, ReviewKind::Qbr, today());
    let r = compute(&f, ReviewKind::Qbr, p);
    // 08-23..09-22 holds the Sep reading; 10-23..11-22 the Nov one.
    assert_eq!(r.usage.before.unwrap().active_users, 28);
    assert_eq!(r.usage.after.unwrap().active_users, 32);
    assert!(r.delivered.is_empty(), "ERP was delivered before the quarter");
    assert_eq!(r.complaints.len(), 1);
}

#[test]
fn change_rounds_half_away_from_zero() {
    assert_eq!(change_pct(0, 5), None);
    assert_eq!(change_pct(8, 9), Some(13)); // 12.5
    assert_eq!(change_pct(8, 7), Some(-13)); // -12.5
    assert_eq!(change_pct(3, 4), Some(33));
    assert_eq!(change_pct(5, 5), Some(0));
    assert_eq!(ReviewKind::parse("QBR"), Some(ReviewKind::Qbr));
    assert_eq!(ReviewKind::parse("x"), None);
    let _ = ReqStatus::Closed;
}

proptest! {
    /// The change is within half a percent of the exact ratio, and never points the wrong way.
    #[test]
    fn change_is_the_rounded_ratio(before in 1u32..100_000, after in 0u32..100_000) {
        let c = change_pct(before, after).unwrap();
        let exact = (f64::from(after) - f64::from(before)) * 100.0 / f64::from(before);
        prop_assert!((c as f64 - exact).abs() <= 0.5 + 1e-9);
        // A move of under half a percent rounds to 0; otherwise the sign is the move's.
        prop_assert!(c == 0 || c.signum() == i64::from(after.cmp(&before) as i8));
    }

    /// The change and the move in points are within half a unit of the exact figures of
    /// the averages, however the averages round.
    #[test]
    fn derived_figures_are_the_exact_ones_rounded(
        before in proptest::collection::vec((0u32..500, 1u32..600), 1..5),
        after in proptest::collection::vec((0u32..500, 1u32..600), 1..5),
    ) {
        let days = [(1, 5), (1, 20), (2, 5), (2, 20)];
        let late = [(9, 5), (9, 20), (10, 5), (10, 20)];
        let readings: Vec<(u32, u32, u32, u32)> = before.iter().zip(days).chain(after.iter().zip(late))
            .map(|(&(active, seats), (m, day))| (m, day, active, seats)).collect();
        let f = with_readings(&readings);
        let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
        let (b, a) = (r.usage.before.unwrap(), r.usage.after.unwrap());
        let avg = |side: &[(u32, u32)], i: usize| {
            side.iter().map(|p| f64::from(if i == 0 { p.0 } else { p.1 })).sum::<f64>() / side.len() as f64
        };
        let (ub, ua) = (avg(&before, 0), avg(&after, 0));
        if ub > 0.0 {
            let exact = (ua - ub) * 100.0 / ub;
            let c = b.change_to(Metric::ActiveUsers, &a).unwrap();
            prop_assert!((c as f64 - exact).abs() <= 0.5 + 1e-9, "{c} vs {exact}");
        }
        let (sb, sa) = (ub / avg(&before, 1), ua / avg(&after, 1));
        let p = b.seat_use().unwrap().points_to(a.seat_use().unwrap());
        prop_assert!((p as f64 - (sa - sb) * 100.0).abs() <= 0.5 + 1e-9, "{p} vs {}", (sa - sb) * 100.0);
        prop_assert!((f64::from(a.seat_use_pct().unwrap()) - sa * 100.0).abs() <= 0.5 + 1e-9);
    }

    /// Every reading of the period lands on at most one side, and a side is an average:
    /// between the smallest and the largest of its readings.
    #[test]
    fn windows_split_the_readings(days in proptest::collection::vec(0i64..330, 0..20), users in 0u32..500) {
        let mut f = growing();
        f.usage = days.iter().enumerate().map(|(i, n)| {
            let mut u = f.usage[0].clone();
            u.id = UsageId(i as i64);
            u.date = d(2026, 1, 1) + chrono::Duration::days(*n);
            u.active_users = users + (*n as u32 % 7);
            u
        }).collect();
        f.normalise();
        let r = compute(&f, ReviewKind::Annual, default_period(&f, ReviewKind::Annual, today()));
        let n = r.usage.before.map_or(0, |b| b.readings) + r.usage.after.map_or(0, |a| a.readings);
        prop_assert!(n <= days.len());
        for side in [r.usage.before, r.usage.after].into_iter().flatten() {
            prop_assert!(side.active_users >= users && side.active_users <= users + 6);
        }
    }
}

/// A requirement declined in the period is reported with the day and the reason given (the
/// note of its last move to rejected); one declined before the period, after its end, or
/// taken up again since, is not.
#[test]
fn declined_requirements_are_those_rejected_in_the_period_with_their_reason() {
    use crate::domain::ReqTransition;
    let mut f = growing();
    let rejected_at = d(2026, 3, 20).and_hms_opt(9, 0, 0).unwrap();
    f.requirements[2].history.last_mut().unwrap().note = "不在路线图上 / not on the roadmap".into();
    let period = |from: NaiveDate, to: NaiveDate| Period { from, to };
    let declined = |f: &AccountFacts, p: Period| {
        compute(f, ReviewKind::Annual, p)
            .declined
            .iter()
            .map(|x| (x.req.id.0, x.on, x.reason.to_string()))
            .collect::<Vec<_>>()
    };
    let said = vec![(3, d(2026, 3, 20), "不在路线图上 / not on the roadmap".to_string())];
    assert_eq!(declined(&f, period(d(2026, 1, 1), today())), said);
    assert_eq!(declined(&f, period(d(2026, 3, 20), d(2026, 3, 20))), said, "both ends are in the period");
    assert!(declined(&f, period(d(2026, 3, 21), today())).is_empty(), "declined before the period");
    assert!(declined(&f, period(d(2026, 1, 1), d(2026, 3, 19))).is_empty(), "declined after its end");
    // Declined twice: the last time's day and reason.
    let h = &mut f.requirements[2].history;
    h.push(ReqTransition {
        status: ReqStatus::Collected,
        at: rejected_at + chrono::Duration::days(10),
        note: String::new(),
    });
    h.push(ReqTransition {
        status: ReqStatus::Rejected,
        at: rejected_at + chrono::Duration::days(40),
        note: "again".into(),
    });
    assert_eq!(declined(&f, period(d(2026, 1, 1), today())), vec![(3, d(2026, 4, 29), "again".to_string())]);
    // As of a day between the two: the first, not the later one.
    assert_eq!(declined(&f, period(d(2026, 1, 1), d(2026, 3, 25))), said);
    // Taken up again since: not declined at the end of the period.
    let h = &mut f.requirements[2].history;
    h.push(ReqTransition {
        status: ReqStatus::Analysed,
        at: rejected_at + chrono::Duration::days(50),
        note: String::new(),
    });
    assert!(declined(&f, period(d(2026, 1, 1), today())).is_empty());
    assert_eq!(declined(&f, period(d(2026, 1, 1), d(2026, 5, 1))).len(), 1, "as of an earlier end it was");
}
