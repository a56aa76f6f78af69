//! The one text sanitiser. Everything read from a file, a form or the command line passes
//! through here before it is stored or drawn, so no control byte ever reaches a terminal.

/// Bidi embedding/override/isolate controls and other invisible format characters that can
/// make displayed text lie about what it contains ("Trojan Source"): the word joiner and
/// invisible operators (U+2060–2064), deprecated format controls (U+206A–206F), interlinear
/// annotations (U+FFF9–FFFB) and tag characters (U+E0000–E007F, which can smuggle hidden
/// ASCII; only subdivision flags like England's use them, and those fall back to a black flag).
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}' | '\u{061C}' | '\u{FEFF}' | '\u{200B}' | '\u{2028}' | '\u{2029}'
        | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Removes terminal escape sequences whole, every other C0/C1 control and DEL, and bidi
/// overrides. With `keep_newlines`, `\n` survives (CR and CRLF become `\n`) and tabs become
/// spaces; without it a tab becomes a space, and so does a run of line breaks.
///
/// The sequences, and where each ends (text is never taken with a sequence unless the
/// sequence's grammar says it belongs to it):
/// - CSI, `ESC [` or U+009B: parameter and intermediate bytes (0x20..=0x3F), then one final
///   byte (0x40..=0x7E), all dropped. Any other character (Chinese, an emoji, a newline,
///   another ESC) cuts it short: the sequence so far goes, that character is kept.
/// - Control strings, `ESC ]` (OSC), `ESC P` (DCS), `ESC _`, `ESC ^`, `ESC X` and their
///   8-bit forms: up to BEL or ST (`ESC \` or U+009C), dropped whole however long (an OSC
///   52 clipboard write). A string with no terminator before the next control character
///   (a line break, CAN, SUB, another ESC) or the end of the text is unterminated: it takes
///   what it has up to there, but at most `UNTERMINATED_MAX` characters; the rest of the
///   line is kept as text (no terminal would have run it, and it is usually the user's).
/// - Any other `ESC`: intermediates (0x20..=0x2F) and a final byte (0x30..=0x7E), as in
///   `ESC ( B`; `ESC N` / `ESC O` (SS2/SS3) also take the one character they shift. A
///   character outside that grammar ends it and is kept: a lone ESC goes alone.
pub fn sanitize(input: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    let mut after_break = false;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        let this_break = matches!(c, '\r' | '\n');
        match c {
            '\u{1B}' => rest = skip_escape(rest),
            '\u{9B}' => rest = skip_csi(rest),
            '\u{9D}' | '\u{90}' | '\u{9E}' | '\u{9F}' | '\u{98}' => rest = skip_string(rest),
            '\r' | '\n' => {
                if c == '\r' {
                    rest = rest.strip_prefix('\n').unwrap_or(rest);
                }
                if keep_newlines {
                    out.push('\n');
                } else if !after_break {
                    // On one line a run of breaks is one space: a terminal pastes a CRLF as
                    // two CRs (it sends every LF as CR), which read as two breaks made
                    // "红色  Second line" (CSM trial, session 29).
                    out.push(' ');
                }
            }
            '\t' => out.push(' '),
            c if c.is_control() || is_invisible_format(c) => {}
            c => out.push(c),
        }
        after_break = this_break;
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

/// After an ESC: the rest of its sequence skipped (see `sanitize`).
fn skip_escape(rest: &str) -> &str {
    let mut chars = rest.chars();
    match chars.next() {
        Some('[') => skip_csi(chars.as_str()),
        Some(']' | 'P' | '_' | '^' | 'X') => skip_string(chars.as_str()),
        Some('N' | 'O') => {
            let after = chars.as_str();
            let mut next = after.chars();
            match next.next() {
                Some('\u{20}'..='\u{7E}') => next.as_str(),
                _ => after,
            }
        }
        Some('\u{20}'..='\u{2F}') => {
            let after = chars.as_str();
            for (i, c) in after.char_indices() {
                match c {
                    '\u{20}'..='\u{2F}' => {}
                    '\u{30}'..='\u{7E}' => return &after[i + 1..],
                    _ => return &after[i..],
                }
            }
            ""
        }
        Some('\u{30}'..='\u{7E}') => chars.as_str(),
        _ => rest,
    }
}

/// After `ESC [` or U+009B: up to and including the final byte, or up to (not including)
/// the first character that cannot be part of a CSI.
fn skip_csi(rest: &str) -> &str {
    for (i, c) in rest.char_indices() {
        match c {
            '\u{20}'..='\u{3F}' => {}
            '\u{40}'..='\u{7E}' => return &rest[i + 1..],
            _ => return &rest[i..],
        }
    }
    ""
}

/// After a control string's introducer: through its terminator, or, unterminated, up to
/// the next control character or the end but at most `UNTERMINATED_MAX` characters.
fn skip_string(rest: &str) -> &str {
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            '\u{07}' | '\u{9C}' => return &rest[i + c.len_utf8()..],
            '\u{1B}' if rest[i + 1..].starts_with('\\') => return &rest[i + 2..],
            c if c.is_control() => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let bound = rest.char_indices().nth(UNTERMINATED_MAX).map_or(rest.len(), |(i, _)| i);
    &rest[end.min(bound)..]
}

/// An unterminated control string (OSC …) takes at most this many characters with it.
const UNTERMINATED_MAX: usize = 64;

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
        assert_eq!(clean_line("a\u{2060}b\u{E0041}\u{E007F}c\u{FFF9}"), "abc");
        assert_eq!(clean_text("line1\r\nline2\rline3"), "line1\nline2\nline3");
        // A CRLF as a terminal pastes it (CR CR), and as a file has it: one space.
        assert_eq!(sanitize("红色\r\rSecond line", false), "红色 Second line");
        assert_eq!(sanitize("红色\r\nSecond\n\nline\r\n", false), "红色 Second line ");
        assert_eq!(clean_line("成都天府云图信息技术有限公司 🚀"), "成都天府云图信息技术有限公司 🚀");
    }

    #[test]
    fn text_around_a_cut_short_sequence_is_kept() {
        // A CSI ends at its final byte (0x40..=0x7E); anything outside 0x20..=0x7E aborts
        // it and is kept.
        assert_eq!(clean_line("a\u{1b}[中b"), "a中b");
        assert_eq!(clean_line("a\u{1b}[31中b"), "a中b");
        assert_eq!(clean_line("a\u{1b}[31;1mb"), "ab");
        assert_eq!(clean_text("a\u{1b}[31\nb"), "a\nb");
        assert_eq!(clean_line("x\u{9b}中y"), "x中y");
        // ESC alone, or before a non-ASCII character: only the ESC goes.
        assert_eq!(clean_line("a\u{1b}中b"), "a中b");
        assert_eq!(clean_text("a\u{1b}\nb"), "a\nb");
        assert_eq!(clean_line("end\u{1b}"), "end");
        // ESC + intermediates + final (a charset designation): all three go.
        assert_eq!(clean_line("a\u{1b}(Bb"), "ab");
        // An ESC inside a CSI starts a new sequence.
        assert_eq!(clean_line("a\u{1b}[3\u{1b}[0mb"), "ab");
    }

    #[test]
    fn an_unterminated_control_string_never_takes_the_next_line_or_much_text() {
        // Terminated strings go whole, however long (an OSC 52 clipboard write).
        let long = "Y".repeat(5000);
        assert_eq!(clean_line(&format!("a\u{1b}]52;c;{long}\u{07}b")), "ab");
        // Unterminated: cut at the line break, the line after kept.
        assert_eq!(clean_text("a\u{1b}]0;title\nsecond line"), "a\nsecond line");
        assert_eq!(clean_text("a\u{9d}0;title\r\nsecond"), "a\nsecond");
        // … and at most UNTERMINATED_MAX characters of the line.
        let tail = "ordinary text 成都天府云图信息技术有限公司 🚀 ".repeat(6);
        let cleaned = clean_line(&format!("\u{1b}]0;{tail}"));
        let kept: String = format!("0;{tail}").chars().skip(UNTERMINATED_MAX).collect();
        assert_eq!(cleaned, kept.trim());
        assert!(!cleaned.is_empty());
        // CAN and SUB abort a string, as in a terminal; another ESC starts a new sequence.
        assert_eq!(clean_line("a\u{1b}]0;t\u{18}b"), "ab");
        assert_eq!(clean_line("a\u{1b}]0;t\u{1b}[1mb"), "ab");
    }

    /// Well-formed escape sequences: CSI (7- and 8-bit), OSC/DCS/APC ended by BEL or ST,
    /// ESC + intermediates + final.
    fn sequence() -> impl Strategy<Value = String> {
        prop_oneof![
            ("[\u{30}-\u{3f}]{0,6}", "[\u{20}-\u{2f}]{0,2}", "[\u{40}-\u{7e}]")
                .prop_map(|(p, i, f)| format!("\u{1b}[{p}{i}{f}")),
            ("[\u{30}-\u{3f}]{0,6}", "[\u{40}-\u{7e}]").prop_map(|(p, f)| format!("\u{9b}{p}{f}")),
            ("[\\]P_^X]", "[ -~&&[^\u{1b}]]{0,80}|\\PC{0,20}", prop_oneof![Just("\u{7}"), Just("\u{1b}\\")])
                .prop_map(|(k, body, st)| format!("\u{1b}{k}{body}{st}")),
            ("[\u{20}-\u{2f}]{0,2}", "[\u{30}-\u{7e}&&[^\\[\\]P_^XNO]]")
                .prop_map(|(i, f)| format!("\u{1b}{i}{f}")),
        ]
    }

    /// Sequences cut short, each with what cuts it short: a CSI with no final byte or a
    /// lone ESC (cut by a non-ASCII character or a line break), an OSC with no end (cut by
    /// a line break).
    fn cut_short() -> impl Strategy<Value = (String, String)> {
        let cut = "[^\u{0}-\u{7f}]|\n";
        prop_oneof![
            ("[\u{30}-\u{3f}]{0,6}", "[\u{20}-\u{2f}]{0,2}", cut)
                .prop_map(|(p, i, c)| (format!("\u{1b}[{p}{i}"), c)),
            cut.prop_map(|c| ("\u{1b}".to_string(), c)),
            ("[ -~]{0,40}|\\PC{0,20}").prop_map(|body| (format!("\u{1b}]{body}"), "\n".to_string())),
        ]
    }

    proptest! {
        #[test]
        fn stripping_a_sequence_keeps_the_text_around_it(
            a in "\\PC{0,20}", seq in sequence(), b in "\\PC{0,20}"
        ) {
            let (a_, b_) = (sanitize(&a, true), sanitize(&b, true));
            prop_assert_eq!(sanitize(&format!("{a}{seq}{b}"), true), format!("{a_}{b_}"));
        }

        /// A sequence cut short loses only itself: what cuts it short (Chinese, emoji, the
        /// next line) and everything after is kept whole.
        #[test]
        fn a_sequence_cut_short_keeps_what_follows(
            a in "\\PC{0,20}", (seq, cut) in cut_short(), b in "\\PC{0,20}"
        ) {
            prop_assume!(cut == "\n" || sanitize(&cut, true) == cut);
            let (a_, b_) = (sanitize(&a, true), sanitize(&b, true));
            prop_assert_eq!(sanitize(&format!("{a}{seq}{cut}{b}"), true), format!("{a_}{cut}{b_}"));
        }

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

/// The longest start of `s` at most `max` cells wide. Widths are measured on the text as a
/// whole, not added up character by character: a variation selector makes `🕯` two cells
/// (`🕯\u{fe0f}`), which the sum of its characters' widths (1 + 0) missed, and the cut text
/// overflowed its column.
fn prefix_within(s: &str, max: usize) -> &str {
    // Each character boundary, and a binary search for the last prefix that fits: a width
    // is nearly monotone in the prefix's length, and this stays O(n log n) for a long note.
    let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    let fits = ends.partition_point(|&end| width(&s[..end]) <= max);
    &s[..fits.checked_sub(1).map_or(0, |i| ends[i])]
}

/// The longest end of `s` at most `max` cells wide (measured as `prefix_within` does).
fn suffix_within(s: &str, max: usize) -> &str {
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).rev().collect();
    let fits = starts.partition_point(|&start| width(&s[start..]) <= max);
    &s[fits.checked_sub(1).map_or(s.len(), |i| starts[i])..]
}

