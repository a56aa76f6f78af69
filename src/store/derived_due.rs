//! Pending playbook milestones counted per account without loading the accounts (issue
//! 19 item 2): they are derived, not stored, so what the portfolio's overdue column and
//! the agenda's candidates used to count with SQL is worked out here from three lean
//! reads in account order (tiers, terms, and the stored rows that claim a playbook date
//! before the day or are pending before it), merged as a scan merges its tables.

use super::conn::{Conn, Val};
use super::tables::Reader;
use super::{Result, StoreError};
use crate::domain::choice::Choice;
use crate::domain::playbook_derive::{account_outline, pending_before, term_outline};
use crate::domain::*;
use chrono::NaiveDate;

type Claim = (MilestoneKind, Option<NaiveDate>, bool, NaiveDate);

/// Fewer accounts than this are counted one at a time (a probe each), more by one pass
/// over the range of their ids.
const ONE_BY_ONE: usize = 64;

/// More accounts, but fewer than one in this many of the ids they span (one CSM's share
/// of a team's book: `agenda --mine`), are read by their ids (`among`: the account index
/// probed per id), not by walking every account's rows: a walk reads each row once in
/// table order, a probe seeks each, about as dear as reading several in a row.
const SPARSE: i64 = 8;

/// For each of `accounts` (id, tier and `created_on`, in id order: what the caller read already), how
/// many of its milestones are pending and due before `before`; in id order, accounts with
/// none left out.
pub(super) fn pending_before_counts(
    conn: &Conn,
    before: NaiveDate,
    accounts: &[(AccountId, Tier, NaiveDate)],
) -> Result<Vec<(AccountId, usize)>> {
    let outlines: Vec<Account> =
        accounts.iter().map(|(id, tier, arrived)| account_outline(*id, *tier, *arrived)).collect();
    let ids: Vec<AccountId> = accounts.iter().map(|a| a.0).collect();
    match plan(&ids) {
        Plan::Range(first, last) => counts(conn, before, Which::Range(first, last), Some(outlines)),
        Plan::Among => {
            let list = super::agenda_candidates::id_param(conn, &ids);
            counts(conn, before, Which::Among(&list), Some(outlines))
        }
        Plan::OneByOne => {
            let mut out = Vec::new();
            for a in outlines {
                out.extend(counts(conn, before, Which::One(a.id.0), Some(vec![a]))?);
            }
            Ok(out)
        }
    }
}

/// Whether `ids` (in id order) are read by their ids, not by a walk of every account: a
/// few, or one in eight or fewer of the ids they span (`plan`).
pub(super) fn is_sparse(ids: &[AccountId]) -> bool {
    !matches!(plan(ids), Plan::Range(..))
}

/// How `pending_before_counts` reads the rows of `ids` (in id order).
#[derive(Debug, PartialEq, Eq)]
enum Plan {
    OneByOne,
    Among,
    Range(i64, i64),
}

fn plan(ids: &[AccountId]) -> Plan {
    match (ids.first(), ids.last()) {
        (Some(first), Some(last)) if ids.len() >= ONE_BY_ONE => {
            let span = last.0.saturating_sub(first.0).saturating_add(1);
            if i64::try_from(ids.len()).unwrap_or(i64::MAX).saturating_mul(SPARSE) < span {
                Plan::Among
            } else {
                Plan::Range(first.0, last.0)
            }
        }
        _ => Plan::OneByOne,
    }
}

/// Every account with a milestone pending and due before `before`, in id order.
pub(super) fn accounts_pending_before(conn: &Conn, before: NaiveDate) -> Result<Vec<AccountId>> {
    let all = Which::Range(i64::MIN, i64::MAX);
    Ok(counts(conn, before, all, None)?.into_iter().map(|(id, _)| id).collect())
}

/// The accounts read: a range of ids (`BETWEEN`), one (`=`, which PostgreSQL plans as a
/// probe; see `scan::which`), or a list (`agenda_candidates::id_param`, probed per id).
#[derive(Clone, Copy)]
enum Which<'a> {
    Range(i64, i64),
    One(i64),
    Among(&'a str),
}

impl<'a> Which<'a> {
    /// The condition on `column`, its placeholders numbered from `?first`.
    fn sql(self, conn: &Conn, column: &str, first: usize) -> String {
        match self {
            Which::Range(..) => format!("{column} BETWEEN ?{first} AND ?{}", first + 1),
            Which::One(_) => format!("{column} = ?{first}"),
            Which::Among(_) => super::agenda_candidates::among_at(conn, column, first),
        }
    }

    fn vals(self) -> Vec<Val<'a>> {
        match self {
            Which::Range(a, b) => vec![Val::Int(a), Val::Int(b)],
            Which::One(a) => vec![Val::Int(a)],
            Which::Among(list) => vec![Val::Text(list)],
        }
    }
}

