//! `promise`: something promised to the customer, and whether it was kept.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Promise {
    const NAME: &'static str = "promise";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::text("text"),
        Col::text("made_by"),
        Col::date("made_on"),
        Col::date("due").opt(),
        Col::text("status"),
        Col::date("status_on"),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.text(&self.text);
        b.text(&self.made_by);
        b.date(self.made_on);
        b.opt_date(self.due);
        b.choice(self.status);
        b.date(self.status_on);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Promise> {
        Ok(Promise {
            id: PromiseId(r.int()?),
            account_id: AccountId(r.int()?),
            text: r.text()?,
            made_by: r.text()?,
            made_on: r.date()?,
            due: r.opt_date()?,
            status: r.choice()?,
            status_on: r.date()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Promise(self)
    }
}
