//! More defects a CSM's trial of the dashboard found (session 29), each driven through the
//! harness: `x` clearing the `/` search with the filters, a resolve date's error saying
//! the day the complaint came in is allowed, and done on an agenda group's first item
//! moving on to the group's next item.

use crate::support::tui_edit::*;
use chrono::Duration;
use radar::domain::agenda::AgendaKind;
use radar::domain::agenda_rank::Line;
use radar::domain::*;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::forms::FieldKey as F;
use ratatui::crossterm::event::KeyCode;

const SIZE: (u16, u16) = (120, 35);

#[test]
fn x_clears_the_search_with_the_filters() {
    let mut s = Store::open_in_memory().unwrap();
    demo_into(&mut s, 40);
    let mut h = app_on(s, Lang::En, SIZE);
    h.keys("r/成都天府云图\n");
    let p = &h.app.portfolio;
    assert!(p.model.filters.at_risk);
    assert_eq!(p.model.query, "成都天府云图");
    h.keys("x");
    let p = &h.app.portfolio;
    assert!(p.model.filters.is_empty(), "the filters go");
    assert_eq!(p.model.query, "", "the search goes too");
    assert_eq!(p.model.view.len(), 40);
    assert!(!h.screen().contains("/成都天府云图"), "{}", h.screen());
}

/// A complaint raised 2026-10-21 may be resolved that day: the error for 10-20 says
/// "on or after", as the rule is (it said "after", and 10-21 was then accepted).
#[test]
fn a_resolve_date_error_says_on_or_after() {
    for (lang, said) in [(Lang::En, "must be on or after 2026-10-21"), (Lang::ZhCn, "不能早于 2026-10-21")]
    {
        let mut h = app(lang, SIZE);
        let c = resolving_a_new_complaint(&mut h, "导出超时 exports time out", Some("2026-10-21"));
        choose(&mut h, F::Cause, "outage");
        set(&mut h, F::Improvement, "告警 alerting on export queue");
        set(&mut h, F::ResolvedOn, "2026-10-20");
        h.key(KeyCode::Enter);
        assert_eq!(error(&h, F::ResolvedOn).as_deref(), Some(said));
        set(&mut h, F::ResolvedOn, "2026-10-21");
        h.key(KeyCode::Enter);
        assert!(!has_form(&h), "the day it was raised is accepted");
        let now = facts(&h).complaints.into_iter().find(|x| x.id == c.id).unwrap();
        assert_eq!(now.resolved_at.map(|t| t.date().to_string()).as_deref(), Some("2026-10-21"));
        assert_eq!(now.cause, Some(ComplaintCause::Outage));
    }
}

/// `D` on the first item of an open two-item group: the group's line goes (one item is no
/// group), and the selection, kept by position, skipped the group's other item for the
/// next account. It moves on to that item.
#[test]
fn done_on_a_groups_first_item_moves_on_to_its_next() {
    let mut s = Store::open_in_memory().unwrap();
    demo_into(&mut s, 180);
    let mut h = app_on(s, Lang::En, SIZE);
    h.app.agenda.me = Some("Li Na".into());
    h.keys("aow");
    let rows = |h: &radar::tui::harness::Harness| h.app.agenda.data.as_ref().unwrap().rows.clone();
    let item = |r: &radar::tui::msg::AgendaRow| (r.item.kind, r.item.item_id);
    let all = rows(&h);
    let at = h
        .app
        .agenda
        .lines()
        .iter()
        .position(|l| {
            matches!(*l, Line::Group { first, count: 2, expanded: false }
                if all[first].item.kind == AgendaKind::Milestone)
        })
        .expect("an account with two items, the first a playbook step");
    h.app.agenda.cursor.selected = at;
    h.app.agenda.toggle_group();
    h.app.agenda.cursor.selected = at + 1;
    let lines = h.app.agenda.lines().to_vec();
    let [Line::Item { row: first, .. }, Line::Item { row: second, .. }] = lines[at + 1..at + 3] else {
        panic!("the open group's two items: {lines:?}");
    };
    let (first, second) = (item(&all[first]), item(&all[second]));
    assert_eq!(h.app.agenda.selected_item(), Some(first));
    h.keys("D");
    assert!(h.app.modals.is_empty(), "done at once");
    assert!(!rows(&h).iter().any(|r| item(r) == first), "the step is done");
    assert_eq!(h.app.agenda.selected_item(), Some(second), "on the group's other item");
}

