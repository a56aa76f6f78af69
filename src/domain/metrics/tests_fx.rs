//! The report with exchange rates: a renewal converts at the rate in force on its date,
//! a rate change between two renewals is honoured, and one without a rate is counted and
//! named by currency, never summed.

use super::tests::{account, d, renewed};
use super::*;
use crate::domain::money::{FxRate, FxValue};
use crate::domain::*;

fn rate(c: Currency, from: NaiveDate, r: &str) -> FxRate {
    FxRate::new(c, Currency::CNY, from, FxValue::parse(r).unwrap()).unwrap()
}

#[test]
fn renewals_convert_at_the_rate_of_their_date_and_the_rest_is_named() {
    let (cny, usd, eur) = (Currency::CNY, Currency::USD, Currency::EUR);
    let start = d(2025, 1, 1);
    let accounts = vec![
        // $1,000 renewed at $1,100 on 01-20: rate 7.00 → ¥7,000 due, ¥7,700 renewed.
        account("a", start, &[(d(2026, 1, 20), 1_000, renewed(d(2026, 1, 10), 1_100, usd))], usd),
        // $1,000 pending, due 03-10: rate 7.50 (changed 03-01) → ¥7,500.
        account("b", start, &[(d(2026, 3, 10), 1_000, None)], usd),
        // €500 pending: no EUR rate.
        account("c", start, &[(d(2026, 3, 20), 500, None)], eur),
        // ¥1,000 pending.
        account("d", start, &[(d(2026, 3, 25), 1_000, None)], cny),
    ];
    let period =
        ReportPeriod { from: d(2026, 1, 1), to: d(2026, 3, 31), today: d(2026, 2, 15), currency: cny };
    let fx = Converter::new(cny, vec![rate(usd, d(2026, 3, 1), "7.50"), rate(usd, d(2025, 6, 1), "7")]);
    let r = renewal_report_fx(&accounts, &period, &fx, |_| risk::Band::Healthy);
    assert_eq!(r.due_count, 4);
    assert_eq!(r.due_amount, Some((7_000 + 7_500 + 1_000) * 100));
    assert_eq!(r.renewed_amount, Some(7_700 * 100));
    assert_eq!(r.decided_amount, Some(7_000 * 100));
    assert_eq!(r.pending_amount, Some((7_500 + 1_000) * 100));
    assert_eq!(r.other_currency_count, 1);
    assert_eq!(r.missing_rates, [(eur, 1)].into_iter().collect());
    assert_eq!(r.gross_renewal_rate, Rate::new(7_000 * 100, 15_500 * 100));
    // Coming up from 02-15: b, c and d; c's amount has no rate.
    let w = &r.due_next[1];
    assert_eq!((w.days, w.count, w.amount, w.no_rate), (60, 3, Some(8_500 * 100), 1));
    // Without rates, only CNY sums; both USD renewals are named.
    let none = renewal_report(&accounts, &period, |_| risk::Band::Healthy);
    assert_eq!(none.due_amount, Some(1_000 * 100));
    assert_eq!(none.missing_rates, [(usd, 2), (eur, 1)].into_iter().collect());
}

/// Amounts are not known when no renewal due converts (every one left out), known when one
/// does, and a report with nothing due has amounts (zero) too; a window likewise.
#[test]
fn no_amount_converts_only_when_every_renewal_due_is_left_out() {
    let (cny, usd) = (Currency::CNY, Currency::USD);
    let start = d(2025, 1, 1);
    let dollars = |name| account(name, start, &[(d(2026, 3, 10), 1_000, None)], usd);
    let period =
        ReportPeriod { from: d(2026, 1, 1), to: d(2026, 3, 31), today: d(2026, 2, 15), currency: cny };
    let band = |_: &AccountFacts| risk::Band::Healthy;
    let all_usd = renewal_report(&[dollars("a"), dollars("b")], &period, band);
    assert!(all_usd.no_amount_converts());
    assert!(all_usd.due_next.iter().filter(|w| w.count > 0).all(DueWindow::no_amount_converts));
    let one_cny = vec![dollars("a"), account("c", start, &[(d(2026, 3, 20), 1_000, None)], cny)];
    let mixed = renewal_report(&one_cny, &period, band);
    assert!(!mixed.no_amount_converts());
    // The next 30 days from 02-15 hold only the USD renewal (03-10); 60 days, both.
    let (w30, w60) = (&mixed.due_next[0], &mixed.due_next[1]);
    assert_eq!((w30.days, w30.count, w60.days, w60.count), (30, 1, 60, 2));
    assert!(w30.no_amount_converts() && !w60.no_amount_converts());
    // As the JSON gives them: not known is None, not 0; what converts is kept.
    let known = mixed.clone().without_unknown_amounts();
    assert_eq!((known.due_amount, known.pending_amount), (mixed.due_amount, mixed.pending_amount));
    assert_eq!((known.due_next[0].amount, known.due_next[1].amount), (None, mixed.due_next[1].amount));
    let unknown = all_usd.clone().without_unknown_amounts();
    assert_eq!(all_usd.due_amount, Some(0));
    let amounts = [unknown.due_amount, unknown.renewed_amount, unknown.decided_amount];
    let more = [unknown.pending_amount, unknown.at_risk_amount, unknown.forecast_amount];
    assert!(amounts.iter().chain(&more).all(Option::is_none), "{unknown:?}");
    let nothing = renewal_report(&[], &period, band);
    assert!(!nothing.no_amount_converts());
    assert!(!nothing.due_next.iter().any(DueWindow::no_amount_converts));
}

