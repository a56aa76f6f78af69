//! Draws the whole app: the view's panes, the status bar, an overlay on top; or the empty
//! state, or "terminal too small".

pub mod layout;
pub mod theme;
pub mod widgets;

use crate::tui::action::Action;
use crate::tui::app::{App, Overlay, View};
use crate::tui::keymap::Context;
use crate::tui::modals::ModalView;
use crate::tui::overlays::help::HelpView;
use crate::tui::overlays::palette::PaletteView;
use crate::tui::panes::portfolio::PortfolioView;
use crate::tui::panes::status::StatusBar;
use crate::tui::panes::timeline::TimelineView;
use crate::tui::view::layout::too_small;
use crate::tui::view::widgets::{frame, put, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = &self.ui;
        if too_small(area) {
            // The quit key quits only with no form open (`App::key_while_too_small`).
            let quit = if self.modals.is_empty() && self.overlay.is_none() {
                Some(
                    self.keymap
                        .key_text(crate::tui::keymap::Context::Portfolio, crate::tui::action::Action::Quit),
                )
            } else {
                None
            };
            let lines = too_small_lines(ui, area, quit.as_deref());
            let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
            for (i, l) in lines.iter().enumerate() {
                let y = top + i as u16;
                if y < area.bottom() {
                    let w = text::width(l) as u16;
                    let x = area.x + area.width.saturating_sub(w) / 2;
                    put(buf, x, y, area.width, l, ui.theme.bold());
                }
            }
            return;
        }
        let a = self.areas();
        // The welcome is the dashboard's: another view (a stray `a`) shows itself, empty,
        // with its own keys (the welcome stayed drawn over it, and `I` then "did nothing in
        // the agenda": CSM trial, session 24).
        if self.view == View::Dashboard && self.portfolio.loaded && self.portfolio.model.total() == 0 {
            empty_state(self, a.body, buf);
        } else {
            match self.view {
                View::Dashboard => {
                    PortfolioView { pane: &self.portfolio, keymap: &self.keymap }.render(a.portfolio, buf);
                    if let Some(d) = a.detail {
                        (&self.detail).render(d, buf);
                    }
                    if let Some(t) = a.timeline {
                        TimelineView { pane: &self.timeline, model: &self.portfolio.model }.render(t, buf);
                    }
                }
                View::Agenda => {
                    crate::tui::panes::agenda::AgendaView { pane: &self.agenda, names: &self.portfolio.model }
                        .render(a.body, buf)
                }
                View::Metrics => (&self.metrics).render(a.body, buf),
            }
        }
        let search = self.portfolio.searching.then_some(&self.portfolio.search_box);
        let waiting = match &self.team_down {
            Some(since) => Some(crate::i18n::tf(ui.lang, "ui.status.team_down", &[("since", since)])),
            None => self.waiting_for_writer.then(|| crate::i18n::t(ui.lang, "ui.status.waiting_for_writer")),
        };
        StatusBar {
            ui,
            keymap: &self.keymap,
            context: self.context(),
            quarter: self.quarter_report.as_deref(),
            message: waiting.as_deref().or(self.message.as_deref()),
            message_ok: self.message_ok && waiting.is_none(),
            search,
            offer: self.offer(),
            owner: self.portfolio.model.filters.owner.as_deref(),
            hints: !matches!(self.modals.last(), Some(crate::tui::modals::Modal::Path(_))),
        }
        .render(a.status, buf);
        for m in &self.modals {
            ModalView { modal: m, keymap: &self.keymap, ui }.render(a.body, buf);
        }
        match &self.overlay {
            Some(Overlay::Help(h)) => HelpView { help: h, keymap: &self.keymap, ui }.render(a.body, buf),
            Some(Overlay::Palette(p)) => {
                PaletteView { palette: p, keymap: &self.keymap, ui }.render(a.body, buf)
            }
            Some(Overlay::Note(n)) => {
                crate::tui::overlays::note::NoteView { note: n, keymap: &self.keymap, ui }.render(a.body, buf)
            }
            Some(Overlay::Find(f)) => {
                let names = &self.portfolio.model;
                crate::tui::overlays::find::FindView { find: f, keymap: &self.keymap, ui, names }
                    .render(a.body, buf)
            }
            None => {}
        }
    }
}

/// A first-run welcome: how to get accounts in.
fn empty_state(app: &App, area: Rect, buf: &mut Buffer) {
    let ui = &app.ui;
    let th = &ui.theme;
    let title = format!(" {} ", ui.t("ui.empty.title"));
    let inner = frame(buf, area, title, th.border(true), ratatui::style::Style::new());
    let import = app.keymap.key_text(Context::Portfolio, Action::ImportFile);
    let lines: [(String, _); 10] = [
        (ui.t("ui.empty.welcome"), th.title()),
        (String::new(), th.text()),
        (ui.t("ui.empty.body"), th.text()),
        (String::new(), th.text()),
        (format!("  {import:<29}{}", ui.t("ui.empty.import_here")), th.key()),
        (format!("  radar --demo                 {}", ui.t("ui.empty.demo_open")), th.key()),
        (format!("  radar demo                   {}", ui.t("ui.empty.demo_write")), th.key()),
        (format!("  radar import accounts FILE   {}", ui.t("ui.empty.import")), th.key()),
        (String::new(), th.text()),
        (
            ui.tf("ui.empty.quit", &[("key", &app.keymap.key_text(Context::Portfolio, Action::Quit))]),
            th.dim(),
        ),
    ];
    let top = inner.y + inner.height.saturating_sub(lines.len() as u16) / 2;
    for (i, (l, style)) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= inner.bottom() {
            break;
        }
        put(buf, inner.x + 2, y, inner.width.saturating_sub(2), l, *style);
    }
}

/// What a too-small terminal shows: the title, the sizes and that keys wait (but quit),
/// wrapped to its width; without the keys' line where that does not fit, and where even
/// that does not, the shortest form ("60x16 needed"), wrapped too.
fn too_small_lines(ui: &crate::tui::panes::Ui, area: Rect, quit: Option<&str>) -> Vec<String> {
    let vars = [
        ("w", area.width.to_string()),
        ("h", area.height.to_string()),
        ("min_w", crate::tui::view::layout::MIN_WIDTH.to_string()),
        ("min_h", crate::tui::view::layout::MIN_HEIGHT.to_string()),
        ("quit", quit.unwrap_or_default().to_string()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let cols = usize::from(area.width.max(1));
    let mut full = text::wrap(&ui.t("ui.too_small.title"), cols);
    full.extend(text::wrap(&ui.tf("ui.too_small.body", &vars), cols));
    let keys = if quit.is_some() { "ui.too_small.keys" } else { "ui.too_small.keys_form" };
    let keys = text::wrap(&ui.tf(keys, &vars), cols);
    if full.len() + keys.len() <= usize::from(area.height) {
        full.extend(keys);
        return full;
    }
    if full.len() <= usize::from(area.height) {
        return full;
    }
    text::wrap(&ui.tf("ui.too_small.short", &vars), cols)
}
