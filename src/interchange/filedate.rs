//! Dates as files write them, beyond the domain's `parse_date` (ISO, `2026/3/1`,
//! `2026年3月1日`): Excel serial numbers (`46418`, a date column saved as a number),
//! `20270131`, month names (`Jan 31, 2027`, `31-Jan-2027`, `31 January 2027`) and day- or
//! month-first dates with a two-digit year (`1/31/27`), whose order the file decides
//! (`dayfirst`) or `--date-order` states.

use super::dayfirst::{self, DateFault, Order};
use crate::domain::dates::{DateError, parse_date};
use chrono::{Duration, NaiveDate};

/// Serials accepted as dates: 10000 (1927-05-18) to 99999 (2173-10-14). Smaller numbers in
/// a date column are far more likely a mistake than a date from the 1920s.
const SERIALS: std::ops::RangeInclusive<f64> = 10_000.0..=99_999.999_999;

/// The date of an Excel serial (1900 date system). Excel counts 1900-02-29, a day that
/// never was (Lotus 1-2-3's leap-year bug, kept for compatibility): from serial 61 on,
/// day 0 is 1899-12-30; before it, 1899-12-31. Serial 60 is that phantom day: none.
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = match days {
        60 => return None,
        d if d < 60 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    epoch.checked_add_signed(Duration::days(days))
}

/// A date cell of a file in `order` (the file's day/month order, or `--date-order`).
pub fn parse(cell: &str, order: Order) -> Result<NaiveDate, DateFault> {
    let s = cell.trim();
    match parse_date(s) {
        Ok(d) => return Ok(d),
        // `2027-02-30`: the form is right, the day never was; say so, not "expected …".
        Err(DateError::Impossible(_)) => return Err(DateFault::Impossible),
        Err(_) => {}
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
        return NaiveDate::from_ymd_opt(
            y.parse().unwrap_or(0),
            m.parse().unwrap_or(0),
            d.parse().unwrap_or(0),
        )
        .ok_or(DateFault::Impossible);
    }
    if let Ok(n) = s.parse::<f64>()
        && SERIALS.contains(&n)
    {
        return excel_serial(n).ok_or(DateFault::Format);
    }
    if let Some(d) = month_name_date(s) {
        return d;
    }
    if dayfirst::split(s).is_some() {
        return dayfirst::parse(s, order);
    }
    Err(DateFault::Format)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let m = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "sept" and whole names are fine; "marchx" is not.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (FULL[m].starts_with(&w) || w == "sept").then_some(m as u32 + 1)
}

/// `Jan 31, 2027`, `January 31 2027`, `31-Jan-2027`, `31 Jan 2027`, `31-Jan-27`.
fn month_name_date(s: &str) -> Option<Result<NaiveDate, DateFault>> {
    let parts: Vec<&str> = s.split([' ', '-', ',', '/']).filter(|p| !p.is_empty()).collect();
    if parts.len() < 3 {
        return None;
    }
    let (m, d, y) = if let Some(m) = month(parts[0]) {
        (m, parts[1], parts[2])
    } else if let Some(m) = month(parts[1]) {
        (m, parts[0], parts[2])
    } else {
        return None;
    };
    let num = |p: &str| p.bytes().all(|b| b.is_ascii_digit()).then(|| p.parse::<i32>().ok()).flatten();
    let (Some(day), Some(year)) = (num(d), num(y)) else { return None };
    let year = match y.len() {
        2 => dayfirst::century(year),
        4 => year,
        _ => return None,
    };
    Some(NaiveDate::from_ymd_opt(year, m, day as u32).ok_or(DateFault::Impossible))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_impossible_day_is_called_so() {
        assert_eq!(parse("2027-02-30", Order::MonthFirst), Err(DateFault::Impossible));
        assert_eq!(parse("2027/2/30", Order::DayFirst), Err(DateFault::Impossible));
    }

    #[test]
    fn serials_know_the_1900_leap_year_bug() {
        assert_eq!(excel_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial(59.0), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial(60.0), None, "1900-02-29 never was");
        assert_eq!(excel_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial(46418.0), Some(d(2027, 1, 31)));
        assert_eq!(excel_serial(45943.541), Some(d(2025, 10, 13)));
    }

    #[test]
    fn forms_of_the_issue() {
        let u = Order::Unknown;
        assert_eq!(parse("46418", u), Ok(d(2027, 1, 31)));
        assert_eq!(parse("Jan 31, 2027", u), Ok(d(2027, 1, 31)));
        assert_eq!(parse("January 31 2027", u), Ok(d(2027, 1, 31)));
        assert_eq!(parse("31-Jan-2027", u), Ok(d(2027, 1, 31)));
        assert_eq!(parse("30 Sept 2027", u), Ok(d(2027, 9, 30)));
        assert_eq!(parse("1/31/27", Order::MonthFirst), Ok(d(2027, 1, 31)));
        assert_eq!(parse("31/1/27", Order::DayFirst), Ok(d(2027, 1, 31)));
        assert_eq!(parse("20270131", u), Ok(d(2027, 1, 31)));
        assert_eq!(parse("2027-01-31", u), Ok(d(2027, 1, 31)));
        assert!(parse("20271331", u).is_err());
        assert!(parse("Foo 31, 2027", u).is_err());
        assert_eq!(parse("1/2/27", u), Err(DateFault::Ambiguous));
    }

    proptest! {
        /// Every date in every form of the issue reads back as itself.
        #[test]
        fn every_form_reads_back(days in 0i64..60_000) {
            let date = d(1940, 1, 1) + Duration::days(days);
            use chrono::Datelike;
            let (y, m, day) = (date.year(), date.month(), date.day());
            let mon = ["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"][m as usize - 1];
            for text in [
                format!("{mon} {day}, {y}"),
                format!("{day}-{mon}-{y}"),
                format!("{y}{m:02}{day:02}"),
                format!("{m}/{day}/{y}"),
            ] {
                prop_assert_eq!(parse(&text, Order::MonthFirst), Ok(date), "{}", text);
            }
            prop_assert_eq!(parse(&format!("{day}.{m}.{y}"), Order::DayFirst), Ok(date));
            let serial = (date - d(1899, 12, 30)).num_days();
            if (10_000..=99_999).contains(&serial) {
                prop_assert_eq!(parse(&serial.to_string(), Order::Unknown), Ok(date));
            }
            if (1970..2069).contains(&y) {
                prop_assert_eq!(parse(&format!("{m}/{day}/{:02}", y % 100), Order::MonthFirst), Ok(date));
            }
        }
    }
}
