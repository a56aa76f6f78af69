//! `radar report --by owner`: one row per CSM (issue 16, per owner), so a team lead reads
//! the quarter per person: due, renewed, churned, pending, the logo and dollar rates of the
//! decided renewals and over all due, at-risk ARR and overdue agenda items; and each book
//! (open terms' ARR, accounts per tier) against `[report] capacity` (issue 17 item 5).

use crate::domain::metrics::Rate;
use crate::domain::money::format_sum_compact;
use crate::domain::text::{clean_line, fit_to_width};
use crate::domain::{Choice, Tier};
use crate::i18n::{Lang, t, tf};
use crate::scans::OwnerRow;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
pub struct RowOut {
    /// null for the accounts with no owner.
    owner: Option<String>,
    currency: String,
    due_count: u32,
    renewed_count: u32,
    churned_count: u32,
    pending_count: u32,
    decided_logo_rate: Option<Rate>,
    decided_dollar_rate: Option<Rate>,
    logo_renewal_rate: Option<Rate>,
    dollar_renewal_rate: Option<Rate>,
    forecast_logo_rate: Option<Rate>,
    due_amount: Option<i64>,
    renewed_amount: Option<i64>,
    pending_amount: Option<i64>,
    at_risk_amount: Option<i64>,
    other_currency_count: u32,
    /// Renewals left out of the amounts, by the currency that has no exchange rate.
    missing_rates: std::collections::BTreeMap<crate::domain::Currency, u32>,
    overdue_items: u32,
    /// The open terms' ARR in `currency` (minor units; null: too large to add up, or no
    /// open term has an exchange rate into `currency`).
    book_value: Option<i64>,
    /// Open terms left out of `book_value`: their currency has no exchange rate.
    book_no_rate: u32,
    /// `[report] capacity`, in minor units of `currency`.
    capacity: i64,
    /// `book_value` as a whole percentage of `capacity`, rounded down.
    capacity_pct: Option<i64>,
    /// Accounts not churned, per tier.
    accounts_by_tier: std::collections::BTreeMap<&'static str, u32>,
}

fn unit(c: crate::domain::Currency) -> i64 {
    10_i64.pow(c.exponent())
}

pub fn json(rows: &[OwnerRow], capacity: i64) -> Vec<RowOut> {
    rows.iter()
        .map(|o| {
            // An amount nothing converts into is null, as the text's "n/a", not 0.
            let r = &o.report.clone().without_unknown_amounts();
            RowOut {
                owner: (!o.owner.trim().is_empty()).then(|| clean_line(&o.owner)),
                currency: r.currency.code().to_string(),
                due_count: r.due_count,
                renewed_count: r.renewed_count,
                churned_count: r.churned_count,
                pending_count: r.pending_count,
                decided_logo_rate: r.decided_logo_rate,
                decided_dollar_rate: r.decided_dollar_rate,
                logo_renewal_rate: r.logo_renewal_rate,
                dollar_renewal_rate: r.dollar_renewal_rate,
                forecast_logo_rate: r.forecast_logo_rate,
                due_amount: r.due_amount,
                renewed_amount: r.renewed_amount,
                pending_amount: r.pending_amount,
                at_risk_amount: r.at_risk_amount,
                other_currency_count: r.other_currency_count,
                missing_rates: r.missing_rates.clone(),
                overdue_items: o.overdue_items,
                book_value: o.book.known_value(),
                book_no_rate: o.book.no_rate,
                capacity: capacity.saturating_mul(unit(r.currency)),
                capacity_pct: o.book.load_pct(capacity, unit(r.currency)),
                accounts_by_tier: Tier::ALL
                    .iter()
                    .map(|t| t.id())
                    .zip(o.book.by_tier.iter().copied())
                    .collect(),
            }
        })
        .collect()
}

