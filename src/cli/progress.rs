//! A one-line progress bar on stderr for long imports, drawn only when stderr is a
//! terminal (never into a log file or a pipe) and redrawn at most every 100 ms.

use crate::interchange::import::Phase;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Bar {
    enabled: bool,
    last: Option<Instant>,
    drawn: bool,
}

impl Bar {
    /// A bar that draws only when `big` and stderr is a terminal.
    pub fn new(big: bool) -> Bar {
        Bar { enabled: big && std::io::stderr().is_terminal(), last: None, drawn: false }
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
        let label = match phase {
            Phase::Read => "checking rows",
            Phase::Write => "importing",
            Phase::Finish => "finishing",
        };
        let pct = (done * 100).checked_div(total).unwrap_or(100).min(100);
        let filled = pct / 5;
        eprint!("\r{label:<14} [{}{}] {pct:>3}% ", "#".repeat(filled), "-".repeat(20 - filled));
        let _ = std::io::stderr().flush();
        self.drawn = true;
    }

    /// Clears the bar's line so what follows starts clean.
    pub fn finish(&mut self) {
        if self.drawn {
            eprint!("\r{}\r", " ".repeat(48));
            let _ = std::io::stderr().flush();
            self.drawn = false;
        }
    }
}
