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
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 40);

fn done_on(h: &radar::tui::harness::Harness, day: NaiveDate) -> usize {
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
