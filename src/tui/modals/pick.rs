//! A pick list over the panes: what picking each item does (`PickFor`) and how a list is
//! drawn (shared with the palette: the filter line, the matches, the selection bar).

use crate::domain::{Forecast, ReferenceStage, RowKey};
use crate::interchange::Kind;
use crate::tui::action::Action;
use crate::tui::app::ImportDraft;
use crate::tui::controls::pick::{FilterList, Pick};
use crate::tui::forms::{RecordKind, outcome::Resolution};
use crate::tui::keymap::{Context, Keymap, Table};
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, fill_row, popup, put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// What picking an item of a modal list does (the app carries it out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// Carry out the action on this record of the selected account.
    Target(Action, RowKey),
    /// The CSM's renewal call for the selected account (None: clear it).
    Forecast(Option<Forecast>),
    /// The selected account's stage as a reference account (None: no longer one).
    Reference(Option<ReferenceStage>),
    /// Open the form for a new record of this kind.
    NewRecord(RecordKind),
    /// Record the renewal outcome.
    Outcome(Resolution),
    /// Import the file at `path` as this kind (its name did not say).
    ImportKind { path: String, kind: Kind },
    /// The currency of the bare amounts of the file at `path` (nothing else said it).
    ImportCurrency {
        path: String,
        kind: Kind,
        picked: Vec<(String, Option<crate::interchange::fields::F>)>,
        currency: crate::domain::Currency,
    },
    /// The import preview's column picker: this column (then its field).
    ImportColumn { draft: Box<ImportDraft>, header: String },
    /// The import preview's column picker: this column means this field (None: ignore it).
    ImportField { draft: Box<ImportDraft>, header: String, field: Option<crate::interchange::fields::F> },
    /// Who "me" is (None: nobody, show everyone's agenda).
    Me(Option<String>),
}

pub struct PickView<'a, V> {
    pub pick: &'a Pick<V>,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

/// "type to filter · Up/Down move · Enter pick · Esc close · F1 keys", from the keymap.
pub fn pick_hint(keymap: &Keymap, ui: &Ui) -> String {
    let key = |a: Action| keymap.key_label(Context::Pick, a).unwrap_or_else(|| "-".into());
    let keys = [Action::Up, Action::Down, Action::Pick, Action::Cancel, Action::Help].map(key);
    let [up, down, pick, cancel, help] = keys.each_ref().map(String::as_str);
    ui.tf("edit.pick.hint", &[("up", up), ("down", down), ("pick", pick), ("cancel", cancel), ("help", help)])
}

/// Draws a filtered list in `inner`: the typed filter after `prompt` on the first row, the
/// matches in `list` (`row` draws item `i` on row `y`) with the selection bar, or the line
/// saying nothing matches (`none_key`) or that Enter found nothing to pick.
#[allow(clippy::too_many_arguments)]
pub fn draw_filtered(
    buf: &mut Buffer,
    inner: Rect,
    list: Rect,
    prompt: &str,
    state: &FilterList,
    none_key: &str,
    (keymap, ui): (&Keymap, &Ui),
    mut row: impl FnMut(&mut Buffer, usize, u16),
) {
    let th = &ui.theme;
    let typed = [(prompt.to_string(), th.key()), (format!("{}_", state.query), th.bold())];
    put_spans(buf, inner, inner.y, &typed);
    if state.matches.is_empty() {
        let line = if state.nothing_to_pick {
            let delete = keymap.key_text_in(Table::Input, Action::DeleteBack);
            let cancel = keymap.key_text(Context::Pick, Action::Cancel);
            ui.tf("edit.pick.nothing_to_pick", &[("delete", &delete), ("cancel", &cancel)])
        } else {
            ui.t(none_key)
        };
        let style = if state.nothing_to_pick { th.warn() } else { th.dim() };
        put(buf, list.x, list.y, list.width, &line, style);
        return;
    }
    let offset = state.selected.saturating_sub(list.height.saturating_sub(1) as usize);
    for (pos, idx) in state.matches.iter().enumerate().skip(offset).take(list.height as usize) {
        let y = list.y + (pos - offset) as u16;
        row(buf, *idx, y);
        if pos == state.selected {
            fill_row(buf, list, y, th.selected(true));
        }
    }
}

impl<V> Widget for PickView<'_, V> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, p) = (self.ui, self.pick);
        let th = &ui.theme;
        let widest =
            p.items.iter().map(|i| text::width(&i.label) + text::width(&i.detail) + 4).max().unwrap_or(20);
        let hint = pick_hint(self.keymap, ui);
        let w = (widest.max(text::width(&p.title) + 6).max(text::width(&hint) + 2) as u16 + 2).clamp(30, 76);
        let h = (p.items.len() as u16 + 4).min(18);
        let box_area = centered(area, w, h);
        let inner = popup(
            buf,
            box_area,
            format!(" {} ", text::fit(&p.title, w.saturating_sub(4) as usize)),
            th.border(true),
            th.title(),
        );
        if inner.height < 3 {
            return;
        }
        let list = Rect { y: inner.y + 1, height: inner.height - 2, ..inner };
        draw_filtered(buf, inner, list, "> ", &p.list, "edit.pick.none", (self.keymap, ui), |buf, i, y| {
            let it = &p.items[i];
            let spans = [(format!(" {} ", it.label), th.text()), (it.detail.clone(), th.dim())];
            put_spans(buf, list, y, &spans);
        });
        put(buf, inner.x, inner.bottom() - 1, inner.width, &hint, th.dim());
    }
}
