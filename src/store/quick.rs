//! The quick actions (one key each in the dashboard): promise kept / broken / withdrawn,
//! a requirement's next step or rejection, resolving a complaint, completing a milestone,
//! the CSM's call, and the renewal outcome (renewed, churned, won back). Each loads a few
//! rows of one account (version-checked), asks `domain::actions` what they become (or why
//! not), saves them, and regenerates the playbook when the contract changed.

use super::edit::save;
use super::recorder::Recorder;
use super::rows;
use super::{Result, Store, StoreError};
use crate::domain::actions::{self, ActionError};
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::term::{check_decided_in, validate_terms};
use crate::domain::*;

/// Reads a row of a known kind at the version the user saw, or says why not.
macro_rules! fetch {
    ($store:expr, $variant:ident, $kind:expr, $id:expr, $version:expr) => {{
        let key = RowKey { kind: $kind, id: $id };
        match rows::current(&$store.conn, key)? {
            Some(Row::$variant(x)) if x.version == $version => x,
            Some(other) => {
                return Err(StoreError::Stale {
                    what: key.kind.table(),
                    id: key.id,
                    expected: $version,
                    found: other.version(),
                });
            }
            None => return Err(StoreError::Missing { what: key.kind.table(), id: key.id }),
        }
    }};
}

