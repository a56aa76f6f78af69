//! The portfolio list (one row per account, one query) and the cached risk scores it shows.

use super::codec::{self, Ch};
use super::scan::Parts;
use super::{Result, Store, StoreError};
use crate::domain::risk::{Assessment, Band};
use crate::domain::*;
use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

/// What the portfolio list shows of an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortfolioRow {
    pub id: AccountId,
    pub external_id: Option<String>,
    pub name: String,
    pub tier: Tier,
    pub stage: Stage,
    pub owner: String,
    pub industry: String,
    pub forecast: Option<Forecast>,
    pub arr: Money,
    pub renewal_date: Option<NaiveDate>,
    pub last_touch: Option<NaiveDate>,
    pub overdue_milestones: u32,
    /// From the risk cache; None until computed.
    pub score: Option<u32>,
    pub band: Option<Band>,
    pub priority: i64,
}

/// One portfolio row per account (`?1` is today: it decides which milestones are overdue).
/// The open term is joined, not looked up per row: an account has at most one open term,
/// `validate_terms` guarantees it. Public for the benchmark's bare-rusqlite floor.
pub const PORTFOLIO_SELECT: &str = "SELECT a.id, a.external_id, a.name, a.tier, a.stage, a.owner, a.industry, a.forecast, a.currency, \
       COALESCE(cur.arr_minor, (SELECT arr_minor FROM term t WHERE t.account_id = a.id ORDER BY t.start DESC LIMIT 1)), \
       cur.end, \
       (SELECT max(date) FROM touchpoint p WHERE p.account_id = a.id AND p.date <= ?1), \
       (SELECT count(*) FROM milestone m WHERE m.account_id = a.id AND m.status = 'pending' AND m.due < ?1), \
       rc.score, rc.band, rc.priority \
     FROM account a \
     LEFT JOIN term cur ON cur.account_id = a.id AND cur.outcome IS NULL \
     LEFT JOIN risk_cache rc ON rc.account_id = a.id";

impl Store {
    /// Every account as a portfolio row, ordered by id. `today` decides which milestones are overdue.
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<PortfolioRow>> {
        let sql = format!("{PORTFOLIO_SELECT} ORDER BY a.id");
        self.portfolio_rows(&sql, params![today])
    }

