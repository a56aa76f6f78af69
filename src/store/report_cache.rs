//! The renewal report's inputs off the risk cache (issue 19): each owner's sums of the
//! accounts' cached rate shares (`domain::metrics::RateShare`, written with the score), and
//! only the terms a figure can come from, read by their end. The rules stay in `domain`:
//! the dates below only narrow what is read, `ReportBuilder` decides each term.
//!
//! Three walks, merged here: every account's owner and call and every cached share with
//! its band (from their index, V20), both in account order, and the terms ending in the
//! windows, sorted here. The engine joined and grouped them before (session 17): 100k seeks
//! of the cached shares by owner and 74k seeks for the terms' owners and bands at 100k
//! accounts, 0.24 s in sqlite3; the three walks take about 0.1 s.

use super::conn::{AnyReader, Conn, vals};
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::metrics::{RateShare, RateSums};
use crate::domain::risk::Band;
use crate::domain::*;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Every cached row's share and band, in account order, with whether its share is current
/// for the day (`?1`). Integers cast so PostgreSQL does not type the flag int4.
const CACHED: &str = "SELECT account_id, \
     CAST(CASE WHEN as_of = ?1 AND stale = 0 AND rate_live IS NOT NULL THEN 1 ELSE 0 END AS bigint), \
     rate_should_activate, rate_activated, rate_live, rate_target, rate_breadth_bp, band \
     FROM risk_cache ORDER BY account_id";

/// `CACHED` for the engine. SQLite is told to read the index of the shares and bands
/// (V20; 4 MB at 100k accounts against a 47-70 MB table whose rows hold the reasons' text).
/// A file read where Radar may not write can lack the index (an interrupted bulk load; a
/// writable open rebuilds it), and naming a missing index is an error: such a file is
/// read off the table.
fn cached_sql(conn: &Conn) -> Result<std::borrow::Cow<'static, str>> {
    let indexed = match conn.as_lite() {
        Some(_) => conn
            .first(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'risk_cache_share'",
                &[],
                |r| r.int(),
            )?
            .is_some(),
        None => false,
    };
    Ok(match indexed {
        true => CACHED.replace("FROM risk_cache", "FROM risk_cache INDEXED BY risk_cache_share").into(),
        false => CACHED.into(),
    })
}

/// One term the report reads, with what it needs of its account.
#[derive(Debug, Clone)]
pub struct ReportTerm {
    pub term: ContractTerm,
    pub owner: String,
    /// The CSM's call on the renewal.
    pub forecast: Option<Forecast>,
    /// The cached band (None: never scored).
    pub band: Option<Band>,
}

impl Store {
    /// In one read snapshot: each owner's sums of the cached rate shares for `as_of`, then
    /// every term whose end falls in one of `ends` (inclusive ranges), in account order
    /// (then start, id). Returns false, having called neither, when some account has no
    /// share current for `as_of` (never scored that day, stale, or written before the
    /// shares were kept): the caller then reads the facts.
    pub fn report_from_cache(
        &self,
        as_of: NaiveDate,
        ends: [(NaiveDate, NaiveDate); 2],
        mut sums: impl FnMut(&str, &RateSums),
        mut term: impl FnMut(ReportTerm) -> Result<()>,
    ) -> Result<bool> {
        self.in_read_tx(|conn| {
            // Sized from the tallies: growing two vectors of 100k doubled the peak memory.
            // A hint only, so a tally edited by hand to an absurd count cannot ask for
            // terabytes: capped at a million accounts (the vectors grow past it).
            let (accounts, _) = self.account_and_score_counts()?;
            let hint = usize::try_from(accounts).unwrap_or(0).min(1_000_000);
            let mut book = Book::read(conn, hint)?;
            let Some(by_owner) = book.add_cached(conn, as_of)? else { return Ok(false) };
            let mut owners: Vec<_> = book.owners.iter().zip(&by_owner).collect();
            owners.sort_by(|a, b| a.0.cmp(b.0));
            for (owner, s) in owners {
                sums(owner, s);
            }
            let terms = terms_in(conn, ends)?;
            let mut k = 0;
            for t in terms {
                // A term of no account (none while the foreign key holds) is passed over.
                while book.ids.get(k).is_some_and(|&id| id < t.account_id.0) {
                    k += 1;
                }
                if book.ids.get(k) != Some(&t.account_id.0) {
                    continue;
                }
                let a = &book.accounts[k];
                let owner = book.owners[a.owner].clone();
                term(ReportTerm { term: t, owner, forecast: a.forecast, band: a.band })?;
            }
            Ok(true)
        })
    }
}

/// Every account in id order with what the report needs of it, its owner interned (a
/// book has a handful of owners): a few bytes an account, not a copy of its owner's name.
struct Book {
    ids: Vec<i64>,
    accounts: Vec<Of>,
    owners: Vec<String>,
}

