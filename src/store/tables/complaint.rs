//! `complaint`: a complaint, and how it was resolved.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Complaint {
    const NAME: &'static str = "complaint";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::stamp("raised_at"),
        Col::text("severity"),
        Col::text("summary"),
        Col::text("cause").opt(),
        Col::stamp("resolved_at").opt(),
        Col::text("improvement").free(),
        Col::int("version"),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.stamp(self.raised_at);
        b.choice(self.severity);
        b.text(&self.summary);
        b.opt_choice(self.cause);
        b.opt_stamp(self.resolved_at);
        b.text(&self.improvement);
        b.int(self.version);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Complaint> {
        Ok(Complaint {
            id: ComplaintId(r.int()?),
            account_id: AccountId(r.int()?),
            raised_at: r.stamp()?,
            severity: r.choice()?,
            summary: r.text()?,
            cause: r.opt_choice()?,
            resolved_at: r.opt_stamp()?,
            improvement: r.text()?,
            version: r.int()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Complaint(self)
    }
}
