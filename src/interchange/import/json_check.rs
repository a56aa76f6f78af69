//! The checks a JSON export passes before it is restored: ids unique per table, children
//! pointing at their account, valid term histories, amounts the forms accept, records
//! naming contacts (and touchpoints) of their own account, one rate per pair and day, one
//! mark per fixed reason. A failure is an `ExportProblem`, worded in the interface language
//! when shown (`render`); in English the words the checks always gave.

use crate::domain::money::FxRate;
use crate::domain::term::TermError;
use crate::domain::text::clean_line;
use crate::domain::winback::FixedReason;
use crate::domain::*;
use crate::i18n::{Lang, row_kind_name, tf};
use std::collections::HashSet;
use std::fmt;

/// Which account a problem is in: its id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub id: i64,
    pub name: String,
}

/// Why an export cannot be restored.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportProblem {
    IdTwice { who: Who, table: RowKind, id: i64 },
    ExternalIdTwice { who: Who, external_id: String },
    OtherAccount { who: Who, table: RowKind, owner: i64 },
    Terms { who: Who, error: TermError },
    Amount { who: Who, end: chrono::NaiveDate, error: String },
    OtherContact { who: Who, table: RowKind, id: i64, contact: i64 },
    OtherTouchpoint { who: Who, task: i64, touchpoint: i64 },
    NoTitle { who: Who, task: i64 },
    NoProspect { who: Who, referral: i64 },
    Rate { rate: (Currency, Currency, chrono::NaiveDate), error: String },
    RateTwice { rate: (Currency, Currency, chrono::NaiveDate) },
    FixedTwice { reason: String },
}

impl ExportProblem {
    /// The problem in `lang` (record kinds by their labels outside English, which names
    /// the tables as the export does).
    pub fn render(&self, lang: Lang) -> String {
        let kind = |table: RowKind| row_kind_name(lang, table);
        // The names were sanitised with the rest of the export before the checks ran.
        let who = |w: &Who| tf(lang, "import.export.who", &[("id", &w.id.to_string()), ("name", &w.name)]);
        let rate = |(c, b, from): &(Currency, Currency, chrono::NaiveDate)| {
            tf(
                lang,
                "import.export.rate",
                &[("currency", c.code()), ("base", b.code()), ("from", &from.to_string())],
            )
        };
        let n = |v: i64| v.to_string();
        let (key, args): (&str, Vec<(&str, String)>) = match self {
            Self::IdTwice { who: w, table, id } => {
                ("id_twice", vec![("who", who(w)), ("kind", kind(*table)), ("id", n(*id))])
            }
            Self::ExternalIdTwice { who: w, external_id } => {
                ("external_id_twice", vec![("who", who(w)), ("external_id", external_id.clone())])
            }
            Self::OtherAccount { who: w, table, owner } => {
                ("other_account", vec![("who", who(w)), ("kind", kind(*table)), ("owner", n(*owner))])
            }
            Self::Terms { who: w, error } => {
                ("terms", vec![("who", who(w)), ("error", ActionError::from(error.clone()).render(lang))])
            }
            Self::Amount { who: w, end, error } => {
                ("amount", vec![("who", who(w)), ("end", end.to_string()), ("error", error.clone())])
            }
            Self::OtherContact { who: w, table, id, contact } => (
                "other_contact",
                vec![("who", who(w)), ("kind", kind(*table)), ("id", n(*id)), ("contact", n(*contact))],
            ),
            Self::OtherTouchpoint { who: w, task, touchpoint } => (
                "other_touchpoint",
                vec![
                    ("who", who(w)),
                    ("kind", kind(RowKind::Task)),
                    ("id", n(*task)),
                    ("touchpoint", n(*touchpoint)),
                ],
            ),
            Self::NoTitle { who: w, task } => {
                ("no_title", vec![("who", who(w)), ("kind", kind(RowKind::Task)), ("id", n(*task))])
            }
            Self::NoProspect { who: w, referral } => (
                "no_prospect",
                vec![("who", who(w)), ("kind", kind(RowKind::Referral)), ("id", n(*referral))],
            ),
            Self::Rate { rate: r, error } => {
                ("rate_invalid", vec![("rate", rate(r)), ("error", error.clone())])
            }
            Self::RateTwice { rate: r } => ("rate_twice", vec![("rate", rate(r))]),
            Self::FixedTwice { reason } => ("fixed_twice", vec![("reason", reason.clone())]),
        };
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(lang, &format!("import.export.{key}"), &args)
    }
}

