//! Deal rows (HubSpot deals, Salesforce opportunities): a deal is a contract term seen from
//! the sales side. Its close date is where a term ends and the next one starts; its amount
//! is that term's ARR. How a row reads (README "Deals and opportunities"):
//! - **won** (`Closed Won`): the term ending on the close date is renewed at the amount
//!   (opening the next term), or, for an account without terms, its first term starts there;
//! - **lost** (`Closed Lost`): the term ending on the close date (or the open term) churns,
//!   with the lost reason mapped to ours; an account without terms gets the year that ended;
//! - **open** (any other stage): the pending renewal: the open term ends on the close date
//!   (an account without terms gets the year up to it at the amount), and the forecast
//!   category becomes the account's forecast call.
//!
//! A deal that contradicts the terms the account already has (another amount for the same
//! term, an open deal closing on another date than the renewal date, …) is a bad row naming
//! both: a CRM holds deals that are not renewals, and guessing which one is would be silently
//! wrong. With `--skip-invalid` those rows are set aside in the rejected file.

use super::outcomes::next_end;
use super::people::account_of;
use super::world::{Outcome, World};
use crate::domain::dates::add_months;
use crate::domain::stage::infer_stage;
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;
use chrono::NaiveDate;

/// Where a deal stands, from its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Won,
    Lost,
    Open,
}

/// The status a stage label says: the CRMs' closed stages (HubSpot's internal ids too), and
/// the Chinese CRMs' 赢单/输单; any other stage is a deal still open.
pub fn status_of(stage: &str) -> Status {
    let s = crate::domain::choice::fold_token(stage.trim());
    const WON: [&str; 8] = ["closedwon", "won", "win", "赢单", "成交", "已成交", "签约", "已签约"];
    const LOST: [&str; 7] = ["closedlost", "lost", "loss", "输单", "丢单", "已输单", "失败"];
    if WON.contains(&s.as_str()) {
        Status::Won
    } else if LOST.contains(&s.as_str()) {
        Status::Lost
    } else {
        Status::Open
    }
}

pub fn row(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let stage = c.required_text(F::DealStage);
    let close = c.required_date(F::CloseDate);
    let currency = c.currency(F::Currency);
    // An amount without a currency is in the account's (set when it was imported, even
    // without a contract); the account's terms fix it.
    let (account_currency, known) = match account {
        Some(i) => {
            let f = w.edit(i)?;
            (Some(f.account.currency), (!f.terms.is_empty()).then_some(f.account.currency))
        }
        None => (None, None),
    };
    // Without an account the row fails: the stand-in currency is never stored.
    let amount = c.money(F::Arr, currency.or(account_currency).or(w.currency).unwrap_or(Currency::CNY));
    if let (Some(cur), Some(a)) = (currency, amount)
        && a.currency != cur
    {
        let msg =
            c.t("import.row.currency_conflict", &[("amount", a.currency.code()), ("currency", cur.code())]);
        c.problem(F::Arr, msg);
    }
    if let (Some(k), Some(a)) = (known, amount)
        && a.currency != k
    {
        let msg = c.t("import.row.deal_currency", &[("amount", a.currency.code()), ("account", k.code())]);
        c.problem(F::Arr, msg);
    }
    let forecast = c.choice::<Forecast>(F::Forecast);
    let reason = c.choice::<ChurnReason>(F::ChurnReason);
    let owner = c.text(F::Owner);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(stage), Some(close)) = (account, stage, close) else { return Ok(None) };
    let status = status_of(&stage);
    if amount.is_none() && status != Status::Lost {
        let msg = c.t("import.row.required", &[("field", F::Arr.name())]);
        c.problem(F::Arr, msg);
        return Ok(None);
    }
    let today = w.today;
    let f = w.edit(i)?;
    let mut terms = f.terms.clone();
    let decided = today.min(close);
    let applied = match status {
        Status::Won => won(&mut terms, f.account.id, close, amount, decided),
        Status::Lost => lost(&mut terms, f.account.id, close, amount, decided, reason),
        Status::Open => open(&mut terms, f.account.id, close, amount),
    };
    let applied = applied.and_then(|()| {
        validate_terms(&terms).map_err(|e| Conflict::Invalid(super::account_terms::terms_problem(c, e)))
    });
    if let Err(conflict) = applied {
        let msg = conflict.message(c, close);
        c.problem(F::CloseDate, msg);
        return Ok(None);
    }
    let before = (f.terms.clone(), f.account.clone());
    let created = terms.len() > f.terms.len();
    let dates_changed = f.terms != terms;
    f.terms = terms;
    let a = &mut f.account;
    if let Some(t) = f.terms.first() {
        a.currency = t.arr.currency;
    }
    if a.owner.is_empty()
        && let Some(o) = owner
    {
        // The account's own owner (the CSM) wins over the deal's sales owner.
        a.owner = o;
    }
    if status == Status::Open && forecast.is_some() && forecast != a.forecast {
        a.forecast = forecast;
        a.forecast_on = Some(today);
    }
    let churned =
        matches!(f.terms.last().and_then(|t| t.outcome.as_ref()), Some(TermOutcome::Churned { .. }));
    if churned {
        f.account.stage = Stage::Churned;
    } else if (before.0.is_empty() || f.account.stage == Stage::Churned)
        && let Some(t) = f.terms.last()
    {
        // An account's first terms, or a win-back after a churn: its stage follows from
        // where it stands in the open term, as for an account imported with its dates.
        f.account.stage = infer_stage(t.start, t.end, today, false);
    }
    if (&f.terms, &f.account) == (&before.0, &before.1) {
        return Ok(Some(Outcome::Unchanged));
    }
    if dates_changed {
        w.regen(i);
    }
    Ok(Some(if created { Outcome::Created } else { Outcome::Updated }))
}

