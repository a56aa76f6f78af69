//! The contentless index (schema V7): no copy of the text, and after any history of
//! edits, deletes and undos it holds exactly the live records, as a rebuild would.

use super::TABLE;
use crate::demo::{DemoOptions, generate_range};
use crate::domain::risk::RiskConfig;
use crate::domain::*;
use crate::store::Store;
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(12, 0, 0).unwrap()
}

fn store() -> (Store, AccountId) {
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 2, seed: 7, today: now().date() }, 0..2).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    (s, facts[0].account.id)
}

/// (rowid, account, day) of every index row, and every (rowid, column, offset, term) it
/// holds (read through `fts5vocab`, since the text itself is not kept).
pub(super) type IndexRows = (Vec<(i64, i64, Option<String>)>, Vec<(i64, String, i64, String)>);

pub(super) fn index_rows(s: &Store) -> IndexRows {
    let rows = s
        .conn
        .lite()
        .unwrap()
        .prepare(&format!("SELECT rowid, account_id, day FROM {TABLE} ORDER BY rowid"))
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    s.conn
        .lite()
        .unwrap()
        .execute_batch(&format!(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, {TABLE}, instance)"
        ))
        .unwrap();
    let terms = s
        .conn
        .lite()
        .unwrap()
        .prepare("SELECT doc, col, offset, term FROM temp.fts_terms ORDER BY doc, col, offset")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    (rows, terms)
}

#[test]
fn the_index_keeps_no_copy_of_the_text_but_keeps_account_and_day() {
    let (s, a) = store();
    let (bodies, with_account): (i64, i64) = s
        .conn
        .lite()
        .unwrap()
        .query_row(
            &format!(
                "SELECT count(body), count(*) FILTER (WHERE account_id = ?1 AND day IS NOT NULL) FROM {TABLE}"
            ),
            [a.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(bodies, 0, "no text is stored in the index");
    assert!(with_account > 0, "account and day stay readable");
    let shadow: Vec<String> = s
        .conn
        .lite()
        .unwrap()
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .unwrap()
        .query_map([format!("{TABLE}_content")], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!shadow.iter().any(|c| c == "c0"), "the content table has no text column: {shadow:?}");
}

/// One step of a history on one account's notes.
#[derive(Debug, Clone)]
enum Op {
    Add(usize),
    Edit(usize, usize),
    Delete(usize),
    DeleteAccount,
    Undo,
}

const WORDS: &[&str] = &["zebra", "quokka", "wombat 成都天府", "narwhal 客户席位", "axolotl"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..WORDS.len()).prop_map(Op::Add),
        2 => (0usize..8, 0..WORDS.len()).prop_map(|(i, w)| Op::Edit(i, w)),
        2 => (0usize..8).prop_map(Op::Delete),
        1 => Just(Op::DeleteAccount),
        2 => Just(Op::Undo),
    ]
}

fn save(s: &mut Store, tp: Touchpoint) -> (Change, TouchpointId) {
    let change = crate::refresh::apply(s, &Edit::SaveTouchpoint(tp), now(), &RiskConfig::default()).unwrap();
    let id = change
        .after
        .iter()
        .find_map(|r| match r {
            crate::domain::change::Row::Touchpoint(t) => Some(t.id),
            _ => None,
        })
        .unwrap();
    (change, id)
}

