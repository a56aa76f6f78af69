//! Spreadsheet formula injection ("CSV injection"). Excel, WPS and LibreOffice run a cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a CR as a formula — `=HYPERLINK(…)` or a
//! DDE call planted in a customer's name would run on the CSM's machine when the export is
//! opened. OWASP's advice: put a `'` in front, so the spreadsheet takes the cell for text
//! (the mark may be shown with it: the price of not running it).
//!
//! The export guards such cells; the CSV import takes the mark off, so exporting,
//! importing into an empty file and exporting again gives the same bytes. The two are
//! exact inverses: a value that already starts with apostrophes followed by a formula
//! character (`'=x`) gets one more (`''=x`), and the import removes exactly one. Plain
//! numbers (`-5`, `-1200.50`) are not formulas and are left as they are, so amounts stay
//! numbers in the sheet.

use std::borrow::Cow;

const STARTERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Would a spreadsheet take the text after any leading apostrophes for a formula?
fn starts_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(STARTERS)
}

/// `-5`, `-1200.50`: a number a spreadsheet reads as one.
fn is_plain_number(cell: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// The cell as written to a CSV file: `'` in front when a spreadsheet would run it.
pub fn guard(cell: &str) -> Cow<'_, str> {
    if starts_formula(cell) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The cell as read from a CSV file: the mark `guard` added taken off (one `'` before
/// apostrophes and a formula character); any other cell as it is.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_get_a_mark_and_numbers_and_text_do_not() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+SUM(A1)", "'+SUM(A1)"),
            ("-2+3", "'-2+3"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\r=2", "'\r=2"),
            ("'=kept", "''=kept"),
            ("-500 USD", "'-500 USD"),
            ("-", "'-"),
            ("-5", "-5"),
            ("-1200.50", "-1200.50"),
            ("120000", "120000"),
            ("成都天府云图信息技术有限公司", "成都天府云图信息技术有限公司"),
            ("a=b", "a=b"),
            ("'quoted'", "'quoted'"),
            (" =1+1", " =1+1"),
            ("", ""),
        ] {
            assert_eq!(guard(cell), out, "{cell:?}");
            assert_eq!(unguard(out), cell, "{out:?}");
        }
    }

    proptest! {
        #[test]
        fn unguard_undoes_guard(s in "['=+\\-@\t\r 0-9.a成🚀]{0,8}") {
            let guarded = guard(&s);
            prop_assert_eq!(unguard(&guarded), s.as_str());
        }

        #[test]
        fn a_guarded_cell_is_never_a_formula(s in "['=+\\-@\t\r 0-9.a成🚀]{0,8}") {
            let g = guard(&s);
            prop_assert!(!g.starts_with(STARTERS) || is_plain_number(&g), "{:?}", g);
        }
    }
}
