//! `term`: one contract period. Its outcome (`TermOutcome`) is five columns: which
//! outcome, when it was decided, the renewed ARR, the churn reason and note; converted
//! here and nowhere else.

use super::{Binder, Col, Reader, Table, cached_sql};
use crate::domain::change::Row;
use crate::domain::*;
use crate::store::{Result, StoreError};

const RENEWED: &str = "renewed";
const CHURNED: &str = "churned";

impl Table for ContractTerm {
    const NAME: &'static str = "term";
    const COLS: &'static [Col] = &[
        Col::int("id"),
        Col::int("account_id"),
        Col::date("start"),
        Col::date("end"),
        Col::int("arr_minor"),
        Col::text("currency"),
        Col::text("outcome").opt(),
        Col::date("decided_on").opt(),
        Col::int("new_arr_minor").opt(),
        Col::text("churn_reason").opt(),
        Col::text("churn_note").free(),
        Col::int("version"),
        // Added by migration V3, so after `version` in the table too.
        Col::int("churn_requirement_id").opt(),
    ];

    fn bind<'a, B: Binder<'a>>(&'a self, b: &mut B) {
        b.id(self.id.0);
        b.int(self.account_id.0);
        b.date(self.start);
        b.date(self.end);
        b.int(self.arr.minor);
        b.text(self.arr.currency.code());
        match &self.outcome {
            None => {
                b.opt_text(None);
                b.opt_date(None);
                b.opt_int(None);
                b.opt_text(None);
                b.text("");
            }
            Some(TermOutcome::Renewed { decided_on, new_arr }) => {
                b.text(RENEWED);
                b.date(*decided_on);
                b.int(new_arr.minor);
                b.opt_text(None);
                b.text("");
            }
            Some(TermOutcome::Churned { decided_on, reason, note, .. }) => {
                b.text(CHURNED);
                b.date(*decided_on);
                b.opt_int(None);
                b.choice(*reason);
                b.text(note);
            }
        }
        b.int(self.version);
        let because_of = match &self.outcome {
            Some(TermOutcome::Churned { because_of, .. }) => because_of.map(|r| r.0),
            _ => None,
        };
        b.opt_int(because_of);
    }

    fn read<R: Reader>(r: &mut R) -> Result<ContractTerm> {
        let id = TermId(r.int()?);
        let account_id = AccountId(r.int()?);
        let (start, end) = (r.date()?, r.date()?);
        let arr_minor = r.int()?;
        let currency = r.currency()?;
        let outcome = r.opt_text()?;
        let decided_on = r.opt_date()?;
        let new_arr = r.opt_int()?;
        let reason: Option<ChurnReason> = r.opt_choice()?;
        let note = r.text()?;
        let decided = || {
            decided_on.ok_or_else(|| StoreError::Corrupt {
                table: "term",
                column: "decided_on",
                detail: format!("term #{} has an outcome but no decision date", id.0),
            })
        };
        let mut outcome = match outcome.as_deref() {
            Some(RENEWED) => Some(TermOutcome::Renewed {
                decided_on: decided()?,
                new_arr: Money::new(new_arr.unwrap_or(0), currency),
            }),
            Some(_) => Some(TermOutcome::Churned {
                decided_on: decided()?,
                reason: reason.unwrap_or(ChurnReason::Other),
                note,
                because_of: None,
            }),
            None => None,
        };
        let version = r.int()?;
        let because = r.opt_int()?.map(RequirementId);
        if let (Some(TermOutcome::Churned { because_of, .. }), Some(req)) = (outcome.as_mut(), because) {
            *because_of = Some(req);
        }
        Ok(ContractTerm {
            id,
            account_id,
            start,
            end,
            arr: Money::new(arr_minor, currency),
            outcome,
            version,
        })
    }

    cached_sql!();

    fn into_row(self) -> Row {
        Row::Term(self)
    }
}
