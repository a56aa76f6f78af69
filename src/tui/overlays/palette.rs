//! `:`: every action, ranked (`controls::rank`, as the pick lists) on its label in the
//! interface language and its id, shown with its key. Enter runs it as if its key had been
//! pressed; a destructive action is only offered on a strong match. Keys as in a pick list.

use crate::tui::action::Action;
use crate::tui::controls::pick::{FilterList, ListOutcome};
use crate::tui::controls::rank::{self, Candidate};
use crate::tui::keymap::Keymap;
use crate::tui::modals::pick::draw_filtered;
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, popup, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct Palette {
    /// The typed filter and the selection; matches index `actions`.
    pub list: FilterList,
    /// Every action the palette offers, in `Action::ALL` order.
    actions: Vec<Action>,
    /// Their labels in the interface language.
    labels: Vec<String>,
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
        let actions: Vec<Action> = Action::ALL.iter().copied().filter(|a| a.in_palette()).collect();
        let labels = actions.iter().map(|a| ui.t(&a.label_key())).collect();
        let mut p = Palette { list: FilterList::default(), actions, labels };
        let (actions, labels) = (&p.actions, &p.labels);
        p.list.refilter(|q| rank_actions(actions, labels, q));
        p
    }

    /// The matching actions, best first.
    pub fn matches(&self) -> impl Iterator<Item = Action> + '_ {
        self.list.matches.iter().map(|i| self.actions[*i])
    }

    /// A paste goes into the query (one line).
    pub fn paste(&mut self, text: &str) {
        let (actions, labels) = (&self.actions, &self.labels);
        let line = crate::domain::text::sanitize(text, false);
        self.list.type_str(&line, |q| rank_actions(actions, labels, q));
    }

    /// Keys as in every pick list: the keymap's `[pick]` keys move and pick, typing filters.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> PaletteOutcome {
        let (actions, labels) = (&self.actions, &self.labels);
        match self.list.handle_key(key, keymap, |q| rank_actions(actions, labels, q)) {
            ListOutcome::Stay => PaletteOutcome::Stay,
            ListOutcome::Close => PaletteOutcome::Close,
            ListOutcome::Help => PaletteOutcome::Help,
            ListOutcome::Picked(i) => PaletteOutcome::Run(actions[i]),
        }
    }
}

/// Actions ranked on their label and id; a destructive one only on a strong match.
fn rank_actions(actions: &[Action], labels: &[String], query: &str) -> Vec<usize> {
    let items = actions
        .iter()
        .zip(labels)
        .map(|(a, l)| Candidate { texts: vec![l.as_str(), a.id()], destructive: a.is_destructive() });
    rank::rank(query, items)
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
        let inner =
            popup(buf, box_area, format!(" {} ", ui.t("ui.palette.title")), th.border(true), th.title());
        if inner.height < 3 {
            return;
        }
        let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
        let key_w = 8usize;
        let label_w = (list.width as usize).saturating_sub(key_w + 1);
        draw_filtered(buf, inner, list, ": ", &p.list, "ui.palette.none", (self.keymap, ui), |buf, i, y| {
            let key = self.keymap.any_key(p.actions[i]).map_or(String::new(), |k| k.display());
            let spans =
                [(text::pad(&p.labels[i], label_w), th.text()), (text::pad_left(&key, key_w), th.key())];
            put_spans(buf, list, y, &spans);
        });
    }
}
