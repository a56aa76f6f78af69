//! Churn notes and referrals in the index (schema V11): found by their Chinese, by the
//! words around emoji and around hostile escape sequences, named by their account and
//! kind, and kept in step by every save, edit, delete and undo (a rebuild changes nothing).

use super::tests::{index_rows, now};
use crate::demo::{DemoOptions, generate_range};
use crate::domain::change::Row;
use crate::domain::risk::RiskConfig;
use crate::domain::*;
use crate::store::search::MAX_LIMIT;
use crate::store::{SearchHit, Store};
use chrono::NaiveDate;

/// An OSC 52 clipboard write, a screen clear, a C1 CSI and a bell.
const HOSTILE: &str = "\u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J\u{9b}31m";
const COMPANY: &str = "成都天府云图信息技术有限公司";

/// A demo portfolio and an account of it with an open term (one to churn).
fn store() -> (Store, AccountId) {
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 6, seed: 7, today: now().date() }, 0..6).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let open = facts.iter().find(|f| f.current_term().is_some()).expect("a demo account with an open term");
    (s, open.account.id)
}

fn apply(s: &mut Store, edit: Edit) -> Change {
    crate::refresh::apply(s, &edit, now(), &RiskConfig::default()).unwrap()
}

fn undo(s: &mut Store, change: &Change) {
    crate::refresh::undo(s, change, now(), &RiskConfig::default()).unwrap();
}

/// The hits of `kind` for `word`.
fn found(s: &Store, word: &str, kind: RowKind) -> Vec<SearchHit> {
    s.search(word, MAX_LIMIT).unwrap().into_iter().filter(|h| h.kind == kind).collect()
}

fn churn(s: &mut Store, a: AccountId, note: &str) -> Change {
    let f = s.load_facts(a).unwrap().unwrap();
    let t = f.current_term().unwrap().clone();
    apply(
        s,
        Edit::RecordChurn {
            account: a,
            account_version: f.account.version,
            term: t.id,
            term_version: t.version,
            decided_on: now().date(),
            reason: ChurnReason::Competitor,
            note: note.into(),
            because_of: None,
        },
    )
}

fn referral_of(change: &Change) -> Referral {
    change
        .after
        .iter()
        .find_map(|r| match r {
            Row::Referral(x) => Some(x.clone()),
            _ => None,
        })
        .expect("the change wrote a referral")
}

fn no_control(h: &SearchHit) {
    let all = h.snippet.marked();
    assert!(!all.chars().any(char::is_control), "{all:?}");
}

/// The index kept in step equals the one a rebuild makes from the records.
fn same_as_rebuilt(s: &mut Store) {
    let kept = index_rows(s);
    s.reindex().unwrap();
    assert_eq!(kept, index_rows(s), "the index kept in step equals a rebuild");
}

#[test]
fn a_churn_note_is_found_by_its_words_named_by_its_account_and_kind() {
    let (mut s, a) = store();
    let name = s.load_facts(a).unwrap().unwrap().account.name;
    let note = format!("选了竞品 {COMPANY} 🚀 narwhal{HOSTILE} pricing\n第二行：wombat");
    let change = churn(&mut s, a, &note);
    for word in ["竞品", "天府云图", "narwhal", "pricing", "wombat", "第二行"] {
        let hits = found(&s, word, RowKind::Term);
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        let h = &hits[0];
        assert_eq!((h.account, h.account_name.as_str()), (a, name.as_str()), "{word}");
        assert_eq!(h.kind_key(), "edit.found.term");
        assert_eq!(h.date, Some(now().date()), "dated by the churn");
        assert!(!h.snippet.hit.is_empty(), "{word}: {h:?}");
        no_control(h);
    }
    same_as_rebuilt(&mut s);

    // Undone: the term is open again, its note empty, and nothing finds it.
    undo(&mut s, &change);
    assert!(found(&s, "竞品", RowKind::Term).is_empty());
    same_as_rebuilt(&mut s);
}