impl fmt::Display for ExportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A rate of a currency into itself, or two rates of one pair for the same day, are
/// refused (the file could only hold one of them).
pub(super) fn check_rates(rates: &[FxRate]) -> Result<(), ExportProblem> {
    let mut seen = HashSet::new();
    for r in rates {
        let rate = (r.currency, r.base, r.from);
        FxRate::new(r.currency, r.base, r.from, r.rate)
            .map_err(|e| ExportProblem::Rate { rate, error: e.to_string() })?;
        if !seen.insert(rate) {
            return Err(ExportProblem::RateTwice { rate });
        }
    }
    Ok(())
}

/// A reason marked fixed twice is refused (the file holds one mark per reason); notes are
/// one line, sanitised like every text.
pub(super) fn check_fixed(fixed: &mut [FixedReason]) -> Result<(), ExportProblem> {
    let mut seen = HashSet::new();
    for f in fixed.iter_mut() {
        if !seen.insert(f.reason) {
            return Err(ExportProblem::FixedTwice { reason: f.reason.id().to_string() });
        }
        f.note = clean_line(&f.note);
    }
    Ok(())
}

/// Ids unique per table, children pointing at their account, valid term histories and
/// records naming contacts of their own account; all text through `sanitise` first.
pub(super) fn check(all: &mut [AccountFacts], sanitise: fn(&mut AccountFacts)) -> Result<(), ExportProblem> {
    let mut ids: HashSet<(RowKind, i64)> = HashSet::new();
    let mut ext_ids = HashSet::new();
    for f in all.iter_mut() {
        sanitise(f);
        let a = &f.account;
        let who = Who { id: a.id.0, name: a.name.clone() };
        let mut unique = |table: RowKind, id: i64| {
            if id != 0 && !ids.insert((table, id)) {
                return Err(ExportProblem::IdTwice { who: who.clone(), table, id });
            }
            Ok(())
        };
        unique(RowKind::Account, a.id.0)?;
        if let Some(ext) = &a.external_id
            && !ext_ids.insert(ext.clone())
        {
            return Err(ExportProblem::ExternalIdTwice { who, external_id: ext.clone() });
        }
        let id = a.id;
        let mine = |table: RowKind, owner: AccountId| match owner == id {
            true => Ok(()),
            false => Err(ExportProblem::OtherAccount { who: who.clone(), table, owner: owner.0 }),
        };
        let contact = |table: RowKind, of: i64, named: Option<ContactId>| match named {
            Some(c) if !f.contacts.iter().any(|x| x.id == c) => {
                Err(ExportProblem::OtherContact { who: who.clone(), table, id: of, contact: c.0 })
            }
            _ => Ok(()),
        };
        for t in &f.terms {
            mine(RowKind::Term, t.account_id)?;
            unique(RowKind::Term, t.id.0)?;
        }
        validate_terms(&f.terms).map_err(|error| ExportProblem::Terms { who: who.clone(), error })?;
        // The amount check forms and CSV imports make, so a hand-edited export cannot
        // bring in what they refuse.
        for t in &f.terms {
            let renewed = match &t.outcome {
                Some(TermOutcome::Renewed { new_arr, .. }) => Some(*new_arr),
                _ => None,
            };
            for m in std::iter::once(t.arr).chain(renewed) {
                m.check_amount().map_err(|e| ExportProblem::Amount {
                    who: who.clone(),
                    end: t.end,
                    error: e.to_string(),
                })?;
            }
        }
        for c in &f.contacts {
            mine(RowKind::Contact, c.account_id)?;
            unique(RowKind::Contact, c.id.0)?;
        }
        for x in &f.promises {
            mine(RowKind::Promise, x.account_id)?;
            unique(RowKind::Promise, x.id.0)?;
        }
        for x in &f.requirements {
            mine(RowKind::Requirement, x.account_id)?;
            unique(RowKind::Requirement, x.id.0)?;
        }
        for x in &f.complaints {
            mine(RowKind::Complaint, x.account_id)?;
            unique(RowKind::Complaint, x.id.0)?;
        }
        for x in &f.touchpoints {
            mine(RowKind::Touchpoint, x.account_id)?;
            unique(RowKind::Touchpoint, x.id.0)?;
            contact(RowKind::Touchpoint, x.id.0, x.contact_id)?;
        }
        for x in &f.usage {
            mine(RowKind::Usage, x.account_id)?;
            unique(RowKind::Usage, x.id.0)?;
        }
        for x in &f.milestones {
            mine(RowKind::Milestone, x.account_id)?;
            unique(RowKind::Milestone, x.id.0)?;
        }
        for x in &f.tasks {
            mine(RowKind::Task, x.account_id)?;
            unique(RowKind::Task, x.id.0)?;
            if x.title.trim().is_empty() {
                return Err(ExportProblem::NoTitle { who, task: x.id.0 });
            }
            contact(RowKind::Task, x.id.0, x.contact_id)?;
            if let Some(tid) = x.touchpoint_id
                && !f.touchpoints.iter().any(|t| t.id == tid)
            {
                return Err(ExportProblem::OtherTouchpoint { who, task: x.id.0, touchpoint: tid.0 });
            }
        }
        for x in &f.referrals {
            mine(RowKind::Referral, x.account_id)?;
            unique(RowKind::Referral, x.id.0)?;
            if x.prospect.trim().is_empty() && x.stage != ReferralStage::Dismissed {
                return Err(ExportProblem::NoProspect { who, referral: x.id.0 });
            }
            contact(RowKind::Referral, x.id.0, x.contact_id)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn who() -> Who {
        Who { id: 7, name: "成都天府云图信息技术有限公司".into() }
    }

    /// In English each problem says what the checks always said (scripts and tests read
    /// it); in Chinese, Chinese with the same facts.
    #[test]
    fn each_problem_in_english_as_before_and_in_chinese() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let pair = (Currency::USD, Currency::CNY, day);
        let a = "account 7 (成都天府云图信息技术有限公司)";
        let cases = [
            (
                ExportProblem::IdTwice { who: who(), table: RowKind::Term, id: 3 },
                format!("{a}: term id 3 appears twice"),
            ),
            (
                ExportProblem::ExternalIdTwice { who: who(), external_id: "cd-1".into() },
                format!("{a}: external id 'cd-1' appears twice"),
            ),
            (
                ExportProblem::OtherAccount { who: who(), table: RowKind::Usage, owner: 9 },
                format!("{a}: a usage belongs to account 9"),
            ),
            (
                ExportProblem::Terms { who: who(), error: TermError::OpenInMiddle { start: day } },
                format!(
                    "{a}: only the last term may be without an outcome (term starting 2026-01-01 is open)"
                ),
            ),
            (
                ExportProblem::Amount { who: who(), end: day, error: "is negative".into() },
                format!("{a}: term ending 2026-01-01: ARR is negative"),
            ),
            (
                ExportProblem::OtherContact { who: who(), table: RowKind::Touchpoint, id: 4, contact: 5 },
                format!("{a}: touchpoint 4 names contact 5, not one of this account"),
            ),
            (
                ExportProblem::OtherTouchpoint { who: who(), task: 4, touchpoint: 6 },
                format!("{a}: task 4 names touchpoint 6, not one of this account"),
            ),
            (ExportProblem::NoTitle { who: who(), task: 4 }, format!("{a}: task 4 has no title")),
            (
                ExportProblem::NoProspect { who: who(), referral: 2 },
                format!("{a}: referral 2 names no prospect"),
            ),
            (
                ExportProblem::Rate { rate: pair, error: "a rate must be positive".into() },
                "fx_rates: USD in CNY from 2026-01-01: a rate must be positive".into(),
            ),
            (
                ExportProblem::RateTwice { rate: pair },
                "fx_rates: USD in CNY from 2026-01-01: appears twice".into(),
            ),
            (
                ExportProblem::FixedTwice { reason: "price".into() },
                "fixed_reasons: price appears twice".into(),
            ),
        ];
        for (problem, english) in cases {
            assert_eq!(problem.to_string(), english);
            let zh = problem.render(Lang::ZhCn);
            assert_ne!(zh, english);
            assert!(zh.contains('：') && !zh.contains('{'), "{zh}");
        }
        let zh = ExportProblem::IdTwice { who: who(), table: RowKind::Term, id: 3 }.render(Lang::ZhCn);
        assert_eq!(zh, "客户 7（成都天府云图信息技术有限公司）：合同期编号 3 出现了两次");
    }
}
