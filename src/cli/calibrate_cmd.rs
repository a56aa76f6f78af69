//! `radar calibrate`: how well the risk score predicted churn on this book (issue 16,
//! PLAYBOOK §10), and the weights the outcomes argue for, printed or written to a file
//! for the user to review. Nothing is applied.

use super::args::Format;
use super::{CliError, Context, emit, open_store_for_reading, owner_filter, print_json};
use crate::domain::Choice;
use crate::domain::calibrate::{self, Calibration, MIN_OUTCOMES, Suggestion, Why, times};
use crate::domain::metrics::Rate;
use crate::domain::text::fit_to_width;
use crate::i18n::{Lang, choice_label, t, tf};
use crate::settings::Settings;
use std::fmt::Write;
use std::path::Path;

#[path = "calibrate_out.rs"]
mod out;

pub struct Options<'a> {
    pub at: u32,
    pub owner: Option<&'a str>,
    pub format: Format,
    pub write_suggestion: Option<&'a Path>,
}

pub fn run(ctx: &Context, settings: &Settings, o: &Options<'_>) -> Result<(), CliError> {
    if !calibrate::LEADS.contains(&o.at) {
        return Err(CliError::Usage(tf(ctx.lang, "cli.calibrate.bad_at", &[("at", &o.at.to_string())])));
    }
    // Refused before any work: an existing file is never overwritten.
    if let Some(path) = o.write_suggestion
        && path.exists()
    {
        return Err(CliError::Usage(tf(
            ctx.lang,
            "cli.calibrate.exists",
            &[("path", &path.display().to_string())],
        )));
    }
    let store = open_store_for_reading(ctx)?;
    let owner = owner_filter(&store, o.owner, ctx.lang)?;
    let cfg = &settings.risk;
    let c = crate::calibration::calibrate(&store, o.at, cfg, &owner)?;
    let suggestions = calibrate::suggest(&c, cfg);
    if let Some(path) = o.write_suggestion {
        let text = snippet(ctx.lang, &c, &suggestions, ctx.today);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| CliError::Runtime(format!("{}: {e}", path.display())))?;
    }
    match o.format {
        Format::Json => print_json(&out::json(&c, &suggestions)),
        Format::Text => {
            let mut s = render_text(ctx.lang, &c, &suggestions);
            if let Some(path) = o.write_suggestion {
                let _ = writeln!(
                    s,
                    "{}",
                    tf(ctx.lang, "cli.calibrate.written", &[("path", &path.display().to_string())])
                );
            }
            emit(&s)
        }
    }
}

/// Below this many churns (or renewals) every rate rests on a handful of accounts.
const FEW: u32 = 10;

fn pct(r: Option<Rate>) -> String {
    r.map_or_else(|| "-".to_string(), |r| r.to_string())
}

/// "8 of 14 (57.1%)"
fn of(l: Lang, n: u32, d: u32) -> String {
    tf(
        l,
        "cli.calibrate.of",
        &[("n", &n.to_string()), ("d", &d.to_string()), ("pct", &pct(Rate::new(n.into(), d.into())))],
    )
}

