//! The cached risk score of each account: written after every edit of the account, and
//! recomputed for the whole portfolio when the date or the weights change.

use super::conn::{Conn, Tx, vals};
use super::tables::Reader;
use super::{Result, Store, StoreError};
use crate::domain::metrics::RateShare;
use crate::domain::risk::{Assessment, Band};
use crate::domain::*;
use chrono::NaiveDate;

impl Store {
    /// Replaces the cached risk of the given accounts, in one transaction.
    pub fn save_risk(
        &mut self,
        as_of: NaiveDate,
        rules: &str,
        scores: &[(AccountId, &Assessment, i64, RateShare)],
    ) -> Result<()> {
        let tx = Tx::deferred(&self.conn)?;
        write_risk(&self.conn, as_of, rules, scores.iter().map(|(id, a, p, s)| (*id, *a, *p, *s)))?;
        tx.commit()?;
        Ok(())
    }

    /// Loads one account's facts, scores it and stores the result in one write transaction
    /// (see `recompute_risk_all`). Returns false if the account no longer exists.
    pub fn recompute_risk_one(
        &mut self,
        id: AccountId,
        as_of: NaiveDate,
        rules: &str,
        score: impl Fn(&AccountFacts) -> (Assessment, i64),
    ) -> Result<bool> {
        let tx = Tx::write(&self.conn)?;
        let Some(f) = super::load::load_one(&self.conn, id)? else { return Ok(false) };
        let (a, p) = score(&f);
        write_risk(&self.conn, as_of, rules, std::iter::once((id, &a, p, RateShare::of(&f, as_of))))?;
        tx.commit()?;
        Ok(true)
    }

