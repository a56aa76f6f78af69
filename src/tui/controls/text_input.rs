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

    /// A multi-line field's text as rows at most `width` columns wide, and the cursor's
    /// (row, column): each line is cut after the last space that fits (anywhere in a run
    /// without spaces, as Chinese is), so a long line of a note reads whole instead of
    /// scrolling sideways (CSM trial, session 33). A space past the width hangs at the end of
    /// its row; a cursor at the end of a full row goes to the start of a row of its own.
    pub fn rows(&self, width: usize) -> (Vec<String>, (usize, usize)) {
        let width = width.max(2);
        let w = |c: char| crate::tui::view::widgets::glyphs::char_width(c);
        let (mut rows, mut cursor, mut at) = (Vec::new(), (0, 0), 0);
        for line in self.text.split('\n') {
            // The row being filled, its width, and where it may break: after its last space
            // (byte offset, width before it).
            let (mut row, mut cols, mut space): (String, usize, Option<(usize, usize)>) =
                (String::new(), 0, None);
            for c in line.chars() {
                // A space past the width hangs at the end of its row (drawn in the field's
                // last column, or not at all) instead of starting the next row with a blank
                // (helper's trial, session 34).
                if c == ' ' && cols + 1 > width && !row.is_empty() {
                    if at == self.cursor {
                        cursor = (rows.len(), cols);
                    }
                    row.push(c);
                    rows.push(std::mem::take(&mut row));
                    (cols, space, at) = (0, None, at + 1);
                    continue;
                }
                // Twice at most: a word moved down with a wide character after it may pass
                // the width again.
                while cols + w(c) > width && !row.is_empty() {
                    let (cut, cut_cols) = space.unwrap_or((row.len(), cols));
                    let rest = row.split_off(cut);
                    rows.push(std::mem::replace(&mut row, rest));
                    cols -= cut_cols;
                    // A cursor already placed on the part that moved down moves with it.
                    if cursor.0 == rows.len() - 1 && at > self.cursor && cursor.1 >= cut_cols {
                        cursor = (rows.len(), cursor.1 - cut_cols);
                    }
                    space = None;
                }
                if at == self.cursor {
                    cursor = (rows.len(), cols);
                }
                row.push(c);
                cols += w(c);
                if c == ' ' {
                    space = Some((row.len(), cols));
                }
                at += 1;
            }
            if at == self.cursor {
                if cols >= width {
                    rows.push(std::mem::take(&mut row));
                    cols = 0;
                }
                cursor = (rows.len(), cols);
            }
            rows.push(row);
            at += 1; // the line break
        }
        (rows, cursor)
    }
}

/// Deletes at the end of a query that has no cursor (the search-everything box, a pick
/// list's filter): `delete_back` a character, `delete_word` the last word (and the spaces
/// after it), `delete_to_start` all of it, as in a text field with its cursor at the end.
/// Whether `query` changed. (`C-u` and `C-w` did nothing there; CSM trial, session 28.)
pub fn delete_at_end(query: &mut String, action: Action) -> bool {
    // The field's own editing, its cursor at the end: one rule of what a word is.
    let mut field = TextInput::new(query, false);
    field.apply(TextKey::Edit(action));
    let changed = field.text() != query.as_str();
    if changed {
        *query = field.text().to_string();
    }
    changed
}

#[cfg(test)]
#[path = "text_input_tests.rs"]
mod tests;
