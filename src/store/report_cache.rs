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
/// the cache's key). Integers cast so PostgreSQL's `sum` does not widen them to numeric.
const SHARE_SUMS: &str = "SELECT a.owner, count(*), \
     CAST(coalesce(sum(CASE WHEN rc.as_of = ?1 AND rc.stale = 0 AND rc.rate_live IS NOT NULL THEN 1 ELSE 0 END), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_should_activate), 0) AS bigint), CAST(coalesce(sum(rc.rate_activated), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_live), 0) AS bigint), CAST(coalesce(sum(rc.rate_target), 0) AS bigint), \
     CAST(coalesce(sum(rc.rate_breadth_bp), 0) AS bigint), count(rc.rate_breadth_bp) \
     FROM account a LEFT JOIN risk_cache rc ON rc.account_id = a.id GROUP BY a.owner";

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
            conn.each(SHARE_SUMS, vals![as_of], |r| {
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
/// PostgreSQL plans its own join.
fn terms_sql(conn: &Conn) -> String {
    let from = if conn.as_lite().is_some() { "term NOT INDEXED" } else { "term" };
    format!(
        "SELECT {}, (SELECT owner FROM account WHERE id = term.account_id), \
         (SELECT forecast FROM account WHERE id = term.account_id), \
         (SELECT band FROM risk_cache WHERE account_id = term.account_id) FROM {from} \
         WHERE (\"end\" >= ?1 AND \"end\" <= ?2) OR (\"end\" >= ?3 AND \"end\" <= ?4) \
         ORDER BY account_id, start, id",
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
