//! A status message too long for its line, shortened where a reader expects a cut: its start
//! kept up to a break (a space, a clause's punctuation, between Chinese characters), never
//! inside a word, a number or a date, then `…`. The middle of a message used to go, and with
//! it what the user needed (an import's counts, why an undo was refused, a next step's date:
//! CSM trial); the whole text is in the message log (`messages`).

use super::text::width;
use unicode_width::UnicodeWidthChar;

/// Punctuation a line never begins with in Chinese: no cut just before it.
const NO_BREAK_BEFORE: &str = "、。，．！？；：）」』】》〉…—";

/// What a kept start may not end with: a separator or an opening mark left dangling
/// before the `…` ("counts: …", "(…").
const DANGLING: &str = " ·,.:;(（“‘\"—–-/=、，。：；";

/// `s` (already as drawn) in at most `max` columns, and whether it was shortened. A message
/// ending in a file's path keeps the file's name: there the path's middle goes.
pub fn shorten(s: &str, max: usize) -> (String, bool) {
    if width(s) <= max {
        return (s.to_string(), false);
    }
    if let Some(kept) = keep_file_name(s, max) {
        return (kept, true);
    }
    (cut_at_break(s, max), true)
}

/// "Handover sheet written to /a/long/folder/sheet.md" → "Handover sheet written to /a/l…/sheet.md",
/// when the text before the path and the file's name fit: the folder's end goes.
fn keep_file_name(s: &str, max: usize) -> Option<String> {
    let at = s.trim_end().rfind(' ')?;
    let (head, path) = s.split_at(at + 1);
    let name = path.rsplit(['/', '\\']).next().filter(|n| !n.is_empty() && n.len() < path.len())?;
    let folder = &path[..path.len() - name.len() - 1];
    let sep = &path[folder.len()..=folder.len()];
    // The name, and at least "…/" before it.
    let room = max.checked_sub(width(head) + width(name) + 2)?;
    let mut kept = String::new();
    for c in folder.chars() {
        if width(&kept) + c.width().unwrap_or(0) > room {
            break;
        }
        kept.push(c);
    }
    Some(format!("{head}{kept}…{sep}{name}"))
}

/// Where a clause ends: a start cut there reads as whole ("3 created…", not "3 created · 2…").
const CLAUSE_END: &str = ",;:.·，；：。、";

/// The longest start that fits with `…` in `max` columns ending at a clause's end, else at
/// a break; one keeping less than two thirds of the room is passed over (a cut far back
/// wastes the line), down to a cut at a character (one long word).
fn cut_at_break(s: &str, max: usize) -> String {
    if max == 0 {
        return String::new();
    }
    let room = max - 1;
    let (mut clause, mut word) = (None, None);
    let mut used = 0;
    let mut prev: Option<char> = None;
    let mut last_fit = 0;
    for (i, c) in s.char_indices() {
        if let Some(p) = prev
            && is_break(p, c)
        {
            let kept = s[..i].trim_end_matches(|c| DANGLING.contains(c));
            if !kept.is_empty() && width(kept) <= room {
                word = Some(kept);
                if s[..i].trim_end().ends_with(|c| CLAUSE_END.contains(c)) {
                    clause = Some(kept);
                }
            }
        }
        // A few columns past the room still: a start ending in a separator fits once the
        // separator goes ("生成，" is "生成").
        if used > room + 4 {
            break;
        }
        used += c.width().unwrap_or(0);
        if used <= room {
            last_fit = i + c.len_utf8();
        }
        prev = Some(c);
    }
    let long_enough = |kept: &&str| width(kept) * 3 >= room * 2;
    let kept = clause
        .filter(long_enough)
        .or(word.filter(long_enough))
        .unwrap_or_else(|| s[..last_fit].trim_end_matches(|c| DANGLING.contains(c)));
    let kept = kept.trim_end_matches('…');
    format!("{kept}…")
}

/// A cut may come between `before` and `after`: at a space, after a clause's punctuation,
/// or next to a wide (Chinese) character, but not before closing punctuation.
fn is_break(before: char, after: char) -> bool {
    if NO_BREAK_BEFORE.contains(after) {
        return false;
    }
    after == ' ' || before == ' ' || before.width() == Some(2) || after.width() == Some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_that_fits_is_whole() {
        assert_eq!(shorten(" Undone: a note", 20), (" Undone: a note".to_string(), false));
    }

    #[test]
    fn the_cut_is_at_a_space_and_ends_in_an_ellipsis() {
        let said = " Cannot undo “Logged a touchpoint”: the row changed since. Nothing was changed.";
        let (cut, shortened) = shorten(said, 50);
        assert!(shortened);
        assert_eq!(cut, " Cannot undo “Logged a touchpoint”…");
        assert!(width(&cut) <= 50);
        // No separator left hanging before the mark.
        assert_eq!(shorten(" Imported: 3 created · 2 changed · 1 refused", 30).0, " Imported: 3 created…");
    }

    /// A date (or any number) is kept whole or left out, never cut in two.
    #[test]
    fn a_date_is_never_split() {
        let said = " 已记录客户接触，并建了下一步任务（2026-11-25 到期） · 成都天府云图信息技术有限公司";
        for max in 20..width(said) {
            let (cut, _) = shorten(said, max);
            assert!(width(&cut) <= max, "{max}: {cut}");
            assert!(cut.contains("2026-11-25") || !cut.contains("2026"), "{max}: {cut}");
        }
        // Between Chinese characters: the room is used.
        let (cut, _) = shorten(" 里程碑由合同期和客户级别生成，不能删除。", 16);
        assert_eq!(cut, " 里程碑由合同期…");
        // Not before closing punctuation.
        let (cut, _) = shorten(" 里程碑由合同期和客户级别生成，不能删除。", 31);
        assert_eq!(cut, " 里程碑由合同期和客户级别生成…");
    }

    /// Where no clause ends late enough, a space.
    #[test]
    fn else_at_a_space() {
        let said = " The import is not undone by u: it went in as a whole. u again undoes the change";
        assert_eq!(shorten(said, 72).0, " The import is not undone by u: it went in as a whole…");
        assert_eq!(shorten(said, 40).0, " The import is not undone by u…");
        assert_eq!(shorten(said, 52).0, " The import is not undone by u: it went in as a…");
    }

    #[test]
    fn one_long_word_is_cut_at_a_character() {
        let (cut, _) = shorten(" Supercalifragilisticexpialidocious", 12);
        assert_eq!(cut, " Supercalif…");
    }

    #[test]
    fn a_path_at_the_end_keeps_its_file_name() {
        let said = " Handover sheet written to /root/.local/share/renewal-radar/handover/sheet-ACC-1.md";
        let (cut, shortened) = shorten(said, 60);
        assert!(shortened);
        assert!(cut.starts_with(" Handover sheet written to /"), "{cut}");
        assert!(cut.ends_with("sheet-ACC-1.md") && cut.contains('…'), "{cut}");
        assert_eq!(width(&cut), 60);
        // No room for the name beside the text before it: cut as any message.
        let (cut, _) = shorten(said, 30);
        assert_eq!(cut, " Handover sheet written to…");
    }

    #[test]
    fn never_wider_than_the_room() {
        let said = " 成都天府云图信息技术有限公司 a 🚀 b · Logged a touchpoint, 2026-11-25";
        for max in 0..width(said) + 2 {
            let (cut, _) = shorten(said, max);
            assert!(width(&cut) <= max, "{max}: {cut}");
        }
    }
}
