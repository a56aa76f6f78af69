//! `radar report`: renewal metrics for renewals whose term ends in [from, to].

use super::args::Format;
use super::cache_gate::{self, Answer};
use super::usage;
use super::{CliError, Context, emit, open_store_for_reading, owner_or_mine, print_json};
use crate::cached_scans;
use crate::domain::Currency;
use crate::domain::agenda::StallLimits;
use crate::domain::dates::{add_months, parse_date};
use crate::domain::metrics::{Figure, Rate, RenewalReport};
use crate::domain::money::{format_estimate, format_sum};
use crate::domain::text::fit_to_width;
use crate::i18n::{Lang, choice_label, t, tf};
use crate::scans;
use crate::settings::Settings;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// The calendar quarter containing `day`: (first day, last day).
pub fn quarter_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_month = (day.month0() / 3) * 3 + 1;
    // Invariant: month 1, 4, 7 or 10, day 1 always exists.
    let start = NaiveDate::from_ymd_opt(day.year(), first_month, 1).unwrap_or(day);
    (start, add_months(start, 3).pred_opt().unwrap_or(start))
}

/// What `radar report` was asked for.
pub struct Options<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub currency: Option<&'a str>,
    pub owner: Option<&'a str>,
    /// Only my accounts (`[user] name`), unless I own none.
    pub mine: bool,
    pub by_owner: bool,
    /// Answer from stale cached bands rather than recompute them (labelled stale).
    pub no_recompute: bool,
}

pub fn run(ctx: &Context, settings: &Settings, o: &Options<'_>, format: Format) -> Result<(), CliError> {
    let (q_from, q_to) = quarter_of(ctx.today);
    let date = |flag: &str, v: Option<&str>, default| match v {
        Some(s) => parse_date(s).map_err(|e| usage::bad_date(ctx.lang, flag, &e)),
        None => Ok(default),
    };
    let (from, to) = (date("--from", o.from, q_from)?, date("--to", o.to, q_to)?);
    if to < from {
        return Err(usage::to_before_from(ctx.lang, from, to, o.from.is_some()));
    }
    let currency = match o.currency {
        Some(c) => Some(Currency::parse_iso(c).map_err(|e| usage::bad_currency(ctx.lang, "--currency", &e))?),
        None => settings.report_currency,
    };
    let store = open_store_for_reading(ctx)?;
    let owner = owner_or_mine(&store, settings, (o.owner, o.mine), ctx.lang)?;
    if o.by_owner {
        let p = &settings.risk.params;
        let stall = StallLimits { p0_days: p.p0_stalled_days.into(), p1_days: p.p1_stalled_days.into() };
        let rows = scans::report_by_owner(&store, (from, to), currency, ctx.now, &settings.risk, stall)?;
        let rows: Vec<_> = rows.into_iter().filter(|r| owner.matches_name(&r.owner)).collect();
        let capacity = settings.risk.capacity.unwrap_or(crate::domain::capacity::DEFAULT_CAPACITY);
        return match format {
            Format::Json => print_json(&by_owner::json(&rows, capacity)),
            Format::Text => emit(&by_owner::text(ctx.lang, (from, to), &rows, capacity)),
        };
    }
    // The pending renewals' bands come from the risk cache, brought up to date first.
    let mut store = store;
    let answer = cache_gate::make_current(ctx, &mut store, &settings.risk, o.no_recompute)?;
    let report = match &answer {
        Answer::Cached | Answer::Stale(_) => {
            cached_scans::renewal_report(&store, (from, to), currency, ctx.now, &settings.risk, &owner)?
        }
        Answer::Computed => scans::renewal_report(
            &store,
            (from, to),
            currency,
            ctx.now,
            &settings.risk,
            scans::Bands::Assess,
            &owner,
        )?,
    };
    let stale = match answer {
        Answer::Stale(why) => Some(why),
        _ => None,
    };
    match format {
        Format::Json => match stale {
            None => print_json(&report.without_unknown_amounts()),
            Some(why) => {
                let mut v = serde_json::to_value(report.without_unknown_amounts())
                    .map_err(|e| CliError::Runtime(format!("JSON output: {e}")))?;
                if let Some(m) = v.as_object_mut() {
                    m.insert("stale".into(), why.into());
                }
                print_json(&v)
            }
        },
        Format::Text => {
            let mut text = String::new();
            if let Some(why) = stale {
                let _ = writeln!(text, "{}", tf(ctx.lang, "cli.cache.label", &[("why", &why)]));
            }
            text.push_str(&render_text(ctx.lang, &report));
            emit(&text)
        }
    }
}

