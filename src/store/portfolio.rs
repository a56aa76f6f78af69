//! The portfolio list (one row per account, one query) and the cached risk scores it shows.

use super::conn::{Val, vals};
use super::tables::Reader;
use super::{Result, Store};
use crate::domain::risk::Band;
use crate::domain::*;
use chrono::NaiveDate;
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
    /// Its stage as a reference account (标杆案例), if it is one.
    pub reference: Option<ReferenceStage>,
    pub arr: Money,
    /// False when the account has no contract term at all (a CRM's companies imported):
    /// its ARR is unknown, not zero.
    pub has_term: bool,
    pub renewal_date: Option<NaiveDate>,
    pub last_touch: Option<NaiveDate>,
    pub overdue_milestones: u32,
    /// From the risk cache; None until computed.
    pub score: Option<u32>,
    pub band: Option<Band>,
    pub priority: i64,
}

/// An account's ARR, renewal date and cached score: what the agenda's value at stake is
/// made of (`Store::stakes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountStake {
    pub id: AccountId,
    pub arr: Money,
    pub renewal_date: Option<NaiveDate>,
    pub score: Option<u32>,
}

/// The account's ARR column: its open term's (`cur`), else its latest term's. Shared by
/// the portfolio row and the agenda's stakes so the two cannot disagree.
macro_rules! arr_of_account {
    () => {
        "COALESCE(cur.arr_minor, (SELECT arr_minor FROM term t WHERE t.account_id = a.id ORDER BY t.start DESC LIMIT 1))"
    };
}

/// Each account (`a`) with its open term (`cur`) and its cached score (`rc`).
macro_rules! accounts_with_term_and_score {
    () => {
        " FROM account a \
          LEFT JOIN term cur ON cur.account_id = a.id AND cur.outcome IS NULL \
          LEFT JOIN risk_cache rc ON rc.account_id = a.id"
    };
}

/// One portfolio row per account (`?1` is today, for the last touch up to it). The overdue
/// milestones are counted after the query (`derived_due`): pending ones are derived.
/// The open term is joined, not looked up per row: an account has at most one open term,
/// `validate_terms` guarantees it.
pub(super) const PORTFOLIO_SELECT: &str = concat!(
    "SELECT a.id, a.external_id, a.name, a.tier, a.stage, a.owner, a.industry, a.forecast, a.reference_stage, a.currency, ",
    arr_of_account!(),
    ", cur.\"end\", \
       (SELECT max(date) FROM touchpoint p WHERE p.account_id = a.id AND p.date <= ?1), \
       rc.score, rc.band, rc.priority, a.created_on",
    accounts_with_term_and_score!()
);

/// `Store::stakes`: the portfolio row's id, currency, ARR, renewal date and score only.
const STAKES_SELECT: &str = concat!(
    "SELECT a.id, a.currency, ",
    arr_of_account!(),
    ", cur.\"end\", rc.score",
    accounts_with_term_and_score!(),
    " ORDER BY a.id"
);

/// `STAKES_SELECT` of one account (`?1`).
const STAKE_OF: &str = concat!(
    "SELECT a.id, a.currency, ",
    arr_of_account!(),
    ", cur.\"end\", rc.score",
    accounts_with_term_and_score!(),
    " WHERE a.id = ?1"
);

impl Store {
    /// Every account as a portfolio row, ordered by id. `today` decides which milestones are overdue.
    pub fn portfolio(&self, today: NaiveDate) -> Result<Vec<PortfolioRow>> {
        let sql = format!("{PORTFOLIO_SELECT} ORDER BY a.id");
        self.portfolio_rows(&sql, vals![today], today)
    }

    /// What the agenda ranks each account by (its ARR, renewal date and cached score, as
    /// its portfolio row has them), in id order: the portfolio's columns without the
    /// subqueries and text the agenda does not read (issue 19: opening the agenda at 100k
    /// held a whole second portfolio).
    pub fn stakes(&self) -> Result<Vec<AccountStake>> {
        self.conn.all(STAKES_SELECT, &[], |r| stake_row(r))
    }