fn version(s: &Store, kind: RowKind, id: i64) -> i64 {
    s.row(RowKey { kind, id }).unwrap().unwrap().version()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// After random adds, edits, deletes (of a note or of its account) and undos, a search
    /// for each word finds exactly the live notes holding it (a deleted or overwritten one
    /// never), and the index equals the one a rebuild makes.
    #[test]
    fn after_any_history_the_index_holds_exactly_the_live_records(ops in proptest::collection::vec(op(), 1..14)) {
        let (mut s, a) = store();
        let cfg = RiskConfig::default();
        // The live notes of this history (id -> text), and every id it ever made.
        let mut live: BTreeMap<i64, &str> = BTreeMap::new();
        let mut made: BTreeSet<i64> = BTreeSet::new();
        let mut account_live = true;
        let mut undo: Vec<(Change, BTreeMap<i64, &str>, bool)> = Vec::new();
        for op in ops {
            let before = (live.clone(), account_live);
            let change = match op {
                Op::Add(w) if account_live => {
                    let tp = Touchpoint {
                        id: TouchpointId(0), account_id: a, date: now().date(), kind: TouchKind::Call,
                        contact_id: None, note: WORDS[w].into(), version: 0,
                    };
                    let (change, id) = save(&mut s, tp);
                    live.insert(id.0, WORDS[w]);
                    made.insert(id.0);
                    change
                }
                Op::Edit(i, w) if account_live && !live.is_empty() => {
                    let id = *live.keys().nth(i % live.len()).unwrap();
                    let Some(crate::domain::change::Row::Touchpoint(tp)) = s.row(RowKey { kind: RowKind::Touchpoint, id }).unwrap() else {
                        panic!("note {id} is live")
                    };
                    let (change, _) = save(&mut s, Touchpoint { note: WORDS[w].into(), ..tp });
                    live.insert(id, WORDS[w]);
                    change
                }
                Op::Delete(i) if account_live && !live.is_empty() => {
                    let id = *live.keys().nth(i % live.len()).unwrap();
                    let target = RowKey { kind: RowKind::Touchpoint, id };
                    let del = Edit::Delete { target, version: version(&s, RowKind::Touchpoint, id) };
                    live.remove(&id);
                    crate::refresh::apply(&mut s, &del, now(), &cfg).unwrap()
                }
                Op::DeleteAccount if account_live => {
                    let target = RowKey { kind: RowKind::Account, id: a.0 };
                    let del = Edit::Delete { target, version: version(&s, RowKind::Account, a.0) };
                    account_live = false;
                    live.clear();
                    crate::refresh::apply(&mut s, &del, now(), &cfg).unwrap()
                }
                Op::Undo => {
                    // The latest change only: an undo writes new versions, so an older
                    // change to the same rows is stale afterwards (refused, as in the app).
                    if let Some((change, l, al)) = undo.pop() {
                        crate::refresh::undo(&mut s, &change, now(), &cfg).unwrap();
                        (live, account_live) = (l, al);
                    }
                    undo.clear();
                    continue;
                }
                _ => continue,
            };
            undo.push((change, before.0, before.1));
        }
        for word in ["zebra", "quokka", "wombat", "成都天府", "天府", "客户席位", "axolotl"] {
            let got: BTreeSet<i64> = s
                .search(word, crate::store::search::MAX_LIMIT)
                .unwrap()
                .into_iter()
                .filter(|h| h.kind == RowKind::Touchpoint && made.contains(&h.id))
                .map(|h| h.id)
                .collect();
            let want: BTreeSet<i64> = live.iter().filter(|(_, t)| t.contains(word)).map(|(id, _)| *id).collect();
            prop_assert_eq!(got, want, "{}", word);
        }
        let kept = index_rows(&s);
        s.reindex().unwrap();
        prop_assert_eq!(kept, index_rows(&s), "the index kept in step equals a rebuild");
    }
}

/// Segments of the index (FTS5's data rowids carry the segment id above bit 37; tombstone
/// pages, numbered from 65536, are left out).
fn segments(s: &Store) -> i64 {
    let sql =
        format!("SELECT count(DISTINCT id >> 37) FROM {TABLE}_data WHERE id > 10 AND (id >> 37) < 65536");
    s.conn.lite().unwrap().query_row(&sql, [], |r| r.get(0)).unwrap()
}

/// Schema V17: automerge is off and each edit merges a little (`tidy`), so after 200
/// edits the index is still a few segments (without the tidying it grows to FTS5's crisis
/// merge, 16 on a level) and finds exactly what a rebuild finds.
#[test]
fn edits_keep_the_index_merged_a_little_at_a_time() {
    let (mut s, account) = store();
    let automerge: i64 = s
        .conn
        .lite()
        .unwrap()
        .query_row(&format!("SELECT v FROM {TABLE}_config WHERE k = 'automerge'"), [], |r| r.get(0))
        .unwrap();
    assert_eq!(automerge, 0);
    let mut most = 0;
    for i in 0..200 {
        let note = format!("续约 check-in {i} 成都天府云图");
        let edit = Edit::SaveTouchpoint(Touchpoint {
            id: TouchpointId(0),
            account_id: account,
            date: now().date(),
            kind: TouchKind::Call,
            contact_id: None,
            note,
            version: 0,
        });
        crate::refresh::apply(&mut s, &edit, now(), &RiskConfig::default()).unwrap();
        most = most.max(segments(&s));
    }
    assert!(most <= 8, "at most {most} segments");
    let before = index_rows(&s);
    super::rebuild(s.conn.lite().unwrap()).unwrap();
    assert_eq!(index_rows(&s), before);
}
