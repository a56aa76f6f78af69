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
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO risk_cache (account_id, as_of, score, band, priority, reasons) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (id, a, priority) in scores {
                let reasons = serde_json::to_string(&a.reasons)
                    .map_err(|e| super::StoreError::Invalid(format!("risk reasons: {e}")))?;
                stmt.execute(params![id.0, as_of, a.score, Ch(a.band), priority, reasons])?;
            }
        }
        tx.commit()?;
        Ok(())
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
