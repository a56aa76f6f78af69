//! Team schema V2 (issue 19 item 2), after its SQL: `playbook_derive::keep` over each
//! account's stored milestones, as SQLite's V21 does (`sqlite/derive_migration.rs`): the
//! rows derivation gives back unchanged go, every row kept learns its playbook date. Run
//! inside `team init`'s transaction as `radar_owner` (row security does not apply).

use super::error::pg_err;
use crate::domain::choice::Choice;
use crate::domain::playbook_derive::{account_outline, expected, keep, term_outline};
use crate::domain::*;
use crate::store::{Result, StoreError};
use chrono::NaiveDate;
use postgres::Transaction;

fn choice<C: Choice>(s: &str) -> Result<C> {
    C::parse(s).map_err(|e| StoreError::Invalid(e.to_string()))
}

/// Keeps only the decided rows of every account; returns how many rows went.
pub(super) fn keep_decisions(tx: &mut Transaction<'_>) -> Result<usize> {
    let accounts =
        tx.query("SELECT id, tier, created_on FROM radar.account ORDER BY id", &[]).map_err(pg_err)?;
    let terms = tx
        .query(
            "SELECT account_id, start, \"end\", outcome IS NULL FROM radar.term ORDER BY account_id, start, id",
            &[],
        )
        .map_err(pg_err)?;
    let rows = tx
        .query(
            "SELECT id, account_id, kind, due, status, done_on, note, version FROM radar.milestone \
             ORDER BY account_id, due, id",
            &[],
        )
        .map_err(pg_err)?;
    let (mut t, mut m, mut gone) = (0, 0, 0);
    for a in &accounts {
        let account = account_outline(AccountId(a.get(0)), choice(a.get::<_, &str>(1))?, a.get(2));
        let mut own_terms = Vec::new();
        while t < terms.len() && terms[t].get::<_, i64>(0) <= account.id.0 {
            let r = &terms[t];
            if r.get::<_, i64>(0) == account.id.0 {
                own_terms.push(term_outline(account.id, r.get(1), r.get(2), r.get(3)));
            }
            t += 1;
        }
        let mut stored = Vec::new();
        while m < rows.len() && rows[m].get::<_, i64>(1) <= account.id.0 {
            let r = &rows[m];
            if r.get::<_, i64>(1) == account.id.0 {
                stored.push(Milestone {
                    id: MilestoneId(r.get(0)),
                    account_id: account.id,
                    kind: choice(r.get::<_, &str>(2))?,
                    due: r.get(3),
                    status: choice(r.get::<_, &str>(4))?,
                    done_on: r.get::<_, Option<NaiveDate>>(5),
                    note: r.get(6),
                    version: r.get(7),
                    origin: None,
                });
            }
            m += 1;
        }
        let kept = keep(&stored, &expected(&account, &own_terms));
        for s in &stored {
            match kept.iter().find(|k| k.id == s.id) {
                Some(k) => {
                    tx.execute("UPDATE radar.milestone SET origin = $2 WHERE id = $1", &[&k.id.0, &k.origin])
                        .map_err(pg_err)?;
                }
                None => {
                    gone += 1;
                    tx.execute("DELETE FROM radar.milestone WHERE id = $1", &[&s.id.0]).map_err(pg_err)?;
                }
            }
        }
    }
    Ok(gone)
}
