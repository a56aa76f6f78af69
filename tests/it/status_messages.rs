//! A status message longer than its line is shortened at a sensible point and ends in `…`
//! with the key that shows it whole (`M`, `messages`); the log lists the last messages in
//! full, wrapped. At 80 columns the middle of a message went: a refusal's advice, or a next
//! step's date cut in two ("…25 到期"), was lost (CSM trial).

use crate::support::tui_edit::*;
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (80, 24);

fn status_line(h: &radar::tui::harness::Harness) -> String {
    h.screen().lines().last().unwrap_or_default().to_string()
}

/// The message shown (`h.app.message`) is on the last line whole, or as its start, cut at a
/// space or a clause (never mid-word), then `…` and the key to the whole text.
fn assert_shortened(h: &radar::tui::harness::Harness, more: &str) -> String {
    let said = status(h);
    let line = status_line(h);
    let (start, after) = line.split_once('…').unwrap_or_else(|| panic!("no … in {line:?} for {said:?}"));
    assert_eq!(after.trim_end(), format!(" M {more}"), "{line}");
    let start = start.trim_start();
    assert!(said.starts_with(start), "{start:?} is not the start of {said:?}");
    let next = said[start.len()..].chars().next().unwrap();
    let last = start.chars().last().unwrap();
    assert!(
        !(last.is_ascii_alphanumeric() && next.is_ascii_alphanumeric()),
        "cut inside a word or number: {start:?} + {:?}",
        &said[start.len()..]
    );
    said
}

/// `M` shows the message whole; `Esc` closes it.
fn assert_logged_whole(h: &mut radar::tui::harness::Harness, said: &str, end: &str) {
    assert!(said.ends_with(end), "{said}");
    h.keys("M");
    let screen = h.screen();
    assert!(screen.contains(end), "the end of the message in the log:\n{screen}");
    let title = if h.app.ui.lang == Lang::En { "Messages" } else { "消息" };
    assert!(screen.contains(title), "{screen}");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
}

#[test]
fn a_long_refusal_is_shortened_at_a_word_and_read_whole_with_m() {
    for (lang, more, end) in [(Lang::En, "full text", "tier."), (Lang::ZhCn, "看全文", "级别。")] {
        let mut h = app(lang, SIZE);
        h.keys("\n8");
        let m = facts(&h).milestones.into_iter().next().expect("a milestone");
        assert!(h.app.detail.select(RowKey { kind: RowKind::Milestone, id: m.id.0 }));
        h.keys("X");
        let said = assert_shortened(&h, more);
        assert_logged_whole(&mut h, &said, end);
    }
}

/// A call's next step names its date: at 80 columns in Chinese the date is shown whole or
/// not at all (it read "…25 到期）"), and the log has it.
#[test]
fn a_next_steps_date_is_never_cut_in_two() {
    for (lang, more) in [(Lang::ZhCn, "看全文"), (Lang::En, "full text")] {
        let mut h = app(lang, SIZE);
        h.keys("c");
        set(&mut h, F::Note, "电话：王总同意续约");
        set(&mut h, F::NextStep, "发报价单（9折）");
        set(&mut h, F::NextDue, "+3d");
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "saved");
        let due = (today() + chrono::Duration::days(3)).to_string();
        let line = status_line(&h);
        assert!(line.contains(&due) || !line.contains(&due[..4]), "{line}");
        let said = assert_shortened(&h, more);
        assert!(said.contains(&due), "{said}");
        h.keys("M");
        assert!(h.screen().contains(&due), "{}", h.screen());
    }
}

/// Nothing said yet: the log says so. Both languages.
#[test]
fn an_empty_log_says_so() {
    for (lang, none) in [(Lang::En, "No message yet"), (Lang::ZhCn, "还没有消息")] {
        let mut h = app(lang, SIZE);
        h.app.message = None;
        h.keys("M");
        assert!(h.screen().contains(none), "{}", h.screen());
    }
}
