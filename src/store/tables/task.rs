//! `task`: a follow-up task (the next step of a call, or one added by hand).

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Task {
    const NAME: &'static str = "task";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::int("contact_id").opt(),
        // The task's one searchable text (with `note`): kept in these two columns only.
        Col::text("title"),
        Col::date("due"),
        Col::text("status"),
        Col::date("done_on").opt(),
        Col::text("created_from"),
        Col::int("touchpoint_id").opt(),
        Col::date("created_on"),
        Col::text("note").free(),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.opt_int(self.contact_id.map(|c| c.0));
        b.text(&self.title);
        b.date(self.due);
        b.choice(self.status);
        b.opt_date(self.done_on);
        b.choice(self.created_from);
        b.opt_int(self.touchpoint_id.map(|t| t.0));
        b.date(self.created_on);
        b.text(&self.note);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Task> {
        Ok(Task {
            id: TaskId(r.int()?),
            account_id: AccountId(r.int()?),
            contact_id: r.opt_int()?.map(ContactId),
            title: r.text()?,
            due: r.date()?,
            status: r.choice()?,
            done_on: r.opt_date()?,
            created_from: r.choice()?,
            touchpoint_id: r.opt_int()?.map(TouchpointId),
            created_on: r.date()?,
            note: r.text()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Task(self)
    }
}
