//! Applying a user's `Edit`: one `BEGIN IMMEDIATE` transaction per action (so a second
//! Radar waits for the write lock instead of failing half-way), every update
//! version-checked, the account's cached risk recomputed inside the same transaction, and
//! the before/after images of every touched row returned as a `Change` for undo.

use super::conn::Conn;
use super::conn::Tx;
use super::recorder::{Recorder, with_version};
use super::rows;
use super::{Result, Store, StoreError};
use crate::domain::actions;
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::metrics::RateShare;
use crate::domain::risk::Assessment;
use crate::domain::*;
use chrono::NaiveDate;

/// How the store recomputes an account's cached risk after a write (the rules live in
/// `domain::risk`, the weights in the user's settings; see `refresh::rescore`).
pub struct Rescore<'a> {
    pub as_of: NaiveDate,
    /// `domain::risk::rules_stamp` of the settings `score` weighs with.
    pub rules: &'a str,
    pub score: &'a dyn Fn(&AccountFacts) -> (Assessment, i64),
}

impl Store {
    /// Applies one edit in one transaction and returns what it changed. A stale version
    /// gives `StoreError::Stale` (nothing written); `Missing` if the row is gone.
    pub fn apply(&mut self, edit: &Edit, rescore: &Rescore<'_>) -> Result<Change> {
        let edit = edit.clone().cleaned();
        edit.check().map_err(|e| StoreError::Invalid(e.to_string()))?;
        let tx = Tx::write(&self.conn)?;
        let mut rec = Recorder::default();
        let (kind, account) = self.write_edit(&edit, &mut rec, rescore.as_of)?;
        let (before, after) = rec.finish(&self.conn)?;
        let subject = self
            .account(account)?
            .map(|a| a.name)
            .or_else(|| {
                before.iter().find_map(|r| if let Row::Account(a) = r { Some(a.name.clone()) } else { None })
            })
            .unwrap_or_default();
        self.rescore(account, rescore)?;
        crate::store::sqlite::fts::tidy(&self.conn)?;
        tx.commit()?;
        Ok(Change { kind, subject, account, before, after })
    }

