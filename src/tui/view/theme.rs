//! Colours, in two palettes: one for dark terminals, one for light ones (`[theme]
//! background` in the config; `auto` asks the terminal, see `background.rs`).
//!
//! The dark palette uses the 16 ANSI colours, which a dark terminal's palette is tuned to
//! keep readable. On a light background several of them (yellow, cyan, bright green) are
//! near-invisible in the common palettes, so the light palette uses fixed, darker entries
//! of the 256-colour table instead. Both keep every colour at a contrast of 3:1 or more
//! against black (dark) or white (light) with xterm's default palette (the tests check).
//! With `NO_COLOR` set (any non-empty value, per no-color.org) every style is colourless
//! in both, and meaning is carried by markers, bold and reverse video.

use crate::domain::risk::Band;
use ratatui::style::{Color, Modifier, Style};

/// Which background the colours are chosen for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Palette {
    Dark,
    Light,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub palette: Palette,
}

/// The colours of one palette, by role.
struct Colors {
    accent: Color,
    bad: Color,
    warn: Color,
    good: Color,
    info: Color,
}

const DARK: Colors = Colors {
    accent: Color::Cyan,
    bad: Color::Red,
    warn: Color::Yellow,
    good: Color::Green,
    info: Color::LightBlue,
};

/// 256-colour entries: #005faf, #d70000, #af5f00, #008700, #005f87.
const LIGHT: Colors = Colors {
    accent: Color::Indexed(25),
    bad: Color::Indexed(160),
    warn: Color::Indexed(130),
    good: Color::Indexed(28),
    info: Color::Indexed(24),
};

impl Theme {
    /// The palette for this terminal, without colour when `NO_COLOR` is set.
    pub fn from_env(palette: Palette) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color, palette }
    }

    pub fn plain() -> Theme {
        Theme { color: false, palette: Palette::Dark }
    }

    /// A palette in colour whatever the environment says (snapshots).
    pub fn colored(palette: Palette) -> Theme {
        Theme { color: true, palette }
    }

    fn colors(&self) -> &'static Colors {
        match self.palette {
            Palette::Dark => &DARK,
            Palette::Light => &LIGHT,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    pub fn text(&self) -> Style {
        Style::new()
    }

    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn bold(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn title(&self) -> Style {
        self.fg(self.colors().accent).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.fg(self.colors().accent).add_modifier(Modifier::BOLD) } else { self.dim() }
    }

    /// The selected row: reverse video works on any background and without colour.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn bad(&self) -> Style {
        self.fg(self.colors().bad).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(self.colors().warn)
    }

    pub fn good(&self) -> Style {
        self.fg(self.colors().good)
    }

    pub fn info(&self) -> Style {
        self.fg(self.colors().info)
    }

    pub fn key(&self) -> Style {
        self.fg(self.colors().accent).add_modifier(Modifier::BOLD)
    }

    pub fn band(&self, band: Option<Band>) -> Style {
        match band {
            Some(Band::Critical) => self.bad(),
            Some(Band::AtRisk) => self.fg(self.colors().bad),
            Some(Band::Watch) => self.warn(),
            Some(Band::Healthy) => self.good(),
            None => self.dim(),
        }
    }

    /// A one-column marker that still tells the band apart without colour.
    pub fn band_marker(band: Option<Band>) -> &'static str {
        match band {
            Some(Band::Critical) => "!!",
            Some(Band::AtRisk) => "! ",
            Some(Band::Watch) => "~ ",
            Some(Band::Healthy) => "  ",
            None => "? ",
        }
    }
}

#[cfg(test)]
#[path = "theme_tests.rs"]
mod tests;
