//! Conversions between rows and domain types. Choices are stored as their ids, money as
//! integer minor units plus a currency column, dates as ISO text.

use super::dates::{Day, Stamp};
use crate::domain::*;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Result, Row};

/// Adapter so any choice enum can be read from and written to a TEXT column.
pub struct Ch<C>(pub C);

impl<C: Choice> FromSql for Ch<C> {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        C::parse(s).map(Ch).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

impl<C: Choice> ToSql for Ch<C> {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.id()))
    }
}

/// Reads a nullable choice column.
pub fn opt_choice<C: Choice>(row: &Row, idx: usize) -> Result<Option<C>> {
    Ok(row.get::<_, Option<Ch<C>>>(idx)?.map(|c| c.0))
}

pub fn choice<C: Choice>(row: &Row, idx: usize) -> Result<C> {
    Ok(row.get::<_, Ch<C>>(idx)?.0)
}

pub fn opt_id<C: Choice>(c: Option<C>) -> Option<&'static str> {
    c.map(|c| c.id())
}

pub fn currency(row: &Row, idx: usize) -> Result<Currency> {
    let s: String = row.get(idx)?;
    Currency::new(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub fn date(row: &Row, idx: usize) -> Result<NaiveDate> {
    Ok(row.get::<_, Day>(idx)?.0)
}

pub fn opt_date(row: &Row, idx: usize) -> Result<Option<NaiveDate>> {
    Ok(row.get::<_, Option<Day>>(idx)?.map(|d| d.0))
}

pub fn stamp(row: &Row, idx: usize) -> Result<NaiveDateTime> {
    Ok(row.get::<_, Stamp>(idx)?.0)
}

pub fn opt_stamp(row: &Row, idx: usize) -> Result<Option<NaiveDateTime>> {
    Ok(row.get::<_, Option<Stamp>>(idx)?.map(|d| d.0))
}

/// `NULL` for id 0 so SQLite assigns a fresh rowid.
pub fn new_id(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

pub const ACCOUNT_COLS: &str = "id, external_id, name, industry, tier, region, owner, currency, target_fit, stage, \
     activated_on, forecast, forecast_on, pain_points, why_bought, special_clauses, created_on, version";

pub fn account(row: &Row) -> Result<Account> {
    Ok(Account {
        id: AccountId(row.get(0)?),
        external_id: row.get(1)?,
        name: row.get(2)?,
        industry: row.get(3)?,
        tier: choice(row, 4)?,
        region: row.get(5)?,
        owner: row.get(6)?,
        currency: currency(row, 7)?,
        target_fit: row.get(8)?,
        stage: choice(row, 9)?,
        activated_on: opt_date(row, 10)?,
        forecast: opt_choice(row, 11)?,
        forecast_on: opt_date(row, 12)?,
        handover: HandoverSheet {
            pain_points: row.get(13)?,
            why_bought: row.get(14)?,
            special_clauses: row.get(15)?,
        },
        created_on: date(row, 16)?,
        version: row.get(17)?,
    })
}

pub const TERM_COLS: &str = "id, account_id, start, end, arr_minor, currency, outcome, decided_on, new_arr_minor, churn_reason, churn_note, version";

pub fn term(row: &Row) -> Result<ContractTerm> {
    let cur = currency(row, 5)?;
    let outcome: Option<String> = row.get(6)?;
    let outcome = match outcome.as_deref() {
        Some("renewed") => Some(TermOutcome::Renewed {
            decided_on: date(row, 7)?,
            new_arr: Money::new(row.get::<_, Option<i64>>(8)?.unwrap_or(0), cur),
        }),
        Some(_) => Some(TermOutcome::Churned {
            decided_on: date(row, 7)?,
            reason: opt_choice(row, 9)?.unwrap_or(ChurnReason::Other),
            note: row.get(10)?,
        }),
        None => None,
    };
    Ok(ContractTerm {
        id: TermId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        start: date(row, 2)?,
        end: date(row, 3)?,
        arr: Money::new(row.get(4)?, cur),
        outcome,
        version: row.get(11)?,
    })
}

pub const CONTACT_COLS: &str = "id, account_id, name, title, role, stance, kp_tier, influence, email, phone, added_on, left_on, last_contact, version";

pub fn contact(row: &Row) -> Result<Contact> {
    Ok(Contact {
        id: ContactId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        name: row.get(2)?,
        title: row.get(3)?,
        role: choice(row, 4)?,
        stance: choice(row, 5)?,
        kp_tier: opt_choice(row, 6)?,
        influence: choice(row, 7)?,
        email: row.get(8)?,
        phone: row.get(9)?,
        added_on: date(row, 10)?,
        left_on: opt_date(row, 11)?,
        last_contact: opt_date(row, 12)?,
        version: row.get(13)?,
    })
}

pub const PROMISE_COLS: &str = "id, account_id, text, made_by, made_on, due, status, status_on, version";

pub fn promise(row: &Row) -> Result<Promise> {
    Ok(Promise {
        id: PromiseId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        text: row.get(2)?,
        made_by: row.get(3)?,
        made_on: date(row, 4)?,
        due: opt_date(row, 5)?,
        status: choice(row, 6)?,
        status_on: date(row, 7)?,
        version: row.get(8)?,
    })
}

pub const REQUIREMENT_COLS: &str =
    "id, account_id, title, requester, category, level, raised_on, status, version";

/// A requirement without its history (filled by the loader).
pub fn requirement(row: &Row) -> Result<Requirement> {
    Ok(Requirement {
        id: RequirementId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        title: row.get(2)?,
        requester: row.get(3)?,
        category: choice(row, 4)?,
        level: choice(row, 5)?,
        raised_on: date(row, 6)?,
        status: choice(row, 7)?,
        history: Vec::new(),
        version: row.get(8)?,
    })
}

pub const COMPLAINT_COLS: &str =
    "id, account_id, raised_at, severity, summary, cause, resolved_at, improvement, version";

pub fn complaint(row: &Row) -> Result<Complaint> {
    Ok(Complaint {
        id: ComplaintId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        raised_at: stamp(row, 2)?,
        severity: choice(row, 3)?,
        summary: row.get(4)?,
        cause: opt_choice(row, 5)?,
        resolved_at: opt_stamp(row, 6)?,
        improvement: row.get(7)?,
        version: row.get(8)?,
    })
}

pub const TOUCHPOINT_COLS: &str = "id, account_id, date, kind, contact_id, note, version";

pub fn touchpoint(row: &Row) -> Result<Touchpoint> {
    Ok(Touchpoint {
        id: TouchpointId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        date: date(row, 2)?,
        kind: choice(row, 3)?,
        contact_id: row.get::<_, Option<i64>>(4)?.map(ContactId),
        note: row.get(5)?,
        version: row.get(6)?,
    })
}

pub const USAGE_COLS: &str =
    "id, account_id, date, active_users, seats, logins, minutes, features_used, features_total, version";

pub fn usage(row: &Row) -> Result<UsageSnapshot> {
    Ok(UsageSnapshot {
        id: UsageId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        date: date(row, 2)?,
        active_users: row.get(3)?,
        seats: row.get(4)?,
        logins: row.get(5)?,
        minutes: row.get(6)?,
        features_used: row.get(7)?,
        features_total: row.get(8)?,
        version: row.get(9)?,
    })
}

pub const MILESTONE_COLS: &str = "id, account_id, kind, due, status, done_on, note, version";

pub fn milestone(row: &Row) -> Result<Milestone> {
    Ok(Milestone {
        id: MilestoneId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        kind: choice(row, 2)?,
        due: date(row, 3)?,
        status: choice(row, 4)?,
        done_on: opt_date(row, 5)?,
        note: row.get(6)?,
        version: row.get(7)?,
    })
}
