//! `radar winback [list|fixed REASON|unfix REASON]`: win-back when the cause is fixed
//! (PLAYBOOK §12). A churn reason marked fixed brings back every account that churned for
//! it on or before that day; `list` shows the reasons marked fixed and today's candidates
//! (the same items the agenda shows as `win_back`).

use super::args::{Format, WinbackAction};
use super::{CliError, Context, emit, open_store, open_store_for_reading, print_json};
use crate::domain::agenda::{AgendaKind, StallLimits};
use crate::domain::dates::parse_date;
use crate::domain::owner::OwnerFilter;
use crate::domain::text::clean_line;
use crate::domain::{Choice, ChurnReason};
use crate::i18n::{agenda_text, choice_label, t, tf};
use crate::scans;
use crate::settings::Settings;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct FixedOut {
    reason: &'static str,
    fixed_on: String,
    note: String,
}

#[derive(Serialize)]
struct CandidateOut {
    external_id: Option<String>,
    account: String,
    since: String,
    churned_on: Option<String>,
    reason: Option<&'static str>,
    /// The requirement the churn named, when it is back because that was delivered.
    requirement: Option<String>,
}

#[derive(Serialize)]
struct ListOut {
    fixed: Vec<FixedOut>,
    candidates: Vec<CandidateOut>,
}

pub fn run(ctx: &Context, settings: &Settings, action: Option<WinbackAction>) -> Result<(), CliError> {
    let l = ctx.lang;
    match action.unwrap_or(WinbackAction::List { format: Format::Text }) {
        WinbackAction::List { format } => list(ctx, settings, format),
        WinbackAction::Fixed { reason, on, note } => {
            let reason = churn_reason(l, &reason)?;
            let on = match on {
                Some(s) => parse_date(&s).map_err(|e| super::usage::bad_date(l, "--on", &e))?,
                None => ctx.now.date(),
            };
            let mut store = open_store(ctx)?;
            store.set_fixed_reason(reason, on, &clean_line(&note))?;
            let args = [("reason", choice_label(l, reason)), ("date", on.to_string())];
            emit(&format!(
                "{}\n",
                tf(l, "cli.winback.fixed", &args.each_ref().map(|(k, v)| (*k, v.as_str())))
            ))
        }
        WinbackAction::Unfix { reason } => {
            let reason = churn_reason(l, &reason)?;
            let mut store = open_store(ctx)?;
            let key =
                if store.unfix_reason(reason)? { "cli.winback.unfixed" } else { "cli.winback.not_fixed" };
            emit(&format!("{}\n", tf(l, key, &[("reason", &choice_label(l, reason))])))
        }
    }
}

fn churn_reason(lang: crate::i18n::Lang, text: &str) -> Result<ChurnReason, CliError> {
    ChurnReason::parse(text).map_err(|e| super::usage::bad_choice::<ChurnReason>(lang, "churn_reason", &e))
}

fn list(ctx: &Context, settings: &Settings, format: Format) -> Result<(), CliError> {
    let l = ctx.lang;
    let store = open_store_for_reading(ctx)?;
    let fixed: Vec<FixedOut> = store
        .fixed_reasons()?
        .into_iter()
        .map(|f| FixedOut {
            reason: f.reason.id(),
            fixed_on: f.fixed_on.to_string(),
            note: clean_line(&f.note),
        })
        .collect();
    let p = &settings.risk.params;
    let stall = StallLimits { p0_days: p.p0_stalled_days.into(), p1_days: p.p1_stalled_days.into() };
    let entries = scans::agenda(&store, ctx.now, 0, stall, &OwnerFilter::all())?;
    let back: Vec<_> = entries.iter().filter(|e| e.item.kind == AgendaKind::WinBack).collect();
    if format == Format::Json {
        let candidates = back
            .iter()
            .map(|e| CandidateOut {
                external_id: e.external_id.as_deref().map(clean_line),
                account: clean_line(&e.name),
                since: e.item.date.to_string(),
                churned_on: e.item.churn.map(|c| c.0.to_string()),
                reason: e.item.churn.map(|c| c.1.id()),
                requirement: (!e.item.text.is_empty()).then(|| clean_line(&e.item.text)),
            })
            .collect();
        return print_json(&ListOut { fixed, candidates });
    }
    let mut s = String::new();
    let _ = writeln!(s, "{}", t(l, "cli.winback.fixed_title"));
    if fixed.is_empty() {
        let _ = writeln!(s, "  {}", t(l, "cli.winback.none_fixed"));
    }
    for f in &fixed {
        let reason =
            ChurnReason::parse(f.reason).map_or_else(|_| f.reason.to_string(), |r| choice_label(l, r));
        let note = if f.note.is_empty() { String::new() } else { format!(" · {}", f.note) };
        let _ = writeln!(s, "  {}  {reason}{note}", f.fixed_on);
    }
    let _ = writeln!(s, "\n{}", tf(l, "cli.winback.candidates_title", &[("n", &back.len().to_string())]));
    for e in &back {
        let x = e.external_id.as_deref().map(clean_line).unwrap_or_else(|| "-".into());
        let _ = writeln!(s, "  {}  {x}  {}  {}", e.item.date, clean_line(&e.name), agenda_text(l, &e.item));
    }
    emit(&s)
}