/// What the report needs of one account: its owner (an index into `Book::owners`), its
/// call, and its cached band (filled by `add_cached`).
struct Of {
    owner: usize,
    forecast: Option<Forecast>,
    band: Option<Band>,
}

impl Book {
    fn read(conn: &Conn, accounts: usize) -> Result<Book> {
        let (ids, of) = (Vec::with_capacity(accounts), Vec::with_capacity(accounts));
        let mut book = Book { ids, accounts: of, owners: Vec::new() };
        let mut index: HashMap<String, usize> = HashMap::new();
        conn.each("SELECT id, owner, forecast FROM account ORDER BY id", &[], |r| {
            let (id, name, forecast) = (r.int()?, r.text()?, r.opt_choice()?);
            let owner = match index.get(&name) {
                Some(&i) => i,
                None => {
                    book.owners.push(name.clone());
                    index.insert(name, book.owners.len() - 1);
                    book.owners.len() - 1
                }
            };
            book.ids.push(id);
            book.accounts.push(Of { owner, forecast, band: None });
            Ok(())
        })?;
        Ok(book)
    }

    /// Walks the cached rows in account order beside the accounts: each account's band,
    /// and each owner's sums (by `owners` index). None as soon as an account has no share
    /// current for `as_of`.
    fn add_cached(&mut self, conn: &Conn, as_of: NaiveDate) -> Result<Option<Vec<RateSums>>> {
        let mut sums = vec![RateSums::default(); self.owners.len()];
        let (mut k, mut current) = (0, true);
        conn.each_while(&cached_sql(conn)?, vals![as_of], |r| {
            let id = r.int()?;
            // A cached row of no account (none while the foreign key holds) is passed over.
            if self.ids.get(k).is_none_or(|&a| a > id) {
                return Ok(true);
            }
            let (fresh, share, band) = read_cached(r)?;
            if self.ids.get(k) != Some(&id) || !fresh {
                // An account before this row has none, or this one's is not current.
                current = false;
                return Ok(false);
            }
            let a = &mut self.accounts[k];
            sums[a.owner].add(&share);
            a.band = band;
            k += 1;
            Ok(true)
        })?;
        Ok((current && k == self.ids.len()).then_some(sums))
    }
}

/// One cached row after its account id: whether its share is current, the share as the
/// report adds it up (`RateSums::from`, the same as a share computed from the facts), the band.
fn read_cached(r: &mut AnyReader<'_, '_>) -> Result<(bool, RateSums, Option<Band>)> {
    let current = r.int()? != 0;
    // Written from the share's flags as 0 or 1 (`RiskWriter`); NULL only on rows from
    // before the shares were kept, which are never current.
    let mut flag = || r.opt_int().map(|v| v.unwrap_or(0) != 0);
    let (should_activate, activated, live, target) = (flag()?, flag()?, flag()?, flag()?);
    let share = RateShare { should_activate, activated, live, target, breadth_bp: r.opt_int()? };
    let band = r.opt_text()?.and_then(|b| Band::parse(&b).ok());
    Ok((current, RateSums::from(share), band))
}

/// The terms whose end falls in one of `ends`, in account order (then start, id).
fn terms_in(conn: &Conn, ends: [(NaiveDate, NaiveDate); 2]) -> Result<Vec<ContractTerm>> {
    let [(a, b), (c, d)] = ends;
    // Counted first (a walk of `term_end`, a few ms): growing the vector as it filled
    // copied it into fresh memory at each doubling (11% of the report's samples at 100k).
    let count = format!("SELECT count(*) FROM term WHERE {WINDOWS}");
    let n = conn.one(&count, vals![a, b, c, d], |r| r.int())?;
    let mut terms = Vec::with_capacity(usize::try_from(n).unwrap_or(0));
    conn.each(&terms_sql(conn), vals![a, b, c, d], |r| {
        terms.push(ContractTerm::read(r)?);
        Ok(())
    })?;
    // Sorted here, not by the engine: SQLite's sorter copied every row of the 27-41k
    // into its own records first (25-30 ms of a 0.16 s report at 100k in sqlite3).
    terms.sort_unstable_by_key(|t| (t.account_id, t.start, t.id));
    Ok(terms)
}

/// The terms whose end falls in one of two ranges, in no order. SQLite walks the whole
/// `term` table rather than `term_end`: at 100k accounts a quarter's terms are a sixth of
/// the table, and fetched by the index they come in date order, each landing on a page read
/// afresh; in table order, which follows the accounts as they were written, neighbours share
/// pages (issue 19). PostgreSQL plans its own read.
fn terms_sql(conn: &Conn) -> String {
    let from = if conn.as_lite().is_some() { "term NOT INDEXED" } else { "term" };
    format!("SELECT {} FROM {from} WHERE {WINDOWS}", ContractTerm::sql().list(false))
}

