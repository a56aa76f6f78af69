//! `account`: one customer, its handover sheet and the CSM's call.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::Result;

impl Table for Account {
    const NAME: &'static str = "account";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::text("external_id").opt(),
        Col::text("name"),
        Col::text("industry"),
        Col::text("tier"),
        Col::text("region"),
        Col::text("owner"),
        Col::text("currency"),
        Col::flag("target_fit"),
        Col::text("stage"),
        Col::date("activated_on").opt(),
        Col::text("forecast").opt(),
        Col::date("forecast_on").opt(),
        Col::text("pain_points").free(),
        Col::text("why_bought").free(),
        Col::text("special_clauses").free(),
        Col::date("created_on"),
        Col::int("version"),
        // Added by the references migration, so after `version` in the table too.
        Col::text("reference_stage").opt(),
        Col::date("reference_since").opt(),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.opt_text(self.external_id.as_deref());
        b.text(&self.name);
        b.text(&self.industry);
        b.choice(self.tier);
        b.text(&self.region);
        b.text(&self.owner);
        b.text(self.currency.code());
        b.flag(self.target_fit);
        b.choice(self.stage);
        b.opt_date(self.activated_on);
        b.opt_choice(self.forecast);
        b.opt_date(self.forecast_on);
        b.text(&self.handover.pain_points);
        b.text(&self.handover.why_bought);
        b.text(&self.handover.special_clauses);
        b.date(self.created_on);
        b.int(self.version);
        b.opt_choice(self.reference);
        b.opt_date(self.reference_since);
    }

    fn read<R: Reader>(r: &mut R) -> Result<Account> {
        Ok(Account {
            id: AccountId(r.int()?),
            external_id: r.opt_text()?,
            name: r.text()?,
            industry: r.text()?,
            tier: r.choice()?,
            region: r.text()?,
            owner: r.text()?,
            currency: r.currency()?,
            target_fit: r.flag()?,
            stage: r.choice()?,
            activated_on: r.opt_date()?,
            forecast: r.opt_choice()?,
            forecast_on: r.opt_date()?,
            handover: HandoverSheet {
                pain_points: r.text()?,
                why_bought: r.text()?,
                special_clauses: r.text()?,
            },
            created_on: r.date()?,
            version: r.int()?,
            reference: r.opt_choice()?,
            reference_since: r.opt_date()?,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Account(self)
    }
}