/// A note's long line wraps in the field instead of scrolling sideways, and rows out of
/// sight are signed: ↑ above while typing at its end, ↓ below once the field is left
/// (CSM trial, session 33: the first lines went out of sight without a sign).
#[test]
fn a_long_note_wraps_in_its_field_with_signs_for_rows_out_of_sight() {
    let note = "续约前最后一次通话：成都天府云图信息技术有限公司的财务说 2027 年 1 月之前不会签字，\
                王总 wants the SSO module first and asked for a second training session for \
                the Chengdu branch before the renewal meeting 🚀 end-of-note";
    let mut h = app_on(
        {
            let mut s = Store::open_in_memory().unwrap();
            demo_into(&mut s, 40);
            s
        },
        Lang::En,
        (80, 24),
    );
    h.keys("c");
    set(&mut h, F::Note, note);
    let screen = h.screen();
    assert!(screen.contains("end-of-note"), "the end being typed is in sight:\n{screen}");
    assert!(screen.contains('↑'), "rows above are signed:\n{screen}");
    assert!(!screen.contains("续约前最后"), "the first row is above:\n{screen}");
    // The field left (the next one focused): its first rows, and a sign of more below.
    h.key(KeyCode::Tab);
    let screen = h.screen();
    assert!(screen.contains("续约前最后一次通话"), "{screen}");
    assert!(screen.contains('↓') && !screen.contains("end-of-note"), "{screen}");
    let f = form(&h);
    let kept = f.fields[f.index(F::Note).unwrap()].input.text().to_string();
    assert_eq!(kept, note, "wrapping is only how it is shown");
}

/// A mark on today's column took the "|" that shows today: it is underlined, and today is
/// marked in the timeline's header too (CSM trial, session 33).
#[test]
fn today_stays_in_sight_under_a_mark() {
    let account = |name: &str, ends: i64| {
        let mut f =
            AccountFacts::new(Account::new(name, Tier::Mid, Currency::CNY, today() - Duration::days(500)));
        f.terms.push(ContractTerm {
            id: TermId(0),
            account_id: AccountId(0),
            start: today() - Duration::days(365 - ends),
            end: today() + Duration::days(ends),
            arr: Money::from_major(120_000, Currency::CNY),
            outcome: None,
            version: 0,
        });
        f
    };
    let mut s = Store::open_in_memory().unwrap();
    let mut all = [account("Due Today Co", 0), account("Renews Later Ltd", 300)];
    s.insert_facts(&mut all, false).unwrap();
    let h = app_on(s, Lang::En, (120, 35));
    let buf = h.draw();
    let row_of = |needle: &str| {
        (0..buf.area.height).rev().find(|y| {
            let line: String = (0..buf.area.width).map(|x| buf[(x, *y)].symbol().to_string()).collect();
            line.contains(needle)
        })
    };
    let symbol = |x: u16, y: u16| buf[(x, y)].symbol().to_string();
    // The timeline is the lowest pane: its rows are the last to name the accounts.
    let later = row_of("Renews Later").expect("a timeline row");
    let today_x = (0..buf.area.width).find(|x| symbol(*x, later) == "|").expect("today's column");
    let due = row_of("Due Today Co").expect("a timeline row");
    assert_eq!(symbol(today_x, due), "R", "the renewal due today is on today's column");
    assert!(buf[(today_x, due)].modifier.contains(ratatui::style::Modifier::UNDERLINED), "underlined");
    let header = row_of("by renewal date").expect("the timeline's header");
    assert_eq!(symbol(today_x, header), "|", "today in the header");
}
