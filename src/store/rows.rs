//! Any stored row read and written whole, by kind and id: the before/after images of a
//! `Change`, and the writes of edits, undo and redo. Every update and delete names the
//! version it expects (`WHERE id = ? AND version = ?`), so nothing is written over a row
//! that changed since it was read.

use super::codec::{self, *};
use super::dates::{d, dt, od, odt};
use super::write::stale_or_missing;
use super::{Result, StoreError};
use crate::domain::change::{Row, RowKey, RowKind, TransitionRow};
use crate::domain::*;
use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params_from_iter};

const TRANSITION_COLS: &str = "id, requirement_id, status, at, note";

fn transition(row: &rusqlite::Row) -> rusqlite::Result<TransitionRow> {
    Ok(TransitionRow {
        id: row.get(0)?,
        requirement_id: RequirementId(row.get(1)?),
        status: codec::choice(row, 2)?,
        at: codec::stamp(row, 3)?,
        note: row.get(4)?,
    })
}

/// The columns a row is read with, and how each maps to a `Row`.
fn select_cols(kind: RowKind) -> &'static str {
    match kind {
        RowKind::Account => ACCOUNT_COLS,
        RowKind::Term => TERM_COLS,
        RowKind::Contact => CONTACT_COLS,
        RowKind::Promise => PROMISE_COLS,
        RowKind::Requirement => REQUIREMENT_COLS,
        RowKind::Complaint => COMPLAINT_COLS,
        RowKind::Usage => USAGE_COLS,
        RowKind::Milestone => MILESTONE_COLS,
        RowKind::Transition => TRANSITION_COLS,
        RowKind::Touchpoint => TOUCHPOINT_COLS,
    }
}

fn map(kind: RowKind, r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(match kind {
        RowKind::Account => Row::Account(codec::account(r)?),
        RowKind::Term => Row::Term(codec::term(r)?),
        RowKind::Contact => Row::Contact(codec::contact(r)?),
        RowKind::Promise => Row::Promise(codec::promise(r)?),
        RowKind::Requirement => Row::Requirement(codec::requirement(r)?),
        RowKind::Complaint => Row::Complaint(codec::complaint(r)?),
        RowKind::Usage => Row::Usage(codec::usage(r)?),
        RowKind::Milestone => Row::Milestone(codec::milestone(r)?),
        RowKind::Transition => Row::Transition(transition(r)?),
        RowKind::Touchpoint => Row::Touchpoint(codec::touchpoint(r)?),
    })
}

/// The row as stored now, if it exists.
pub(super) fn read(conn: &Connection, key: RowKey) -> Result<Option<Row>> {
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", select_cols(key.kind), key.kind.table());
    Ok(conn.prepare_cached(&sql)?.query_row([key.id], |r| map(key.kind, r)).optional()?)
}

/// Rows matching `filter` (an SQL condition on `?1`), ordered by id.
pub(super) fn read_where(conn: &Connection, kind: RowKind, filter: &str, arg: i64) -> Result<Vec<Row>> {
    let sql = format!("SELECT {} FROM {} WHERE {filter} ORDER BY id", select_cols(kind), kind.table());
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([arg], |r| map(kind, r))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every row that belongs to an account (not the account itself), children of children
/// included: what deleting the account takes with it.
pub(super) fn account_rows(conn: &Connection, account: AccountId) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for kind in RowKind::ALL {
        match kind {
            RowKind::Account => {}
            RowKind::Transition => out.extend(read_where(
                conn,
                kind,
                "requirement_id IN (SELECT id FROM requirement WHERE account_id = ?1)",
                account.0,
            )?),
            _ => out.extend(read_where(conn, kind, "account_id = ?1", account.0)?),
        }
    }
    Ok(out)
}

