//! The agenda's facts without a scan of every account (issue 19). The accounts that can
//! have an item by the horizon are found by SQL over the rows the agenda's rules read
//! (due milestones, promises and tasks, open P0/P1 requirements, open complaints, ending
//! terms, open referrals, this quarter's good moments, churns a win-back could cure);
//! only those accounts are read, and of their large tables only the rows a rule can use.
//!
//! The rules stay in `domain::agenda`: every filter here is a superset of a rule's own
//! test, which the rule applies again, so an account or a row left out could never have
//! made an item. Tests hold the answer to the one computed from every account's facts.

use super::scan::Parts;
use super::sqlite::bind::{self, LiteReader};
use super::sqlite::dates::d;
use super::tables::{Reader, Table};
use super::{Result, Store};
use crate::domain::choice::Choice;
use crate::domain::*;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Row, Rows, params};

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

/// The accounts that may have an agenda item: `?1` the horizon, `?2` today, `?3` the
/// first day of today's quarter. One branch per rule of `account_agenda` and `winback`;
/// an account comes once per row that makes it a candidate (deduplicated by the caller:
/// cheaper than SQL's UNION, which sorts every branch into a temporary index).
fn candidates_sql() -> String {
    let pending = MilestoneStatus::Pending.id();
    let open_promise = PromiseStatus::Open.id();
    let open_task = id_list::<TaskStatus>(|s| s.is_open());
    let open_req = id_list::<ReqStatus>(|s| s.is_open());
    let (p0, p1) = (ReqLevel::P0.id(), ReqLevel::P1.id());
    let open_referral = id_list::<ReferralStage>(|s| s.is_open());
    let praise = TouchKind::Praise.id();
    let delivered = ReqStatus::Delivered.id();
    format!(
        "SELECT account_id FROM milestone WHERE status = '{pending}' AND due <= ?1 \
         UNION ALL SELECT account_id FROM promise WHERE status = '{open_promise}' AND due <= ?1 \
         UNION ALL SELECT account_id FROM task WHERE status IN ({open_task}) AND due <= ?1 \
         UNION ALL SELECT account_id FROM requirement WHERE status IN ({open_req}) AND level IN ('{p0}', '{p1}') \
         UNION ALL SELECT account_id FROM complaint WHERE resolved_at IS NULL OR resolved_at >= ?3 \
         UNION ALL SELECT account_id FROM term WHERE (outcome IS NULL AND \"end\" <= ?1) \
               OR (outcome = 'renewed' AND decided_on >= ?3) \
               OR (outcome = 'churned' AND (churn_requirement_id IS NOT NULL \
                   OR churn_reason IN (SELECT reason FROM fixed_reason))) \
         UNION ALL SELECT account_id FROM referral WHERE stage IN ({open_referral}) \
         UNION ALL SELECT account_id FROM touchpoint WHERE kind = '{praise}' AND date >= ?3 AND date <= ?2 \
         UNION ALL SELECT r.account_id FROM requirement_transition t JOIN requirement r ON r.id = t.requirement_id \
               WHERE t.status = '{delivered}' AND t.at >= ?3"
    )
}

/// One table's rows in account order, the next one read ahead (a merge join with the
/// accounts).
struct Stream<'s, T> {
    rows: Rows<'s>,
    read: fn(&Row) -> Result<T>,
    of: fn(&T) -> AccountId,
    ahead: Option<T>,
}

impl<'s, T> Stream<'s, T> {
    fn new(mut rows: Rows<'s>, read: fn(&Row) -> Result<T>, of: fn(&T) -> AccountId) -> Result<Self> {
        let ahead = match rows.next()? {
            Some(r) => Some(read(r)?),
            None => None,
        };
        Ok(Stream { rows, read, of, ahead })
    }

    /// Moves the rows of `id` into `out`, skipping any of accounts before it.
    fn take(&mut self, id: AccountId, out: &mut Vec<T>) -> Result<()> {
        while let Some(row) = self.ahead.take_if(|r| (self.of)(r) <= id) {
            if (self.of)(&row) == id {
                out.push(row);
            }
            self.ahead = match self.rows.next()? {
                Some(r) => Some((self.read)(r)?),
                None => None,
            };
        }
        Ok(())
    }
}

fn read<T: Table>(r: &Row) -> Result<T> {
    bind::read::<T>(r)
}

type Step = (AccountId, RequirementId, ReqTransition);

fn step(row: &Row) -> Result<Step> {
    let mut r = LiteReader::new(row);
    Ok((
        AccountId(r.int()?),
        RequirementId(r.int()?),
        ReqTransition { status: r.choice()?, at: r.stamp()?, note: r.text()? },
    ))
}

/// A table's rows of the candidate accounts (`?1`: their ids as a JSON array), by account.
fn of_candidates<T: Table>(then: &str) -> String {
    format!(
        "SELECT {} FROM {} WHERE account_id IN (SELECT value FROM json_each(?1)) ORDER BY account_id, {then}",
        T::sql().list(false),
        T::NAME
    )
}

impl Store {
    /// The accounts that may have an agenda item from `now` up to `horizon`, by id.
    pub fn agenda_candidates(&self, now: NaiveDateTime, horizon: NaiveDate) -> Result<Vec<AccountId>> {
        candidates(self.conn.lite()?, now.date(), horizon)
    }

