//! Search everything on the dashboard (`find_all`, C-f): the overlay asks the worker, lists
//! what the full-text index found (kind, account, date, the match bracketed), and Enter
//! opens the record's account on the tab that owns it. A note logged on the dashboard is
//! found at once, by a two-character Chinese word inside it. In tmux too, on the real binary.

use crate::support::BIN;
use crate::support::tmux::Tmux;
use crate::support::tui_edit::*;
use radar::domain::RowKind;
use radar::i18n::Lang;
use radar::tui::app::Overlay;
use radar::tui::forms::FieldKey as F;
use radar::tui::msg::{Effect, Msg};
use radar::tui::panes::detail::Tab;
use ratatui::crossterm::event::KeyCode;
use std::process::Command;

fn find(h: &radar::tui::harness::Harness) -> &radar::tui::overlays::find::FindOverlay {
    match &h.app.overlay {
        Some(Overlay::Find(f)) => f,
        _ => panic!("the search overlay is not open"),
    }
}

#[test]
fn a_note_logged_on_the_dashboard_is_found_and_enter_opens_it_on_the_activity_tab() {
    let mut h = app(Lang::En, (120, 40));
    h.keys("c");
    set(&mut h, F::Note, "客户确认明年扩容三百席位 \u{1b}[31m(urgent)\u{1b}[0m");
    h.key(KeyCode::Enter);
    assert!(!has_form(&h), "saved");
    let account = facts(&h).account.id;
    h.key(KeyCode::Esc);
    h.keys("1");
    h.send(ctrl('f'));
    assert!(h.screen().contains("Search everything"), "{}", h.screen());
    // Typing asks the worker; the harness answers at once.
    let fx = h.update_only(Msg::Key(ratatui::crossterm::event::KeyEvent::from(KeyCode::Char('扩'))));
    assert_eq!(fx, vec![Effect::Search("扩".into())]);
    h.settle(fx);
    h.keys("容");
    let f = find(&h);
    assert_eq!(f.answered, "扩容");
    let first = f.hits[0].clone();
    assert_eq!((first.kind, first.account), (RowKind::Touchpoint, account), "{:?}", f.hits);
    let screen = h.screen();
    assert!(screen.contains("[扩容]") && screen.contains("touchpoint"), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    h.key(KeyCode::Enter);
    assert!(h.app.overlay.is_none());
    assert_eq!(h.app.detail.tab, Tab::Activity);
    assert_eq!(h.app.detail.selected_item().map(|k| (k.kind, k.id)), Some((first.kind, first.id)));
}

#[test]
fn esc_closes_and_nothing_found_says_so() {
    let mut h = app(Lang::ZhCn, (80, 24));
    h.send(ctrl('f'));
    h.keys("qqqzzzxxx");
    assert!(h.screen().contains("没有找到"), "{}", h.screen());
    h.key(KeyCode::Backspace);
    assert_eq!(find(&h).query, "qqqzzzxx");
    // C-w takes the last word, C-u all of it, as in every text field (they did nothing).
    h.keys(" 预算已批");
    h.send(ctrl('w'));
    assert_eq!(find(&h).query, "qqqzzzxx ");
    h.send(ctrl('u'));
    assert_eq!(find(&h).query, "");
    h.keys("qqqzzzxx");
    h.key(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    // `/` still filters the portfolio by name.
    h.keys("/");
    assert!(h.app.portfolio.searching);
}

#[test]
fn search_in_tmux_then_enter_opens_the_account_on_the_right_tab() {
    if !Tmux::available("the end-to-end search test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let radar = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22"])
            .args(args)
            .env("RADAR_CONFIG", "/nonexistent/radar.toml")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    radar(&["demo", "--accounts", "40"]);
    // A promise with a word no other record has, written with sqlite3-like SQL and indexed.
    let name: String = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "INSERT INTO promise (account_id, text, made_on, status, status_on) \
             VALUES ((SELECT max(id) FROM account), '季度复盘 axolotl 报告', '2026-11-20', 'open', '2026-11-20')",
            [],
        )
        .unwrap();
        c.query_row("SELECT name FROM account WHERE id = (SELECT max(id) FROM account)", [], |r| r.get(0))
            .unwrap()
    };
    radar(&["search", "--reindex"]);
    let t = Tmux::on("e2e-find", "find");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG=/nonexistent/radar.toml {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        db.display()
    ));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 40 of 40"));
    t.send(&["C-f"]);
    t.wait_for("the search overlay", |s| s.contains("Search everything"));
    t.type_text("axolotl");
    let s = t.wait_for("the promise found", |s| s.contains("[axolotl]"));
    assert!(s.contains("promise") && s.contains("Search everything · 1 found"), "{s}");
    t.send(&["Enter"]);
    let s = t.wait_for("the promises tab of its account", |s| {
        !s.contains("Search everything") && s.contains("3 Promises") && s.contains("季度复盘 axolot")
    });
    assert!(s.contains(&name), "{s}");
    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}

/// More matches than the box lists: the title says how many match in all, as `radar search`
/// does (it said "50+" where the command line said "58 found"; CSM trial, session 28).
#[test]
fn a_full_list_says_how_many_match_in_all() {
    let mut h = app(Lang::En, (120, 40));
    let word = ["客户", "培训", "续约", "call", "the"]
        .into_iter()
        .find(|w| h.worker.store.search_total(w).unwrap() > 50)
        .expect("a word of the demo with more than 50 matches");
    let total = h.worker.store.search_total(word).unwrap();
    h.send(ctrl('f'));
    h.keys(word);
    assert_eq!(find(&h).hits.len(), 50);
    let screen = h.screen();
    assert!(screen.contains(&format!("{total} found, the best 50 shown")), "{screen}");
    // Fewer than a full list: the number of hits, as before.
    h.send(ctrl('u'));
    h.keys("qqqzzz");
    assert!(!h.screen().contains("the best"), "{}", h.screen());
}
