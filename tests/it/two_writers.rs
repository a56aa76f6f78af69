//! Several writers on one file at once: a 50,000-row CLI import, two edit streams (the
//! same store path the dashboard uses), and two dashboards open in tmux watching it all
//! live. No "database is locked" may reach anyone: every writer finishes, every
//! acknowledged edit is there, the import is whole, the file is intact, and the
//! dashboards show no error. (Dashboards: skipped with a notice without tmux, except CI.)

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::BIN;
use crate::support::tmux::Tmux;

fn radar(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(["--today", "2026-11-22"]).env("RADAR_CONFIG", "/nonexistent/c.toml");
    c.env_remove("LC_ALL").env(crate::support::MONEY_LOCALE.0, crate::support::MONEY_LOCALE.1);
    c
}

#[test]
fn import_two_edit_streams_and_two_dashboards_at_once() {
    let _heavy = crate::support::heavy();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    assert!(radar(&db).args(["demo", "--accounts", "200"]).output().unwrap().status.success());
    let mut csv = String::from("external_id,name,arr,renewal_date\n");
    for i in 0..50_000 {
        csv.push_str(&format!("BULK-{i:05},Bulk Company {i},{},2027-06-01\n", 500 + i));
    }
    let csv_path = dir.path().join("bulk.csv");
    std::fs::write(&csv_path, csv).unwrap();

    let has_tmux = Tmux::available("the two dashboards (the writers still run)");
    // Two sessions on one server, killed when these drop (also when an assertion fails).
    let (ta, tb) = (Tmux::on("writers", "a"), Tmux::on("writers", "b"));
    if has_tmux {
        for t in [&ta, &tb] {
            let cmd = format!(
                "env XDG_DATA_HOME='{}' '{BIN}' --db '{}' --today 2026-11-22",
                dir.path().join("data").display(),
                db.display()
            );
            t.new_session(120, 35, &cmd);
        }
        for t in [&ta, &tb] {
            t.wait_for("the dashboard", |s| s.contains("Portfolio"));
        }
    }

    let import = radar(&db)
        .args(["import", "accounts"])
        .arg(&csv_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let streams: Vec<_> = ["s1", "s2"]
        .iter()
        .map(|tag| {
            radar(&db)
                .args(["torture-edits", "--count", "150", "--tag", tag])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acked = 0;
    for (child, tag) in streams.into_iter().zip(["s1", "s2"]) {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "edit stream {tag} failed: {err}");
        assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
        let lines: Vec<String> = BufReader::new(&out.stdout[..]).lines().map_while(Result::ok).collect();
        assert_eq!(lines.last().map(String::as_str), Some("ACK 149"), "stream {tag} stopped early");
        acked += lines.len();
    }
    let out = import.wait_with_output().unwrap();
    assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));

    // Every acknowledged touchpoint is there, the import is whole, the file is intact.
    let c = rusqlite::Connection::open(&db).unwrap();
    let notes: i64 = c
        .query_row("SELECT count(*) FROM touchpoint WHERE note LIKE 's1-%' OR note LIKE 's2-%'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(notes, 2 * 100, "touchpoints of the two streams (2 of every 3 edits)");
    let bulk: i64 = c
        .query_row("SELECT count(*) FROM account WHERE external_id LIKE 'BULK-%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(bulk, 50_000);
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(acked, 300);

    if has_tmux {
        // The dashboards picked the import up live and never showed an error.
        let start = Instant::now();
        loop {
            let (a, b) = (ta.screen(), tb.screen());
            for screen in [&a, &b] {
                let lower = screen.to_lowercase();
                assert!(
                    !lower.contains("locked") && !lower.contains("error"),
                    "a dashboard showed:\n{screen}"
                );
            }
            if a.contains("50200") && b.contains("50200") {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "dashboards did not reload:\n{a}\n{b}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
