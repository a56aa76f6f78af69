//! End to end: the real binary in tmux on a demo written by `radar demo`. A touchpoint
//! logged with a next step (pasted: several lines, Chinese, emoji and an escape sequence)
//! and a relative date creates exactly one task, linked to the touchpoint, read back from
//! the SQLite file; the task is on the agenda on its date (fixed `--today`); done, snoozed,
//! each undone, each checked in the file; Enter opens the activity tab with the task listed.
//! Skipped with a notice when tmux is missing, except under CI=true.

use crate::support::tmux::Tmux;
use crate::support::{BIN, agenda_counts};
use rusqlite::Connection;
use std::path::Path;
use std::process::Command;

fn write_demo(db: &Path) {
    let st = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo"])
        .output()
        .expect("run radar demo");
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
}

/// The tasks in the file: (title, due, status, done_on, created_from, touchpoint_id).
type Row = (String, String, String, Option<String>, String, Option<i64>);

fn tasks(db: &Path) -> Vec<Row> {
    let c = Connection::open(db).unwrap();
    let mut stmt = c
        .prepare("SELECT title, due, status, done_on, created_from, touchpoint_id FROM task ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn last_touchpoint(db: &Path) -> i64 {
    Connection::open(db).unwrap().query_row("SELECT max(id) FROM touchpoint", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_next_step_becomes_one_task_on_the_agenda_worked_and_undone_in_tmux() {
    if !Tmux::available("the end-to-end tasks test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    assert!(tasks(&db).is_empty(), "the demo has no tasks");
    let cfg = dir.path().join("cfg").join("config.toml");
    let t = Tmux::on("e2e-tasks", "tasks");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG={} RADAR_USER='Li Na' {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        cfg.display(),
        db.display()
    ));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));

    t.send(&["/"]);
    t.type_text("成都天府云图");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("1 of 180") && s.contains("成都天府云图信息技术有限公司"));

    // Log a call on the selected account with a next step due in three days.
    t.send(&["c"]);
    t.wait_for("the touchpoint form", |s| s.contains("Log a touchpoint ·") && s.contains("Next step by"));
    t.send(&["Tab", "Tab"]);
    t.type_text("Walked through the quote");
    t.send(&["Tab"]);
    t.paste("成都天府云图信息技术有限公司: send the quote 🚀\nthen call \u{1b}[31mWang\n");
    t.send(&["Tab"]);
    t.type_text("+3d");
    t.wait_for("the date it means", |s| s.contains("= 2026-11-25 Wed"));
    t.send(&["Enter"]);
    t.wait_for("the touchpoint saved", |s| {
        s.contains("Logged a touchpoint and its next step, a task due 2026-11-25 ·")
    });
    let rows = tasks(&db);
    assert_eq!(rows.len(), 1, "exactly one task: {rows:?}");
    let (title, due, status, done_on, from, tp) = rows[0].clone();
    assert_eq!(
        title, "成都天府云图信息技术有限公司: send the quote 🚀\nthen call Wang",
        "lines kept, escape gone"
    );
    assert_eq!(
        (due.as_str(), status.as_str(), done_on, from.as_str()),
        ("2026-11-25", "open", None, "touchpoint")
    );
    assert_eq!(tp, Some(last_touchpoint(&db)), "linked to the touchpoint just logged");

    // The agenda, everyone's, this week, tasks only: the task on its date.
    t.send(&["a"]);
    t.wait_for("the agenda", |s| s.contains("Agenda · Li Na"));
    t.send(&["o", "w", "t", "t", "t", "t", "t"]);
    let s = t.wait_for("tasks this week", |s| s.contains("Agenda · everyone · this week · Task —"));
    assert!(s.contains("2026-11-25") && s.contains("send the quote"), "{s}");

    // Done, in the file, then undone. Before each next key, the heading's counts say the
    // agenda was read again (a key sent earlier acts on the lines of the change before).
    let counts = agenda_counts(&s).expect("the agenda's counts");
    let read_again = |what: &str, want: bool| {
        t.wait_for(what, |s| agenda_counts(s).is_some_and(|c| (c == counts) == want));
    };
    t.send(&["D"]);
    t.wait_for("the task done", |s| s.contains("Task done ·"));
    read_again("the task off the agenda", false);
    let (_, _, status, done_on, ..) = tasks(&db).remove(0);
    assert_eq!((status.as_str(), done_on.as_deref()), ("done", Some("2026-11-22")));
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Task done"));
    read_again("the task back on the agenda", true);
    let (_, _, status, done_on, ..) = tasks(&db).remove(0);
    assert_eq!((status.as_str(), done_on), ("open", None));

    // Snoozed a week on, in the file, then undone.
    t.wait_for("the task back", |s| s.contains("send the quote"));
    t.send(&["z"]);
    t.wait_for("the snooze form", |s| s.contains("Snooze ·"));
    t.type_text("+7d");
    t.wait_for("the date it means", |s| s.contains("= 2026-11-29 Sun"));
    t.send(&["Enter"]);
    t.wait_for("the snooze saved", |s| s.contains("Task moved to a new date ·"));
    // Moved on a week: off this week's list, or listed on its new day.
    t.wait_for("the agenda read again", |s| {
        agenda_counts(s).is_some_and(|c| c != counts)
            || (!s.contains("Snooze ·") && s.lines().any(|l| l.contains("2026-11-29") && l.contains("Task")))
    });
    assert_eq!(tasks(&db)[0].1, "2026-11-29");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Task moved to a new date"));
    t.wait_for("the task back on its day", |s| {
        agenda_counts(s).is_some_and(|c| c == counts)
            && s.lines().any(|l| l.contains("2026-11-25") && l.contains("send the quote"))
    });
    assert_eq!(tasks(&db)[0].1, "2026-11-25");
    assert_eq!(tasks(&db).len(), 1, "still exactly one task");

    // Enter opens the account on the activity tab, the task listed above the touchpoints.
    t.wait_for("the task back", |s| s.contains("send the quote"));
    t.send(&["Enter"]);
    t.wait_for("the activity tab", |s| s.contains("Open tasks") && s.contains("send the quote"));

    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}
