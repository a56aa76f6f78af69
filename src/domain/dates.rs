//! Date parsing for files (absolute dates) and forms (also relative dates).

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (expected 2026-03-01, 2026/3/1 or 2026年3月1日)")]
    Format(String),
    #[error("'{0}' is not a real calendar date")]
    Impossible(String),
    #[error("'{0}' is not a date (expected 2026-12-01, 12-01, +30d, +2w, +1y, mon, today or tomorrow)")]
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
/// `12月1日`, resolved by `facing`), `+30d`, `+2w`, `+6m`, `+1y`, `-3d`, `today`, `tomorrow`, `yesterday`,
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
        return relative(&s[1..], sign == '-', today).ok_or_else(|| DateError::Input(text.to_string()));
    }
    match parse_date(&s) {
        Ok(d) => return Ok(d),
        Err(DateError::Impossible(_)) => return Err(DateError::Impossible(text.to_string())),
        Err(_) => {}
    }
    let (m, d) = month_day(&s).ok_or_else(|| DateError::Input(text.to_string()))?;
    resolve_month_day(m, d, today, facing).ok_or_else(|| DateError::Impossible(text.to_string()))
}

/// `30d`, `2w`, `6m`, `1y` (the sign already taken) from today: days and weeks count days,
/// months and years the calendar's (a renewal `+1y` from 2026-11-22 is 2027-11-22; from
/// 31 January, `+1m` is the last day of February). At most a hundred years either way.
fn relative(body: &str, back: bool, today: NaiveDate) -> Option<NaiveDate> {
    let unit_at = body.char_indices().last().map_or(0, |(i, _)| i);
    let (n, unit) = body.split_at(unit_at);
    // Digits only: a second sign (`+-1y`) is no date.
    let n: i64 = n.bytes().all(|b| b.is_ascii_digit()).then(|| n.parse().ok()).flatten()?;
    let (per, calendar) = match unit {
        "d" => (1, false),
        "w" => (7, false),
        "m" => (1, true),
        "y" => (12, true),
        _ => return None,
    };
    let steps = n.checked_mul(per)?;
    if !calendar {
        let days = Some(steps).filter(|d| d.abs() <= 36_500)?;
        return Some(today + Duration::days(if back { -days } else { days }));
    }
    let months = i32::try_from(steps).ok().filter(|&m| m <= 1_200)?;
    Some(add_months(today, if back { -months } else { months }))
}

/// How many days after today a month and day typed in a field for something that happened
/// is taken for a slip (see `near_future_slip`).
const SLIP_DAYS: i64 = 31;

/// What a Chinese weekday name begins with: `周一`, `星期一`, `礼拜一`.
const ZH_WEEK: [&str; 3] = ["周", "星期", "礼拜"];

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
    if !ZH_WEEK.iter().any(|p| rest.starts_with(p)) {
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
    let zh = ZH_WEEK.iter().find_map(|p| s.strip_prefix(p));
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
#[path = "dates_tests.rs"]
mod tests;
