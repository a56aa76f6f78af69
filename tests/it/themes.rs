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

/// The real dashboard in tmux: which palette it drew with (its accent colour, read from the
/// captured escape sequences), given a config file, the environment and the pane's own
/// background (tmux answers the OSC 11 query only when its window style sets one).
fn drawn_palette(config: &str, env: &str, window_bg: Option<&str>) -> &'static str {
    use crate::support::tmux::Tmux;
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let st = Command::new(crate::support::BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "30"])
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .status()
        .unwrap();
    assert!(st.success());
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, config).unwrap();
    let t = Tmux::on("theme", "theme");
    let cmd = format!(
        "env -i PATH=/usr/bin:/bin HOME={home} XDG_DATA_HOME={home} RADAR_CONFIG={cfg} TERM=xterm-256color {env} \
         {bin} --db {db} --today 2026-11-22 --lang en",
        home = dir.path().display(),
        cfg = cfg.display(),
        bin = crate::support::BIN,
        db = db.display(),
    );
    let mut args = vec!["start-server", ";"];
    let style = window_bg.map(|bg| format!("bg={bg}"));
    if let Some(style) = &style {
        args.extend(["set-option", "-g", "window-style", style.as_str(), ";"]);
    }
    args.extend(["new-session", "-d", "-s", "theme", "-x", "100", "-y", "30", cmd.as_str()]);
    t.run(&args);
    // Rows drawn with a risk marker (at risk "!" or critical "!!"; which depends on the scores).
    t.wait_for("the portfolio", |s| {
        s.contains("Portfolio · 30 of 30") && (s.contains("!  ") || s.contains("!! "))
    });
    let escapes = t.run(&["capture-pane", "-p", "-e", "-t", "theme"]);
    // Nothing the terminal answered reached the app as keys (no filter, no search).
    assert!(t.screen().contains("sort: priority\u{20}"), "{}", t.screen());
    t.send(&["q"]);
    // tmux writes the ANSI cyan of the dark palette as 38;5;6.
    if escapes.contains("38;5;25m") {
        "light"
    } else if escapes.contains("38;5;6m") {
        "dark"
    } else {
        panic!("neither palette's accent in:\n{escapes}")
    }
}

#[test]
fn the_setting_and_the_terminal_choose_the_palette_of_the_real_dashboard() {
    if !crate::support::tmux::Tmux::available("the palette end-to-end test") {
        return;
    }
    let light = "[theme]\nbackground = \"light\"\n";
    let dark = "[theme]\nbackground = \"dark\"\n";
    let auto = "# auto is the default\n";
    assert_eq!(drawn_palette(light, "", None), "light");
    assert_eq!(drawn_palette(dark, "COLORFGBG='0;15'", Some("white")), "dark");
    // auto: the terminal's answer to OSC 11 first (tmux answers with the window's bg) ...
    assert_eq!(drawn_palette(auto, "", Some("white")), "light");
    assert_eq!(drawn_palette(auto, "COLORFGBG='0;15'", Some("black")), "dark");
    // ... else COLORFGBG (this tmux answers only DA1 without a window bg) ...
    assert_eq!(drawn_palette(auto, "COLORFGBG='0;15'", None), "light");
    // ... else dark.
    assert_eq!(drawn_palette(auto, "", None), "dark");
}