impl Store {
    pub(super) fn quick(
        &self,
        edit: &Edit,
        rec: &mut Recorder,
        today: chrono::NaiveDate,
    ) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        match edit {
            Edit::SetPromiseStatus { id, version, status, on } => {
                let p = fetch!(self, Promise, RowKind::Promise, id.0, *version);
                let p = actions::set_promise_status(&p, *status, *on);
                let account = p.account_id;
                save(c, rec, Row::Promise(p))?;
                Ok((ChangeKind::Promise(*status), account))
            }
            Edit::MoveReferral { id, version, to, on } => {
                let r = fetch!(self, Referral, RowKind::Referral, id.0, *version);
                let to = to.or(r.stage.next()).ok_or_else(|| {
                    StoreError::Invalid(format!("referral {}: {} is its last stage", r.id.0, r.stage))
                })?;
                let moved = crate::domain::referral::move_referral(&r, to, *on)
                    .ok_or_else(|| StoreError::Invalid(format!("referral {}: at {to} already", r.id.0)))?;
                let account = moved.account_id;
                save(c, rec, Row::Referral(moved))?;
                Ok((ChangeKind::Updated(RowKind::Referral), account))
            }
            Edit::SetTaskStatus { id, version, status, on, reason } => {
                let t = fetch!(self, Task, RowKind::Task, id.0, *version);
                let t = crate::domain::task::close_task(&t, *status, *on, reason);
                let account = t.account_id;
                save(c, rec, Row::Task(t))?;
                Ok((ChangeKind::Task(*status), account))
            }
            Edit::MoveRequirement { id, version, to, at, note } => {
                let r = fetch!(self, Requirement, RowKind::Requirement, id.0, *version);
                let last = rows::read_where(c, RowKind::Transition, "requirement_id = ?1", id.0)?
                    .iter()
                    .filter_map(|t| if let Row::Transition(t) = t { Some(t.at) } else { None })
                    .max();
                let moved = actions::move_requirement(&r, *to, *at, note, last)?;
                let account = moved.requirement.account_id;
                save(c, rec, Row::Requirement(moved.requirement))?;
                let tid = rows::insert(c, &Row::Transition(moved.step))?;
                rec.created(RowKey { kind: RowKind::Transition, id: tid });
                Ok((ChangeKind::Requirement(*to), account))
            }
            Edit::ResolveComplaint { id, version, at, cause, improvement } => {
                let x = fetch!(self, Complaint, RowKind::Complaint, id.0, *version);
                let x = actions::resolve_complaint(&x, *at, *cause, improvement)?;
                let account = x.account_id;
                save(c, rec, Row::Complaint(x))?;
                Ok((ChangeKind::ComplaintResolved, account))
            }
            Edit::CompleteMilestone { id, version, status, on, note } => {
                let m = fetch!(self, Milestone, RowKind::Milestone, id.0, *version);
                let m = actions::complete_milestone(&m, *status, *on, note);
                let account = m.account_id;
                let activated = match actions::activates(&m) {
                    true => actions::activation_recorded(&self.require_account(account)?, &m),
                    false => None,
                };
                save(c, rec, Row::Milestone(m))?;
                if let Some(a) = activated {
                    save(c, rec, Row::Account(a))?;
                }
                Ok((ChangeKind::Milestone(*status), account))
            }
            Edit::SetForecast { id, version, forecast, on } => {
                let a = fetch!(self, Account, RowKind::Account, id.0, *version);
                save(c, rec, Row::Account(actions::set_forecast(&a, *forecast, *on)))?;
                Ok((ChangeKind::Forecast, *id))
            }
            Edit::SetReference { id, version, stage, on } => {
                let a = fetch!(self, Account, RowKind::Account, id.0, *version);
                save(c, rec, Row::Account(actions::set_reference(&a, *stage, *on)))?;
                Ok((ChangeKind::Reference, *id))
            }
            Edit::RecordRenewal { term, version, decided_on, new_arr, new_end } => {
                let t = fetch!(self, Term, RowKind::Term, term.0, *version);
                let account = t.account_id;
                let a = self.require_account(account)?;
                let before = self.milestones_before(account)?;
                check_decided_in(&self.terms(account)?, t.id, *decided_on, today)
                    .map_err(ActionError::from)?;
                let renewal = actions::record_renewal(&a, &t, *decided_on, *new_arr, *new_end)?;
                save(c, rec, Row::Term(renewal.closed))?;
                save(c, rec, Row::Term(renewal.next))?;
                save(c, rec, Row::Account(renewal.account))?;
                self.after_contract_change(rec, account, before)?;
                Ok((ChangeKind::Renewed(renewal.kind), account))
            }
            Edit::RecordChurn {
                account,
                account_version,
                term,
                term_version,
                decided_on,
                reason,
                note,
                because_of,
            } => {
                let a = fetch!(self, Account, RowKind::Account, account.0, *account_version);
                let t = fetch!(self, Term, RowKind::Term, term.0, *term_version);
                let before = self.milestones_before(*account)?;
                let cause = match because_of {
                    None => None,
                    Some(id) => match rows::read(c, RowKey { kind: RowKind::Requirement, id: id.0 })? {
                        Some(Row::Requirement(r)) => Some(r),
                        _ => return Err(StoreError::Missing { what: "requirement", id: id.0 }),
                    },
                };
                check_decided_in(&self.terms(t.account_id)?, t.id, *decided_on, today)
                    .map_err(ActionError::from)?;
                let churn = actions::record_churn(&a, &t, *decided_on, *reason, note, cause.as_ref())?;
                save(c, rec, Row::Term(churn.term))?;
                save(c, rec, Row::Account(churn.account))?;
                self.after_contract_change(rec, *account, before)?;
                Ok((ChangeKind::Churned, *account))
            }
            Edit::WinBack { account, version, start, end, arr } => {
                let a = fetch!(self, Account, RowKind::Account, account.0, *version);
                let before = self.milestones_before(*account)?;
                let won = actions::win_back(&a, &self.terms(*account)?, *start, *end, *arr)?;
                save(c, rec, Row::Term(won.term))?;
                save(c, rec, Row::Account(won.account))?;
                self.after_contract_change(rec, *account, before)?;
                Ok((ChangeKind::WonBack, *account))
            }
            other => Err(StoreError::Invalid(format!("not a quick action: {other:?}"))),
        }
    }

    /// After a term closed or opened: `before` is the account's milestone list from before
    /// the change (`milestones::follow_playbook`), read after the terms are checked.
    fn after_contract_change(
        &self,
        rec: &mut Recorder,
        account: AccountId,
        before: Vec<Milestone>,
    ) -> Result<()> {
        self.check_terms(account)?;
        super::milestones::follow_playbook(&self.conn, rec, account, before)
    }

    /// An account's milestone list as it is now (before an edit changes its terms).
    fn milestones_before(&self, account: AccountId) -> Result<Vec<Milestone>> {
        Ok(super::milestones::list(&self.conn, account)?.map(|f| f.milestones).unwrap_or_default())
    }

    fn terms(&self, account: AccountId) -> Result<Vec<ContractTerm>> {
        let mut terms: Vec<ContractTerm> =
            rows::read_where(&self.conn, RowKind::Term, "account_id = ?1", account.0)?
                .into_iter()
                .filter_map(|r| if let Row::Term(t) = r { Some(t) } else { None })
                .collect();
        terms.sort_by_key(|t| (t.start, t.id));
        Ok(terms)
    }

    /// The contract history must stay valid (no overlap, only the last term open).
    pub(super) fn check_terms(&self, account: AccountId) -> Result<()> {
        Ok(validate_terms(&self.terms(account)?).map_err(ActionError::from)?)
    }
}
