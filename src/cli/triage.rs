//! `radar triage`: accounts by priority, with every reason and its next action.

use super::args::Format;
use super::cache_gate::{self, Answer};
use super::usage;
use super::{CliError, Context, emit, open_store_for_reading, owner_or_mine, print_json};
use crate::cached_scans;
use crate::domain::Choice;
use crate::domain::risk;
use crate::domain::text::{clean_line, fit_to_width};
use crate::i18n::{choice_label, t, tf};
use crate::scans;
use crate::settings::Settings;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct ReasonOut {
    rule: &'static str,
    points: u32,
    detail: String,
    action: String,
}

/// A data gap (issue 16: unknown is not risk); `scored` when it counts in `score`.
#[derive(Serialize)]
struct GapOut {
    gap: &'static str,
    scored: bool,
    detail: String,
    action: String,
}

#[derive(Serialize)]
struct TriageOut {
    external_id: Option<String>,
    name: String,
    score: u32,
    band: &'static str,
    priority: i64,
    /// The ARR as stored, in its own currency.
    arr: crate::domain::Money,
    /// The ARR in the reporting currency the priority weighs it in; null when it has no
    /// exchange rate (then weighed in its own currency).
    arr_converted: Option<crate::domain::Money>,
    /// The CSM's call (`forecast`'s id), null when none is recorded.
    forecast: Option<&'static str>,
    /// The call and the score's band are two or more steps apart (as the dashboard says).
    call_disagrees: bool,
    /// False for an account without a contract term: not scored for renewal (its band
    /// is then no verdict; the text says "no contract").
    has_contract: bool,
    reasons: Vec<ReasonOut>,
    gaps: Vec<GapOut>,
    /// [facts known, facts checked]: the data completeness figure.
    completeness: [u32; 2],
    /// Only with `--no-recompute` when the cached scores are not current: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    stale: Option<String>,
}

/// What `radar triage` was asked for.
pub struct Options<'a> {
    pub limit: Option<usize>,
    pub currency: Option<&'a str>,
    /// Answer from stale cached scores rather than recompute them (labelled stale).
    pub no_recompute: bool,
}

/// Up to this many rows are read from the cached order, loading only those accounts;
/// longer lists stream the whole portfolio (each account loaded alone costs ~4x its share
/// of one streamed pass).
const FROM_CACHE_UP_TO: usize = 2_000;