    /// What `account_agenda` and `winback::candidate` read, of the accounts that may have
    /// an item from `now` up to `horizon` (`agenda_candidates`), one at a time in id order,
    /// in one read snapshot: the account, its terms, requirements with their steps,
    /// complaints and referrals; its pending milestones, open promises and open tasks due
    /// by the horizon; its praise touchpoints of this quarter up to today. Free text is
    /// left out (`Parts::free_text`). Returns how many accounts were read. On a team
    /// (PostgreSQL) database, every account's `AGENDA_PARTS` instead: not yet ported.
    pub fn scan_agenda_facts(
        &self,
        now: NaiveDateTime,
        horizon: NaiveDate,
        each: impl FnMut(AccountFacts) -> Result<()>,
    ) -> Result<usize> {
        self.in_read_tx(|conn| match conn.as_lite() {
            Some(c) => scan_lite(c, now.date(), horizon, each),
            None => super::scan::scan(conn, AGENDA_PARTS, each),
        })
    }
}

fn scan_lite(
    conn: &Connection,
    today: NaiveDate,
    horizon: NaiveDate,
    mut each: impl FnMut(AccountFacts) -> Result<()>,
) -> Result<usize> {
    let quarter = quarter_start(today);
    let ids = candidates(conn, today, horizon)?;
    if ids.is_empty() {
        return Ok(0);
    }
    let json = format!("[{}]", ids.iter().map(|i| i.0.to_string()).collect::<Vec<_>>().join(","));
    let mut s_account = conn.prepare_cached(&format!(
        "SELECT {} FROM account WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
        Account::sql().list(false)
    ))?;
    let mut s_term = conn.prepare_cached(&of_candidates::<ContractTerm>("start"))?;
    let mut s_req = conn.prepare_cached(&of_candidates::<Requirement>("id"))?;
    let mut s_step = conn.prepare_cached(
        "SELECT r.account_id, t.requirement_id, t.status, t.at, '' FROM requirement_transition t \
         JOIN requirement r ON r.id = t.requirement_id \
         WHERE r.account_id IN (SELECT value FROM json_each(?1)) ORDER BY r.account_id, r.id, t.at, t.id",
    )?;
    let mut s_complaint = conn.prepare_cached(&of_candidates::<Complaint>("id"))?;
    let mut s_referral = conn.prepare_cached(&of_candidates::<Referral>("date"))?;
    let mut s_milestone = conn.prepare_cached(&format!(
        "SELECT {} FROM milestone WHERE status = '{}' AND due <= ?1 ORDER BY account_id, due",
        Milestone::sql().list(false),
        MilestoneStatus::Pending.id()
    ))?;
    let mut s_promise = conn.prepare_cached(&format!(
        "SELECT {} FROM promise WHERE status = '{}' AND due <= ?1 ORDER BY account_id, id",
        Promise::sql().list(false),
        PromiseStatus::Open.id()
    ))?;
    let mut s_task = conn.prepare_cached(&format!(
        "SELECT {} FROM task WHERE status IN ({}) AND due <= ?1 ORDER BY account_id, due",
        Task::sql().list(false),
        id_list::<TaskStatus>(|s| s.is_open())
    ))?;
    let mut s_touch = conn.prepare_cached(&format!(
        "SELECT {} FROM touchpoint WHERE kind = '{}' AND date >= ?1 AND date <= ?2 ORDER BY account_id, date",
        Touchpoint::sql().list(false),
        TouchKind::Praise.id()
    ))?;
    let h = d(horizon);
    let mut terms = Stream::new(s_term.query([&json])?, read::<ContractTerm>, |t| t.account_id)?;
    let mut reqs = Stream::new(s_req.query([&json])?, read::<Requirement>, |r| r.account_id)?;
    let mut steps = Stream::new(s_step.query([&json])?, step, |s| s.0)?;
    let mut complaints = Stream::new(s_complaint.query([&json])?, read::<Complaint>, |c| c.account_id)?;
    let mut referrals = Stream::new(s_referral.query([&json])?, read::<Referral>, |r| r.account_id)?;
    let mut milestones = Stream::new(s_milestone.query([&h])?, read::<Milestone>, |m| m.account_id)?;
    let mut promises = Stream::new(s_promise.query([&h])?, read::<Promise>, |p| p.account_id)?;
    let mut tasks = Stream::new(s_task.query([&h])?, read::<Task>, |t| t.account_id)?;
    let mut touches =
        Stream::new(s_touch.query(params![d(quarter), d(today)])?, read::<Touchpoint>, |t| t.account_id)?;
    let mut history = Vec::new();
    let mut rows = s_account.query([&json])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        let mut f = AccountFacts::new(bind::read::<Account>(row)?);
        let id = f.account.id;
        terms.take(id, &mut f.terms)?;
        reqs.take(id, &mut f.requirements)?;
        steps.take(id, &mut history)?;
        // Both in requirement id order within the account: attached in one pass.
        let mut at = 0;
        for (_, req, t) in history.drain(..) {
            while at < f.requirements.len() && f.requirements[at].id < req {
                at += 1;
            }
            if let Some(r) = f.requirements.get_mut(at).filter(|r| r.id == req) {
                r.history.push(t);
            }
        }
        complaints.take(id, &mut f.complaints)?;
        referrals.take(id, &mut f.referrals)?;
        milestones.take(id, &mut f.milestones)?;
        promises.take(id, &mut f.promises)?;
        tasks.take(id, &mut f.tasks)?;
        touches.take(id, &mut f.touchpoints)?;
        f.normalise();
        each(f)?;
        n += 1;
    }
    Ok(n)
}

fn candidates(conn: &Connection, today: NaiveDate, horizon: NaiveDate) -> Result<Vec<AccountId>> {
    let mut stmt = conn.prepare_cached(&candidates_sql())?;
    let rows = stmt.query_map(params![d(horizon), d(today), d(quarter_start(today))], |r| r.get(0))?;
    let mut ids: Vec<i64> = rows.collect::<rusqlite::Result<_>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids.into_iter().map(AccountId).collect())
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
