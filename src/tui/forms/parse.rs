//! Reading typed values out of a form: each reader checks one field, and on bad input
//! puts the reason (with what is expected) next to that field instead of failing the
//! whole form, so every mistake shows at once. Nothing is saved while any field is wrong.

use super::FieldKey;
use crate::domain::dates::{DateError, Facing, parse_date_input};
use crate::domain::text::{clean_line, clean_text};
use crate::domain::{Choice, Currency, Money, MoneyError};
use crate::tui::forms::form::{FieldKind, Form};
use crate::tui::panes::Ui;
use chrono::NaiveDate;

pub struct Values<'a> {
    form: &'a mut Form,
    ui: &'a Ui,
    ok: bool,
}

impl<'a> Values<'a> {
    /// Clears old errors and starts reading.
    pub fn new(form: &'a mut Form, ui: &'a Ui) -> Values<'a> {
        for f in &mut form.fields {
            f.error = None;
        }
        Values { form, ui, ok: true }
    }

    pub fn ok(&self) -> bool {
        self.ok
    }

    pub fn ui(&self) -> &Ui {
        self.ui
    }

    /// Marks a field wrong with a message from the catalog.
    pub fn fail(&mut self, key: FieldKey, message: String) {
        self.ok = false;
        debug_assert!(self.form.field(key).is_some(), "{key:?} is not a field of '{}'", self.form.title);
        if let Some(f) = self.form.field_mut(key)
            && f.error.is_none()
        {
            f.error = Some(message);
        }
    }

    /// A value allowed but likely a mistake: the first save shows `message` under the field
    /// and saves nothing; saving again with the same value (the same message) saves it.
    pub fn warn(&mut self, key: FieldKey, message: String) {
        if let Some(f) = self.form.field_mut(key)
            && f.note.as_deref() != Some(message.as_str())
        {
            f.note = Some(message);
            f.warned = true;
            self.ok = false;
        }
    }

    /// A term from `start` to `end` (the `end` field) shorter than `SHORT_TERM_DAYS` is
    /// warned about once (`warn`): end 2026-12-01 for start 2026-11-30 is likelier a typo.
    pub fn check_term_length(&mut self, end_key: FieldKey, start: NaiveDate, end: NaiveDate) {
        if self.ok && start < end && crate::domain::term_length::is_short_term(start, end) {
            let days = (end - start).num_days();
            let key = if days == 1 { "edit.warn.short_term_one" } else { "edit.warn.short_term" };
            let msg = self.ui.tf(key, &[("days", &days.to_string())]);
            self.warn(end_key, msg);
        }
    }

    /// A due date before today (a snooze, a reschedule, a follow-up task) is warned about
    /// once (`warn`): the item would be overdue the moment it is saved, so it is likelier
    /// a slip (`yesterday` for `tomorrow`, last month's date) than meant.
    pub fn check_not_past(&mut self, key: FieldKey, due: NaiveDate) {
        if self.ok && due < self.ui.today {
            let msg = self.ui.tf("edit.warn.past_due", &[("date", &due.to_string())]);
            self.warn(key, msg);
        }
    }

    /// A renewal countdown step moved to a day after the renewal date it counts down to is
    /// warned about once (`warn`): the renewal may slip past the contract's end while it is
    /// agreed, and such a step is closed with its term when the outcome is recorded, but
    /// `+30d` on a T-30 likelier meant before the renewal. Refused, the slip could not be
    /// followed up; silent, it hid the step until after the renewal (CSM trial, session 29).
    pub fn check_not_after_renewal(&mut self, key: FieldKey, due: NaiveDate, renewal: NaiveDate) {
        if self.ok && due > renewal {
            let msg = self.ui.tf(
                "edit.warn.past_renewal",
                &[("date", &due.to_string()), ("renewal", &renewal.to_string())],
            );
            self.warn(key, msg);
        }
    }

    fn raw(&self, key: FieldKey) -> String {
        self.form.get(key)
    }

    /// Nothing but spaces typed (a rule may then say why the field is needed, before the
    /// plain "required").
    pub fn is_blank(&self, key: FieldKey) -> bool {
        self.raw(key).trim().is_empty()
    }

    /// A field's text as typed (not checked).
    pub fn raw_text(&self, key: FieldKey) -> String {
        self.raw(key)
    }

    fn required(&self, key: FieldKey) -> bool {
        self.form.field(key).is_some_and(|f| f.required)
    }

    /// Sanitised text (one line, or with line breaks for notes).
    pub fn text(&mut self, key: FieldKey) -> String {
        let multi = self.form.field(key).is_some_and(|f| f.kind == FieldKind::Multi);
        let raw = self.raw(key);
        let s = if multi { clean_text(&raw) } else { clean_line(&raw) };
        if s.trim().is_empty() && self.required(key) {
            self.fail(key, self.ui.t("edit.error.required"));
        }
        s
    }

    /// A date typed as 2026-12-01, 12-01, +30d, +2w, +1y, today, tomorrow; None if empty.
    /// The field's facing decides what 12-01 means, and refuses a past-facing day after today.
    pub fn opt_date(&mut self, key: FieldKey) -> Option<NaiveDate> {
        let raw = self.raw(key);
        if raw.trim().is_empty() {
            if self.required(key) {
                self.fail(key, self.ui.t("edit.error.required"));
            }
            return None;
        }
        let facing = match self.form.field(key).map(|f| &f.kind) {
            Some(FieldKind::Date(facing)) => *facing,
            _ => Facing::Either,
        };
        match parse_date_input(&raw, self.ui.today, facing) {
            Ok(d) => {
                if facing == Facing::Past
                    && let Some(meant) = crate::domain::dates::near_future_slip(&raw, self.ui.today)
                {
                    let args =
                        [("typed", raw.trim()), ("date", &d.to_string()), ("meant", &meant.to_string())];
                    let msg = self.ui.tf("edit.warn.last_year", &args);
                    self.warn(key, msg);
                }
                Some(d)
            }
            Err(DateError::Impossible(_)) => {
                self.fail(key, self.ui.t("edit.error.impossible_date"));
                None
            }
            Err(DateError::AfterToday { .. }) => {
                let today = self.ui.today.to_string();
                self.fail(key, self.ui.tf("edit.error.after_today", &[("today", &today)]));
                None
            }
            Err(_) => {
                // A past-facing field's examples are past ones: "tomorrow" was offered where
                // a day after today is refused (CSM trial, session 22).
                let example = if facing == Facing::Past { "edit.error.date_past" } else { "edit.error.date" };
                self.fail(key, self.ui.t(example));
                None
            }
        }
    }

    /// A date that must be given (an empty field is an error).
    pub fn date(&mut self, key: FieldKey) -> NaiveDate {
        let missing = self.raw(key).trim().is_empty();
        match self.opt_date(key) {
            Some(d) => d,
            None => {
                if missing {
                    self.fail(key, self.ui.t("edit.error.required"));
                }
                self.ui.today
            }
        }
    }

    /// An amount in `currency` (a symbol for another currency is an error: contracts
    /// are kept in one currency).
    pub fn money(&mut self, key: FieldKey, currency: Currency) -> Money {
        let raw = self.raw(key);
        let zero = Money::new(0, currency);
        if raw.trim().is_empty() {
            self.fail(key, self.ui.t("edit.error.required"));
            return zero;
        }
        // The same check as an import's (`Money::parse_amount`): 0 or more, within the bound.
        match Money::parse_amount(&raw, currency) {
            Ok(m) if m.currency != currency => {
                self.fail(key, self.ui.tf("edit.error.currency", &[("code", currency.code())]));
                zero
            }
            Ok(m) => m,
            Err(MoneyError::Negative(_)) => {
                self.fail(key, self.ui.t("edit.error.negative"));
                zero
            }
            Err(MoneyError::Precision(..)) => {
                self.fail(key, self.ui.tf("edit.error.precision", &[("code", currency.code())]));
                zero
            }
            Err(MoneyError::Overflow(_)) => {
                self.fail(key, self.ui.t("edit.error.too_large"));
                zero
            }
            Err(_) => {
                self.fail(key, self.ui.t("edit.error.money"));
                zero
            }
        }
    }

    /// A whole number, 0 or more (commas, underscores or spaces where digit groups fall).
    pub fn count(&mut self, key: FieldKey) -> u32 {
        let group = |c: char| c == ',' || c == '_' || c.is_whitespace();
        let text = self.raw(key).trim().to_string();
        let marked: String = text.chars().map(|c| if group(c) { ',' } else { c }).collect();
        let raw: String = text.chars().filter(|c| !group(*c)).collect();
        if raw.is_empty() {
            return 0;
        }
        // "1,2,3" was 123 users.
        let grouped = crate::domain::money::well_grouped(&marked, ',');
        match raw.parse::<u32>().ok().filter(|_| grouped).ok_or(()) {
            Ok(n) => n,
            Err(_) => {
                self.fail(key, self.ui.t("edit.error.count"));
                0
            }
        }
    }

    /// The selected value of a choice field ("" = none chosen).
    pub fn opt_choice<C: Choice>(&mut self, key: FieldKey) -> Option<C> {
        let id = self.raw(key);
        if id.is_empty() {
            return None;
        }
        C::parse(&id).ok()
    }

    /// A choice that must be made (choice fields always hold one of their options).
    pub fn choice<C: Choice>(&mut self, key: FieldKey) -> C {
        match self.opt_choice::<C>(key) {
            Some(c) => c,
            None => {
                self.fail(key, self.ui.t("edit.error.required"));
                C::ALL[0]
            }
        }
    }
}

/// Options for a choice field from a choice enum, labelled in the interface language.
pub fn options<C: Choice>(ui: &Ui, with_none: bool) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if with_none {
        out.push((String::new(), ui.t("edit.none")));
    }
    out.extend(C::ALL.iter().map(|c| (c.id().to_string(), crate::i18n::choice_label(ui.lang, *c))));
    out
}

/// Yes / no.
pub fn yes_no(ui: &Ui) -> Vec<(String, String)> {
    vec![("yes".into(), ui.t("ui.yes")), ("no".into(), ui.t("ui.no"))]
}
