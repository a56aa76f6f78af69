//! What deleting a record would take with it, counted in the store, so the confirmation
//! names exactly what goes ("and 3 contacts, 12 touchpoints, …").

use super::rows;
use super::{Result, Store};
use crate::domain::change::{Row, RowKey, RowKind};
use crate::domain::*;

/// A record about to be deleted: what it is, the version the user confirmed, and how
/// many rows of each kind go with it (for a contact: touchpoints that lose their contact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePlan {
    pub target: RowKey,
    pub version: i64,
    pub account: AccountId,
    /// The record's name, title or date, as the user knows it.
    pub label: String,
    pub children: Vec<(RowKind, u64)>,
}

impl Store {
    /// None if the record no longer exists.
    pub fn delete_plan(&self, target: RowKey) -> Result<Option<DeletePlan>> {
        let c = &self.conn;
        let Some(row) = rows::read(c, target)? else { return Ok(None) };
        let mut children: Vec<(RowKind, u64)> = Vec::new();
        let mut count = |rows: Vec<Row>| {
            for r in rows {
                match children.iter_mut().find(|(k, _)| *k == r.kind()) {
                    Some((_, n)) => *n += 1,
                    None => children.push((r.kind(), 1)),
                }
            }
        };
        match target.kind {
            RowKind::Account => {
                // Milestones as the account has them: derived ones go too (they are its
                // playbook), not only the stored decisions.
                let id = AccountId(target.id);
                let stored =
                    rows::account_rows(c, id)?.into_iter().filter(|r| r.kind() != RowKind::Milestone);
                let milestones = super::milestones::list(c, id)?.map(|f| f.milestones).unwrap_or_default();
                count(stored.chain(milestones.into_iter().map(Row::Milestone)).collect())
            }
            RowKind::Requirement => {
                count(rows::read_where(c, RowKind::Transition, "requirement_id = ?1", target.id)?)
            }
            RowKind::Contact | RowKind::Touchpoint => count(rows::unlinked_by(c, target)?),
            _ => {}
        }
        children.sort();
        Ok(Some(DeletePlan {
            target,
            version: row.version(),
            account: row.account_id().unwrap_or_default(),
            label: label(&row),
            children,
        }))
    }
}

fn label(row: &Row) -> String {
    match row {
        Row::Account(a) => a.name.clone(),
        Row::Contact(c) => c.name.clone(),
        Row::Promise(p) => p.text.clone(),
        Row::Requirement(r) => r.title.clone(),
        Row::Complaint(c) => c.summary.clone(),
        Row::Touchpoint(t) => format!("{} {}", t.date, t.kind),
        Row::Task(t) => t.title.clone(),
        Row::Referral(r) => r.prospect.clone(),
        Row::Usage(u) => u.date.to_string(),
        Row::Term(t) => format!("{} → {}", t.start, t.end),
        Row::Milestone(m) => format!("{} {}", m.kind, m.due),
        Row::Transition(t) => format!("{} {}", t.status, t.at),
    }
}
