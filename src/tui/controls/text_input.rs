//! A text field's editing buffer: one line or several, a cursor by character, and the
//! editing actions of the keymap's `[input]` table (moves, deletes; by default the usual
//! terminal keys: arrows, Home/End, Backspace/Delete, C-a C-e C-u C-k C-w). Kept small
//! and ours: the dependency budget has no text-area crate, and forms need only this.

use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, TextKey};
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters (0..=len).
    cursor: usize,
    pub multiline: bool,
    /// The whole text is selected: what is typed or pasted next replaces it, a delete key
    /// clears it, a move keeps it and ends the selection. A search box reopened on a kept
    /// query starts so: `/` then typing appended to the old query (CSM trial, session 23).
    selected: bool,
}

/// What a key did to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Changed,
    Moved,
    /// Up/Down past the first/last line: the form moves to another field (the next one:
    /// `true`).
    Leave(bool),
    Ignored,
}

impl TextInput {
    pub fn new(text: &str, multiline: bool) -> TextInput {
        let text = if multiline { text.to_string() } else { text.replace('\n', " ") };
        TextInput { cursor: text.chars().count(), text, multiline, selected: false }
    }

    /// A field holding `text` selected whole (`selected`), the cursor at its end.
    pub fn selecting(text: &str, multiline: bool) -> TextInput {
        TextInput { selected: !text.is_empty(), ..TextInput::new(text, multiline) }
    }

    /// Whether the whole text is selected (drawn so: the next key replaces it).
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Ends the selection, keeping the text: what is typed next is added to it.
    pub fn deselect(&mut self) {
        self.selected = false;
    }

    /// Drops a selected text: what comes next replaces it. True if there was one.
    fn replace_selected(&mut self) -> bool {
        let was = std::mem::take(&mut self.selected);
        if was {
            self.text.clear();
            self.cursor = 0;
        }
        was
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        *self = TextInput::new(text, self.multiline);
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text.char_indices().nth(char_idx).map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        if c == '\n' && !self.multiline || (c.is_control() && c != '\n') {
            return;
        }
        self.replace_selected();
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts pasted text at the cursor, in one piece (a long paste is not a key per
    /// character): escape sequences and controls stripped by the one sanitiser, line breaks
    /// (CR, as terminals paste them, CRLF or LF) kept in a multi-line field and turned into
    /// spaces in a one-line one, tabs into spaces.
    pub fn insert_str(&mut self, s: &str) {
        let clean = crate::domain::text::sanitize(s, self.multiline);
        self.replace_selected();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    fn delete_range(&mut self, from: usize, to: usize) {
        let (a, b) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(a..b, "");
        self.cursor = from;
    }

    /// (line start, line end) in characters around the cursor.
    fn line_bounds(&self) -> (usize, usize) {
        let chars: Vec<char> = self.text.chars().collect();
        let start = chars[..self.cursor].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
        let end =
            chars[self.cursor..].iter().position(|c| *c == '\n').map_or(chars.len(), |i| self.cursor + i);
        (start, end)
    }

    /// Moves to the line above (`up`) or below at the same column; false at the edge.
    fn vertical(&mut self, up: bool) -> bool {
        let (start, end) = self.line_bounds();
        let col = self.cursor - start;
        if up {
            if start == 0 {
                return false;
            }
            let prev_end = start - 1;
            let chars: Vec<char> = self.text.chars().collect();
            let prev_start = chars[..prev_end].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
            self.cursor = prev_start + col.min(prev_end - prev_start);
        } else {
            if end >= self.len() {
                return false;
            }
            let next_start = end + 1;
            let chars: Vec<char> = self.text.chars().collect();
            let next_end =
                chars[next_start..].iter().position(|c| *c == '\n').map_or(chars.len(), |i| next_start + i);
            self.cursor = next_start + col.min(next_end - next_start);
        }
        true
    }

    /// One key, as the keymap says (`Keymap::text_key`).
    pub fn handle(&mut self, key: &KeyEvent, keymap: &Keymap) -> Edited {
        self.apply(keymap.text_key(key))
    }

    /// Carries out a text key: types a character or runs an `[input]` action.
    pub fn apply(&mut self, key: TextKey) -> Edited {
        let (start, end) = self.line_bounds();
        let action = match key {
            TextKey::Type(c) => {
                self.insert(c);
                return Edited::Changed;
            }
            TextKey::Edit(a) => a,
            TextKey::None => return Edited::Ignored,
        };
        let deletes = matches!(
            action,
            Action::DeleteToStart
                | Action::DeleteToEnd
                | Action::DeleteWord
                | Action::DeleteBack
                | Action::DeleteForward
        );
        if deletes && self.replace_selected() {
            return Edited::Changed;
        }
        // Any other key ends the selection: a move then starts from the end of the text.
        self.selected = false;
        let deleted = match action {
            Action::DeleteToStart => Some((start, self.cursor)),
            Action::DeleteToEnd => Some((self.cursor, end)),
            Action::DeleteWord => Some((self.word_start(start), self.cursor)),
            Action::DeleteBack if self.cursor > 0 => Some((self.cursor - 1, self.cursor)),
            Action::DeleteForward if self.cursor < self.len() => Some((self.cursor, self.cursor + 1)),
            _ => None,
        };
        if let Some((from, to)) = deleted {
            self.delete_range(from, to);
            return Edited::Changed;
        }
        match action {
            Action::LineStart => self.cursor = start,
            Action::LineEnd => self.cursor = end,
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.len()),
            Action::WordLeft => self.cursor = self.word_start(start),
            Action::WordRight => self.cursor = self.word_end(end),
            Action::Up | Action::Down => {
                let down = action == Action::Down;
                let moved = self.multiline && self.vertical(!down);
                return if moved { Edited::Moved } else { Edited::Leave(down) };
            }
            _ => return Edited::Ignored,
        }
        Edited::Moved
    }

    /// Where the word before the cursor starts (spaces before it skipped), not before
    /// `line_start`.
    fn word_start(&self, line_start: usize) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > line_start && chars[i - 1] == ' ' {
            i -= 1;
        }
        while i > line_start && chars[i - 1] != ' ' {
            i -= 1;
        }
        i
    }

    /// Where the word after the cursor ends (spaces before it skipped), not after `line_end`.
    fn word_end(&self, line_end: usize) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i < line_end && chars[i] == ' ' {
            i += 1;
        }
        while i < line_end && chars[i] != ' ' {
            i += 1;
        }
        i
    }

