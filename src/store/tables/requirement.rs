//! `requirement`: a customer's request and where it is in its loop (its history is the
//! `requirement_transition` table, read by the loaders).

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Requirement {
    const NAME: &'static str = "requirement";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::text("title"),
        Col::text("requester"),
        Col::text("category"),
        Col::text("level"),
        Col::date("raised_on"),
        Col::text("status"),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.text(&self.title);
        b.text(&self.requester);
        b.choice(self.category);
        b.choice(self.level);
        b.date(self.raised_on);
        b.choice(self.status);
        b.int(self.version);
    }

    /// Without its history (filled by the loader).
    fn read<R: Reader>(r: &mut R) -> Result<Requirement> {
        Ok(Requirement {
            id: RequirementId(r.int()?),
            account_id: AccountId(r.int()?),
            title: r.text()?,
            requester: r.text()?,
            category: r.choice()?,
            level: r.choice()?,
            raised_on: r.date()?,
            status: r.choice()?,
            history: Vec::new(),
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Requirement(self)
    }
}
