//! `?`: every key of the focused context, straight from the keymap (so it can never list
//! a key that does something else).

use crate::tui::action::Action;
use crate::tui::keymap::{Context, Key, Keymap, Table};
use crate::tui::panes::Ui;
use crate::tui::view::widgets::{centered, popup};
use crate::tui::view::widgets::{put, put_spans, text};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub struct HelpOverlay {
    /// The context whose keys are listed (the pane under the overlay).
    pub context: Context,
    pub scroll: usize,
}

impl HelpOverlay {
    /// Lines: (keys, description).
    pub fn entries(&self, keymap: &Keymap, ui: &Ui) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = keymap
            .bindings(self.context)
            .into_iter()
            .map(|(a, keys)| {
                (keys.iter().map(|k| k.display()).collect::<Vec<_>>().join(" "), ui.t(&a.label_key()))
            })
            .collect();
        // A pick list filters by typing: say that letters (j and k too) type, not move.
        if self.context == Context::Pick {
            let delete = keymap.table(Table::Input).iter().find(|(a, _)| *a == Action::DeleteBack);
            let short = delete.and_then(|(_, k)| k.first()).map_or_else(|| "-".into(), Key::display);
            let long = keymap.key_text_in(Table::Input, Action::DeleteBack);
            let down = keymap.key_text(Context::Portfolio, Action::Down);
            let up = keymap.key_text(Context::Portfolio, Action::Up);
            let typing = ui.tf("ui.help.typing", &[("down", &down), ("up", &up), ("delete", &long)]);
            out.insert(0, (ui.tf("ui.help.typing_keys", &[("delete", &short)]), typing));
        }
        out
    }

    /// The rows drawn in a terminal `area_w` wide: (box width, key column width, rows of
    /// (keys, text)); a description longer than the box is wrapped onto rows with no keys.
    pub fn rows(&self, keymap: &Keymap, ui: &Ui, area_w: u16) -> (u16, usize, Vec<(String, String)>) {
        let entries = self.entries(keymap, ui);
        let key_w = entries.iter().map(|(k, _)| text::width(k)).max().unwrap_or(4).min(24);
        let label_w = entries.iter().map(|(_, l)| text::width(l)).max().unwrap_or(20);
        // Borders and a column between keys and text; as wide as the longest line needs,
        // within the terminal.
        let foot_w = text::width(&footer(keymap, ui, self.context));
        let natural = ((key_w + 2 + label_w).max(foot_w) + 2) as u16;
        // With room to spare it floats, two columns clear of each side; else it takes the
        // whole width: one column short of it left the pane's own border showing beside
        // the box's ("┌┌ Keys · agenda"; CSM trial, session 33).
        let fits = natural.max(40);
        let box_w = if fits.saturating_add(4) <= area_w { fits } else { area_w }.max(20);
        let text_w = (box_w as usize).saturating_sub(key_w + 4).max(8);
        let mut rows = Vec::new();
        for (keys, label) in entries {
            for (i, line) in text::wrap(&label, text_w).into_iter().enumerate() {
                rows.push((if i == 0 { keys.clone() } else { String::new() }, line));
            }
        }
        (box_w, key_w, rows)
    }

    /// Scrolls; true if the action was a movement.
    pub fn handle(&mut self, action: Action, len: usize) -> bool {
        let Some(scroll) = crate::tui::panes::moved(self.scroll, action, len, 10) else { return false };
        self.scroll = scroll;
        true
    }
}

pub struct HelpView<'a> {
    pub help: &'a HelpOverlay,
    pub keymap: &'a Keymap,
    pub ui: &'a Ui,
}

impl Widget for HelpView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ui = self.ui;
        let th = &ui.theme;
        let (box_w, key_w, entries) = self.help.rows(self.keymap, ui, area.width);
        let box_area = centered(area, box_w, entries.len() as u16 + 3);
        let title = format!(
            " {} · {} ",
            ui.t("ui.help.title"),
            ui.t(&format!("ui.context.{}", self.help.context.id()))
        );
        let inner = popup(buf, box_area, title, th.border(true), th.title());
        if inner.height < 2 {
            return;
        }
        let body = Rect { height: inner.height - 1, ..inner };
        let scroll = self.help.scroll.min(entries.len().saturating_sub(body.height as usize));
        for (i, (keys, label)) in entries.iter().skip(scroll).take(body.height as usize).enumerate() {
            let spans = [(text::pad(keys, key_w + 2), th.key()), (label.clone(), th.text())];
            put_spans(buf, body, body.y + i as u16, &spans);
        }
        put(
            buf,
            inner.x,
            inner.bottom() - 1,
            inner.width,
            &footer(self.keymap, ui, self.help.context),
            th.dim(),
        );
    }
}

/// "Esc or ? closes · j/k scroll · : finds any action", with the keys as bound. Over a
/// pick list or a form the palette key types text: the palette is not offered there.
fn footer(keymap: &Keymap, ui: &Ui, context: Context) -> String {
    let close: Vec<String> =
        keymap.keys_for(Context::Help, Action::Back).iter().take(2).map(Key::in_text).collect();
    let close = if close.is_empty() { "-".to_string() } else { close.join(&ui.t("ui.help.or")) };
    let down = keymap.key_text(Context::Help, Action::Down);
    let up = keymap.key_text(Context::Help, Action::Up);
    let palette = keymap.key_text(Context::Portfolio, Action::Palette);
    let key = if matches!(context, Context::Pick | Context::Form | Context::Confirm) {
        "ui.help.footer_no_palette"
    } else {
        "ui.help.footer"
    };
    ui.tf(key, &[("close", &close), ("down", &down), ("up", &up), ("palette", &palette)])
}

