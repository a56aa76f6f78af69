//! Customer notes (a touchpoint's, a churn's) as Markdown quotes that keep their lines: a
//! renderer joins the lines of a quote into one paragraph and drops the spaces a line
//! begins with, and the sheet promises each note "with its own lines kept".

use super::inline;
use crate::domain::text::sanitize;
use std::fmt::Write;

/// Writes `note` as a quote, one `> ` line per line of the note: each line ends in a
/// backslash (Markdown's hard break, which an editor that strips trailing spaces keeps,
/// unlike two spaces) when the next line would otherwise run on in the same paragraph; an
/// empty line stays a break between paragraphs; a line that begins a list or a heading
/// begins it (a backslash before it would be printed), and one that would turn the line
/// above into a heading (`---`, `===`) is escaped. An empty note is `> -`.
pub(crate) fn quote(out: &mut String, note: &str) {
    let lines: Vec<String> = note.trim_end().lines().map(note_line).collect();
    if lines.iter().all(String::is_empty) {
        let _ = writeln!(out, "> -");
        return;
    }
    let mut fence: Option<&str> = None;
    // Inside a list any item marker begins the next item ("2." too): a backslash before it
    // would be printed (the review's "1. send quote\" for a numbered list of next steps).
    let mut in_list = false;
    for (k, line) in lines.iter().enumerate() {
        // Inside a fenced code block lines are kept as they are: a backslash would show.
        if let Some(open) = fence {
            if closes(open, line) {
                fence = None;
            }
            let _ = writeln!(out, "> {line}");
            continue;
        }
        fence = opens_fence(line);
        in_list = !line.is_empty() && (in_list || list_item(line)) && fence.is_none() && !ends_itself(line);
        let next = lines.get(k + 1);
        let joined = !line.is_empty()
            && fence.is_none()
            && !ends_itself(line)
            && next.is_some_and(|n| !(n.is_empty() || interrupts_paragraph(n) || in_list && list_item(n)));
        let _ = writeln!(out, "> {line}{}", if joined { "\\" } else { "" });
    }
}

/// One line of a note: controls removed, the text inert Markdown (`inline`), and the
/// spaces it begins with kept as no-break spaces, which Markdown shows (it drops spaces).
fn note_line(raw: &str) -> String {
    let s = sanitize(raw, false);
    let text = s.trim_start();
    let body = inline(text.trim_end());
    if body.is_empty() {
        return String::new();
    }
    let indent: String =
        s[..s.len() - text.len()].chars().map(|c| if c == ' ' { '\u{a0}' } else { c }).collect();
    // A line of only `-` or `=` under text makes that text a heading: shown as typed.
    let underline = body.bytes().all(|b| b == b'-') || body.bytes().all(|b| b == b'=');
    let escape = if indent.is_empty() && underline { "\\" } else { "" };
    format!("{indent}{escape}{body}")
}

/// Whether a line, after a line of paragraph text, begins a block of its own (a list item,
/// a heading, a fence, a rule) rather than going on with the paragraph, as CommonMark reads
/// it: only a list item with text in it, and of an ordered list only one that starts at 1,
/// can interrupt a paragraph.
fn interrupts_paragraph(line: &str) -> bool {
    let l = line.trim_start_matches(' ');
    if line.len() - l.len() > 3 {
        return false; // indented: a continuation of the paragraph
    }
    let item = |marker: usize| l[marker..].starts_with([' ', '\t']) && !l[marker..].trim().is_empty();
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    match l.as_bytes().first() {
        Some(b'-' | b'+' | b'*') => item(1) || is_rule(l),
        Some(b'0'..=b'9') => {
            (1..=9).contains(&digits)
                && l[..digits].parse() == Ok(1u32)
                && l[digits..].starts_with(['.', ')'])
                && item(digits + 1)
        }
        _ => ends_itself(l) || opens_fence(l).is_some(),
    }
}

/// A list item with text in it, of any marker: `-`, `+`, `*`, or a number (up to nine
/// digits) and `.` or `)`.
fn list_item(line: &str) -> bool {
    let l = line.trim_start_matches(' ');
    if line.len() - l.len() > 3 {
        return false;
    }
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match l.as_bytes().first() {
        Some(b'-' | b'+' | b'*') => 1,
        Some(b'0'..=b'9') if digits <= 9 && l[digits..].starts_with(['.', ')']) => digits + 1,
        _ => return false,
    };
    l[marker..].starts_with([' ', '\t']) && !l[marker..].trim().is_empty()
}

