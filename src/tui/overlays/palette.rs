//! `:`: every action, fuzzy-matched (nucleo) on its label in the interface language and
//! its id, shown with its key. Enter runs it as if its key had been pressed.

use super::centered;
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::panes::Ui;
use crate::tui::widgets::{fill_row, put, put_spans, text};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Widget};

pub struct Palette {
    pub query: String,
    pub selected: usize,
    /// Matching actions, best first.
    pub matches: Vec<Action>,
}

/// What a key did to the palette.
#[derive(Debug, PartialEq, Eq)]
pub enum PaletteOutcome {
    Stay,
    Close,
    Run(Action),
}

impl Palette {
    pub fn new(ui: &Ui) -> Palette {
        let mut p = Palette { query: String::new(), selected: 0, matches: Vec::new() };
        p.refresh(ui);
        p
    }

    fn refresh(&mut self, ui: &Ui) {
        let q = self.query.trim();
        if q.is_empty() {
            self.matches = Action::ALL.iter().copied().filter(|a| a.in_palette()).collect();
        } else {
            let pattern = Pattern::parse(q, CaseMatching::Ignore, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, Action)> = Action::ALL
                .iter()
                .filter(|a| a.in_palette())
                .filter_map(|a| {
                    let hay = format!("{} {}", ui.t(&a.label_key()), a.id());
                    pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher).map(|s| (s, *a))
                })
                .collect();
            scored.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            self.matches = scored.into_iter().map(|(_, a)| a).collect();
        }
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    /// A paste goes into the query (one line).
    pub fn paste(&mut self, text: &str, ui: &Ui) {
        self.query.push_str(&crate::domain::text::sanitize(text, false));
        self.selected = 0;
        self.refresh(ui);
    }

    /// Text editing and list movement are fixed keys (this is a text field).
    pub fn handle_key(&mut self, key: &KeyEvent, ui: &Ui) -> PaletteOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return PaletteOutcome::Close,
            KeyCode::Enter => {
                return self
                    .matches
                    .get(self.selected)
                    .map_or(PaletteOutcome::Close, |a| PaletteOutcome::Run(*a));
            }
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Tab => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::Char('n') if ctrl => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1))
            }
            KeyCode::Backspace => {
                self.query.pop();
                self.selected = 0;
                self.refresh(ui);
            }
            KeyCode::Char(c) if !ctrl => {
                self.query.push(c);
                self.selected = 0;
                self.refresh(ui);
            }
            _ => {}
        }
        PaletteOutcome::Stay
    }
}

pub struct PaletteView<'a> {
    pub palette: &'a Palette,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for PaletteView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = self.ui;
        let th = &ui.theme;
        let p = self.palette;
        let box_area = centered(area, 70, 18);
        let box_area = Rect { y: area.y + area.height.saturating_sub(box_area.height) / 4, ..box_area };
        super::clear_popup(box_area, buf);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(th.border(true))
            .title(format!(" {} ", ui.t("ui.palette.title")))
            .title_style(th.title());
        let inner = block.inner(box_area);
        block.render(box_area, buf);
        if inner.height < 3 {
            return;
        }
        put_spans(buf, inner, inner.y, &[(": ".into(), th.key()), (format!("{}_", p.query), th.bold())]);
        let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        if p.matches.is_empty() {
            put(buf, list.x, list.y, list.width, &ui.t("ui.palette.none"), th.dim());
            return;
        }
        let offset = p.selected.saturating_sub(list.height as usize - 1);
        let key_w = 8usize;
        let label_w = (list.width as usize).saturating_sub(key_w + 1);
        for (i, a) in p.matches.iter().enumerate().skip(offset).take(list.height as usize) {
            let y = list.y + (i - offset) as u16;
            let key = self.keymap.any_key(*a).map_or(String::new(), |k| k.display());
            let spans = [
                (text::pad(&ui.t(&a.label_key()), label_w), th.text()),
                (text::pad_left(&key, key_w), th.key()),
            ];
            put_spans(buf, list, y, &spans);
            if i == p.selected {
                fill_row(buf, list, y, th.selected(true));
            }
        }
    }
}
