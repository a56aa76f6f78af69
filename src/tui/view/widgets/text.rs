//! Display-width text: everything drawn goes through `fit`, which sanitises (no control
//! byte reaches the terminal, even from a file that bypassed import), shows emoji
//! sequences in a form every terminal draws at the width ratatui reserves (`glyphs`), and
//! truncates by terminal columns with an ellipsis, so wide Chinese characters and emoji
//! never push a column out of line or leave ghost glyphs behind.

use crate::domain::text::{is_clean, sanitize};
use crate::tui::view::widgets::glyphs::{self, char_width, for_display};
use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

pub const ELLIPSIS: char = '…';

/// Columns a string takes on screen, as drawn (the one width the layout uses).
pub fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// One-line, sanitised text as drawn, cut to at most `max` columns (with `…` when cut).
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    let clean: Cow<'_, str> =
        if is_clean(s) && !s.contains('\n') { Cow::Borrowed(s) } else { Cow::Owned(sanitize(s, false)) };
    let shown =
        if glyphs::needs_mapping(&clean) { Cow::Owned(for_display(&clean).into_owned()) } else { clean };
    if width(&shown) <= max {
        return shown;
    }
    Cow::Owned(truncate(&shown, max))
}

/// Cuts text already as drawn to `max` columns ending in `…`; never splits a wide character.
fn truncate(s: &str, max: usize) -> String {
    let mut out = String::new();
    if max == 0 {
        return out;
    }
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // A cut right after an ellipsis would show "……": one mark is enough.
    while out.ends_with(ELLIPSIS) {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// `fit`, then padded with spaces to exactly `cols` columns (left-aligned).
pub fn pad(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let w = width(&f);
    let mut out = f.into_owned();
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// Right-aligned in `cols` columns.
pub fn pad_left(s: &str, cols: usize) -> String {
    let f = fit(s, cols);
    let w = width(&f);
    let mut out: String = std::iter::repeat_n(' ', cols.saturating_sub(w)).collect();
    out.push_str(&f);
    out
}

/// Wraps sanitised text (newlines kept as breaks) into lines of at most `cols` columns,
/// breaking at spaces when possible and anywhere for CJK text.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let clean = sanitize(s, true);
    let clean = for_display(&clean);
    let mut lines = Vec::new();
    for para in clean.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in split_keep_spaces(para) {
            let w = width(word);
            if used + w > cols && used > 0 {
                lines.push(line.trim_end().to_string());
                line = String::new();
                used = 0;
                if word == " " {
                    continue;
                }
            }
            if w > cols {
                // A word longer than a line (or unspaced CJK): break by characters.
                for c in word.chars() {
                    let cw = c.width().unwrap_or(0);
                    if used + cw > cols && used > 0 {
                        lines.push(std::mem::take(&mut line));
                        used = 0;
                    }
                    line.push(c);
                    used += cw;
                }
            } else {
                line.push_str(word);
                used += w;
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Punctuation that never begins a line in Chinese (a line starting with "、" or "。"
/// reads as broken): it stays with the character before it.
const NO_BREAK_BEFORE: &str = "、。，．！？；：）」』】》〉…—";

/// Splits into words and single spaces, treating each wide (CJK) character as a word so
/// Chinese text breaks between characters (closing punctuation joined to the one before).
fn split_keep_spaces(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let wide = c.width().unwrap_or(0) > 1;
        // Right after a word (the words cover the text, so the last one ends here): one
        // word with it.
        // (`…` and `—` are one cell wide to unicode-width yet Chinese punctuation here.)
        if start == i
            && NO_BREAK_BEFORE.contains(c)
            && let Some(last) = out.last_mut().filter(|l| **l != " ")
        {
            *last = &s[i - last.len()..i + c.len_utf8()];
            start = i + c.len_utf8();
            continue;
        }
        if c == ' ' || wide {
            if start < i {
                out.push(&s[start..i]);
            }
            out.push(&s[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn truncates_by_columns_with_ellipsis() {
        assert_eq!(fit("成都天府云图信息技术有限公司", 9), "成都天府…");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        assert_eq!(fit("Rocket 🚀 Ltd", 8), "Rocket …");
        assert_eq!(fit("red\u{1b}[31m!", 10), "red!");
        assert_eq!(pad("王总", 6), "王总  ");
        assert_eq!(pad_left("¥1.2M", 7), "  ¥1.2M");
        // Emoji sequences are measured and cut as drawn (see `glyphs`).
        assert_eq!(fit("ok 👍🏽❤️🇨🇳", 20), "ok 👍❤CN");
        assert_eq!(width("ok 👍🏽❤️🇨🇳"), 8);
        assert_eq!(pad("❤️❤️❤️❤️", 3), "❤❤…");
    }

    #[test]
    fn chinese_punctuation_never_begins_a_line() {
        // Six columns: "、" began the second line ("续约挽" then "、转介").
        assert_eq!(wrap("续约挽、转介绍", 6), ["续约", "挽、转", "介绍"]);
        assert_eq!(wrap("续约挽回……转介绍", 8), ["续约挽", "回……转介", "绍"]);
        // From four columns on (a character and its mark fit on a line).
        for cols in 4..12 {
            for line in wrap("流失挽回、转介绍。客户成功，续约！", cols) {
                assert!(!line.starts_with(|c| NO_BREAK_BEFORE.contains(c)), "{cols}: {line}");
            }
        }
    }

    #[test]
    fn wraps_english_and_chinese() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("客户希望三个月内上线", 8), vec!["客户希望", "三个月内", "上线"]);
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
    }

    /// Found by `wrap_lines_fit`: a character whose drawn width differs from its Unicode
    /// width (U+17D8, a Khmer sign) overflowed a 2-column line when a word was broken.
    #[test]
    fn wrap_measures_a_broken_word_as_drawn() {
        for line in wrap("\u{17d8}", 2) {
            assert!(width(&line) <= 2, "{line:?} is {} columns", width(&line));
        }
        for line in wrap("ab\u{17d8}\u{17d8}cd", 2) {
            assert!(width(&line) <= 2, "{line:?} is {} columns", width(&line));
        }
    }

    proptest! {
        #[test]
        fn fit_never_exceeds_width(s in "\\PC{0,30}", max in 0usize..20) {
            let f = fit(&s, max);
            prop_assert!(width(&f) <= max);
            prop_assert!(is_clean(&f));
            prop_assert_eq!(width(&pad(&s, max)), max);
        }

        #[test]
        fn wrap_lines_fit(s in "\\PC{0,60}", cols in 2usize..20) {
            for line in wrap(&s, cols) { prop_assert!(width(&line) <= cols, "{line:?}"); }
        }
    }
}
