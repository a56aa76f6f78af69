//! Referral rows (转介绍): matched to the account's referral of the same prospect (the n-th
//! row of a prospect is its n-th referral), else added. The referring contact by name, else
//! by e-mail (a name the account does not have is counted in `unlinked`, the row kept
//! without it). A row without a stage is `asked`; without `stage_on`, a new referral's
//! stage dates from its `date` and a changed stage from today.

use super::people::account_of;
use super::world::{Outcome, World};
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;

pub fn row(w: &mut World, c: &mut Cells<'_>, unlinked: &mut usize) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let prospect = c.text(F::Prospect);
    let date = c.required_date(F::Date);
    let stage = c.choice::<ReferralStage>(F::Stage);
    // Only a dismissed suggestion names nobody.
    if prospect.is_none() && stage != Some(ReferralStage::Dismissed) {
        let msg = c.t("import.row.required", &[("field", F::Prospect.name())]);
        c.problem(F::Prospect, msg);
    }
    let stage_on = c.date(F::StageOn);
    let contact = c.text(F::Contact);
    let email = c.text(F::ContactEmail).map(|e| e.to_lowercase());
    let note = c.note(F::Note);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(date)) = (account, date) else { return Ok(None) };
    let prospect = prospect.unwrap_or_default();
    let today = w.today;
    let k = w.occurrence(i, "referral", prospect.clone());
    let f = w.edit(i)?;
    let contact_id = contact
        .as_ref()
        .and_then(|name| f.contacts.iter().find(|p| &p.name == name).map(|p| p.id))
        .or_else(|| {
            email
                .as_ref()
                .and_then(|e| f.contacts.iter().find(|p| p.email.to_lowercase() == *e).map(|p| p.id))
        });
    if (contact.is_some() || email.is_some()) && contact_id.is_none() {
        *unlinked += 1;
    }
    let Some(r) = f.referrals.iter_mut().filter(|r| r.prospect == prospect).nth(k) else {
        let mut r = Referral::asked(f.account.id, &prospect, date);
        r.stage = stage.unwrap_or(ReferralStage::Asked);
        r.stage_on = stage_on.unwrap_or(date);
        r.contact_id = contact_id;
        r.note = note.unwrap_or_default();
        f.referrals.push(r);
        return Ok(Some(Outcome::Created));
    };
    let before = r.clone();
    r.date = date;
    if let Some(s) = stage.filter(|s| *s != r.stage) {
        r.stage = s;
        r.stage_on = stage_on.unwrap_or(today);
    } else if let Some(d) = stage_on {
        r.stage_on = d;
    }
    if contact_id.is_some() {
        r.contact_id = contact_id;
    }
    if let Some(n) = note {
        r.note = n;
    }
    Ok(Some(if before == *r { Outcome::Unchanged } else { Outcome::Updated }))
}