#[path = "report_by_owner.rs"]
mod by_owner;

/// "3 renewals in EUR have no exchange rate into CNY …", one line per currency: amounts
/// left out of the totals are named, never dropped silently.
pub fn missing_rate_lines(
    l: Lang,
    target: Currency,
    missing: &std::collections::BTreeMap<Currency, u32>,
) -> Vec<String> {
    missing
        .iter()
        .map(|(c, n)| {
            tf(
                l,
                "cli.report.other_currency",
                &[("n", &n.to_string()), ("currency", c.code()), ("target", target.code())],
            )
        })
        .collect()
}

fn rate(lang: Lang, r: Option<Rate>) -> String {
    r.map_or_else(|| t(lang, "cli.report.no_rate"), |r| r.to_string())
}

/// A rate of amounts, which only renewals converted into the report's currency are in:
/// when some of those it is over were left out it says how many (a rate over 1 of 55
/// renewals read as the book's), and when there is no amount at all but renewals were
/// counted, that the rates are missing ("nothing decided yet" beside "Decided 20"). The
/// decided rate counts the renewals decided, the others those due.
fn dollar_rate(l: Lang, r: &RenewalReport, x: Option<Rate>, of: RateOf, none_key: &str) -> String {
    let (left_out, counted, suffix) = match of {
        RateOf::Decided => (r.left_out(Figure::Decided).min(r.decided_count), r.decided_count, "_decided"),
        RateOf::Due => (r.other_currency_count.min(r.due_count), r.due_count, ""),
    };
    let vars = [
        ("n", left_out.to_string()),
        ("of", counted.to_string()),
        ("currency", r.currency.code().to_string()),
        ("rate", x.map(|x| x.to_string()).unwrap_or_default()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match x {
        Some(_) if left_out > 0 => tf(l, &format!("cli.report.rate_part{suffix}"), &vars),
        Some(x) => x.to_string(),
        None if left_out > 0 && counted > 0 => tf(l, &format!("cli.report.rate_no_amounts{suffix}"), &vars),
        None => t(l, none_key),
    }
}

/// Which renewals a rate is over.
#[derive(Clone, Copy)]
enum RateOf {
    Decided,
    Due,
}

/// The report as aligned text.
pub fn render_text(l: Lang, r: &RenewalReport) -> String {
    let too_large = t(l, "money.too_large");
    let no_amount = t(l, "cli.report.no_amount");
    // An amount none of whose renewals converts into the reporting currency is not known;
    // one some of whose renewals do not convert says how many it is without.
    let without = |n: u32| match n {
        0 => String::new(),
        n => tf(l, "cli.report.amount_without", &[("n", &n.to_string())]),
    };
    let money = |f: Figure| match r.is_unknown(f) {
        true => no_amount.clone(),
        false => format_sum(r.amount(f), r.currency, &too_large) + &without(r.left_out(f)),
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        tf(l, "cli.report.title", &[("from", &r.from.to_string()), ("to", &r.to.to_string())])
    );
    let mut line = |key: &str, value: String| {
        let _ = writeln!(s, "  {} {value}", fit_to_width(&t(l, &format!("cli.report.{key}")), 28));
    };
    line("due", r.due_count.to_string());
    // Decided, pending and forecast apart, each labelled (issue 16); then the rates over
    // everything due, where a pending renewal counts as not renewed.
    let _ = writeln!(s, "{}", t(l, "cli.report.decided_head"));
    let mut line = |key: &str, value: String| {
        let _ = writeln!(s, "  {} {value}", fit_to_width(&t(l, &format!("cli.report.{key}")), 28));
    };
    line(
        "decided",
        tf(
            l,
            "cli.report.decided_counts",
            &[
                ("n", &r.decided_count.to_string()),
                ("renewed", &r.renewed_count.to_string()),
                ("churned", &r.churned_count.to_string()),
            ],
        ),
    );
    let decided_rate = |x: Option<Rate>| x.map_or_else(|| t(l, "cli.report.no_decided"), |x| x.to_string());
    line("decided_logo_rate", decided_rate(r.decided_logo_rate));
    line("decided_amount", money(Figure::Decided));
    line("renewed_amount", money(Figure::Renewed));
    line(
        "decided_dollar_rate",
        dollar_rate(l, r, r.decided_dollar_rate, RateOf::Decided, "cli.report.no_decided"),
    );
    line("pending", format!("{} · {}", r.pending_count, money(Figure::Pending)));
    line("at_risk_amount", money(Figure::AtRisk));
    let _ = writeln!(
        s,
        "{}",
        tf(
            l,
            "cli.report.forecast_head",
            &[("call", &r.forecast_by_call.to_string()), ("band", &r.forecast_by_band.to_string())]
        )
    );
    let mut line = |key: &str, value: String| {
        let _ = writeln!(s, "  {} {value}", fit_to_width(&t(l, &format!("cli.report.{key}")), 28));
    };
    line("forecast_logo_rate", rate(l, r.forecast_logo_rate));
    line(
        "forecast_amount",
        if r.is_unknown(Figure::Forecast) {
            no_amount.clone()
        } else {
            format_estimate(r.forecast_amount, r.currency, &too_large)
                + &without(r.left_out(Figure::Forecast))
        },
    );
    line(
        "forecast_dollar_rate",
        dollar_rate(l, r, r.forecast_dollar_rate, RateOf::Due, "cli.report.no_rate"),
    );
    let _ = writeln!(s, "{}", t(l, "cli.report.all_due_head"));
    let mut line = |key: &str, value: String| {
        let _ = writeln!(s, "  {} {value}", fit_to_width(&t(l, &format!("cli.report.{key}")), 28));
    };
    line("logo_rate", rate(l, r.logo_renewal_rate));
    line("due_amount", money(Figure::Due));
    line("dollar_rate", dollar_rate(l, r, r.dollar_renewal_rate, RateOf::Due, "cli.report.no_rate"));
    line("gross_rate", dollar_rate(l, r, r.gross_renewal_rate, RateOf::Due, "cli.report.no_rate"));
    let _ = writeln!(s, "{}", t(l, "cli.report.portfolio_head"));
    let mut line = |key: &str, value: String| {
        let _ = writeln!(s, "  {} {value}", fit_to_width(&t(l, &format!("cli.report.{key}")), 28));
    };
    line("activation_rate", rate(l, r.activation_rate));
    // No usage reading to measure breadth from: not "nothing due", which would be wrong.
    line("feature_breadth", r.feature_breadth.map_or_else(|| t(l, "cli.report.no_usage"), |r| r.to_string()));
    line("target_ratio", rate(l, r.target_customer_ratio));
    for w in &r.due_next {
        let label = tf(l, "cli.report.due_next", &[("days", &w.days.to_string())]);
        let amount = if w.no_amount_converts() {
            no_amount.clone()
        } else {
            format_sum(w.amount, r.currency, &too_large) + &without(w.no_rate)
        };
        let _ = writeln!(s, "  {} {} · {amount}", fit_to_width(&label, 28), w.count);
    }
    for line in missing_rate_lines(l, r.currency, &r.missing_rates) {
        let _ = writeln!(s, "  {line}");
    }
    if !r.churn_reasons.is_empty() {
        let _ = writeln!(s, "{}", t(l, "cli.report.churn_reasons"));
        for (reason, n) in &r.churn_reasons {
            let _ = writeln!(
                s,
                "  {} {n}  ({})",
                fit_to_width(&choice_label(l, *reason), 28),
                choice_label(l, reason.factor())
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(quarter_of(d(11, 22)), (d(10, 1), d(12, 31)));
        assert_eq!(quarter_of(d(1, 1)), (d(1, 1), d(3, 31)));
        assert_eq!(quarter_of(d(6, 30)), (d(4, 1), d(6, 30)));
    }
}
