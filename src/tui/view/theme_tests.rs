use super::*;

/// Every style a theme hands out.
fn styles(t: &Theme) -> Vec<(String, Style)> {
    let mut v = vec![
        ("text".to_string(), t.text()),
        ("dim".into(), t.dim()),
        ("bold".into(), t.bold()),
        ("title".into(), t.title()),
        ("border focused".into(), t.border(true)),
        ("border".into(), t.border(false)),
        ("selected focused".into(), t.selected(true)),
        ("selected".into(), t.selected(false)),
        ("header".into(), t.header()),
        ("bad".into(), t.bad()),
        ("warn".into(), t.warn()),
        ("good".into(), t.good()),
        ("info".into(), t.info()),
        ("key".into(), t.key()),
    ];
    for band in [None, Some(Band::Healthy), Some(Band::Watch), Some(Band::AtRisk), Some(Band::Critical)] {
        v.push((format!("band {band:?}"), t.band(band)));
    }
    v
}

/// xterm's default palette (the 16 ANSI colours) and its 256-colour table.
fn rgb(c: Color) -> (u8, u8, u8) {
    const ANSI: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    let index = match c {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return (r, g, b),
        Color::Reset => panic!("Reset has no colour of its own"),
    };
    match index {
        0..=15 => ANSI[usize::from(index)],
        16..=231 => {
            let i = index - 16;
            let level = |n: u8| if n == 0 { 0 } else { 55 + 40 * n };
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        _ => {
            let v = 8 + 10 * (index - 232);
            (v, v, v)
        }
    }
}

/// WCAG relative luminance and contrast ratio.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn every_colour_is_legible_on_its_background() {
    for (palette, background) in [(Palette::Dark, (0, 0, 0)), (Palette::Light, (255, 255, 255))] {
        for (name, style) in styles(&Theme::colored(palette)) {
            assert_eq!(style.bg, None, "{palette:?} {name}: the terminal's own background stays");
            if let Some(fg) = style.fg {
                let ratio = contrast(rgb(fg), background);
                assert!(ratio >= 3.0, "{palette:?} {name}: {fg:?} has contrast {ratio:.2} on {background:?}");
            }
        }
    }
}

#[test]
fn the_palettes_differ_where_a_light_background_needs_it() {
    let (dark, light) = (Theme::colored(Palette::Dark), Theme::colored(Palette::Light));
    assert_ne!(dark.warn(), light.warn());
    assert_ne!(dark.title(), light.title());
    assert_ne!(dark.good(), light.good());
}

#[test]
fn no_color_means_no_colour_in_either_palette() {
    for palette in [Palette::Dark, Palette::Light] {
        for (name, style) in styles(&Theme { color: false, palette }) {
            assert_eq!((style.fg, style.bg), (None, None), "{palette:?} {name}");
        }
    }
    // Bands are still told apart without colour.
    let marks: std::collections::BTreeSet<&str> =
        [None, Some(Band::Healthy), Some(Band::Watch), Some(Band::AtRisk), Some(Band::Critical)]
            .into_iter()
            .map(Theme::band_marker)
            .collect();
    assert_eq!(marks.len(), 5);
}
