//! What an edit's commit no longer waits for (issue 19, edit commit p99 at 100k):
//! - counting the book's main currency: it comes from the tally the triggers keep (schema
//!   V16); after any mix of new accounts, currency changes, deletes and undos, after a bulk
//!   import and a demo build (which drop the triggers and count again), and for writers
//!   other than Radar, it is the currency the accounts themselves count most of;
//! - copying the WAL into the file: the dashboard's worker does it when idle.

use crate::demo::{DemoOptions, generate_range};
use crate::domain::change::{RowKey, RowKind};
use crate::domain::risk::RiskConfig;
use crate::domain::*;
use crate::store::Store;
use chrono::NaiveDate;
use proptest::prelude::*;

const CODES: [&str; 3] = ["CNY", "EUR", "USD"];

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

/// Accounts per currency code.
type Counts = Vec<(String, i64)>;

/// The answer by counting the accounts, and the tally as stored (rows of zero left out).
fn counted_and_tallied(s: &Store) -> (Option<Currency>, Counts, Counts) {
    let c = s.conn.lite().unwrap();
    let rows = |sql: &str| -> Vec<(String, i64)> {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let counted = rows("SELECT currency, count(*) FROM account GROUP BY currency ORDER BY currency");
    let tallied = rows("SELECT currency, accounts FROM currency_tally WHERE accounts <> 0 ORDER BY currency");
    let main = counted
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(c, _)| Currency::new(c).unwrap());
    (main, counted, tallied)
}

fn check(s: &Store) {
    let (main, counted, tallied) = counted_and_tallied(s);
    assert_eq!(tallied, counted, "the tally is the accounts' own count");
    assert_eq!(s.main_currency().unwrap(), main);
}

#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    Recur(usize, usize),
    Delete(usize),
    Undo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..3usize).prop_map(Op::Create),
        2 => (0..64usize, 0..3usize).prop_map(|(a, c)| Op::Recur(a, c)),
        1 => (0..64usize).prop_map(Op::Delete),
        1 => Just(Op::Undo),
    ]
}

fn ids(s: &Store) -> Vec<AccountId> {
    let c = s.conn.lite().unwrap();
    c.prepare("SELECT id FROM account ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| AccountId(r.unwrap()))
        .collect()
}

fn apply(s: &mut Store, edit: Edit) -> Change {
    crate::refresh::apply(s, &edit, now(), &RiskConfig::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn the_main_currency_follows_every_edit_and_undo(ops in prop::collection::vec(op(), 1..24)) {
        let mut s = Store::open_in_memory().unwrap();
        let mut undo: Vec<Change> = Vec::new();
        for op in ops {
            let ids: Vec<AccountId> = ids(&s);
            match op {
                Op::Create(c) => {
                    let a = Account::new("成都天府云图信息技术有限公司 🚀", Tier::Mid, Currency::new(CODES[c]).unwrap(), now().date());
                    undo.push(apply(&mut s, Edit::SaveAccount { account: a, term: None }));
                }
                Op::Recur(i, c) if !ids.is_empty() => {
                    let mut a = s.account(ids[i % ids.len()]).unwrap().unwrap();
                    a.currency = Currency::new(CODES[c]).unwrap();
                    undo.push(apply(&mut s, Edit::SaveAccount { account: a, term: None }));
                }
                Op::Delete(i) if !ids.is_empty() => {
                    let a = s.account(ids[i % ids.len()]).unwrap().unwrap();
                    let target = RowKey { kind: RowKind::Account, id: a.id.0 };
                    undo.push(apply(&mut s, Edit::Delete { target, version: a.version }));
                }
                Op::Undo => {
                    if let Some(c) = undo.pop() {
                        // Refused when a later change touched its rows: nothing written then.
                        let _ = crate::refresh::undo(&mut s, &c, now(), &RiskConfig::default());
                    }
                }
                _ => {}
            }
            check(&s);
        }
    }
}

/// Another program's writes (sqlite3) keep the tally too: the triggers are the file's.
#[test]
fn writes_by_another_program_keep_the_tally() {
    let mut s = Store::open_in_memory().unwrap();
    let mut facts = generate_range(&DemoOptions { accounts: 9, seed: 4, today: now().date() }, 0..9).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    check(&s);
    let c = s.conn.lite().unwrap();
    c.execute_batch("PRAGMA foreign_keys = OFF; UPDATE account SET currency = 'JPY' WHERE id > 2;").unwrap();
    assert_eq!(s.main_currency().unwrap(), Some(Currency::new("JPY").unwrap()));
    check(&s);
    s.conn.lite().unwrap().execute_batch("DELETE FROM account WHERE currency = 'JPY'").unwrap();
    check(&s);
    s.conn.lite().unwrap().execute_batch("DELETE FROM account").unwrap();
    assert_eq!(s.main_currency().unwrap(), None, "an empty book has none");
}

/// A bulk import and a demo build drop the triggers with the indexes; the tally is
/// counted again when they end, and the triggers are back.
#[test]
fn bulk_loads_count_the_tally_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("import.db")).unwrap();
    let mut tx = s.begin_import(true).unwrap();
    assert!(tx.is_bulk());
    let mut facts =
        generate_range(&DemoOptions { accounts: 40, seed: 5, today: now().date() }, 0..40).unwrap();
    for (i, f) in facts.iter_mut().enumerate() {
        f.account.currency = Currency::new(CODES[i % 5 / 2]).unwrap();
    }
    tx.insert_new(&mut facts, false).unwrap();
    tx.commit().unwrap();
    check(&s);
    assert_eq!(
        s.main_currency().unwrap(),
        Some(Currency::new("CNY").unwrap()),
        "16 CNY, 16 EUR, 8 USD: ties by code"
    );
    let a = Account::new("after", Tier::Mid, Currency::new("EUR").unwrap(), now().date());
    apply(&mut s, Edit::SaveAccount { account: a, term: None });
    assert_eq!(s.main_currency().unwrap(), Some(Currency::new("EUR").unwrap()), "the triggers are back");
    check(&s);

    let path = dir.path().join("demo.db");
    crate::demo::write_demo(
        &path,
        &DemoOptions { accounts: 30, seed: 6, today: now().date() },
        false,
        &mut |_, _| {},
    )
    .unwrap();
    check(&Store::open(&path).unwrap());
}

/// `checkpoint_idle` folds every committed WAL frame into the file (what the
/// dashboard's worker does on its tick, so an edit's commit seldom has to).
#[test]
fn an_idle_checkpoint_folds_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("p.db")).unwrap();
    let mut facts =
        generate_range(&DemoOptions { accounts: 20, seed: 8, today: now().date() }, 0..20).unwrap();
    s.insert_facts(&mut facts, false).unwrap();
    // No automatic checkpoint: what the WAL holds stays there until someone copies it.
    s.conn.lite().unwrap().execute_batch("PRAGMA wal_autocheckpoint = 0").unwrap();
    let a = Account::new("idle", Tier::Mid, Currency::new("CNY").unwrap(), now().date());
    apply(&mut s, Edit::SaveAccount { account: a, term: None });
    let db = || std::fs::metadata(dir.path().join("p.db")).unwrap().len();
    let before = db();
    s.checkpoint_idle().unwrap();
    assert!(db() > before, "the file grew by the pages the WAL held");
    let (left, copied): (i64, i64) = s
        .conn
        .lite()
        .unwrap()
        .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| Ok((r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!(left, copied, "nothing left to copy after the idle checkpoint");
}