/// Why a deal does not fit the account's terms.
enum Conflict {
    /// A term ending (or starting) on the close date carries another amount.
    Amount {
        term: (NaiveDate, NaiveDate),
        arr: Money,
    },
    /// The open term runs to another date.
    OpenEnds {
        term: (NaiveDate, NaiveDate),
    },
    /// The term ending on the close date is already decided the other way.
    Decided {
        term: (NaiveDate, NaiveDate),
    },
    /// A lost deal of an account without terms, without an amount to give the term.
    NoAmount,
    Invalid(String),
}

impl Conflict {
    fn message(&self, c: &Cells<'_>, close: NaiveDate) -> String {
        let close = close.to_string();
        let span = |(s, e): (NaiveDate, NaiveDate)| format!("{s} – {e}");
        match self {
            Conflict::Amount { term, arr } => c.t(
                "import.row.deal_amount",
                &[("close", &close), ("term", &span(*term)), ("arr", &arr.format_full())],
            ),
            Conflict::OpenEnds { term } => {
                c.t("import.row.deal_open_ends", &[("close", &close), ("term", &span(*term))])
            }
            Conflict::Decided { term } => {
                c.t("import.row.deal_decided", &[("close", &close), ("term", &span(*term))])
            }
            Conflict::NoAmount => c.t("import.row.deal_no_amount", &[("close", &close)]),
            Conflict::Invalid(e) => c.t("import.row.deal_terms", &[("close", &close), ("error", e)]),
        }
    }
}

fn new_term(account_id: AccountId, start: NaiveDate, end: NaiveDate, arr: Money) -> ContractTerm {
    ContractTerm { id: TermId(0), account_id, start, end, arr, outcome: None, version: 0 }
}

/// A won deal: the term ending on `close` renewed at `amount`, or the first term from it.
fn won(
    terms: &mut Vec<ContractTerm>,
    id: AccountId,
    close: NaiveDate,
    amount: Option<Money>,
    decided: NaiveDate,
) -> Result<(), Conflict> {
    let Some(arr) = amount else { return Ok(()) };
    if let Some(idx) = terms.iter().position(|t| t.end == close) {
        let t = &mut terms[idx];
        let span = (t.start, t.end);
        match &t.outcome {
            Some(TermOutcome::Churned { .. }) => return Err(Conflict::Decided { term: span }),
            Some(TermOutcome::Renewed { new_arr, .. }) if *new_arr != arr => {
                return Err(Conflict::Amount { term: span, arr: *new_arr });
            }
            Some(TermOutcome::Renewed { .. }) => {}
            None => t.outcome = Some(TermOutcome::Renewed { decided_on: decided, new_arr: arr }),
        }
        let end = next_end(span.0, span.1);
        match terms.get(idx + 1) {
            Some(next) if next.start == close && next.arr != arr => {
                return Err(Conflict::Amount { term: (next.start, next.end), arr: next.arr });
            }
            Some(_) => {}
            None => terms.push(new_term(id, close, end, arr)),
        }
        return Ok(());
    }
    if let Some(t) = terms.iter().find(|t| t.start == close) {
        return if t.arr == arr {
            Ok(())
        } else {
            Err(Conflict::Amount { term: (t.start, t.end), arr: t.arr })
        };
    }
    match terms.last() {
        // The first contract (new business), or a win-back after the last term closed.
        None => {}
        Some(last) if last.outcome.is_some() && last.end <= close => {}
        Some(last) => return Err(Conflict::OpenEnds { term: (last.start, last.end) }),
    }
    terms.push(new_term(id, close, add_months(close, 12), arr));
    Ok(())
}

