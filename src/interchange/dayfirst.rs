//! Dates written day or month first (`2/1/2027`, `01.03.2027`): Salesforce exports from a US
//! locale write M/D/YYYY, European spreadsheets D.M.YYYY. One such cell alone is often
//! ambiguous, so the order is decided once per file from every such date in it: a first
//! number over 12 means day first, a second number over 12 means month first. A file that
//! never settles it, or contradicts itself, gets a clear error instead of a guess.

use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    DayFirst,
    MonthFirst,
    /// No date in the file has a number over 12 in either place.
    Unknown,
    /// Some dates are day first and others month first.
    Mixed,
}

/// The year of a two-digit year: 00–69 are 2000–2069, 70–99 are 1970–1999 (as POSIX
/// `strptime` reads `%y`); renewal dates and recent history both fall inside.
pub fn century(yy: i32) -> i32 {
    if yy < 70 { 2000 + yy } else { 1900 + yy }
}

/// `(first, second, year)` of `a/b/yyyy`, `a.b.yyyy`, `a-b-yyyy` or the same with a
/// two-digit year (`1/31/27`), a time after it ignored.
pub fn split(s: &str) -> Option<(u32, u32, i32)> {
    let s = s.trim().split([' ', 'T']).next()?;
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.len() != 3 || !digits(parts[0], 1..=2) || !digits(parts[1], 1..=2) {
        return None;
    }
    let year = match parts[2].len() {
        4 if digits(parts[2], 4..=4) => parts[2].parse().ok()?,
        2 if digits(parts[2], 2..=2) => century(parts[2].parse().ok()?),
        _ => return None,
    };
    Some((parts[0].parse().ok()?, parts[1].parse().ok()?, year))
}

/// Folds one cell into what is known of the file's order.
pub fn observe(order: Option<Order>, cell: &str) -> Option<Order> {
    let Some((a, b, _)) = split(cell) else { return order };
    let this = match (a > 12, b > 12) {
        (true, false) => Order::DayFirst,
        (false, true) => Order::MonthFirst,
        _ => return order,
    };
    Some(match order {
        None | Some(Order::Unknown) => this,
        Some(o) if o == this => o,
        Some(_) => Order::Mixed,
    })
}

/// Why a date cell is not a date; each says it in the interface language
/// (`import.row.date_*`). `Display` is the English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateFault {
    #[error("is not a date (expected 2026-03-01, 2026/3/1, 2026年3月1日, 3/1/2026, Mar 1, 2026 or 20260301)")]
    Format,
    #[error("is not a real calendar date")]
    Impossible,
    #[error("is not a valid date in either order (day/month or month/day); write dates as 2026-03-01")]
    EitherOrder,
    #[error(
        "is ambiguous: no date in the file shows whether the day or the month comes first; write dates as 2026-03-01"
    )]
    Ambiguous,
    #[error("the file mixes day-first and month-first dates; write dates as 2026-03-01")]
    Mixed,
}

impl DateFault {
    /// The message key of `import.row`.
    pub fn key(self) -> &'static str {
        match self {
            DateFault::Format => "import.row.date_format",
            DateFault::Impossible => "import.row.date_impossible",
            DateFault::EitherOrder => "import.row.date_either_order",
            DateFault::Ambiguous => "import.row.date_ambiguous",
            DateFault::Mixed => "import.row.date_mixed",
        }
    }
}

/// Parses a day- or month-first date in the file's order.
pub fn parse(s: &str, order: Order) -> Result<NaiveDate, DateFault> {
    let (a, b, year) = split(s).ok_or(DateFault::Format)?;
    // A cell that is no date in either order (15/13/2027) is plainly wrong, whatever the
    // file's order: calling it ambiguous would send the user looking for the wrong fix.
    let real = |day: u32, month: u32| NaiveDate::from_ymd_opt(year, month, day).is_some();
    if !real(a, b) && !real(b, a) {
        return Err(DateFault::EitherOrder);
    }
    let (day, month) = match order {
        Order::DayFirst => (a, b),
        Order::MonthFirst => (b, a),
        Order::Unknown if a == b => (a, b),
        Order::Unknown => {
            return Err(DateFault::Ambiguous);
        }
        Order::Mixed => {
            return Err(DateFault::Mixed);
        }
    };
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateFault::Impossible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_decided_by_the_file() {
        let order = ["2/1/2027", "12/15/2026", "3/4/2027"].iter().fold(None, |o, c| observe(o, c));
        assert_eq!(order, Some(Order::MonthFirst));
        assert_eq!(
            parse("3/4/2027", Order::MonthFirst).unwrap(),
            NaiveDate::from_ymd_opt(2027, 3, 4).unwrap()
        );
        assert_eq!(
            parse("03.04.2027", Order::DayFirst).unwrap(),
            NaiveDate::from_ymd_opt(2027, 4, 3).unwrap()
        );
        assert_eq!(observe(Some(Order::DayFirst), "1/13/2027"), Some(Order::Mixed));
        assert_eq!(parse("3/4/2027", Order::Unknown), Err(DateFault::Ambiguous));
        assert_eq!(parse("13/4/2027", Order::MonthFirst), Err(DateFault::Impossible));
        assert_eq!(split("2027-03-01"), None, "ISO dates are not this module's business");
    }

    /// D16: no day or month order makes these dates, in any file.
    #[test]
    fn invalid_in_both_orders_is_not_called_ambiguous() {
        for order in [Order::Unknown, Order::Mixed, Order::DayFirst, Order::MonthFirst] {
            for cell in ["15/13/2027", "0/5/2027", "31.31.2027", "13/13/2027"] {
                assert_eq!(parse(cell, order), Err(DateFault::EitherOrder), "{order:?} {cell}");
            }
        }
        // Valid one way only: the file's order decides, and names the real problem.
        assert_eq!(parse("2/30/2027", Order::MonthFirst), Err(DateFault::EitherOrder));
        assert_eq!(parse("3/4/2027", Order::Mixed), Err(DateFault::Mixed));
        assert_eq!(parse("4/13/2027", Order::DayFirst), Err(DateFault::Impossible));
    }
}
