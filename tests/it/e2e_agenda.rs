//! End to end: the real binary in tmux on a demo written by `radar demo`, the agenda opened
//! as a given user (`RADAR_USER`): filtered to milestones, one marked done, one snoozed,
//! one rescheduled, one skipped with a reason, a touchpoint logged with one of the item's
//! account's contacts, each read back from the SQLite file while the dashboard runs and
//! each undone (the file back as it was); then Enter opens an item on its tab. Skipped with a notice when tmux is missing, except under CI=true.

use crate::support::BIN;
use crate::support::tmux::Tmux;
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

/// One number from the file (read beside the running dashboard: WAL readers see its commits).
fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Li Na's milestones in a state.
fn milestones(db: &Path, cond: &str) -> i64 {
    count(
        db,
        &format!(
            "SELECT count(*) FROM milestone m JOIN account a ON a.id = m.account_id \
             WHERE a.owner = 'Li Na' AND {cond}"
        ),
    )
}

/// Presses `key` on the agenda; on an account's group line the first press opens the group
/// (nothing is written) and the second acts on its first item. Waits for `what`. The group
/// counts as open when it is drawn open (`▾`), not by the message, which can outlive it.
fn act(t: &Tmux, key: &str, what: &str) -> String {
    t.send(&[key]);
    let s = t.wait_for(what, |s| {
        s.contains(what) || (s.contains("Choose one of the account's items") && s.contains("▾ "))
    });
    if s.contains(what) {
        return s;
    }
    t.send(&[key]);
    t.wait_for(what, |s| s.contains(what))
}

/// Waits until the agenda's heading counts `n` overdue milestones: the list was read again
/// after the last change. A key pressed before that acts on the lines of the change before
/// (a reload still on its way replaces them under the selection).
fn overdue(t: &Tmux, n: i64) {
    let head = format!("· Milestone — overdue {n} ·");
    t.wait_for(&format!("the agenda read again ({head})"), |s| s.contains(&head));
}

/// The overdue count in the agenda's heading now.
fn overdue_now(t: &Tmux) -> i64 {
    let s = t.screen();
    let at = s.find("· Milestone — overdue ").expect("the milestone agenda's heading")
        + "· Milestone — overdue ".len();
    s[at..].split_whitespace().next().and_then(|n| n.parse().ok()).expect("a count")
}

