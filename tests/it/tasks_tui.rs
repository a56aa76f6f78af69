//! Tasks in the dashboard, through the thread-less harness on the fixed demo (seed 1, 180
//! accounts, today 2026-11-22): the activity tab lists open tasks above the touchpoints
//! (snapshots at 80x24 and 200x50, English and Chinese, the selected task's whole title
//! below the list); `N` `Enter` on the activity tab, `T`, and `:task` from the palette (on the
//! dashboard and in the agenda) open the task form, and saving it stores one task.

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

/// The demo with three tasks on 成都天府云图: overdue (two lines, emoji), due in three days
/// (with its contact), and a done one (not listed).
fn store_with_tasks() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    seed_tasks(&mut s);
    s
}

fn seed_tasks(s: &mut Store) {
    let opts = DemoOptions { accounts: 180, seed: 1, today: today() };
    let mut facts = demo::generate_range(&opts, 0..180).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let a = s.find_account(NAME).unwrap().unwrap();
    let f = s.load_facts(a.id).unwrap().unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let mut overdue = Task::new(
        a.id,
        "发送扩容报价 🚀\n并确认采购流程",
        today() - Duration::days(2),
        TaskOrigin::Touchpoint,
        today(),
    );
    overdue.note = "王总要求先看三年期价格".into();
    let mut soon = Task::new(
        a.id,
        "Book the QBR with the CFO",
        today() + Duration::days(3),
        TaskOrigin::Manual,
        today(),
    );
    soon.contact_id = f.contacts.first().map(|c| c.id);
    let done = Task::new(a.id, "already done", today(), TaskOrigin::Manual, today());
    for t in [overdue, soon, done] {
        refresh::apply(s, &Edit::SaveTask(t), now, &cfg).unwrap();
    }
    let f = s.load_facts(a.id).unwrap().unwrap();
    let d = f.tasks.iter().find(|t| t.title == "already done").unwrap();
    let close = Edit::SetTaskStatus {
        id: d.id,
        version: d.version,
        status: TaskStatus::Done,
        on: today(),
        reason: String::new(),
    };
    refresh::apply(s, &close, now, &cfg).unwrap();
}

fn open_activity(h: &mut Harness) {
    h.keys("/成都天府云图\n");
    h.key(KeyCode::Enter);
    h.keys("6");
}

#[test]
fn the_activity_tab_lists_open_tasks_above_the_touchpoints() {
    for lang in Lang::ALL {
        for (w, hgt) in [(80u16, 24u16), (200, 50)] {
            let mut h = Harness::new(store_with_tasks(), lang, today(), (w, hgt));
            open_activity(&mut h);
            let screen = h.screen();
            let (tasks, touch) = match lang {
                Lang::En => ("Open tasks", "Touchpoints"),
                Lang::ZhCn => ("待办任务", "客户接触"),
            };
            let (t, p) = (screen.find(tasks), screen.find(touch));
            assert!(t.is_some() && (p.is_none() || t < p), "tasks above the touchpoints\n{screen}");
            assert!(screen.contains("发送扩容报价"), "{screen}");
            assert!(!screen.contains("already done"), "a done task is not listed\n{screen}");
            let id = if lang == Lang::En { "en" } else { "zh" };
            crate::support::snap_screen(&format!("activity_tasks_{id}_{w}x{hgt}"), screen);
        }
    }
}

fn tasks_of(h: &Harness) -> Vec<Task> {
    let a = h.worker.store.find_account(NAME).unwrap().unwrap();
    h.worker.store.load_facts(a.id).unwrap().unwrap().tasks
}

