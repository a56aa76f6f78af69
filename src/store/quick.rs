//! The quick actions (one key each in the dashboard): promise kept / broken / withdrawn,
//! a requirement's next step or rejection, resolving a complaint, completing a milestone,
//! the CSM's call, and the renewal outcome (renewed, churned, won back). Each changes a
//! few rows of one account, version-checked, and regenerates the playbook when the
//! contract changed.

use super::edit::save;
use super::recorder::Recorder;
use super::rows;
use super::{Result, Store, StoreError};
use crate::domain::change::{Row, RowKey, RowKind, TransitionRow};
use crate::domain::playbook;
use crate::domain::term::{RenewalKind, renew, validate_terms};
use crate::domain::*;

/// Reads a row of a known kind at the version the user saw, or says why not.
macro_rules! fetch {
    ($store:expr, $variant:ident, $kind:expr, $id:expr, $version:expr) => {{
        let key = RowKey { kind: $kind, id: $id };
        match rows::read(&$store.conn, key)? {
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
    pub(super) fn quick(&self, edit: &Edit, rec: &mut Recorder) -> Result<(ChangeKind, AccountId)> {
        let c = &self.conn;
        match edit {
            Edit::SetPromiseStatus { id, version, status, on } => {
                let mut p = fetch!(self, Promise, RowKind::Promise, id.0, *version);
                p.status = *status;
                p.status_on = if status.is_open() { p.made_on } else { *on };
                save(c, rec, Row::Promise(p.clone()))?;
                Ok((ChangeKind::Promise(*status), p.account_id))
            }
            Edit::MoveRequirement { id, version, to, at, note } => {
                let mut r = fetch!(self, Requirement, RowKind::Requirement, id.0, *version);
                if !r.status.can_move_to(*to) {
                    return Err(StoreError::Invalid(
                        EditError::BadMove { from: r.status, to: *to }.to_string(),
                    ));
                }
                r.status = *to;
                save(c, rec, Row::Requirement(r.clone()))?;
                // A step never goes before the previous one (clocks differ between machines).
                let last = rows::read_where(c, RowKind::Transition, "requirement_id = ?1", id.0)?
                    .iter()
                    .filter_map(|t| if let Row::Transition(t) = t { Some(t.at) } else { None })
                    .max();
                let at = last.map_or(*at, |l| l.max(*at));
                let t = TransitionRow { id: 0, requirement_id: *id, status: *to, at, note: note.clone() };
                let tid = rows::insert(c, &Row::Transition(t))?;
                rec.created(RowKey { kind: RowKind::Transition, id: tid });
                Ok((ChangeKind::Requirement(*to), r.account_id))
            }
            Edit::ResolveComplaint { id, version, at, cause, improvement } => {
                let mut x = fetch!(self, Complaint, RowKind::Complaint, id.0, *version);
                if x.resolved_at.is_some() {
                    return Err(StoreError::Invalid(format!("complaint #{id} is already resolved")));
                }
                x.resolved_at = Some((*at).max(x.raised_at));
                x.cause = cause.or(x.cause);
                x.improvement = improvement.clone();
                save(c, rec, Row::Complaint(x.clone()))?;
                Ok((ChangeKind::ComplaintResolved, x.account_id))
            }
            Edit::CompleteMilestone { id, version, status, on, note } => {
                let mut m = fetch!(self, Milestone, RowKind::Milestone, id.0, *version);
                m.status = *status;
                m.done_on = (*status != MilestoneStatus::Pending).then_some(*on);
                m.note = note.clone();
                save(c, rec, Row::Milestone(m.clone()))?;
                Ok((ChangeKind::Milestone(*status), m.account_id))
            }
            Edit::SetForecast { id, version, forecast, on } => {
                let mut a = fetch!(self, Account, RowKind::Account, id.0, *version);
                a.forecast = *forecast;
                a.forecast_on = forecast.map(|_| *on);
                save(c, rec, Row::Account(a))?;
                Ok((ChangeKind::Forecast, *id))
            }
            Edit::RecordRenewal { term, version, decided_on, new_arr, new_end } => {
                let mut t = fetch!(self, Term, RowKind::Term, term.0, *version);
                let account = t.account_id;
                self.check_open(&t)?;
                if new_arr.currency != t.arr.currency {
                    return Err(StoreError::Invalid(format!(
                        "the contract is in {}, not {}",
                        t.arr.currency, new_arr.currency
                    )));
                }
                let old_arr = t.arr;
                let next = renew(&mut t, *decided_on, *new_arr, *new_end)
                    .map_err(|e| StoreError::Invalid(e.to_string()))?;
                save(c, rec, Row::Term(t))?;
                save(c, rec, Row::Term(next))?;
                // The renewal is decided: back to steady use, and the call was about it.
                let mut a = self.require_account(account)?;
                if a.stage == Stage::Renewal {
                    a.stage = Stage::Mature;
                }
                a.forecast = None;
                a.forecast_on = None;
                save(c, rec, Row::Account(a))?;
                self.after_contract_change(rec, account)?;
                Ok((ChangeKind::Renewed(RenewalKind::of(old_arr, *new_arr)), account))
            }
            Edit::RecordChurn { account, account_version, term, term_version, decided_on, reason, note } => {
                let mut a = fetch!(self, Account, RowKind::Account, account.0, *account_version);
                let mut t = fetch!(self, Term, RowKind::Term, term.0, *term_version);
                if t.account_id != *account {
                    return Err(StoreError::Invalid(format!("term #{term} is not this account's")));
                }
                self.check_open(&t)?;
                t.outcome = Some(TermOutcome::Churned {
                    decided_on: *decided_on,
                    reason: *reason,
                    note: note.clone(),
                });
                save(c, rec, Row::Term(t))?;
                // Kept, marked churned: PLAYBOOK §12 goes back to win them.
                a.stage = Stage::Churned;
                save(c, rec, Row::Account(a))?;
                self.after_contract_change(rec, *account)?;
                Ok((ChangeKind::Churned, *account))
            }
            Edit::WinBack { account, version, start, end, arr } => {
                let mut a = fetch!(self, Account, RowKind::Account, account.0, *version);
                let churned = self
                    .terms(*account)?
                    .last()
                    .is_some_and(|t| matches!(t.outcome, Some(TermOutcome::Churned { .. })));
                if a.stage != Stage::Churned && !churned {
                    return Err(StoreError::Invalid(format!("{} has not churned", a.name)));
                }
                let t = ContractTerm {
                    id: TermId(0),
                    account_id: *account,
                    start: *start,
                    end: *end,
                    arr: *arr,
                    outcome: None,
                    version: 0,
                };
                save(c, rec, Row::Term(t))?;
                a.stage = Stage::Onboarding;
                a.forecast = None;
                a.forecast_on = None;
                save(c, rec, Row::Account(a))?;
                self.after_contract_change(rec, *account)?;
                Ok((ChangeKind::WonBack, *account))
            }
            other => Err(StoreError::Invalid(format!("not a quick action: {other:?}"))),
        }
    }

    fn check_open(&self, t: &ContractTerm) -> Result<()> {
        if t.outcome.is_some() {
            return Err(StoreError::Invalid(format!("the term ending {} already has an outcome", t.end)));
        }
        Ok(())
    }

    fn after_contract_change(&self, rec: &mut Recorder, account: AccountId) -> Result<()> {
        self.check_terms(account)?;
        self.regenerate_milestones(rec, account)
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
        validate_terms(&self.terms(account)?).map_err(|e| StoreError::Invalid(e.to_string()))
    }

    /// Brings the pending playbook milestones in line with the account's tier and terms,
    /// keeping completed ones (`playbook::regenerate`); each insert and delete recorded.
    pub(super) fn regenerate_milestones(&self, rec: &mut Recorder, account: AccountId) -> Result<()> {
        let c = &self.conn;
        let a = self.require_account(account)?;
        let existing: Vec<Milestone> = rows::read_where(c, RowKind::Milestone, "account_id = ?1", account.0)?
            .into_iter()
            .filter_map(|r| if let Row::Milestone(m) = r { Some(m) } else { None })
            .collect();
        let merged = playbook::regenerate(&existing, playbook::generate(&a, &self.terms(account)?));
        for old in existing.iter().filter(|m| !merged.iter().any(|k| k.id == m.id)) {
            rec.touch(&Row::Milestone(old.clone()));
            rows::delete(c, RowKey { kind: RowKind::Milestone, id: old.id.0 }, old.version)?;
        }
        for mut m in merged.into_iter().filter(|m| m.id.0 == 0) {
            m.account_id = account;
            save(c, rec, Row::Milestone(m))?;
        }
        Ok(())
    }
}
