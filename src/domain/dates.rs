//! Date parsing for files (absolute dates) and forms (also relative dates).

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (expected 2026-03-01, 2026/3/1 or 2026年3月1日)")]
    Format(String),
    #[error("'{0}' is not a real calendar date")]
    Impossible(String),
    #[error("'{0}' is not a date (expected 2026-12-01, 12-01, +30d, +2w, mon, today or tomorrow)")]
    Input(String),
    #[error("'{text}' is after today ({today}): this records something that has already happened")]
    AfterToday { text: String, today: NaiveDate },
}

/// Which way a date field looks from today. It decides what a date typed without a year
/// (`11-20`) means, and whether a day after today is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facing {
    /// Something that has happened (a touchpoint, a complaint raised, a contact who left,
    /// an outcome decided): `11-20` is the most recent 20 November, and a day after today
    /// is refused (a complaint dated next year could never breach its 24 hours).
    Past,
    /// Something due (a promise, a renewal): `11-20` is the next 20 November, today included.
    Future,
    /// Either way (a contract start): the nearer of the two, the coming one on a tie.
    Either,
}

/// Refuses a day after today in a past-facing field; `text` is what was typed or read.
pub fn check_facing(
    date: NaiveDate,
    text: &str,
    today: NaiveDate,
    facing: Facing,
) -> Result<NaiveDate, DateError> {
    if facing == Facing::Past && date > today {
        return Err(DateError::AfterToday { text: text.trim().to_string(), today });
    }
    Ok(date)
}

/// The day `month`-`day` nearest to today in the direction `facing` (None when no year has
/// that day: `02-30`). 29 February is looked for up to eight years away (2096 to 2104).
pub fn resolve_month_day(month: u32, day: u32, today: NaiveDate, facing: Facing) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2000, month, day)?; // a leap year: any real month-day exists in it
    let on = |y: i32| NaiveDate::from_ymd_opt(y, month, day);
    let past = (0..=8).filter_map(|k| on(today.year() - k)).find(|d| *d <= today);
    let next = (0..=8).filter_map(|k| on(today.year() + k)).find(|d| *d >= today);
    match facing {
        Facing::Past => past,
        Facing::Future => next,
        Facing::Either => match (past, next) {
            (Some(p), Some(n)) => Some(if today - p < n - today { p } else { n }),
            (p, n) => n.or(p),
        },
    }
}

/// `11-20`, `11/20`, `11月20日` (month first, as both languages write it).
fn month_day(s: &str) -> Option<(u32, u32)> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let (m, d) = s.split_once(['-', '/', '月'])?;
    let num = |p: &str| -> Option<u32> {
        (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
    };
    Some((num(m)?, num(d)?))
}

/// An absolute date as found in CRM exports: `2026-03-01`, `2026/3/1`, `2026.3.1`,
/// `2026年3月1日`, optionally followed by a time (`2026-03-01 10:00:00`, `2026-03-01T10:00Z`).
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let s = text.trim();
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() != 3 {
        return Err(DateError::Format(text.to_string()));
    }
    let num = |p: &str, max_len: usize| -> Result<u32, DateError> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DateError::Format(text.to_string()));
        }
        p.parse().map_err(|_| DateError::Format(text.to_string()))
    };
    if parts[0].len() != 4 {
        return Err(DateError::Format(text.to_string()));
    }
    let (y, m, d) = (num(parts[0], 4)?, num(parts[1], 2)?, num(parts[2], 2)?);
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| DateError::Impossible(text.to_string()))
}

/// A date typed in a form: any absolute form, a month and day (`12-01`, `12/01`,
/// `12月1日`, resolved by `facing`), `+30d`, `+2w`, `-3d`, `today`, `tomorrow`, `yesterday`,
/// `今天`, `明天`, `昨天`, `后天`, `前天`, a weekday, a day of next, last or this week
/// (`下周一`). A past-facing field refuses a day after today, however typed.
pub fn parse_date_input(text: &str, today: NaiveDate, facing: Facing) -> Result<NaiveDate, DateError> {
    let date = resolve_input(text, today, facing)?;
    check_facing(date, text, today, facing)
}

