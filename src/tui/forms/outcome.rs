//! The renewal outcome (PLAYBOOK §11, T-0): renewed (the new ARR, flat / up-sell /
//! down-sell, and the new term's end: it opens the next term) or churned (a reason from
//! PLAYBOOK §12 and a note); and winning a churned account back (§12, 挽回).

use super::FormKind;
use super::field::FieldKey as F;
use super::parse::{Values, options};
use crate::domain::dates::Facing::{Either, Future, Past};
use crate::domain::dates::add_months;
use crate::domain::term::RenewalKind;
use crate::domain::*;
use crate::tui::forms::form::{Field, Form};
use crate::tui::ids::ids;
use crate::tui::panes::Ui;

ids! {
    /// How a renewal ended, as picked from the outcome list; labels are `edit.outcome.<id>`.
    pub enum Resolution {
        Renewed = "renewed",
        Churned = "churned",
    }
}

/// Renewed: defaults to flat ARR and a term as long as the one ending.
pub fn open_renewal(ui: &Ui, account: &str, term: &ContractTerm) -> Form {
    let months = months_between(term.start, term.end).max(1);
    let fields = vec![
        Field::money(F::NewArr, Some(term.arr)).required(),
        Field::date(F::NewEnd, Future, Some(add_months(term.end, months))).required(),
        Field::date(F::DecidedOn, Past, Some(ui.today)).required(),
    ];
    let title = ui.tf("edit.title.renewal", &[("account", account), ("end", &term.end.to_string())]);
    Form::new(title, FormKind::Renewal { term: Box::new(term.clone()) }, fields)
}

fn months_between(a: chrono::NaiveDate, b: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
}

/// "up-sell +20% (¥120,000 → ¥144,000)" for the typed amount, both in full: it is what
/// checks the typing, and the table's short form hid it ($12,500 read "$13k" in a CSM trial).
pub fn renewal_preview(ui: &Ui, old: Money, new: Money) -> String {
    let kind = match RenewalKind::of(old, new) {
        RenewalKind::Flat => "flat",
        RenewalKind::Upsell => "upsell",
        RenewalKind::Downsell => "downsell",
    };
    ui.tf(
        &format!("edit.renewal.{kind}"),
        &[
            ("pct", &format!("{:+}", change_pct(old, new))),
            ("old", &old.format_full()),
            ("new", &new.format_full()),
        ],
    )
}

/// The change from `old` to `new` in whole percent, rounded half away from zero (190k →
/// 210k is +10.5%: it read "+10%", truncated); 0 when there was nothing before.
fn change_pct(old: Money, new: Money) -> i128 {
    let (delta, base) = (i128::from(new.minor) - i128::from(old.minor), i128::from(old.minor).abs());
    if base == 0 {
        return 0;
    }
    crate::domain::ratio::round_half_away(delta * 100, base)
}

pub fn submit_renewal(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Renewal { term } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let new_arr = v.money(F::NewArr, term.arr.currency);
    let new_end = v.date(F::NewEnd);
    let decided_on = v.date(F::DecidedOn);
    if v.ok() && new_end <= term.end {
        v.fail(F::NewEnd, ui.tf("edit.error.renewal_end", &[("end", &term.end.to_string())]));
    }
    decided_in_term(&mut v, ui, &term, decided_on);
    // The next term runs from the old one's end to the new end.
    v.check_term_length(F::NewEnd, term.end, new_end);
    if !v.ok() {
        return None;
    }
    Some(Edit::RecordRenewal { term: term.id, version: term.version, decided_on, new_arr, new_end })
}

/// An outcome is decided once its term has begun: "Decided on 2020-01-01" for a term of
/// 2025-26 was saved, and the handover read "renewed 2020-01-01" (helper's trial, session 21).
/// A term that has not begun (opened by a renewal recorded early) may be decided before it
/// does: the customer backs out before the new term starts.
fn decided_in_term(v: &mut Values<'_>, ui: &Ui, term: &ContractTerm, decided_on: chrono::NaiveDate) {
    if v.ok() && term.start <= ui.today && decided_on < term.start {
        v.fail(F::DecidedOn, ui.tf("edit.error.decided_before_start", &[("start", &term.start.to_string())]));
    }
}

