//! The status bar: today's date and this quarter's figures (renewed of decided, pending,
//! the forecast logo rate, at-risk ARR) on the first line; on the second, the focused pane's key hints from the
//! keymap, the search prompt, or a message (shortened to its line, the key to the whole text
//! after it).

use super::Ui;
use super::metrics::{Quarter, money, rate};
use crate::domain::metrics::RenewalReport;
use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap, Table};
use crate::tui::view::widgets::put_spans;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

pub struct StatusBar<'a> {
    pub ui: &'a Ui,
    pub keymap: &'a Keymap,
    pub context: Context,
    pub quarter: Option<&'a RenewalReport>,
    /// An error or notice to show instead of the hints.
    pub message: Option<&'a str>,
    /// The message reports something done (good news), not a problem.
    pub message_ok: bool,
    /// The search box while typing (its cursor drawn as `_`; a kept query selected whole
    /// is drawn reversed: the next key replaces it).
    pub search: Option<&'a crate::tui::controls::text_input::TextInput>,
    /// What the selected row offers, hinted before the pane's keys (the T-90 milestone
    /// offers the value report), with the i18n key of its label.
    pub offer: Option<(Action, &'static str)>,
    /// The owner the dashboard is filtered to: the figures are that owner's, and say so
    /// ("Q4 2026 @Alex Kim": they read as the whole book's).
    pub owner: Option<&'a str>,
    /// The keys of `context` hinted when no message is shown. Off while the import's path
    /// prompt is open: its box hints its own keys, and the view's ("q quit") would type
    /// into it (CSM trial, session 30).
    pub hints: bool,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = self.ui;
        let th = &ui.theme;
        if area.height == 0 {
            return;
        }
        let mut q = Quarter::of(ui.today).label(ui);
        if let Some(owner) = self.owner {
            let owner = crate::domain::text::clean_line(owner);
            q = format!("{q} @{}", crate::domain::text::truncate_to_width(&owner, 24));
        }
        let parts = match self.quarter {
            Some(r) => figures(ui, r),
            None => vec![Part { rank: 9, forms: vec![vec!["…".into()]], style: th.dim() }],
        };
        let top = fit_top_line(&ui.today.to_string(), &q, &parts, usize::from(area.width), th);
        put_spans(buf, area, area.y, &top);
        if area.height < 2 {
            return;
        }
        let y = area.y + 1;
        if let Some(input) = self.search {
            // The hint when the query fits beside it; else the query has the line, scrolled
            // so its end (where the cursor is) stays in sight (a long query was cut at the
            // hint, the cursor out of sight: CSM trial, session 24).
            let hint = format!("   {}", search_hint(self.keymap, ui));
            let room = usize::from(area.width).saturating_sub(3);
            let typed = crate::domain::text::width(input.text()) + 1;
            let hint_width = crate::domain::text::width(&hint);
            let (room, hint) =
                if typed + hint_width <= room { (room - hint_width, hint) } else { (room, String::new()) };
            let q = input.window_with_caret(room);
            // A selected query is drawn reversed, its caret after it as usual.
            let selected = input.is_selected();
            let (text, caret) = match q.strip_suffix('_') {
                Some(text) if selected => (text, "_"),
                _ => (q.as_str(), ""),
            };
            let text_style = if selected { th.bold().reversed() } else { th.bold() };
            let spans = [
                (" / ".to_string(), th.key()),
                (text.to_string(), text_style),
                (caret.to_string(), th.bold()),
                (hint, th.dim()),
            ];
            put_spans(buf, area, y, &spans);
            return;
        }
        if let Some(m) = self.message {
            let style = if self.message_ok { th.good() } else { th.warn() };
            // Measured as drawn (`for_display` splits what the terminal cannot join).
            let shown = crate::tui::view::widgets::glyphs::for_display(&format!(" {m}")).into_owned();
            put_spans(buf, area, y, &message_spans(ui, self.keymap, self.context, &shown, area.width, style));
            return;
        }
        if !self.hints {
            return;
        }
        let mut spans = Vec::new();
        if let Some((action, label)) = self.offer
            && let Some(key) = self.keymap.key_label(self.context, action)
        {
            spans.push((format!(" {key}"), th.key()));
            spans.push((format!(" {} ", ui.t(label)), th.good()));
        }
        let used: usize = spans.iter().map(|(t, _)| crate::domain::text::width(t)).sum();
        // The offered key is said once, with what it does here (`D ask for a referral`, not
        // also `D done`).
        let offered = self.offer.map(|(action, _)| action);
        let mut pairs = hint_pairs(self.keymap, self.context, ui, true);
        pairs.retain(|(action, _)| Some(*action) != offered);
        for (_, pair) in fitting(&pairs, usize::from(area.width).saturating_sub(used)) {
            spans.extend(pair.iter().cloned());
        }
        put_spans(buf, area, y, &spans);
    }
}

