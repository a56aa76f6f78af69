//! Referrals in the dashboard, through the thread-less harness on the fixed demo (seed 1,
//! 180 accounts, today 2026-11-22): the activity tab lists the referrals above the
//! touchpoints (snapshots at 80x24 and 200x50, English and Chinese); the agenda shows a
//! referral due a follow-up and the "consider asking" suggestions (snapshots); `N` Down
//! Enter opens the referral form and saves one referral, `>` moves it on, `u` undoes; skip and
//! snooze on a referral, a suggestion, a complaint say what to do with that kind instead.

use chrono::{Duration, NaiveDate};
use radar::demo::{self, DemoOptions};
use radar::domain::*;
use radar::i18n::Lang;
use radar::refresh;
use radar::store::Store;
use radar::tui::harness::Harness;
use ratatui::crossterm::event::KeyCode;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

const NAME: &str = "成都天府云图信息技术有限公司";

/// The demo with three referrals on 成都天府云图: asked 20 days ago (its follow-up due
/// since the 16th; a two-line note with an emoji), at a meeting with its contact, and won.
fn store_with_referrals() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let opts = DemoOptions { accounts: 180, seed: 1, today: today() };
    let mut facts = demo::generate_range(&opts, 0..180).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let a = s.find_account(NAME).unwrap().unwrap();
    let f = s.load_facts(a.id).unwrap().unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let mut asked = Referral::asked(a.id, "四川蜀道物流集团 🚚", today() - Duration::days(20));
    asked.note = "王总答应介绍采购部\nintro by e-mail 📧".into();
    let mut meeting = Referral::asked(a.id, "Chengdu Metro Analytics", today() - Duration::days(10));
    meeting.stage = ReferralStage::Meeting;
    meeting.stage_on = today() - Duration::days(3);
    meeting.contact_id = f.contacts.first().map(|c| c.id);
    let mut won = Referral::asked(a.id, "西南电网数据中心", today() - Duration::days(60));
    won.stage = ReferralStage::Won;
    won.stage_on = today() - Duration::days(30);
    for r in [asked, meeting, won] {
        refresh::apply(&mut s, &Edit::SaveReferral(r), now, &cfg).unwrap();
    }
    s
}

fn open_activity(h: &mut Harness) {
    h.keys("/成都天府云图\n");
    h.key(KeyCode::Enter);
    h.keys("6");
}

fn id(lang: Lang) -> &'static str {
    if lang == Lang::En { "en" } else { "zh" }
}

#[test]
fn the_activity_tab_lists_the_referrals_above_the_touchpoints() {
    for lang in Lang::ALL {
        for (w, hgt) in [(80u16, 24u16), (200, 50)] {
            let mut h = Harness::new(store_with_referrals(), lang, today(), (w, hgt));
            open_activity(&mut h);
            let screen = h.screen();
            let (refs, touch) = match lang {
                Lang::En => ("Referrals (转介绍)", "Touchpoints"),
                Lang::ZhCn => ("转介绍", "客户接触"),
            };
            let (r, p) = (screen.find(refs), screen.find(touch));
            assert!(r.is_some() && (p.is_none() || r < p), "referrals above the touchpoints\n{screen}");
            // Newest first: the meeting (asked on the 12th) heads the list.
            assert!(screen.contains("Chengdu Metro Analytics"), "{screen}");
            crate::support::snap_screen(&format!("activity_referrals_{}_{w}x{hgt}", id(lang)), screen);
        }
    }
}

#[test]
fn the_agenda_shows_referrals_to_follow_and_suggestions_to_ask() {
    for lang in Lang::ALL {
        for (w, hgt) in [(80u16, 24u16), (200, 50)] {
            let mut h = Harness::new(store_with_referrals(), lang, today(), (w, hgt));
            h.keys("a");
            h.key(KeyCode::Esc); // "Who are you?": everyone's items
            // The kinds cycle: milestone … win-back, then referral, then referral suggestion.
            h.keys("tttttttt");
            let screen = h.screen();
            let follow = if lang == Lang::En { "follow up the referral to" } else { "跟进转介绍" };
            assert!(
                screen.contains(follow) && screen.contains("2026-11-16"),
                "the referral due a follow-up\n{screen}"
            );
            assert!(!screen.contains("Chengdu Metro"), "not due yet\n{screen}");
            crate::support::snap_screen(&format!("agenda_referral_{}_{w}x{hgt}", id(lang)), screen);
            h.keys("t");
            let screen = h.screen();
            let ask = if lang == Lang::En {
                "consider asking for a referral"
            } else {
                "可以考虑请客户转介绍"
            };
            assert!(screen.contains(ask), "{screen}");
            assert!(!screen.contains(NAME), "asked this quarter: no suggestion\n{screen}");
            crate::support::snap_screen(&format!("agenda_referral_ask_{}_{w}x{hgt}", id(lang)), screen);
        }
    }
}

fn referrals_of(h: &Harness) -> Vec<Referral> {
    let a = h.worker.store.find_account(NAME).unwrap().unwrap();
    h.worker.store.load_facts(a.id).unwrap().unwrap().referrals
}

