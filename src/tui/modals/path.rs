//! A one-line path prompt with shell-like completion: `complete` (Tab) asks the store
//! worker for the entries that start with what is typed (listing a folder is I/O, so it
//! never happens in `update`), fills in the common part, and lists the candidates under
//! the line. Its keys are the keymap's `[path]` table, then `[input]`'s.

use crate::tui::action::Action;
use crate::tui::controls::text_input::{Edited, TextInput};
use crate::tui::keymap::{Keymap, Table};
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, popup};
use crate::tui::view::widgets::{put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

/// Candidates listed under the line at most.
const SHOWN: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPrompt {
    pub title: String,
    pub input: TextInput,
    /// The last completion's candidates (shown until the text changes).
    pub matches: Vec<String>,
    /// Why the last attempt failed (a bad row, an unreadable file).
    pub error: Option<String>,
    /// Waiting for the worker (planning the import).
    pub busy: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathOutcome {
    Stay,
    Close,
    Complete(String),
    Submit(String),
}

impl PathPrompt {
    pub fn new(title: String, start: &str) -> PathPrompt {
        PathPrompt {
            title,
            input: TextInput::new(start, false),
            matches: Vec::new(),
            error: None,
            busy: false,
        }
    }

    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> PathOutcome {
        let action = keymap.lookup_in(Table::Path, key);
        if self.busy {
            // Checking the file: only closing is possible.
            return if action == Some(Action::Cancel) { PathOutcome::Close } else { PathOutcome::Stay };
        }
        let typed = self.input.text().trim();
        match action {
            Some(Action::Cancel) => PathOutcome::Close,
            Some(Action::Complete) => PathOutcome::Complete(self.input.text().to_string()),
            Some(Action::CheckFile) if !typed.is_empty() => PathOutcome::Submit(typed.to_string()),
            _ => {
                if self.input.handle(key, keymap) == Edited::Changed {
                    self.matches.clear();
                    self.error = None;
                }
                PathOutcome::Stay
            }
        }
    }

    /// A paste goes into the path (one line); false while the file is being checked.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.busy {
            return false;
        }
        self.input.insert_str(text);
        self.matches.clear();
        self.error = None;
        true
    }

    /// The worker's answer to `Complete(typed)`: fills in what all candidates share.
    pub fn completed(&mut self, typed: &str, matches: Vec<String>) {
        if self.input.text() != typed {
            return; // typed on since: stale
        }
        if let Some(common) = common_prefix(&matches).filter(|c| c.chars().count() > typed.chars().count()) {
            self.input.set(&common);
        }
        self.matches = if matches.len() > 1 { matches } else { Vec::new() };
    }
}

/// The longest text every candidate starts with.
pub fn common_prefix(all: &[String]) -> Option<String> {
    let first = all.first()?;
    let mut end = first.len();
    for s in &all[1..] {
        end = first
            .char_indices()
            .zip(s.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    Some(first[..end].to_string())
}

pub struct PathView<'a> {
    pub prompt: &'a PathPrompt,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for PathView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, p) = (self.ui, self.prompt);
        let th = &ui.theme;
        let w = area.width.saturating_sub(4).min(90);
        let inner_w = w.saturating_sub(4) as usize;
        let error: Vec<String> = p
            .error
            .iter()
            .flat_map(|e| e.lines().take(6).flat_map(|l| text::wrap(l, inner_w.max(10))))
            .collect();
        let shown = p.matches.len().min(SHOWN);
        let h = 5 + shown as u16 + error.len() as u16 + u16::from(p.matches.len() > SHOWN);
        let box_area = centered(area, w, h);
        let inner =
            popup(buf, box_area, format!(" {} ", text::fit(&p.title, inner_w)), th.border(true), th.title());
        if inner.height < 3 {
            return;
        }
        let body = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
        let (shown_text, col) = p.input.window(body.width.saturating_sub(2) as usize);
        put_spans(buf, body, body.y, &[("> ".into(), th.key()), (shown_text, th.bold())]);
        if let Some(cell) = buf.cell_mut((body.x + 2 + col as u16, body.y)) {
            cell.set_style(Style::new().add_modifier(Modifier::REVERSED));
        }
        let mut y = body.y + 1;
        for m in p.matches.iter().take(SHOWN) {
            put(buf, body.x + 2, y, body.width.saturating_sub(2), m, th.dim());
            y += 1;
        }
        if p.matches.len() > SHOWN {
            let more = ui.tf("edit.path.more", &[("n", &(p.matches.len() - SHOWN).to_string())]);
            put(buf, body.x + 2, y, body.width.saturating_sub(2), &more, th.dim());
            y += 1;
        }
        for l in &error {
            put(buf, body.x, y, body.width, l, th.bad());
            y += 1;
        }
        let hint = if p.busy {
            ui.t("edit.path.busy")
        } else {
            let key = |a: Action| self.keymap.key_text_in(Table::Path, a);
            let [complete, check, cancel] = [Action::Complete, Action::CheckFile, Action::Cancel].map(key);
            ui.tf("edit.path.hint", &[("complete", &complete), ("check", &check), ("cancel", &cancel)])
        };
        put(buf, body.x, inner.bottom() - 1, body.width, &hint, th.dim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_to_the_common_part() {
        let all = vec!["/tmp/accounts-2026.csv".to_string(), "/tmp/accounts.csv".to_string()];
        assert_eq!(common_prefix(&all).as_deref(), Some("/tmp/accounts"));
        let mut p = PathPrompt::new("t".into(), "/tmp/ac");
        p.completed("/tmp/ac", all.clone());
        assert_eq!(p.input.text(), "/tmp/accounts");
        assert_eq!(p.matches.len(), 2);
        let mut p = PathPrompt::new("t".into(), "/tmp/x");
        p.completed("/tmp/ac", all);
        assert_eq!(p.input.text(), "/tmp/x", "a stale answer is ignored");
        assert_eq!(common_prefix(&["客户.csv".into(), "客户名单.csv".into()]).as_deref(), Some("客户"));
    }
}