/// A message in `width` columns: whole; else shortened at a sensible point, ending in `…`,
/// and followed by the key that shows the last messages whole (where it works and there is
/// room for it beside a useful part of the message).
fn message_spans(
    ui: &Ui,
    keymap: &Keymap,
    context: Context,
    shown: &str,
    width: u16,
    style: Style,
) -> Vec<(String, Style)> {
    use crate::tui::view::widgets::shorten::shorten;
    let width = usize::from(width);
    let (whole, cut) = shorten(shown, width);
    if !cut {
        return vec![(whole, style)];
    }
    let th = &ui.theme;
    let more = keymap
        .key_label(context, Action::Messages)
        .map(|key| [(format!(" {key}"), th.key()), (format!(" {}", ui.t("ui.status.full_text")), th.dim())]);
    let more_w = more.as_ref().map_or(0, |m| m.iter().map(|(t, _)| crate::domain::text::width(t)).sum());
    match more {
        Some(more) if width >= more_w + 20 => {
            let mut spans = vec![(shorten(shown, width - more_w).0, style)];
            spans.extend(more);
            spans
        }
        _ => vec![(whole, style)],
    }
}

/// One part of the figures line: kept longer the higher its `rank`, in the first of its
/// `forms` (longest first; a form's pieces are separated by " · ") that fits.
struct Part {
    rank: u8,
    forms: Vec<Vec<String>>,
    style: Style,
}

/// This quarter's figures as parts of the status line. Too narrow for all of them, pending
/// goes first, then the forecast, the renewed count; the at-risk amount and the warning
/// that totals lack a rate stay longest.
fn figures(ui: &Ui, r: &RenewalReport) -> Vec<Part> {
    let th = &ui.theme;
    let n = |v: u32| v.to_string();
    let part = |rank, text: String, style| Part { rank, forms: vec![vec![text]], style };
    // Decided apart from pending, and the forecast labelled as one (issue 16): the all-due
    // rate would count every pending renewal as lost.
    let renewed =
        ui.tf("ui.status.renewed", &[("renewed", &n(r.renewed_count)), ("decided", &n(r.decided_count))]);
    let mut parts = vec![
        part(5, renewed, th.text()),
        part(2, ui.tf("ui.status.pending", &[("n", &n(r.pending_count))]), th.text()),
        part(3, ui.tf("ui.status.forecast", &[("rate", &rate(r.forecast_logo_rate))]), th.text()),
        part(
            8,
            ui.tf("ui.status.at_risk", &[("amount", &money(ui, crate::domain::metrics::Figure::AtRisk, r))]),
            th.text(),
        ),
    ];
    // Amounts without an exchange rate are not in the totals: said per currency, else
    // their number. When no amount converts, the at-risk part says "n/a (no rate)" itself:
    // which currencies is then a detail that goes before any figure (at 80 columns a GBP
    // book kept only those two parts: CSM trial, session 29).
    if !r.missing_rates.is_empty() {
        let each: Vec<String> = r
            .missing_rates
            .iter()
            .map(|(c, count)| ui.tf("ui.status.no_rate", &[("n", &n(*count)), ("currency", c.code())]))
            .collect();
        let mut forms = vec![each];
        if r.missing_rates.len() > 1 {
            forms.push(vec![ui.tf("ui.status.no_rate_total", &[("n", &n(r.other_currency_count))])]);
        }
        let rank = if r.no_amount_converts() { 1 } else { 6 };
        parts.push(Part { rank, forms, style: th.warn() });
    }
    parts
}

/// " 2026-11-22 Q4 2026: a · b · c" in `width` columns: all of it; else without the date
/// (the quarter says when it is); else the parts in shorter forms; else the lowest-ranked
/// part goes whole (never a figure cut mid-way), and so on, one part always kept.
fn fit_top_line(
    today: &str,
    quarter: &str,
    parts: &[Part],
    width: usize,
    th: &crate::tui::view::theme::Theme,
) -> Vec<(String, Style)> {
    // Which part goes first: the lowest rank, the last of equals.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].rank, std::cmp::Reverse(i)));
    let levels = parts.iter().map(|p| p.forms.len()).max().unwrap_or(1);
    let mut line = top_line(today, true, quarter, parts, &[], 0, th);
    if line_width(&line) <= width {
        return line;
    }
    for dropped in 0..parts.len().max(1) {
        for level in 0..levels {
            line = top_line(today, false, quarter, parts, &order[..dropped], level, th);
            if line_width(&line) <= width {
                return line;
            }
        }
    }
    line
}