#[test]
fn n_on_the_activity_tab_opens_the_task_form_and_saves_one_task() {
    let mut h = Harness::new(store_with_tasks(), Lang::En, today(), (120, 40));
    open_activity(&mut h);
    let before = tasks_of(&h).len();
    h.keys("N");
    assert!(h.screen().contains("follow-up task"), "the task comes first in the list\n{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("New follow-up task ·"), "{}", h.screen());
    h.keys("Call 李总 back 🚀");
    h.key(KeyCode::Tab);
    h.keys("+3d");
    assert!(h.screen().contains("= 2026-11-25"), "the date it means\n{}", h.screen());
    h.key(KeyCode::Enter);
    let tasks = tasks_of(&h);
    assert_eq!(tasks.len(), before + 1);
    let t = tasks.iter().find(|t| t.title == "Call 李总 back 🚀").unwrap();
    assert_eq!(
        (t.due, t.created_from, t.status),
        (today() + Duration::days(3), TaskOrigin::Manual, TaskStatus::Open)
    );
    assert!(h.screen().contains("Added a task"), "{}", h.screen());
    // Undo takes it away.
    h.keys("u");
    assert_eq!(tasks_of(&h).len(), before);
}

#[test]
fn task_from_the_palette_on_the_dashboard_and_in_the_agenda() {
    let mut h = Harness::new(store_with_tasks(), Lang::En, today(), (120, 40));
    open_activity(&mut h);
    let before = tasks_of(&h).len();
    h.keys(":task");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("New follow-up task ·"), "{}", h.screen());
    h.keys("from the palette");
    h.key(KeyCode::Tab);
    h.keys("mon");
    h.key(KeyCode::Enter);
    let tasks = tasks_of(&h);
    assert_eq!(tasks.len(), before + 1);
    assert!(tasks.iter().any(|t| t.title == "from the palette" && t.created_from == TaskOrigin::Palette));
    // Its key on the dashboard is a task made by hand (it said `palette` too).
    h.keys("T");
    assert!(h.screen().contains("New follow-up task ·"), "{}", h.screen());
    h.keys("by its key 成都 🚀");
    h.key(KeyCode::Tab);
    h.keys("mon");
    h.key(KeyCode::Enter);
    let tasks = tasks_of(&h);
    assert!(
        tasks.iter().any(|t| t.title == "by its key 成都 🚀" && t.created_from == TaskOrigin::Manual),
        "{tasks:?}"
    );
    // In the agenda: on the selected item's account.
    h.keys("a");
    h.key(KeyCode::Esc); // "Who are you?": everyone's items
    h.keys(":task");
    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("New follow-up task ·"), "{screen}");
    h.keys("from the agenda");
    h.key(KeyCode::Tab);
    h.keys("+1d");
    h.key(KeyCode::Enter);
    let mut all = Vec::new();
    h.worker
        .store
        .scan_facts(radar::store::Parts::ALL, |f| {
            all.extend(f.tasks);
            Ok(())
        })
        .unwrap();
    assert!(
        all.iter().any(|t| t.title == "from the agenda" && t.created_from == TaskOrigin::Agenda),
        "{all:?}"
    );
}

#[test]
fn a_task_is_skipped_from_the_agenda_with_its_reason_and_undone() {
    let mut h = Harness::new(store_with_tasks(), Lang::ZhCn, today(), (120, 40));
    h.keys("a");
    h.key(KeyCode::Esc); // "Who are you?": everyone's items
    h.keys("ttttt");
    let screen = h.screen();
    assert!(screen.contains("· 任务 —") && screen.contains("发送扩容报价"), "{screen}");
    let v0 = tasks_of(&h).into_iter().find(|t| t.title.starts_with("发送扩容报价")).unwrap().version;
    h.keys("P");
    assert!(h.app.modals.last().is_some(), "the skip form\n{}", h.screen());
    h.keys("客户休假 🚀");
    h.key(KeyCode::Enter);
    let t = tasks_of(&h).into_iter().find(|t| t.title.starts_with("发送扩容报价")).unwrap();
    assert_eq!((t.status, t.done_on), (TaskStatus::Skipped, Some(today())));
    assert!(t.note.ends_with("客户休假 🚀"), "{:?}", t.note);
    assert!(h.screen().contains("任务已跳过"), "{}", h.screen());
    h.keys("u");
    let t = tasks_of(&h).into_iter().find(|t| t.title.starts_with("发送扩容报价")).unwrap();
    assert_eq!((t.status, t.done_on), (TaskStatus::Open, None));
    assert_eq!(t.version, v0 + 2, "skipped, then the undo at a new version");
}

