//! A referral (转介绍): `N` on the activity tab (referral), or `D` on a "consider asking
//! for a referral" agenda item (opened at stage asked, the good moment in the note).

use super::field::FieldKey as F;
use super::parse::{Values, options};
use super::{FormKind, RecordKind};
use crate::domain::dates::Facing::Past;
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

/// `contacts`: the account's people (id, label); `note`: the text a new one starts with.
pub fn open(
    ui: &Ui,
    account: (AccountId, &str),
    base: Option<&Referral>,
    contacts: Vec<(ContactId, String)>,
    note: &str,
) -> Form {
    let r = base.cloned().unwrap_or_else(|| {
        let mut r = Referral::asked(account.0, "", ui.today);
        r.note = note.to_string();
        r
    });
    let mut people = vec![(String::new(), ui.t("edit.nobody"))];
    people.extend(contacts.into_iter().map(|(id, label)| (id.0.to_string(), label)));
    let selected = r.contact_id.map_or(String::new(), |c| c.0.to_string());
    let fields = vec![
        Field::text(F::Prospect, &r.prospect).required(),
        Field::choice(F::Contact, people, &selected),
        Field::date(F::Date, Past, Some(r.date)).required(),
        Field::choice(F::ReferralStage, options::<ReferralStage>(ui, false), r.stage.id()),
        Field::multi(F::Note, &r.note),
    ];
    let title = super::records::title(ui, RecordKind::Referral, base.is_none(), account.1);
    let kind = FormKind::Referral { account: account.0, base: base.map(|r| Box::new(r.clone())) };
    Form::new(title, kind, fields)
}

pub fn submit(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Referral { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let prospect = v.text(F::Prospect);
    let contact_id = v.text(F::Contact).parse::<i64>().ok().map(ContactId);
    let date = v.date(F::Date);
    let stage = v.choice::<ReferralStage>(F::ReferralStage);
    let note = v.text(F::Note);
    if !v.ok() {
        return None;
    }
    let mut r = base.map_or_else(|| Referral::asked(account, &prospect, date), |b| *b);
    // A stage changed in the form dates the stage today (or the referral's day if new).
    if r.stage != stage || r.id.0 == 0 {
        r.stage_on = if r.id.0 == 0 { date } else { ui.today.max(date) };
    }
    r.prospect = prospect;
    r.contact_id = contact_id;
    r.date = date;
    r.stage = stage;
    r.note = note;
    Some(Edit::SaveReferral(r))
}