fn line_width(line: &[(String, Style)]) -> usize {
    line.iter().map(|(t, _)| crate::domain::text::width(t)).sum()
}

/// " 2026-11-22 Q4 2026: a · b · c" (the date left out when `date` is false), without the
/// parts `dropped`, each in its form `level` (or its shortest).
fn top_line(
    today: &str,
    date: bool,
    quarter: &str,
    parts: &[Part],
    dropped: &[usize],
    level: usize,
    th: &crate::tui::view::theme::Theme,
) -> Vec<(String, Style)> {
    let mut top = Vec::new();
    if date {
        top.push((format!(" {today} "), th.bold()));
    }
    let lead = if date { "" } else { " " };
    top.push((format!("{lead}{quarter}: "), th.dim()));
    let kept = parts.iter().enumerate().filter(|(i, _)| !dropped.contains(i));
    let pieces = kept.flat_map(|(_, p)| {
        let form = p.forms.get(level).or(p.forms.last());
        form.into_iter().flatten().map(|text| (text, p.style))
    });
    for (i, (text, style)) in pieces.enumerate() {
        if i > 0 {
            top.push((" · ".into(), th.dim()));
        }
        top.push((text.clone(), style));
    }
    top
}

/// "type to filter · Enter keep · Esc clear", with the `[search]` keys as bound.
fn search_hint(keymap: &Keymap, ui: &Ui) -> String {
    let keep = keymap.key_text_in(Table::Search, Action::KeepSearch);
    let clear = keymap.key_text_in(Table::Search, Action::ClearSearch);
    ui.tf("ui.search.hint", &[("keep", &keep), ("clear", &clear)])
}

/// The hints that fit in `width` columns, in order: whole ones only (a hint cut mid-way
/// reads as another key), the help key always (the way to every other key), the others
/// while they fit beside it, dropped from the end first.
fn fitting(pairs: &[(Action, [(String, Style); 2])], width: usize) -> Vec<&(Action, [(String, Style); 2])> {
    let full = |p: &[(String, Style); 2]| p.iter().map(|(t, _)| crate::domain::text::width(t)).sum::<usize>();
    // The last hint shown needs no trailing space.
    let trimmed = |p: &[(String, Style); 2]| full(p) - (p[1].0.len() - p[1].0.trim_end().len());
    let help = pairs.iter().find(|(a, _)| *a == Action::Help).map(|(_, p)| trimmed(p));
    if help.is_some_and(|h| h > width) {
        return Vec::new();
    }
    let mut used = 0;
    let mut keep: Vec<bool> = pairs.iter().map(|(a, _)| *a == Action::Help).collect();
    for (i, (a, p)) in pairs.iter().enumerate() {
        let need = match help {
            _ if *a == Action::Help => continue,
            Some(h) => full(p) + h,
            None => trimmed(p),
        };
        if used + need > width {
            break;
        }
        used += full(p);
        keep[i] = true;
    }
    pairs.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| p).collect()
}

/// The hinted keys of a context (`[hints]`), each with its key and what it does, spaced
/// for the status bar (`bar`) or for the foot of a modal.
fn hint_pairs(keymap: &Keymap, ctx: Context, ui: &Ui, bar: bool) -> Vec<(Action, [(String, Style); 2])> {
    let th = &ui.theme;
    let mut pairs = Vec::new();
    for action in keymap.hints(ctx) {
        if let Some(key) = keymap.key_label(ctx, *action) {
            let label = ui.t(&format!("ui.hint.{}", action.id()));
            let (key, label) = if bar {
                (format!(" {key}"), format!(" {label} "))
            } else {
                (format!("{key} "), format!("{label}  "))
            };
            pairs.push((*action, [(key, th.key()), (label, th.dim())]));
        }
    }
    pairs
}

/// The hinted keys of a context (`[hints]`), each followed by what it does: spaced for the
/// status bar (`bar`) or for the foot of a modal.
pub fn hint_spans(keymap: &Keymap, ctx: Context, ui: &Ui, bar: bool) -> Vec<(String, Style)> {
    hint_pairs(keymap, ctx, ui, bar).into_iter().flat_map(|(_, pair)| pair).collect()
}
