//! Tasks through files: on a small demo with tasks added through the store (Chinese,
//! emoji, pasted lines, escape sequences and a formula in their titles; linked to
//! touchpoints and contacts; open, done and skipped), the JSON export → import into an
//! empty file → export is byte-identical, and the CSV export of every kind → import →
//! export gives the same files (tasks.csv included), a second import changing nothing.
//! Bad task rows are refused naming the line.

use crate::support::cli::{demo_file, radar, radar_ok};
use chrono::{Duration, NaiveDate};
use radar::domain::*;
use radar::refresh;
use radar::store::Store;
use std::path::Path;

const KINDS: [&str; 8] =
    ["accounts", "contacts", "promises", "requirements", "usage", "touchpoints", "tasks", "outcomes"];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

const TITLES: [&str; 4] = [
    "成都天府云图信息技术有限公司：发报价 🚀",
    "send the quote\nthen call 王总 \u{1b}[31mnow\u{1b}[0m",
    "=HYPERLINK(\"http://x\",\"click\")",
    "扩容 follow-up, \"quoted\", a,b",
];

/// A demo of `n` accounts with tasks on the first accounts that have contacts.
fn demo_with_tasks(dir: &Path, n: usize) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    demo_file(&db, n, 7);
    // Names made unique (the CSV import refuses a second account of a name).
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "UPDATE account SET name = name || ' (' || external_id || ')' \
             WHERE name IN (SELECT name FROM account GROUP BY name HAVING count(*) > 1)",
        )
        .unwrap();
    let mut s = Store::open(&db).unwrap();
    let cfg = radar::domain::risk::RiskConfig::default();
    let now = today().and_hms_opt(9, 0, 0).unwrap();
    let mut with_contacts = Vec::new();
    s.scan_facts(radar::store::Parts::ALL, |f| {
        if !f.contacts.is_empty() && with_contacts.len() < 3 {
            with_contacts.push(f);
        }
        Ok(())
    })
    .unwrap();
    for (i, f) in with_contacts.iter().enumerate() {
        let tp = Touchpoint {
            id: TouchpointId(0),
            account_id: f.account.id,
            date: today(),
            kind: TouchKind::Call,
            contact_id: Some(f.contacts[0].id),
            note: "call".into(),
            version: 0,
        };
        let task = task::next_step(&tp, TITLES[i], today() + Duration::days(3)).unwrap();
        refresh::apply(&mut s, &Edit::LogWithNextStep { touchpoint: tp, task }, now, &cfg).unwrap();
        let mut t =
            Task::new(f.account.id, TITLES[3], today() - Duration::days(2), TaskOrigin::Manual, today());
        t.note = "note 📝\nsecond line".into();
        refresh::apply(&mut s, &Edit::SaveTask(t), now, &cfg).unwrap();
    }
    // One done, one skipped with a reason.
    let f = s.load_facts(with_contacts[0].account.id).unwrap().unwrap();
    let (a, b) = (&f.tasks[0], &f.tasks[1]);
    let close = |t: &Task, status, reason: &str| Edit::SetTaskStatus {
        id: t.id,
        version: t.version,
        status,
        on: today(),
        reason: reason.into(),
    };
    refresh::apply(&mut s, &close(a, TaskStatus::Done, ""), now, &cfg).unwrap();
    refresh::apply(&mut s, &close(b, TaskStatus::Skipped, "客户休假"), now, &cfg).unwrap();
    db
}

