//! Re-importing Radar's own CSV export (a CSM's trial, session 4): into the same file it
//! changes nothing and loses nothing; into an empty file it gives the same files. On the
//! plain demo portfolio: accounts that share a name under different external ids, two
//! contacts of one account who share a name (赵超 店长 / 赵超 运营总监), a churn that names
//! the requirement that lost the account.

use crate::support::cli::radar as run;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const KINDS: [&str; 8] =
    ["accounts", "contacts", "promises", "requirements", "usage", "touchpoints", "tasks", "outcomes"];

fn radar(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn export(db: &Path, dir: &Path) -> PathBuf {
    radar(db, &["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    dir.to_path_buf()
}

fn import(db: &Path, dir: &Path, kind: &str) -> String {
    let file = dir.join(format!("{kind}.csv"));
    radar(db, &["import", kind, file.to_str().unwrap()])
}

/// A demo of 300 accounts (names repeat: some accounts share one) where a churn names the
/// requirement whose absence lost the account.
fn demo(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("demo.db");
    radar(&db, &["demo", "--accounts", "300", "--seed", "7"]);
    let conn = Connection::open(&db).unwrap();
    let term: i64 = conn
        .query_row(
            "SELECT t.id FROM term t JOIN requirement r ON r.account_id = t.account_id \
             WHERE t.outcome = 'churned' ORDER BY t.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE term SET churn_requirement_id = (SELECT min(r.id) FROM requirement r \
         WHERE r.account_id = term.account_id) WHERE id = ?1",
        [term],
    )
    .unwrap();
    (db, term)
}

fn churn_requirement(db: &Path) -> Vec<(String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut q = conn
        .prepare(
            "SELECT a.external_id || ' ' || t.\"end\", r.title FROM term t JOIN account a ON a.id = t.account_id \
             JOIN requirement r ON r.id = t.churn_requirement_id ORDER BY 1",
        )
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

/// (account, date, note, contact title) of every touchpoint linked to a contact.
fn touch_links(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut q = conn
        .prepare(
            "SELECT a.external_id || '|' || t.date || '|' || t.kind || '|' || t.note || '|' || c.name || '|' || c.title \
             FROM touchpoint t JOIN account a ON a.id = t.account_id JOIN contact c ON c.id = t.contact_id \
             ORDER BY 1",
        )
        .unwrap();
    q.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn reimporting_outcomes_keeps_the_churn_requirement_and_carries_it_across() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path());
    let before = churn_requirement(&db);
    assert_eq!(before.len(), 1);
    let out = export(&db, &dir.path().join("out"));
    let said = import(&db, &out, "outcomes");
    assert!(said.contains("0 updated"), "{said}");
    assert_eq!(churn_requirement(&db), before, "the churn's named requirement was erased");
    // A file without the column (a CRM's, or an older export) keeps it too.
    let text = std::fs::read_to_string(out.join("outcomes.csv")).unwrap();
    let thin: String = text
        .lines()
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            cells[..3].join(",") + "\n"
        })
        .collect();
    let thin_file = dir.path().join("thin.csv");
    std::fs::write(&thin_file, thin).unwrap();
    let said = radar(&db, &["import", "outcomes", thin_file.to_str().unwrap()]);
    assert!(said.contains("0 updated"), "{said}");
    assert_eq!(churn_requirement(&db), before);
    // Into an empty file: the requirement is named by title and linked again.
    let copy = dir.path().join("copy.db");
    for kind in KINDS {
        import(&copy, &out, kind);
    }
    assert_eq!(churn_requirement(&copy), before);
}

#[test]
fn touchpoints_stay_with_the_contact_of_that_name_who_was_meant() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path());
    let conn = Connection::open(&db).unwrap();
    // Two contacts of one account share a name with different titles; each has touchpoints.
    let twins: i64 = conn
        .query_row(
            "SELECT count(*) FROM touchpoint t JOIN contact c ON c.id = t.contact_id WHERE EXISTS \
             (SELECT 1 FROM contact d WHERE d.account_id = c.account_id AND d.name = c.name AND d.id <> c.id \
              AND d.title <> c.title)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(twins > 0, "the demo has no namesakes with touchpoints");
    drop(conn);
    let before = touch_links(&db);
    let out = export(&db, &dir.path().join("out"));
    let said = import(&db, &out, "touchpoints");
    assert!(said.contains("0 updated"), "{said}");
    let said = import(&db, &out, "tasks");
    assert!(said.contains("0 updated"), "{said}");
    assert_eq!(touch_links(&db), before, "touchpoints moved to another contact");
    let copy = dir.path().join("copy.db");
    for kind in KINDS {
        import(&copy, &out, kind);
    }
    assert_eq!(touch_links(&copy), before, "the round trip linked touchpoints to a namesake");
}