    fn write_edit(
        &self,
        edit: &Edit,
        rec: &mut Recorder,
        today: NaiveDate,
    ) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        let saved = |row: Row, rec: &mut Recorder| -> Result<(ChangeKind, AccountId)> {
            let kind = row.kind();
            let account = row.account_id().unwrap_or_default();
            self.require_account(account)?;
            let created = save(c, rec, row)?.is_some();
            Ok((if created { ChangeKind::Created(kind) } else { ChangeKind::Updated(kind) }, account))
        };
        match edit {
            Edit::SaveAccount { account, term } => self.save_account(rec, account, term.as_ref()),
            Edit::SaveContact(x) => saved(Row::Contact(x.clone()), rec),
            Edit::SavePromise(x) => saved(Row::Promise(x.clone()), rec),
            Edit::SaveRequirement(x) => self.save_requirement(rec, x),
            Edit::SaveComplaint(x) => saved(Row::Complaint(x.clone()), rec),
            Edit::SaveTouchpoint(x) => self.save_touchpoint(rec, x),
            Edit::LogWithNextStep { touchpoint, task } => {
                let made = self.save_touchpoint(rec, touchpoint)?;
                let id = rec.created_id(RowKind::Touchpoint).unwrap_or(touchpoint.id.0);
                let mut task = task.clone();
                task.account_id = touchpoint.account_id;
                task.touchpoint_id = Some(TouchpointId(id));
                task.created_from = TaskOrigin::Touchpoint;
                self.check_task_contact(&task)?;
                save(c, rec, Row::Task(task))?;
                Ok(made)
            }
            Edit::SaveTask(x) => {
                self.check_task_contact(x)?;
                saved(Row::Task(x.clone()), rec)
            }
            Edit::SaveReferral(x) => {
                self.check_referral_contact(x)?;
                saved(Row::Referral(x.clone()), rec)
            }
            Edit::SaveUsage(x) => saved(Row::Usage(x.clone()), rec),
            Edit::Delete { target, version } => self.delete(rec, *target, *version),
            Edit::Reschedule { .. } => self.reschedule(edit, rec),
            _ => self.quick(edit, rec, today),
        }
    }

    /// The account an edit writes to: it exists and (team mode) the user may write it.
    pub(super) fn require_account(&self, id: AccountId) -> Result<Account> {
        // On a team server an account this login no longer sees may as well have been given
        // to someone else as deleted (row security hides both): said as not in the
        // portfolio, never as "deleted elsewhere" (team trial, session 33), and without the
        // offer to save the form as a new account, which would copy someone else's.
        let gone = match self.conn.as_pg() {
            Some(_) => StoreError::NotInPortfolio { what: "account", id: id.0 },
            None => StoreError::Missing { what: "account", id: id.0 },
        };
        let account = self.account(id)?.ok_or(gone)?;
        if let Some(pg) = self.conn.as_pg()
            && !pg.can_write(id.0)?
        {
            return Err(StoreError::NotInPortfolio { what: "account", id: id.0 });
        }
        Ok(account)
    }

    /// A CRM id names one account: one already given to another account is refused by
    /// name (the form said "database error: UNIQUE constraint failed: account.external_id").
    fn external_id_free(&self, account: &Account) -> Result<()> {
        let Some(ext) = account.external_id.as_deref().filter(|e| !e.is_empty()) else { return Ok(()) };
        let sql = "SELECT name FROM account WHERE external_id = ?1 AND id <> ?2";
        let name = |r: &mut super::conn::AnyReader<'_, '_>| super::tables::Reader::text(r);
        match self.conn.first(sql, super::conn::vals![ext, account.id.0], name)? {
            Some(name) => {
                Err(actions::ActionError::ExternalIdTaken { external_id: ext.to_string(), name }.into())
            }
            None => Ok(()),
        }
    }

    fn save_account(
        &self,
        rec: &mut Recorder,
        account: &Account,
        term: Option<&ContractTerm>,
    ) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        let old = if account.id.0 == 0 { None } else { Some(self.require_account(account.id)?) };
        if let Some(old) = &old
            && self.conn.as_pg().is_some()
            && old.owner != account.owner
        {
            return Err(actions::ActionError::OwnerIsTheLogin { owner: old.owner.clone() }.into());
        }
        self.external_id_free(account)?;
        let mut regenerate = actions::playbook_follows_account(old.as_ref(), account);
        // The milestones as they are, for the playbook to follow a change of tier or dates
        // (only then: an edit of the name or the industry reads none).
        let before = match &old {
            Some(a) if regenerate || term.is_some() => {
                super::milestones::list(c, a.id)?.map(|f| f.milestones).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let created = save(c, rec, Row::Account(account.clone()))?;
        let id = created.map_or(account.id, AccountId);
        // A new term on an account that was already there is its first contract (`R` on an
        // account a companies export brought without one): said as such, not "updated".
        let first_contract = old.is_some() && term.is_some_and(|t| t.id.0 == 0);
        if let Some(t) = term {
            let mut t = t.clone();
            t.account_id = id;
            let stored = match t.id.0 {
                0 => None,
                tid => match rows::read(c, RowKey { kind: RowKind::Term, id: tid })? {
                    Some(Row::Term(s)) => Some(s),
                    _ => return Err(StoreError::Missing { what: "term", id: tid }),
                },
            };
            let edit = actions::edit_open_term(stored.as_ref(), &t)?;
            regenerate |= edit.dates_changed;
            save(c, rec, Row::Term(edit.term))?;
            self.check_terms(id)?;
        }
        if regenerate {
            super::milestones::follow_playbook(c, rec, id, before)?;
        }
        let kind = match (old.is_none(), first_contract) {
            (true, _) => ChangeKind::Created(RowKind::Account),
            (false, true) => ChangeKind::Created(RowKind::Term),
            (false, false) => ChangeKind::Updated(RowKind::Account),
        };
        Ok((kind, id))
    }

    fn save_requirement(&self, rec: &mut Recorder, r: &Requirement) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        self.require_account(r.account_id)?;
        if r.id.0 == 0 {
            let (new, mut t) = actions::new_requirement(r);
            let id = save(c, rec, Row::Requirement(new))?.unwrap_or_default();
            t.requirement_id = RequirementId(id);
            let tid = rows::insert(c, &Row::Transition(t))?;
            rec.created(RowKey { kind: RowKind::Transition, id: tid });
            return Ok((ChangeKind::Created(RowKind::Requirement), r.account_id));
        }
        let stored = match rows::read(c, RowKey { kind: RowKind::Requirement, id: r.id.0 })? {
            Some(Row::Requirement(s)) => Some(s),
            _ => None,
        };
        save(c, rec, Row::Requirement(actions::edited_requirement(r, stored.as_ref())))?;
        Ok((ChangeKind::Updated(RowKind::Requirement), r.account_id))
    }

    fn save_touchpoint(&self, rec: &mut Recorder, t: &Touchpoint) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        self.require_account(t.account_id)?;
        if let Some(cid) = t.contact_id {
            let contact = match rows::read(c, RowKey { kind: RowKind::Contact, id: cid.0 })? {
                Some(Row::Contact(x)) => x,
                _ => return Err(StoreError::Missing { what: "contact", id: cid.0 }),
            };
            if let Some(updated) = actions::touch_contact(&contact, t)? {
                save(c, rec, Row::Contact(updated))?;
            }
        }
        let created = save(c, rec, Row::Touchpoint(t.clone()))?.is_some();
        let kind = if created {
            ChangeKind::Created(RowKind::Touchpoint)
        } else {
            ChangeKind::Updated(RowKind::Touchpoint)
        };
        Ok((kind, t.account_id))
    }

    /// A task's contact must be one of its account's (the form offers only those; an
    /// import or a stale form could name another).
    fn check_task_contact(&self, t: &Task) -> Result<()> {
        let Some(cid) = t.contact_id else { return Ok(()) };
        match rows::read(&self.conn, RowKey { kind: RowKind::Contact, id: cid.0 })? {
            Some(Row::Contact(x)) if x.account_id == t.account_id => Ok(()),
            Some(Row::Contact(x)) => Err(actions::ActionError::OtherAccountsContact { contact: x.id }.into()),
            _ => Err(StoreError::Missing { what: "contact", id: cid.0 }),
        }
    }

    fn delete(&self, rec: &mut Recorder, target: RowKey, version: i64) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        let row =
            rows::read(c, target)?.ok_or(StoreError::Missing { what: target.kind.table(), id: target.id })?;
        if row.version() != version {
            return Err(StoreError::Stale {
                what: target.kind.table(),
                id: target.id,
                expected: version,
                found: row.version(),
            });
        }
        let account = row.account_id().unwrap_or_default();
        rec.touch(&row);
        actions::check_deletable(target.kind)?;
        match target.kind {
            RowKind::Account => {
                rows::account_rows(c, AccountId(target.id))?.iter().for_each(|r| rec.touch(r))
            }
            RowKind::Requirement => {
                rows::read_where(c, RowKind::Transition, "requirement_id = ?1", target.id)?
                    .iter()
                    .for_each(|r| rec.touch(r))
            }
            RowKind::Contact | RowKind::Touchpoint => {
                // Their touchpoints and tasks stay, without the link (what ON DELETE SET
                // NULL would do, but written here so versions and the undo images see it).
                for r in rows::unlinked_by(c, target)? {
                    rec.touch(&r);
                    let r = match r {
                        Row::Touchpoint(mut t) => {
                            t.contact_id = None;
                            Row::Touchpoint(t)
                        }
                        Row::Task(mut t) if target.kind == RowKind::Contact => {
                            t.contact_id = None;
                            Row::Task(t)
                        }
                        Row::Task(mut t) => {
                            t.touchpoint_id = None;
                            Row::Task(t)
                        }
                        Row::Referral(mut r) => {
                            r.contact_id = None;
                            Row::Referral(r)
                        }
                        other => other,
                    };
                    save(c, rec, r)?;
                }
            }
            _ => {}
        }
        rows::delete(c, target, version)?;
        Ok((ChangeKind::Deleted(target.kind), account))
    }

    /// Recomputes and stores the account's cached risk (inside the caller's transaction).
    pub(super) fn rescore(&self, account: AccountId, rescore: &Rescore<'_>) -> Result<()> {
        let Some(facts) = self.load_facts(account)? else { return Ok(()) };
        let (a, priority) = (rescore.score)(&facts);
        super::risk::write_risk(
            &self.conn,
            rescore.as_of,
            rescore.rules,
            std::iter::once((account, &a, priority, RateShare::of(&facts, rescore.as_of))),
        )?;
        Ok(())
    }
}

