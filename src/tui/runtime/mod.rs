//! Everything that talks to the world for the dashboard: the terminal (`terminal`), the
//! threads that turn input, time and signals into messages (here), the store workers
//! (`worker`), and the harness that runs the same app without threads or a terminal.

pub mod background;
pub mod harness;
pub mod team_feed;
pub mod terminal;
pub mod worker;

use super::msg::{Msg, Reply};
use super::{Background, BackgroundError};
use ratatui::crossterm::event::{self, Event};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the clock and the file are checked (live refresh).
const TICK: Duration = Duration::from_secs(1);

/// Waits for the store workers to close, saying so if it takes a moment (a save waiting
/// for another Radar's import, or the read in progress finishing).
pub fn wait_for_workers(lang: crate::i18n::Lang, workers: &[JoinHandle<()>]) {
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

/// Runs a background job on its own thread; a failure reaches the app as a reply.
pub fn spawn_background(job: Background, tx: mpsc::Sender<Msg>) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let reply = match job() {
            Ok(()) => return,
            Err(BackgroundError::Status(e)) => Reply::Error(e),
            Err(BackgroundError::Notice { title, lines }) => Reply::Notice { title, lines },
        };
        let _ = tx.send(Msg::Db(reply)); // the UI may have gone
    })
}

/// Terminal events become messages.
pub fn spawn_input(tx: mpsc::Sender<Msg>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Paste(text)) => Msg::Paste(text),
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

/// The clock (a dashboard left open past midnight) and the other writer, once a second.
pub fn spawn_tick(tx: mpsc::Sender<Msg>, today_pinned: bool) {
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