/// A lost deal: the term ending on `close`, else the open term, churned.
fn lost(
    terms: &mut Vec<ContractTerm>,
    id: AccountId,
    close: NaiveDate,
    amount: Option<Money>,
    decided: NaiveDate,
    reason: Option<ChurnReason>,
) -> Result<(), Conflict> {
    let churn = |decided_on| TermOutcome::Churned {
        decided_on,
        reason: reason.unwrap_or(ChurnReason::Other),
        note: String::new(),
        because_of: None,
    };
    // The term ending on the close date, or the one this deal churned before its end.
    let churned_then = |t: &ContractTerm| matches!(t.outcome, Some(TermOutcome::Churned { decided_on, .. }) if decided_on == decided);
    let idx = match terms.iter().position(|t| t.end == close || churned_then(t)) {
        Some(idx) => idx,
        None => match terms.last() {
            None => {
                // The year that ended with the lost renewal, at the deal's amount.
                let Some(arr) = amount else { return Err(Conflict::NoAmount) };
                terms.push(new_term(id, add_months(close, -12), close, arr));
                terms.len() - 1
            }
            Some(last) if last.outcome.is_none() && last.start < close => terms.len() - 1,
            Some(last) => return Err(Conflict::OpenEnds { term: (last.start, last.end) }),
        },
    };
    let t = &mut terms[idx];
    match &t.outcome {
        None => t.outcome = Some(churn(decided)),
        Some(TermOutcome::Churned { .. }) => {}
        Some(TermOutcome::Renewed { .. }) => return Err(Conflict::Decided { term: (t.start, t.end) }),
    }
    Ok(())
}

/// An open deal: the pending renewal, ending on `close`.
fn open(
    terms: &mut Vec<ContractTerm>,
    id: AccountId,
    close: NaiveDate,
    amount: Option<Money>,
) -> Result<(), Conflict> {
    let Some(arr) = amount else { return Ok(()) };
    match terms.last() {
        None => {
            terms.push(new_term(id, add_months(close, -12), close, arr));
            Ok(())
        }
        Some(last) if last.outcome.is_none() && last.end == close => Ok(()),
        // A term ending there is already recorded (decided by a later deal of the file, or
        // by the CSM): the deal still shown open in the CRM changes nothing.
        Some(_) if terms.iter().any(|t| t.end == close) => Ok(()),
        Some(last) => Err(Conflict::OpenEnds { term: (last.start, last.end) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_as_won_lost_or_open() {
        assert_eq!(status_of("Closed Won"), Status::Won);
        assert_eq!(status_of("closedwon"), Status::Won);
        assert_eq!(status_of("Closed Lost"), Status::Lost);
        assert_eq!(status_of("输单"), Status::Lost);
        assert_eq!(status_of("Negotiation/Review"), Status::Open);
        assert_eq!(status_of("Decision Maker Bought-In"), Status::Open);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::new("USD").unwrap())
    }

    #[test]
    fn a_won_deal_renews_the_term_ending_on_its_close_date() {
        let mut terms = vec![new_term(AccountId(1), d("2025-01-01"), d("2026-01-01"), usd(100))];
        won(&mut terms, AccountId(1), d("2026-01-01"), Some(usd(120)), d("2026-01-01")).ok().unwrap();
        assert_eq!(terms.len(), 2);
        assert!(
            matches!(terms[0].outcome, Some(TermOutcome::Renewed { new_arr, .. }) if new_arr == usd(120))
        );
        assert_eq!(
            (terms[1].start, terms[1].end, terms[1].arr),
            (d("2026-01-01"), d("2027-01-01"), usd(120))
        );
        // The same deal again changes nothing; another amount for it is a conflict.
        let before = terms.clone();
        won(&mut terms, AccountId(1), d("2026-01-01"), Some(usd(120)), d("2026-01-01")).ok().unwrap();
        assert_eq!(terms, before);
        assert!(won(&mut terms, AccountId(1), d("2026-01-01"), Some(usd(99)), d("2026-01-01")).is_err());
    }

    #[test]
    fn an_open_deal_is_the_pending_renewal_and_may_not_move_it() {
        let mut terms = Vec::new();
        open(&mut terms, AccountId(1), d("2027-03-01"), Some(usd(5))).ok().unwrap();
        assert_eq!((terms[0].start, terms[0].end), (d("2026-03-01"), d("2027-03-01")));
        assert!(open(&mut terms, AccountId(1), d("2027-04-01"), Some(usd(5))).is_err());
        lost(&mut terms, AccountId(1), d("2027-02-01"), None, d("2027-02-01"), Some(ChurnReason::Price))
            .ok()
            .unwrap();
        assert!(matches!(terms[0].outcome, Some(TermOutcome::Churned { reason: ChurnReason::Price, .. })));
    }
}
