//! The dashboard without threads or a terminal: an `App` wired to a synchronous `Worker`.
//! Tests drive it with keys and draw it on ratatui's `TestBackend`; the benchmark uses it
//! to measure the app's own work.

use crate::domain::risk::RiskConfig;
use crate::i18n::Lang;
use crate::store::Store;
use crate::tui::app::App;
use crate::tui::keymap::Keymap;
use crate::tui::msg::{Effect, Msg};
use crate::tui::panes::Ui;
use crate::tui::runtime::worker::Worker;
use crate::tui::view::theme::Theme;
use chrono::{NaiveDate, NaiveTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub struct Harness {
    pub app: App,
    pub worker: Worker,
}

impl Harness {
    /// An app on `store` as of `today` (noon), default keymap and risk config, no colour;
    /// the startup effects already carried out.
    pub fn new(store: Store, lang: Lang, today: NaiveDate, size: (u16, u16)) -> Harness {
        Harness::with_theme(store, lang, today, size, Theme::plain())
    }

    /// `new`, drawing with `theme` (the palette snapshots).
    pub fn with_theme(store: Store, lang: Lang, today: NaiveDate, size: (u16, u16), theme: Theme) -> Harness {
        let now = today.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
        let ui = Ui { lang, theme, today, now };
        // The embedded keymap is checked by the keymap tests; a broken one is a build bug.
        let keymap = Keymap::default_map().unwrap_or_else(|e| panic!("embedded keymap: {e}"));
        let app = App::new(ui, keymap, size, true);
        let worker = Worker::new(store, now, RiskConfig::default(), lang);
        let mut h = Harness { app, worker };
        let fx = h.app.start();
        h.settle(fx);
        h
    }

    /// Carries out effects, feeding every reply back into the app, until none are left.
    pub fn settle(&mut self, effects: Vec<Effect>) {
        let mut queue = effects;
        while !queue.is_empty() {
            let mut replies = Vec::new();
            for e in queue.drain(..) {
                self.worker.handle(&e, &mut |r| replies.push(r));
            }
            for r in replies {
                queue.extend(self.app.update(Msg::Db(r)));
            }
        }
    }

    /// One message, then everything it asked for.
    pub fn send(&mut self, msg: Msg) {
        let fx = self.app.update(msg);
        self.settle(fx);
    }

    /// One message, without carrying out its effects (to measure `update` alone).
    pub fn update_only(&mut self, msg: Msg) -> Vec<Effect> {
        self.app.update(msg)
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    /// Types each character as a key press (`"\t"` is Tab, `"\n"` Enter, `"\x1b"` Esc).
    pub fn keys(&mut self, s: &str) {
        for c in s.chars() {
            let code = match c {
                '\t' => KeyCode::Tab,
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            self.key(code);
        }
    }

    pub fn resize(&mut self, w: u16, h: u16) {
        self.send(Msg::Resize(w, h));
    }

    /// Draws one frame at the app's size.
    pub fn draw(&self) -> Buffer {
        let (w, h) = self.app.size;
        let mut term = match Terminal::new(TestBackend::new(w, h)) {
            Ok(t) => t,
            Err(e) => match e {},
        };
        let _ = term.draw(|f| f.render_widget(&self.app, f.area()));
        term.backend().buffer().clone()
    }

    /// The frame as text, one line per row (snapshots).
    pub fn screen(&self) -> String {
        let buf = self.draw();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