    /// `stakes` of some accounts (those an edit changed), one seek each; in `ids`' order,
    /// without the accounts that are gone.
    pub fn stakes_of(&self, ids: &[AccountId]) -> Result<Vec<AccountStake>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.conn.first(STAKE_OF, vals![id.0], |r| stake_row(r))?);
        }
        Ok(out)
    }

    /// The first page of the triage order, for a first frame that does not wait for the
    /// whole portfolio: every account whose cached (priority, score) is at least that of
    /// the `n`th highest (ties included, so the page is exactly the top of the list), and
    /// the number of accounts. Empty if the risk cache does not cover every account.
    pub fn portfolio_top(&self, today: NaiveDate, n: usize) -> Result<(Vec<PortfolioRow>, usize)> {
        let (total, scored) = self.account_and_score_counts()?;
        if scored < total || n == 0 {
            return Ok((Vec::new(), usize::try_from(total).unwrap_or(0)));
        }
        let sql = format!(
            "{PORTFOLIO_SELECT} WHERE a.id IN (SELECT account_id FROM risk_cache WHERE (priority, score) >= \
               (SELECT priority, score FROM risk_cache ORDER BY priority DESC, score DESC LIMIT 1 OFFSET ?2)) \
             ORDER BY a.id"
        );
        let offset = i64::try_from(n - 1).unwrap_or(i64::MAX);
        Ok((self.portfolio_rows(&sql, vals![today, offset], today)?, usize::try_from(total).unwrap_or(0)))
    }

    /// The rows of a `PORTFOLIO_SELECT`, each with its overdue milestones on `today`.
    pub(super) fn portfolio_rows(
        &self,
        sql: &str,
        vals: &[Val<'_>],
        today: NaiveDate,
    ) -> Result<Vec<PortfolioRow>> {
        self.in_read_tx(|conn| {
            let read = conn.all(sql, vals, |r| portfolio_row(r))?;
            let accounts: Vec<_> = read.iter().map(|(r, arrived)| (r.id, r.tier, *arrived)).collect();
            let mut rows: Vec<PortfolioRow> = read.into_iter().map(|(r, _)| r).collect();
            let counts = super::derived_due::pending_before_counts(conn, today, &accounts)?;
            let mut at = 0;
            for row in &mut rows {
                while at < counts.len() && counts[at].0 < row.id {
                    at += 1;
                }
                if let Some((_, n)) = counts.get(at).filter(|(id, _)| *id == row.id) {
                    row.overdue_milestones = u32::try_from(*n).unwrap_or(u32::MAX);
                }
            }
            Ok(rows)
        })
    }

    /// The portfolio query run with nothing decoded (every cell only looked at): what the
    /// database alone costs, the floor `Store::portfolio` is benchmarked against. Returns
    /// the number of rows.
    #[doc(hidden)]
    pub fn portfolio_floor(&self, today: NaiveDate) -> Result<usize> {
        let mut stmt = self.conn.lite()?.prepare_cached(&format!("{PORTFOLIO_SELECT} ORDER BY a.id"))?;
        let cols = stmt.column_count();
        let mut rows = stmt.query([today.to_string()])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            for i in 0..cols {
                std::hint::black_box(r.get_ref(i)?);
            }
            n += 1;
        }
        Ok(n)
    }
}

/// One row of `PORTFOLIO_SELECT`, in its column order, with the account's `created_on`
/// (derived milestones due before it are skipped, not overdue: `derived_due`).
fn portfolio_row<R: Reader>(r: &mut R) -> Result<(PortfolioRow, NaiveDate)> {
    let (id, external_id, name) = (AccountId(r.int()?), r.opt_text()?, r.text()?);
    let (tier, stage, owner, industry) = (r.choice()?, r.choice()?, r.text()?, r.text()?);
    let forecast = r.opt_choice()?;
    let reference = r.opt_choice()?;
    let currency = r.currency()?;
    let arr = r.opt_int()?;
    let row = PortfolioRow {
        id,
        external_id,
        name,
        tier,
        stage,
        owner,
        industry,
        forecast,
        reference,
        arr: Money::new(arr.unwrap_or(0), currency),
        has_term: arr.is_some(),
        renewal_date: r.opt_date()?,
        last_touch: r.opt_date()?,
        // Counted after the query (`portfolio_rows`).
        overdue_milestones: 0,
        score: r.opt_uint()?,
        band: r.opt_choice()?,
        priority: r.opt_int()?.unwrap_or(0),
    };
    Ok((row, r.date()?))
}

/// A row of `STAKES_SELECT`.
fn stake_row<R: Reader>(r: &mut R) -> Result<AccountStake> {
    let (id, currency) = (AccountId(r.int()?), r.currency()?);
    let arr = Money::new(r.opt_int()?.unwrap_or(0), currency);
    Ok(AccountStake { id, arr, renewal_date: r.opt_date()?, score: r.opt_uint()? })
}