/// A table, one CSM a line; the rates of the decided renewals first (pending is not lost).
pub fn text(l: Lang, (from, to): (NaiveDate, NaiveDate), rows: &[OwnerRow], capacity: i64) -> String {
    let rate = |r: Option<Rate>| r.map_or_else(|| "-".to_string(), |r| r.to_string());
    let mut s = String::new();
    let _ =
        writeln!(s, "{}", tf(l, "cli.report.title", &[("from", &from.to_string()), ("to", &to.to_string())]));
    let cols: [(&str, usize); 14] = [
        ("owner", 20),
        ("due", 5),
        ("renewed", 8),
        ("churned", 8),
        ("pending", 8),
        ("logo_decided", 10),
        ("dollar_decided", 10),
        ("logo_all", 10),
        ("dollar_all", 10),
        ("at_risk", 10),
        ("overdue", 8),
        ("book", 8),
        ("load", 6),
        ("tiers", 14),
    ];
    let head: Vec<String> =
        cols.iter().map(|(k, w)| fit_to_width(&t(l, &format!("cli.by_owner.{k}")), *w)).collect();
    let _ = writeln!(s, "{}", head.join(" ").trim_end());
    let too_large = t(l, "money.too_large");
    let na = t(l, "cli.by_owner.no_amount");
    for o in rows {
        let r = &o.report;
        let name = if o.owner.trim().is_empty() { t(l, "cli.owner.none") } else { clean_line(&o.owner) };
        // Nothing of the book converts: its value and load are not known.
        let (book, load) = if o.book.no_value_converts() {
            (na.clone(), na.clone())
        } else {
            let load = o.book.load_pct(capacity, unit(r.currency));
            (
                format_sum_compact(o.book.value, r.currency, &too_large),
                load.map_or_else(|| "-".into(), |p| format!("{p}%")),
            )
        };
        let cells = [
            name,
            r.due_count.to_string(),
            r.renewed_count.to_string(),
            r.churned_count.to_string(),
            r.pending_count.to_string(),
            rate(r.decided_logo_rate),
            rate(r.decided_dollar_rate),
            rate(r.logo_renewal_rate),
            rate(r.dollar_renewal_rate),
            // None of its renewals converts into the reporting currency: "n/a", not £0.
            if r.is_unknown(crate::domain::metrics::Figure::AtRisk) {
                na.clone()
            } else {
                format_sum_compact(r.at_risk_amount, r.currency, &too_large)
            },
            o.overdue_items.to_string(),
            book,
            load,
            o.book.by_tier.iter().map(u32::to_string).collect::<Vec<_>>().join("/"),
        ];
        let line: Vec<String> = cells.iter().zip(cols).map(|(c, (_, w))| fit_to_width(c, w)).collect();
        let _ = writeln!(s, "{}", line.join(" ").trim_end());
    }
    if rows.is_empty() {
        let _ = writeln!(s, "{}", t(l, "cli.by_owner.empty"));
    }
    if let Some(first) = rows.first() {
        let cap = format_sum_compact(
            Some(capacity.saturating_mul(unit(first.report.currency))),
            first.report.currency,
            &too_large,
        );
        let tiers: Vec<String> = Tier::ALL.iter().map(|t| crate::i18n::choice_label(l, *t)).collect();
        let _ = writeln!(
            s,
            "{}",
            tf(l, "cli.by_owner.capacity", &[("capacity", &cap), ("tiers", &tiers.join("/"))])
        );
        let no_rate: u32 = rows.iter().map(|o| o.book.no_rate).sum();
        if no_rate > 0 {
            let key =
                if no_rate == 1 { "cli.by_owner.book_no_rate_one" } else { "cli.by_owner.book_no_rate" };
            let _ = writeln!(s, "{}", tf(l, key, &[("n", &no_rate.to_string())]));
        }
    }
    let mut missing = std::collections::BTreeMap::new();
    for o in rows {
        for (c, n) in &o.report.missing_rates {
            *missing.entry(*c).or_insert(0) += n;
        }
    }
    if let Some(first) = rows.first() {
        for line in super::missing_rate_lines(l, first.report.currency, &missing) {
            let _ = writeln!(s, "{line}");
        }
    }
    s
}
