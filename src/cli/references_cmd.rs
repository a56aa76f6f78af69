//! `radar references [--format text|json]`: the reference-account candidates (标杆案例) by
//! the `[reference]` rule, each with the figures that make it one.

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
}

pub fn run(ctx: &Context, settings: &Settings, format: Format) -> Result<(), CliError> {
    let store = open_store_for_reading(ctx)?;
    let rule = &settings.reference;
    let rows = scans::references(&store, ctx.now, &settings.risk, rule)?;
    let out: Vec<CandidateOut> = rows
        .iter()
        .map(|e| {
            let mut o = CandidateOut {
                external_id: e.external_id.as_deref().map(clean_line),
                name: clean_line(&e.name),
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
    let mut text = tf(
        l,
        "cli.references.title",
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
        let _ = writeln!(text, "{}", t(l, "cli.references.empty"));
    }
    for o in &out {
        let _ = writeln!(text, "\n{}  {}", o.external_id.as_deref().unwrap_or("-"), o.name);
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
