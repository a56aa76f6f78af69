//! `:`: every action, ranked (`widgets::rank`, as the pick lists) on its label in the
//! interface language and its id, shown with its key. Enter runs it as if its key had been
//! pressed; a destructive action is only offered on a strong match. Keys as in a pick list.

use crate::tui::action::Action;
use crate::tui::controls::pick::{ListKey, list_key, nothing_line};
use crate::tui::controls::rank::{self, Candidate};
use crate::tui::keymap::Keymap;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, clear_popup};
use crate::tui::view::widgets::{fill_row, put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Widget};

pub struct Palette {
    pub query: String,
    pub selected: usize,
    /// Matching actions, best first.
    pub matches: Vec<Action>,
    /// Enter was pressed with nothing matching: say so instead of closing.
    pub nothing_to_pick: bool,
}

/// What a key did to the palette.
#[derive(Debug, PartialEq, Eq)]
pub enum PaletteOutcome {
    Stay,
    Close,
    Run(Action),
    /// The keys of the palette (help overlay).
    Help,
}

impl Palette {
    pub fn new(ui: &Ui) -> Palette {
        let mut p =
            Palette { query: String::new(), selected: 0, matches: Vec::new(), nothing_to_pick: false };
        p.refresh(ui);
        p
    }

    fn refresh(&mut self, ui: &Ui) {
        let actions: Vec<Action> = Action::ALL.iter().copied().filter(|a| a.in_palette()).collect();
        let labels: Vec<String> = actions.iter().map(|a| ui.t(&a.label_key())).collect();
        let items = actions
            .iter()
            .zip(&labels)
            .map(|(a, l)| Candidate { texts: vec![l.as_str(), a.id()], destructive: a.is_destructive() });
        self.matches = rank::rank(&self.query, items).into_iter().map(|i| actions[i]).collect();
        self.nothing_to_pick = false;
        self.selected = self.selected.min(self.matches.len().saturating_sub(1));
    }

    /// A paste goes into the query (one line).
    pub fn paste(&mut self, text: &str, ui: &Ui) {
        self.query.push_str(&crate::domain::text::sanitize(text, false));
        self.selected = 0;
        self.refresh(ui);
    }

    /// Text editing keys are fixed (this is a text field); moving and picking are the
    /// keymap's `[pick]` keys, as in every pick list.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap, ui: &Ui) -> PaletteOutcome {
        match list_key(key, keymap, &mut self.selected, self.matches.len()) {
            ListKey::Pick => match self.matches.get(self.selected) {
                Some(a) => return PaletteOutcome::Run(*a),
                None => self.nothing_to_pick = true,
            },
            ListKey::Close => return PaletteOutcome::Close,
            ListKey::Help => return PaletteOutcome::Help,
            ListKey::Edit(edit) => {
                edit.apply(&mut self.query);
                self.selected = 0;
                self.refresh(ui);
            }
            ListKey::Moved | ListKey::None => {}
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
        clear_popup(box_area, buf);
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
            let line = nothing_line(ui, "ui.palette.none", p.nothing_to_pick);
            let style = if p.nothing_to_pick { th.warn() } else { th.dim() };
            put(buf, list.x, list.y, list.width, &line, style);
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
