//! A text field's editing buffer: one line or several, a cursor by character, and the
//! usual terminal editing keys (arrows, Home/End, Backspace/Delete, C-a C-e C-u C-k C-w).
//! Kept small and ours: the dependency budget has no text-area crate, and forms need
//! only this.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Cursor position in characters (0..=len).
    cursor: usize,
    pub multiline: bool,
}

/// What a key did to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edited {
    Changed,
    Moved,
    /// Up/Down past the first/last line: the form moves to another field.
    Leave,
    Ignored,
}

impl TextInput {
    pub fn new(text: &str, multiline: bool) -> TextInput {
        let text = if multiline { text.to_string() } else { text.replace('\n', " ") };
        TextInput { cursor: text.chars().count(), text, multiline }
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

    pub fn handle(&mut self, key: &KeyEvent) -> Edited {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let (start, end) = self.line_bounds();
        match key.code {
            KeyCode::Char('a') if ctrl => self.cursor = start,
            KeyCode::Char('e') if ctrl => self.cursor = end,
            KeyCode::Char('u') if ctrl => {
                self.delete_range(start, self.cursor);
                return Edited::Changed;
            }
            KeyCode::Char('k') if ctrl => {
                self.delete_range(self.cursor, end);
                return Edited::Changed;
            }
            KeyCode::Char('w') if ctrl => {
                let chars: Vec<char> = self.text.chars().collect();
                let mut i = self.cursor;
                while i > start && chars[i - 1] == ' ' {
                    i -= 1;
                }
                while i > start && chars[i - 1] != ' ' {
                    i -= 1;
                }
                self.delete_range(i, self.cursor);
                return Edited::Changed;
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                self.insert(c);
                return Edited::Changed;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.delete_range(self.cursor - 1, self.cursor);
                return Edited::Changed;
            }
            KeyCode::Delete if self.cursor < self.len() => {
                self.delete_range(self.cursor, self.cursor + 1);
                return Edited::Changed;
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.len()),
            KeyCode::Home => self.cursor = start,
            KeyCode::End => self.cursor = end,
            KeyCode::Up | KeyCode::Down => {
                let moved = self.multiline && self.vertical(key.code == KeyCode::Up);
                return if moved { Edited::Moved } else { Edited::Leave };
            }
            _ => return Edited::Ignored,
        }
        Edited::Moved
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

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn edits_by_character_including_wide_ones() {
        let mut t = TextInput::new("", false);
        for c in "王总 call".chars() {
            t.handle(&key(KeyCode::Char(c)));
        }
        assert_eq!(t.text(), "王总 call");
        t.handle(&key(KeyCode::Home));
        t.handle(&key(KeyCode::Right));
        t.handle(&key(KeyCode::Backspace));
        assert_eq!(t.text(), "总 call");
        t.handle(&ctrl('e'));
        t.handle(&ctrl('w'));
        assert_eq!(t.text(), "总 ");
        t.handle(&ctrl('u'));
        assert_eq!(t.text(), "");
        t.insert_str("a\nb");
        assert_eq!(t.text(), "a b", "one-line fields turn pasted newlines into spaces");
    }

    #[test]
    fn a_paste_goes_in_whole_at_the_cursor() {
        // Terminals send a pasted line break as CR; tmux and most terminals do.
        let pasted = "王总: renewal 🚀\r第二行 \u{1b}[31mred\u{1b}[0m\r\nthird\tline a\u{1b}[中b";
        let mut note = TextInput::new("before  after", true);
        note.handle(&key(KeyCode::Home));
        for _ in 0..7 {
            note.handle(&key(KeyCode::Right));
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
        let mut t = TextInput::new("first\nsecond line", true);
        assert_eq!(t.handle(&key(KeyCode::Down)), Edited::Leave);
        assert_eq!(t.handle(&key(KeyCode::Up)), Edited::Moved);
        assert_eq!(t.lines().1, (0, 5));
        assert_eq!(t.handle(&key(KeyCode::Up)), Edited::Leave);
        t.insert('\n');
        assert_eq!(t.lines().0, vec!["first", "", "second line"]);
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
}
