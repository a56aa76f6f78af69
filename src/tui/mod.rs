//! The dashboard. Threads and terminal live here; everything else is plain state:
//!
//! ```text
//!  input thread ──Key/Mouse/Resize──┐
//!  tick (1 Hz) ──────────────────────┼──> Msg channel ──> App::update(msg) -> Vec<Effect>
//!  signals (TERM/HUP) ───────────────┤                         │
//!  store workers ──Db(reply)─────────┘ <──── Effect ───────────┘   draw only when dirty
//! ```
//!
//! Two store workers, each with its own connection: one answers what the user is looking
//! at (portfolio, detail, timeline), the other does whole-portfolio scans (agenda,
//! metrics) so a slow scan never holds up the list.

pub mod action;
pub mod app;
pub mod background;
mod editing;
mod files;
pub mod forms;
pub mod harness;
mod history;
mod input;
pub mod keymap;
pub mod layout;
mod modal_keys;
pub mod modals;
mod mouse;
pub mod msg;
pub mod overlays;
pub mod panes;
mod replies;
mod terminal;
pub mod theme;
mod view;
pub mod widgets;
pub mod worker;
mod worker_edit;
mod worker_files;

use crate::cli::{CliError, Context};
use crate::store::Store;
use app::App;
use msg::{Effect, Msg};
use panes::Ui;
use ratatui::crossterm::event::{self, Event};
use std::sync::mpsc;
use std::time::Duration;
use worker::Worker;

/// How often the clock and the file are checked (live refresh).
const TICK: Duration = Duration::from_secs(1);

/// Work started once the first frame with the whole portfolio is drawn (the daily
/// backup); its error, a sentence, is shown in the status bar.
pub type Background = Box<dyn FnOnce() -> Result<(), String> + Send>;

