//! `touchpoint`: a call, meeting or message, maybe with one of the account's contacts.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Touchpoint {
    const NAME: &'static str = "touchpoint";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::date("date"),
        Col::text("kind"),
        Col::int("contact_id").opt(),
        Col::text("note").free(),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.date(self.date);
        b.choice(self.kind);
        b.opt_int(self.contact_id.map(|c| c.0));
        b.text(&self.note);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Touchpoint> {
        Ok(Touchpoint {
            id: TouchpointId(r.int()?),
            account_id: AccountId(r.int()?),
            date: r.date()?,
            kind: r.choice()?,
            contact_id: r.opt_int()?.map(ContactId),
            note: r.text()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Touchpoint(self)
    }
}
