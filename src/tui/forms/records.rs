//! Forms for the people and commitments of an account: a contact in the decision chain
//! (决策链), a promise (承诺), a requirement (需求), a complaint (投诉).

use super::field::FieldKey as F;
use super::parse::{Values, options};
use super::{FormKind, RecordKind};
use crate::domain::dates::Facing::{Future, Past};
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::panes::Ui;
use chrono::NaiveTime;

/// "New contact · 成都…" / "Edit promise · 成都…".
pub fn title(ui: &Ui, what: RecordKind, new: bool, account: &str) -> String {
    let verb = if new { "edit.title.new" } else { "edit.title.edit" };
    ui.tf(verb, &[("what", &ui.t(&what.label_key())), ("account", account)])
}

pub fn open_contact(ui: &Ui, account: (AccountId, &str), base: Option<&Contact>) -> Form {
    let c = base.cloned().unwrap_or(Contact {
        id: ContactId(0),
        account_id: account.0,
        name: String::new(),
        title: String::new(),
        role: Role::User,
        stance: Stance::Unknown,
        kp_tier: None,
        influence: Influence::Medium,
        email: String::new(),
        phone: String::new(),
        added_on: ui.today,
        left_on: None,
        last_contact: None,
        version: 0,
    });
    let fields = vec![
        Field::text(F::ContactName, &c.name).required(),
        Field::text(F::JobTitle, &c.title),
        Field::choice(F::Role, options::<Role>(ui, false), c.role.id()),
        Field::choice(F::Stance, options::<Stance>(ui, false), c.stance.id()),
        Field::choice(F::KpTier, options::<KpTier>(ui, true), c.kp_tier.map_or("", |k| k.id())),
        Field::choice(F::Influence, options::<Influence>(ui, false), c.influence.id()),
        Field::text(F::Email, &c.email),
        Field::text(F::Phone, &c.phone),
        Field::date(F::AddedOn, Past, Some(c.added_on)).required(),
        Field::date(F::LeftOn, Past, c.left_on),
        Field::date(F::LastContact, Past, c.last_contact),
    ];
    let kind = FormKind::Contact { account: account.0, base: base.map(|c| Box::new(c.clone())) };
    Form::new(title(ui, RecordKind::Contact, base.is_none(), account.1), kind, fields)
}