#[test]
fn n_down_enter_opens_the_referral_form_saves_one_and_gt_moves_it_on() {
    let mut h = Harness::new(store_with_referrals(), Lang::En, today(), (120, 40));
    open_activity(&mut h);
    let before = referrals_of(&h).len();
    h.keys("N");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("New referral ·"), "{}", h.screen());
    h.keys("Tianfu Cloud 🚀");
    h.key(KeyCode::Enter);
    let all = referrals_of(&h);
    assert_eq!(all.len(), before + 1);
    let r = all.iter().find(|r| r.prospect == "Tianfu Cloud 🚀").unwrap().clone();
    assert_eq!((r.stage, r.date, r.stage_on), (ReferralStage::Asked, today(), today()));
    assert!(h.screen().contains("Recorded a referral"), "{}", h.screen());
    // The new one is the newest: first in the list; `>` moves it to introduced.
    h.keys(">");
    let moved = referrals_of(&h).into_iter().find(|x| x.id == r.id).unwrap();
    assert_eq!((moved.stage, moved.version), (ReferralStage::Introduced, r.version + 1));
    h.keys("u");
    let back = referrals_of(&h).into_iter().find(|x| x.id == r.id).unwrap();
    assert_eq!(back.stage, ReferralStage::Asked);
    // A blank prospect is refused: nothing saved.
    h.keys("N");
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert_eq!(referrals_of(&h).len(), before + 1, "{}", h.screen());
}

/// `D` on a "consider asking" suggestion opens the referral form; a second `D` (a double
/// press, key repeat) must not open a second form nor act on anything: the form stays one,
/// its prospect field empty, nothing saved.
#[test]
fn d_twice_on_a_suggestion_opens_one_form_and_types_nothing() {
    for lang in Lang::ALL {
        let mut h = Harness::new(store_with_referrals(), lang, today(), (120, 40));
        h.keys("a");
        h.key(KeyCode::Esc);
        h.keys("ttttttttt");
        h.keys("D");
        assert!(matches!(h.app.modals.last(), Some(radar::tui::modals::Modal::Form(_))), "{}", h.screen());
        h.keys("D");
        let forms = h.app.modals.iter().filter(|m| matches!(m, radar::tui::modals::Modal::Form(_))).count();
        assert_eq!(forms, 1, "{}", h.screen());
        let radar::tui::modals::Modal::Form(f) = h.app.modals.last().unwrap() else { unreachable!() };
        assert_eq!(f.get(radar::tui::forms::FieldKey::Prospect), "", "the second D typed into the form");
        let said = h.app.message.clone().unwrap_or_default();
        let words = if lang == Lang::En { "was not typed" } else { "没有输入" };
        assert!(said.contains(words), "{said}");
        // Once: a prospect that starts with D can still be typed.
        h.keys("Dell 🚀");
        let radar::tui::modals::Modal::Form(f) = h.app.modals.last().unwrap() else { unreachable!() };
        assert_eq!(f.get(radar::tui::forms::FieldKey::Prospect), "Dell 🚀");
    }
}

/// On a "consider asking" suggestion the status bar offers `D` once, with what it does
/// there: it also listed `D done` beside it (CSM trial finding), in both languages.
#[test]
fn the_offered_key_is_hinted_once() {
    for (lang, offer, done) in
        [(Lang::En, "D ask for a referral", " D done"), (Lang::ZhCn, "D 邀请转介绍", " D 完成")]
    {
        let mut h = Harness::new(store_with_referrals(), lang, today(), (200, 50));
        h.keys("a");
        h.key(KeyCode::Esc);
        h.keys("ttttttttt");
        let screen = h.screen();
        let bar = screen.lines().last().unwrap_or_default();
        assert!(bar.contains(offer), "{lang:?}: {bar}");
        assert!(!bar.contains(done), "{lang:?}: D twice: {bar}");
    }
}

/// Skip and snooze on kinds that have neither say what to do instead, for that kind: a
/// complaint was told to "keep, break or withdraw" it (a promise's words), a referral
/// suggestion's date read "A referral?'s date follows from when it was raised".
#[test]
fn a_refusal_says_what_to_do_with_that_kind() {
    use radar::domain::agenda::AgendaKind;
    use radar::domain::agenda_rank::Line;
    let mut h = Harness::new(store_with_referrals(), Lang::En, today(), (200, 50));
    h.app.agenda.asked_me = true;
    h.keys("a");
    h.keys("ow");
    let expected = |kind: AgendaKind, key: char| -> Option<&str> {
        Some(match (kind, key) {
            (AgendaKind::Complaint, 'P') => "A complaint is not skipped: open it (Enter) and resolve it (F)",
            (AgendaKind::Referral, 'P') => "A referral is not skipped: D moves it to its next stage",
            (AgendaKind::Referral, 'z') => "A referral is followed up 14 days after it reached its stage",
            (AgendaKind::ReferralAsk, 'z') => {
                "A referral suggestion follows a good moment: ask now (D) or not"
            }
            (AgendaKind::Requirement, 'z') => {
                "A requirement is listed when no step has been taken along its loop for too long: take the next step (D)"
            }
            (AgendaKind::Complaint, 'z') => {
                "A complaint is answered within 24 hours of being raised, not snoozed"
            }
            _ => return None,
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut i = 0;
    while i < h.app.agenda.lines().len() {
        h.app.agenda.cursor.selected = i;
        i += 1;
        if matches!(h.app.agenda.lines()[i - 1], Line::Group { expanded: false, .. }) {
            h.keys("l"); // its items follow
            continue;
        }
        if !matches!(h.app.agenda.lines()[i - 1], Line::Item { .. }) {
            continue;
        }
        let kind = h.app.agenda.selected_row().unwrap().item.kind;
        for key in ['P', 'z'] {
            let Some(words) = expected(kind, key) else { continue };
            h.keys(&key.to_string());
            let said = h.app.message.clone().unwrap_or_default();
            assert!(said.starts_with(words), "{kind:?} {key}: {said}");
            assert!(h.app.modals.is_empty(), "nothing opened");
            seen.insert(format!("{kind:?} {key}"));
        }
    }
    let all = ["Complaint P", "Complaint z", "Referral P", "Referral z", "ReferralAsk z", "Requirement z"];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), all, "each case met on the agenda");
}
