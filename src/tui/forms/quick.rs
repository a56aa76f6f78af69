//! Small forms behind quick actions: a playbook milestone done or skipped (with a note),
//! a requirement rejected (with the reason the customer will hear), a complaint resolved
//! (cause and what was improved, PLAYBOOK §8).

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::{Values, options};
use super::records::Nanos0;
use crate::domain::dates::Facing::Past;
use crate::domain::*;
use crate::i18n::choice_label;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;

pub fn open_milestone(ui: &Ui, account: &str, m: &Milestone, status: MilestoneStatus) -> Form {
    // A skip before the account came into Radar carries the rule's note, not the user's.
    let note = if playbook::skipped_before_arrival(m) { "" } else { &m.note };
    let fields = vec![Field::multi(F::Note, note), Field::date(F::DoneOn, Past, Some(ui.today)).required()];
    let what = format!("{} {}", choice_label(ui.lang, m.kind), m.due);
    let key = if status == MilestoneStatus::Skipped {
        "edit.title.milestone_skip"
    } else {
        "edit.title.milestone_done"
    };
    let title = ui.tf(key, &[("what", &what), ("account", account)]);
    Form::new(title, FormKind::Milestone { milestone: Box::new(m.clone()), status }, fields)
}

pub fn submit_milestone(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Milestone { milestone, status } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let note = v.text(F::Note);
    let on = v.date(F::DoneOn);
    if !v.ok() {
        return None;
    }
    Some(Edit::CompleteMilestone { id: milestone.id, version: milestone.version, status, on, note })
}

pub fn open_reject(ui: &Ui, r: &Requirement) -> Form {
    let fields = vec![Field::multi(F::Reason, "").required()];
    let title = ui.tf("edit.title.reject", &[("what", &r.title)]);
    Form::new(title, FormKind::Reject { requirement: Box::new(r.clone()) }, fields)
}

pub fn submit_reject(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Reject { requirement } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let note = v.text(F::Reason);
    if !v.ok() {
        return None;
    }
    Some(Edit::MoveRequirement {
        id: requirement.id,
        version: requirement.version,
        to: ReqStatus::Rejected,
        at: ui.now.with_nanos0(),
        note,
    })
}

pub fn open_resolve(ui: &Ui, c: &Complaint) -> Form {
    let fields = vec![
        Field::choice(F::Cause, options::<ComplaintCause>(ui, true), c.cause.map_or("", |x| x.id()))
            .required(),
        Field::multi(F::Improvement, &c.improvement).required(),
        Field::date(F::ResolvedOn, Past, Some(ui.today)).required(),
    ];
    let title = ui.tf("edit.title.resolve", &[("what", &c.summary)]);
    Form::new(title, FormKind::Resolve { complaint: Box::new(c.clone()) }, fields)
}

pub fn submit_resolve(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Resolve { complaint } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    // PLAYBOOK §8: a complaint is closed with its cause and the improvement made.
    let cause = v.opt_choice::<ComplaintCause>(F::Cause);
    if cause.is_none() {
        v.fail(F::Cause, ui.t("edit.error.resolve_cause"));
    }
    if v.is_blank(F::Improvement) {
        v.fail(F::Improvement, ui.t("edit.error.resolve_improvement"));
    }
    let improvement = v.text(F::Improvement);
    let on = v.date(F::ResolvedOn);
    if on < complaint.raised_at.date() {
        v.fail(
            F::ResolvedOn,
            ui.tf("edit.error.on_or_after", &[("start", &complaint.raised_at.date().to_string())]),
        );
    }
    if !v.ok() {
        return None;
    }
    let at = if on == ui.today { ui.now } else { on.and_hms_opt(18, 0, 0).unwrap_or(ui.now) };
    Some(Edit::ResolveComplaint {
        id: complaint.id,
        version: complaint.version,
        at: at.with_nanos0(),
        cause,
        improvement,
    })
}

/// The person has left the customer: one date, today unless changed (PLAYBOOK §5: an
/// empty admin seat is a risk, so this is one key on the decision chain).
pub fn open_left(ui: &Ui, account: &str, c: &Contact) -> Form {
    let fields = vec![Field::date(F::LeftOn, Past, Some(c.left_on.unwrap_or(ui.today))).required()];
    let what = format!("{} · {}", c.name, choice_label(ui.lang, c.role));
    let title = ui.tf("edit.title.contact_left", &[("what", &what), ("account", account)]);
    Form::new(title, FormKind::ContactLeft { contact: Box::new(c.clone()) }, fields)
}

pub fn submit_left(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::ContactLeft { contact } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let on = v.date(F::LeftOn);
    if on < contact.added_on {
        v.fail(F::LeftOn, ui.tf("edit.error.on_or_after", &[("start", &contact.added_on.to_string())]));
    }
    if !v.ok() {
        return None;
    }
    let mut c = *contact;
    c.left_on = Some(on);
    Some(Edit::SaveContact(c))
}