fn store_with_a_touchpoint_task() -> Store {
    let mut s = store_with_tasks();
    let a = s.find_account(NAME).unwrap().unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    let now = today().and_hms_opt(12, 0, 0).unwrap();
    let touchpoint = Touchpoint {
        id: TouchpointId(0),
        account_id: a.id,
        date: today(),
        kind: TouchKind::Call,
        contact_id: None,
        note: "Asked for the renewal quote".into(),
        version: 0,
    };
    let task =
        radar::domain::task::next_step(&touchpoint, "Send the renewal quote", today() + Duration::days(3))
            .unwrap();
    refresh::apply(&mut s, &Edit::LogWithNextStep { touchpoint, task }, now, &cfg).unwrap();
    s
}

/// Deleting a touchpoint that set a follow-up task: the question says the task stays,
/// unlinked, and it does (it said "With it go: 1 follow-up task" and kept it: CSM trial,
/// session 22).
#[test]
fn deleting_a_touchpoint_says_its_follow_up_task_stays() {
    for lang in Lang::ALL {
        let mut h = Harness::new(store_with_a_touchpoint_task(), lang, today(), (120, 40));
        open_activity(&mut h);
        // Down the list to the touchpoint (the open tasks come first): X asks about it.
        let mut seen = Vec::new();
        for _ in 0..8 {
            h.keys("X");
            if let Some(radar::tui::modals::Modal::Confirm(c)) = h.app.modals.last() {
                seen = c.lines.clone();
                if seen[0].contains(&today().to_string()) {
                    break;
                }
                h.keys("n");
            }
            h.keys("j");
        }
        let (stays, goes) = match lang {
            Lang::En => ("1 follow-up task will stay, no longer linked to this touchpoint.", "With it go"),
            Lang::ZhCn => ("1 个跟进任务会保留，但不再关联此接触记录。", "一并删除"),
        };
        assert!(seen.iter().any(|l| l == stays), "{seen:?}");
        assert!(!seen.iter().any(|l| l.contains(goes)), "{seen:?}");
        h.keys("y");
        let kept =
            tasks_of(&h).into_iter().find(|t| t.title == "Send the renewal quote").expect("the task stays");
        assert_eq!(kept.touchpoint_id, None, "unlinked");
    }
}

/// Two dashboards edit one task (CSM trial, session 31): the second save is refused, says
/// which field the other changed and takes it where the user changed nothing, and a second
/// Enter saves the user's text on top. The task form could not take their version: it said
/// "None of the fields in this form changed" (the due date had), and every Enter after it
/// was refused again without a word until Esc threw the text away.
#[test]
fn a_stale_task_save_takes_their_change_and_the_next_enter_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    seed_tasks(&mut Store::open(&path).unwrap());
    let mut h = Harness::new(Store::open(&path).unwrap(), Lang::En, today(), (120, 40));
    open_activity(&mut h);
    let book = |s: &Store| s.load_facts(s.find_account(NAME).unwrap().unwrap().id).unwrap().unwrap().tasks;
    let mut other = Store::open(&path).unwrap();
    let theirs = book(&other).into_iter().find(|t| t.title == "Book the QBR with the CFO").unwrap();
    // The QBR task is the second open one: select it and open its form.
    h.key(KeyCode::Down);
    h.keys("E");
    assert!(h.screen().contains("Book the QBR with the CFO"), "{}", h.screen());
    h.key(KeyCode::End);
    h.keys(" (mine)");
    // Meanwhile the other dashboard moves its due date.
    let mut moved = theirs.clone();
    moved.due = today() + Duration::days(20);
    let cfg = radar::domain::risk::RiskConfig::default();
    refresh::apply(&mut other, &Edit::SaveTask(moved), today().and_hms_opt(12, 0, 0).unwrap(), &cfg).unwrap();

    h.key(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("changed elsewhere"), "{screen}");
    assert!(screen.contains("They changed: Due"), "{screen}");
    assert!(!screen.contains("None of the fields"), "{screen}");
    assert!(screen.contains("2026-12-12"), "their date is taken: {screen}");
    h.key(KeyCode::Enter);
    let stored = book(&other).into_iter().find(|t| t.id == theirs.id).unwrap();
    assert_eq!(
        (stored.title.as_str(), stored.due),
        ("Book the QBR with the CFO (mine)", today() + Duration::days(20)),
        "the user's title on top of their date"
    );
}