pub fn submit_contact(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Contact { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let name = v.text(F::ContactName);
    let title = v.text(F::JobTitle);
    let role = v.choice::<Role>(F::Role);
    let stance = v.choice::<Stance>(F::Stance);
    let kp_tier = v.opt_choice::<KpTier>(F::KpTier);
    let influence = v.choice::<Influence>(F::Influence);
    let email = v.text(F::Email);
    let phone = v.text(F::Phone);
    let added_on = v.date(F::AddedOn);
    let left_on = v.opt_date(F::LeftOn);
    let last_contact = v.opt_date(F::LastContact);
    if left_on.is_some_and(|l| l < added_on) {
        v.fail(F::LeftOn, ui.tf("edit.error.on_or_after", &[("start", &added_on.to_string())]));
    }
    if !v.ok() {
        return None;
    }
    let (id, version) = base.as_deref().map_or((ContactId(0), 0), |c| (c.id, c.version));
    Some(Edit::SaveContact(Contact {
        id,
        account_id: account,
        name,
        title,
        role,
        stance,
        kp_tier,
        influence,
        email,
        phone,
        added_on,
        left_on,
        last_contact,
        version,
    }))
}

pub fn open_promise(ui: &Ui, account: (AccountId, &str), base: Option<&Promise>) -> Form {
    let p = base.cloned().unwrap_or(Promise {
        id: PromiseId(0),
        account_id: account.0,
        text: String::new(),
        made_by: String::new(),
        made_on: ui.today,
        due: None,
        status: PromiseStatus::Open,
        status_on: ui.today,
        version: 0,
    });
    let fields = vec![
        Field::multi(F::Promise, &p.text).required(),
        Field::text(F::MadeBy, &p.made_by),
        Field::date(F::MadeOn, Past, Some(p.made_on)).required(),
        Field::date(F::Due, Future, p.due),
        Field::choice(F::PromiseStatus, options::<PromiseStatus>(ui, false), p.status.id()),
    ];
    let kind = FormKind::Promise { account: account.0, base: base.map(|p| Box::new(p.clone())) };
    Form::new(title(ui, RecordKind::Promise, base.is_none(), account.1), kind, fields)
}

pub fn submit_promise(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Promise { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let text = v.text(F::Promise);
    let made_by = v.text(F::MadeBy);
    let made_on = v.date(F::MadeOn);
    let due = v.opt_date(F::Due);
    let status = v.choice::<PromiseStatus>(F::PromiseStatus);
    if due.is_some_and(|d| d < made_on) {
        v.fail(F::Due, ui.tf("edit.error.on_or_after", &[("start", &made_on.to_string())]));
    }
    if !v.ok() {
        return None;
    }
    let (id, version) = base.as_deref().map_or((PromiseId(0), 0), |p| (p.id, p.version));
    // The status date moves only when the status does.
    let status_on = match base.as_deref() {
        Some(p) if p.status == status => p.status_on,
        _ if status.is_open() => made_on,
        _ => ui.today,
    };
    Some(Edit::SavePromise(Promise {
        id,
        account_id: account,
        text,
        made_by,
        made_on,
        due,
        status,
        status_on,
        version,
    }))
}

pub fn open_requirement(ui: &Ui, account: (AccountId, &str), base: Option<&Requirement>) -> Form {
    let r = base.cloned().unwrap_or(Requirement {
        id: RequirementId(0),
        account_id: account.0,
        title: String::new(),
        requester: String::new(),
        category: ReqCategory::Feature,
        level: ReqLevel::P2,
        raised_on: ui.today,
        status: ReqStatus::Collected,
        history: Vec::new(),
        version: 0,
    });
    let fields = vec![
        Field::text(F::Requirement, &r.title).required(),
        Field::text(F::Requester, &r.requester),
        Field::choice(F::Category, options::<ReqCategory>(ui, false), r.category.id()),
        Field::choice(F::Level, options::<ReqLevel>(ui, false), r.level.id()),
        Field::date(F::RaisedOn, Past, Some(r.raised_on)).required(),
    ];
    let kind = FormKind::Requirement { account: account.0, base: base.map(|r| Box::new(r.clone())) };
    Form::new(title(ui, RecordKind::Requirement, base.is_none(), account.1), kind, fields)
}

pub fn submit_requirement(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Requirement { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let title = v.text(F::Requirement);
    let requester = v.text(F::Requester);
    let category = v.choice::<ReqCategory>(F::Category);
    let level = v.choice::<ReqLevel>(F::Level);
    let raised_on = v.date(F::RaisedOn);
    if !v.ok() {
        return None;
    }
    let mut r = base.as_deref().cloned().unwrap_or(Requirement {
        id: RequirementId(0),
        account_id: account,
        title: String::new(),
        requester: String::new(),
        category,
        level,
        raised_on,
        status: ReqStatus::Collected,
        history: Vec::new(),
        version: 0,
    });
    if r.id.0 == 0 {
        // The loop starts when it was raised, at the time it is recorded if that is today.
        let at = if raised_on == ui.today { ui.now } else { raised_on.and_time(NaiveTime::MIN) };
        r.history =
            vec![ReqTransition { status: ReqStatus::Collected, at: at.with_nanos0(), note: String::new() }];
    }
    r.title = title;
    r.requester = requester;
    r.category = category;
    r.level = level;
    r.raised_on = raised_on;
    Some(Edit::SaveRequirement(r))
}

pub fn open_complaint(ui: &Ui, account: (AccountId, &str), base: Option<&Complaint>) -> Form {
    let c = base.cloned().unwrap_or(Complaint {
        id: ComplaintId(0),
        account_id: account.0,
        raised_at: ui.now,
        severity: Severity::Medium,
        summary: String::new(),
        cause: None,
        resolved_at: None,
        improvement: String::new(),
        version: 0,
    });
    let fields = vec![
        Field::multi(F::Complaint, &c.summary).required(),
        Field::choice(F::Severity, options::<Severity>(ui, false), c.severity.id()),
        Field::date(F::RaisedOn, Past, Some(c.raised_at.date())).required(),
        Field::text(F::Time, &c.raised_at.format("%H:%M").to_string()),
        Field::choice(F::Cause, options::<ComplaintCause>(ui, true), c.cause.map_or("", |x| x.id())),
        Field::multi(F::Improvement, &c.improvement),
    ];
    let kind = FormKind::Complaint { account: account.0, base: base.map(|c| Box::new(c.clone())) };
    Form::new(title(ui, RecordKind::Complaint, base.is_none(), account.1), kind, fields)
}

pub fn submit_complaint(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Complaint { account, base } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let summary = v.text(F::Complaint);
    let severity = v.choice::<Severity>(F::Severity);
    let raised_on = v.date(F::RaisedOn);
    let typed_time = v.text(F::Time);
    let time = match parse_time(&typed_time, ui) {
        Ok(t) => t,
        Err(()) => {
            v.fail(F::Time, ui.tf("edit.error.time", &[("text", &typed_time)]));
            None
        }
    };
    if let Some(t) = time
        && raised_on == ui.today
        && t > ui.now.time()
    {
        v.fail(F::Time, ui.tf("edit.error.after_now", &[("now", &ui.now.format("%H:%M").to_string())]));
    }
    let cause = v.opt_choice::<ComplaintCause>(F::Cause);
    let improvement = v.text(F::Improvement);
    if !v.ok() {
        return None;
    }
    let mut c = base.as_deref().cloned().unwrap_or(Complaint {
        id: ComplaintId(0),
        account_id: account,
        raised_at: ui.now,
        severity,
        summary: String::new(),
        cause: None,
        resolved_at: None,
        improvement: String::new(),
        version: 0,
    });
    // Hours matter for the 24-hour rule: the time typed; without one, keep the time
    // unless the day changed.
    if let Some(t) = time {
        c.raised_at = raised_on.and_time(t);
    } else if c.raised_at.date() != raised_on {
        let time = if raised_on == ui.today { ui.now.time() } else { NaiveTime::MIN };
        c.raised_at = raised_on.and_time(time);
    }
    c.raised_at = c.raised_at.with_nanos0();
    c.summary = summary;
    c.severity = severity;
    c.cause = cause;
    c.improvement = improvement;
    Some(Edit::SaveComplaint(c))
}

/// A time of day as typed: `14:30`, `9:05`, `now` (`现在`); empty is None.
fn parse_time(text: &str, ui: &Ui) -> Result<Option<NaiveTime>, ()> {
    let t = text.trim().to_lowercase();
    if t.is_empty() {
        return Ok(None);
    }
    if t == "now" || t == "现在" {
        return Ok(Some(ui.now.with_nanos0().time()));
    }
    let (h, m) = t.split_once([':', '：']).ok_or(())?;
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(());
    }
    let (h, m) = (h.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?);
    NaiveTime::from_hms_opt(h, m, 0).map(Some).ok_or(())
}

/// Timestamps are stored to the second.
pub trait Nanos0 {
    fn with_nanos0(self) -> Self;
}

impl Nanos0 for chrono::NaiveDateTime {
    fn with_nanos0(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}
