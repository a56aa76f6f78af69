//! `milestone`: one step of the playbook, due on a date, and whether it was done.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Milestone {
    const NAME: &'static str = "milestone";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::text("kind"),
        Col::date("due"),
        Col::text("status"),
        Col::date("done_on").opt(),
        Col::text("note").free(),
        Col::int("version"),
        Col::date("origin").opt(),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.choice(self.kind);
        b.date(self.due);
        b.choice(self.status);
        b.opt_date(self.done_on);
        b.text(&self.note);
        b.int(self.version);
        b.opt_date(self.origin);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Milestone> {
        Ok(Milestone {
            id: MilestoneId(r.int()?),
            account_id: AccountId(r.int()?),
            kind: r.choice()?,
            due: r.date()?,
            status: r.choice()?,
            done_on: r.opt_date()?,
            note: r.text()?,
            version: r.int()?,
            origin: r.opt_date()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Milestone(self)
    }
}
