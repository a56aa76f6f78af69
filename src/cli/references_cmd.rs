//! `radar references [--format text|json] [--flagged]`: the reference-account candidates
//! (标杆案例) by the `[reference]` rule, each with the figures that make it one and its
//! stage if the CSM has already made it a reference; `--flagged`: the references themselves.

use super::args::Format;
use super::{CliError, Context, emit, open_store_for_reading, print_json};
use crate::domain::Choice;
use crate::domain::reference::Check;
use crate::domain::text::clean_line;
use crate::i18n::{choice_label, t, tf};
use crate::scans;
use crate::settings::Settings;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize, Default)]
struct CandidateOut {
    external_id: Option<String>,
    name: String,
    features_used: u32,
    features_total: u32,
    customer_since: String,
    months: u32,
    users_before: u32,
    users_after: u32,
    growth_pct: i64,
    band: &'static str,
    /// Meets the rule (a reference the CSM chose may not).
    candidate: bool,
    /// Its stage as a reference account, if it is one, and since when.
    reference_stage: Option<&'static str>,
    reference_since: Option<String>,
}

pub fn run(ctx: &Context, settings: &Settings, format: Format, flagged: bool) -> Result<(), CliError> {
    let store = open_store_for_reading(ctx)?;
    let rule = &settings.reference;
    let rows = scans::references(&store, ctx.now, &settings.risk, rule)?;
    let out: Vec<CandidateOut> = rows
        .iter()
        .filter(|e| if flagged { e.stage.is_some() } else { e.verdict.is_candidate() })
        .map(|e| {
            let mut o = CandidateOut {
                external_id: e.external_id.as_deref().map(clean_line),
                name: clean_line(&e.name),
                candidate: e.verdict.is_candidate(),
                reference_stage: e.stage.map(|s| s.id()),
                reference_since: e.since.map(|d| d.to_string()),
                ..CandidateOut::default()
            };
            for (check, _) in &e.verdict.checks {
                match *check {
                    Check::Modules { used_total } => {
                        (o.features_used, o.features_total) = used_total.unwrap_or_default();
                    }
                    Check::Tenure { since, months } => {
                        (o.customer_since, o.months) = (since.to_string(), months)
                    }
                    Check::Growth { users, pct } => {
                        (o.users_before, o.users_after) = users.unwrap_or_default();
                        o.growth_pct = pct.unwrap_or_default();
                    }
                    Check::Health { band } => o.band = band.map_or("", |b| b.id()),
                }
            }
            o
        })
        .collect();
    if format == Format::Json {
        return print_json(&out);
    }
    let l = ctx.lang;
    let band = choice_label(l, rule.max_band);
    let title = if flagged { "cli.references.flagged_title" } else { "cli.references.title" };
    let mut text = tf(
        l,
        title,
        &[
            ("n", &out.len().to_string()),
            ("breadth", &rule.min_breadth_pct.to_string()),
            ("months", &rule.min_months.to_string()),
            ("growth", &rule.min_growth_pct.to_string()),
            ("band", &band),
        ],
    );
    text.push('\n');
    if out.is_empty() {
        let empty = if flagged { "cli.references.flagged_empty" } else { "cli.references.empty" };
        let _ = writeln!(text, "{}", t(l, empty));
    }
    for o in &out {
        let _ = writeln!(text, "\n{}  {}", o.external_id.as_deref().unwrap_or("-"), o.name);
        if let Some(stage) = o.reference_stage.and_then(|s| crate::domain::ReferenceStage::parse(s).ok()) {
            let since = o.reference_since.as_deref().unwrap_or("-");
            let stage = choice_label(l, stage);
            let _ = writeln!(
                text,
                "    {}",
                tf(l, "cli.references.stage", &[("stage", &stage), ("since", since)])
            );
        }
        if flagged && !o.candidate {
            let _ = writeln!(text, "    {}", t(l, "cli.references.not_candidate"));
        }
        let band = crate::domain::risk::Band::parse(o.band).map_or("-".into(), |b| choice_label(l, b));
        let _ = writeln!(
            text,
            "    {}",
            tf(
                l,
                "cli.references.why",
                &[
                    ("used", &o.features_used.to_string()),
                    ("total", &o.features_total.to_string()),
                    ("months", &o.months.to_string()),
                    ("since", &o.customer_since),
                    ("before", &o.users_before.to_string()),
                    ("after", &o.users_after.to_string()),
                    ("growth", &format!("{:+}", o.growth_pct)),
                    ("band", &band),
                ]
            )
        );
    }
    emit(&text)
}