/// A bound value, owned (rows are written one at a time: no need to borrow).
fn v<T: ToSql>(t: T) -> Result<Value> {
    Ok(match t.to_sql()? {
        ToSqlOutput::Borrowed(r) => match r {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        ToSqlOutput::Owned(v) => v,
        _ => return Err(StoreError::Invalid("unsupported value kind".into())),
    })
}

/// Column names (without `id`) and values, in the same order; `version` last where the
/// table has one.
fn columns(row: &Row) -> Result<(&'static [&'static str], Vec<Value>)> {
    Ok(match row {
        Row::Account(a) => (
            &[
                "external_id",
                "name",
                "industry",
                "tier",
                "region",
                "owner",
                "currency",
                "target_fit",
                "stage",
                "activated_on",
                "forecast",
                "forecast_on",
                "pain_points",
                "why_bought",
                "special_clauses",
                "created_on",
                "version",
            ],
            vec![
                v(&a.external_id)?,
                v(&a.name)?,
                v(&a.industry)?,
                v(Ch(a.tier))?,
                v(&a.region)?,
                v(&a.owner)?,
                v(a.currency.code())?,
                v(a.target_fit)?,
                v(Ch(a.stage))?,
                v(od(a.activated_on))?,
                v(opt_id(a.forecast))?,
                v(od(a.forecast_on))?,
                v(&a.handover.pain_points)?,
                v(&a.handover.why_bought)?,
                v(&a.handover.special_clauses)?,
                v(d(a.created_on))?,
                v(a.version)?,
            ],
        ),
        Row::Term(t) => {
            let (outcome, decided_on, new_arr, reason, note) = match &t.outcome {
                None => (None, None, None, None, String::new()),
                Some(TermOutcome::Renewed { decided_on, new_arr }) => {
                    (Some("renewed"), Some(*decided_on), Some(new_arr.minor), None, String::new())
                }
                Some(TermOutcome::Churned { decided_on, reason, note }) => {
                    (Some("churned"), Some(*decided_on), None, Some(reason.as_str()), note.clone())
                }
            };
            (
                &[
                    "account_id",
                    "start",
                    "end",
                    "arr_minor",
                    "currency",
                    "outcome",
                    "decided_on",
                    "new_arr_minor",
                    "churn_reason",
                    "churn_note",
                    "version",
                ],
                vec![
                    v(t.account_id.0)?,
                    v(d(t.start))?,
                    v(d(t.end))?,
                    v(t.arr.minor)?,
                    v(t.arr.currency.code())?,
                    v(outcome)?,
                    v(od(decided_on))?,
                    v(new_arr)?,
                    v(reason)?,
                    v(note)?,
                    v(t.version)?,
                ],
            )
        }
        Row::Contact(c) => (
            &[
                "account_id",
                "name",
                "title",
                "role",
                "stance",
                "kp_tier",
                "influence",
                "email",
                "phone",
                "added_on",
                "left_on",
                "last_contact",
                "version",
            ],
            vec![
                v(c.account_id.0)?,
                v(&c.name)?,
                v(&c.title)?,
                v(Ch(c.role))?,
                v(Ch(c.stance))?,
                v(opt_id(c.kp_tier))?,
                v(Ch(c.influence))?,
                v(&c.email)?,
                v(&c.phone)?,
                v(d(c.added_on))?,
                v(od(c.left_on))?,
                v(od(c.last_contact))?,
                v(c.version)?,
            ],
        ),
        Row::Promise(p) => (
            &["account_id", "text", "made_by", "made_on", "due", "status", "status_on", "version"],
            vec![
                v(p.account_id.0)?,
                v(&p.text)?,
                v(&p.made_by)?,
                v(d(p.made_on))?,
                v(od(p.due))?,
                v(Ch(p.status))?,
                v(d(p.status_on))?,
                v(p.version)?,
            ],
        ),
        Row::Requirement(r) => (
            &["account_id", "title", "requester", "category", "level", "raised_on", "status", "version"],
            vec![
                v(r.account_id.0)?,
                v(&r.title)?,
                v(&r.requester)?,
                v(Ch(r.category))?,
                v(Ch(r.level))?,
                v(d(r.raised_on))?,
                v(Ch(r.status))?,
                v(r.version)?,
            ],
        ),
        Row::Complaint(c) => (
            &[
                "account_id",
                "raised_at",
                "severity",
                "summary",
                "cause",
                "resolved_at",
                "improvement",
                "version",
            ],
            vec![
                v(c.account_id.0)?,
                v(dt(c.raised_at))?,
                v(Ch(c.severity))?,
                v(&c.summary)?,
                v(opt_id(c.cause))?,
                v(odt(c.resolved_at))?,
                v(&c.improvement)?,
                v(c.version)?,
            ],
        ),
        Row::Usage(u) => (
            &[
                "account_id",
                "date",
                "active_users",
                "seats",
                "logins",
                "minutes",
                "features_used",
                "features_total",
                "version",
            ],
            vec![
                v(u.account_id.0)?,
                v(d(u.date))?,
                v(u.active_users)?,
                v(u.seats)?,
                v(u.logins)?,
                v(u.minutes)?,
                v(u.features_used)?,
                v(u.features_total)?,
                v(u.version)?,
            ],
        ),
        Row::Milestone(m) => (
            &["account_id", "kind", "due", "status", "done_on", "note", "version"],
            vec![
                v(m.account_id.0)?,
                v(Ch(m.kind))?,
                v(d(m.due))?,
                v(Ch(m.status))?,
                v(od(m.done_on))?,
                v(&m.note)?,
                v(m.version)?,
            ],
        ),
        Row::Transition(t) => (
            &["requirement_id", "status", "at", "note"],
            vec![v(t.requirement_id.0)?, v(Ch(t.status))?, v(dt(t.at))?, v(&t.note)?],
        ),
        Row::Touchpoint(t) => (
            &["account_id", "date", "kind", "contact_id", "note", "version"],
            vec![
                v(t.account_id.0)?,
                v(d(t.date))?,
                v(Ch(t.kind))?,
                v(t.contact_id.map(|c| c.0))?,
                v(&t.note)?,
                v(t.version)?,
            ],
        ),
    })
}