/// `requirements`: the account's requirements not yet delivered (id, label), one of which
/// the CSM may name as the cause, so delivering it later brings the account back.
pub fn open_churn(
    ui: &Ui,
    account: &Account,
    term: &ContractTerm,
    requirements: Vec<(String, String)>,
) -> Form {
    let mut causes = vec![(String::new(), ui.t("edit.nobody_requirement"))];
    causes.extend(requirements);
    let fields = vec![
        Field::choice(F::ChurnReason, options::<ChurnReason>(ui, true), "").required(),
        Field::choice(F::BecauseOf, causes, ""),
        Field::multi(F::Note, ""),
        Field::date(F::DecidedOn, Past, Some(ui.today)).required(),
    ];
    let title = ui.tf("edit.title.churn", &[("account", &account.name)]);
    Form::new(
        title,
        FormKind::Churn { account: Box::new(account.clone()), term: Box::new(term.clone()) },
        fields,
    )
}

pub fn submit_churn(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::Churn { account, term } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let reason = v.choice::<ChurnReason>(F::ChurnReason);
    let because_of = v.text(F::BecauseOf).parse::<i64>().ok().map(RequirementId);
    let note = v.text(F::Note);
    let decided_on = v.date(F::DecidedOn);
    decided_in_term(&mut v, ui, &term, decided_on);
    if !v.ok() {
        return None;
    }
    Some(Edit::RecordChurn {
        account: account.id,
        account_version: account.version,
        term: term.id,
        term_version: term.version,
        decided_on,
        reason,
        note,
        because_of,
    })
}

/// A new term after the churned one: from today (or the old end, if later), for a year,
/// at the old ARR unless changed.
pub fn open_win_back(ui: &Ui, account: &Account, last: &ContractTerm) -> Form {
    let start = ui.today.max(last.end);
    let fields = vec![
        Field::date(F::TermStart, Either, Some(start)).required(),
        Field::date(F::RenewalDate, Future, Some(add_months(start, 12))).required(),
        Field::money(F::Arr, Some(last.arr)).required(),
    ];
    let title = ui.tf("edit.title.win_back", &[("account", &account.name)]);
    Form::new(
        title,
        FormKind::WinBack { account: Box::new(account.clone()), last: Box::new(last.clone()) },
        fields,
    )
}

pub fn submit_win_back(form: &mut Form, ui: &Ui) -> Option<Edit> {
    let FormKind::WinBack { account, last } = form.kind.clone() else { return None };
    let mut v = Values::new(form, ui);
    let start = v.date(F::TermStart);
    let end = v.date(F::RenewalDate);
    let arr = v.money(F::Arr, last.arr.currency);
    if v.ok() && start < last.end {
        v.fail(F::TermStart, ui.tf("edit.error.after_last_term", &[("end", &last.end.to_string())]));
    }
    if v.ok() && end <= start {
        v.fail(F::RenewalDate, ui.tf("edit.error.end_before_start", &[("start", &start.to_string())]));
    }
    v.check_term_length(F::RenewalDate, start, end);
    if !v.ok() {
        return None;
    }
    Some(Edit::WinBack { account: account.id, version: account.version, start, end, arr })
}

#[cfg(test)]
mod change_tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn the_change_is_rounded_not_truncated() {
        let m = |whole: i64| Money::new(whole * 100, Currency::USD);
        let pct = |old, new| change_pct(m(old), m(new));
        assert_eq!(pct(190_000, 210_000), 11, "+10.53%");
        assert_eq!(pct(200_000, 210_999), 5, "+5.4995%");
        assert_eq!(pct(200_000, 211_000), 6, "+5.5% rounds up");
        assert_eq!(pct(200_000, 189_000), -6, "-5.5% rounds away from zero");
        assert_eq!(pct(190_000, 170_000), -11, "-10.53%");
        assert_eq!((pct(100, 100), pct(0, 500)), (0, 0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    #[test]
    fn the_renewal_preview_shows_the_typed_amount_in_full() {
        let ui = Ui::for_tests(crate::i18n::Lang::En);
        let usd = |major: i64| Money::new(major * 100, Currency::new("USD").unwrap());
        assert_eq!(
            renewal_preview(&ui, usd(1_600_000), usd(12_500)),
            "down-sell -99% ($1,600,000 → $12,500)"
        );
        assert_eq!(renewal_preview(&ui, usd(41_860), usd(50_000)), "up-sell +19% ($41,860 → $50,000)");
    }
}
