//! Terminal setup and, above all, restoring it: on quit, on panic (hook) and on
//! SIGTERM/SIGHUP (a message that ends the loop normally). Restoring twice is harmless.

use super::msg::Msg;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use std::io::{Stdout, stdout};
use std::sync::mpsc::Sender;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode, alternate screen, mouse capture; installs the panic hook first so a panic at
/// any later point leaves a usable shell.
pub fn enter() -> std::io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    terminal::enable_raw_mode()?;
    if let Err(e) = execute!(stdout(), terminal::EnterAlternateScreen, event::EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Cooked mode, main screen, cursor shown. Errors are ignored: after a hang-up there is
/// no terminal left to restore.
pub fn restore() {
    let _ = execute!(stdout(), event::DisableMouseCapture, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

pub fn leave(term: &mut Term) {
    let _ = term.show_cursor();
    restore();
}

/// SIGTERM and SIGHUP become `Msg::Terminate`, so the loop ends and restores normally.
pub fn spawn_signal_thread(tx: Sender<Msg>) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]) else {
        // Without signal handling the dashboard still works; only a kill skips the restore.
        return;
    };
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Msg::Terminate);
        }
    });
}
