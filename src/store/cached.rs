//! Answers read from the risk cache (issue 19): the triage order straight off its index,
//! and the report's inputs (terms, the latest usage, the cached band) without the facts no
//! figure needs. The rules stay in `domain`: these only hand it what it reads.

use super::conn::{AnyReader, Conn, vals};
use super::load::load_parts;
use super::scan::Parts;
use super::sqlite::bind::LiteReader;
use super::tables::{Reader, Table};
use super::{Result, Store, StoreError};
use crate::domain::risk::{Band, Reason};
use crate::domain::*;

/// One account's cached score, as `radar triage` prints it.
#[derive(Debug, Clone)]
pub struct CachedScore {
    pub id: AccountId,
    pub score: u32,
    pub band: Band,
    pub priority: i64,
    pub reasons: Vec<Reason>,
}

/// The triage order: highest cached priority first, then score, then accounts with a
/// contract before those without (a CRM's prospects, never ahead of a renewal), then name
/// (as `scans::triage` sorts). Read off `risk_cache_order`; ties on (priority, score) are
/// sorted within the tie only.
const TRIAGE_ORDER: &str = "SELECT rc.account_id, a.owner, rc.score, rc.band, rc.priority, rc.reasons \
     FROM risk_cache rc JOIN account a ON a.id = rc.account_id \
     ORDER BY rc.priority DESC, rc.score DESC, \
     EXISTS (SELECT 1 FROM term t WHERE t.account_id = a.id) DESC, a.name, a.id";

impl Store {
    /// Walks the accounts in the cached triage order, in one read snapshot. For each one
    /// `wanted` accepts (by id and owner), loads its facts (`parts`) and hands both to `each`,
    /// until `each` returns false. Accounts without a cached score are not seen.
    pub fn walk_triage_order(
        &self,
        parts: Parts,
        wanted: impl Fn(AccountId, &str) -> bool,
        mut each: impl FnMut(CachedScore, AccountFacts) -> Result<bool>,
    ) -> Result<()> {
        self.in_read_tx(|conn| {
            conn.each_while(TRIAGE_ORDER, &[], |r| {
                let id = AccountId(r.int()?);
                if !wanted(id, &r.text()?) {
                    return Ok(true);
                }
                let (score, band, priority) = (r.uint()?, r.choice()?, r.int()?);
                let reasons = serde_json::from_str(&r.text()?)
                    .map_err(|e| StoreError::Invalid(format!("risk cache of account {}: {e}", id.0)))?;
                let Some(f) = load_parts(conn, id, parts)? else { return Ok(true) };
                each(CachedScore { id, score, band, priority, reasons }, f)
            })
        })
    }

    /// The bare floor of `walk_triage_order`: the same SQL, the first `n` rows, every cell
    /// looked at and nothing decoded (the benchmark's reference). Returns the rows read.
    #[doc(hidden)]
    pub fn triage_order_floor(&self, n: usize) -> Result<usize> {
        let mut stmt = self.conn.lite()?.prepare_cached(&format!("{TRIAGE_ORDER} LIMIT ?1"))?;
        let mut rows = stmt.query([i64::try_from(n).unwrap_or(i64::MAX)])?;
        let mut seen = 0;
        while let Some(r) = rows.next()? {
            for i in 0..6 {
                std::hint::black_box(r.get_ref(i)?);
            }
            seen += 1;
        }
        Ok(seen)
    }

