//! The help key is always in the status bar's hints, however narrow the terminal: other
//! hints are dropped first (a CSM who does not know a key must find `?`). On the demo, at
//! 80x24 and narrower, in English and Chinese, in every focused pane and view.

use crate::support::tui_edit::{app_on, demo_into};
use radar::i18n::Lang;
use radar::tui::harness::Harness;
use ratatui::crossterm::event::KeyCode;

fn last_line(h: &Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

#[test]
fn the_help_key_is_always_hinted() {
    for (lang, help) in [(Lang::En, "? keys"), (Lang::ZhCn, "? 按键")] {
        for width in [80u16, 64] {
            let mut s = radar::store::Store::open_in_memory().unwrap();
            demo_into(&mut s, 40);
            let mut h = app_on(s, lang, (width, 24));
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} portfolio: {line:?}");
            h.key(KeyCode::Tab);
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} next pane: {line:?}");
            h.key(KeyCode::Char('l'));
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} next tab: {line:?}");
            h.key(KeyCode::Tab);
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} timeline: {line:?}");
            // The agenda first asks who you are (a pick list: its help key is F1).
            h.key(KeyCode::Char('a'));
            let line = last_line(&h);
            let f1 = help.replace('?', "F1");
            assert!(line.contains(&f1), "{lang:?} {width} agenda's question: {line:?}");
            h.key(KeyCode::Esc);
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} agenda: {line:?}");
            h.key(KeyCode::Char('m'));
            let line = last_line(&h);
            assert!(line.contains(help), "{lang:?} {width} metrics: {line:?}");
        }
    }
}
