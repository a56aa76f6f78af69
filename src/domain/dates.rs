//! Date parsing for files (absolute dates) and forms (also relative dates).

use chrono::{Datelike, Duration, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("'{0}' is not a date (expected 2026-03-01, 2026/3/1 or 2026年3月1日)")]
    Format(String),
    #[error("'{0}' is not a real calendar date")]
    Impossible(String),
    #[error("'{0}' is not a date (expected 2026-12-01, 12-01, +30d, +2w, today or tomorrow)")]
    Input(String),
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

/// A date typed in a form: any absolute form, `12-01` (this year, or next year if past),
/// `+30d`, `+2w`, `-3d`, `today`, `tomorrow`, `yesterday`, `今天`, `明天`.
pub fn parse_date_input(text: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s = text.trim().to_lowercase();
    match s.as_str() {
        "today" | "t" | "今天" => return Ok(today),
        "tomorrow" | "明天" => return Ok(today + Duration::days(1)),
        "yesterday" | "昨天" => return Ok(today - Duration::days(1)),
        _ => {}
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
    if let Ok(d) = parse_date(&s) {
        return Ok(d);
    }
    // Month-day only.
    if let Some((m, d)) = s.split_once(['-', '/']) {
        let (m, d): (u32, u32) = match (m.parse(), d.parse()) {
            (Ok(m), Ok(d)) => (m, d),
            _ => return Err(DateError::Input(text.to_string())),
        };
        let this_year = NaiveDate::from_ymd_opt(today.year(), m, d);
        return match this_year {
            Some(date) if date >= today => Ok(date),
            Some(_) => NaiveDate::from_ymd_opt(today.year() + 1, m, d)
                .ok_or_else(|| DateError::Impossible(text.to_string())),
            None => Err(DateError::Impossible(text.to_string())),
        };
    }
    Err(DateError::Input(text.to_string()))
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
        assert_eq!(parse_date_input("today", today).unwrap(), today);
        assert_eq!(parse_date_input("tomorrow", today).unwrap(), d(2026, 11, 23));
        assert_eq!(parse_date_input("+30d", today).unwrap(), d(2026, 12, 22));
        assert_eq!(parse_date_input("+2w", today).unwrap(), d(2026, 12, 6));
        assert_eq!(parse_date_input("-3d", today).unwrap(), d(2026, 11, 19));
        assert_eq!(parse_date_input("12-01", today).unwrap(), d(2026, 12, 1));
        assert_eq!(parse_date_input("03-01", today).unwrap(), d(2027, 3, 1));
        assert_eq!(parse_date_input("2026-12-01", today).unwrap(), d(2026, 12, 1));
        assert!(parse_date_input("02-30", today).is_err());
        assert!(parse_date_input("+3y", today).is_err());
        assert!(parse_date_input("+99999999999d", today).is_err());
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
            let _ = parse_date_input(&s, d(2026, 11, 22));
        }

        #[test]
        fn iso_round_trips(days in 0i64..40_000) {
            let date = d(1990, 1, 1) + Duration::days(days);
            prop_assert_eq!(parse_date(&date.format("%Y-%m-%d").to_string()).unwrap(), date);
        }
    }
}
