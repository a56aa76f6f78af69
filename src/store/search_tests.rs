use super::*;
use crate::demo::{DemoOptions, generate_range};
use crate::domain::risk::RiskConfig;
use crate::domain::*;
use proptest::prelude::*;

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(12, 0, 0).unwrap()
}

/// A store with two demo accounts; returns it and the first account's id.
fn store() -> (Store, AccountId) {
    let today = now().date();
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 2, seed: 7, today }, 0..2).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    (s, facts[0].account.id)
}

fn note(s: &mut Store, account: AccountId, text: &str) -> Touchpoint {
    let tp = Touchpoint {
        id: TouchpointId(0),
        account_id: account,
        date: now().date(),
        kind: TouchKind::Call,
        contact_id: None,
        note: text.into(),
        version: 0,
    };
    let change = crate::refresh::apply(s, &Edit::SaveTouchpoint(tp), now(), &RiskConfig::default()).unwrap();
    change
        .after
        .iter()
        .find_map(|r| match r {
            crate::domain::change::Row::Touchpoint(t) => Some(t.clone()),
            _ => None,
        })
        .unwrap()
}

fn found(s: &Store, q: &str) -> Vec<(RowKind, i64)> {
    s.search(q, 50).unwrap().into_iter().map(|h| (h.kind, h.id)).collect()
}

#[test]
fn a_two_character_word_inside_a_note_and_a_phrase_across_it_are_found() {
    let (mut s, a) = store();
    let t = note(&mut s, a, "客户希望明年扩容三百个席位，成都天府云图信息技术有限公司");
    let me = (RowKind::Touchpoint, t.id.0);
    assert!(found(&s, "扩容").contains(&me));
    assert!(found(&s, "明年扩容三百").contains(&me));
    assert!(found(&s, "天府云图").contains(&me));
    assert!(found(&s, "府").contains(&me), "a single character is a prefix of the bigrams");
    assert!(!found(&s, "扩大").contains(&me));
    let hit = s.search("扩容", 5).unwrap().into_iter().find(|h| h.id == t.id.0).unwrap();
    assert_eq!(hit.snippet.hit, "扩容");
    assert_eq!(hit.account, a);
    assert_eq!(hit.date, Some(now().date()));
}

#[test]
fn english_is_case_insensitive_and_matches_prefixes() {
    let (mut s, a) = store();
    let t = note(&mut s, a, "Discussed the RENEWAL quote with Zoë");
    let me = (RowKind::Touchpoint, t.id.0);
    assert!(found(&s, "renewal").contains(&me));
    assert!(found(&s, "Renew").contains(&me));
    assert!(found(&s, "zoe").contains(&me), "diacritics folded");
    assert!(found(&s, "quote renewal").contains(&me));
    assert!(!found(&s, "quotation").contains(&me));
    assert!(found(&s, "").is_empty() && found(&s, " \" * ( ").is_empty(), "no query syntax error");
}

#[test]
fn an_edited_or_deleted_note_is_found_by_its_new_text_only_and_undo_restores_it() {
    let (mut s, a) = store();
    let cfg = RiskConfig::default();
    let t = note(&mut s, a, "zebrafish onboarding");
    let me = (RowKind::Touchpoint, t.id.0);
    let edited = Touchpoint { note: "quokka onboarding".into(), ..t.clone() };
    let change = crate::refresh::apply(&mut s, &Edit::SaveTouchpoint(edited), now(), &cfg).unwrap();
    assert!(!found(&s, "zebrafish").contains(&me));
    assert!(found(&s, "quokka").contains(&me));
    crate::refresh::undo(&mut s, &change, now(), &cfg).unwrap();
    assert!(found(&s, "zebrafish").contains(&me), "undo restores the index");
    assert!(!found(&s, "quokka").contains(&me));
    let version = s.row(RowKey { kind: RowKind::Touchpoint, id: t.id.0 }).unwrap().unwrap().version();
    let del = Edit::Delete { target: RowKey { kind: RowKind::Touchpoint, id: t.id.0 }, version };
    let change = crate::refresh::apply(&mut s, &del, now(), &cfg).unwrap();
    assert!(found(&s, "zebrafish").is_empty());
    crate::refresh::undo(&mut s, &change, now(), &cfg).unwrap();
    assert!(found(&s, "zebrafish").contains(&me), "undoing the delete indexes it again");
}