/// Each amount is not known when every renewal it counts was left out, though others
/// convert: a EUR book's one pending EUR renewal among yuan ones with no rate said "€0"
/// decided, renewed and at risk (CSM trial, session 31). Known amounts stay as summed.
#[test]
fn an_amount_is_unknown_when_every_renewal_it_counts_is_left_out() {
    use crate::domain::risk::Band;
    use Figure::*;
    let (cny, eur) = (Currency::CNY, Currency::EUR);
    let start = d(2025, 1, 1);
    let churned = Some(TermOutcome::Churned {
        decided_on: d(2026, 1, 5),
        reason: ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    let accounts = vec![
        // Yuan, no rate into EUR: renewed, churned, and pending at risk.
        account("a", start, &[(d(2026, 1, 20), 1_000, renewed(d(2026, 1, 10), 1_100, cny))], cny),
        account("b", start, &[(d(2026, 1, 25), 2_000, churned.clone())], cny),
        account("c", start, &[(d(2026, 3, 10), 4_000, None)], cny),
        // The one that converts: €500 pending, healthy.
        account("e", start, &[(d(2026, 3, 20), 500, None)], eur),
    ];
    let period =
        ReportPeriod { from: d(2026, 1, 1), to: d(2026, 3, 31), today: d(2026, 2, 15), currency: eur };
    let band = |f: &AccountFacts| if f.account.name == "c" { Band::AtRisk } else { Band::Healthy };
    let r = renewal_report(&accounts, &period, band);
    assert!(!r.no_amount_converts());
    let unknown: Vec<Figure> = Figure::ALL.into_iter().filter(|f| r.is_unknown(*f)).collect();
    assert_eq!(unknown, [Decided, Renewed, AtRisk]);
    assert_eq!(r.coverage.decided, Counted { renewals: 2, left_out: 2 });
    assert_eq!(r.coverage.pending, Counted { renewals: 2, left_out: 1 });
    assert_eq!(r.coverage.at_risk, Counted { renewals: 1, left_out: 1 });
    assert_eq!((r.amount(Pending), r.amount(Due)), (Some(50_000), Some(50_000)));
    // What each known amount leaves out, for the text to say: the due amount all of the
    // yuan renewals, the pending one its yuan half, the forecast its renewed and pending.
    let left = Figure::ALL.map(|f| r.left_out(f));
    assert_eq!(left, [3, 2, 1, 1, 1, 2]);
    let json = r.clone().without_unknown_amounts();
    assert_eq!(
        (json.decided_amount, json.renewed_amount, json.at_risk_amount),
        (None, None, None),
        "not known: null, not 0"
    );
    assert_eq!((json.due_amount, json.pending_amount), (Some(50_000), Some(50_000)));
    assert!(json.forecast_amount.is_some(), "the EUR renewal is in the forecast");
    // With a rate, every amount is known again.
    let fx = Converter::new(
        eur,
        vec![FxRate::new(cny, eur, d(2025, 1, 1), FxValue::parse("0.13").unwrap()).unwrap()],
    );
    let all = renewal_report_fx(&accounts, &period, &fx, band);
    assert!(Figure::ALL.iter().all(|f| !all.is_unknown(*f)));
    assert_eq!(all.amount(AtRisk), Some(52_000));
    // The forecast counts the renewed and the pending: with none renewed and the one
    // pending left out, it is not known, though a churned EUR renewal converts.
    let few = vec![
        account("f", start, &[(d(2026, 1, 25), 900, churned)], eur),
        account("g", start, &[(d(2026, 3, 10), 4_000, None)], cny),
    ];
    let f = renewal_report(&few, &period, band);
    assert_eq!((f.is_unknown(Forecast), f.is_unknown(Decided), f.is_unknown(Due)), (true, false, false));
    assert_eq!(f.coverage.renewed, Counted::default());
    // An amount that counts nothing is known, and zero.
    let none = renewal_report(&accounts[3..], &period, band);
    assert!(!none.is_unknown(AtRisk) && !none.is_unknown(Decided));
    assert_eq!((none.amount(AtRisk), none.amount(Decided)), (Some(0), Some(0)));
}