fn resolve_input(text: &str, today: NaiveDate, facing: Facing) -> Result<NaiveDate, DateError> {
    let s = text.trim().to_lowercase();
    match s.as_str() {
        "today" | "t" | "今天" => return Ok(today),
        "tomorrow" | "明天" => return Ok(today + Duration::days(1)),
        "yesterday" | "昨天" => return Ok(today - Duration::days(1)),
        "后天" => return Ok(today + Duration::days(2)),
        "前天" => return Ok(today - Duration::days(2)),
        _ => {}
    }
    if let Some(date) = in_week(&s, today) {
        return Ok(date);
    }
    if let Some(day) = weekday(&s) {
        return Ok(on_weekday(day, today, facing));
    }
    if let Some(sign) = s.chars().next().filter(|c| *c == '+' || *c == '-') {
        let body = &s[1..]; // the sign is one ASCII byte
        let unit_at = body.char_indices().last().map_or(0, |(i, _)| i);
        let (n, unit) = body.split_at(unit_at);
        let per = match unit {
            "d" => 1,
            "w" => 7,
            _ => return Err(DateError::Input(text.to_string())),
        };
        let n: i64 = n.parse().map_err(|_| DateError::Input(text.to_string()))?;
        let days = n
            .checked_mul(per)
            .filter(|d| d.abs() <= 36_500)
            .ok_or_else(|| DateError::Input(text.to_string()))?;
        let days = if sign == '-' { -days } else { days };
        return Ok(today + Duration::days(days));
    }
    match parse_date(&s) {
        Ok(d) => return Ok(d),
        Err(DateError::Impossible(_)) => return Err(DateError::Impossible(text.to_string())),
        Err(_) => {}
    }
    let (m, d) = month_day(&s).ok_or_else(|| DateError::Input(text.to_string()))?;
    resolve_month_day(m, d, today, facing).ok_or_else(|| DateError::Impossible(text.to_string()))
}

/// How many days after today a month and day typed in a field for something that happened
/// is taken for a slip (see `near_future_slip`).
const SLIP_DAYS: i64 = 31;

/// A month and day typed in a past-facing field is the last such day before today. When
/// the coming one is only days away (`11-25` typed on 11-22), the user likelier slipped
/// than meant a year ago: the coming day, for a warning to confirm (a milestone
/// was saved done, and a renewal decided, on 2025-11-25 with no word but the date shown
/// under the field: CSM trial, session 24). None for any other text.
pub fn near_future_slip(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (m, d) = month_day(&text.trim().to_lowercase())?;
    // The coming such day: this year's, or next year's (`01-05` typed on 12-30).
    let coming = [today.year(), today.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
        .find(|x| *x > today)?;
    ((coming - today).num_days() <= SLIP_DAYS).then_some(coming)
}

/// A day of next, last or this calendar week: `下周一`, `上周五`, `本周三`, `这周三` (also
/// with `星期`, `礼拜`). Chinese calendars start the week on Monday: on a Sunday, `下周一` is
/// tomorrow. A bare `周一` faces its field instead (`on_weekday`).
fn in_week(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    const WEEKS: [(&str, i64); 4] = [("下", 1), ("上", -1), ("本", 0), ("这", 0)];
    let (weeks, rest) = WEEKS.iter().find_map(|(p, w)| s.strip_prefix(p).map(|rest| (*w, rest)))?;
    if !["周", "星期", "礼拜"].iter().any(|p| rest.starts_with(p)) {
        return None;
    }
    let day = weekday(rest)?;
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    Some(monday + Duration::days(7 * weeks + i64::from(day.num_days_from_monday())))
}

/// A day of the week by name: `mon`, `monday`, `周一`, `星期一`, `礼拜一` (Sunday also
/// `周日`, `周天`).
fn weekday(s: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    const NAMES: [(chrono::Weekday, &str, &str, &str); 7] = [
        (Mon, "mon", "monday", "一"),
        (Tue, "tue", "tuesday", "二"),
        (Wed, "wed", "wednesday", "三"),
        (Thu, "thu", "thursday", "四"),
        (Fri, "fri", "friday", "五"),
        (Sat, "sat", "saturday", "六"),
        (Sun, "sun", "sunday", "日"),
    ];
    let zh = s.strip_prefix("周").or_else(|| s.strip_prefix("星期")).or_else(|| s.strip_prefix("礼拜"));
    NAMES
        .iter()
        .find(|(_, short, long, han)| s == *short || s == *long || zh.is_some_and(|z| z == *han))
        .map(|n| n.0)
        .or_else(|| (zh == Some("天")).then_some(Sun))
}

/// A weekday named in a date field: in a field for something due, the next such day after
/// today (`mon` on a Monday is a week on: "snooze to Monday" never means now); in a past
/// field the last such day before today; in a field facing either way the coming one.
fn on_weekday(day: chrono::Weekday, today: NaiveDate, facing: Facing) -> NaiveDate {
    let ahead =
        (day.num_days_from_monday() as i64 - today.weekday().num_days_from_monday() as i64).rem_euclid(7);
    match facing {
        Facing::Past => today - Duration::days(if ahead == 0 { 7 } else { 7 - ahead }),
        _ => today + Duration::days(if ahead == 0 { 7 } else { ahead }),
    }
}

/// Adds calendar months, clamping to the end of a shorter month (Jan 31 + 1 month = Feb 28).
pub fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 + months;
    let (y, m0) = (total.div_euclid(12), total.rem_euclid(12) as u32);
    let mut day = date.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(y, m0 + 1, day) {
            return d;
        }
        day -= 1; // terminates: every month has a 28th
    }
}

#[cfg(test)]
mod tests {
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
        assert!(matches!(any("+3y"), Err(DateError::Input(_))));
        assert!(any("+99999999999d").is_err());
        assert!(any("+36500d").is_ok());
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
}
