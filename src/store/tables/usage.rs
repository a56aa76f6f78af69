//! `usage`: one snapshot of how much the customer uses the product.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for UsageSnapshot {
    const NAME: &'static str = "usage";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::date("date"),
        Col::int("active_users"),
        Col::int("seats"),
        Col::int("logins"),
        Col::int("minutes"),
        Col::int("features_used"),
        Col::int("features_total"),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.date(self.date);
        for n in [
            self.active_users,
            self.seats,
            self.logins,
            self.minutes,
            self.features_used,
            self.features_total,
        ] {
            b.int(i64::from(n));
        }
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<UsageSnapshot> {
        Ok(UsageSnapshot {
            id: UsageId(r.int()?),
            account_id: AccountId(r.int()?),
            date: r.date()?,
            active_users: r.uint()?,
            seats: r.uint()?,
            logins: r.uint()?,
            minutes: r.uint()?,
            features_used: r.uint()?,
            features_total: r.uint()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Usage(self)
    }
}