    /// Each account's cached risk band (accounts never scored are absent).
    pub fn cached_bands(&self) -> Result<std::collections::HashMap<AccountId, Band>> {
        let mut out = std::collections::HashMap::new();
        self.conn.each("SELECT account_id, band FROM risk_cache", &[], |r| {
            out.insert(AccountId(r.int()?), r.choice()?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The currency most accounts are billed in (ties: the first by code); None if empty.
    /// Every rescore asks (without a reporting currency ARR is weighed in it): SQLite
    /// reads the tally its triggers keep (V16), a few rows; the team database counts.
    pub fn main_currency(&self) -> Result<Option<Currency>> {
        let sql = match self.conn {
            Conn::Lite(_) => {
                "SELECT currency FROM currency_tally WHERE accounts > 0 ORDER BY accounts DESC, currency LIMIT 1"
            }
            _ => "SELECT currency FROM account GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1",
        };
        self.conn.first(sql, &[], |r| r.currency())
    }

    /// How many accounts are billed in each currency that has any: SQLite reads its tally
    /// (a few rows), the team database counts.
    pub fn currency_counts(&self) -> Result<Vec<(Currency, u64)>> {
        let sql = match self.conn {
            Conn::Lite(_) => {
                "SELECT currency, accounts FROM currency_tally WHERE accounts > 0 ORDER BY currency"
            }
            _ => "SELECT currency, count(*) FROM account GROUP BY currency ORDER BY currency",
        };
        self.conn.all(sql, &[], |r| Ok((r.currency()?, u64::from(r.uint()?))))
    }

    /// The date the cached scores were computed for (None if never, or mixed with stale rows).
    pub fn risk_as_of(&self) -> Result<Option<NaiveDate>> {
        self.conn.one(
            "SELECT CASE WHEN count(DISTINCT as_of) = 1 AND count(*) = (SELECT count(*) FROM account) \
             THEN min(as_of) END FROM risk_cache",
            &[],
            |r| r.opt_date(),
        )
    }
}

/// One risk cache row, ready to write (the reasons already serialised, off the writer).
pub(super) struct RiskRow {
    id: AccountId,
    score: u32,
    band: Band,
    priority: i64,
    reasons: String,
    /// The account's share of the report's portfolio rates on the same day.
    share: RateShare,
}

impl RiskRow {
    /// The row of the account `f`, scored `a` with `priority` on `as_of`.
    pub(super) fn new(f: &AccountFacts, as_of: NaiveDate, a: &Assessment, priority: i64) -> Result<RiskRow> {
        RiskRow::of(f.account.id, a, priority, RateShare::of(f, as_of))
    }

    fn of(id: AccountId, a: &Assessment, priority: i64, share: RateShare) -> Result<RiskRow> {
        let reasons = serde_json::to_string(&a.reasons)
            .map_err(|e| StoreError::Invalid(format!("risk reasons: {e}")))?;
        Ok(RiskRow { id, score: a.score, band: a.band, priority, reasons, share })
    }
}

pub(super) struct RiskWriter<'c, 'r> {
    conn: &'c Conn,
    /// SQLite: the statements held for the whole recompute (100k rows).
    lite: Option<LiteWrites<'c>>,
    as_of: NaiveDate,
    rules: &'r str,
    /// Every account written has no row yet (`for_new_accounts`).
    fresh: bool,
}

/// SQLite writes a score by `UPDATE` and inserts only when that found no row. One upsert
/// did both, but the insert trigger of `risk_tally` makes every run of an `INSERT` a
/// statement SQLite may have to undo halfway, so it copied each page the statement was
/// about to change into a statement journal first: at 100k accounts 550k writes of 4 KiB
/// to a temporary file per full recompute (`strace -c`: 613k `pwrite64` calls, 48k of
/// them the WAL's). An `UPDATE` of a table with no update trigger, not changing its key,
/// needs no statement journal.
struct LiteWrites<'c> {
    update: rusqlite::CachedStatement<'c>,
    upsert: rusqlite::CachedStatement<'c>,
}

const UPSERT_RISK: &str = "INSERT INTO risk_cache (account_id, as_of, score, band, priority, reasons, rules, stale, \
     rate_should_activate, rate_activated, rate_live, rate_target, rate_breadth_bp) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (account_id) DO UPDATE SET \
     as_of = excluded.as_of, score = excluded.score, band = excluded.band, priority = excluded.priority, \
     reasons = excluded.reasons, rules = excluded.rules, stale = 0, \
     rate_should_activate = excluded.rate_should_activate, rate_activated = excluded.rate_activated, \
     rate_live = excluded.rate_live, rate_target = excluded.rate_target, rate_breadth_bp = excluded.rate_breadth_bp";

/// The same values as `UPSERT_RISK` (same parameters), for an account already scored.
const UPDATE_RISK: &str = "UPDATE risk_cache SET as_of = ?2, score = ?3, band = ?4, priority = ?5, reasons = ?6, \
     rules = ?7, stale = 0, rate_should_activate = ?8, rate_activated = ?9, rate_live = ?10, rate_target = ?11, \
     rate_breadth_bp = ?12 WHERE account_id = ?1";

impl<'c, 'r> RiskWriter<'c, 'r> {
    /// `rules`: `domain::risk::rules_stamp` of the settings the scores were computed with.
    /// Each row written is current (`stale` cleared): its account's facts were read in
    /// this transaction.
    pub(super) fn new(conn: &'c Conn, as_of: NaiveDate, rules: &'r str) -> Result<RiskWriter<'c, 'r>> {
        let lite = match conn.as_lite() {
            Some(c) => Some(LiteWrites {
                update: c.prepare_cached(UPDATE_RISK)?,
                upsert: c.prepare_cached(UPSERT_RISK)?,
            }),
            None => None,
        };
        Ok(RiskWriter { conn, lite, as_of, rules, fresh: false })
    }

    /// For accounts this transaction inserted (an import's new ones): no row to update, so
    /// each score is inserted at once (the `UPDATE` that finds nothing was half the writes'
    /// statements, 4% of a 100k import).
    pub(super) fn for_new_accounts(mut self) -> Self {
        self.fresh = true;
        self
    }

    pub(super) fn row(&mut self, r: &RiskRow) -> Result<()> {
        let s = r.share;
        let vals = vals![
            r.id.0,
            self.as_of,
            i64::from(r.score),
            r.band.id(),
            r.priority,
            &r.reasons,
            self.rules,
            i64::from(s.should_activate),
            i64::from(s.activated),
            i64::from(s.live),
            i64::from(s.target),
            s.breadth_bp
        ];
        match &mut self.lite {
            Some(w) => {
                let updated = !self.fresh && {
                    super::sqlite::lite::bind_vals(&mut w.update, vals)?;
                    w.update.raw_execute()? > 0
                };
                if !updated {
                    super::sqlite::lite::bind_vals(&mut w.upsert, vals)?;
                    w.upsert.raw_execute()?;
                }
            }
            None => {
                self.conn.exec(UPSERT_RISK, vals)?;
            }
        }
        Ok(())
    }
}

pub(super) fn write_risk<'a>(
    conn: &Conn,
    as_of: NaiveDate,
    rules: &str,
    scores: impl Iterator<Item = (AccountId, &'a Assessment, i64, RateShare)>,
) -> Result<()> {
    write_rows(RiskWriter::new(conn, as_of, rules)?, scores)
}

/// Writes one row per score through `w` (`RiskWriter::for_new_accounts` for accounts the
/// transaction inserted).
pub(super) fn write_rows<'a>(
    mut w: RiskWriter<'_, '_>,
    scores: impl Iterator<Item = (AccountId, &'a Assessment, i64, RateShare)>,
) -> Result<()> {
    for (id, a, priority, share) in scores {
        w.row(&RiskRow::of(id, a, priority, share)?)?;
    }
    Ok(())
}
