use super::*;

#[test]
fn weekday_names_face_their_field() {
    let sun = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(); // a Sunday
    let d = |t, f| parse_date_input(t, sun, f).unwrap().to_string();
    assert_eq!(d("mon", Facing::Future), "2026-11-23");
    assert_eq!(d("Monday", Facing::Future), "2026-11-23");
    assert_eq!(d("周一", Facing::Future), "2026-11-23");
    assert_eq!(d("星期五", Facing::Future), "2026-11-27");
    assert_eq!(d("sun", Facing::Future), "2026-11-29");
    assert_eq!(d("周日", Facing::Past), "2026-11-15");
    assert_eq!(d("fri", Facing::Past), "2026-11-20");
    assert_eq!(d("mon", Facing::Either), "2026-11-23");
    assert!(parse_date_input("mo", sun, Facing::Future).is_err());
    assert!(parse_date_input("周八", sun, Facing::Future).is_err());
}

#[test]
fn days_of_next_last_and_this_week_in_chinese() {
    let sun = d(2026, 11, 22); // a Sunday: its week began on Monday the 16th
    let at = |t: &str, today| parse_date_input(t, today, Facing::Either).unwrap();
    assert_eq!(at("下周一", sun), d(2026, 11, 23), "the week after this one");
    assert_eq!(at("下星期五", sun), d(2026, 11, 27));
    assert_eq!(at("下礼拜天", sun), d(2026, 11, 29));
    assert_eq!(at("上周一", sun), d(2026, 11, 9));
    assert_eq!(at("本周一", sun), d(2026, 11, 16));
    assert_eq!(at("这周日", sun), sun);
    assert_eq!(at("礼拜三", sun), d(2026, 11, 25));
    let mon = d(2026, 11, 23);
    assert_eq!(at("下周一", mon), d(2026, 11, 30));
    assert_eq!(at("本周一", mon), mon);
    assert_eq!(at("上周日", mon), sun);
    assert_eq!(at("后天", mon), d(2026, 11, 25));
    assert_eq!(at("前天", mon), d(2026, 11, 21));
    for bad in ["下周", "下周八", "下mon", "下monday", "上", "这周", "下下周一"] {
        assert!(parse_date_input(bad, sun, Facing::Either).is_err(), "{bad}");
    }
    // A past-facing field still refuses a day after today, however named.
    assert!(parse_date_input("下周一", sun, Facing::Past).is_err());
    assert_eq!(parse_date_input("上周五", sun, Facing::Past).unwrap(), d(2026, 11, 13));
}

#[test]
fn a_month_day_just_after_today_is_a_slip_in_a_past_field() {
    let today = d(2026, 11, 22);
    let slip = |t: &str| near_future_slip(t, today);
    assert_eq!(slip("11-25"), Some(d(2026, 11, 25)));
    assert_eq!(slip(" 12/23 "), Some(d(2026, 12, 23)), "31 days on");
    assert_eq!(slip("12月24日"), None, "32 days on: meant last year");
    assert_eq!(slip("11-23"), Some(d(2026, 11, 23)));
    assert_eq!(
        [slip("11-22"), slip("11-21"), slip("03-01")],
        [None, None, None],
        "this year's is not after today"
    );
    assert_eq!([slip("2026-11-25"), slip("+3d"), slip("02-30"), slip("x")], [None, None, None, None]);
    // Across the new year: 01-05 typed on 12-30 is 6 days on.
    assert_eq!(near_future_slip("01-05", d(2026, 12, 30)), Some(d(2027, 1, 5)));
    assert_eq!(near_future_slip("02-29", d(2027, 2, 20)), None, "no such day for a year");
    assert_eq!(near_future_slip("02-29", d(2028, 2, 20)), Some(d(2028, 2, 29)));
}

use proptest::prelude::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

