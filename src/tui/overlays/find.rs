//! Search everything (`find_all`, Ctrl-F): a word typed here is looked up in the full-text
//! index by the worker (`Effect::Search`; `update` does no I/O), and the records found are
//! listed as they come (kind, account, date, the snippet with the match in brackets and
//! bold underlined, so it shows without colour). Enter opens the record's account on the
//! tab that owns it; Esc closes. Keys as in a pick list (`[pick]`), typing as in `[input]`.

use crate::domain::RowKind;
use crate::store::SearchHit;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap, TextKey};
use crate::tui::panes::Ui;
use crate::tui::panes::detail::Tab;
use crate::tui::view::widgets::{centered, fill_row, popup, put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

/// Results asked of the worker per query: more than any screen shows.
pub const FIND_LIMIT: usize = 50;

#[derive(Debug, Default)]
pub struct FindOverlay {
    pub query: String,
    /// The records found for `answered`, best first.
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    /// The query `hits` answer (typing runs ahead of the worker: the last answer stays).
    pub answered: String,
    /// How many records match `answered` in all, when more than `hits` may (else None).
    pub total: Option<u64>,
}

/// What a key did to the overlay.
#[derive(Debug, PartialEq, Eq)]
pub enum FindOutcome {
    Stay,
    Close,
    Help,
    /// The query changed: ask the worker.
    Ask(String),
    /// Open this record.
    Open(Box<SearchHit>),
}

impl FindOverlay {
    /// Keys: `[pick]`'s move, open (`pick`), close (`cancel`) and help; `[input]`'s
    /// delete_back, delete_word and delete_to_start delete; any other plain character types.
    pub fn handle_key(&mut self, key: &KeyEvent, keymap: &Keymap) -> FindOutcome {
        let len = self.hits.len();
        let move_to = |a: Action, selected: &mut usize| {
            crate::tui::panes::moved(*selected, a, len, 5).map(|to| *selected = to.min(len.saturating_sub(1)))
        };
        match keymap.lookup(Context::Pick, key) {
            Some(Action::Pick) => {
                return match self.hits.get(self.selected) {
                    Some(h) if self.answered == self.query => FindOutcome::Open(Box::new(h.clone())),
                    _ => FindOutcome::Stay,
                };
            }
            Some(Action::Cancel) => return FindOutcome::Close,
            Some(Action::Help) => return FindOutcome::Help,
            Some(a) if move_to(a, &mut self.selected).is_some() => {}
            _ => match keymap.text_key(key) {
                TextKey::Edit(a @ (Action::Up | Action::Down)) => {
                    move_to(a, &mut self.selected);
                }
                TextKey::Edit(a @ (Action::DeleteBack | Action::DeleteWord | Action::DeleteToStart)) => {
                    if crate::tui::controls::text_input::delete_at_end(&mut self.query, a) {
                        return FindOutcome::Ask(self.query.clone());
                    }
                }
                TextKey::Type(c) => {
                    self.query.push(c);
                    return FindOutcome::Ask(self.query.clone());
                }
                TextKey::Edit(_) | TextKey::None => {}
            },
        }
        FindOutcome::Stay
    }

    /// A paste goes into the query (one line).
    pub fn paste(&mut self, text: &str) -> FindOutcome {
        self.query.push_str(&crate::domain::text::sanitize(text, false));
        FindOutcome::Ask(self.query.clone())
    }

    /// The worker's answer for `query` (ignored if the query has changed since).
    pub fn found(&mut self, query: &str, hits: Vec<SearchHit>, total: Option<u64>) {
        if query == self.query {
            self.hits = hits;
            self.total = total;
            self.answered = query.to_string();
            self.selected = 0;
        }
    }
}

/// The detail tab that shows a record of this kind.
pub fn tab_of(kind: RowKind) -> Tab {
    match kind {
        RowKind::Contact => Tab::Chain,
        RowKind::Promise => Tab::Promises,
        RowKind::Requirement | RowKind::Transition => Tab::Requirements,
        RowKind::Complaint => Tab::Complaints,
        RowKind::Touchpoint | RowKind::Task | RowKind::Referral => Tab::Activity,
        RowKind::Milestone => Tab::Playbook,
        RowKind::Account | RowKind::Term | RowKind::Usage => Tab::Overview,
    }
}

pub struct FindView<'a> {
    pub find: &'a FindOverlay,
    /// The portfolio, which tells apart accounts sharing a name.
    pub names: &'a crate::tui::panes::portfolio::model::PortfolioModel,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for FindView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (ui, f) = (self.ui, self.find);
        let th = &ui.theme;
        let box_area = centered(area, area.width.saturating_sub(4).min(110), area.height.saturating_sub(2));
        let title = if f.query.trim().is_empty() || f.answered != f.query {
            ui.t("ui.find.title")
        } else {
            // The worker is asked for `FIND_LIMIT`, and for the count when that many match:
            // more than it lists are said as such, else the list is all of them.
            let n = f.hits.len();
            match f.total.filter(|t| *t > n as u64) {
                Some(total) => {
                    ui.tf("ui.find.title_shown", &[("n", &n.to_string()), ("total", &total.to_string())])
                }
                None => ui.tf("ui.find.title_found", &[("n", &n.to_string())]),
            }
        };
        let inner = popup(buf, box_area, format!(" {title} "), th.border(true), th.title());
        if inner.height < 4 {
            return;
        }
        let typed = [("⌕ ".to_string(), th.key()), (format!("{}_", text::fit(&f.query, 200)), th.bold())];
        put_spans(buf, inner, inner.y, &typed);
        let footer_y = inner.bottom() - 1;
        let pick = self.keymap.key_text(Context::Pick, Action::Pick);
        let cancel = self.keymap.key_text(Context::Pick, Action::Cancel);
        put(
            buf,
            inner.x,
            footer_y,
            inner.width,
            &ui.tf("ui.find.keys", &[("open", &pick), ("close", &cancel)]),
            th.dim(),
        );
        let list = Rect { y: inner.y + 2, height: inner.height.saturating_sub(3), ..inner };
        if f.answered != f.query || f.hits.is_empty() {
            let line = if f.query.trim().is_empty() {
                ui.t("ui.find.hint")
            } else if f.answered != f.query {
                ui.t("ui.find.searching")
            } else {
                ui.t("ui.find.none")
            };
            put(buf, list.x, list.y, list.width, &line, th.dim());
            return;
        }
        // Two rows a record: where it is, then the snippet.
        let per_page = (list.height / 2).max(1) as usize;
        let offset = f.selected.saturating_sub(per_page - 1);
        for (i, h) in f.hits.iter().enumerate().skip(offset).take(per_page) {
            let y = list.y + 2 * (i - offset) as u16;
            let kind = ui.t(&h.kind_key());
            let date = h.date.map_or_else(|| "-".to_string(), |d| d.to_string());
            let (date, kind) = (format!("{date}  "), format!("{kind}  "));
            let room = usize::from(list.width).saturating_sub(text::width(&date) + text::width(&kind));
            let name = self.names.shown_name_of(h.account, &h.account_name, room);
            let head = [(date, th.dim()), (kind, th.key()), (name, th.bold())];
            put_spans(buf, list, y, &head);
            let width = list.width.saturating_sub(2) as usize;
            let hit = format!("[{}]", h.snippet.hit);
            let room = width.saturating_sub(text::width(&hit)) / 3;
            let snippet = [
                ("  ".to_string(), th.text()),
                (tail(&h.snippet.before, room), th.text()),
                (hit, th.bold().add_modifier(Modifier::UNDERLINED)),
                (h.snippet.after.clone(), th.text()),
            ];
            put_spans(buf, list, y + 1, &snippet);
            if i == f.selected {
                fill_row(buf, list, y, th.selected(true));
                fill_row(buf, list, y + 1, th.selected(true));
            }
        }
    }
}

/// The end of `s` in at most `cols` columns, `…` in front when cut.
fn tail(s: &str, cols: usize) -> String {
    if text::width(s) <= cols {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut used = 1;
    for c in s.chars().rev() {
        let w = text::width(c.encode_utf8(&mut [0; 4]));
        if used + w > cols {
            break;
        }
        used += w;
        out.push(c);
    }
    std::iter::once('…').chain(out.into_iter().rev()).collect()
}