/// A term ends in one of the two ranges (inclusive).
const WINDOWS: &str = "(\"end\" >= ?1 AND \"end\" <= ?2) OR (\"end\" >= ?3 AND \"end\" <= ?4)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};
    use crate::domain::risk::RiskConfig;

    /// What one term read from the cache comes with: its id, owner, call and band.
    type Read = (TermId, String, Option<Forecast>, Option<Band>);

    /// A demo book of `accounts` (seed `seed`) in memory, every score cached for the day.
    fn scored(accounts: usize, seed: u64) -> (Store, NaiveDate) {
        let mut s = Store::open_in_memory().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let opts = DemoOptions { accounts, seed, today: day };
        let mut facts = generate_range(&opts, 0..accounts).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        crate::refresh::recompute_all(&mut s, day.and_hms_opt(9, 0, 0).unwrap(), &RiskConfig::default())
            .unwrap();
        (s, day)
    }

    /// The sums and terms the report reads from a cache current for `day`.
    fn read(s: &Store, day: NaiveDate) -> (Vec<(String, RateSums)>, Vec<Read>) {
        let (mut sums, mut terms) = (Vec::new(), Vec::new());
        let ends = [(day - chrono::Duration::days(60), day), (day, day + chrono::Duration::days(90))];
        let current = s
            .report_from_cache(
                day,
                ends,
                |o, r| sums.push((o.to_string(), *r)),
                |t| {
                    terms.push((t.term.id, t.owner, t.forecast, t.band));
                    Ok(())
                },
            )
            .unwrap();
        assert!(current);
        (sums, terms)
    }

    /// The cached shares and bands name their index (V20) while the file has it, and read
    /// the same off the table when it does not (a read-only file an interrupted bulk load left
    /// without its indexes: naming a missing index would be an error).
    #[test]
    fn the_sums_are_the_same_with_or_without_their_index() {
        let (s, day) = scored(40, 5);
        assert!(cached_sql(&s.conn).unwrap().contains("INDEXED BY risk_cache_share"));
        let with = read(&s, day);
        assert!(with.0.len() > 1 && !with.1.is_empty(), "{with:?}");
        s.conn.batch("DROP INDEX risk_cache_share").unwrap();
        assert!(!cached_sql(&s.conn).unwrap().contains("INDEXED BY"));
        assert_eq!(read(&s, day), with);
    }

    /// Terms come to the caller in account order (then start, id), which the merge with the
    /// accounts and `from_cache`'s grouping of each account's terms need, whatever order the
    /// file holds them in: a term written last for the first account comes last in table
    /// order (unsorted, the merge passed it over: checked).
    #[test]
    fn terms_come_in_account_order_whatever_order_they_were_written_in() {
        let (mut s, day) = scored(40, 5);
        let first = s.conn.one("SELECT min(id) FROM account", &[], |r| r.int()).unwrap();
        s.conn
            .exec(
                "INSERT INTO term (account_id, start, \"end\", arr_minor, currency) VALUES (?1, '2020-01-01', ?2, 100, 'CNY')",
                vals![first, day],
            )
            .unwrap();
        let written = s.conn.one("SELECT max(id) FROM term", &[], |r| r.int()).unwrap();
        // The new term made its account's score stale: scored again, the cache answers.
        let now = day.and_hms_opt(9, 0, 0).unwrap();
        crate::refresh::recompute_all(&mut s, now, &RiskConfig::default()).unwrap();
        let mut order = Vec::new();
        let ends = [(day, day), (day, day + chrono::Duration::days(90))];
        let current = s
            .report_from_cache(
                day,
                ends,
                |_, _| {},
                |t| {
                    order.push((t.term.account_id, t.term.start, t.term.id));
                    Ok(())
                },
            )
            .unwrap();
        assert!(current);
        assert_eq!(order.first().map(|o| o.0.0), Some(first), "{order:?}");
        assert!(order.len() > 2 && order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert!(order.iter().any(|o| o.0.0 == first && o.2.0 == written), "{order:?}");
    }

    /// The tally the account vector is sized from is a hint: edited by hand to an absurd
    /// count (or to a negative one), the report still reads what the file holds.
    #[test]
    fn an_absurd_account_tally_changes_nothing() {
        let (s, day) = scored(20, 7);
        let want = read(&s, day);
        for count in [i64::MAX / 4, -5] {
            s.conn.exec("UPDATE currency_tally SET accounts = ?1", vals![count]).unwrap();
            assert_eq!(read(&s, day), want, "{count}");
        }
    }
}