#[cfg(test)]
mod tests {
    use crate::domain::Choice;
    use crate::domain::agenda::AgendaKind;
    use crate::i18n::{Lang, choice_label, t};

    /// A plain-themed interface on 2026-11-22 in `lang`.
    fn ui(lang: Lang) -> crate::tui::panes::Ui {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let now = today.and_hms_opt(12, 0, 0).unwrap();
        crate::tui::panes::Ui { lang, theme: crate::tui::view::theme::Theme::plain(), today, now }
    }

    /// The footer offers the palette where its key opens it, and not over a pick list or
    /// a form, where that key types (it said ": finds any action" over a pick list).
    #[test]
    fn the_footer_offers_the_palette_only_where_it_opens() {
        use crate::tui::keymap::{Context, Keymap};
        let keymap = Keymap::default_map().unwrap();
        for lang in Lang::ALL {
            let ui = ui(lang);
            let with = super::footer(&keymap, &ui, Context::Portfolio);
            assert_eq!(with, super::footer(&keymap, &ui, Context::Agenda));
            assert!(with.contains(" · : "), "{with}");
            for ctx in [Context::Pick, Context::Form, Context::Confirm] {
                let without = super::footer(&keymap, &ui, ctx);
                assert!(with.starts_with(&without) && with.len() > without.len(), "{without} / {with}");
                assert!(!without.contains(" : "), "{}: {without}", lang.code());
            }
        }
    }

    /// The help box floats with two columns clear of each side, or takes the whole width:
    /// never one column short of it, where the pane's border showed beside its own
    /// ("┌┌ Keys · agenda" at 120 columns; CSM trial, session 33).
    #[test]
    fn the_help_box_never_leaves_one_column_of_the_pane_beside_it() {
        use crate::tui::keymap::{Context, Keymap};
        let keymap = Keymap::default_map().unwrap();
        for lang in Lang::ALL {
            let ui = ui(lang);
            for context in [Context::Agenda, Context::Portfolio, Context::Pick] {
                let help = super::HelpOverlay { context, scroll: 0 };
                for width in [20, 40, 60, 80, 120, 200, 300] {
                    let (box_w, ..) = help.rows(&keymap, &ui, width);
                    let margin = width.saturating_sub(box_w);
                    assert!(margin == 0 || margin >= 4, "{context:?} at {width}: box {box_w}");
                }
                let (wide, ..) = help.rows(&keymap, &ui, 120);
                let (narrow, ..) = help.rows(&keymap, &ui, 80);
                assert!(narrow <= 80 && wide <= 120 && wide >= narrow.min(40));
            }
        }
    }

    /// The help lists keys as the keymap file groups them (the pane's own, then the
    /// dashboard's: tabs 1-8, search, filters…), the same order in both languages; it was the
    /// actions' ids in alphabetical order, which in zh-CN read as no order at all.
    #[test]
    fn help_is_in_the_keymap_files_order_in_both_languages() {
        use crate::tui::keymap::{Context, Keymap};
        let keymap = Keymap::default_map().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let keys = |lang| {
            let now = today.and_hms_opt(12, 0, 0).unwrap();
            let ui =
                crate::tui::panes::Ui { lang, theme: crate::tui::view::theme::Theme::plain(), today, now };
            let help = super::HelpOverlay { context: Context::Portfolio, scroll: 0 };
            help.entries(&keymap, &ui).into_iter().map(|(k, _)| k).collect::<Vec<_>>()
        };
        let en = keys(Lang::En);
        assert_eq!(en, keys(Lang::ZhCn));
        let first: Vec<&str> = en.iter().take(11).map(String::as_str).collect();
        assert_eq!(first, ["Enter l Right", "1", "2", "3", "4", "5", "6", "7", "8", "/", "r"]);
        // The file's order within a table: quit first of [global], suspend last.
        let global = keymap.table(crate::tui::keymap::Table::Global);
        assert_eq!(global.first().map(|(a, _)| a.id()), Some("quit"));
        assert_eq!(global.last().map(|(a, _)| a.id()), Some("suspend"));
    }

    /// The agenda's help names every kind `t` cycles through, and `D` names tasks, in both
    /// languages (zh-CN still listed four kinds).
    #[test]
    fn agenda_help_names_every_kind() {
        for lang in Lang::ALL {
            let kinds = t(lang, "action.agenda_kind").to_lowercase();
            for k in AgendaKind::ALL {
                let label = choice_label(lang, *k).to_lowercase();
                assert!(kinds.contains(&label), "{}: agenda_kind lacks {label}: {kinds}", lang.code());
            }
            let done = t(lang, "action.agenda_done").to_lowercase();
            let task = choice_label(lang, AgendaKind::Task).to_lowercase();
            assert!(done.contains(&task), "{}: agenda_done lacks {task}: {done}", lang.code());
        }
    }
}