    /// The visible part of a one-line field `width` columns wide: (text, cursor column),
    /// scrolled so the cursor stays in view.
    pub fn window(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        let chars: Vec<char> = self.text.chars().collect();
        // Measured as drawn (emoji sequences are shown in a stable form, see `glyphs`).
        let w = |c: &char| crate::tui::view::widgets::glyphs::char_width(*c);
        // Walk back from the cursor until the line is full.
        let mut start = self.cursor;
        let mut used = 1; // the cursor cell
        while start > 0 && used + w(&chars[start - 1]) <= width {
            start -= 1;
            used += w(&chars[start]);
        }
        let mut out = String::new();
        let mut cols = 0;
        let mut cursor_col = 0;
        for (i, c) in chars.iter().enumerate().skip(start) {
            if i == self.cursor {
                cursor_col = cols;
            }
            if cols + w(c) > width {
                break;
            }
            out.push(*c);
            cols += w(c);
        }
        if self.cursor >= chars.len() {
            cursor_col = cols.min(width.saturating_sub(1));
        }
        (out, cursor_col)
    }

    /// The visible part of a one-line field `width` columns wide with the cursor drawn as
    /// `_` where it is (the text after it moves one cell on): the end being typed stays in
    /// sight however long the text.
    pub fn window_with_caret(&self, width: usize) -> String {
        // The caret takes a cell of its own: mid-text the window leaves it one (at the end
        // `window` counts it already).
        let at_end = self.cursor >= self.len();
        let (text, col) = self.window(if at_end { width } else { width.saturating_sub(1).max(1) });
        let w = |c: char| crate::tui::view::widgets::glyphs::char_width(c);
        let mut out = String::new();
        let mut cols = 0;
        let mut placed = false;
        for c in text.chars() {
            if !placed && cols >= col {
                out.push('_');
                placed = true;
            }
            out.push(c);
            cols += w(c);
        }
        if !placed {
            out.push('_');
        }
        out
    }

    /// A one-line buffer with the cursor at character `cursor` (drawing a note's line).
    pub fn at(text: &str, cursor: usize) -> TextInput {
        let mut t = TextInput::new(text, false);
        t.cursor = cursor.min(t.len());
        t
    }

