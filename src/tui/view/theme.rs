//! Colours. The default theme uses only the 16 ANSI colours plus bold/reverse/dim, which
//! the user's terminal palette already keeps readable on dark and light backgrounds (no
//! hard-coded RGB that vanishes on one of them). With `NO_COLOR` set (any non-empty value,
//! per no-color.org) every style is colourless and meaning is carried by markers, bold
//! and reverse video.

use crate::domain::risk::Band;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    pub fn plain() -> Theme {
        Theme { color: false }
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
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { self.dim() }
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
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn good(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn info(&self) -> Style {
        self.fg(Color::Blue)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn band(&self, band: Option<Band>) -> Style {
        match band {
            Some(Band::Critical) => self.bad(),
            Some(Band::AtRisk) => self.fg(Color::Red),
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
