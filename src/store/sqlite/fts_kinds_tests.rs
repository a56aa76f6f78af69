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
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// An OSC 52 clipboard write, a screen clear, a C1 CSI and a bell.
pub(super) const HOSTILE: &str = "\u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J\u{9b}31m";
pub(super) const COMPANY: &str = "成都天府云图信息技术有限公司";

/// A demo portfolio and an account of it with an open term (one to churn).
pub(super) fn store() -> (Store, AccountId) {
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 6, seed: 7, today: now().date() }, 0..6).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let open = facts.iter().find(|f| f.current_term().is_some()).expect("a demo account with an open term");
    (s, open.account.id)
}

pub(super) fn apply(s: &mut Store, edit: Edit) -> Change {
    crate::refresh::apply(s, &edit, now(), &RiskConfig::default()).unwrap()
}

pub(super) fn undo(s: &mut Store, change: &Change) {
    crate::refresh::undo(s, change, now(), &RiskConfig::default()).unwrap();
}

/// The hits of `kind` for `word`.
pub(super) fn found(s: &Store, word: &str, kind: RowKind) -> Vec<SearchHit> {
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

pub(super) fn no_control(h: &SearchHit) {
    let all = h.snippet.marked();
    assert!(!all.chars().any(char::is_control), "{all:?}");
}

/// The index kept in step equals the one a rebuild makes from the records.
pub(super) fn same_as_rebuilt(s: &mut Store) {
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

/// One step of a history on one account's referrals and churn.
#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Edit(usize, usize),
    Delete(usize),
    Churn(usize),
    DeleteAccount,
    Undo,
}

const WORDS: &[&str] = &["zebra 🚀", "quokka 成都天府", "wombat", "narwhal 客户席位", "axolotl"];
const PROBES: &[&str] = &["zebra", "quokka", "成都天府", "天府", "wombat", "narwhal", "客户席位", "axolotl"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..WORDS.len()).prop_map(Op::Add),
        2 => (0usize..8, 0..WORDS.len()).prop_map(|(i, w)| Op::Edit(i, w)),
        2 => (0usize..8).prop_map(Op::Delete),
        2 => (0..WORDS.len()).prop_map(Op::Churn),
        1 => Just(Op::DeleteAccount),
        2 => Just(Op::Undo),
    ]
}

/// What a history left: the live referrals (id -> note), the live churn note, whether the
/// account is there.
type Live = (BTreeMap<i64, &'static str>, Option<&'static str>, bool);

fn delete(s: &mut Store, kind: RowKind, id: i64) -> Change {
    let version = s.row(RowKey { kind, id }).unwrap().unwrap().version();
    apply(s, Edit::Delete { target: RowKey { kind, id }, version })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// After random saves, edits and deletes of referrals, a churn, the account's delete and
    /// undos, each word finds exactly the live referrals and churn note holding it, and the
    /// index equals the one a rebuild makes.
    #[test]
    fn after_any_history_churn_notes_and_referrals_are_found_exactly_while_live(
        ops in proptest::collection::vec(op(), 1..12)
    ) {
        let (mut s, a) = store();
        let mut live: Live = (BTreeMap::new(), None, true);
        let mut made: BTreeSet<i64> = BTreeSet::new();
        let mut last: Option<(Change, Live)> = None;
        for op in ops {
            let before = live.clone();
            let (refs, churned, account) = &mut live;
            let change = match op {
                Op::Add(w) if *account => {
                    let mut r = Referral::asked(a, "Umbrella Health", now().date());
                    r.note = WORDS[w].into();
                    let change = apply(&mut s, Edit::SaveReferral(r));
                    let id = referral_of(&change).id.0;
                    refs.insert(id, WORDS[w]);
                    made.insert(id);
                    change
                }
                Op::Edit(i, w) if *account && !refs.is_empty() => {
                    let id = *refs.keys().nth(i % refs.len()).unwrap();
                    let Some(Row::Referral(r)) = s.row(RowKey { kind: RowKind::Referral, id }).unwrap() else {
                        panic!("referral {id} is live")
                    };
                    refs.insert(id, WORDS[w]);
                    apply(&mut s, Edit::SaveReferral(Referral { note: WORDS[w].into(), ..r }))
                }
                Op::Delete(i) if *account && !refs.is_empty() => {
                    let id = *refs.keys().nth(i % refs.len()).unwrap();
                    refs.remove(&id);
                    delete(&mut s, RowKind::Referral, id)
                }
                Op::Churn(w) if *account && churned.is_none() => {
                    *churned = Some(WORDS[w]);
                    churn(&mut s, a, WORDS[w])
                }
                Op::DeleteAccount if *account => {
                    refs.clear();
                    *churned = None;
                    *account = false;
                    delete(&mut s, RowKind::Account, a.0)
                }
                Op::Undo => {
                    // The latest change only (an undo makes older changes to its rows stale).
                    if let Some((change, l)) = last.take() {
                        undo(&mut s, &change);
                        live = l;
                    }
                    continue;
                }
                _ => continue,
            };
            last = Some((change, before));
        }
        for probe in PROBES {
            let got: BTreeSet<i64> = found(&s, probe, RowKind::Referral)
                .into_iter()
                .filter(|h| made.contains(&h.id))
                .map(|h| h.id)
                .collect();
            let want: BTreeSet<i64> =
                live.0.iter().filter(|(_, t)| t.contains(probe)).map(|(id, _)| *id).collect();
            prop_assert_eq!(got, want, "referrals: {}", probe);
            let terms = found(&s, probe, RowKind::Term).len();
            prop_assert_eq!(terms, usize::from(live.1.is_some_and(|t| t.contains(probe))), "churn: {}", probe);
        }
        let kept = index_rows(&s);
        s.reindex().unwrap();
        prop_assert_eq!(kept, index_rows(&s), "the index kept in step equals a rebuild");
    }
}
