//! Inserts and optimistic-concurrency updates. Every public method is one transaction.

use super::codec::{Ch, new_id, opt_id};
use super::dates::{d, dt, od, odt};
use super::{Result, Store, StoreError};
use crate::domain::*;
use rusqlite::{Connection, Statement, params};

impl Store {
    /// Inserts whole accounts with everything about them, in one transaction. With
    /// `keep_ids` the records keep the ids they carry (a lossless import); otherwise they
    /// get fresh ids, written back into `facts`. A touchpoint's `contact_id` refers to a
    /// contact of the same facts and is remapped.
    pub fn insert_facts(&mut self, facts: &mut [AccountFacts], keep_ids: bool) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut ins = Inserters::new(&tx)?;
            for f in facts.iter_mut() {
                if !keep_ids {
                    clear_ids(f);
                }
                insert_account_facts(&mut ins, f, keep_ids)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Saves an edited account if nobody changed it since it was loaded; bumps its version.
    pub fn update_account(&mut self, a: &Account) -> Result<Account> {
        let tx = self.conn.transaction()?;
        update_account_row(&tx, a)?;
        tx.commit()?;
        self.account(a.id)?.ok_or(StoreError::Missing { what: "account", id: a.id.0 })
    }

    /// Deletes an account and (by cascade) everything recorded about it.
    pub fn delete_account(&mut self, id: AccountId, version: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        let n = tx.execute("DELETE FROM account WHERE id = ?1 AND version = ?2", params![id.0, version])?;
        if n == 0 {
            return Err(stale_or_missing(&tx, "account", id.0, version));
        }
        tx.commit()?;
        Ok(())
    }
}

/// The versioned `UPDATE` of an account row (shared by edits and imports): refused as
/// stale if the row's version is not `a.version`.
pub(super) fn update_account_row(conn: &Connection, a: &Account) -> Result<()> {
    let n = conn.prepare_cached(
        "UPDATE account SET external_id = ?2, name = ?3, industry = ?4, tier = ?5, region = ?6, owner = ?7, \
             currency = ?8, target_fit = ?9, stage = ?10, activated_on = ?11, forecast = ?12, forecast_on = ?13, \
             pain_points = ?14, why_bought = ?15, special_clauses = ?16, version = version + 1 \
             WHERE id = ?1 AND version = ?17",
    )?
    .execute(params![
                a.id.0,
                a.external_id,
                a.name,
                a.industry,
                Ch(a.tier),
                a.region,
                a.owner,
                a.currency.code(),
                a.target_fit,
                Ch(a.stage),
                od(a.activated_on),
                opt_id(a.forecast),
                od(a.forecast_on),
                a.handover.pain_points,
                a.handover.why_bought,
                a.handover.special_clauses,
                a.version
            ])?;
    if n == 0 {
        return Err(stale_or_missing(conn, "account", a.id.0, a.version));
    }
    Ok(())
}

/// Explains why a versioned write touched no row.
pub(super) fn stale_or_missing(conn: &Connection, table: &'static str, id: i64, expected: i64) -> StoreError {
    let found: rusqlite::Result<i64> =
        conn.query_row(&format!("SELECT version FROM {table} WHERE id = ?1"), [id], |r| r.get(0));
    match found {
        Ok(found) => StoreError::Stale { what: table, id, expected, found },
        Err(rusqlite::Error::QueryReturnedNoRows) => StoreError::Missing { what: table, id },
        Err(e) => StoreError::from(e),
    }
}

/// The insert statements, prepared once per transaction: bulk loads insert millions of
/// rows, and looking a statement up in the cache by its SQL text on every row costs more
/// than the insert's own bookkeeping.
pub(super) struct Inserters<'c> {
    conn: &'c Connection,
    account: Statement<'c>,
    term: Statement<'c>,
    contact: Statement<'c>,
    promise: Statement<'c>,
    requirement: Statement<'c>,
    complaint: Statement<'c>,
    touchpoint: Statement<'c>,
    usage: Statement<'c>,
    milestone: Statement<'c>,
    transition: Statement<'c>,
}

