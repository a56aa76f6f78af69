//! A one-line progress bar on stderr for long imports, drawn only when stderr is a
//! terminal (never into a log file or a pipe) and redrawn at most every 100 ms.

use crate::i18n::{Lang, t};
use crate::interchange::import::Phase;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};
use unicode_width::UnicodeWidthStr;

pub struct Bar {
    enabled: bool,
    lang: Lang,
    last: Option<Instant>,
    /// Columns of the line drawn last (0: none), which `finish` blanks.
    drawn: usize,
}

impl Bar {
    /// A bar that draws only when `big` and stderr is a terminal.
    pub fn new(big: bool, lang: Lang) -> Bar {
        Bar { enabled: big && std::io::stderr().is_terminal(), lang, last: None, drawn: 0 }
    }

    pub fn update(&mut self, phase: Phase, done: usize, total: usize) {
        if !self.enabled {
            return;
        }
        let finished = done >= total;
        if !finished && self.last.is_some_and(|t| t.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last = Some(Instant::now());
        let line = line(self.lang, phase, done, total);
        eprint!("\r{line}");
        let _ = std::io::stderr().flush();
        self.drawn = self.drawn.max(line.width());
    }

    /// Clears the bar's line so what follows starts clean.
    pub fn finish(&mut self) {
        if self.drawn > 0 {
            eprint!("\r{}\r", " ".repeat(self.drawn));
            let _ = std::io::stderr().flush();
            self.drawn = 0;
        }
    }
}

/// Columns the phase's name takes (names are padded by display width: Chinese ones are
/// two columns a character).
const LABEL_COLUMNS: usize = 14;

/// "importing      [######--------------]  32% ", in the user's language.
fn line(lang: Lang, phase: Phase, done: usize, total: usize) -> String {
    let label = t(
        lang,
        match phase {
            Phase::Read => "cli.progress.read",
            Phase::Write => "cli.progress.write",
            Phase::Finish => "cli.progress.finish",
        },
    );
    let pad = LABEL_COLUMNS.saturating_sub(label.width());
    let pct = (done * 100).checked_div(total).unwrap_or(100).min(100);
    let filled = pct / 5;
    format!("{label}{} [{}{}] {pct:>3}% ", " ".repeat(pad), "#".repeat(filled), "-".repeat(20 - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_speaks_the_users_language_and_keeps_its_columns() {
        let en = line(Lang::En, Phase::Write, 32, 100);
        assert_eq!(en, "importing      [######--------------]  32% ");
        let zh = line(Lang::ZhCn, Phase::Write, 32, 100);
        assert!(zh.starts_with("正在导入"), "{zh}");
        for phase in [Phase::Read, Phase::Write, Phase::Finish] {
            for lang in Lang::ALL {
                let l = line(lang, phase, 100, 100);
                assert_eq!(l.width(), en.width(), "{lang:?} {phase:?}: {l}");
                assert!(l.contains("100%"), "{l}");
            }
        }
    }
}
