//! `radar agenda`: what is due, overdue first.

use super::args::AgendaFormat as Format;
use super::{CliError, Context, emit, open_store_for_reading, owner_or_mine, print_json};
use crate::domain::Choice;
use crate::domain::agenda::{AgendaItem, AgendaKind, StallLimits};
use crate::domain::text::{clean_line, fit_to_width};
use crate::i18n::{Lang, choice_label, t, tf as t_fill};
use crate::interchange::ics::{IcsEvent, calendar, uid};
use crate::scans;
use crate::settings::Settings;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct AgendaOut {
    date: String,
    kind: &'static str,
    status: &'static str,
    external_id: Option<String>,
    account: String,
    title: String,
}

/// The title of an agenda item in the user's language.
pub fn title(lang: Lang, item: &AgendaItem) -> String {
    match (item.kind, item.milestone) {
        (AgendaKind::Milestone, Some(kind)) => choice_label(lang, kind),
        _ => crate::i18n::agenda_text(lang, item),
    }
}

pub fn run(
    ctx: &Context,
    settings: &Settings,
    days: i64,
    owner: Option<&str>,
    format: Format,
    mine: bool,
) -> Result<(), CliError> {
    if !(0..=3650).contains(&days) {
        return Err(CliError::Usage(format!("--days: {days} is not between 0 and 3650")));
    }
    if mine && settings.user.is_none() && ctx.team.is_none() {
        return Err(CliError::Usage(t(ctx.lang, "cli.agenda.no_user")));
    }
    let store = open_store_for_reading(ctx)?;
    let owner = owner_or_mine(&store, settings, (owner, mine), ctx.lang)?;
    let p = &settings.risk.params;
    let stall = StallLimits { p0_days: p.p0_stalled_days.into(), p1_days: p.p1_stalled_days.into() };
    let entries = scans::agenda(&store, ctx.now, days, stall, &owner)?;
    let out: Vec<AgendaOut> = entries
        .iter()
        .map(|e| {
            let i = &e.item;
            AgendaOut {
                date: i.date.format("%Y-%m-%d").to_string(),
                kind: i.kind.id(),
                status: i.status.id(),
                external_id: e.external_id.as_deref().map(clean_line),
                account: clean_line(&e.name),
                title: title(ctx.lang, i),
            }
        })
        .collect();
    match format {
        Format::Json => print_json(&out),
        Format::Ics => emit(&ics(ctx, &entries, &out)),
        Format::Text => {
            let l = ctx.lang;
            let mut text = String::new();
            let mut last_status = None;
            for (row, item) in out.iter().zip(entries.iter().map(|e| &e.item)) {
                if last_status != Some(item.status) {
                    let _ = writeln!(text, "{}", choice_label(l, item.status).to_uppercase());
                    last_status = Some(item.status);
                }
                let _ = writeln!(
                    text,
                    "  {}  {}  {}  {}",
                    row.date,
                    fit_to_width(&choice_label(l, item.kind), 10),
                    fit_to_width(&row.account, 32),
                    row.title
                );
            }
            if out.is_empty() {
                let _ = writeln!(text, "{}", t(l, "cli.agenda.empty"));
            }
            emit(&text)
        }
    }
}

/// The agenda as an iCalendar feed: an overdue item is placed on today (what a calendar
/// shows is what to do now) with the day it fell due in its title; the rest on their day.
fn ics(ctx: &Context, entries: &[scans::AgendaEntry], out: &[AgendaOut]) -> String {
    let l = ctx.lang;
    let events: Vec<IcsEvent> = entries
        .iter()
        .zip(out)
        .map(|(e, row)| {
            let i = &e.item;
            let overdue = i.status == crate::domain::agenda::AgendaStatus::Overdue;
            let mut summary = format!("{} · {}", row.title, row.account);
            if overdue {
                summary = t_fill(l, "cli.agenda.ics_overdue", &[("date", &row.date), ("what", &summary)]);
            }
            let account_key = e.external_id.clone().unwrap_or_else(|| format!("account-{}", i.account_id.0));
            let description = [
                format!("{}: {}", choice_label(l, i.kind), row.title),
                format!("{}: {}", t(l, "cli.agenda.ics_account"), row.account),
                format!("{}: {}", t(l, "cli.agenda.ics_owner"), clean_line(&e.owner)),
                format!("{}: {} ({})", t(l, "cli.agenda.ics_due"), row.date, choice_label(l, i.status)),
            ]
            .join("\n");
            IcsEvent {
                uid: uid(i.kind.id(), i.item_id, &account_key),
                date: if overdue { ctx.today } else { i.date },
                summary,
                description,
                category: choice_label(l, i.kind),
            }
        })
        .collect();
    calendar(&t(l, "cli.agenda.ics_name"), &events, ctx.now)
}
