//! The one text sanitiser. Everything read from a file, a form or the command line passes
//! through here before it is stored or drawn, so no control byte ever reaches a terminal.

/// Bidi embedding/override/isolate controls and other invisible format characters that can
/// make displayed text lie about what it contains ("Trojan Source").
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{061C}' | '\u{FEFF}' | '\u{200B}' | '\u{2028}' | '\u{2029}')
}

/// Removes terminal escape sequences whole (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`,
/// their 8-bit forms U+009B / U+009D, two-byte `ESC x`), every other C0/C1 control and DEL,
/// and bidi overrides. With `keep_newlines`, `\n` survives (CR and CRLF become `\n`) and
/// tabs become spaces; without it both become a single space.
pub fn sanitize(input: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1B}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']' | 'P' | '_' | '^' | 'X') => skip_string(&mut chars),
                _ => {} // two-byte escape: both dropped
            },
            '\u{9B}' => skip_csi(&mut chars),
            '\u{9D}' | '\u{90}' | '\u{9E}' | '\u{9F}' | '\u{98}' => skip_string(&mut chars),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(if keep_newlines { '\n' } else { ' ' });
            }
            '\n' => out.push(if keep_newlines { '\n' } else { ' ' }),
            '\t' => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// One-line text (names, titles): controls removed, whitespace runs trimmed at the ends.
pub fn clean_line(input: &str) -> String {
    let s = sanitize(input, false);
    s.trim().to_string()
}

/// Multi-line text (notes): newlines kept, trailing whitespace trimmed.
pub fn clean_text(input: &str) -> String {
    sanitize(input, true).trim_end().to_string()
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates are 0x20..=0x3F; the final byte is 0x40..=0x7E.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7E}').contains(&c) || !('\u{20}'..='\u{7E}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Terminated by BEL, ST (ESC \ or U+009C). Unterminated: drop to the end.
    while let Some(c) = chars.next() {
        match c {
            '\u{07}' | '\u{9C}' => break,
            '\u{1B}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// True if the text contains nothing a terminal would interpret.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(|c| (c.is_control() && c != '\n') || is_invisible_format(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strips_sequences_whole() {
        assert_eq!(clean_line("\u{1b}[31mRed\u{1b}[0m Corp"), "Red Corp");
        assert_eq!(clean_line("a\u{1b}]0;pwned title\u{07}b"), "ab");
        assert_eq!(clean_line("a\u{1b}]52;c;Y2xpcA==\u{1b}\\b"), "ab");
        assert_eq!(clean_line("x\u{9b}2Jy"), "xy");
        assert_eq!(clean_line("bell\u{07}\u{7f}"), "bell");
        assert_eq!(clean_line("\u{202E}evil\u{202C}"), "evil");
        assert_eq!(clean_text("line1\r\nline2\rline3"), "line1\nline2\nline3");
        assert_eq!(clean_line("成都天府云图信息技术有限公司 🚀"), "成都天府云图信息技术有限公司 🚀");
    }

    proptest! {
        #[test]
        fn output_is_always_clean(s in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{9f}\u{202a}-\u{202e}]){0,40}") {
            prop_assert!(is_clean(&clean_text(&s)));
            prop_assert!(is_clean(&clean_line(&s)));
            prop_assert!(!clean_line(&s).contains('\n'));
        }

        #[test]
        fn clean_text_is_idempotent(s in "\\PC{0,40}") {
            let once = clean_text(&s);
            prop_assert_eq!(clean_text(&once), once.clone());
        }
    }
}

/// Display width in terminal cells (CJK and emoji count two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending in `…` when something was cut; never splits
/// a wide character.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // A cut right after an ellipsis would show "……": one mark is enough (Chinese text
    // often has its own "……").
    while out.ends_with('…') {
        out.pop();
    }
    out.push('…');
    out
}

/// Truncates, then pads with spaces to exactly `cells` cells.
pub fn fit_to_width(s: &str, cells: usize) -> String {
    let mut out = truncate_to_width(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod width_tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wide_characters_are_never_split() {
        assert_eq!(truncate_to_width("成都天府云图信息技术有限公司", 7), "成都天…");
        assert_eq!(fit_to_width("成都", 5), "成都 ");
        assert_eq!(fit_to_width("Acme 🚀 Group", 8), "Acme 🚀…");
        // One mark, never "……".
        assert_eq!(truncate_to_width("同……意见很多", 4), "同…");
        assert_eq!(truncate_to_width("同意……很多", 6), "同意…");
    }

    proptest! {
        #[test]
        fn fit_is_exact(s in "\\PC{0,30}", cells in 0usize..40) {
            let clean = clean_line(&s);
            prop_assert!(width(&truncate_to_width(&clean, cells)) <= cells);
            let fitted = fit_to_width(&clean, cells);
            prop_assert_eq!(width(&fitted), cells);
        }
    }
}