/// Inserts (id 0; returns the new id) or updates a row at the version it carries, bumping
/// it. An update that changes nothing writes nothing (and keeps the version), but a stale
/// version is refused either way.
pub(super) fn save(c: &Conn, rec: &mut Recorder, row: Row) -> Result<Option<i64>> {
    // Milestones are saved as part of their account's list (stored or derived).
    if let Row::Milestone(m) = row {
        super::milestones::save_one(c, rec, m)?;
        return Ok(None);
    }
    if row.id() == 0 {
        let row = with_version(row, 1);
        let id = rows::insert(c, &row)?;
        rec.created(RowKey { kind: row.kind(), id });
        return Ok(Some(id));
    }
    let key = row.key();
    let stored = rows::read(c, key)?.ok_or(StoreError::Missing { what: key.kind.table(), id: key.id })?;
    if stored.version() != row.version() {
        return Err(StoreError::Stale {
            what: key.kind.table(),
            id: key.id,
            expected: row.version(),
            found: stored.version(),
        });
    }
    if stored.account_id() != row.account_id() {
        return Err(StoreError::Invalid(format!(
            "{} #{} cannot move to another account",
            key.kind.table(),
            key.id
        )));
    }
    rec.touch(&stored);
    if stored != row {
        let expected = row.version();
        rows::update(c, &with_version(row, expected + 1), expected)?;
    }
    Ok(None)
}
