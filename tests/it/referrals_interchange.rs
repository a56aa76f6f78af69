//! Referrals through CSV: on a small demo with referrals added through the store (Chinese,
//! emoji, pasted lines, an escape sequence and a formula; a referring contact; a dismissed
//! suggestion with no prospect), the CSV export of every kind → import into an empty file →
//! export gives the same files (referrals.csv included) and a second import changes
//! nothing; a bad referral row is refused naming the line, and nothing changes.

use crate::support::cli::{demo_file, radar, radar_ok};
use chrono::{Duration, NaiveDate};
use radar::domain::*;
use radar::refresh;
use radar::store::Store;
use std::path::Path;

const KINDS: [&str; 9] = [
    "accounts",
    "contacts",
    "promises",
    "requirements",
    "usage",
    "touchpoints",
    "tasks",
    "referrals",
    "outcomes",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn demo_with_referrals(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    demo_file(&db, 30, 7);
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
        if !f.contacts.is_empty() && with_contacts.len() < 2 {
            with_contacts.push(f);
        }
        Ok(())
    })
    .unwrap();
    let (a, b) = (&with_contacts[0], &with_contacts[1]);
    let mut r =
        Referral::asked(a.account.id, "成都天府云图信息技术有限公司 🚀", today() - Duration::days(20));
    r.contact_id = Some(a.contacts[0].id);
    r.note = "pasted\nlines \u{1b}[31mred".into();
    let mut won =
        Referral::asked(a.account.id, "=HYPERLINK(\"http://x\",\"click\")", today() - Duration::days(40));
    won.stage = ReferralStage::Won;
    won.stage_on = today() - Duration::days(5);
    for r in [r, won, Referral::dismissal(b.account.id, today())] {
        refresh::apply(&mut s, &Edit::SaveReferral(r), now, &cfg).unwrap();
    }
    db
}

#[test]
fn csv_round_trip_with_referrals_gives_the_same_files_and_reimport_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_referrals(dir.path());
    let first = dir.path().join("first");
    radar_ok(&db, &["export", "--format", "csv", "--out", first.to_str().unwrap()]);
    let csv = std::fs::read_to_string(first.join("referrals.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}account,prospect,date,stage,stage_on,contact,note"), "{csv}");
    assert!(csv.contains("'=HYPERLINK"), "a formula is guarded: {csv}");
    assert!(!csv.contains('\u{1b}') && csv.contains("dismissed"), "{csv}");
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
    let out =
        radar_ok(&copy, &["import", "referrals", first.join("referrals.csv").to_str().unwrap(), "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 rows: 0 to create, 0 to update, 3 unchanged"), "{text}");
    let c = rusqlite::Connection::open(&copy).unwrap();
    let linked: i64 = c
        .query_row(
            "SELECT count(*) FROM referral WHERE contact_id IS NOT NULL AND note = 'pasted\nlines red'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(linked, 1, "the contact linked by name, the note's lines kept");
}

#[test]
fn a_bad_referral_row_is_refused_naming_the_line_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_with_referrals(dir.path());
    let name: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT name FROM account ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let file = dir.path().join("referrals.csv");
    let before = Store::open(&db).unwrap().dump().unwrap();
    for (body, column) in [
        (format!("\"{name}\",ok,2026-11-01,asked\n\"{name}\",,2026-11-02,asked\n"), "prospect"),
        (format!("\"{name}\",ok,2026-11-01,asked\n\"{name}\",x,2026-11-02,maybe\n"), "stage"),
        (format!("\"{name}\",ok,2026-11-01,asked\n\"{name}\",x,2027-01-01,asked\n"), "date"),
    ] {
        std::fs::write(&file, format!("account,prospect,date,stage\n{body}")).unwrap();
        let out = radar(&db, &["import", "referrals", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("referrals.csv:3:") && err.contains(&format!("column \"{column}\"")), "{err}");
        assert_eq!(Store::open(&db).unwrap().dump().unwrap(), before);
    }
    // Chinese headers and stages; the contact by e-mail.
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
        format!("客户名称,被介绍客户,邀请日期,转介绍阶段,contact_email\n\"{cname}\",西南电网,2026-11-01,已会面,{}\n", email.to_uppercase()),
    )
    .unwrap();
    radar_ok(&db, &["import", "referrals", file.to_str().unwrap()]);
    let (stage, linked): (String, i64) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT stage, contact_id IS NOT NULL FROM referral WHERE prospect = '西南电网'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((stage.as_str(), linked), ("meeting", 1));
}
