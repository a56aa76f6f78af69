//! `radar import KIND FILE [--map ...] [--dry-run]`: plan (check every row), print what
//! would change, then apply in one transaction unless it is a dry run. The database file
//! is created only when something is really imported.

use super::args::ImportKind;
use super::progress::Bar;
use super::{CliError, Context, emit};
use crate::domain::text::clean_line;
use crate::interchange::import::{self, ImportPlan};
use crate::interchange::{ImportError, Kind};
use crate::settings::Settings;
use crate::store::Store;
use std::path::Path;

/// Files from this size get a progress bar (when stderr is a terminal).
const BIG_FILE: u64 = 2 * 1024 * 1024;

pub fn kind(k: ImportKind) -> Kind {
    match k {
        ImportKind::Accounts => Kind::Accounts,
        ImportKind::Contacts => Kind::Contacts,
        ImportKind::Promises => Kind::Promises,
        ImportKind::Requirements => Kind::Requirements,
        ImportKind::Usage => Kind::Usage,
        ImportKind::Touchpoints => Kind::Touchpoints,
        ImportKind::Outcomes => Kind::Outcomes,
        ImportKind::Json => Kind::Json,
    }
}

/// Maps an import failure to an exit code; bad rows are printed one per line first
/// (sanitised: they quote the file).
pub fn fail(e: ImportError) -> CliError {
    if let ImportError::Rows(rows) = &e {
        let mut text = String::new();
        for line in rows.lines() {
            text.push_str("radar: ");
            text.push_str(&clean_line(&line));
            text.push('\n');
        }
        eprint!("{text}");
    }
    if e.is_bad_input() { CliError::Usage(e.to_string()) } else { CliError::Runtime(e.to_string()) }
}

pub fn run(
    ctx: &Context,
    settings: &Settings,
    kind: ImportKind,
    file: &Path,
    map: Option<&str>,
    dry_run: bool,
) -> Result<(), CliError> {
    let kind = self::kind(kind);
    let big = std::fs::metadata(file).is_ok_and(|m| m.len() >= BIG_FILE);
    let mut bar = Bar::new(big);
    let exists = ctx.db_path.exists();
    // Planning against an empty in-memory portfolio gives the same plan as a new file,
    // without creating one for a dry run or a file with bad rows.
    let store = if exists { Store::open(&ctx.db_path)? } else { Store::open_in_memory()? };
    let plan =
        import::plan_with_progress(&store, kind, file, map.unwrap_or(""), ctx.today, &mut |p, d, t| {
            bar.update(p, d, t)
        });
    bar.finish();
    let plan = plan.map_err(fail)?;
    report_notes(ctx, &plan);
    let summary = plan.describe(ctx.lang);
    let first_line = summary.lines().next().unwrap_or_default().to_string();
    if dry_run {
        return emit(&format!("{first_line}\n{}\n", import::dry_run_line(ctx.lang)));
    }
    let mut store = if exists { store } else { Store::open(&ctx.db_path)? };
    let applied = import::apply_with_progress(&mut store, plan, ctx.now, &settings.risk, &mut |p, d, t| {
        bar.update(p, d, t)
    });
    bar.finish();
    let applied = applied.map_err(fail)?;
    emit(&format!("{first_line}\n{}\n", import::done_line(ctx.lang, &applied.counts)))
}

/// Notes (unknown columns, conversions) go to stderr once, before the summary.
fn report_notes(ctx: &Context, plan: &ImportPlan) {
    for n in &plan.notes {
        eprintln!("radar: note: {}", clean_line(&n.describe(ctx.lang)));
    }
}