    /// The first page of the triage order, for a first frame that does not wait for the
    /// whole portfolio: every account whose cached (priority, score) is at least that of
    /// the `n`th highest (ties included, so the page is exactly the top of the list), and
    /// the number of accounts. Empty if the risk cache does not cover every account.
    pub fn portfolio_top(&self, today: NaiveDate, n: usize) -> Result<(Vec<PortfolioRow>, usize)> {
        let (total, scored): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM account), (SELECT count(*) FROM risk_cache)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if scored < total || n == 0 {
            return Ok((Vec::new(), usize::try_from(total).unwrap_or(0)));
        }
        let sql = format!(
            "{PORTFOLIO_SELECT} WHERE a.id IN (SELECT account_id FROM risk_cache WHERE (priority, score) >= \
               (SELECT priority, score FROM risk_cache ORDER BY priority DESC, score DESC LIMIT 1 OFFSET ?2)) \
             ORDER BY a.id"
        );
        let offset = i64::try_from(n - 1).unwrap_or(i64::MAX);
        Ok((self.portfolio_rows(&sql, params![today, offset])?, usize::try_from(total).unwrap_or(0)))
    }

    fn portfolio_rows(&self, sql: &str, params: impl rusqlite::Params) -> Result<Vec<PortfolioRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, |r| {
            let currency = codec::currency(r, 8)?;
            Ok(PortfolioRow {
                id: AccountId(r.get(0)?),
                external_id: r.get(1)?,
                name: r.get(2)?,
                tier: codec::choice(r, 3)?,
                stage: codec::choice(r, 4)?,
                owner: r.get(5)?,
                industry: r.get(6)?,
                forecast: codec::opt_choice(r, 7)?,
                arr: Money::new(r.get::<_, Option<i64>>(9)?.unwrap_or(0), currency),
                renewal_date: codec::opt_date(r, 10)?,
                last_touch: codec::opt_date(r, 11)?,
                overdue_milestones: r.get(12)?,
                score: r.get(13)?,
                band: codec::opt_choice(r, 14)?,
                priority: r.get::<_, Option<i64>>(15)?.unwrap_or(0),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the cached risk of the given accounts, in one transaction.
    pub fn save_risk(&mut self, as_of: NaiveDate, scores: &[(AccountId, &Assessment, i64)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_risk(&tx, as_of, scores.iter().map(|(id, a, p)| (*id, *a, *p)))?;
        tx.commit()?;
        Ok(())
    }

    /// Loads one account's facts, scores it and stores the result in one write transaction
    /// (see `recompute_risk_all`). Returns false if the account no longer exists.
    pub fn recompute_risk_one(
        &mut self,
        id: AccountId,
        as_of: NaiveDate,
        score: impl Fn(&AccountFacts) -> (Assessment, i64),
    ) -> Result<bool> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let Some(f) = super::load::load_one(&tx, id)? else { return Ok(false) };
        let (a, p) = score(&f);
        write_risk(&tx, as_of, std::iter::once((id, &a, p)))?;
        tx.commit()?;
        Ok(true)
    }

    /// Scores every account with `score` and stores the results, reading and writing in
    /// one write transaction: an edit made by another process cannot slip between the read
    /// and the write and have its fresh score overwritten by a stale one. Other writers
    /// wait (busy handler) for the second or so a 100k portfolio takes.
    ///
    /// Facts are streamed, one account at a time. A large portfolio is split in two at
    /// the middle account: a helper thread reads and scores the upper half on a second,
    /// read-only connection while this one does the lower half and writes. The helper's
    /// snapshot is the one this transaction sees: it starts after the write lock is
    /// taken, so nothing can commit in between.
    pub fn recompute_risk_all(
        &mut self,
        as_of: NaiveDate,
        score: impl Fn(&AccountFacts) -> (Assessment, i64) + Sync,
    ) -> Result<usize> {
        // The cache is derived: after a power cut it may lose this commit (its as_of then
        // says so and it is recomputed), never be half written. So no fsync of the 45 MB
        // of WAL this writes at 100k; FULL again for everything after.
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        let result = self.recompute_risk_all_in_tx(as_of, &score);
        let restored = self.conn.pragma_update(None, "synchronous", "FULL");
        let n = result?;
        restored?;
        Ok(n)
    }

    fn recompute_risk_all_in_tx(
        &mut self,
        as_of: NaiveDate,
        score: &(impl Fn(&AccountFacts) -> (Assessment, i64) + Sync),
    ) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let split = match self.path.to_str() {
            Some(":memory:") | None => None,
            Some(_) => middle_account(&tx)?,
        };
        let path = &self.path;
        let n = std::thread::scope(|s| -> Result<usize> {
            let helper = split.map(|mid| {
                s.spawn(move || -> Result<Vec<RiskRow>> {
                    let conn = super::read_only::open_reader(path, false)?;
                    let read = conn.unchecked_transaction()?;
                    let mut out = Vec::new();
                    super::scan::scan_range(&read, Parts::SCORING, (mid, i64::MAX), |f| {
                        let (a, p) = score(&f);
                        out.push(RiskRow::new(f.account.id, &a, p)?);
                        Ok(())
                    })?;
                    Ok(out)
                })
            });
            let mut write = RiskWriter::new(&tx, as_of)?;
            let lower = (i64::MIN, split.map_or(i64::MAX, |m| m - 1));
            let mut n = super::scan::scan_range(&tx, Parts::SCORING, lower, |f| {
                let (a, p) = score(&f);
                write.row(&RiskRow::new(f.account.id, &a, p)?)
            })?;
            if let (Some(h), Some(mid)) = (helper, split) {
                match h.join() {
                    Ok(Ok(upper)) => {
                        n += upper.len();
                        for row in &upper {
                            write.row(row)?;
                        }
                    }
                    // The second connection could not be had (or failed): this one, still
                    // in the same transaction, does the upper half too.
                    _ => {
                        n += super::scan::scan_range(&tx, Parts::SCORING, (mid, i64::MAX), |f| {
                            let (a, p) = score(&f);
                            write.row(&RiskRow::new(f.account.id, &a, p)?)
                        })?;
                    }
                }
            }
            Ok(n)
        })?;
        tx.commit()?;
        Ok(n)
    }

    /// Each account's cached risk band (accounts never scored are absent).
    pub fn cached_bands(&self) -> Result<std::collections::HashMap<AccountId, Band>> {
        let mut stmt = self.conn.prepare_cached("SELECT account_id, band FROM risk_cache")?;
        let rows = stmt.query_map([], |r| Ok((AccountId(r.get(0)?), codec::choice(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The currency most accounts are billed in (ties: the first by code); None if empty.
    pub fn main_currency(&self) -> Result<Option<Currency>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT currency FROM account GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1",
        )?;
        let mut rows = stmt.query([])?;
        match rows.next()? {
            Some(r) => Ok(Some(codec::currency(r, 0)?)),
            None => Ok(None),
        }
    }

    /// The date the cached scores were computed for (None if never, or mixed with stale rows).
    pub fn risk_as_of(&self) -> Result<Option<NaiveDate>> {
        Ok(self.conn.query_row(
            "SELECT CASE WHEN count(DISTINCT as_of) = 1 AND count(*) = (SELECT count(*) FROM account) \
             THEN min(as_of) END FROM risk_cache",
            [],
            |r| r.get(0),
        )?)
    }
}

/// From this many accounts on, a full recompute reads and scores on two threads.
const PARALLEL_FROM: i64 = 5_000;

/// The id splitting the accounts in two halves, for portfolios worth two threads.
fn middle_account(conn: &rusqlite::Connection) -> Result<Option<i64>> {
    let n: i64 = conn.query_row("SELECT count(*) FROM account", [], |r| r.get(0))?;
    if n < PARALLEL_FROM {
        return Ok(None);
    }
    Ok(Some(conn.query_row("SELECT id FROM account ORDER BY id LIMIT 1 OFFSET ?1", [n / 2], |r| r.get(0))?))
}

/// One risk cache row, ready to write (the reasons already serialised, off the writer).
struct RiskRow {
    id: AccountId,
    score: u32,
    band: Band,
    priority: i64,
    reasons: String,
}

impl RiskRow {
    fn new(id: AccountId, a: &Assessment, priority: i64) -> Result<RiskRow> {
        let reasons = serde_json::to_string(&a.reasons)
            .map_err(|e| StoreError::Invalid(format!("risk reasons: {e}")))?;
        Ok(RiskRow { id, score: a.score, band: a.band, priority, reasons })
    }
}

struct RiskWriter<'c> {
    stmt: rusqlite::CachedStatement<'c>,
    as_of: super::dates::D,
}

impl<'c> RiskWriter<'c> {
    fn new(conn: &'c rusqlite::Connection, as_of: NaiveDate) -> Result<RiskWriter<'c>> {
        let stmt = conn.prepare_cached(
            "INSERT INTO risk_cache (account_id, as_of, score, band, priority, reasons) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id) DO UPDATE SET as_of = excluded.as_of, \
             score = excluded.score, band = excluded.band, priority = excluded.priority, reasons = excluded.reasons",
        )?;
        Ok(RiskWriter { stmt, as_of: super::dates::d(as_of) })
    }

    fn row(&mut self, r: &RiskRow) -> Result<()> {
        self.stmt.execute(params![r.id.0, self.as_of, r.score, Ch(r.band), r.priority, r.reasons])?;
        Ok(())
    }
}

pub(super) fn write_risk<'a>(
    conn: &rusqlite::Connection,
    as_of: NaiveDate,
    scores: impl Iterator<Item = (AccountId, &'a Assessment, i64)>,
) -> Result<()> {
    let mut w = RiskWriter::new(conn, as_of)?;
    for (id, a, priority) in scores {
        w.row(&RiskRow::new(id, a, priority)?)?;
    }
    Ok(())
}
