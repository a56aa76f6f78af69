//! The agenda as an iCalendar feed (RFC 5545), for the calendar app a CSM already uses:
//! one all-day event per item, with a UID made of what the item is (kind, record id,
//! account), so importing the feed again updates the events instead of duplicating them.
//! Text is escaped (§3.3.11), lines end in CRLF and are folded at 75 octets without
//! splitting a UTF-8 character (§3.1).

use chrono::{Duration, NaiveDate, NaiveDateTime};

/// One event of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable across runs: the same item always gets the same UID.
    pub uid: String,
    /// The all-day event's day.
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    /// One category (the item's kind).
    pub category: String,
}

/// A UID from the parts that identify an item; anything but letters, digits, `-` and `.`
/// becomes `-` (UIDs are compared byte for byte by calendar apps).
pub fn uid(kind: &str, item_id: i64, account: &str) -> String {
    let safe: String = account
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '-' })
        .collect();
    format!("{kind}-{item_id}.{safe}@renewal-radar")
}

/// The whole calendar; `stamp` is DTSTAMP (the time the feed was made, "now").
pub fn calendar(name: &str, events: &[IcsEvent], stamp: NaiveDateTime) -> String {
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(&fold(s));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Renewal Radar//radar agenda//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(name)));
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", e.uid));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
        line(&format!("DTEND;VALUE=DATE:{}", (e.date + Duration::days(1)).format("%Y%m%d")));
        line(&format!("SUMMARY:{}", escape(&e.summary)));
        line(&format!("DESCRIPTION:{}", escape(&e.description)));
        line(&format!("CATEGORIES:{}", escape(&e.category)));
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// TEXT escaping: backslash, semicolon, comma and line breaks; other control characters
/// (escape sequences of hostile text) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per physical line, continuation lines start
/// with one space, never inside a UTF-8 character.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_is_escaped_and_control_bytes_dropped() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(escape("x\u{1b}[31my\u{7}"), "x[31my");
    }

    #[test]
    fn uid_is_stable_and_plain() {
        assert_eq!(uid("milestone", 12, "ACC-000007"), "milestone-12.ACC-000007@renewal-radar");
        assert_eq!(uid("promise", 3, "成都 a/b"), "promise-3.---a-b@renewal-radar");
    }

    proptest! {
        /// Folded lines are at most 75 octets, valid UTF-8, and unfold to the original.
        #[test]
        fn folding_keeps_every_character(s in "[a-z成都天府云图🚀 ,;]{0,200}") {
            let line = format!("SUMMARY:{s}");
            let folded = fold(&line);
            for part in folded.split("\r\n") {
                prop_assert!(part.len() <= 75, "{} octets", part.len());
            }
            prop_assert_eq!(folded.replace("\r\n ", ""), line);
        }
    }
}
