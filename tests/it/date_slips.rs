//! A month and day typed in a field for something that happened is the last such day
//! before today; typed a few days after today (`11-25` on 11-22) it was read as last
//! year's and saved without a word but the date shown under the field: a milestone done,
//! and a renewal decided, a year early (CSM trial, session 24). The first Enter warns and
//! saves nothing; the second keeps the date as read.

use crate::support::tui_edit::*;
use chrono::NaiveDate;
use radar::domain::*;
use radar::i18n::Lang;
use radar::tui::forms::FieldKey as F;
use radar::tui::harness::Harness;
use radar::tui::msg::{Effect, Msg};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const SIZE: (u16, u16) = (120, 40);

fn done_on(h: &Harness, day: NaiveDate) -> usize {
    facts(h).milestones.iter().filter(|m| m.status == MilestoneStatus::Done && m.done_on == Some(day)).count()
}

#[test]
fn a_month_day_just_after_today_is_warned_as_last_years_then_kept() {
    let year_ago = NaiveDate::from_ymd_opt(2025, 11, 25).unwrap();
    for (lang, words) in [
        (Lang::En, "11-25 is read as 2025-11-25 (2026-11-25 is after today); save again to keep it"),
        (Lang::ZhCn, "11-25 被理解为 2025-11-25（2026-11-25 还没到）；再次保存即保留"),
    ] {
        let mut h = app(lang, SIZE);
        let before = done_on(&h, year_ago);
        h.keys("D\n");
        set(&mut h, F::DoneOn, "11-25");
        h.key(KeyCode::Enter);
        assert!(has_form(&h), "{lang:?}: warned, the form stays");
        let note = form(&h).field(F::DoneOn).and_then(|f| f.note.clone()).unwrap_or_default();
        assert!(note.contains(words), "{lang:?}: {note}");
        assert_eq!(done_on(&h, year_ago), before, "{lang:?}: nothing saved yet");
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "{lang:?}: kept the second time");
        assert_eq!(done_on(&h, year_ago), before + 1, "{lang:?}");
    }
    // A day this side of today saves at once, as does one far enough ahead to mean last year.
    for typed in ["11-20", "12-30"] {
        let mut h = app(Lang::En, SIZE);
        h.keys("D\n");
        set(&mut h, F::DoneOn, typed);
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "{typed}: saved at once");
    }
}

/// The week's agenda (everyone's) in `lang` at `size`, the first renewal countdown step
/// listed selected: the harness, the step's account and the end of its open term.
fn on_a_countdown_step(lang: Lang, size: (u16, u16)) -> (Harness, AccountId, NaiveDate) {
    use radar::domain::agenda_rank::Line;
    let mut h = app(lang, size);
    h.app.agenda.asked_me = true;
    h.keys("aw");
    let rows = &h.app.agenda.data.as_ref().unwrap().rows;
    let countdown = |row: usize| rows[row].item.milestone.is_some_and(|k| k.is_countdown());
    let at = h.app.agenda.lines().iter().position(|l| matches!(*l, Line::Item { row, .. } if countdown(row)));
    h.app.agenda.cursor.selected = at.expect("a countdown step on the week's agenda");
    let account = h.app.agenda.selected_row().unwrap().item.account_id;
    let end = h.worker.store.load_facts(account).unwrap().unwrap().current_term().unwrap().end;
    (h, account, end)
}

/// Enter on the form; how many edits it sent (carried out).
fn enter(h: &mut Harness) -> usize {
    let fx = h.update_only(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
    let applies = fx.iter().filter(|e| matches!(e, Effect::Apply { .. })).count();
    h.settle(fx);
    applies
}

/// A renewal countdown step (T-90, T-60, T-30) snoozed to a day after the renewal date it
/// counts down to was saved without a word (CSM trial, session 29). The renewal may well
/// slip past the contract's end while it is agreed, and a step moved there is closed with
/// its term when the outcome is recorded; but `+30d` on a T-30 more likely meant before
/// the renewal. So, as for a day before today: the first Enter warns, naming the renewal
/// date, and saves nothing; the second saves. A day up to the renewal saves at once.
#[test]
fn a_countdown_step_snoozed_past_its_renewal_is_warned_once_then_saved() {
    for (lang, words) in [
        (Lang::En, "⚠ past the renewal date ({end}); save again to keep it"),
        (Lang::ZhCn, "⚠ 晚于续约日期（{end}）；再次保存即保留"),
    ] {
        // Snoozed, and rescheduled (its date filled in, cleared first); read whole at 80 columns.
        for (reschedule, after, size) in [(false, 1, SIZE), (true, 20, (80, 24))] {
            let (mut h, account, end) = on_a_countdown_step(lang, size);
            let late = end + chrono::Duration::days(after);
            h.keys(if reschedule { "r" } else { "z" });
            if reschedule {
                h.app.update(Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
            }
            h.app.update(Msg::Paste(late.to_string()));
            assert_eq!(enter(&mut h), 0, "{lang:?} {reschedule}: warned first");
            let screen = h.screen();
            assert!(screen.contains(&words.replace("{end}", &end.to_string())), "{lang:?}: {screen}");
            assert_eq!(enter(&mut h), 1, "{lang:?} {reschedule}: saved the second time");
            let moved = h.worker.store.load_facts(account).unwrap().unwrap();
            assert!(moved.milestones.iter().any(|m| m.due == late && m.kind.is_countdown()), "{reschedule}");
        }
    }
    // Up to the renewal date: saved at once.
    let (mut h, _, end) = on_a_countdown_step(Lang::En, SIZE);
    h.keys("z");
    h.app.update(Msg::Paste(end.to_string()));
    assert_eq!(enter(&mut h), 1, "the renewal day itself: saved at once");
}
