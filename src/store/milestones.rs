//! Playbook milestones as stored under derivation (issue 19 item 2): only decisions have
//! rows; pending milestones follow from the account's tier and terms
//! (`domain::playbook_derive`). Every write here works on an account's whole list, as a
//! load gives it (stored rows and derived ones, negative ids), changed as the old model
//! would change it, then stores what `keep` says needs a row: a derived milestone done,
//! skipped or moved is inserted as a new row (a fresh id, never reused: a form still open
//! on the derived one is refused as stale, `rows::current`; undo deletes the row and the
//! derived one is back under its derived id), a row derivation gives back unchanged is
//! deleted, others updated. (Inserted under the derived id, a row deleted by an undo and
//! decided again would come back at version 1, a number a form opened on the first may hold.)

use super::conn::Conn;
use super::load::load_parts;
use super::recorder::{Recorder, with_version};
use super::rows;
use super::scan::Parts;
use super::{Result, StoreError};
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::playbook_derive::{derived_parts, expected, keep};
use crate::domain::*;

/// What a list of one account's milestones reads: the milestones (with their notes) and
/// the terms they derive from.
const MILESTONE_PARTS: Parts = Parts { milestones: true, terms: true, free_text: true, ..Parts::NONE };

/// The account with its terms and every milestone, stored and derived.
pub(super) fn list(conn: &Conn, account: AccountId) -> Result<Option<AccountFacts>> {
    load_parts(conn, account, MILESTONE_PARTS)
}

/// A derived milestone (negative id) as a load derives it; once decided, the row that now
/// stands for it (so a form opened on it is refused as changed, not as gone).
pub(super) fn derived(conn: &Conn, id: i64) -> Result<Option<Milestone>> {
    let Some((account, kind, day)) = derived_parts(MilestoneId(id)) else { return Ok(None) };
    let Some(f) = list(conn, account)? else { return Ok(None) };
    let claimed = |m: &Milestone| is_stored(m) && m.kind == kind && m.origin == Some(day);
    Ok(f.milestones
        .iter()
        .find(|m| m.id.0 == id)
        .or_else(|| f.milestones.iter().find(|m| claimed(m)))
        .cloned())
}

/// Saves one milestone as an edit left it (done, skipped, moved, superseded): the
/// account's list with it in place, settled.
pub(super) fn save_one(conn: &Conn, rec: &mut Recorder, m: Milestone) -> Result<()> {
    let f = list(conn, m.account_id)?.ok_or(StoreError::Missing { what: "account", id: m.account_id.0 })?;
    let mut full = f.milestones;
    match full.iter_mut().find(|x| x.id == m.id) {
        Some(slot) if slot.version != m.version => {
            return Err(StoreError::Stale {
                what: "milestone",
                id: m.id.0,
                expected: m.version,
                found: slot.version,
            });
        }
        Some(slot) => *slot = m,
        None => return Err(StoreError::Missing { what: "milestone", id: m.id.0 }),
    }
    settle(conn, rec, &f.account, &f.terms, full)
}

/// After the account or its terms changed: `before` is its list as it was (read before
/// the change). What an ended term left pending is closed as superseded; the playbook then
/// follows the tier and terms (completed milestones kept); new milestones that fell due
/// before the account came into Radar are skipped (`playbook::skip_before_arrival`).
pub(super) fn follow_playbook(
    conn: &Conn,
    rec: &mut Recorder,
    account: AccountId,
    before: Vec<Milestone>,
) -> Result<()> {
    let f = list(conn, account)?.ok_or(StoreError::Missing { what: "account", id: account.0 })?;
    let mut full = before;
    playbook::close_ended(&mut full, &f.terms);
    let mut merged = playbook::regenerate(&full, playbook::generate(&f.account, &f.terms));
    playbook::skip_before_arrival(&mut merged, f.account.created_on);
    settle(conn, rec, &f.account, &f.terms, merged)
}

