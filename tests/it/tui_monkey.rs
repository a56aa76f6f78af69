//! Monkey test: a seeded random stream of 10,000 keys, mouse events and resizes (down to
//! 1x1 and back) against the real `App` on ratatui's TestBackend. Nothing may panic, and
//! every frame must be exactly the terminal's size.

use chrono::NaiveDate;
use radar::demo::Rng;
use radar::demo::{self, DemoOptions};
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::Msg;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};

fn random_msg(rng: &mut Rng, size: (u16, u16)) -> Msg {
    const CHARS: &str = "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789/?:[]-+.,成都🚀 ";
    let key = |code| Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
    match rng.below(100) {
        // 'q' and Ctrl-C end the session; everything else is fair game.
        0..=54 => {
            let chars: Vec<char> = CHARS.chars().collect();
            key(KeyCode::Char(chars[rng.below(chars.len() as u64) as usize]))
        }
        55..=84 => key(match rng.below(14) {
            0 => KeyCode::Enter,
            1 => KeyCode::Esc,
            2 => KeyCode::Tab,
            3 => KeyCode::BackTab,
            4 => KeyCode::Up,
            5 => KeyCode::Down,
            6 => KeyCode::Left,
            7 => KeyCode::Right,
            8 => KeyCode::PageUp,
            9 => KeyCode::PageDown,
            10 => KeyCode::Home,
            11 => KeyCode::End,
            12 => KeyCode::Backspace,
            _ => KeyCode::F(1),
        }),
        85..=89 => Msg::Key(KeyEvent::new(
            KeyCode::Char(['d', 'u', 'p', 'r'][rng.below(4) as usize]),
            KeyModifiers::CONTROL,
        )),
        90..=94 => {
            let kind = match rng.below(3) {
                0 => MouseEventKind::Down(ratatui::crossterm::event::MouseButton::Left),
                1 => MouseEventKind::ScrollDown,
                _ => MouseEventKind::ScrollUp,
            };
            Msg::Mouse(MouseEvent {
                kind,
                column: rng.below(u64::from(size.0.max(1)) + 5) as u16,
                row: rng.below(u64::from(size.1.max(1)) + 5) as u16,
                modifiers: KeyModifiers::NONE,
            })
        }
        _ => {
            let sizes = [
                (1, 1),
                (20, 5),
                (40, 10),
                (59, 15),
                (60, 16),
                (80, 24),
                (109, 30),
                (120, 35),
                (200, 50),
                (250, 70),
            ];
            let (w, h) = sizes[rng.below(sizes.len() as u64) as usize];
            Msg::Resize(w, h)
        }
    }
}

fn monkey(lang: Lang, seed: u64, steps: usize) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut facts = demo::generate_range(&DemoOptions { accounts: 60, seed: 1, today }, 0..60).unwrap();
    store.insert_facts(&mut facts, false).unwrap();
    let mut h = Harness::new(store, lang, today, (120, 35));
    let mut rng = Rng::new(seed);
    for step in 0..steps {
        let msg = random_msg(&mut rng, h.app.size);
        h.send(msg);
        if h.app.quit {
            // A random key sequence reached a quit action (the palette, say): start over.
            let size = h.app.size;
            h = Harness::new(Store::open_in_memory().unwrap(), lang, today, size);
            continue;
        }
        let buf = h.draw();
        let (w, hgt) = h.app.size;
        assert_eq!(
            (buf.area.width, buf.area.height),
            (w, hgt),
            "frame does not fit at step {step} (seed {seed})"
        );
    }
}

#[test]
fn ten_thousand_random_events_in_english() {
    monkey(Lang::En, 0xC0FFEE, 10_000);
}

#[test]
fn random_events_in_chinese() {
    monkey(Lang::ZhCn, 7, 3_000);
}
