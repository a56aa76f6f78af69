//! Notes you can read (issue 15 item 4): the activity tab shows the selected touchpoint's
//! note wrapped in full under the list (CJK-correct, its lines kept), and Enter opens a
//! scrollable viewer with all of it; control bytes of hostile text never reach the screen.

use crate::support::tui_edit::*;
use radar::i18n::Lang;
use radar::tui::app::Overlay;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

const NOTE: &str = "电话 with 王总 🚀: 成都天府云图信息技术有限公司 agreed to 扩容 next quarter if the WeCom integration ships\nsend the quote before 12/2\n\u{1b}[31mthird line\u{1b}[0m";

fn logged(size: (u16, u16)) -> radar::tui::harness::Harness {
    let mut h = app(Lang::En, size);
    h.keys("c");
    // Pasted, as call notes are: the escape sequences come along and must be dropped.
    set(&mut h, F::Note, "");
    h.send(radar::tui::msg::Msg::Paste(NOTE.to_string()));
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved");
    h.keys("6");
    h.key(KeyCode::Enter);
    h
}

#[test]
fn the_selected_note_is_shown_whole_under_the_activity_list() {
    let h = logged((120, 40));
    let key = h.app.detail.selected_item().unwrap();
    assert_eq!(key.kind, radar::domain::RowKind::Touchpoint, "the newest touchpoint is selected");
    let screen = h.screen();
    assert!(screen.contains("── Note · 2026-11-22 · Call"), "{screen}");
    // Every word of the note is on screen, its own lines kept, no escape byte drawn.
    for part in ["电话 with 王总", "扩容", "send the quote before 12/2", "third line"] {
        assert!(screen.contains(part), "{part:?} missing:\n{screen}");
    }
    assert!(
        screen.lines().any(|l| l.contains("│send the quote before 12/2")),
        "a line of its own:\n{screen}"
    );
    assert!(!screen.contains('\u{1b}') && !screen.contains("[31m"), "{screen}");
}

#[test]
fn enter_opens_a_scrollable_viewer_and_esc_closes_it() {
    let mut h = logged((80, 24));
    // At 80 columns the preview has no room for all of it: it says how to read the rest.
    h.key(KeyCode::Enter);
    assert!(matches!(h.app.overlay, Some(Overlay::Note(_))));
    let screen = h.screen();
    for part in ["扩容", "send the quote before 12/2", "third line", "Esc closes"] {
        assert!(screen.contains(part), "{part:?} missing:\n{screen}");
    }
    h.keys("j");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    // Enter on a tab without notes says where notes are.
    h.keys("3");
    h.key(KeyCode::Enter);
    assert!(status(&h).contains("activity tab"), "{}", status(&h));
}
