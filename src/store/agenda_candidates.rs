//! The agenda's facts without a scan of every account (issue 19). The accounts that can
//! have an item by the horizon are found by SQL over the rows the agenda's rules read
//! (due milestones, promises and tasks, open P0/P1 requirements, open complaints, ending
//! terms, open referrals, this quarter's good moments, churns a win-back could cure);
//! only those accounts are read, and of their large tables only the rows a rule can use.
//!
//! The rules stay in `domain::agenda`: every filter here is a superset of a rule's own
//! test, which the rule applies again, so an account or a row left out could never have
//! made an item. Tests hold the answer to the one computed from every account's facts,
//! on both engines (the SQL is shared; only the candidates' id list differs, `among`).

use super::agenda_streams::{self, Queries, Query};
use super::conn::{AnyReader, Conn, Val, vals};
use super::scan::Parts;
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::choice::Choice;
use crate::domain::owner::OwnerFilter;
use crate::domain::*;
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// What the agenda's rules read of an account (`account_agenda`, `winback::candidate`):
/// terms (churned? the renewal), the dated commitments, the requirements with their steps
/// (stalled counting from the last one), complaints, and the good moments (praise
/// touchpoints) with the referrals that follow them. No free text.
pub const AGENDA_PARTS: Parts = Parts {
    terms: true,
    promises: true,
    requirements: true,
    histories: true,
    complaints: true,
    milestones: true,
    tasks: true,
    touchpoints: true,
    referrals: true,
    ..Parts::NONE
};

/// The first day of `day`'s calendar quarter (`referral_moments::quarter_of`): good
/// moments and the referrals that silence them count from it.
fn quarter_start(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), day.month0() / 3 * 3 + 1, 1).unwrap_or(day)
}