/// The report as aligned text.
pub fn render_text(l: Lang, c: &Calibration, suggestions: &[Suggestion]) -> String {
    let at = c.lead_days.to_string();
    let mut s = String::new();
    let _ = writeln!(s, "{}", tf(l, "cli.calibrate.title", &[("at", &at)]));
    let _ = writeln!(
        s,
        "  {}",
        tf(
            l,
            "cli.calibrate.outcomes",
            &[("n", &c.outcomes.to_string()), ("churned", &of(l, c.churned, c.outcomes))]
        )
    );
    if c.skipped.decided_early + c.skipped.too_short > 0 {
        let _ = writeln!(
            s,
            "  {}",
            tf(
                l,
                "cli.calibrate.skipped",
                &[
                    ("early", &c.skipped.decided_early.to_string()),
                    ("short", &c.skipped.too_short.to_string()),
                    ("at", &at)
                ]
            )
        );
    }
    if !c.enough() {
        let _ = writeln!(
            s,
            "  {}",
            tf(
                l,
                "cli.calibrate.too_few",
                &[("n", &c.outcomes.to_string()), ("min", &MIN_OUTCOMES.to_string())]
            )
        );
    }
    let renewed = c.outcomes - c.churned;
    if c.enough() && c.churned.min(renewed) < FEW {
        let _ = writeln!(
            s,
            "  {}",
            tf(
                l,
                "cli.calibrate.few_churns",
                &[("churned", &c.churned.to_string()), ("renewed", &renewed.to_string())]
            )
        );
    }
    let auc = c.auc.map_or_else(|| t(l, "cli.calibrate.no_auc"), |a| a.to_string());
    let _ = writeln!(s, "  {} {auc}", fit_to_width(&t(l, "cli.calibrate.auc"), 28));
    let _ = writeln!(s, "  {}", t(l, "cli.calibrate.auc_help"));
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", tf(l, "cli.calibrate.bands_head", &[("at", &at)]));
    for b in &c.bands {
        let _ =
            writeln!(s, "  {} {}", fit_to_width(&choice_label(l, b.band), 14), of(l, b.churned, b.outcomes));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", tf(l, "cli.calibrate.rules_head", &[("at", &at)]));
    let head = [("rule", 26), ("fired", 22), ("not_fired", 22), ("lift", 8)];
    let mut line = String::from("  ");
    for (key, w) in head {
        line.push_str(&fit_to_width(&t(l, &format!("cli.calibrate.col_{key}")), w));
        line.push(' ');
    }
    let _ = writeln!(s, "{}", line.trim_end());
    for r in c.rules.iter().filter(|r| r.fired > 0) {
        let lift = r.lift().map_or_else(|| "-".to_string(), times);
        let _ = writeln!(
            s,
            "  {} {} {} {lift}",
            fit_to_width(&choice_label(l, r.rule), 26),
            fit_to_width(&of(l, r.fired_churned, r.fired), 22),
            fit_to_width(&of(l, r.not_fired_churned, r.not_fired), 22),
        );
    }
    let silent: Vec<String> =
        c.rules.iter().filter(|r| r.fired == 0).map(|r| r.rule.id().to_string()).collect();
    if !silent.is_empty() {
        let _ = writeln!(s, "  {}", tf(l, "cli.calibrate.never_fired", &[("rules", &silent.join(", "))]));
    }
    let _ = writeln!(s);
    if !c.enough() {
        let _ = writeln!(s, "{}", t(l, "cli.calibrate.no_suggestion_few"));
    } else if suggestions.is_empty() {
        let _ = writeln!(s, "{}", t(l, "cli.calibrate.no_suggestion"));
    } else {
        let _ = writeln!(s, "{}", t(l, "cli.calibrate.suggest_head"));
        for x in suggestions {
            let _ = writeln!(s, "  radar config set risk.points.{} {}   # {}", x.rule.id(), x.to, why(l, x));
        }
    }
    s
}

/// Why one weight should change, in a line.
pub fn why(l: Lang, x: &Suggestion) -> String {
    let from_to = [("from", x.from.to_string()), ("to", x.to.to_string())];
    let (key, mut args): (&str, Vec<(&str, String)>) = match x.why {
        Why::Predicts(r) | Why::DoesNotPredict(r) => (
            if matches!(x.why, Why::Predicts(_)) {
                "cli.calibrate.why_predicts"
            } else {
                "cli.calibrate.why_not"
            },
            vec![
                ("fired", of(l, r.fired_churned, r.fired)),
                ("not", of(l, r.not_fired_churned, r.not_fired)),
            ],
        ),
        Why::KeepsAbove(other) => ("cli.calibrate.why_keeps", vec![("other", other.id().to_string())]),
    };
    args.extend(from_to);
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    tf(l, key, &args)
}

/// The config snippet `--write-suggestion` writes: a `[risk.points]` table of the changed
/// rules, each with why, under a header saying where it came from and how to apply it.
pub fn snippet(l: Lang, c: &Calibration, suggestions: &[Suggestion], today: chrono::NaiveDate) -> String {
    let mut s = String::new();
    let auc = c.auc.map_or_else(|| "-".to_string(), |a| a.to_string());
    let head = tf(
        l,
        "cli.calibrate.snippet_head",
        &[
            ("at", &c.lead_days.to_string()),
            ("date", &today.to_string()),
            ("n", &c.outcomes.to_string()),
            ("auc", &auc),
        ],
    );
    for line in head.lines() {
        let _ = writeln!(s, "# {line}");
    }
    if suggestions.is_empty() {
        let key = if c.enough() { "cli.calibrate.no_suggestion" } else { "cli.calibrate.no_suggestion_few" };
        let _ = writeln!(s, "# {}", t(l, key));
    }
    let _ = writeln!(s, "[risk.points]");
    for x in suggestions {
        let _ = writeln!(s, "# {}", why(l, x).replace('\n', " "));
        let _ = writeln!(s, "{} = {}", x.rule.id(), x.to);
    }
    s
}