#[test]
fn absolute_forms() {
    assert_eq!(parse_date("2026-03-01").unwrap(), d(2026, 3, 1));
    assert_eq!(parse_date("2026/3/1").unwrap(), d(2026, 3, 1));
    assert_eq!(parse_date("2026年3月1日").unwrap(), d(2026, 3, 1));
    assert_eq!(parse_date("2026-03-01 10:22:00").unwrap(), d(2026, 3, 1));
    assert_eq!(parse_date("2026-03-01T10:22:00Z").unwrap(), d(2026, 3, 1));
    assert!(matches!(parse_date("2026-02-30"), Err(DateError::Impossible(_))));
    assert!(matches!(parse_date("03/01/2026"), Err(DateError::Format(_))));
    assert!(matches!(parse_date("soon"), Err(DateError::Format(_))));
}

#[test]
fn relative_forms() {
    let today = d(2026, 11, 22);
    let any = |s: &str| parse_date_input(s, today, Facing::Either);
    assert_eq!(any("today").unwrap(), today);
    assert_eq!(any("tomorrow").unwrap(), d(2026, 11, 23));
    assert_eq!(any("明天").unwrap(), d(2026, 11, 23));
    assert_eq!(any("yesterday").unwrap(), d(2026, 11, 21));
    assert_eq!(any("+30d").unwrap(), d(2026, 12, 22));
    assert_eq!(any("+2w").unwrap(), d(2026, 12, 6));
    assert_eq!(any("-3d").unwrap(), d(2026, 11, 19));
    assert_eq!(any("-2w").unwrap(), d(2026, 11, 8));
    assert_eq!(any("2026-12-01").unwrap(), d(2026, 12, 1));
    assert!(matches!(any("02-30"), Err(DateError::Impossible(_))));
    assert!(matches!(any("2026-02-30"), Err(DateError::Impossible(_))));
    assert!(matches!(any("13-01"), Err(DateError::Impossible(_))));
    // Months and years on the calendar (a contract's term), clamped to a month's end.
    assert_eq!(any("+1y").unwrap(), d(2027, 11, 22));
    assert_eq!(any("+2y").unwrap(), d(2028, 11, 22));
    assert_eq!(any("+12m").unwrap(), d(2027, 11, 22));
    assert_eq!(any("+3m").unwrap(), d(2027, 2, 22));
    assert_eq!(any("-1y").unwrap(), d(2025, 11, 22));
    assert_eq!(any("-6M").unwrap(), d(2026, 5, 22));
    let jan31 = |s: &str| parse_date_input(s, d(2026, 1, 31), Facing::Either);
    assert_eq!(jan31("+1m").unwrap(), d(2026, 2, 28));
    assert_eq!(parse_date_input("+1y", d(2028, 2, 29), Facing::Either).unwrap(), d(2029, 2, 28));
    assert!(any("+100y").is_ok() && any("+1200m").is_ok() && any("-100y").is_ok());
    assert!(matches!(any("+101y"), Err(DateError::Input(_))));
    assert!(matches!(any("+1201m"), Err(DateError::Input(_))));
    assert!(matches!(any("+-1y"), Err(DateError::Input(_))));
    assert!(
        matches!(any("+-3d"), Err(DateError::Input(_))) && matches!(any("-+3d"), Err(DateError::Input(_)))
    );
    assert!(matches!(any("+3q"), Err(DateError::Input(_))));
    assert!(matches!(any("+y"), Err(DateError::Input(_))));
    assert!(any("+99999999999d").is_err());
    assert!(any("+36500d").is_ok());
    assert!(any("-36500d").is_ok() && any("+36501d").is_err() && any("-36501d").is_err());
    assert!(any("+36501d").is_err());
    assert!(any("+5214w").is_ok());
    assert!(any("+5215w").is_err());
    assert!(any("+5215.5w").is_err());
    assert!(matches!(any("11-20-"), Err(DateError::Input(_))));
    assert!(matches!(any("111-20"), Err(DateError::Input(_))));
    assert!(matches!(any("-11-20"), Err(DateError::Input(_))));
}