#[test]
fn deleting_an_account_takes_its_records_out_of_the_index_and_undo_brings_them_back() {
    let (mut s, a) = store();
    let cfg = RiskConfig::default();
    note(&mut s, a, "wombat escalation");
    let version = s.account(a).unwrap().unwrap().version;
    let del = Edit::Delete { target: RowKey { kind: RowKind::Account, id: a.0 }, version };
    let change = crate::refresh::apply(&mut s, &del, now(), &cfg).unwrap();
    assert!(found(&s, "wombat").is_empty());
    let rows: i64 = s
        .conn
        .lite()
        .unwrap()
        .query_row("SELECT count(*) FROM search_index WHERE account_id = ?1", [a.0], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 0, "no index row of the deleted account is left");
    crate::refresh::undo(&mut s, &change, now(), &cfg).unwrap();
    assert_eq!(found(&s, "wombat").len(), 1);
}

#[test]
fn a_bulk_import_fills_the_index_and_matches_a_rebuild() {
    let today = now().date();
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 30, seed: 4, today }, 0..30).unwrap();
    let mut tx = s.begin_import(true).unwrap();
    assert!(tx.is_bulk());
    tx.insert_new(&mut facts, false).unwrap();
    tx.commit().unwrap();
    let name = facts[3].account.name.clone();
    let hits = s.search(&name, 10).unwrap();
    assert!(hits.iter().any(|h| h.kind == RowKind::Account && h.account == facts[3].account.id), "{name}");
    let before = s.dump().unwrap();
    s.reindex().unwrap();
    assert_eq!(s.dump().unwrap(), before, "the bulk load's index is the full one");
    assert!(before.contains("## search_index\n"));
}

#[test]
fn search_never_shows_control_bytes() {
    let (s, a) = store();
    // Written behind the store's back (plain sqlite3): the sanitiser is the last line.
    s.conn
        .lite()
        .unwrap()
        .execute(
            "INSERT INTO touchpoint (account_id, date, kind, note) VALUES (?1, '2026-11-20', 'call', ?2)",
            rusqlite::params![a.0, "hostile \u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J mongoose \u{9b}31m\r\nend"],
        )
        .unwrap();
    let mut s = s;
    s.reindex().unwrap();
    let hits = s.search("mongoose", 5).unwrap();
    assert_eq!(hits.len(), 1);
    let shown = hits[0].snippet.marked();
    assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
    assert!(shown.contains("[mongoose]"), "{shown}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    /// Every substring of two or more characters of a CJK run is found, in SQLite itself.
    #[test]
    fn every_cjk_substring_of_two_or_more_is_found(
        head in "[a-zA-Z0-9 ,]{0,8}", run in "[成都天府云图扩容续约客户席位]{2,20}", tail in "[a-zA-Z0-9 ,扩]{0,8}",
        from in 0usize..20, len in 2usize..10,
    ) {
        let text = format!("{head}{run}{tail}");
        let chars: Vec<char> = run.chars().collect();
        let from = from.min(chars.len() - 2);
        let sub: String = chars[from..].iter().take(len).collect();
        let (mut s, a) = store();
        let t = note(&mut s, a, &text);
        prop_assert!(found(&s, &sub).contains(&(RowKind::Touchpoint, t.id.0)), "{sub} in {text}");
    }
}

#[test]
fn a_quick_action_that_writes_text_is_found_by_it_and_its_undo_takes_it_back() {
    let today = now().date();
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 30, seed: 7, today }, 0..30).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    let c = facts
        .iter()
        .flat_map(|f| &f.complaints)
        .find(|c| c.resolved_at.is_none())
        .expect("an open complaint");
    let cfg = RiskConfig::default();
    let edit = Edit::ResolveComplaint {
        id: c.id,
        version: c.version,
        at: now(),
        cause: None,
        improvement: "Added a xylophone check to the release list".into(),
    };
    let change = crate::refresh::apply(&mut s, &edit, now(), &cfg).unwrap();
    assert_eq!(found(&s, "xylophone"), vec![(RowKind::Complaint, c.id.0)]);
    crate::refresh::undo(&mut s, &change, now(), &cfg).unwrap();
    assert!(found(&s, "xylophone").is_empty());
}
