use super::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// A buffer driven by the default keymap.
struct Keyed(Keymap);

impl Keyed {
    fn new() -> Keyed {
        Keyed(Keymap::default_map().unwrap())
    }

    fn key(&self, t: &mut TextInput, code: KeyCode) -> Edited {
        t.handle(&KeyEvent::new(code, KeyModifiers::NONE), &self.0)
    }

    fn ctrl(&self, t: &mut TextInput, code: KeyCode) -> Edited {
        t.handle(&KeyEvent::new(code, KeyModifiers::CONTROL), &self.0)
    }
}

#[test]
fn edits_by_character_including_wide_ones() {
    let k = Keyed::new();
    let mut t = TextInput::new("", false);
    for c in "王总 call".chars() {
        k.key(&mut t, KeyCode::Char(c));
    }
    assert_eq!(t.text(), "王总 call");
    k.key(&mut t, KeyCode::Home);
    k.key(&mut t, KeyCode::Right);
    k.key(&mut t, KeyCode::Backspace);
    assert_eq!(t.text(), "总 call");
    k.ctrl(&mut t, KeyCode::Char('e'));
    k.ctrl(&mut t, KeyCode::Char('w'));
    assert_eq!(t.text(), "总 ");
    k.ctrl(&mut t, KeyCode::Char('u'));
    assert_eq!(t.text(), "");
    t.insert_str("a\nb");
    assert_eq!(t.text(), "a b", "one-line fields turn pasted newlines into spaces");
}

#[test]
fn a_paste_goes_in_whole_at_the_cursor() {
    // Terminals send a pasted line break as CR; tmux and most terminals do.
    let pasted = "王总: renewal 🚀\r第二行 \u{1b}[31mred\u{1b}[0m\r\nthird\tline a\u{1b}[中b";
    let k = Keyed::new();
    let mut note = TextInput::new("before  after", true);
    k.key(&mut note, KeyCode::Home);
    for _ in 0..7 {
        k.key(&mut note, KeyCode::Right);
    }
    note.insert_str(pasted);
    assert_eq!(note.text(), "before 王总: renewal 🚀\n第二行 red\nthird line a中b after");
    assert_eq!(note.cursor(), note.text().chars().count() - " after".len());
    let mut line = TextInput::new("", false);
    line.insert_str(pasted);
    assert_eq!(line.text(), "王总: renewal 🚀 第二行 red third line a中b");
}

#[test]
fn multiline_moves_between_lines_and_leaves_at_the_edges() {
    let k = Keyed::new();
    let mut t = TextInput::new("first\nsecond line", true);
    assert_eq!(k.key(&mut t, KeyCode::Down), Edited::Leave(true));
    assert_eq!(k.key(&mut t, KeyCode::Up), Edited::Moved);
    assert_eq!(t.lines().1, (0, 5));
    assert_eq!(k.key(&mut t, KeyCode::Up), Edited::Leave(false));
    t.insert('\n');
    assert_eq!(t.lines().0, vec!["first", "", "second line"]);
}

#[test]
fn ctrl_arrows_move_by_word_and_other_modifiers_act_as_the_arrow() {
    let k = Keyed::new();
    let mut t = TextInput::new("renew 成都 plan", false);
    k.ctrl(&mut t, KeyCode::Left);
    assert_eq!(t.cursor(), 9, "to the start of 'plan'");
    k.ctrl(&mut t, KeyCode::Left);
    assert_eq!(t.cursor(), 6, "to the start of '成都'");
    k.ctrl(&mut t, KeyCode::Right);
    assert_eq!(t.cursor(), 8, "to the end of '成都'");
    t.handle(&KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT), &k.0);
    assert_eq!(t.cursor(), 7, "Shift-Left is not bound: it moves as Left");
    t.handle(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::ALT), &k.0);
    assert_eq!(t.text(), "renew 都 plan", "Alt-Backspace is not bound: it deletes as Backspace");
}

#[test]
fn window_keeps_the_cursor_visible() {
    let t = TextInput::new("0123456789abcdef", false);
    let (shown, col) = t.window(8);
    assert_eq!(shown, "9abcdef");
    assert_eq!(col, 7);
    let wide = TextInput::new("成都天府云图信息", false);
    let (shown, _) = wide.window(7);
    assert!(crate::tui::view::widgets::text::width(&shown) <= 7);
}

#[test]
fn a_selected_text_is_replaced_by_what_is_typed_or_pasted_and_kept_by_a_move() {
    let k = Keyed::new();
    let mut t = TextInput::selecting("成都 old", false);
    assert!(t.is_selected());
    k.key(&mut t, KeyCode::Char('北'));
    assert_eq!((t.text(), t.cursor(), t.is_selected()), ("北", 1, false));
    k.key(&mut t, KeyCode::Char('京'));
    assert_eq!(t.text(), "北京", "only the first key replaces");
    let mut t = TextInput::selecting("old", false);
    t.insert_str("new\nline");
    assert_eq!(t.text(), "new line");
    let mut t = TextInput::selecting("old", false);
    assert_eq!(k.key(&mut t, KeyCode::Backspace), Edited::Changed);
    assert_eq!((t.text(), t.cursor()), ("", 0));
    let mut t = TextInput::selecting("old", false);
    assert_eq!(k.key(&mut t, KeyCode::Left), Edited::Moved);
    k.key(&mut t, KeyCode::Char('x'));
    assert_eq!((t.text(), t.is_selected()), ("olxd", false), "a move edits the kept text");
    assert!(!TextInput::selecting("", false).is_selected());
}

#[test]
fn the_caret_window_is_never_wider_than_asked() {
    let mut t = TextInput::new("abcdefghij", false);
    assert_eq!(t.window_with_caret(5), "ghij_", "at the end: the last characters");
    t.cursor = 2;
    let shown = t.window_with_caret(5);
    assert_eq!(shown.chars().count(), 5, "{shown}");
    assert!(shown.contains('_'), "{shown}");
    let mut wide = TextInput::new("成都天府云图", false);
    wide.cursor = 1;
    let shown = wide.window_with_caret(6);
    assert!(crate::domain::text::width(&shown) <= 6, "{shown}");
}

/// A query without a cursor (search everything, a pick list's filter) deletes at its end:
/// a character, the last word with the spaces after it, or all of it.
#[test]
fn a_query_deletes_at_its_end() {
    let run = |text: &str, a: Action| {
        let mut q = text.to_string();
        let changed = delete_at_end(&mut q, a);
        (q, changed)
    };
    assert_eq!(run("renew quote  ", Action::DeleteWord), ("renew ".to_string(), true));
    assert_eq!(run("renew 预算已批", Action::DeleteWord), ("renew ".to_string(), true));
    assert_eq!(run("成都天府", Action::DeleteWord), (String::new(), true));
    assert_eq!(run("renew quote", Action::DeleteToStart), (String::new(), true));
    assert_eq!(run("续约🚀", Action::DeleteBack), ("续约".to_string(), true));
    assert_eq!(run("", Action::DeleteWord), (String::new(), false));
    assert_eq!(run("", Action::DeleteBack), (String::new(), false));
    assert_eq!(run("abc", Action::LineStart), ("abc".to_string(), false));
}