/// B8: on 2026-11-22, `11-20` is two days ago in a past-facing field and next year's
/// in a future-facing one; a past-facing field refuses any day after today.
#[test]
fn short_dates_resolve_by_direction() {
    let today = d(2026, 11, 22);
    let past = |s: &str| parse_date_input(s, today, Facing::Past);
    let future = |s: &str| parse_date_input(s, today, Facing::Future);
    let either = |s: &str| parse_date_input(s, today, Facing::Either);
    assert_eq!(past("11-20").unwrap(), d(2026, 11, 20));
    assert_eq!(past("11/20").unwrap(), d(2026, 11, 20));
    assert_eq!(past("11月20日").unwrap(), d(2026, 11, 20));
    assert_eq!(past("12-01").unwrap(), d(2025, 12, 1));
    assert_eq!(past("11-22").unwrap(), today);
    assert_eq!(future("11-20").unwrap(), d(2027, 11, 20));
    assert_eq!(future("11-22").unwrap(), today);
    assert_eq!(future("03-01").unwrap(), d(2027, 3, 1));
    assert_eq!(either("11-20").unwrap(), d(2026, 11, 20));
    assert_eq!(either("12-01").unwrap(), d(2026, 12, 1));
    assert_eq!(either("03-01").unwrap(), d(2027, 3, 1), "99 days ahead, 266 back");
    assert_eq!(either("05-22").unwrap(), d(2027, 5, 22), "181 days ahead, 184 back");
    assert_eq!(either("06-01").unwrap(), d(2026, 6, 1), "191 days ahead, 174 back");
    let tie = parse_date_input("05-22", d(2027, 11, 21), Facing::Either).unwrap();
    assert_eq!(tie, d(2028, 5, 22), "183 days either way: the coming one");
    assert_eq!(past("02-29").unwrap(), d(2024, 2, 29));
    assert_eq!(future("02-29").unwrap(), d(2028, 2, 29));
    for typed in ["tomorrow", "+1d", "2026-11-23", "2027/1/1"] {
        let e = past(typed).unwrap_err();
        assert_eq!(e, DateError::AfterToday { text: typed.into(), today }, "{typed}");
        assert!(e.to_string().contains("after today (2026-11-22)"), "{e}");
    }
    assert_eq!(past("today").unwrap(), today);
    assert_eq!(future("-3d").unwrap(), d(2026, 11, 19), "a relative day is what it says");
    assert_eq!(future("2020-01-01").unwrap(), d(2020, 1, 1), "an overdue due date is allowed");
    assert_eq!(check_facing(d(2026, 11, 23), " x ", today, Facing::Future).unwrap(), d(2026, 11, 23));
    assert_eq!(check_facing(today, "x", today, Facing::Past).unwrap(), today);
}

/// Every date `month`-`day` falls on, from `lo` to `hi` inclusive.
fn occurrences(month: u32, day: u32, lo: NaiveDate, hi: NaiveDate) -> Vec<NaiveDate> {
    (lo.year()..=hi.year())
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .filter(|x| (lo..=hi).contains(x))
        .collect()
}

#[test]
fn months_clamp() {
    assert_eq!(add_months(d(2026, 1, 31), 1), d(2026, 2, 28));
    assert_eq!(add_months(d(2026, 11, 15), 3), d(2027, 2, 15));
    assert_eq!(add_months(d(2026, 3, 15), -3), d(2025, 12, 15));
}

