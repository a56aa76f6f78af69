//! The renewal report's inputs off the risk cache (issue 19): each owner's sums of the
//! accounts' cached rate shares (`domain::metrics::RateShare`, written with the score), and
//! only the terms a figure can come from, read by their end. The rules stay in `domain`:
//! the dates below only narrow what is read, `ReportBuilder` decides each term.

use super::conn::{AnyReader, Conn, vals};
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::metrics::RateSums;
use crate::domain::risk::Band;
use crate::domain::*;
use chrono::NaiveDate;

/// Per owner: how many accounts, how many of them have a share current for the day, and
/// the sums of those shares. Summed by the engine (SQLite reads it off `account_owner` and
/// `risk_cache_share`, see `share_sums_sql`). Integers cast so PostgreSQL's `sum` does not
/// widen them to numeric.
const SHARE_SUMS: &str = "SELECT a.owner, count(*), \
     CAST(coalesce(sum(CASE WHEN rc.as_of = ?1 AND rc.stale = 0 AND rc.rate_live IS NOT NULL THEN 1 ELSE 0 END), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_should_activate), 0) AS bigint), CAST(coalesce(sum(rc.rate_activated), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_live), 0) AS bigint), CAST(coalesce(sum(rc.rate_target), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_breadth_bp), 0) AS bigint), count(rc.rate_breadth_bp) \
     FROM account a LEFT JOIN risk_cache rc ON rc.account_id = a.id GROUP BY a.owner";

/// `SHARE_SUMS` for the engine. SQLite is told to read the cache's rows from their index
/// (V19): by the table's key each of 100k seeks lands in a 47 MB table whose rows hold the
/// reasons' text; the index holds only what is summed (3 MB). A file read where Radar may
/// not write can lack the index (an interrupted bulk load; a writable open rebuilds it),
/// and naming a missing index is an error: such a file is summed off the table.
fn share_sums_sql(conn: &Conn) -> Result<std::borrow::Cow<'static, str>> {
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
        true => SHARE_SUMS.replace("risk_cache rc", "risk_cache rc INDEXED BY risk_cache_share").into(),
        false => SHARE_SUMS.into(),
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
            let terms = terms_sql(conn);
            let mut owners = Vec::new();
            let mut current = true;
            conn.each(&share_sums_sql(conn)?, vals![as_of], |r| {
                let owner = r.text()?;
                let (accounts, shared) = (r.int()?, r.int()?);
                current &= accounts == shared;
                let s = RateSums {
                    should_activate: r.int()?,
                    activated: r.int()?,
                    live: r.int()?,
                    target: r.int()?,
                    breadth_bp: r.int()?,
                    with_usage: r.int()?,
                };
                owners.push((owner, s));
                Ok(())
            })?;
            if !current {
                return Ok(false);
            }
            for (owner, s) in &owners {
                sums(owner, s);
            }
            let [(a, b), (c, d)] = ends;
            conn.each(&terms, vals![a, b, c, d], |r| term(report_term(r)?))?;
            Ok(true)
        })
    }
}

/// The terms whose end falls in one of two ranges, each with its account's owner, call and
/// cached band. SQLite walks the whole `term` table rather than `term_end`: at 100k
/// accounts a quarter's terms are a sixth of the table, and fetched by the index they come
/// in date order, so each one and each of its three lookups lands on a page read
/// afresh (129k page reads, 0.60 s in sqlite3). In table order, which follows the accounts
/// as they were written, neighbours share pages (43k reads, 0.12-0.18 s; issue 19).
/// The account's owner and call come from one join (they were two lookups of the same
/// row). PostgreSQL plans its own join.
fn terms_sql(conn: &Conn) -> String {
    let from = if conn.as_lite().is_some() { "term NOT INDEXED" } else { "term" };
    format!(
        "SELECT t.*, a.owner, a.forecast, rc.band FROM (SELECT {} FROM {from} \
         WHERE (\"end\" >= ?1 AND \"end\" <= ?2) OR (\"end\" >= ?3 AND \"end\" <= ?4)) t \
         JOIN account a ON a.id = t.account_id LEFT JOIN risk_cache rc ON rc.account_id = t.account_id \
         ORDER BY t.account_id, t.start, t.id",
        ContractTerm::sql().list(false)
    )
}

fn report_term(r: &mut AnyReader<'_, '_>) -> Result<ReportTerm> {
    let term = ContractTerm::read(r)?;
    let owner = r.text()?;
    let forecast = r.opt_choice()?;
    let band = r.opt_text()?.and_then(|b| Band::parse(&b).ok());
    Ok(ReportTerm { term, owner, forecast, band })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{DemoOptions, generate_range};
    use crate::domain::risk::RiskConfig;

    /// The sums and terms the report reads from a cache current for `day`.
    fn read(s: &Store, day: NaiveDate) -> (Vec<(String, RateSums)>, usize) {
        let (mut sums, mut terms) = (Vec::new(), 0);
        let ends = [(day - chrono::Duration::days(60), day), (day, day + chrono::Duration::days(90))];
        let current = s
            .report_from_cache(
                day,
                ends,
                |o, r| sums.push((o.to_string(), *r)),
                |_| {
                    terms += 1;
                    Ok(())
                },
            )
            .unwrap();
        assert!(current);
        (sums, terms)
    }

    /// The per-owner sums name their index (V19) while the file has it, and read the same
    /// off the table when it does not (a read-only file an interrupted bulk load left
    /// without its indexes: naming a missing index would be an error).
    #[test]
    fn the_sums_are_the_same_with_or_without_their_index() {
        let mut s = Store::open_in_memory().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut facts = generate_range(&DemoOptions { accounts: 40, seed: 5, today: day }, 0..40).unwrap();
        s.insert_facts(&mut facts, false).unwrap();
        crate::refresh::recompute_all(&mut s, day.and_hms_opt(9, 0, 0).unwrap(), &RiskConfig::default())
            .unwrap();
        assert!(share_sums_sql(&s.conn).unwrap().contains("INDEXED BY risk_cache_share"));
        let with = read(&s, day);
        assert!(with.0.len() > 1 && with.1 > 0, "{with:?}");
        s.conn.batch("DROP INDEX risk_cache_share").unwrap();
        assert!(!share_sums_sql(&s.conn).unwrap().contains("INDEXED BY"));
        assert_eq!(read(&s, day), with);
    }
}
