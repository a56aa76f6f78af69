//! `radar agenda`: what is due, overdue first.

use super::args::AgendaFormat as Format;
use super::{CliError, Context, emit, open_store_for_reading, owner_or_mine, print_json};
use crate::domain::agenda::{AgendaItem, AgendaKind, StallLimits};
use crate::domain::text::{clean_line, fit_to_width};
use crate::domain::{AccountId, Choice, MilestoneKind};
use crate::i18n::{Lang, choice_label, t, tf as t_fill};
use crate::interchange::ics::{IcsEvent, calendar, uid};
use crate::scans;
use crate::settings::Settings;
use serde::Serialize;
use std::collections::HashMap;
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
        return Err(super::usage::usage(ctx.lang, "days", &[("days", &days.to_string())]));
    }
    if mine && settings.user.is_none() && ctx.team.is_none() {
        return Err(CliError::Usage(t(ctx.lang, "cli.agenda.no_user")));
    }
    let store = open_store_for_reading(ctx)?;
    let owner = owner_or_mine(&store, settings, (owner, mine), ctx.lang)?;
    let p = &settings.risk.params;
    let stall = StallLimits { p0_days: p.p0_stalled_days.into(), p1_days: p.p1_stalled_days.into() };
    let entries = scans::agenda(&store, ctx.now, days, stall, &owner)?;
    match format {
        Format::Json => print_json(&rows(ctx.lang, &entries)),
        Format::Ics => emit(&ics(ctx, &entries, &rows(ctx.lang, &entries))),
        Format::Text => emit(&text(ctx.lang, &entries)),
    }
}

/// Each item as the JSON and the calendar feed show it.
fn rows(lang: Lang, entries: &[scans::AgendaEntry]) -> Vec<AgendaOut> {
    entries
        .iter()
        .map(|e| {
            let i = &e.item;
            AgendaOut {
                date: i.date.format("%Y-%m-%d").to_string(),
                kind: i.kind.id(),
                status: i.status.id(),
                external_id: e.external_id.as_deref().map(clean_line),
                account: clean_line(&e.name),
                title: title(lang, i),
            }
        })
        .collect()
}

/// The text listing: a heading per status, then one line per item (date, kind, account,
/// title). Written into one buffer, sent by one write; a 100k book's week is ~160k lines,
/// so what is the same on many lines (a kind's padded label, a milestone's title, an
/// account's fitted name) is made once, not once per line.
fn text(l: Lang, entries: &[scans::AgendaEntry]) -> String {
    let mut text = String::with_capacity(entries.len() * 96);
    let mut kinds: HashMap<AgendaKind, String> = HashMap::new();
    let mut milestones: HashMap<MilestoneKind, String> = HashMap::new();
    let mut accounts: HashMap<AccountId, String> = HashMap::new();
    let mut last_status = None;
    for e in entries {
        let i = &e.item;
        if last_status != Some(i.status) {
            text.push_str(&choice_label(l, i.status).to_uppercase());
            text.push('\n');
            last_status = Some(i.status);
        }
        text.push_str("  ");
        push_date(&mut text, i.date);
        text.push_str("  ");
        text.push_str(kinds.entry(i.kind).or_insert_with(|| fit_to_width(&choice_label(l, i.kind), 11)));
        text.push_str("  ");
        text.push_str(accounts.entry(i.account_id).or_insert_with(|| fit_to_width(&clean_line(&e.name), 32)));
        text.push_str("  ");
        match (i.kind, i.milestone) {
            (AgendaKind::Milestone, Some(k)) => {
                text.push_str(milestones.entry(k).or_insert_with(|| choice_label(l, k)));
            }
            _ => text.push_str(&crate::i18n::agenda_text(l, i)),
        }
        text.push('\n');
    }
    if entries.is_empty() {
        text.push_str(&t(l, "cli.agenda.empty"));
        text.push('\n');
    }
    text
}

/// `date` as `YYYY-MM-DD` (what `%Y-%m-%d` writes, without parsing the pattern per line).
fn push_date(text: &mut String, date: chrono::NaiveDate) {
    use chrono::Datelike;
    if (0..=9999).contains(&date.year()) {
        let _ = write!(text, "{:04}-{:02}-{:02}", date.year(), date.month(), date.day());
    } else {
        let _ = write!(text, "{}", date.format("%Y-%m-%d"));
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
                uid: uid(i.kind.id(), i.stands_for.unwrap_or(i.item_id), &account_key),
                date: if overdue { ctx.today } else { i.date },
                summary,
                description,
                category: choice_label(l, i.kind),
            }
        })
        .collect();
    calendar(&t(l, "cli.agenda.ics_name"), &events, ctx.now)
}