#[test]
fn the_plain_demo_round_trips_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path());
    let conn = Connection::open(&db).unwrap();
    let shared: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT name FROM account GROUP BY name HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(shared > 0, "no two accounts of the demo share a name");
    drop(conn);
    let first = export(&db, &dir.path().join("first"));
    // Into the same file: nothing changes.
    for kind in KINDS {
        let said = import(&db, &first, kind);
        assert!(said.contains("0 updated") && said.contains("0 created"), "{kind}: {said}");
    }
    // Into an empty file: the same files.
    let copy = dir.path().join("copy.db");
    for kind in KINDS {
        import(&copy, &first, kind);
    }
    let second = export(&copy, &dir.path().join("second"));
    for kind in KINDS {
        let a = std::fs::read(first.join(format!("{kind}.csv"))).unwrap();
        let b = std::fs::read(second.join(format!("{kind}.csv"))).unwrap();
        assert!(a == b, "{kind}.csv differs after a round trip");
    }
}

/// A touchpoint naming only `赵超`, of whom the account has two (店长, 运营总监), cannot be
/// linked: a new one is refused naming both, nothing is written; with `contact_title` it links.
#[test]
fn a_new_touchpoint_naming_namesakes_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let accounts = write(
        "a.csv",
        "external_id,name,arr,renewal_date\nCD-1,成都天府云图信息技术有限公司,1000,2027-03-01\n",
    );
    let contacts = write("c.csv", "account,name,title\nCD-1,赵超,店长\nCD-1,赵超,运营总监\n");
    radar(&db, &["import", "accounts", accounts.to_str().unwrap()]);
    radar(&db, &["import", "contacts", contacts.to_str().unwrap()]);
    let vague =
        write("t.csv", "account,date,kind,contact,note\nCD-1,2026-11-20,call,赵超,\"续约 🚀\n第二行\"\n");
    let out = run(&db, &["import", "touchpoints", vague.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("t.csv:2:") && err.contains("店长") && err.contains("运营总监"), "{err}");
    let count = |db: &Path| -> i64 {
        Connection::open(db).unwrap().query_row("SELECT count(*) FROM touchpoint", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&db), 0);
    let clear = write(
        "t2.csv",
        "account,date,kind,contact,note,contact_title\nCD-1,2026-11-20,call,赵超,\"续约 🚀\n第二行\",运营总监\n",
    );
    radar(&db, &["import", "touchpoints", clear.to_str().unwrap()]);
    assert_eq!(touch_links(&db), vec!["CD-1|2026-11-20|call|续约 🚀\n第二行|赵超|运营总监".to_string()]);
    // The vague file again: the touchpoint keeps its link.
    let said = radar(&db, &["import", "touchpoints", vague.to_str().unwrap()]);
    assert!(said.contains("1 unchanged"), "{said}");
    assert_eq!(touch_links(&db).len(), 1);
    assert!(touch_links(&db)[0].ends_with("运营总监"));
}

/// `--on-name-match new` into an empty file keeps the export's order too (the trial: 7 of 8
/// files differed).
#[test]
fn on_name_match_new_keeps_the_files_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    radar(&db, &["demo", "--accounts", "200", "--seed", "3"]);
    let first = export(&db, &dir.path().join("first"));
    let copy = dir.path().join("copy.db");
    let file = first.join("accounts.csv");
    radar(&copy, &["import", "accounts", file.to_str().unwrap(), "--on-name-match", "new"]);
    let second = export(&copy, &dir.path().join("second"));
    let a = std::fs::read_to_string(first.join("accounts.csv")).unwrap();
    let b = std::fs::read_to_string(second.join("accounts.csv")).unwrap();
    assert!(a == b, "accounts.csv differs");
}