/// Cuts `s` to at most `max` cells, ending in `…` when something was cut; never splits
/// a wide character.
pub fn truncate_to_width(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // A cut right after an ellipsis would show "……": one mark is enough (Chinese text
    // often has its own "……"). The mark joins nothing: one cell more.
    let mut out = prefix_within(s, max - 1).trim_end_matches('…').to_string();
    out.push('…');
    out
}

/// Cuts `s` to at most `max` cells by taking out its middle (`…` in its place): a message
/// keeps its start and its end, where a file's name or the key to press stands. A third of
/// the room goes to the start. Never splits a wide character.
pub fn elide_middle(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max < 2 {
        return truncate_to_width(s, max);
    }
    let head = prefix_within(s, (max - 1) / 3);
    format!("{head}…{}", suffix_within(s, max - 1 - width(head)))
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

    /// A variation selector widens the character before it (`🕯\u{fe0f}` is two cells):
    /// the cut text is measured whole, so it still fits (proptest's find: it overflowed).
    #[test]
    fn a_variation_selector_counts_in_the_cut() {
        let s = "¡🕯\u{fe0f}ﯓ Ἐ0අ𑶓߀a 🌀 a🌀𞹑";
        for cells in 0..12 {
            assert!(width(&truncate_to_width(s, cells)) <= cells, "{cells}: {}", truncate_to_width(s, cells));
            assert!(width(&elide_middle(s, cells)) <= cells, "{cells}: {}", elide_middle(s, cells));
        }
        assert_eq!(truncate_to_width("a🕯\u{fe0f}b", 3), "a🕯…", "without its selector, one cell");
    }

    #[test]
    fn the_middle_goes_first() {
        let said = "Handover sheet written to /root/.local/share/renewal-radar/成都天府云图.md";
        let cut = elide_middle(said, 40);
        assert_eq!(cut, "Handover shee…ewal-radar/成都天府云图.md");
        assert_eq!(width(&cut), 40);
        assert_eq!(elide_middle("成都天府云图信息技术有限公司", 9), "成…限公司");
        assert_eq!(elide_middle("short", 9), "short");
        assert_eq!(elide_middle("abc", 1), "…");
        assert_eq!(elide_middle("abc", 2), "…c");
        assert_eq!(elide_middle("abcdefghijkl", 8), "ab…hijkl");
        assert_eq!(elide_middle("abcdefghijkl", 9), "ab…ghijkl");
    }

    proptest! {
        #[test]
        fn fit_is_exact(s in "\\PC{0,30}", cells in 0usize..40) {
            let clean = clean_line(&s);
            prop_assert!(width(&truncate_to_width(&clean, cells)) <= cells);
            let fitted = fit_to_width(&clean, cells);
            prop_assert_eq!(width(&fitted), cells);
        }

        #[test]
        fn elided_fits_and_keeps_both_ends(s in "\\PC{0,40}", cells in 0usize..40) {
            let clean = clean_line(&s);
            let cut = elide_middle(&clean, cells);
            prop_assert!(width(&cut) <= cells);
            if width(&clean) <= cells {
                prop_assert_eq!(cut, clean);
            } else if cells >= 2 {
                let both = cut.match_indices('…').any(|(i, _)| {
                    clean.starts_with(&cut[..i]) && clean.ends_with(&cut[i + '…'.len_utf8()..])
                });
                prop_assert!(both, "{} from {}", cut, clean);
                // Text of plain widths fills the room but for a wide character's cell (marks
                // and selectors make a width not grow with each character: not there).
                let plain = clean.chars().all(|c| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c));
                prop_assert!(!plain || width(&cut) + 1 >= cells, "at most a wide character's cell left over");
            }
        }
    }
}
