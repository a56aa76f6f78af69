//! Fast ISO date and timestamp conversion for SQLite columns. Bulk loads bind millions of
//! dates; going through chrono's general formatter and parser cost more than the inserts.
//! Text written here is exactly what chrono's own `ToSql` writes (`%F`, `%F %T`), so files
//! stay readable by either path.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

fn push_num(buf: &mut [u8], mut n: u32) {
    for b in buf.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// A date bound as `YYYY-MM-DD`.
pub enum D {
    Fast([u8; 10]),
    /// Years outside 0..=9999 (chrono's formatting, never seen in practice).
    Other(String),
}

pub fn d(date: NaiveDate) -> D {
    let y = date.year();
    if !(0..=9999).contains(&y) {
        return D::Other(date.format("%F").to_string());
    }
    let mut b = *b"0000-00-00";
    push_num(&mut b[0..4], y as u32);
    push_num(&mut b[5..7], date.month());
    push_num(&mut b[8..10], date.day());
    D::Fast(b)
}

impl ToSql for D {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            D::Fast(b) => ToSqlOutput::Borrowed(ValueRef::Text(b)),
            D::Other(s) => ToSqlOutput::Owned(Value::Text(s.clone())),
        })
    }
}

/// A timestamp bound as `YYYY-MM-DD HH:MM:SS` (sub-second precision is not kept).
pub struct Dt([u8; 19]);

pub fn dt(at: NaiveDateTime) -> Dt {
    let mut b = *b"0000-00-00 00:00:00";
    if let D::Fast(day) = d(at.date()) {
        b[..10].copy_from_slice(&day);
    }
    push_num(&mut b[11..13], at.hour());
    push_num(&mut b[14..16], at.minute());
    push_num(&mut b[17..19], at.second());
    Dt(b)
}

impl ToSql for Dt {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

fn num(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
}

/// Reads a date column (fast path for `YYYY-MM-DD`, chrono's parser otherwise).
pub struct Day(pub NaiveDate);

impl FromSql for Day {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        match v {
            ValueRef::Text(b) if b.len() == 10 => fast_date(b).map(Day).ok_or(FromSqlError::InvalidType),
            other => NaiveDate::column_result(other).map(Day),
        }
    }
}

/// Reads a timestamp column (fast path for `YYYY-MM-DD HH:MM:SS`).
pub struct Stamp(pub NaiveDateTime);

impl FromSql for Stamp {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        if let ValueRef::Text(b) = v
            && b.len() == 19
            && let (Some(day), Some(h), Some(m), Some(s)) =
                (fast_date(b), num(&b[11..13]), num(&b[14..16]), num(&b[17..19]))
            && let Some(t) = NaiveTime::from_hms_opt(h, m, s)
        {
            return Ok(Stamp(day.and_time(t)));
        }
        NaiveDateTime::column_result(v).map(Stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    proptest! {
        // What we write is what chrono writes, and both read paths agree.
        #[test]
        fn matches_chrono(days in -36_500i64..73_000, secs in 0i64..86_400) {
            let date = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(days);
            let at = date.and_time(NaiveTime::MIN) + Duration::seconds(secs);
            let (our_date, our_stamp) = (d(date), dt(at));
            let ours = our_date.to_sql().unwrap();
            let theirs = date.to_sql().unwrap();
            let text = |o: &ToSqlOutput<'_>| match o {
                ToSqlOutput::Borrowed(ValueRef::Text(b)) => String::from_utf8(b.to_vec()).unwrap(),
                ToSqlOutput::Owned(Value::Text(s)) => s.clone(),
                _ => panic!("not text"),
            };
            prop_assert_eq!(text(&ours), text(&theirs));
            prop_assert_eq!(text(&our_stamp.to_sql().unwrap()), text(&at.to_sql().unwrap()));
            let stored = text(&ours);
            prop_assert_eq!(Day::column_result(ValueRef::Text(stored.as_bytes())).unwrap().0, date);
            let stamp = text(&our_stamp.to_sql().unwrap());
            prop_assert_eq!(Stamp::column_result(ValueRef::Text(stamp.as_bytes())).unwrap().0, at);
        }
    }
}