/// A heading or a rule: a line that is a block by itself, so a backslash after it would
/// be printed, not a break.
fn ends_itself(line: &str) -> bool {
    let l = line.trim_start_matches(' ');
    let hashes = l.bytes().take_while(|b| *b == b'#').count();
    let heading = (1..=6).contains(&hashes) && (l.len() == hashes || l[hashes..].starts_with([' ', '\t']));
    heading || is_rule(l)
}

/// A thematic break: three or more of one of `-`, `*`, `_`, spaces between allowed.
fn is_rule(l: &str) -> bool {
    let Some(c) = l.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    l.chars().all(|x| x == c || x == ' ' || x == '\t') && l.chars().filter(|x| *x == c).count() >= 3
}

/// The fence a line opens (three or more backticks or tildes), if it opens one.
fn opens_fence(line: &str) -> Option<&str> {
    let l = line.trim_start_matches(' ');
    if line.len() - l.len() > 3 {
        return None;
    }
    let c = l.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = l.chars().take_while(|x| *x == c).count();
    // A backtick fence's info string holds no backtick (else it is inline code).
    (n >= 3 && !(c == '`' && l[n..].contains('`'))).then(|| &l[..n])
}

/// Whether `line` closes the fence `open`: the same character, at least as many, nothing after.
fn closes(open: &str, line: &str) -> bool {
    let l = line.trim_start_matches(' ').trim_end();
    let c = open.chars().next();
    l.len() >= open.len() && l.chars().all(|x| Some(x) == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(note: &str) -> String {
        let mut out = String::new();
        quote(&mut out, note);
        out
    }

    #[test]
    fn lines_that_interrupt_a_paragraph() {
        for l in [
            "- a", "* b", "+ c", "1. one", "1) two", "01. one", "# H", "### H", "#", "```rust", "~~~", "---",
            "- - -", "***", "___", "   - a",
        ] {
            assert!(interrupts_paragraph(l), "{l}");
        }
        for l in [
            "-a",
            "-",
            "- ",
            "#hashtag",
            "####### seven",
            "1.5 million",
            "2. second",
            "12) twelve",
            "1.",
            "2026-11-22 call",
            "plain",
            "    - code",
            "\\===",
            "``x",
            "```a`b",
            "1234567890. x",
            "电话",
            "\u{a0}\u{a0}- 缩进",
        ] {
            assert!(!interrupts_paragraph(l), "{l}");
        }
    }

    /// Every line stays a line, its indentation shown, its text escaped as before.
    #[test]
    fn each_line_of_a_note_keeps_its_own_line() {
        let note = "成都天府云图信息技术有限公司 🚀\n    缩进 \x1b[31mred [x](javascript:1)\nSteps:\n2. call back\n-\nTotal\n===\n# 标题\nafter\n\n- a\n- b\n\n```\ncode <b>\n```\nend";
        let want = "> 成都天府云图信息技术有限公司 🚀\\\n\
                    > \u{a0}\u{a0}\u{a0}\u{a0}缩进 red \\[x\\](javascript:1)\\\n\
                    > Steps:\\\n\
                    > 2. call back\\\n\
                    > \\-\\\n\
                    > Total\\\n\
                    > \\===\n\
                    > # 标题\n\
                    > after\n\
                    > \n\
                    > - a\n\
                    > - b\n\
                    > \n\
                    > ```\n\
                    > code &lt;b&gt;\n\
                    > ```\n\
                    > end\n";
        assert_eq!(quoted(note), want);
        assert_eq!(quoted(" \n\x1b[31m\n"), "> -\n");
    }

    /// A numbered list of next steps: each item begins the next, with no backslash to print;
    /// a line that goes on with an item keeps its break, and so does the item before it.
    #[test]
    fn items_of_a_list_end_without_a_backslash() {
        let note = "Next steps:\n1. send quote 成都\n2. book QBR 🚀\n3. call admin\nwith the CFO\n4) last\n- a\n2) two";
        let want = "> Next steps:\n\
                    > 1. send quote 成都\n\
                    > 2. book QBR 🚀\n\
                    > 3. call admin\\\n\
                    > with the CFO\n\
                    > 4) last\n\
                    > - a\n\
                    > 2) two\n";
        assert_eq!(quoted(note), want);
        for l in ["- a", "2. b", "12) c", "   * d"] {
            assert!(list_item(l), "{l}");
        }
        for l in ["-a", "2.b", "2.", "    - code", "1234567890. x", "plain"] {
            assert!(!list_item(l), "{l}");
        }
    }
}
