//! Text as it is drawn: emoji sequences whose width terminals disagree on are shown in a
//! form every terminal draws at the width ratatui reserves. Stored text is never changed;
//! only what reaches the screen.
//!
//! Why: ratatui lays a grapheme out at its `unicode-width` width and, when diffing frames,
//! rewrites only the cells it believes changed. A terminal that draws the grapheme in a
//! different number of cells (or as two cells where ratatui has one) leaves glyphs behind
//! that no later frame overwrites. Measured in tmux 3.3a (glibc 2.36, Unicode 14 tables):
//!
//! | text | ratatui | tmux | |
//! |---|---|---|---|
//! | `🩷` `🫨` `🪿` (Unicode 15+) | 2 | 0 (not drawn) | old cells stay |
//! | `👍🏽` skin tone | 2 | 4 | the tone swatch is left behind |
//! | `🇨🇳` flag | one 2-wide cell | two 1-wide cells | `🇳` is left behind |
//! | `❤️` `1️⃣` `🏳️‍🌈` (VS16 on a text-style base) | 2 | 1 | |
//! | `🧑🏽‍💻` ZWJ with a tone | 2 | 4 | |
//!
//! Other terminals differ again (kitty and WezTerm draw `❤️` 2 wide, VTE draws ZWJ
//! sequences as their parts). So each code point is mapped alone to one whose width every
//! terminal takes from the same table: variation selectors, zero-width joiners between
//! emoji, skin tones, keycap marks and tag characters are dropped (a ZWJ family shows as
//! its members side by side), a flag's regional indicators become its letters (`🇨🇳` →
//! `CN`), and emoji newer than Unicode 14 become `�`. After that no grapheme holds more
//! than one visible code point, so ratatui's width is the sum of the code points' widths,
//! which is what a terminal draws.

use std::borrow::Cow;
use unicode_width::UnicodeWidthChar;

/// Columns `c` takes once mapped for display (0 for what is dropped).
pub fn char_width(c: char) -> usize {
    match shown(c, None) {
        Shown::Keep => c.width().unwrap_or(0),
        Shown::Drop => 0,
        Shown::As(r) => r.width().unwrap_or(0),
    }
}

/// True if some code point of `s` is drawn differently (plain and Chinese text never is).
pub fn needs_mapping(s: &str) -> bool {
    !s.is_ascii() && s.chars().any(|c| c == '\u{200D}' || !matches!(shown(c, None), Shown::Keep))
}

/// `s` as it is drawn (borrowed when nothing needs mapping, as for all plain text).
pub fn for_display(s: &str) -> Cow<'_, str> {
    if !needs_mapping(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        match shown(c, prev) {
            Shown::Keep => out.push(c),
            Shown::Drop => continue,
            Shown::As(r) => out.push(r),
        }
        prev = Some(c);
    }
    Cow::Owned(out)
}

enum Shown {
    Keep,
    Drop,
    As(char),
}

/// How `c` is drawn after `prev` (the last code point kept; `None` when unknown, as when
/// measuring one character alone: then a ZWJ counts as dropped, its usual case).
fn shown(c: char, prev: Option<char>) -> Shown {
    match c {
        '\u{FE0E}' | '\u{FE0F}' | '\u{20E3}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E007F}' => {
            Shown::Drop
        }
        // Joiners elsewhere (Indic scripts) shape text and are kept.
        '\u{200D}' if prev.is_none_or(pictographic) => Shown::Drop,
        '\u{1F1E6}'..='\u{1F1FF}' => Shown::As(char::from(b'A' + (c as u32 - 0x1F1E6) as u8)),
        c if newer_than_unicode_14(c) => Shown::As('\u{FFFD}'),
        // A few signs measure 3 columns (U+17D8, a Khmer ligature); terminals disagree on how
        // wide they draw, and a 2-column cell could never hold one.
        c if c.width().unwrap_or(0) > 2 => Shown::As('\u{FFFD}'),
        _ => Shown::Keep,
    }
}

/// Symbols and pictographs that start or join emoji sequences.
fn pictographic(c: char) -> bool {
    matches!(
        c,
        '\u{A9}' | '\u{AE}' | '\u{2000}'..='\u{2BFF}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
    ) || c >= '\u{1F000}'
}

