//! The line breaks of a terminal paste. A terminal sends every LF of a paste as CR (as if
//! Enter were pressed), so a text with CRLF line ends (copied from a Windows mail, an Excel
//! cell, a web CRM) arrives with each break as CR CR, and read as it came every line of a
//! pasted note was followed by a blank one (CSM trial, session 30).
//!
//! The same CR CR is also how an LF text's blank line arrives. The two are told apart by
//! the whole paste: in a CRLF text every run of CRs is even (one break: two, a blank line:
//! four), while an LF text with a break not followed by a blank line has an odd run. Only
//! a paste whose runs are all even, with no LF left in it, is read as CRLF and each run
//! halved. The one LF text read wrongly is one whose every line is followed by a blank
//! line (one-line paragraphs): it keeps each line, one break apart.

use std::borrow::Cow;

/// The paste with its breaks as the text had them: each CR a break.
pub fn paste_breaks(text: &str) -> Cow<'_, str> {
    // Between two other characters, a run of CRs (most are empty: even).
    let all_even = text.split(|c| c != '\r').all(|run| run.len() % 2 == 0);
    if text.contains('\n') || !text.contains('\r') || !all_even {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    for c in text.chars() {
        if c == '\r' {
            run += 1;
            continue;
        }
        out.extend(std::iter::repeat_n('\r', run / 2));
        out.push(c);
        run = 0;
    }
    out.extend(std::iter::repeat_n('\r', run / 2));
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::clean_text;
    use proptest::prelude::*;

    /// What a terminal sends for `text`: every LF as CR.
    fn sent(text: &str) -> String {
        text.replace('\n', "\r")
    }

    #[test]
    fn a_crlf_text_keeps_its_lines_and_its_blank_lines() {
        let crlf = "王总: renewal at risk 🚀\r\n\r\nnext: QBR\r\nowner 成都\r\n";
        assert_eq!(
            clean_text(&paste_breaks(&sent(crlf))),
            "王总: renewal at risk 🚀\n\nnext: QBR\nowner 成都"
        );
    }

    #[test]
    fn an_lf_text_is_left_as_it_came() {
        let lf = sent("line one\nline two\n\nparagraph two");
        assert_eq!(paste_breaks(&lf), lf.as_str());
        assert_eq!(clean_text(&paste_breaks(&lf)), "line one\nline two\n\nparagraph two");
        // Already LF or CRLF (a terminal that does not convert): the sanitiser reads those.
        assert_eq!(paste_breaks("a\r\nb"), "a\r\nb");
        assert_eq!(paste_breaks("a\nb"), "a\nb");
        assert_eq!(paste_breaks("one line"), "one line");
        // Breaks at the end are halved too (the note's own trim would hide it).
        assert_eq!(paste_breaks("a\r\rb\r\r\r\r"), "a\rb\r\r");
        // An LF anywhere: not a terminal's conversion, even beside an even run of CRs.
        assert_eq!(paste_breaks("a\r\rb\nc"), "a\r\rb\nc");
    }

    proptest! {
        /// Any CRLF text, pasted, reads back as the same text with LF breaks.
        #[test]
        fn a_pasted_crlf_text_reads_as_the_text(lines in prop::collection::vec("[a-z 红色🚀]{0,6}", 1..6)) {
            let lf = lines.join("\n");
            let pasted = sent(&lf.replace('\n', "\r\n"));
            prop_assert_eq!(clean_text(&paste_breaks(&pasted)), clean_text(&lf));
        }

        /// An LF text with a break that is no blank line's is never changed.
        #[test]
        fn an_lf_text_with_a_single_break_is_kept(a in "[a-z红]{1,6}", b in "[a-z]{1,6}", rest in "[a-z\n]{0,12}") {
            let pasted = sent(&format!("{a}\n{b}{rest}"));
            prop_assert_eq!(paste_breaks(&pasted), pasted.as_str());
        }
    }
}
