//! `contact`: a person at the customer (the key-person map).

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Contact {
    const NAME: &'static str = "contact";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::text("name"),
        Col::text("title"),
        Col::text("role"),
        Col::text("stance"),
        Col::text("kp_tier").opt(),
        Col::text("influence"),
        Col::text("email").free(),
        Col::text("phone").free(),
        Col::date("added_on"),
        Col::date("left_on").opt(),
        Col::date("last_contact").opt(),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.text(&self.name);
        b.text(&self.title);
        b.choice(self.role);
        b.choice(self.stance);
        b.opt_choice(self.kp_tier);
        b.choice(self.influence);
        b.text(&self.email);
        b.text(&self.phone);
        b.date(self.added_on);
        b.opt_date(self.left_on);
        b.opt_date(self.last_contact);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Contact> {
        Ok(Contact {
            id: ContactId(r.int()?),
            account_id: AccountId(r.int()?),
            name: r.text()?,
            title: r.text()?,
            role: r.choice()?,
            stance: r.choice()?,
            kp_tier: r.opt_choice()?,
            influence: r.choice()?,
            email: r.text()?,
            phone: r.text()?,
            added_on: r.date()?,
            left_on: r.opt_date()?,
            last_contact: r.opt_date()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Contact(self)
    }
}
