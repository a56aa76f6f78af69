//! The dashboard. `run` wires the runtime (terminal, threads, store workers) to the app
//! (plain state: a message in, effects out):
//!
//! ```text
//!  input thread ──Key/Paste/Mouse/Resize──┐
//!  tick (1 Hz) ────────────────────────────┼──> Msg channel ──> App::update(msg) -> Vec<Effect>
//!  signals (TERM/HUP/INT/QUIT/TSTP/CONT) ──┤                         │
//!  store workers ──Db(reply)───────────────┘ <──── Effect ───────────┘   draw only when dirty
//! ```
//!
//! The terminal itself is the loop's: `update` asks for a suspend or a full repaint with
//! a flag (`App::suspend`, `App::repaint`), like `App::quit`.
//!
//! Two store workers, each with its own connection: one answers what the user is looking
//! at (portfolio, detail, timeline), the other does whole-portfolio scans (agenda,
//! metrics) so a slow scan never holds up the list.
//!
//! The folders: `runtime/` (terminal, threads, workers, the test harness), `app/` (state
//! and `update`, no I/O), `keymap/`, `action.rs` and `msg.rs` (the vocabulary), `panes/`,
//! `modals/` and `overlays/` (what has the keys, each with its widget), `controls/` (text
//! and list editing), `forms/` (the form model), `view/` (drawing the whole frame).

pub mod action;
pub mod app;
pub mod controls;
pub mod forms;
mod ids;
pub mod keymap;
pub mod marks;
pub mod modals;
pub mod msg;
pub mod overlays;
pub mod panes;
pub mod runtime;
pub mod view;

// The paths tests, benchmarks and the other front end know these by.
pub use runtime::{harness, worker};
pub use view::{layout, theme};

use crate::context::Context;
use crate::store::StoreError;
use app::App;
use msg::{Effect, Msg};
use panes::Ui;
use runtime::terminal;
use std::sync::Arc;
use std::sync::atomic::AtomicI32;
use std::sync::mpsc;
use worker::Worker;

/// Work started once the first frame with the whole portfolio is drawn (the daily
/// backup and check of the file).
pub type Background = Box<dyn FnOnce() -> Result<(), BackgroundError> + Send>;

/// How a background job's failure is shown.
#[derive(Debug)]
pub enum BackgroundError {
    /// A sentence for the status bar.
    Status(String),
    /// A notice that stays on screen until dismissed (the file is damaged). A line may
    /// name the quit key as `{quit}`: the dashboard fills it in from the keymap.
    Notice { title: String, lines: Vec<String> },
}

/// Why the dashboard could not start or had to stop.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    /// The portfolio file cannot be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file the user wrote (settings, keymap) is wrong; the message names it.
    #[error("{0}")]
    Config(String),
    /// The terminal cannot be opened, drawn on or taken back.
    #[error("{0}")]
    Terminal(String),
}

/// The dashboard needs a terminal: said in the user's language, before anything is
/// created (a portfolio file, a demo) for a dashboard that cannot open.
pub fn require_terminal(lang: crate::i18n::Lang) -> Result<(), TuiError> {
    terminal::available().map_err(|e| no_terminal(lang, e))
}

fn no_terminal(lang: crate::i18n::Lang, e: std::io::Error) -> TuiError {
    TuiError::Terminal(crate::i18n::tf(lang, "ui.status.no_terminal", &[("error", &e.to_string())]))
}

