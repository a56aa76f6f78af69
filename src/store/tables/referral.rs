//! `referral`: a referral asked of an account (or a dismissed suggestion to ask).

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Referral {
    const NAME: &'static str = "referral";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::int("contact_id").opt(),
        Col::text("prospect"),
        Col::date("date"),
        Col::text("stage"),
        Col::date("stage_on"),
        Col::text("note").free(),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.opt_int(self.contact_id.map(|c| c.0));
        b.text(&self.prospect);
        b.date(self.date);
        b.choice(self.stage);
        b.date(self.stage_on);
        b.text(&self.note);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Referral> {
        Ok(Referral {
            id: ReferralId(r.int()?),
            account_id: AccountId(r.int()?),
            contact_id: r.opt_int()?.map(ContactId),
            prospect: r.text()?,
            date: r.date()?,
            stage: r.choice()?,
            stage_on: r.date()?,
            note: r.text()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Referral(self)
    }
}