/// `'a', 'b'`: the ids of the choices `keep` accepts, for an `IN (…)` list. Taken from
/// the domain's own predicates (`is_open`), so a new status is never left out.
fn id_list<C: Choice + Copy + 'static>(keep: impl Fn(C) -> bool) -> String {
    C::ALL
        .iter()
        .copied()
        .filter(|c| keep(*c))
        .map(|c| format!("'{}'", c.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terms a win-back item can come from: churns naming a requirement (delivered
/// anywhere, it may cure them) or a reason since marked fixed.
const WIN_BACK_TERMS: &str = "outcome = 'churned' AND (churn_requirement_id IS NOT NULL \
     OR churn_reason IN (SELECT reason FROM fixed_reason))";

/// The accounts that may have an agenda item: `?1` the horizon, `?2` today, `?3` the
/// first day of today's quarter. One branch per rule of `account_agenda` and `winback`
/// but the milestones' (derived, not stored: `derived_due`);
/// an account comes once per row that makes it a candidate (deduplicated by the caller:
/// cheaper than SQL's UNION, which sorts every branch into a temporary index). `among`:
/// only accounts among the ids in `?4` (`among_at`; one CSM's share of a large book: each
/// branch then probes their ids, not every open row of the book).
fn candidates_sql(conn: &Conn, among: bool) -> String {
    let open_promise = PromiseStatus::Open.id();
    let open_task = id_list::<TaskStatus>(|s| s.is_open());
    let open_req = id_list::<ReqStatus>(|s| s.is_open());
    let (p0, p1) = (ReqLevel::P0.id(), ReqLevel::P1.id());
    let open_referral = id_list::<ReferralStage>(|s| s.is_open());
    let praise = TouchKind::Praise.id();
    let delivered = ReqStatus::Delivered.id();
    let branches = [
        ("account_id", "promise", format!("status = '{open_promise}' AND due <= ?1")),
        ("account_id", "task", format!("status IN ({open_task}) AND due <= ?1")),
        ("account_id", "requirement", format!("status IN ({open_req}) AND level IN ('{p0}', '{p1}')")),
        ("account_id", "complaint", "resolved_at IS NULL OR resolved_at >= ?3".to_string()),
        (
            "account_id",
            "term",
            format!(
                "(outcome IS NULL AND \"end\" <= ?1) OR (outcome = 'renewed' AND decided_on >= ?3) \
                 OR ({WIN_BACK_TERMS})"
            ),
        ),
        ("account_id", "referral", format!("stage IN ({open_referral})")),
        ("account_id", "touchpoint", format!("kind = '{praise}' AND date >= ?3 AND date <= ?2")),
        (
            "r.account_id",
            "requirement_transition t JOIN requirement r ON r.id = t.requirement_id",
            format!("t.status = '{delivered}' AND t.at >= ?3"),
        ),
    ];
    branches
        .iter()
        .map(|(column, from, when)| match among {
            false => format!("SELECT {column} FROM {from} WHERE {when}"),
            true => format!("SELECT {column} FROM {from} WHERE ({when}) AND {}", among_at(conn, column, 4)),
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// `account_id` among the candidates, `?1` their ids as one text parameter: SQLite reads
/// it as a JSON array, PostgreSQL as a comma-separated list made an array (`= ANY` probes
/// the account index per id, as `IN (…)` does on SQLite).
fn among(conn: &Conn, column: &str) -> String {
    among_at(conn, column, 1)
}

/// `among` with the ids in placeholder `?n`.
pub(super) fn among_at(conn: &Conn, column: &str, n: usize) -> String {
    match conn {
        Conn::Lite(_) => format!("{column} IN (SELECT value FROM json_each(?{n}))"),
        Conn::Pg(_) => format!("{column} = ANY (string_to_array(?{n}, ',')::bigint[])"),
    }
}

/// The candidates' ids as `among`'s parameter.
pub(super) fn id_param(conn: &Conn, ids: &[AccountId]) -> String {
    let list = ids.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(",");
    match conn {
        Conn::Lite(_) => format!("[{list}]"),
        Conn::Pg(_) => list,
    }
}

/// A table's rows of the candidate accounts, by account.
fn of_candidates<'v, T: Table>(conn: &Conn, then: &str, ids: &'v str) -> Query<'v> {
    Query {
        sql: format!(
            "SELECT {} FROM {} WHERE {} ORDER BY account_id, {then}",
            T::sql().list(false),
            T::NAME,
            among(conn, "account_id")
        ),
        vals: vec![Val::Text(ids)],
    }
}

/// The requirement steps a rule reads, of the candidates' requirements: every step of an
/// open P0/P1 requirement (stalled counts from its last step, `status_since`), and the
/// steps to delivered of any other (a good moment is a requirement's first delivery,
/// `good_moments`). No other rule reads a requirement's history (win-back asks the whole
/// book's deliveries, `Store::deliveries`), so the rest, two thirds of the steps, is left
/// out: those requirements are handed out with a partial history.
fn steps_sql(conn: &Conn) -> String {
    let open_req = id_list::<ReqStatus>(|s| s.is_open());
    let (p0, p1) = (ReqLevel::P0.id(), ReqLevel::P1.id());
    let delivered = ReqStatus::Delivered.id();
    format!(
        "SELECT r.account_id, t.requirement_id, t.status, t.at, '' FROM requirement_transition t \
         JOIN requirement r ON r.id = t.requirement_id \
         WHERE {} AND ((r.status IN ({open_req}) AND r.level IN ('{p0}', '{p1}')) OR t.status = '{delivered}') \
         ORDER BY r.account_id, r.id, t.at, t.id",
        among(conn, "r.account_id")
    )
}

/// What the agenda reads of the candidates (`agenda_streams::Queries`): `ids` their ids
/// (`id_param`). The dated tables are read by their date over every account, their rows
/// of accounts that are not candidates skipped as the streams advance: the index on the
/// date finds them, and they are few.
fn queries<'v>(conn: &Conn, ids: &'v str, today: NaiveDate, horizon: NaiveDate) -> Queries<'v> {
    let quarter = quarter_start(today);
    Queries {
        horizon,
        account: Query {
            sql: format!(
                "SELECT {} FROM account WHERE {} ORDER BY id",
                Account::sql().list(false),
                among(conn, "id")
            ),
            vals: vec![Val::Text(ids)],
        },
        tables: [
            of_candidates::<ContractTerm>(conn, "start", ids),
            of_candidates::<Requirement>(conn, "id", ids),
            Query { sql: steps_sql(conn), vals: vec![Val::Text(ids)] },
            of_candidates::<Complaint>(conn, "id", ids),
            of_candidates::<Referral>(conn, "date", ids),
            // Pending milestones are derived (`agenda_streams` derives them): the stored
            // rows that claim a playbook date by the horizon, or are pending by it.
            Query {
                sql: format!(
                    "SELECT {} FROM milestone WHERE {} AND (origin <= ?2 OR (status = '{}' AND due <= ?2)) \
                     ORDER BY account_id, due",
                    Milestone::sql().list(false),
                    among(conn, "account_id"),
                    MilestoneStatus::Pending.id()
                ),
                vals: vec![Val::Text(ids), Val::Date(horizon)],
            },
            Query {
                sql: format!(
                    "SELECT {} FROM promise WHERE status = '{}' AND due <= ?1 ORDER BY account_id, id",
                    Promise::sql().list(false),
                    PromiseStatus::Open.id()
                ),
                vals: vec![Val::Date(horizon)],
            },
            Query {
                sql: format!(
                    "SELECT {} FROM task WHERE status IN ({}) AND due <= ?1 ORDER BY account_id, due",
                    Task::sql().list(false),
                    id_list::<TaskStatus>(|s| s.is_open())
                ),
                vals: vec![Val::Date(horizon)],
            },
            Query {
                sql: format!(
                    "SELECT {} FROM touchpoint WHERE kind = '{}' AND date >= ?1 AND date <= ?2 \
                     ORDER BY account_id, date",
                    Touchpoint::sql().list(false),
                    TouchKind::Praise.id()
                ),
                vals: vec![Val::Date(quarter), Val::Date(today)],
            },
        ],
    }
}

impl Store {
    /// The accounts that may have an agenda item from `now` up to `horizon`, by id.
    pub fn agenda_candidates(&self, now: NaiveDateTime, horizon: NaiveDate) -> Result<Vec<AccountId>> {
        candidates(&self.conn, now.date(), horizon)
    }

    /// What `account_agenda` and `winback::candidate` read, of the accounts that may have
    /// an item from `now` up to `horizon` (`agenda_candidates`), one at a time in id order,
    /// in one read snapshot: the account, its terms, requirements with the steps a rule
    /// reads (`steps_sql`), complaints and referrals; its pending milestones, open promises and open tasks due
    /// by the horizon; its praise touchpoints of this quarter up to today. Free text is
    /// left out (`Parts::free_text`). Returns how many accounts were read. The same on
    /// either engine (on PostgreSQL, of the accounts the user may read).
    /// Only the accounts `owner` covers are read (`--owner`, `--mine`: a CSM's share of the
    /// book, found by the owner index, not by reading every candidate's facts).
    pub fn scan_agenda_facts(
        &self,
        now: NaiveDateTime,
        horizon: NaiveDate,
        owner: &OwnerFilter,
        each: impl FnMut(AccountFacts) -> Result<()>,
    ) -> Result<usize> {
        self.in_read_tx(|conn| {
            let ids = if owner.is_all() {
                candidates(conn, now.date(), horizon)?
            } else {
                candidates_of(conn, now.date(), horizon, &owned_by(conn, owner)?)?
            };
            if ids.is_empty() {
                return Ok(0);
            }
            let list = id_param(conn, &ids);
            agenda_streams::scan(conn, &queries(conn, &list, now.date(), horizon), each)
        })
    }

    /// `scan_agenda_facts` of some accounts only, after an edit changed them: `ids`, and
    /// every account a win-back item could come from (what the whole book delivered or
    /// fixed decides those, so a change anywhere may add or remove one). Returns the
    /// accounts read, in id order: the caller replaces their items (those `owner` does not
    /// cover have none).
    pub fn scan_agenda_facts_of(
        &self,
        now: NaiveDateTime,
        horizon: NaiveDate,
        ids: &[AccountId],
        each: impl FnMut(AccountFacts) -> Result<()>,
    ) -> Result<Vec<AccountId>> {
        self.in_read_tx(|conn| {
            let mut covered: Vec<AccountId> = conn
                .all(&format!("SELECT account_id FROM term WHERE {WIN_BACK_TERMS}"), &[], |r| r.int())?
                .into_iter()
                .map(AccountId)
                .chain(ids.iter().copied())
                .collect();
            covered.sort_unstable();
            covered.dedup();
            if !covered.is_empty() {
                let list = id_param(conn, &covered);
                agenda_streams::scan(conn, &queries(conn, &list, now.date(), horizon), each)?;
            }
            Ok(covered)
        })
    }
}

/// The accounts `owner` covers, by id, with what their derived milestones need (tier and
/// `created_on`): the owners as written that match it (the owner index holds each once),
/// then their accounts; and the accounts it covers by id (co-owned: a few).
fn owned_by(conn: &Conn, owner: &OwnerFilter) -> Result<Vec<(AccountId, Tier, NaiveDate)>> {
    let names = conn.all("SELECT DISTINCT owner FROM account", &[], |r| r.text())?;
    let mut out = Vec::new();
    for name in names.iter().filter(|n| owner.matches_name(n)) {
        out.extend(conn.all(
            "SELECT id, tier, created_on FROM account WHERE owner = ?1",
            vals![name.as_str()],
            row,
        )?);
    }
    if !owner.accounts().is_empty() {
        let list = id_param(conn, owner.accounts());
        let sql = format!("SELECT id, tier, created_on FROM account WHERE {}", among(conn, "id"));
        out.extend(conn.all(&sql, vals![list.as_str()], row)?);
    }
    out.sort_unstable_by_key(|(id, ..)| *id);
    out.dedup_by_key(|(id, ..)| *id);
    Ok(out)
}

fn row(r: &mut AnyReader<'_, '_>) -> Result<(AccountId, Tier, NaiveDate)> {
    Ok((AccountId(r.int()?), r.choice()?, r.date()?))
}

fn candidates(conn: &Conn, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<AccountId>> {
    let mut ids = sql_candidates(conn, today, horizon)?;
    ids.extend(super::derived_due::accounts_pending_before(conn, day_after(horizon))?);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// `candidates` among `theirs` (one owner's accounts, by id): their milestones are counted
/// from their own rows, not from every account's (a CSM's `--mine` in a team's book of
/// 100k read every account's terms and decisions first, to keep a few hundred).
fn candidates_of(
    conn: &Conn,
    today: NaiveDate,
    horizon: NaiveDate,
    theirs: &[(AccountId, Tier, NaiveDate)],
) -> Result<Vec<AccountId>> {
    let mine: Vec<AccountId> = theirs.iter().map(|(id, ..)| *id).collect();
    let mut ids = match super::derived_due::is_sparse(&mine) {
        true => {
            let list = id_param(conn, &mine);
            let sql = candidates_sql(conn, true);
            conn.all(&sql, vals![horizon, today, quarter_start(today), list.as_str()], |r| {
                Ok(AccountId(r.int()?))
            })?
        }
        false => sql_candidates(conn, today, horizon)?,
    };
    ids.retain(|id| mine.binary_search(id).is_ok());
    let due = super::derived_due::pending_before_counts(conn, day_after(horizon), theirs)?;
    ids.extend(due.into_iter().map(|(id, _)| id));
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The rule's candidates (`candidates_sql`), each once, by id; not the milestones'.
fn sql_candidates(conn: &Conn, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<AccountId>> {
    let mut ids: Vec<AccountId> =
        conn.all(&candidates_sql(conn, false), vals![horizon, today, quarter_start(today)], |r| {
            Ok(AccountId(r.int()?))
        })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Milestones due by `horizon` are those due before the day after it.
fn day_after(horizon: NaiveDate) -> NaiveDate {
    horizon.succ_opt().unwrap_or(horizon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::referral_moments::quarter_of;

    #[test]
    fn a_quarter_starts_on_its_first_day() {
        let mut day = NaiveDate::from_ymd_opt(2025, 12, 25).unwrap();
        for _ in 0..500 {
            let start = quarter_start(day);
            assert_eq!(quarter_of(start), quarter_of(day), "{day}");
            assert_eq!(quarter_of(start.pred_opt().unwrap()), quarter_of(day) - 1, "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