/// An outcome dated before its term could be decided (CSM trial, session 21: "Decided on
/// 2020-01-01" on a 2025-26 term was saved, and printed as "renewed 2020-01-01") is refused
/// where an outcome is recorded, whoever records it (the store, under the forms), in the
/// user's language; nothing changes. A history that already holds such a date (an older
/// Radar's) still reads back: its CSV and JSON exports import again, and the account's
/// open term can still be renewed.
#[test]
fn an_outcome_dated_before_its_term_could_be_decided_is_refused() {
    use radar::domain::{ActionError, Edit, Money, TermOutcome};
    use radar::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db");
    let accounts = dir.path().join("a.csv");
    std::fs::write(
        &accounts,
        "name,external_id,contract_start,renewal_date,arr\n成都天府云图信息技术有限公司,C-1,2025-10-12,2026-10-12,120000\n",
    )
    .unwrap();
    radar(&db, &["import", "accounts", accounts.to_str().unwrap()]);
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let today = day("2026-11-22");
    let cfg = radar::domain::risk::RiskConfig::default();
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    let mut store = radar::store::Store::open(&db).unwrap();
    let terms = |s: &radar::store::Store| {
        let a = s.find_account("C-1").unwrap().unwrap();
        s.load_facts(a.id).unwrap().unwrap().terms
    };
    let renew = |t: &radar::domain::ContractTerm, on: &str| Edit::RecordRenewal {
        term: t.id,
        version: t.version,
        decided_on: day(on),
        new_arr: Money::new(13_000_000, t.arr.currency),
        new_end: day("2027-10-12"),
    };
    let before = store.dump().unwrap();
    let t = terms(&store)[0].clone();
    let err = radar::refresh::apply(&mut store, &renew(&t, "2020-01-01"), now, &cfg).unwrap_err();
    let radar::store::StoreError::Refused(e @ ActionError::Terms(_)) = &err else { panic!("{err:?}") };
    assert_eq!(
        e.render(Lang::En),
        "an outcome decided on 2020-01-01 comes before the term began (2025-10-12)"
    );
    assert_eq!(e.render(Lang::ZhCn), "结果的决定日 2020-01-01 早于本期合同开始（2025-10-12）");
    assert_eq!(store.dump().unwrap(), before, "a refused outcome changed the file");
    // Renewed on its start: the next term may not be churned before that renewal was decided.
    radar::refresh::apply(&mut store, &renew(&t, "2025-10-12"), now, &cfg).unwrap();
    let next = terms(&store)[1].clone();
    let churn = |on: &str| Edit::RecordChurn {
        account: next.account_id,
        account_version: store.find_account("C-1").unwrap().unwrap().version,
        term: next.id,
        term_version: next.version,
        decided_on: day(on),
        reason: radar::domain::ChurnReason::Price,
        note: String::new(),
        because_of: None,
    };
    let early = churn("2025-10-11");
    let err = radar::refresh::apply(&mut store, &early, now, &cfg).unwrap_err().to_string();
    assert!(err.contains("comes before the renewal that opened this term was decided (2025-10-12)"), "{err}");
    // An older Radar's history with such a date: exports read back, the open term renews.
    drop(store);
    let conn = Connection::open(&db).unwrap();
    conn.execute("UPDATE term SET decided_on = '2020-01-01' WHERE start = '2025-10-12'", []).unwrap();
    drop(conn);
    let out_dir = dir.path().join("out");
    export(&db, &out_dir);
    assert!(import(&db, &out_dir, "outcomes").contains("0 updated"));
    let copy = dir.path().join("copy.db");
    for kind in ["accounts", "outcomes"] {
        import(&copy, &out_dir, kind);
    }
    let json = dir.path().join("book.json");
    radar(&db, &["export", "--format", "json", "--out", json.to_str().unwrap()]);
    radar(&dir.path().join("from-json.db"), &["import", "json", json.to_str().unwrap()]);
    let mut store = radar::store::Store::open(&db).unwrap();
    let open = terms(&store)[1].clone();
    let renewed = Edit::RecordRenewal {
        term: open.id,
        version: open.version,
        decided_on: day("2026-10-01"),
        new_arr: open.arr,
        new_end: day("2028-10-12"),
    };
    radar::refresh::apply(&mut store, &renewed, now, &cfg).unwrap();
    assert!(matches!(terms(&store)[1].outcome, Some(TermOutcome::Renewed { .. })));
}

/// A count with commas where no digit groups fall is refused by the import, naming the
/// cell ("1,2,3" active users was stored as 123: review, session 22); "1,200" is 1200.
#[test]
fn a_count_with_commas_out_of_place_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path());
    let file = dir.path().join("u.csv");
    std::fs::write(&file, "account,date,active_users,seats\nACC-000001,2026-11-01,\"1,2,3\",2000\n").unwrap();
    let out = run(&db, &["import", "usage", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("column \"active_users\": '1,2,3' is not a whole number"), "{err}");
    std::fs::write(&file, "account,date,active_users,seats\nACC-000001,2026-11-01,\"1,200\",2000\n").unwrap();
    radar(&db, &["import", "usage", file.to_str().unwrap()]);
    let n: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT active_users FROM usage WHERE date = '2026-11-01' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1200);
}
