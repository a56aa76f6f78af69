//! `radar agenda --format ics`: an RFC 5545 calendar read back with an independent parser
//! (the `icalendar` crate's): one event per agenda item, stable UIDs (a second run gives
//! the same ones, so a re-import updates), folded lines, escaped text, `--mine` and
//! `--days` as for the other formats, and no control bytes from hostile text.

use icalendar::parser::{read_calendar, unfold};
use std::path::Path;
use std::process::{Command, Output};

fn radar(db: &Path, user: Option<&str>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_radar"));
    c.arg("--db").arg(db).args(["--today", "2026-11-22", "--lang", "en"]).args(args);
    c.env_remove("RADAR_DB").env_remove("RADAR_TODAY").env("RADAR_CONFIG", "/nonexistent/radar-config.toml");
    match user {
        Some(u) => c.env("RADAR_USER", u),
        None => c.env_remove("RADAR_USER"),
    };
    c.output().expect("radar runs")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// (UID, SUMMARY unescaped, DTSTART) of each VEVENT.
fn events(ics: &str) -> Vec<(String, String, String)> {
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("not iCalendar: {e}\n{ics}"));
    let prop = |c: &icalendar::parser::Component, n: &str| {
        c.find_prop(n).unwrap_or_else(|| panic!("no {n}")).val.clone().unescape_text().as_str().to_string()
    };
    cal.components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|c| (prop(c, "UID"), prop(c, "SUMMARY"), prop(c, "DTSTART")))
        .collect()
}

#[test]
fn the_feed_parses_with_one_event_per_item_and_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(radar(&db, None, &["demo"]));
    let json: serde_json::Value =
        serde_json::from_str(&ok(radar(&db, None, &["agenda", "--days", "14", "--format", "json"]))).unwrap();
    let items = json.as_array().unwrap();
    let ics = ok(radar(&db, None, &["agenda", "--days", "14", "--format", "ics"]));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "an unfolded line of {} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line:?}");
    }
    let ev = events(&ics);
    assert_eq!(ev.len(), items.len(), "one event per agenda item");
    let uids: std::collections::BTreeSet<_> = ev.iter().map(|e| e.0.clone()).collect();
    assert_eq!(uids.len(), ev.len(), "UIDs are unique");
    // Each item is its event: the account and title are in its summary, overdue ones on today.
    for (item, (_, summary, start)) in items.iter().zip(&ev) {
        let (title, account) = (item["title"].as_str().unwrap(), item["account"].as_str().unwrap());
        assert!(summary.contains(title) && summary.contains(account), "{summary:?} for {item}");
        let day = item["date"].as_str().unwrap().replace('-', "");
        if item["status"] == "overdue" {
            assert_eq!(start, "20261122");
            assert!(summary.contains("overdue since"), "{summary}");
        } else {
            assert_eq!(*start, day);
        }
    }
    // Stable: the same feed again has the same UIDs (a calendar re-import updates).
    let again = events(&ok(radar(&db, None, &["agenda", "--days", "14", "--format", "ics"])));
    assert_eq!(again.iter().map(|e| &e.0).collect::<Vec<_>>(), ev.iter().map(|e| &e.0).collect::<Vec<_>>());
    // --mine: only Li Na's accounts' items, the same UIDs as in the whole feed.
    let mine =
        events(&ok(radar(&db, Some("Li Na"), &["agenda", "--days", "14", "--format", "ics", "--mine"])));
    assert!(!mine.is_empty() && mine.len() < ev.len(), "{} of {}", mine.len(), ev.len());
    assert!(mine.iter().all(|m| uids.contains(&m.0)));
}

#[test]
fn hostile_and_chinese_text_is_escaped_and_folded_not_broken() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let csv = dir.path().join("a.csv");
    std::fs::write(
        &csv,
        "name,renewal_date,arr,owner\n\"成都天府云图信息技术有限公司; a, b\\c \u{1b}[31m🚀 very long name that needs folding across lines\",2026-11-25,120000,Li Na\n",
    )
    .unwrap();
    ok(radar(&db, None, &["import", "accounts", csv.to_str().unwrap()]));
    let ics = ok(radar(&db, None, &["agenda", "--days", "30", "--format", "ics"]));
    assert!(!ics.contains('\u{1b}'), "no escape byte");
    let ev = events(&ics);
    assert!(!ev.is_empty());
    // The import drops the escape sequence whole.
    let name = "成都天府云图信息技术有限公司; a, b\\c 🚀 very long name that needs folding across lines";
    assert!(ev.iter().all(|e| e.1.contains(name)), "{:?}", ev[0].1);
    assert!(ics.contains("\\;") && ics.contains("\\,") && ics.contains("\\\\"), "escaped");
}

/// A milestone's event is named by the playbook date it stands for, not its row: a
/// snooze gives a pending (derived) milestone a row and a new id, and its event keeps its
/// UID with the new date, so a calendar updates it instead of adding a second one (CSM
/// trial, session 25).
#[test]
fn a_snoozed_milestone_keeps_its_event() {
    use crate::support::store_edit::{cfg, now};
    use radar::domain::*;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    ok(radar(&db, None, &["demo"]));
    let before = events(&ok(radar(&db, None, &["agenda", "--days", "14", "--format", "ics"])));
    let mut s = radar::store::Store::open(&db).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let m = s
        .load_all_facts()
        .unwrap()
        .into_iter()
        .flat_map(|f| f.milestones)
        .find(|m| {
            m.id.0 < 0
                && m.due > today
                && m.due <= today + chrono::Duration::days(7)
                && m.kind != MilestoneKind::T0
        })
        .expect("a derived milestone due this week");
    let due = m.due + chrono::Duration::days(3);
    let target = RowKey { kind: RowKind::Milestone, id: m.id.0 };
    radar::refresh::apply(&mut s, &Edit::Reschedule { target, version: m.version, due }, now(), &cfg())
        .unwrap();
    drop(s);
    let after = events(&ok(radar(&db, None, &["agenda", "--days", "14", "--format", "ics"])));
    assert_eq!(after.len(), before.len());
    let moved: Vec<_> = after.iter().filter(|e| !before.contains(e)).collect();
    assert_eq!(moved.len(), 1, "one event changed: {moved:?}");
    let was = before.iter().find(|e| e.0 == moved[0].0).expect("under the UID it had");
    assert_eq!(
        (was.2.as_str(), moved[0].2.as_str()),
        (m.due.format("%Y%m%d").to_string().as_str(), due.format("%Y%m%d").to_string().as_str())
    );
}
