//! `requirement_transition`: one step of a requirement's loop. No version of its own (its
//! requirement's covers it); written once, never updated by an edit.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::{Row, TransitionRow};
use crate::domain::*;
use crate::store::Result;

impl Table for TransitionRow {
    const NAME: &'static str = "requirement_transition";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("requirement_id"),
        Col::text("status"),
        Col::stamp("at"),
        Col::text("note").free(),
    ];
    const VERSIONED: bool = false;

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        bind_transition(
            b,
            self.id,
            self.requirement_id,
            StepRef { status: self.status, at: self.at, note: &self.note },
        );
    }

    fn read<R: Reader>(r: &mut R) -> Result<TransitionRow> {
        Ok(TransitionRow {
            id: r.int()?,
            requirement_id: RequirementId(r.int()?),
            status: r.choice()?,
            at: r.stamp()?,
            note: r.text()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Transition(self)
    }
}

/// A step's columns borrowed from either form it is held in: a `TransitionRow` (undo
/// images) or a requirement's history (new requirements, imports), bound without a copy.
pub(crate) struct StepRef<'a> {
    pub status: ReqStatus,
    pub at: chrono::NaiveDateTime,
    pub note: &'a str,
}

impl<'a> From<&'a ReqTransition> for StepRef<'a> {
    fn from(t: &'a ReqTransition) -> StepRef<'a> {
        StepRef { status: t.status, at: t.at, note: &t.note }
    }
}

/// Binds a transition's columns in `COLS` order.
pub(crate) fn bind_transition<'a, B: Binder<'a>>(
    b: &mut B,
    id: i64,
    requirement: RequirementId,
    step: StepRef<'a>,
) {
    b.id(id);
    b.int(requirement.0);
    b.choice(step.status);
    b.stamp(step.at);
    b.text(step.note);
}
