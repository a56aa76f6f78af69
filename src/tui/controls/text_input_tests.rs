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
    assert_eq!(t.rows(80).1, (0, 5));
    assert_eq!(k.key(&mut t, KeyCode::Up), Edited::Leave(false));
    t.insert('\n');
    assert_eq!(t.rows(80).0, vec!["first", "", "second line"]);
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

/// A long line of a note wraps at the field's width (wide characters count two columns)
/// instead of scrolling sideways; the cursor is found on its row (CSM trial, session 33).
#[test]
fn a_long_line_wraps_into_rows_and_the_cursor_follows() {
    let text = "成都天府云图信息技术有限公司 renewal";
    let mut t = TextInput::new(text, true);
    let (rows, cursor) = t.rows(10);
    assert_eq!(rows, vec!["成都天府云", "图信息技术", "有限公司 ", "renewal"]);
    assert_eq!(cursor, (3, 7), "at the end");
    assert_eq!(rows.concat(), text, "nothing lost or added");
    t = TextInput::at(text, 5);
    t.multiline = true;
    assert_eq!(t.rows(10).1, (1, 0), "the first character of the second row");
    // A cursor at the end of a full row starts a row of its own; the line break keeps its rows.
    let t = TextInput::new("abcd\nef", true);
    assert_eq!(t.rows(4), (vec!["abcd".to_string(), "ef".into()], (1, 2)));
    let t = TextInput::at("abcd", 4);
    assert_eq!(t.rows(4), (vec!["abcd".to_string(), String::new()], (1, 0)));
    // One wide character wider than the rest of a row moves to the next row whole.
    assert_eq!(TextInput::new("abc成", true).rows(4).0, vec!["abc", "成"]);
    // A word ending at the last column: the space after it hangs there, the next row starts
    // with the next word (it started with the space).
    let t = TextInput::new("abcd efg", true);
    assert_eq!(t.rows(4).0, vec!["abcd ", "efg"]);
    let t = TextInput::at("abcd efg", 4);
    assert_eq!(t.rows(4).1, (0, 4), "the cursor on the hanging space");
    // Latin text breaks after a space; the cursor moves down with its word.
    let t = TextInput::at("the SSO module", 9);
    assert_eq!(t.rows(10), (vec!["the SSO ".to_string(), "module".into()], (1, 1)));
    let t = TextInput::at(" bcdefghij成", 3);
    assert_eq!(t.rows(10), (vec![" ".to_string(), "bcdefghij".into(), "成".into()], (1, 2)));
    let long = "a very long note about the renewal 王总 wants SSO 成都天府云图信息技术有限公司 🚀";
    for width in 2..40 {
        let t = TextInput::new(long, true);
        let (rows, _) = t.rows(width);
        assert_eq!(rows.concat(), long, "width {width}");
        let widest = rows
            .iter()
            .map(|r| {
                r.trim_end_matches(' ')
                    .chars()
                    .map(crate::tui::view::widgets::glyphs::char_width)
                    .sum::<usize>()
            })
            .max();
        assert!(widest <= Some(width), "width {width}: {rows:?}");
        assert!(rows.iter().all(|r| !r.starts_with(' ')), "no row starts with a blank at {width}: {rows:?}");
    }
}

proptest::proptest! {
    /// Whatever the text, width and cursor: no row is wider than the field, the rows hold
    /// the text's characters in order (line breaks aside), and the cursor's (row, column)
    /// is where its character is drawn.
    #[test]
    fn rows_keep_the_text_and_find_the_cursor(
        picks in proptest::collection::vec(0usize..6, 0..60),
        width in 2usize..24,
        at in 0usize..61,
    ) {
        let text: String = picks.iter().map(|i| ['a', 'b', ' ', '成', '\n', '🚀'][*i]).collect();
        let mut t = TextInput::at(&text, 0);
        t.text = text.clone();
        t.cursor = at.min(text.chars().count());
        t.multiline = true;
        let (rows, (row, col)) = t.rows(width);
        let w = |s: &str| s.chars().map(crate::tui::view::widgets::glyphs::char_width).sum::<usize>();
        // A row is never wider, but for one space hanging at its end.
        proptest::prop_assert!(rows.iter().all(|r| w(r.strip_suffix(' ').unwrap_or(r)) <= width), "{:?}", rows);
        proptest::prop_assert!(rows.iter().all(|r| w(r) <= width || r.ends_with(' ')), "{:?}", rows);
        proptest::prop_assert_eq!(rows.concat(), text.replace('\n', ""));
        let under: Option<char> = text.chars().nth(t.cursor).filter(|c| *c != '\n');
        if let Some(c) = under {
            let r = &rows[row];
            let mut cols = 0;
            let found = r.chars().find(|ch| {
                let here = cols == col;
                cols += crate::tui::view::widgets::glyphs::char_width(*ch);
                here
            });
            proptest::prop_assert_eq!(found, Some(c), "rows {:?} cursor {:?}", rows, (row, col));
        } else {
            proptest::prop_assert!(col < width, "a cursor at a line's end is inside the field");
        }
    }
}
