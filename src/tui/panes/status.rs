//! The status bar: today's date and this quarter's figures (renewed of decided, pending,
//! the forecast logo rate, at-risk ARR) on the first line; on the second, the focused pane's key hints from the
//! keymap, the search prompt, or a message.

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
    /// The search query while typing, its cursor drawn as `_`.
    pub search: Option<&'a str>,
    /// What the selected row offers, hinted before the pane's keys (the T-90 milestone
    /// offers the value report), with the i18n key of its label.
    pub offer: Option<(Action, &'static str)>,
}

impl Widget for StatusBar<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = self.ui;
        let th = &ui.theme;
        if area.height == 0 {
            return;
        }
        let mut top = vec![(format!(" {} ", ui.today), th.bold())];
        let q = Quarter::of(ui.today).label(ui);
        match self.quarter {
            Some(r) => {
                // Decided apart from pending, and the forecast labelled as one (issue 16):
                // the all-due rate would count every pending renewal as lost.
                let n = |v: u32| v.to_string();
                let parts = [
                    ui.tf(
                        "ui.status.renewed",
                        &[("renewed", &n(r.renewed_count)), ("decided", &n(r.decided_count))],
                    ),
                    ui.tf("ui.status.pending", &[("n", &n(r.pending_count))]),
                    ui.tf("ui.status.forecast", &[("rate", &rate(r.forecast_logo_rate))]),
                    ui.tf("ui.status.at_risk", &[("amount", &money(ui, r.at_risk_amount, r))]),
                ];
                top.push((format!("{q}: "), th.dim()));
                for (i, part) in parts.into_iter().enumerate() {
                    if i > 0 {
                        top.push((" · ".into(), th.dim()));
                    }
                    top.push((part, th.text()));
                }
                // Amounts without an exchange rate are not in the totals: said, per currency.
                for (c, count) in &r.missing_rates {
                    top.push((" · ".into(), th.dim()));
                    let vars = [("n", n(*count)), ("currency", c.code().to_string())];
                    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    top.push((ui.tf("ui.status.no_rate", &vars), th.warn()));
                }
            }
            None => top.push((format!("{q}: …"), th.dim())),
        }
        // Too narrow for all of it with the rates' warning: the date goes first, so that the
        // warning that the totals are incomplete is seen (the quarter says when it is).
        let wide: usize = top.iter().map(|(t, _)| crate::domain::text::width(t)).sum();
        if wide > usize::from(area.width) && self.quarter.is_some_and(|r| !r.missing_rates.is_empty()) {
            top.remove(0);
            if let Some((q, _)) = top.first_mut() {
                q.insert(0, ' ');
            }
        }
        put_spans(buf, area, area.y, &top);
        if area.height < 2 {
            return;
        }
        let y = area.y + 1;
        if let Some(q) = self.search {
            let spans = [
                (" / ".to_string(), th.key()),
                (q.to_string(), th.bold()),
                (format!("   {}", search_hint(self.keymap, ui)), th.dim()),
            ];
            put_spans(buf, area, y, &spans);
            return;
        }
        if let Some(m) = self.message {
            let style = if self.message_ok { th.good() } else { th.warn() };
            put_spans(buf, area, y, &[(format!(" {m}"), style)]);
            return;
        }
        let mut spans = Vec::new();
        if let Some((action, label)) = self.offer
            && let Some(key) = self.keymap.key_label(self.context, action)
        {
            spans.push((format!(" {key}"), th.key()));
            spans.push((format!(" {} ", ui.t(label)), th.good()));
        }
        spans.extend(hint_spans(self.keymap, self.context, ui, true));
        put_spans(buf, area, y, &spans);
    }
}

/// "type to filter · Enter keep · Esc clear", with the `[search]` keys as bound.
fn search_hint(keymap: &Keymap, ui: &Ui) -> String {
    let keep = keymap.key_text_in(Table::Search, Action::KeepSearch);
    let clear = keymap.key_text_in(Table::Search, Action::ClearSearch);
    ui.tf("ui.search.hint", &[("keep", &keep), ("clear", &clear)])
}

/// The hinted keys of a context (`[hints]`), each followed by what it does: spaced for the
/// status bar (`bar`) or for the foot of a modal.
pub fn hint_spans(keymap: &Keymap, ctx: Context, ui: &Ui, bar: bool) -> Vec<(String, Style)> {
    let th = &ui.theme;
    let mut spans = Vec::new();
    for action in keymap.hints(ctx) {
        if let Some(key) = keymap.key_label(ctx, *action) {
            let label = ui.t(&format!("ui.hint.{}", action.id()));
            let (key, label) = if bar {
                (format!(" {key}"), format!(" {label} "))
            } else {
                (format!("{key} "), format!("{label}  "))
            };
            spans.push((key, th.key()));
            spans.push((label, th.dim()));
        }
    }
    spans
}
