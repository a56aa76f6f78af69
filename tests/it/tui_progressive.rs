//! A large portfolio's first frame shows the top of the triage order while the rest loads,
//! and the store worker's batching (coalesced reloads, quitting).

use chrono::{NaiveDate, NaiveTime};
use radar::demo::{self, DemoOptions};
use radar::domain::AccountId;
use radar::domain::risk::RiskConfig;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::{Effect, Msg, Reply};
use radar::tui::worker::{FIRST_PAGE, Worker, plan_batch};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// A scored portfolio of `n` accounts in a file; a harness showing all of it, whose worker
/// is fresh and shows a first page from 100 accounts on.
fn setup(dir: &std::path::Path, n: usize, size: (u16, u16), lang: Lang) -> Harness {
    let path = dir.join("p.db");
    let mut s = Store::open(&path).unwrap();
    let opts = DemoOptions { accounts: n, seed: 5, today: today() };
    s.insert_facts(&mut demo::generate_range(&opts, 0..n).unwrap(), false).unwrap();
    let now = today().and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap());
    radar::refresh::recompute_all(&mut s, now, &RiskConfig::default()).unwrap();
    drop(s);
    // The harness's own startup loads the whole list (its worker's threshold is 20,000).
    let mut h = Harness::new(Store::open(&path).unwrap(), lang, today(), size);
    h.worker = Worker::new(Store::open(&path).unwrap(), now, RiskConfig::default(), lang);
    h.worker.first_page_from = 100;
    h
}

fn portfolio_replies(h: &mut Harness) -> Vec<Reply> {
    let mut replies = Vec::new();
    h.worker.handle(&Effect::LoadPortfolio, &mut |r| replies.push(r));
    replies
}

fn view_ids(h: &Harness, n: usize) -> Vec<AccountId> {
    let m = &h.app.portfolio.model;
    m.view.iter().take(n).map(|i| m.rows()[*i as usize].id).collect()
}

#[test]
fn first_page_then_the_whole_portfolio_in_the_same_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = setup(dir.path(), 600, (80, 24), Lang::En);
    let whole_top = view_ids(&h, FIRST_PAGE);
    // A fresh app (nothing loaded) and a fresh worker: what a user opening the file sees.
    h.app = radar::tui::app::App::new(h.app.ui, h.app.keymap.clone(), (80, 24), true);
    let replies = portfolio_replies(&mut h);
    assert_eq!(replies.len(), 2, "a first page, then every account");
    let mut replies = replies.into_iter();
    let first = replies.next().unwrap();
    let Reply::Portfolio(page) = &first else { panic!("first reply: {first:?}") };
    assert_eq!(page.partial_of, Some(600));
    assert!(page.len() >= FIRST_PAGE && page.len() < 600, "{} rows", page.len());
    h.app.update(Msg::Db(first));
    assert!(h.app.portfolio.loaded);
    assert_eq!(view_ids(&h, FIRST_PAGE), whole_top, "the first page is the top of the whole list");
    let screen = h.screen();
    assert!(screen.contains("of 600, loading the rest"), "{screen}");
    crate::support::snap_screen("first_page_80x24", screen);

    h.app.update(Msg::Db(replies.next().unwrap()));
    assert_eq!(h.app.portfolio.model.partial_of(), None);
    assert_eq!(h.app.portfolio.model.total(), 600);
    assert_eq!(view_ids(&h, FIRST_PAGE), whole_top);
    assert!(h.screen().contains("600 of 600"));
    // A later reload (live refresh) is never a first page again.
    assert_eq!(portfolio_replies(&mut h).len(), 1);
}

#[test]
fn first_page_at_200x50_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = setup(dir.path(), 300, (200, 50), Lang::ZhCn);
    h.app = radar::tui::app::App::new(h.app.ui, h.app.keymap.clone(), (200, 50), true);
    let first = portfolio_replies(&mut h).into_iter().next().unwrap();
    h.app.update(Msg::Db(first));
    let screen = h.screen();
    assert!(screen.contains("/ 300，其余加载中"), "{screen}");
    crate::support::snap_screen("first_page_200x50_zh", screen);
}

#[test]
fn small_portfolios_load_whole_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = setup(dir.path(), 60, (80, 24), Lang::En);
    let replies = portfolio_replies(&mut h);
    assert_eq!(replies.len(), 1);
    assert!(matches!(&replies[0], Reply::Portfolio(l) if l.partial_of.is_none() && l.len() == 60));
}

#[test]
fn a_batch_coalesces_reloads_and_keeps_only_saves_when_quitting() {
    let d = today();
    let report = Effect::LoadReport { from: d, to: d, owner: None };
    let batch = vec![
        Effect::LoadPortfolio,
        Effect::LoadDetail(AccountId(1)),
        report.clone(),
        Effect::CheckChanges,
        Effect::LoadDetail(AccountId(2)),
        Effect::LoadPortfolio,
        report.clone(),
        Effect::LoadReport { from: d, to: d.succ_opt().unwrap(), owner: None },
    ];
    let plan: Vec<Effect> = plan_batch(&batch).into_iter().cloned().collect();
    assert_eq!(
        plan,
        vec![
            Effect::CheckChanges,
            Effect::LoadDetail(AccountId(2)),
            Effect::LoadPortfolio,
            report.clone(),
            Effect::LoadReport { from: d, to: d.succ_opt().unwrap(), owner: None },
        ]
    );
    let undo_batch = vec![Effect::LoadPortfolio, Effect::ApplyImport, report, Effect::Quit];
    let plan: Vec<Effect> = plan_batch(&undo_batch).into_iter().cloned().collect();
    assert_eq!(
        plan,
        vec![Effect::ApplyImport, Effect::Quit],
        "reads are skipped, the confirmed import is not"
    );
}
