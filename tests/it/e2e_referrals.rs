//! End to end: the real binary in tmux on a demo written by `radar demo` (fixed
//! `--today`), each step read back from the SQLite file. A referral is created from the
//! activity tab's new-record list (prospect in Chinese with an emoji, a pasted multi-line
//! note with an escape sequence), moved a stage on with `>`, and undone. In the agenda, a
//! "consider asking for a referral" item is dismissed (stored, then undone) and then
//! asked (the referral form, prefilled); the T-90 milestone offers the value report and
//! `V` writes it. Skipped with a notice when tmux is missing, except under CI=true.

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

/// The referrals in the file: (prospect, stage, stage_on, note, version).
type Row = (String, String, String, String, i64);

fn referrals(db: &Path) -> Vec<Row> {
    let c = Connection::open(db).unwrap();
    let mut stmt =
        c.prepare("SELECT prospect, stage, stage_on, note, version FROM referral ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn start(dir: &Path, db: &Path, name: &str) -> Tmux {
    let cfg = dir.join("cfg").join("config.toml");
    let t = Tmux::on(name, "referrals");
    t.new_session(
        120,
        35,
        "env -i PATH=/usr/bin:/bin HOME=/tmp TERM=xterm-256color PS1='E2E-PROMPT$ ' bash --norc --noprofile",
    );
    t.wait_for("the shell prompt", |s| s.contains("E2E-PROMPT$"));
    t.type_text(&format!("cd {}", dir.display()));
    t.send(&["Enter"]);
    t.type_text(&format!(
        "XDG_DATA_HOME={} RADAR_CONFIG={} RADAR_USER='Li Na' {BIN} --db {} --today 2026-11-22 --lang en",
        dir.join("data").display(),
        cfg.display(),
        db.display()
    ));
    t.send(&["Enter"]);
    t.wait_for("the portfolio", |s| s.contains("Portfolio · 180 of 180") && s.contains("Q4 2026"));
    t
}

#[test]
fn a_referral_is_created_moved_a_stage_and_undone_in_tmux() {
    if !Tmux::available("the end-to-end referrals test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    assert!(referrals(&db).is_empty(), "the demo has no referrals");
    let t = start(dir.path(), &db, "e2e-referrals");

    t.send(&["/"]);
    t.type_text("成都天府云图");
    t.send(&["Enter"]);
    t.wait_for("the search", |s| s.contains("1 of 180") && s.contains("成都天府云图信息技术有限公司"));
    t.send(&["Enter", "6"]);
    t.wait_for("the activity tab", |s| s.contains("Activity") && s.contains("Touchpoints"));

    // N on the activity tab: the new-record list offers a referral second.
    t.send(&["N"]);
    t.wait_for("the new-record list", |s| s.contains("New record for") && s.contains("referral"));
    t.send(&["Down", "Enter"]);
    t.wait_for("the referral form", |s| s.contains("New referral ·") && s.contains("Prospect*"));
    t.type_text("王总的朋友 · 成都某公司 🚀");
    t.send(&["Tab", "Tab", "Tab", "Tab"]);
    t.paste("met 王总 at the expo\nwants a demo \u{1b}[31mnext week\n");
    t.send(&["Enter"]);
    t.wait_for("the referral saved", |s| s.contains("Recorded a referral ·"));
    let rows = referrals(&db);
    assert_eq!(rows.len(), 1, "exactly one referral: {rows:?}");
    let (prospect, stage, stage_on, note, version) = rows[0].clone();
    assert_eq!(prospect, "王总的朋友 · 成都某公司 🚀");
    assert_eq!((stage.as_str(), stage_on.as_str(), version), ("asked", "2026-11-22", 1));
    assert_eq!(note, "met 王总 at the expo\nwants a demo next week", "lines kept, escape gone");
    t.wait_for("the referral listed", |s| s.contains("Referrals (转介绍)") && s.contains("Asked"));

    // `>` on the selected referral: introduced, in the file; undone: asked again.
    t.send(&[">"]);
    t.wait_for("the stage moved", |s| s.contains("Updated a referral ·") && s.contains("Introduced"));
    let (_, stage, _, _, version) = referrals(&db).remove(0);
    assert_eq!((stage.as_str(), version), ("introduced", 2));
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: Updated a referral"));
    let (_, stage, stage_on, _, version) = referrals(&db).remove(0);
    assert_eq!((stage.as_str(), stage_on.as_str(), version), ("asked", "2026-11-22", 3));

    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}

#[test]
fn the_agenda_suggests_asking_dismisses_and_asks_and_offers_the_value_report_at_t90_in_tmux() {
    if !Tmux::available("the end-to-end referral agenda test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    write_demo(&db);
    let t = start(dir.path(), &db, "e2e-referral-agenda");

    // The agenda, everyone's, referral suggestions only (the kinds cycle with `t`).
    t.send(&["a"]);
    t.wait_for("the agenda", |s| s.contains("Agenda · Li Na"));
    t.send(&["o"]);
    t.wait_for("everyone", |s| s.contains("Agenda · everyone"));
    for _ in 0..9 {
        t.send(&["t"]);
    }
    let s = t.wait_for("suggestions only", |s| s.contains("· Referral? —"));
    assert!(s.contains("consider asking for a referral"), "{s}");
    let s = t.wait_for("the offer", |s| s.contains("D ask for a referral"));
    // The heading's counts change when the agenda is read again after a change: the next
    // key waits for that (sent earlier, it acts on the lines of the change before).
    let counts = agenda_counts(&s).expect("the agenda's counts");

    // P: not this quarter. Stored as a dismissal, then undone.
    t.send(&["P"]);
    t.wait_for("the dismissal", |s| s.contains("No referral asked this quarter ·"));
    t.wait_for("the suggestion off the agenda", |s| agenda_counts(s).is_some_and(|c| c != counts));
    let rows = referrals(&db);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("", "dismissed"));
    t.send(&["u"]);
    t.wait_for("the undo", |s| s.contains("Undone: No referral asked this quarter"));
    assert!(referrals(&db).is_empty());

    // D: the referral form, at stage asked, the good moment in its note.
    t.wait_for("the suggestion back", |s| {
        s.lines().any(|l| l.contains("Referral?") && l.contains("Northwind Retail Ltd"))
            && agenda_counts(s).is_some_and(|c| c == counts)
    });
    t.send(&["D"]);
    t.wait_for("the prefilled form", |s| {
        s.contains("New referral ·") && s.contains("Asked after a good moment")
    });
    t.type_text("Umbrella Health 🚀");
    t.send(&["Enter"]);
    t.wait_for("the referral saved", |s| s.contains("Recorded a referral ·"));
    let rows = referrals(&db);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!((rows[0].0.as_str(), rows[0].1.as_str()), ("Umbrella Health 🚀", "asked"));
    assert!(rows[0].3.starts_with("Asked after a good moment: "), "{rows:?}");

    // Milestones only: down the list to a T-90 item, which offers the value report.
    t.send(&["t", "t"]);
    t.wait_for("milestones only", |s| s.contains("· Milestone —"));
    // One line down at a time, each move seen on the screen (the highlight) before the next:
    // keys sent ahead would run past the item.
    let mut found = false;
    for _ in 0..40 {
        if t.screen().contains("V T-90: write the value report") {
            found = true;
            break;
        }
        let before = t.styled_screen();
        t.send(&["j"]);
        t.wait_styled_change("the selection to move down", &before);
    }
    assert!(found, "a T-90 item offers the value report:\n{}", t.screen());
    t.send(&["V"]);
    let s = t.wait_for("the report written", |s| s.contains("Value report written to"));
    let reviews: Vec<_> = std::fs::read_dir(dir.path().join("reviews")).unwrap().collect();
    assert_eq!(reviews.len(), 1, "{s}");
    let path = reviews[0].as_ref().unwrap().path();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(path.to_string_lossy().contains("value-report-") && text.starts_with('#'), "{text}");

    t.send(&["q"]);
    t.wait_for("the shell again", |s| s.matches("E2E-PROMPT$").count() >= 2);
}