/// Opens the dashboard on `ctx.db_path` and runs until the user quits. With
/// `exit_after_first_frame`, returns right after the first frame that shows the
/// portfolio (or the empty state): the startup benchmark.
pub fn run(
    ctx: &Context,
    today_pinned: bool,
    exit_after_first_frame: bool,
    mut after_first_frame: Option<Background>,
) -> Result<(), CliError> {
    // Everything that can fail with a readable message fails before the screen changes.
    let store = Store::open(&ctx.db_path)?;
    let scan_store = Store::open(&ctx.db_path)?;
    let settings = crate::settings::load().map_err(|e| CliError::Usage(e.to_string()))?;
    let keymap = keymap::Keymap::load(keymap::Keymap::user_path().as_deref())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    // Asked before the screen is taken over: the terminal's reply must not reach the app.
    let theme = theme::Theme::from_env(background::palette(settings.background));
    let ui = Ui { lang: ctx.lang, theme, today: ctx.today, now: ctx.now };

    let (tx, rx) = mpsc::channel::<Msg>();
    let (fx_tx, fx_rx) = mpsc::channel::<Effect>();
    let (scan_tx, scan_rx) = mpsc::channel::<Effect>();
    let w = Worker::new(store, ctx.now, settings.risk.clone(), ctx.lang).spawn(fx_rx, tx.clone());
    let s = Worker::new(scan_store, ctx.now, settings.risk, ctx.lang).spawn(scan_rx, tx.clone());

    let mut term =
        terminal::enter().map_err(|e| CliError::Runtime(format!("cannot open the terminal: {e}")))?;
    terminal::spawn_signal_thread(tx.clone());
    spawn_input(tx.clone());
    spawn_tick(tx.clone(), today_pinned);

    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(ui, keymap, size, today_pinned);
    let dispatch = |effects: Vec<Effect>| {
        for e in effects {
            let to = match e {
                // Whole-portfolio work; an import's plan and its yes go to the same worker.
                Effect::LoadAgenda { .. }
                | Effect::LoadReport { .. }
                | Effect::PlanImport { .. }
                | Effect::ApplyImport
                | Effect::CompletePath(_) => &scan_tx,
                Effect::Quit => {
                    let _ = scan_tx.send(Effect::Quit);
                    &fx_tx
                }
                _ => &fx_tx,
            };
            // A worker that died has already reported through the message channel.
            let _ = to.send(e);
        }
    };
    dispatch(app.start());
    let debug_panic = std::env::var_os("RADAR_DEBUG_PANIC").is_some();
    let mut background = Vec::new();
    let result = loop {
        if app.dirty {
            if let Err(e) = term.draw(|f| f.render_widget(&app, f.area())) {
                break Err(CliError::Runtime(format!("drawing failed: {e}")));
            }
            app.dirty = false;
            // Once the whole list is on screen: the backup must not slow the first page.
            let shown = app.portfolio.loaded && app.portfolio.model.partial_of().is_none();
            if let Some(job) = after_first_frame.take_if(|_| shown) {
                let tx = tx.clone();
                background.push(std::thread::spawn(move || {
                    if let Err(e) = job() {
                        let _ = tx.send(Msg::Db(msg::Reply::Error(e))); // the UI may have gone
                    }
                }));
            }
            // Hidden: the terminal-restore test forces a panic once the dashboard is up.
            if debug_panic && app.portfolio.loaded {
                panic!("RADAR_DEBUG_PANIC is set: forced panic to test terminal restore");
            }
            if exit_after_first_frame && app.portfolio.loaded {
                dispatch(vec![Effect::Quit]);
                break Ok(());
            }
        }
        let Ok(first) = rx.recv() else { break Ok(()) };
        // Handle everything already queued before drawing once (a burst of keys or a
        // resize storm costs one frame).
        let mut effects = app.update(first);
        while let Ok(m) = rx.try_recv() {
            effects.extend(app.update(m));
        }
        dispatch(effects);
        if app.quit {
            break Ok(());
        }
    };
    terminal::leave(&mut term);
    if exit_after_first_frame {
        // The startup benchmark: the workers are still reading (the rest of the list, the
        // report) and have nothing to save; the process ends without waiting for them.
        return result;
    }
    // Each worker finishes the save it is doing (and any still queued), skips the rest
    // and closes its connection (a backup being written is finished too); then the WAL is
    // folded into the file, so the .db alone holds every edit (a user who copies it after
    // quitting loses nothing).
    dispatch(vec![Effect::Quit]);
    background.extend([w, s]);
    wait_for_workers(ctx.lang, &background);
    crate::store::fold_wal(&ctx.db_path);
    result
}

/// Waits for the store workers to close, saying so if it takes a moment (a save waiting
/// for another Radar's import, or the read in progress finishing).
fn wait_for_workers(lang: crate::i18n::Lang, workers: &[std::thread::JoinHandle<()>]) {
    let started = std::time::Instant::now();
    let mut told = false;
    while workers.iter().any(|w| !w.is_finished()) {
        if !told && started.elapsed() > Duration::from_millis(500) {
            eprintln!("{}", crate::i18n::t(lang, "ui.closing"));
            told = true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn spawn_input(tx: mpsc::Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                // The terminal is gone (hang-up): leave like SIGHUP.
                Err(_) => Msg::Terminate,
            };
            let stop = matches!(msg, Msg::Terminate);
            if tx.send(msg).is_err() || stop {
                return;
            }
        }
    });
}

fn spawn_tick(tx: mpsc::Sender<Msg>, today_pinned: bool) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(TICK);
            let today = if today_pinned { chrono::NaiveDate::MIN } else { chrono::Local::now().date_naive() };
            if tx.send(Msg::Tick(today)).is_err() {
                return;
            }
            // Sent every tick; `update` ignores it unless the state changed (idle: no frame).
            if tx.send(Msg::WaitingForWriter(crate::store::waiting_for_other_writer())).is_err() {
                return;
            }
        }
    });
}