/// The counts of the accounts `which` selects: `accounts` their outlines when the caller
/// has them (the portfolio read each row's tier: a second walk of the wide account table
/// was a quarter of this at 100k), else read here.
fn counts(
    conn: &Conn,
    before: NaiveDate,
    which: Which,
    accounts: Option<Vec<Account>>,
) -> Result<Vec<(AccountId, usize)>> {
    let pending = MilestoneStatus::Pending.id();
    let args = which.vals();
    let mut claim_args = vec![Val::Date(before)];
    claim_args.extend(which.vals());
    let accounts = match accounts {
        Some(a) => a,
        None => conn.all(
            &format!(
                "SELECT id, tier, created_on FROM account WHERE {} ORDER BY id",
                which.sql(conn, "id", 1)
            ),
            &args,
            |r| {
                let id = AccountId(r.int()?);
                let tier = Tier::parse(&r.text()?).map_err(|e| StoreError::Invalid(e.to_string()))?;
                Ok(account_outline(id, tier, r.date()?))
            },
        )?,
    };
    // Many accounts: the tables are walked in their own order and the rows sorted here. On
    // SQLite, following the account index meant a table seek per row (the index holds
    // neither the terms' dates nor the milestones' kind and origin): 115 ms warm and 660 ms
    // cold for the 490k rows of a 100k demo, 50 ms walked (`NOT INDEXED`).
    let walk = match (which, conn.as_lite()) {
        (Which::Range(..), Some(_)) => " NOT INDEXED",
        _ => "",
    };
    let mut terms = conn.all(
        &format!(
            "SELECT account_id, start, \"end\", outcome IS NULL, id FROM term{walk} WHERE {}",
            which.sql(conn, "account_id", 1)
        ),
        &args,
        |r| {
            let account = AccountId(r.int()?);
            let t = term_outline(account, r.date()?, r.date()?, r.flag()?);
            Ok((t, r.int()?))
        },
    )?;
    terms.sort_unstable_by_key(|(t, id)| (t.account_id, t.start, *id));
    let terms: Vec<ContractTerm> = terms.into_iter().map(|(t, _)| t).collect();
    let mut claims = conn.all(
        &format!(
            "SELECT account_id, kind, origin, status = '{pending}', due FROM milestone{walk} WHERE {} \
             AND (origin < ?1 OR (status = '{pending}' AND due < ?1))",
            which.sql(conn, "account_id", 2)
        ),
        &claim_args,
        |r| Ok((AccountId(r.int()?), (r.choice()?, r.opt_date()?, r.flag()?, r.date()?))),
    )?;
    claims.sort_unstable_by_key(|(account, _)| *account);
    let (mut t, mut c) = (0, 0);
    let mut out = Vec::new();
    let mut mine: Vec<Claim> = Vec::new();
    for a in &accounts {
        let from = t;
        while t < terms.len() && terms[t].account_id <= a.id {
            t += 1;
        }
        mine.clear();
        while c < claims.len() && claims[c].0 <= a.id {
            if claims[c].0 == a.id {
                mine.push(claims[c].1);
            }
            c += 1;
        }
        let own = terms[from..t].iter().filter(|x| x.account_id == a.id).cloned().collect::<Vec<_>>();
        let n = pending_before(a, &own, &mine, before);
        if n > 0 {
            out.push((a.id, n));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(from: i64, step: i64, n: i64) -> Vec<AccountId> {
        (0..n).map(|i| AccountId(from + i * step)).collect()
    }

    /// A few accounts are probed one by one; a whole book (or a dense share of it) is
    /// walked; one CSM's share of a large book is read by its ids.
    #[test]
    fn the_read_follows_how_many_accounts_and_how_spread() {
        assert_eq!(plan(&[]), Plan::OneByOne);
        assert_eq!(plan(&ids(1, 1, 63)), Plan::OneByOne);
        assert_eq!(plan(&ids(5, 1, 64)), Plan::Range(5, 68));
        assert_eq!(plan(&ids(1, 1, 100_000)), Plan::Range(1, 100_000));
        // One in eight of the span: still walked; fewer: by their ids.
        assert_eq!(plan(&ids(1, 8, 64)), Plan::Range(1, 505));
        assert_eq!(plan(&ids(1, 9, 64)), Plan::Among);
        assert_eq!(plan(&ids(1, 300, 200)), Plan::Among);
        // Ids spread as far as they go: no overflow.
        assert_eq!(plan(&[&ids(i64::MIN + 1, 1, 63)[..], &[AccountId(i64::MAX)]].concat()), Plan::Among);
    }
}