/// Inserts the row as it is (its id, or a fresh one for id 0); returns the id.
pub(super) fn insert(conn: &Connection, row: &Row) -> Result<i64> {
    let (cols, mut values) = columns(row)?;
    values.insert(0, if row.id() == 0 { Value::Null } else { Value::Integer(row.id()) });
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let sql =
        format!("INSERT INTO {} (id, {}) VALUES ({})", row.kind().table(), cols.join(", "), marks.join(", "));
    conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    Ok(conn.last_insert_rowid())
}

/// Writes the row whole (its version included) over the stored one, if that one is still
/// at `expected` (transitions, which have no version: if it exists).
pub(super) fn update(conn: &Connection, row: &Row, expected: i64) -> Result<()> {
    let (cols, mut values) = columns(row)?;
    let sets: Vec<String> = cols.iter().enumerate().map(|(i, c)| format!("{c} = ?{}", i + 1)).collect();
    let n = values.len();
    values.push(Value::Integer(row.id()));
    let versioned = row.kind() != RowKind::Transition;
    let check = if versioned {
        values.push(Value::Integer(expected));
        format!(" AND version = ?{}", n + 2)
    } else {
        String::new()
    };
    let sql = format!("UPDATE {} SET {} WHERE id = ?{}{check}", row.kind().table(), sets.join(", "), n + 1);
    let changed = conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    if changed == 0 {
        return Err(stale_or_missing(conn, row.kind().table(), row.id(), expected));
    }
    Ok(())
}

/// Deletes the row if it is still at `expected` (foreign keys cascade to its children,
/// which callers have read first).
pub(super) fn delete(conn: &Connection, key: RowKey, expected: i64) -> Result<()> {
    let changed = if key.kind == RowKind::Transition {
        conn.prepare_cached("DELETE FROM requirement_transition WHERE id = ?1")?.execute([key.id])?
    } else {
        let sql = format!("DELETE FROM {} WHERE id = ?1 AND version = ?2", key.kind.table());
        conn.prepare_cached(&sql)?.execute([key.id, expected])?
    };
    if changed == 0 {
        return Err(stale_or_missing(conn, key.kind.table(), key.id, expected));
    }
    Ok(())
}

impl super::Store {
    /// One row as stored now (the current version shown when a save is refused).
    pub fn row(&self, key: RowKey) -> Result<Option<Row>> {
        read(&self.conn, key)
    }
}