#[test]
fn a_referral_is_found_by_prospect_and_note_through_edit_delete_and_undo() {
    let (mut s, a) = store();
    let mut r = Referral::asked(a, &format!("{COMPANY} 🚀"), now().date());
    r.note = format!("介绍人很热情 okapi{HOSTILE}\n下周 follow");
    let made = apply(&mut s, Edit::SaveReferral(r));
    let r = referral_of(&made);
    for word in ["天府", COMPANY, "okapi", "热情", "follow"] {
        let hits = found(&s, word, RowKind::Referral);
        assert_eq!(hits.len(), 1, "{word}: {hits:?}");
        assert_eq!((hits[0].account, hits[0].id), (a, r.id.0));
        assert_eq!(hits[0].kind_key(), "edit.kind.referral");
        no_control(&hits[0]);
    }

    // An edit: found by its new note only.
    let edited = apply(&mut s, Edit::SaveReferral(Referral { note: "quokka 😀".into(), ..r.clone() }));
    assert!(found(&s, "okapi", RowKind::Referral).is_empty(), "the old note is gone");
    assert_eq!(found(&s, "quokka", RowKind::Referral).len(), 1);
    assert_eq!(found(&s, "天府", RowKind::Referral).len(), 1, "the prospect still finds it");
    same_as_rebuilt(&mut s);

    // A stage move keeps it; its undo too.
    let r = referral_of(&edited);
    let moved =
        apply(&mut s, Edit::MoveReferral { id: r.id, version: r.version, to: None, on: now().date() });
    assert_eq!(found(&s, "quokka", RowKind::Referral).len(), 1);
    undo(&mut s, &moved);
    assert_eq!(found(&s, "quokka", RowKind::Referral).len(), 1);

    // Deleted: found no more; undone: found again.
    let v = s.row(RowKey { kind: RowKind::Referral, id: r.id.0 }).unwrap().unwrap().version();
    let del =
        apply(&mut s, Edit::Delete { target: RowKey { kind: RowKind::Referral, id: r.id.0 }, version: v });
    assert!(found(&s, "quokka", RowKind::Referral).is_empty());
    assert!(found(&s, "天府", RowKind::Referral).is_empty());
    same_as_rebuilt(&mut s);
    undo(&mut s, &del);
    assert_eq!(found(&s, "quokka", RowKind::Referral).len(), 1);
    same_as_rebuilt(&mut s);
}

#[test]
fn deleting_the_account_takes_its_churn_note_and_referrals_out_and_undo_brings_them_back() {
    let (mut s, a) = store();
    churn(&mut s, a, "客户选了竞品 axolotl");
    let mut r = Referral::asked(a, COMPANY, now().date());
    r.note = "axolotl 转介绍".into();
    apply(&mut s, Edit::SaveReferral(r));
    assert_eq!(found(&s, "axolotl", RowKind::Term).len(), 1);
    assert_eq!(found(&s, "axolotl", RowKind::Referral).len(), 1);
    let v = s.row(RowKey { kind: RowKind::Account, id: a.0 }).unwrap().unwrap().version();
    let del = apply(&mut s, Edit::Delete { target: RowKey { kind: RowKind::Account, id: a.0 }, version: v });
    assert!(s.search("axolotl", MAX_LIMIT).unwrap().is_empty());
    same_as_rebuilt(&mut s);
    undo(&mut s, &del);
    assert_eq!(found(&s, "axolotl", RowKind::Term).len(), 1);
    assert_eq!(found(&s, "axolotl", RowKind::Referral).len(), 1);
    same_as_rebuilt(&mut s);
}

/// A file of schema V10 (referrals, no churn notes or referrals in its index) with a
/// churned term and a referral: the V11 migration indexes both, once each.
#[test]
fn the_v11_migration_indexes_the_churn_notes_and_referrals_a_file_already_has() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v10.db");
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "application_id", super::super::APPLICATION_ID).unwrap();
        // The account and term from before the index (V6 and V10 index the account), the
        // referral from V9 on.
        super::super::schema::MIGRATIONS.to_version(&mut c, 5).unwrap();
        c.execute_batch(&format!(
            "INSERT INTO account (id, name, tier, currency, stage, created_on) \
               VALUES (1, '{COMPANY}', 'mid', 'CNY', 'renewal', '2024-01-03'); \
             INSERT INTO term (account_id, start, \"end\", arr_minor, currency, outcome, decided_on, \
               churn_reason, churn_note) VALUES (1, '2025-01-03', '2026-01-03', 100, 'CNY', 'churned', \
               '2025-12-30', 'price', '预算砍了 narwhal 🚀');"
        ))
        .unwrap();
        super::super::schema::MIGRATIONS.to_version(&mut c, 10).unwrap();
        c.execute_batch(
            "INSERT INTO referral (account_id, prospect, date, stage_on, note) \
               VALUES (1, '杭州星河科技有限公司', '2026-11-01', '2026-11-01', 'okapi 介绍');",
        )
        .unwrap();
        let rows: i64 = c.query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 1, "V10's index: the account only");
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), super::super::LATEST_VERSION);
    let term = found(&s, "narwhal", RowKind::Term);
    assert_eq!(term.len(), 1, "{term:?}");
    assert_eq!((term[0].account, term[0].account_name.as_str()), (AccountId(1), COMPANY));
    assert_eq!(term[0].date, NaiveDate::from_ymd_opt(2025, 12, 30));
    assert_eq!(found(&s, "预算", RowKind::Term).len(), 1);
    assert_eq!(found(&s, "星河", RowKind::Referral).len(), 1);
    assert_eq!(found(&s, "okapi", RowKind::Referral).len(), 1);
    same_as_rebuilt(&mut s);
}