proptest! {
    /// `+Ny` is `+(12N)m`, lands on the same month, and on the same day unless that month
    /// is shorter (29 February), and `-Ny` undoes it on any day a month's end did not clamp.
    #[test]
    fn years_are_twelve_months_on_the_calendar(y in 2000i32..2100, doy in 0i64..365, n in 0i64..=100) {
        let today = d(y, 1, 1) + chrono::Duration::days(doy);
        let any = |s: String| parse_date_input(&s, today, Facing::Either).unwrap();
        let ahead = any(format!("+{n}y"));
        prop_assert_eq!(ahead, any(format!("+{}m", 12 * n)));
        prop_assert_eq!((ahead.year(), ahead.month()), (today.year() + n as i32, today.month()));
        prop_assert!(ahead.day() == today.day() || (today.month(), today.day()) == (2, 29));
        if today.day() <= 28 {
            prop_assert_eq!(parse_date_input(&format!("-{n}y"), ahead, Facing::Either).unwrap(), today);
        }
    }

    #[test]
    fn never_panics(s in "\\PC{0,16}") {
        let _ = parse_date(&s);
        for facing in [Facing::Past, Facing::Future, Facing::Either] {
            let _ = parse_date_input(&s, d(2026, 11, 22), facing);
        }
    }

    /// A past-facing short date is never after today, a future-facing one never
    /// before; each is the nearest day with the typed month and day in its direction
    /// (no such day lies between it and today), and "either" takes the nearer.
    #[test]
    fn short_dates_are_the_nearest_in_their_direction(
        offset in -80_000i64..80_000,
        month in 1u32..=12,
        day in 1u32..=31,
    ) {
        let today = d(2026, 11, 22) + Duration::days(offset);
        let typed = format!("{month:02}-{day:02}");
        let real = NaiveDate::from_ymd_opt(2000, month, day).is_some();
        let past = parse_date_input(&typed, today, Facing::Past);
        let future = parse_date_input(&typed, today, Facing::Future);
        let either = parse_date_input(&typed, today, Facing::Either);
        if !real {
            for r in [past, future, either] {
                prop_assert!(matches!(r, Err(DateError::Impossible(_))), "{:?}", r);
            }
            return Ok(());
        }
        let (p, f, e) = (past.unwrap(), future.unwrap(), either.unwrap());
        for x in [p, f, e] {
            prop_assert_eq!((x.month(), x.day()), (month, day));
        }
        prop_assert!(p <= today && f >= today);
        // Nothing with that month and day lies between the answer and today.
        prop_assert_eq!(occurrences(month, day, p, today), vec![p]);
        prop_assert_eq!(occurrences(month, day, today, f), vec![f]);
        let nearer = if today - p < f - today { p } else { f };
        prop_assert_eq!(e, nearer);
    }

    /// Whatever is typed, a past-facing field never yields a day after today.
    #[test]
    fn past_facing_is_never_after_today(s in "[-+0-9a-z/月日]{0,8}", offset in -3_000i64..3_000) {
        let today = d(2026, 11, 22) + Duration::days(offset);
        if let Ok(x) = parse_date_input(&s, today, Facing::Past) {
            prop_assert!(x <= today, "{} -> {}", s, x);
        }
    }

    /// `下周X` lies in the calendar week after today's, `上周X` in the one before,
    /// `本周X` in today's, each on weekday X (weeks start on Monday).
    #[test]
    fn week_days_fall_in_their_week(offset in -3_000i64..3_000, day in 0usize..7, which in 0usize..3) {
        let today = d(2026, 11, 22) + Duration::days(offset);
        let han = ["一", "二", "三", "四", "五", "六", "日"][day];
        let (prefix, weeks) = [("下周", 1i64), ("上周", -1), ("本周", 0)][which];
        let x = parse_date_input(&format!("{prefix}{han}"), today, Facing::Either).unwrap();
        prop_assert_eq!(x.weekday().num_days_from_monday() as usize, day);
        let week = |date: NaiveDate| date.iso_week().year() * 100 + date.iso_week().week() as i32;
        let in_week = today + Duration::days(7 * weeks);
        prop_assert_eq!(week(x), week(in_week));
    }

    #[test]
    fn iso_round_trips(days in 0i64..40_000) {
        let date = d(1990, 1, 1) + Duration::days(days);
        prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()).unwrap(), date);
    }
}