pub fn run(
    ctx: &Context,
    settings: &Settings,
    o: &Options<'_>,
    // --owner NAME, --mine.
    owner: (Option<&str>, bool),
    format: Format,
) -> Result<(), CliError> {
    let mut cfg = settings.risk.clone();
    if let Some(c) = o.currency {
        cfg.report_currency = Some(
            crate::domain::Currency::parse_iso(c)
                .map_err(|e| usage::bad_currency(ctx.lang, "--currency", &e))?,
        );
    }
    // The cache is scored with the settings' currency: another one is weighed now, from
    // the facts, and the cache is left as the dashboard keeps it.
    let other_currency = cfg.report_currency != settings.risk.report_currency;
    let (store, answer) = if other_currency {
        (open_store_for_reading(ctx)?, Answer::Computed)
    } else {
        cache_gate::open_current(ctx, &cfg, o.no_recompute)?
    };
    let owner = owner_or_mine(&store, settings, owner, ctx.lang)?;
    let limit = o.limit.unwrap_or(usize::MAX);
    // Once: without a configured currency it is the book's main one, a count over every
    // account (5-8 ms at 100k, a third of a cached `triage --limit 20`).
    let fx = store.converter(cfg.report_currency)?;
    let mut rows = match &answer {
        Answer::Cached if limit > FROM_CACHE_UP_TO => scans::triage(&store, ctx.now, &cfg, &owner, &fx)?,
        Answer::Cached | Answer::Stale(_) => cached_scans::triage(&store, ctx.now, &cfg, &owner, limit, &fx)?,
        Answer::Computed => scans::triage(&store, ctx.now, &cfg, &owner, &fx)?,
    };
    let stale = match &answer {
        Answer::Stale(why) => Some(why.clone()),
        _ => None,
    };
    let target = fx.target();
    rows.truncate(limit);
    let out: Vec<TriageOut> = rows
        .iter()
        .map(|e| {
            let a = &e.assessment;
            TriageOut {
                external_id: e.external_id.as_deref().map(clean_line),
                name: clean_line(&e.name),
                score: a.score,
                band: a.band.id(),
                priority: e.priority,
                arr: e.arr,
                arr_converted: e.arr_converted,
                forecast: e.forecast.map(|f| f.id()),
                call_disagrees: risk::call_disagrees(e.forecast, a.band),
                has_contract: e.has_contract,
                reasons: a
                    .reasons
                    .iter()
                    .map(|r| {
                        let (detail, action) = risk::render_reason(ctx.lang, r);
                        ReasonOut {
                            rule: r.rule.id(),
                            points: r.points,
                            detail: clean_line(&detail),
                            action: clean_line(&action),
                        }
                    })
                    .collect(),
                gaps: a
                    .gaps
                    .iter()
                    .map(|g| {
                        let (detail, action) = risk::render_gap(ctx.lang, g);
                        GapOut {
                            gap: g.kind.id(),
                            scored: g.scored,
                            detail: clean_line(&detail),
                            action: clean_line(&action),
                        }
                    })
                    .collect(),
                completeness: a.completeness().into(),
                stale: stale.clone(),
            }
        })
        .collect();
    match format {
        Format::Json => print_json(&out),
        Format::Text => {
            let l = ctx.lang;
            let mut text = String::new();
            if let Some(why) = &stale {
                let _ = writeln!(text, "{}", tf(l, "cli.cache.label", &[("why", why)]));
            }
            // As wide as the longest call in the language (or the heading).
            let call_w = crate::domain::Forecast::ALL
                .iter()
                .map(|f| crate::domain::text::width(&choice_label(l, *f)))
                .chain([crate::domain::text::width(&t(l, "cli.triage.call"))])
                .max()
                .unwrap_or(10);
            // At least 10 wide, and as wide as "no contract" in the language.
            let band_w = [t(l, "cli.triage.band"), t(l, "cli.triage.no_contract")]
                .iter()
                .map(|s| crate::domain::text::width(s))
                .fold(10, usize::max);
            let _ = writeln!(
                text,
                "{} {} {} {} {}",
                fit_to_width(&t(l, "cli.triage.priority"), 9),
                fit_to_width(&t(l, "cli.triage.score"), 6),
                fit_to_width(&t(l, "cli.triage.band"), band_w),
                fit_to_width(&t(l, "cli.triage.call"), call_w),
                t(l, "cli.triage.account")
            );
            for (row, e) in out.iter().zip(&rows) {
                let call = e.forecast.map_or_else(|| "—".to_string(), |f| choice_label(l, f));
                let band = match row.has_contract {
                    true => choice_label(l, e.assessment.band),
                    false => t(l, "cli.triage.no_contract"),
                };
                let _ = writeln!(
                    text,
                    "{} {} {} {} {}",
                    fit_to_width(&row.priority.to_string(), 9),
                    fit_to_width(&row.score.to_string(), 6),
                    fit_to_width(&band, band_w),
                    fit_to_width(&call, call_w),
                    row.name
                );
                if row.call_disagrees {
                    let _ = writeln!(text, "          ≠    {}", t(l, "cli.triage.disagrees"));
                }
                for r in &row.reasons {
                    let _ = writeln!(text, "          +{:<3} {}  → {}", r.points, r.detail, r.action);
                }
                // Gaps after the reasons, marked "?" so they never read as points.
                for g in row.gaps.iter().filter(|g| !g.scored) {
                    let _ = writeln!(text, "          ?    {}  → {}", g.detail, g.action);
                }
            }
            if out.is_empty() {
                let _ = writeln!(text, "{}", t(l, "cli.triage.empty"));
            }
            // ARR without a rate is weighed as it is, and said so: per currency, how many
            // accounts. One with no rate into the target at all counts the whole book when
            // the list is everyone's: the rows printed may show none of it while all of its
            // accounts rank as if their amounts were the target's (CSM trial, session 27: 30
            // rows, all CNY, and 4,873 USD accounts unweighed, unsaid). Else those printed.
            let mut missing: std::collections::BTreeMap<String, u64> = Default::default();
            for r in out.iter().filter(|r| r.arr_converted.is_none()) {
                *missing.entry(r.arr.currency.code().to_string()).or_default() += 1;
            }
            if owner.is_all() {
                for (c, n) in store.currency_counts()? {
                    if fx.never_converts(c) {
                        missing.insert(c.code().to_string(), n);
                    }
                }
            }
            for (c, n) in missing {
                let vars =
                    [("n", n.to_string()), ("currency", c.to_string()), ("target", target.to_string())];
                let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let _ = writeln!(text, "{}", tf(l, "cli.triage.no_fx", &vars));
            }
            emit(&text)
        }
    }
}