/// Opens the dashboard on `ctx.db_path` and runs until the user quits. With
/// `exit_after_first_frame`, returns right after the first frame that shows the
/// portfolio (or the empty state): the startup benchmark.
pub fn run(
    ctx: &Context,
    today_pinned: bool,
    exit_after_first_frame: bool,
    mut after_first_frame: Option<Background>,
) -> Result<(), TuiError> {
    // Open all day: what a load frees leaves the resident size at once (issue 19).
    crate::alloc_options::keep_resident_memory_low();
    // Everything that can fail with a readable message fails before the screen changes,
    // and before a missing portfolio file is created.
    require_terminal(ctx.lang)?;
    let store = ctx.open_store_or_read_only()?;
    let read_only = store.is_read_only();
    // Team mode: "me" (the agenda's mine) is the login, whatever the settings say.
    let login = store.team_login()?;
    let scan_store = ctx.open_store_or_read_only()?;
    let settings = crate::settings::load().map_err(|e| TuiError::Config(e.to_string()))?;
    let keymap = keymap::Keymap::load(keymap::Keymap::user_path().as_deref())
        .map_err(|e| TuiError::Config(e.to_string()))?;
    // Asked before the screen is taken over: the terminal's reply must not reach the app.
    let theme = theme::Theme::from_env(runtime::background::palette(settings.background));
    let ui = Ui { lang: ctx.lang, theme, today: ctx.today, now: ctx.now };

    let (tx, rx) = mpsc::channel::<Msg>();
    let (fx_tx, fx_rx) = mpsc::channel::<Effect>();
    let (scan_tx, scan_rx) = mpsc::channel::<Effect>();
    // Team mode: each worker says which server session it is, so the change feed does not
    // bring the dashboard's own commits back as someone else's.
    let sessions = [Arc::new(AtomicI32::new(0)), Arc::new(AtomicI32::new(0))];
    let mut worker = Worker::new(store, ctx.now, settings.risk.clone(), ctx.lang);
    worker.import_currency = settings.import_currency;
    worker.locale = crate::interchange::import::locale_from_env();
    worker.session = Some(sessions[0].clone());
    worker.settings_watch = crate::settings::config_path().map(runtime::worker::SettingsWatch::new);
    let w = worker.spawn(fx_rx, tx.clone());
    let mut scanner = Worker::new(scan_store, ctx.now, settings.risk.clone(), ctx.lang);
    // An import's plan and its yes run on this worker: it needs the currency they are told.
    scanner.import_currency = settings.import_currency;
    scanner.locale = crate::interchange::import::locale_from_env();
    scanner.session = Some(sessions[1].clone());
    let s = scanner.spawn(scan_rx, tx.clone());

    if let Some(target) = &ctx.team {
        runtime::team_feed::spawn(target.clone(), tx.clone(), sessions.to_vec());
    }
    let mut term = terminal::enter().map_err(|e| no_terminal(ctx.lang, e))?;
    terminal::spawn_signal_thread(tx.clone());
    runtime::spawn_input(tx.clone());
    runtime::spawn_tick(tx.clone(), today_pinned);

    let size = term.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(ui, keymap, size, today_pinned);
    app.agenda.me = login.or_else(|| settings.user.clone());
    if read_only {
        // Said at once, not at the first save that fails.
        app.opened_read_only(&ctx.db_path.display().to_string());
    }
    let dispatch = |effects: Vec<Effect>| {
        for e in effects {
            let to = match e {
                // Whole-portfolio work; an import's plan and its yes go to the same worker.
                Effect::LoadAgenda { .. }
                | Effect::LoadAgendaOf { .. }
                | Effect::LoadReport { .. }
                | Effect::LoadCharts { .. }
                | Effect::LoadByOwner { .. }
                | Effect::PlanImport { .. }
                | Effect::ApplyImport
                | Effect::CompletePath(_)
                | Effect::UseSettings(_) => &scan_tx,
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
                break Err(TuiError::Terminal(format!("drawing failed: {e}")));
            }
            app.dirty = false;
            // Once the whole list is on screen: the backup must not slow the first page. Or
            // once the list failed to load: the check then says whether the file is damaged.
            let shown = app.portfolio.loaded && app.portfolio.model.partial_of().is_none();
            let failed = !app.portfolio.loaded && app.message.is_some();
            if let Some(job) = after_first_frame.take_if(|_| shown || failed) {
                background.push(runtime::spawn_background(job, tx.clone()));
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
        if std::mem::take(&mut app.suspend) {
            if let Err(e) = terminal::suspend(&mut term) {
                break Err(TuiError::Terminal(format!("cannot take the terminal back: {e}")));
            }
            app.dirty = true;
        }
        if std::mem::take(&mut app.repaint) {
            if let Err(e) = terminal::resume(&mut term) {
                break Err(TuiError::Terminal(format!("cannot take the terminal back: {e}")));
            }
            app.dirty = true;
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
    runtime::wait_for_workers(ctx.lang, &background);
    if ctx.team.is_none() {
        crate::store::fold_wal(&ctx.db_path);
    }
    result
}
