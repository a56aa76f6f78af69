//! The store worker's writes: an edit, an undo or a redo, each one transaction (with the
//! account's risk recomputed inside it), and the answer the app needs: the `Change` made,
//! or why nothing was written (with the other side's version of a stale row).

use crate::domain::{RowKey, RowKind};
use crate::refresh;
use crate::store::StoreError;
use crate::tui::msg::{EditOp, Effect, Failure, Reply};
use crate::tui::runtime::worker::Worker;

impl Worker {
    pub(super) fn edit(&mut self, effect: &Effect, send: &mut dyn FnMut(Reply)) {
        let (now, cfg) = (self.now, &self.cfg);
        match effect {
            Effect::Apply { token, edit } => match refresh::apply(&mut self.store, edit, now, cfg) {
                Ok(change) => send(Reply::Applied { token: *token, change: Box::new(change) }),
                Err(e) => send(Reply::EditFailed { op: EditOp::Apply(*token), failure: self.failure(e) }),
            },
            Effect::Undo(change) => match refresh::undo(&mut self.store, change, now, cfg) {
                Ok(done) => send(Reply::Undone(Box::new(done))),
                Err(e) => {
                    send(Reply::EditFailed { op: EditOp::Undo(change.clone()), failure: self.failure(e) })
                }
            },
            Effect::Redo(change) => match refresh::redo(&mut self.store, change, now, cfg) {
                Ok(done) => send(Reply::Redone(Box::new(done))),
                Err(e) => {
                    send(Reply::EditFailed { op: EditOp::Redo(change.clone()), failure: self.failure(e) })
                }
            },
            Effect::PlanDelete(target) => match self.store.delete_plan(*target) {
                Ok(plan) => send(Reply::DeletePlan { target: *target, plan: plan.map(Box::new) }),
                Err(e) => send(Reply::Error(e.to_string())),
            },
            _ => {}
        }
    }

    fn failure(&self, e: StoreError) -> Failure {
        let key = |what: &str, id: i64| RowKind::from_table(what).map(|kind| RowKey { kind, id });
        match e {
            StoreError::Stale { what, id, expected, found } => match key(what, id) {
                Some(key) => {
                    let current = self.store.row(key).ok().flatten().map(Box::new);
                    Failure::Stale { key, expected, found, current }
                }
                None => Failure::Other(format!("{what} #{id}: changed elsewhere")),
            },
            StoreError::Missing { what, id } => match key(what, id) {
                Some(key) => Failure::Missing { key },
                None => Failure::Other(format!("{what} #{id} no longer exists")),
            },
            StoreError::Busy { .. } => Failure::Busy,
            StoreError::Unreachable { .. } => Failure::Unreachable,
            StoreError::NotInPortfolio { what, id } => Failure::NotYours { what, id },
            StoreError::Invalid(m) => Failure::Invalid(m),
            StoreError::Refused(e) => Failure::Invalid(e.render(self.lang)),
            other => Failure::Other(other.to_string()),
        }
    }
}