    /// Lines of a multi-line field, and the cursor's (line, character within the line).
    pub fn lines(&self) -> (Vec<String>, (usize, usize)) {
        let lines: Vec<String> = self.text.split('\n').map(str::to_string).collect();
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let line = before.iter().filter(|c| **c == '\n').count();
        let col = before.iter().rev().take_while(|c| **c != '\n').count();
        (lines, (line, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    /// A buffer driven by the default keymap.
    struct Keyed(Keymap);

    impl Keyed {
        fn new() -> Keyed {
            Keyed(Keymap::default_map().unwrap())
        }

        fn key(&self, t: &mut TextInput, code: KeyCode) -> Edited {
            t.handle(&KeyEvent::new(code, KeyModifiers::NONE), &self.0)
        }

        fn ctrl(&self, t: &mut TextInput, code: KeyCode) -> Edited {
            t.handle(&KeyEvent::new(code, KeyModifiers::CONTROL), &self.0)
        }
    }

    #[test]
    fn edits_by_character_including_wide_ones() {
        let k = Keyed::new();
        let mut t = TextInput::new("", false);
        for c in "王总 call".chars() {
            k.key(&mut t, KeyCode::Char(c));
        }
        assert_eq!(t.text(), "王总 call");
        k.key(&mut t, KeyCode::Home);
        k.key(&mut t, KeyCode::Right);
        k.key(&mut t, KeyCode::Backspace);
        assert_eq!(t.text(), "总 call");
        k.ctrl(&mut t, KeyCode::Char('e'));
        k.ctrl(&mut t, KeyCode::Char('w'));
        assert_eq!(t.text(), "总 ");
        k.ctrl(&mut t, KeyCode::Char('u'));
        assert_eq!(t.text(), "");
        t.insert_str("a\nb");
        assert_eq!(t.text(), "a b", "one-line fields turn pasted newlines into spaces");
    }

    #[test]
    fn a_paste_goes_in_whole_at_the_cursor() {
        // Terminals send a pasted line break as CR; tmux and most terminals do.
        let pasted = "王总: renewal 🚀\r第二行 \u{1b}[31mred\u{1b}[0m\r\nthird\tline a\u{1b}[中b";
        let k = Keyed::new();
        let mut note = TextInput::new("before  after", true);
        k.key(&mut note, KeyCode::Home);
        for _ in 0..7 {
            k.key(&mut note, KeyCode::Right);
        }
        note.insert_str(pasted);
        assert_eq!(note.text(), "before 王总: renewal 🚀\n第二行 red\nthird line a中b after");
        assert_eq!(note.cursor(), note.text().chars().count() - " after".len());
        let mut line = TextInput::new("", false);
        line.insert_str(pasted);
        assert_eq!(line.text(), "王总: renewal 🚀 第二行 red third line a中b");
    }

    #[test]
    fn multiline_moves_between_lines_and_leaves_at_the_edges() {
        let k = Keyed::new();
        let mut t = TextInput::new("first\nsecond line", true);
        assert_eq!(k.key(&mut t, KeyCode::Down), Edited::Leave(true));
        assert_eq!(k.key(&mut t, KeyCode::Up), Edited::Moved);
        assert_eq!(t.lines().1, (0, 5));
        assert_eq!(k.key(&mut t, KeyCode::Up), Edited::Leave(false));
        t.insert('\n');
        assert_eq!(t.lines().0, vec!["first", "", "second line"]);
    }

    #[test]
    fn ctrl_arrows_move_by_word_and_other_modifiers_act_as_the_arrow() {
        let k = Keyed::new();
        let mut t = TextInput::new("renew 成都 plan", false);
        k.ctrl(&mut t, KeyCode::Left);
        assert_eq!(t.cursor(), 9, "to the start of 'plan'");
        k.ctrl(&mut t, KeyCode::Left);
        assert_eq!(t.cursor(), 6, "to the start of '成都'");
        k.ctrl(&mut t, KeyCode::Right);
        assert_eq!(t.cursor(), 8, "to the end of '成都'");
        t.handle(&KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT), &k.0);
        assert_eq!(t.cursor(), 7, "Shift-Left is not bound: it moves as Left");
        t.handle(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT), &k.0);
        assert_eq!(t.text(), "renew 都 plan", "Alt-Backspace is not bound: it deletes as Backspace");
    }

    #[test]
    fn window_keeps_the_cursor_visible() {
        let t = TextInput::new("0123456789abcdef", false);
        let (shown, col) = t.window(8);
        assert_eq!(shown, "9abcdef");
        assert_eq!(col, 7);
        let wide = TextInput::new("成都天府云图信息", false);
        let (shown, _) = wide.window(7);
        assert!(crate::tui::view::widgets::text::width(&shown) <= 7);
    }

    #[test]
    fn a_selected_text_is_replaced_by_what_is_typed_or_pasted_and_kept_by_a_move() {
        let k = Keyed::new();
        let mut t = TextInput::selecting("成都 old", false);
        assert!(t.is_selected());
        k.key(&mut t, KeyCode::Char('北'));
        assert_eq!((t.text(), t.cursor(), t.is_selected()), ("北", 1, false));
        k.key(&mut t, KeyCode::Char('京'));
        assert_eq!(t.text(), "北京", "only the first key replaces");
        let mut t = TextInput::selecting("old", false);
        t.insert_str("new\nline");
        assert_eq!(t.text(), "new line");
        let mut t = TextInput::selecting("old", false);
        assert_eq!(k.key(&mut t, KeyCode::Backspace), Edited::Changed);
        assert_eq!((t.text(), t.cursor()), ("", 0));
        let mut t = TextInput::selecting("old", false);
        assert_eq!(k.key(&mut t, KeyCode::Left), Edited::Moved);
        k.key(&mut t, KeyCode::Char('x'));
        assert_eq!((t.text(), t.is_selected()), ("olxd", false), "a move edits the kept text");
        assert!(!TextInput::selecting("", false).is_selected());
    }

    #[test]
    fn the_caret_window_is_never_wider_than_asked() {
        let mut t = TextInput::new("abcdefghij", false);
        assert_eq!(t.window_with_caret(5), "ghij_", "at the end: the last characters");
        t.cursor = 2;
        let shown = t.window_with_caret(5);
        assert_eq!(shown.chars().count(), 5, "{shown}");
        assert!(shown.contains('_'), "{shown}");
        let mut wide = TextInput::new("成都天府云图", false);
        wide.cursor = 1;
        let shown = wide.window_with_caret(6);
        assert!(crate::domain::text::width(&shown) <= 6, "{shown}");
    }
}