#[test]
fn json_round_trip_with_tasks_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_tasks(dir.path(), 40);
    let first = radar_ok(&db, &["export", "--format", "json"]).stdout;
    let v: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let tasks: Vec<&serde_json::Value> = v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["tasks"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(tasks.len(), 6);
    // An account without tasks has no "tasks" key (it exports as before tasks existed).
    assert!(v["accounts"].as_array().unwrap().iter().any(|a| a.get("tasks").is_none()));
    let titles: Vec<&str> = tasks.iter().map(|t| t["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"send the quote\nthen call 王总 now"),
        "escapes removed, lines kept: {titles:?}"
    );
    assert!(titles.contains(&TITLES[0]));
    assert!(tasks.iter().any(|t| t["created_from"] == "touchpoint" && t["touchpoint_id"].is_i64()));
    assert!(tasks.iter().any(|t| t["status"] == "skipped" && t["note"] == "note 📝\nsecond line\n客户休假"));
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let copy = dir.path().join("copy.db");
    radar_ok(&copy, &["import", "json", file.to_str().unwrap()]);
    let second = radar_ok(&copy, &["export", "--format", "json"]).stdout;
    assert!(first == second, "JSON export differs after a round trip");
    let dump = |p: &Path| -> Vec<String> {
        Store::open(p)
            .unwrap()
            .dump()
            .unwrap()
            .split("## ")
            .filter(|t| !t.starts_with("risk_cache") && !t.starts_with("risk_tally"))
            .map(String::from)
            .collect()
    };
    assert!(dump(&db) == dump(&copy), "stored rows differ after a JSON round trip");
}

#[test]
fn a_json_task_naming_another_accounts_touchpoint_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_tasks(dir.path(), 12);
    let text = String::from_utf8(radar_ok(&db, &["export", "--format", "json"]).stdout).unwrap();
    // The first task's touchpoint (a number: the first task is a touchpoint's next step) made
    // one no account has by putting 999999 in front of it.
    let bad = text.replacen("\"touchpoint_id\": ", "\"touchpoint_id\": 999999", 1);
    let file = dir.path().join("bad.json");
    std::fs::write(&file, bad).unwrap();
    let copy = dir.path().join("copy.db");
    let out = radar(&copy, &["import", "json", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("task") && err.contains("names touchpoint"), "{err}");
    assert!(!copy.exists() || Store::open(&copy).unwrap().account_keys().unwrap().is_empty());
}

#[test]
fn csv_round_trip_with_tasks_gives_the_same_files_and_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_tasks(dir.path(), 40);
    let first = dir.path().join("first");
    radar_ok(&db, &["export", "--format", "csv", "--out", first.to_str().unwrap()]);
    let tasks_csv = std::fs::read_to_string(first.join("tasks.csv")).unwrap();
    assert!(tasks_csv.starts_with("\u{feff}account,task,due,status,done_on,contact,note"), "{tasks_csv}");
    assert!(tasks_csv.contains("'=HYPERLINK"), "a formula title is guarded: {tasks_csv}");
    assert!(!tasks_csv.contains('\u{1b}'));
    let copy = dir.path().join("copy.db");
    for kind in KINDS {
        radar_ok(&copy, &["import", kind, first.join(format!("{kind}.csv")).to_str().unwrap()]);
    }
    let second = dir.path().join("second");
    radar_ok(&copy, &["export", "--format", "csv", "--out", second.to_str().unwrap()]);
    for kind in KINDS {
        let a = std::fs::read(first.join(format!("{kind}.csv"))).unwrap();
        let b = std::fs::read(second.join(format!("{kind}.csv"))).unwrap();
        assert!(a == b, "{kind}.csv differs after a round trip");
    }
    let out = radar_ok(&copy, &["import", "tasks", first.join("tasks.csv").to_str().unwrap(), "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(": 0 to create, 0 to update,"), "{text}");
    // The formula came back as the text it was, the contact linked by name.
    let c = rusqlite::Connection::open(&copy).unwrap();
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM task WHERE title = ?1 AND contact_id IS NOT NULL",
            [TITLES[2]],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_bad_task_row_is_refused_naming_the_line_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_tasks(dir.path(), 12);
    let name: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT name FROM account ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let file = dir.path().join("tasks.csv");
    std::fs::write(
        &file,
        format!("account,task,due,status\n\"{name}\",ok,2026-12-01,open\n\"{name}\",bad,not a date,open\n"),
    )
    .unwrap();
    let before = Store::open(&db).unwrap().dump().unwrap();
    let out = radar(&db, &["import", "tasks", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tasks.csv:3:") && err.contains("column \"due\""), "{err}");
    assert_eq!(Store::open(&db).unwrap().dump().unwrap(), before);
    // By e-mail: the contact is linked.
    let (email, cname): (String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT c.email, a.name FROM contact c JOIN account a ON a.id = c.account_id WHERE c.email <> '' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    std::fs::write(
        &file,
        format!(
            "客户名称,任务,截止日期,contact_email\n\"{cname}\",跟进 扩容,2026-12-01,{}\n",
            email.to_uppercase()
        ),
    )
    .unwrap();
    radar_ok(&db, &["import", "tasks", file.to_str().unwrap()]);
    let linked: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM task WHERE title = '跟进 扩容' AND contact_id IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1);
}

#[test]
fn open_tasks_are_events_of_the_calendar_feed_and_closed_ones_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_tasks(dir.path(), 12);
    let ics = String::from_utf8(radar_ok(&db, &["agenda", "--format", "ics", "--days", "7"]).stdout).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&radar_ok(&db, &["agenda", "--format", "json", "--days", "7"]).stdout)
            .unwrap();
    let tasks: Vec<&serde_json::Value> =
        json.as_array().unwrap().iter().filter(|r| r["kind"] == "task").collect();
    // Six tasks: one done and one skipped are off the agenda; four open ones are on it.
    assert_eq!(tasks.len(), 4, "{tasks:?}");
    assert_eq!(ics.matches("UID:task-").count(), 4, "{ics}");
    assert!(
        ics.contains("成都天府云图信息技术有限公司：发报价 🚀") || ics.contains("send the quote"),
        "{ics}"
    );
    assert!(!ics.contains('\u{1b}'));
    assert!(ics.contains("CATEGORIES:Task") || ics.contains("CATEGORIES:task"), "{ics}");
}
