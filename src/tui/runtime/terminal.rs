//! Terminal setup and, above all, restoring it: on quit, on panic (hook), on SIGTERM,
//! SIGHUP, SIGINT and SIGQUIT (a message that ends the loop normally), and while suspended
//! (Ctrl-Z or SIGTSTP: restore, stop, and on SIGCONT take the terminal back and redraw
//! everything). Restoring twice is harmless.

use crate::tui::msg::Msg;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::io::{Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// The dashboard has the terminal (between `enter` and `leave`). Outside it, signals take
/// their default action again: while the last save finishes, Ctrl-C still ends Radar.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Whether `enter` can take a terminal, asked before anything else happens: the terminal
/// raw mode is set on is standard input if it is one, else `/dev/tty` (as crossterm picks
/// it). Without one (`radar </dev/null` from a script with no controlling terminal), the
/// dashboard fails here, before it creates a missing portfolio file it would leave behind.
pub fn available() -> std::io::Result<()> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return Ok(());
    }
    std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").map(|_| ())
}

/// Raw mode, alternate screen, mouse capture, bracketed paste; installs the panic hook
/// first so a panic at any later point leaves a usable shell.
pub fn enter() -> std::io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    claim()?;
    ACTIVE.store(true, Ordering::SeqCst);
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Raw mode first: started in the background, setting it stops the process (SIGTTOU)
/// until `fg`, before anything is drawn over the shell.
fn claim() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    let modes = execute!(
        stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        event::EnableBracketedPaste
    );
    if let Err(e) = modes {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Cooked mode, main screen, cursor shown, no mouse reporting or bracketed paste. Errors
/// are ignored: after a hang-up there is no terminal left to restore.
pub fn restore() {
    let _ = execute!(
        stdout(),
        event::DisableBracketedPaste,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

pub fn leave(term: &mut Term) {
    ACTIVE.store(false, Ordering::SeqCst);
    let _ = term.show_cursor();
    restore();
}

/// Ctrl-Z: gives the shell a restored terminal and stops the process; returns once
/// continued (`fg`), with the terminal taken back and wiped for a full redraw.
pub fn suspend(term: &mut Term) -> std::io::Result<()> {
    let _ = term.show_cursor();
    restore();
    // SIGTSTP is ours (caught, to get here): stop the way its default action would.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    resume(term)
}

/// Takes the terminal back (after SIGCONT; harmless if it was never given up) and makes
/// the next draw repaint every cell: the alternate screen may be blank or scribbled on.
pub fn resume(term: &mut Term) -> std::io::Result<()> {
    claim()?;
    // Not `Terminal::clear`: it asks the terminal where the cursor is, and the answer
    // cannot be read while the input thread waits for a key (the redraw waited for one).
    // `resize` clears the screen and forgets the last frame without asking.
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Signals become messages, so the loop handles them between frames: SIGTERM, SIGHUP,
/// SIGINT and SIGQUIT end it (restoring normally), SIGTSTP suspends, SIGCONT redraws.
pub fn spawn_signal_thread(tx: Sender<Msg>) {
    let Ok(mut signals) =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])
    else {
        // Without signal handling the dashboard still works; only a kill skips the restore.
        return;
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            if !ACTIVE.load(Ordering::SeqCst) {
                // The terminal is already restored (closing): what the signal would do
                // without us (a second Ctrl-C does not wait for the last save).
                if sig != SIGCONT {
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                }
                continue;
            }
            let msg = match sig {
                SIGTSTP => Msg::Suspend,
                SIGCONT => Msg::Continued,
                _ => Msg::Terminate,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });
}