#[test]
fn work_through_the_agenda_in_tmux_and_read_each_change_from_the_file() {
    if !Tmux::available("the end-to-end agenda test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    let cfg = dir.path().join("cfg").join("config.toml");
    let t = Tmux::on("e2e-agenda", "agenda");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    let data = dir.path().join("data");
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG={} RADAR_USER='Li Na' {BIN} --db {} --today 2026-11-22 --lang en",
        data.display(),
        cfg.display(),
        db.display()
    ));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));

    // Mine, overdue and today; then milestones only.
    t.send(&["a"]);
    let s =
        t.wait_for("my agenda", |s| s.contains("Agenda · Li Na · overdue and today · all kinds — overdue"));
    assert!(!s.contains("Who are you"), "RADAR_USER is me: no question\n{s}");
    t.send(&["t"]);
    t.wait_for("milestones only", |s| s.contains("Agenda · Li Na · overdue and today · Milestone — overdue"));
    // Pending milestones are derived, not stored: a decision adds a row, its undo takes it away.
    let rows = milestones(&db, "1 = 1");
    // Every step takes one item off the overdue list and its undo puts it back: the heading
    // says when the agenda has been read again, before the next key.
    let all = overdue_now(&t);

    // Done: one milestone done today, with nothing else changed; undone.
    let done_today = "m.status = 'done' AND m.done_on = '2026-11-22'";
    let before = milestones(&db, done_today);
    act(&t, "D", "Milestone done ·");
    overdue(&t, all - 1);
    assert_eq!(milestones(&db, done_today), before + 1, "one milestone done today");
    assert_eq!(milestones(&db, "1 = 1"), rows + 1, "the decision is stored, nothing else");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Milestone done"));
    overdue(&t, all);
    assert_eq!(milestones(&db, done_today), before);
    assert_eq!(milestones(&db, "1 = 1"), rows);

    // Snooze three days: the form shows the date it means before saving.
    let on = |d: &str| format!("m.status = 'pending' AND m.due = '{d}'");
    let snoozed = milestones(&db, &on("2026-11-25"));
    act(&t, "z", "Snooze ·");
    t.type_text("+3d");
    t.wait_for("the date it means", |s| s.contains("= 2026-11-25 Wed"));
    t.send(&["Enter"]);
    t.wait_for("the snooze saved", |s| s.contains("Milestone moved to a new date ·"));
    overdue(&t, all - 1);
    assert_eq!(milestones(&db, &on("2026-11-25")), snoozed + 1, "snoozed to 2026-11-25");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Milestone moved to a new date"));
    overdue(&t, all);
    assert_eq!(milestones(&db, &on("2026-11-25")), snoozed);

    // Reschedule to 12-01 (a due date: the coming 1 December).
    let moved = milestones(&db, &on("2026-12-01"));
    act(&t, "r", "Reschedule ·");
    t.send(&["C-u"]);
    t.type_text("12-01");
    t.wait_for("the date it means", |s| s.contains("= 2026-12-01 Tue"));
    t.send(&["Enter"]);
    // The undo before said "Undone: Milestone moved…": wait for the save's own message.
    t.wait_for("the reschedule saved", |s| {
        s.contains("Milestone moved to a new date ·") && !s.contains("Undone: Milestone moved")
    });
    overdue(&t, all - 1);
    assert_eq!(milestones(&db, &on("2026-12-01")), moved + 1, "rescheduled to 2026-12-01");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Milestone moved to a new date"));
    overdue(&t, all);
    assert_eq!(milestones(&db, &on("2026-12-01")), moved);

    // Skip with a reason (Chinese and emoji), kept as the milestone's note.
    let reason = "客户已续约 🚀";
    let skipped = |db: &Path| {
        let c = Connection::open(db).unwrap();
        c.query_row(
            "SELECT count(*) FROM milestone WHERE status = 'skipped' AND done_on = '2026-11-22' AND note = ?1",
            [reason],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    };
    act(&t, "P", "Skip ·");
    t.type_text(reason);
    t.send(&["Enter"]);
    t.wait_for("the skip saved", |s| s.contains("Milestone skipped ·"));
    overdue(&t, all - 1);
    assert_eq!(skipped(&db), 1);
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Milestone skipped"));
    overdue(&t, all);
    assert_eq!(skipped(&db), 0);
    assert_eq!(milestones(&db, "1 = 1"), rows, "every undo restored the file");

    // `c` logs a touchpoint on the item's account with one of its contacts ("with" offered
    // nobody before: the agenda holds no contacts); a pasted two-line note; then undone.
    act(&t, "c", "Log a touchpoint ·");
    // The form opens on the kind: Tab to "with", whose list offers the account's people.
    t.send(&["Tab", "Space"]);
    t.wait_for("the contacts offered", |s| {
        s.contains("(nobody in particular)") && s.contains("Up/Down move")
    });
    t.send(&["Down", "Enter", "Tab"]);
    let note = "回电：预算已批 🚀\nnext: send the SSO plan";
    t.paste(note);
    t.send(&["Enter"]);
    t.wait_for("the touchpoint saved", |s| s.contains("Logged a touchpoint ·"));
    let with_contact = format!(
        "SELECT count(*) FROM touchpoint t JOIN contact c ON c.id = t.contact_id \
         AND c.account_id = t.account_id WHERE t.note = '{note}' AND t.date = '2026-11-22'"
    );
    assert_eq!(count(&db, &with_contact), 1, "saved with a contact of its own account");
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Logged a touchpoint"));
    assert_eq!(count(&db, &format!("SELECT count(*) FROM touchpoint WHERE note = '{note}'")), 0);

    // Enter opens the account on the playbook tab, the tab that owns a milestone.
    t.send(&["g"]);
    act(&t, "Enter", "8 Playbook");

    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}

#[test]
fn without_a_user_the_agenda_asks_once_and_saves_the_pick_in_the_config_file() {
    if !Tmux::available("the end-to-end who-am-I test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    let cfg = dir.path().join("cfg").join("config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, "# mine\n[backup]\nkeep = 3\n").unwrap();
    let t = Tmux::on("e2e-who", "who");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG={} {BIN} --db {} --today 2026-11-22 --lang en",
        dir.path().join("data").display(),
        cfg.display(),
        db.display()
    ));
    t.send(&["Enter"]);
    // Never asked at start.
    let s = t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));
    assert!(!s.contains("Who are you"), "{s}");
    t.send(&["a"]);
    t.wait_for("the question", |s| s.contains("Who are you?") && s.contains("Li Na 46 accounts"));
    t.type_text("li na");
    t.send(&["Enter"]);
    t.wait_for("my agenda", |s| {
        s.contains("Agenda · Li Na · overdue and today") && s.contains("saved as [user] name")
    });
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert_eq!(text, "# mine\n[backup]\nkeep = 3\n\n[user]\nname = \"Li Na\"\n");
    // Asked once: back to the dashboard and to the agenda, no question.
    t.send(&["d", "a"]);
    let s = t.wait_for("the agenda again", |s| s.contains("Agenda · Li Na"));
    assert!(!s.contains("Who are you"), "{s}");
    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}
