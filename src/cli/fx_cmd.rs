//! `radar fx set|list|rm`: the exchange rates kept in the file (issue 16, currencies).

use super::args::{Format, FxAction};
use super::usage;
use super::{CliError, Context, emit, open_store, open_store_for_reading, print_json};
use crate::domain::Currency;
use crate::domain::dates::parse_date;
use crate::domain::money::{FxRate, FxValue};
use crate::i18n::{t, tf};
use crate::settings::Settings;
use crate::store::Store;
use std::fmt::Write;

pub fn run(ctx: &Context, settings: &Settings, action: &FxAction) -> Result<(), CliError> {
    match action {
        FxAction::Set { currency, rate, from, base } => {
            let currency = iso(ctx, "CURRENCY", code(ctx, "CURRENCY", currency)?)?;
            let rate = FxValue::parse(rate).map_err(|e| usage::bad_rate(ctx.lang, &e))?;
            let from = parse_date(from).map_err(|e| usage::bad_date(ctx.lang, "--from", &e))?;
            let mut store = open_store(ctx)?;
            let base = iso(ctx, "--base", base_of(ctx, &store, settings, base.as_deref())?)?;
            let r = FxRate::new(currency, base, from, rate).map_err(|e| usage::bad_rate(ctx.lang, &e))?;
            let replaced = store.set_fx_rate(&r)?;
            let key = if replaced { "cli.fx.replaced" } else { "cli.fx.set" };
            let a = args(&r);
            let vars: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
            emit(&format!("{}\n", tf(ctx.lang, key, &vars)))
        }
        FxAction::Rm { currency, from, base } => {
            let currency = code(ctx, "CURRENCY", currency)?;
            let from = parse_date(from).map_err(|e| usage::bad_date(ctx.lang, "--from", &e))?;
            let mut store = open_store(ctx)?;
            let base = base_of(ctx, &store, settings, base.as_deref())?;
            let day = from.to_string();
            let vars = [("currency", currency.code()), ("base", base.code()), ("from", day.as_str())];
            if !store.remove_fx_rate(currency, base, from)? {
                return Err(CliError::Usage(tf(ctx.lang, "cli.fx.none", &vars)));
            }
            emit(&format!("{}\n", tf(ctx.lang, "cli.fx.removed", &vars)))
        }
        FxAction::List { format } => {
            let store = open_store_for_reading(ctx)?;
            let rates = store.fx_rates()?;
            match format {
                Format::Json => print_json(&rates),
                Format::Text => emit(&list_text(ctx.lang, &rates)),
            }
        }
    }
}

/// A currency as the user names it: a code, or a symbol or name (RMB, ¥, $) as
/// `report --currency` and `[report] currency` take it.
fn code(ctx: &Context, what: &str, s: &str) -> Result<Currency, CliError> {
    Currency::named(s).map_err(|e| usage::bad_currency(ctx.lang, what, &e))
}

/// A rate is only kept for an ISO 4217 currency (`fx rm` takes any code, so a rate kept
/// before this check can still be removed).
fn iso(ctx: &Context, what: &str, c: Currency) -> Result<Currency, CliError> {
    if c.is_iso() {
        return Ok(c);
    }
    Err(CliError::Usage(tf(ctx.lang, "cli.fx.not_iso", &[("what", what), ("code", c.code())])))
}

/// `--base`, else the reporting currency (`[report] currency`, else the most used one).
fn base_of(
    ctx: &Context,
    store: &Store,
    settings: &Settings,
    base: Option<&str>,
) -> Result<Currency, CliError> {
    match base {
        Some(b) => code(ctx, "--base", b),
        None => Ok(store.converter(settings.report_currency)?.target()),
    }
}

fn args(r: &FxRate) -> [(&'static str, String); 4] {
    [
        ("currency", r.currency.code().to_string()),
        ("base", r.base.code().to_string()),
        ("rate", r.rate.to_string()),
        ("from", r.from.to_string()),
    ]
}

fn list_text(l: crate::i18n::Lang, rates: &[FxRate]) -> String {
    if rates.is_empty() {
        return format!("{}\n", t(l, "cli.fx.empty"));
    }
    let mut s = String::new();
    for r in rates {
        let a = args(r);
        let vars: Vec<(&str, &str)> = a.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let _ = writeln!(s, "{}", tf(l, "cli.fx.row", &vars));
    }
    s
}