    /// Every account with what the renewal report reads (its terms, and its latest usage
    /// snapshot with features on or before `usage_asof`) and its cached band, one at a
    /// time in id order, in one read snapshot. The cache must be current (the caller
    /// checks); an account without a cached score gets `Band::Healthy`, as in the dashboard.
    pub fn scan_report_inputs(
        &self,
        usage_asof: chrono::NaiveDate,
        mut each: impl FnMut(&AccountFacts, Band) -> Result<()>,
    ) -> Result<usize> {
        let free = false;
        let accounts = format!(
            "SELECT {}, (SELECT band FROM risk_cache WHERE account_id = account.id) FROM account ORDER BY id",
            Account::sql().list(free)
        );
        let terms = format!("SELECT {} FROM term ORDER BY account_id, start", ContractTerm::sql().list(free));
        // `ReportBuilder::add_rates` reads one usage row: the latest with features on or
        // before the day. Only that row is read, one seek per account down `usage_account`
        // (reading every such row to keep the last cost 3x as much: 0.9 s of CPU at 100k).
        let usage = format!(
            "SELECT {} FROM (SELECT a.id AS aid, (SELECT u.id FROM usage u WHERE u.account_id = a.id \
               AND u.date <= ?1 AND u.features_total > 0 ORDER BY u.date DESC, u.id DESC LIMIT 1) AS uid \
               FROM account a) AS latest JOIN usage ON usage.id = latest.uid ORDER BY latest.aid",
            UsageSnapshot::sql().list(free)
        );
        self.in_read_tx(|conn| match conn {
            Conn::Lite(c) => {
                let (mut a, mut t, mut u) =
                    (c.prepare_cached(&accounts)?, c.prepare_cached(&terms)?, c.prepare_cached(&usage)?);
                let mut a = a.query([])?;
                let mut t = t.query([])?;
                let mut u = u.query([super::sqlite::dates::d(usage_asof)])?;
                merge_report(
                    &mut || next_lite(&mut a, account_band),
                    &mut || next_lite(&mut t, |r| ContractTerm::read(r)),
                    &mut || next_lite(&mut u, |r| UsageSnapshot::read(r)),
                    &mut each,
                )
            }
            Conn::Pg(_) => {
                let mut a = conn.all(&accounts, &[], account_band)?.into_iter();
                let mut t = conn.all(&terms, &[], |r| ContractTerm::read(r))?.into_iter();
                let mut u = conn.all(&usage, vals![usage_asof], |r| UsageSnapshot::read(r))?.into_iter();
                merge_report(&mut || Ok(a.next()), &mut || Ok(t.next()), &mut || Ok(u.next()), &mut each)
            }
        })
    }
}

fn account_band(r: &mut AnyReader<'_, '_>) -> Result<(Account, Option<Band>)> {
    let account = Account::read(r)?;
    let band = r.opt_text()?.and_then(|b| Band::parse(&b).ok());
    Ok((account, band))
}

fn next_lite<T>(
    rows: &mut rusqlite::Rows<'_>,
    map: impl FnOnce(&mut AnyReader<'_, '_>) -> Result<T>,
) -> Result<Option<T>> {
    Ok(match rows.next()? {
        Some(r) => Some(map(&mut AnyReader::Lite(LiteReader::new(r)))?),
        None => None,
    })
}

type Next<'a, T> = &'a mut dyn FnMut() -> Result<Option<T>>;

/// Each account with its terms and its latest usage row, merged from three streams in
/// account order.
fn merge_report(
    accounts: Next<'_, (Account, Option<Band>)>,
    terms: Next<'_, ContractTerm>,
    usage: Next<'_, UsageSnapshot>,
    each: &mut dyn FnMut(&AccountFacts, Band) -> Result<()>,
) -> Result<usize> {
    let mut next_term = terms()?;
    let mut next_usage = usage()?;
    let mut n = 0;
    while let Some((account, band)) = accounts()? {
        let mut f = AccountFacts::new(account);
        let id = f.account.id;
        while let Some(t) = next_term.take_if(|t| t.account_id <= id) {
            if t.account_id == id {
                f.terms.push(t);
            }
            next_term = terms()?;
        }
        while let Some(u) = next_usage.take_if(|u| u.account_id <= id) {
            if u.account_id == id {
                f.usage.clear();
                f.usage.push(u);
            }
            next_usage = usage()?;
        }
        f.normalise();
        each(&f, band.unwrap_or(Band::Healthy))?;
        n += 1;
    }
    Ok(n)
}