impl<'c> Inserters<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<Inserters<'c>> {
        let p = |sql: &str| conn.prepare(sql);
        Ok(Inserters {
            conn,
            account: p(
                "INSERT INTO account (id, external_id, name, industry, tier, region, owner, currency, \
                 target_fit, stage, activated_on, forecast, forecast_on, pain_points, why_bought, special_clauses, \
                 created_on, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?,
            term: p(
                "INSERT INTO term (id, account_id, start, end, arr_minor, currency, outcome, decided_on, \
                 new_arr_minor, churn_reason, churn_note, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            contact: p(
                "INSERT INTO contact (id, account_id, name, title, role, stance, kp_tier, influence, email, \
                 phone, added_on, left_on, last_contact, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            promise: p(
                "INSERT INTO promise (id, account_id, text, made_by, made_on, due, status, status_on, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            requirement: p(
                "INSERT INTO requirement (id, account_id, title, requester, category, level, raised_on, \
                 status, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            complaint: p(
                "INSERT INTO complaint (id, account_id, raised_at, severity, summary, cause, resolved_at, \
                 improvement, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?,
            touchpoint: p("INSERT INTO touchpoint (id, account_id, date, kind, contact_id, note, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?,
            usage: p(
                "INSERT INTO usage (id, account_id, date, active_users, seats, logins, minutes, features_used, \
                 features_total, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?,
            milestone: p(
                "INSERT INTO milestone (id, account_id, kind, due, status, done_on, note, version) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            transition: p("INSERT INTO requirement_transition (requirement_id, status, at, note) \
                 VALUES (?1, ?2, ?3, ?4)")?,
        })
    }
}

/// Marks every record as new (id 0) except contacts, whose old ids the touchpoints still
/// refer to; `insert_account_facts` remaps those.
fn clear_ids(f: &mut AccountFacts) {
    f.account.id = AccountId(0);
    f.terms.iter_mut().for_each(|t| t.id = TermId(0));
    f.promises.iter_mut().for_each(|p| p.id = PromiseId(0));
    f.requirements.iter_mut().for_each(|r| r.id = RequirementId(0));
    f.complaints.iter_mut().for_each(|c| c.id = ComplaintId(0));
    f.touchpoints.iter_mut().for_each(|t| t.id = TouchpointId(0));
    f.usage.iter_mut().for_each(|u| u.id = UsageId(0));
    f.milestones.iter_mut().for_each(|m| m.id = MilestoneId(0));
}

pub(super) fn insert_account_facts(
    ins: &mut Inserters<'_>,
    f: &mut AccountFacts,
    keep_ids: bool,
) -> Result<()> {
    insert_account(ins, &mut f.account)?;
    let account_id = f.account.id;
    for t in &mut f.terms {
        t.account_id = account_id;
        insert_term(ins, t)?;
    }
    let mut contact_map = Vec::with_capacity(f.contacts.len());
    for c in &mut f.contacts {
        let old = c.id;
        c.account_id = account_id;
        if !keep_ids {
            c.id = ContactId(0);
        }
        insert_contact(ins, c)?;
        contact_map.push((old, c.id));
    }
    for p in &mut f.promises {
        p.account_id = account_id;
        insert_promise(ins, p)?;
    }
    for r in &mut f.requirements {
        r.account_id = account_id;
        insert_requirement(ins, r)?;
    }
    for c in &mut f.complaints {
        c.account_id = account_id;
        insert_complaint(ins, c)?;
    }
    for t in &mut f.touchpoints {
        t.account_id = account_id;
        t.contact_id =
            t.contact_id.and_then(|old| contact_map.iter().find(|(o, _)| *o == old).map(|(_, n)| *n));
        insert_touchpoint(ins, t)?;
    }
    for u in &mut f.usage {
        u.account_id = account_id;
        insert_usage(ins, u)?;
    }
    for m in &mut f.milestones {
        m.account_id = account_id;
        insert_milestone(ins, m)?;
    }
    Ok(())
}

pub(super) fn insert_account(ins: &mut Inserters<'_>, a: &mut Account) -> Result<()> {
    ins.account.execute(params![
        new_id(a.id.0),
        a.external_id,
        a.name,
        a.industry,
        Ch(a.tier),
        a.region,
        a.owner,
        a.currency.code(),
        a.target_fit,
        Ch(a.stage),
        od(a.activated_on),
        opt_id(a.forecast),
        od(a.forecast_on),
        a.handover.pain_points,
        a.handover.why_bought,
        a.handover.special_clauses,
        d(a.created_on),
        a.version.max(1)
    ])?;
    a.id = AccountId(ins.conn.last_insert_rowid());
    a.version = a.version.max(1);
    Ok(())
}

pub(super) fn insert_term(ins: &mut Inserters<'_>, t: &mut ContractTerm) -> Result<()> {
    let (outcome, decided_on, new_arr, reason, note) = match &t.outcome {
        None => (None, None, None, None, String::new()),
        Some(TermOutcome::Renewed { decided_on, new_arr }) => {
            (Some("renewed"), Some(*decided_on), Some(new_arr.minor), None, String::new())
        }
        Some(TermOutcome::Churned { decided_on, reason, note }) => {
            (Some("churned"), Some(*decided_on), None, Some(reason.as_str()), note.clone())
        }
    };
    ins.term.execute(params![
        new_id(t.id.0),
        t.account_id.0,
        d(t.start),
        d(t.end),
        t.arr.minor,
        t.arr.currency.code(),
        outcome,
        od(decided_on),
        new_arr,
        reason,
        note,
        t.version.max(1)
    ])?;
    t.id = TermId(ins.conn.last_insert_rowid());
    t.version = t.version.max(1);
    Ok(())
}

pub(super) fn insert_contact(ins: &mut Inserters<'_>, c: &mut Contact) -> Result<()> {
    ins.contact.execute(params![
        new_id(c.id.0),
        c.account_id.0,
        c.name,
        c.title,
        Ch(c.role),
        Ch(c.stance),
        opt_id(c.kp_tier),
        Ch(c.influence),
        c.email,
        c.phone,
        d(c.added_on),
        od(c.left_on),
        od(c.last_contact),
        c.version.max(1)
    ])?;
    c.id = ContactId(ins.conn.last_insert_rowid());
    c.version = c.version.max(1);
    Ok(())
}

pub(super) fn insert_promise(ins: &mut Inserters<'_>, p: &mut Promise) -> Result<()> {
    ins.promise.execute(params![
        new_id(p.id.0),
        p.account_id.0,
        p.text,
        p.made_by,
        d(p.made_on),
        od(p.due),
        Ch(p.status),
        d(p.status_on),
        p.version.max(1)
    ])?;
    p.id = PromiseId(ins.conn.last_insert_rowid());
    p.version = p.version.max(1);
    Ok(())
}

pub(super) fn insert_requirement(ins: &mut Inserters<'_>, r: &mut Requirement) -> Result<()> {
    ins.requirement.execute(params![
        new_id(r.id.0),
        r.account_id.0,
        r.title,
        r.requester,
        Ch(r.category),
        Ch(r.level),
        d(r.raised_on),
        Ch(r.status),
        r.version.max(1)
    ])?;
    r.id = RequirementId(ins.conn.last_insert_rowid());
    r.version = r.version.max(1);
    for t in &r.history {
        ins.transition.execute(params![r.id.0, Ch(t.status), dt(t.at), t.note])?;
    }
    Ok(())
}

pub(super) fn insert_complaint(ins: &mut Inserters<'_>, c: &mut Complaint) -> Result<()> {
    ins.complaint.execute(params![
        new_id(c.id.0),
        c.account_id.0,
        dt(c.raised_at),
        Ch(c.severity),
        c.summary,
        opt_id(c.cause),
        odt(c.resolved_at),
        c.improvement,
        c.version.max(1)
    ])?;
    c.id = ComplaintId(ins.conn.last_insert_rowid());
    c.version = c.version.max(1);
    Ok(())
}

pub(super) fn insert_touchpoint(ins: &mut Inserters<'_>, t: &mut Touchpoint) -> Result<()> {
    ins.touchpoint.execute(params![
        new_id(t.id.0),
        t.account_id.0,
        d(t.date),
        Ch(t.kind),
        t.contact_id.map(|c| c.0),
        t.note,
        t.version.max(1)
    ])?;
    t.id = TouchpointId(ins.conn.last_insert_rowid());
    t.version = t.version.max(1);
    Ok(())
}

pub(super) fn insert_usage(ins: &mut Inserters<'_>, u: &mut UsageSnapshot) -> Result<()> {
    ins.usage.execute(params![
        new_id(u.id.0),
        u.account_id.0,
        d(u.date),
        u.active_users,
        u.seats,
        u.logins,
        u.minutes,
        u.features_used,
        u.features_total,
        u.version.max(1)
    ])?;
    u.id = UsageId(ins.conn.last_insert_rowid());
    u.version = u.version.max(1);
    Ok(())
}

pub(super) fn insert_milestone(ins: &mut Inserters<'_>, m: &mut Milestone) -> Result<()> {
    ins.milestone.execute(params![
        new_id(m.id.0),
        m.account_id.0,
        Ch(m.kind),
        d(m.due),
        Ch(m.status),
        od(m.done_on),
        m.note,
        m.version.max(1)
    ])?;
    m.id = MilestoneId(ins.conn.last_insert_rowid());
    m.version = m.version.max(1);
    Ok(())
}