/// Code points of the emoji planes not assigned by Unicode 14.0 (2021), from the Unicode
/// Character Database's DerivedAge.txt. glibc before 2.38 and every terminal built on it
/// (tmux, VTE) have no width for them and draw nothing, while ratatui reserves two cells.
fn newer_than_unicode_14(c: char) -> bool {
    matches!(c,
        '\u{1F02C}'..='\u{1F02F}' | '\u{1F094}'..='\u{1F09F}' | '\u{1F0AF}'..='\u{1F0B0}'
        | '\u{1F0C0}' | '\u{1F0D0}' | '\u{1F0F6}'..='\u{1F0FF}' | '\u{1F1AE}'..='\u{1F1E5}'
        | '\u{1F203}'..='\u{1F20F}' | '\u{1F23C}'..='\u{1F23F}' | '\u{1F249}'..='\u{1F24F}'
        | '\u{1F252}'..='\u{1F25F}' | '\u{1F266}'..='\u{1F2FF}' | '\u{1F6D8}'..='\u{1F6DC}'
        | '\u{1F6ED}'..='\u{1F6EF}' | '\u{1F6FD}'..='\u{1F6FF}' | '\u{1F774}'..='\u{1F77F}'
        | '\u{1F7D9}'..='\u{1F7DF}' | '\u{1F7EC}'..='\u{1F7EF}' | '\u{1F7F1}'..='\u{1F7FF}'
        | '\u{1F80C}'..='\u{1F80F}' | '\u{1F848}'..='\u{1F84F}' | '\u{1F85A}'..='\u{1F85F}'
        | '\u{1F888}'..='\u{1F88F}' | '\u{1F8AE}'..='\u{1F8AF}' | '\u{1F8B2}'..='\u{1F8FF}'
        | '\u{1FA54}'..='\u{1FA5F}' | '\u{1FA6E}'..='\u{1FA6F}' | '\u{1FA75}'..='\u{1FA77}'
        | '\u{1FA7D}'..='\u{1FA7F}' | '\u{1FA87}'..='\u{1FA8F}' | '\u{1FAAD}'..='\u{1FAAF}'
        | '\u{1FABB}'..='\u{1FABF}' | '\u{1FAC6}'..='\u{1FACF}' | '\u{1FADA}'..='\u{1FADF}'
        | '\u{1FAE8}'..='\u{1FAEF}' | '\u{1FAF7}'..='\u{1FAFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn ambiguous_sequences_are_shown_in_a_stable_form() {
        assert_eq!(for_display("ok ❤️ 1️⃣ #️⃣"), "ok ❤ 1 #");
        assert_eq!(for_display("👍🏽 👋🏿"), "👍 👋");
        assert_eq!(for_display("👩‍💻 🧑🏽‍💻 🏳️‍🌈 🤷‍♀️"), "👩💻 🧑💻 🏳🌈 🤷♀");
        assert_eq!(for_display("中国 🇨🇳 team"), "中国 CN team");
        assert_eq!(for_display("🩷 🫨 🪿 🫠"), "\u{FFFD} \u{FFFD} \u{FFFD} 🫠");
        assert_eq!(for_display("🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"), "🏴");
        // Plain text, CJK and a joiner inside an Indic word are left alone.
        assert!(matches!(for_display("成都天府云图 🚀 ok"), Cow::Borrowed(_)));
        assert_eq!(for_display("क्\u{200D}ष"), "क्\u{200D}ष");
        assert_eq!(char_width('\u{FE0F}') + char_width('🩷') + char_width('🇨'), 2);
    }

    /// Text a CSM might type: ASCII, Chinese, emoji and every kind of emoji sequence.
    fn typed() -> impl Strategy<Value = String> {
        let pieces = [
            "a",
            " ",
            "成",
            "é",
            "e\u{301}",
            "🚀",
            "✅",
            "❤",
            "\u{FE0F}",
            "\u{FE0E}",
            "\u{200D}",
            "👍",
            "\u{1F3FD}",
            "🇨",
            "🇳",
            "1",
            "\u{20E3}",
            "🩷",
            "🫠",
            "🏳",
            "🌈",
            "♀",
            "\u{E0067}",
            "王总",
        ];
        proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        /// What is drawn has no grapheme of two visible code points, and ratatui lays it out
        /// exactly as wide as its code points add up to (what a terminal draws).
        #[test]
        fn ratatui_and_the_terminal_agree(s in typed()) {
            let shown = for_display(&s);
            let per_char: usize = shown.chars().map(|c| c.width().unwrap_or(0)).sum();
            prop_assert_eq!(per_char, s.chars().map(char_width).sum::<usize>());
            let mut buf = Buffer::empty(Rect::new(0, 0, 200, 1));
            let (end, _) = buf.set_stringn(0, 0, shown.as_ref(), 200, Style::default());
            prop_assert_eq!(end as usize, per_char, "{:?}", shown);
            for x in 0..end {
                let sym = buf[(x, 0)].symbol();
                let visible = sym.chars().filter(|c| c.width().unwrap_or(0) > 0).count();
                prop_assert!(visible <= 1, "cell {} holds {:?}", x, sym);
            }
        }
    }
}