/// Stores what `full` (the account's whole list after a change) needs, each write recorded.
fn settle(
    conn: &Conn,
    rec: &mut Recorder,
    account: &Account,
    terms: &[ContractTerm],
    full: Vec<Milestone>,
) -> Result<()> {
    let mut kept = keep(&full, &expected(account, terms));
    let stored: Vec<Milestone> = rows::read_where(conn, RowKind::Milestone, "account_id = ?1", account.id.0)?
        .into_iter()
        .filter_map(|r| if let Row::Milestone(m) = r { Some(m) } else { None })
        .collect();
    keep_stored_claims(&mut kept, &stored);
    for s in &stored {
        let key = RowKey { kind: RowKind::Milestone, id: s.id.0 };
        match kept.iter().find(|k| k.id == s.id) {
            None => {
                rec.touch(&Row::Milestone(s.clone()));
                rows::delete(conn, key, s.version)?;
            }
            Some(k) if Milestone { version: s.version, ..k.clone() } != *s => {
                rec.touch(&Row::Milestone(s.clone()));
                let row = with_version(Row::Milestone(k.clone()), s.version + 1);
                rows::update(conn, &row, s.version)?;
            }
            Some(_) => {}
        }
    }
    for k in kept.into_iter().filter(|k| !stored.iter().any(|s| s.id == k.id)) {
        let row =
            with_version(Row::Milestone(Milestone { id: MilestoneId(0), account_id: account.id, ..k }), 1);
        let id = rows::insert(conn, &row)?;
        rec.created(RowKey { kind: RowKind::Milestone, id });
    }
    Ok(())
}

/// An account's milestones as the store keeps them: the rows `keep` says need storing,
/// derived ones (negative ids) made new (id 0). For whole accounts written at once (an
/// import, the demo, a JSON import). `f.milestones` must be the whole list (what a load
/// gives, or what the playbook generated and the old model stored): `keep` on a list of
/// decisions alone would let a row claim a date derivation gives.
pub(super) fn keep_decided(f: &mut AccountFacts) {
    // Nothing stored, nothing to keep (`keep` of no rows is none): a new account of an
    // import comes here with none (`playbook_derive::nothing_to_store`).
    if f.milestones.is_empty() {
        return;
    }
    let terms = by_start(f);
    // What an ended term left pending is closed first (an import's rows, a JSON file's):
    // derived, it would be pending again.
    playbook::close_ended(&mut f.milestones, &terms);
    f.milestones = keep(&f.milestones, &expected(&f.account, &terms))
        .into_iter()
        .map(|m| if m.id.0 < 0 { Milestone { id: MilestoneId(0), ..m } } else { m })
        .collect();
}

/// A stored row that claims no date the playbook asks for now keeps the one it had: a
/// renewal left every done step of the ended term claiming nothing, and rewriting them
/// (origin cleared, version bumped) refused a form open on one as "changed elsewhere"
/// (CSM trial, session 25). Kept, the claim matters only if that date is asked for again,
/// and then the row stands for it, as the old model's regenerate let a completed row on a
/// date keep a new one off it.
pub(super) fn keep_stored_claims(kept: &mut [Milestone], stored: &[Milestone]) {
    for k in kept.iter_mut().filter(|k| k.origin.is_none()) {
        if let Some(s) = stored.iter().find(|s| s.id == k.id) {
            k.origin = s.origin;
        }
    }
}

/// Whether a milestone of a loaded list has a row (derived ones are at version 0).
pub(super) fn is_stored(m: &Milestone) -> bool {
    m.version > 0
}

/// The whole list again once the decisions are stored (with their ids): what a load of
/// the account would give, for callers that go on with the facts they wrote (scoring).
pub(super) fn rederive(f: &mut AccountFacts) {
    let terms = by_start(f);
    f.milestones = crate::domain::playbook_derive::derive(&f.account, &terms, &f.milestones);
}

/// The account's terms in the order the playbook reads them (facts not loaded by a scan
/// may hold them in any order).
fn by_start(f: &AccountFacts) -> Vec<ContractTerm> {
    let mut terms = f.terms.clone();
    terms.sort_by_key(|t| (t.start, t.id));
    terms
}
