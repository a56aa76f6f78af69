//! The two palettes (`[theme] background = dark | light`): snapshots of the portfolio with
//! its colours, at 80x24 and 200x50, in English and Chinese; NO_COLOR drawing none; and the
//! setting reaching the real dashboard.

use chrono::NaiveDate;
use radar::demo::{self, DemoOptions};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::theme::{Palette, Theme};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn demo_store(n: usize) -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let opts = DemoOptions { accounts: n, seed: 1, today: today() };
    let mut facts = demo::generate_range(&opts, 0..n).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    s
}

fn harness(lang: Lang, size: (u16, u16), theme: Theme) -> Harness {
    Harness::with_theme(demo_store(180), lang, today(), size, theme)
}

/// The screen's text, then its styles: per row, each run of cells with one style other
/// than the default, as `columns fg/bg +modifiers`.
fn styled(h: &Harness) -> String {
    let buf: Buffer = h.draw();
    let mut out = h.screen();
    out.push_str("--- styles (row: first-last columns) ---\n");
    for y in 0..buf.area.height {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < buf.area.width {
            let style = buf[(x, y)].style();
            let start = x;
            while x < buf.area.width && buf[(x, y)].style() == style {
                x += 1;
            }
            if let Some(desc) = describe(style) {
                runs.push(format!("{start}-{} {desc}", x - 1));
            }
        }
        if !runs.is_empty() {
            out.push_str(&format!("{y}: {}\n", runs.join(", ")));
        }
    }
    out
}

fn describe(style: Style) -> Option<String> {
    let mut parts = Vec::new();
    let colour = |c: Option<Color>| c.filter(|c| *c != Color::Reset).map(|c| format!("{c:?}"));
    if let Some(fg) = colour(style.fg) {
        parts.push(format!("fg={fg}"));
    }
    if let Some(bg) = colour(style.bg) {
        parts.push(format!("bg={bg}"));
    }
    let m = style.add_modifier - style.sub_modifier;
    if m != Modifier::empty() {
        parts.push(format!("+{m:?}").replace("Modifier(", "").replace(')', ""));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn colours(h: &Harness) -> std::collections::BTreeSet<String> {
    let buf = h.draw();
    buf.content
        .iter()
        .filter_map(|c| c.style().fg.filter(|c| *c != Color::Reset).map(|c| format!("{c:?}")))
        .collect()
}

#[test]
fn portfolio_in_each_palette() {
    for (palette, name) in [(Palette::Dark, "dark"), (Palette::Light, "light")] {
        for (lang, lang_id) in [(Lang::En, "en"), (Lang::ZhCn, "zh")] {
            for (w, hgt) in [(80, 24), (200, 50)] {
                let h = harness(lang, (w, hgt), Theme::colored(palette));
                crate::support::snap_screen(
                    &format!("theme_{name}_portfolio_{lang_id}_{w}x{hgt}"),
                    styled(&h),
                );
            }
        }
    }
}

#[test]
fn light_palette_draws_no_colour_that_fades_on_white() {
    let dark = colours(&harness(Lang::En, (200, 50), Theme::colored(Palette::Dark)));
    let light = colours(&harness(Lang::En, (200, 50), Theme::colored(Palette::Light)));
    assert!(!light.is_empty(), "the light palette draws in colour");
    for faint in ["Yellow", "Cyan", "LightYellow", "LightCyan", "White", "LightGreen", "Gray"] {
        assert!(!light.contains(faint), "light palette uses {faint}: {light:?}");
    }
    assert_ne!(dark, light);
}

#[test]
fn no_color_draws_the_same_colourless_screen_in_both_palettes() {
    for lang in [Lang::En, Lang::ZhCn] {
        let dark = harness(lang, (200, 50), Theme { color: false, palette: Palette::Dark });
        let light = harness(lang, (200, 50), Theme { color: false, palette: Palette::Light });
        assert!(colours(&dark).is_empty() && colours(&light).is_empty());
        assert_eq!(styled(&dark), styled(&light));
    }
}
