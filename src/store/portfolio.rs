//! The portfolio list (one row per account, one query) and the cached risk scores it shows.

use super::codec::{self, Ch};
use super::{Result, Store};
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

impl Store {
    /// Every account as a portfolio row, ordered by id. `today` decides which milestones are overdue.
    /// (The open term is joined, not looked up per row: an account has at most one open
    /// term, `validate_terms` guarantees it.)
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<PortfolioRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.external_id, a.name, a.tier, a.stage, a.owner, a.industry, a.forecast, a.currency, \
               COALESCE(cur.arr_minor, (SELECT arr_minor FROM term t WHERE t.account_id = a.id ORDER BY t.start DESC LIMIT 1)), \
               cur.end, \
               (SELECT max(date) FROM touchpoint p WHERE p.account_id = a.id AND p.date <= ?1), \
               (SELECT count(*) FROM milestone m WHERE m.account_id = a.id AND m.status = 'pending' AND m.due < ?1), \
               rc.score, rc.band, rc.priority \
             FROM account a \
             LEFT JOIN term cur ON cur.account_id = a.id AND cur.outcome IS NULL \
             LEFT JOIN risk_cache rc ON rc.account_id = a.id ORDER BY a.id",
        )?;
        let rows = stmt.query_map(params![today], |r| {
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

    /// Loads every account's facts, scores each with `score`, and stores the results, all
    /// inside one write transaction: an edit made by another process cannot slip between
    /// the read and the write and have its fresh score overwritten by a stale one. Other
    /// writers wait (busy timeout) for the few seconds a 100k portfolio takes.
    pub fn recompute_risk_all(
        &mut self,
        as_of: NaiveDate,
        score: impl Fn(&AccountFacts) -> (Assessment, i64),
    ) -> Result<usize> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let all = super::load::load_all(&tx)?;
        let scored: Vec<(AccountId, Assessment, i64)> = all
            .iter()
            .map(|f| {
                let (a, p) = score(f);
                (f.account.id, a, p)
            })
            .collect();
        write_risk(&tx, as_of, scored.iter().map(|(id, a, p)| (*id, a, *p)))?;
        tx.commit()?;
        Ok(scored.len())
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

fn write_risk<'a>(
    conn: &rusqlite::Connection,
    as_of: NaiveDate,
    scores: impl Iterator<Item = (AccountId, &'a Assessment, i64)>,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR REPLACE INTO risk_cache (account_id, as_of, score, band, priority, reasons) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let as_of = super::dates::d(as_of);
    for (id, a, priority) in scores {
        let reasons = serde_json::to_string(&a.reasons)
            .map_err(|e| super::StoreError::Invalid(format!("risk reasons: {e}")))?;
        stmt.execute(params![id.0, as_of, a.score, Ch(a.band), priority, reasons])?;
    }
    Ok(())
}
