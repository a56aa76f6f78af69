//! The headless commands, and the shared context (database path, date, language).

mod agenda_cmd;
pub mod args;
pub mod backup_cmd;
mod cache_gate;
pub mod calibrate_cmd;
pub mod clap_errors;
mod completions_cmd;
mod config_cmd;
mod config_keys;
mod config_set;
mod context;
mod demo_cmd;
mod doctor;
mod export_cmd;
mod fx_cmd;
mod handover_cmd;
mod import_cmd;
mod import_mappings_cmd;
mod interrupt;
mod man_cmd;
mod progress;
mod references_cmd;
pub mod report_cmd;
mod review_cmd;
mod search_cmd;
mod team_cmd;
mod torture_cmd;
mod triage;
mod usage;
mod winback_cmd;

pub use args::Cli;
pub use context::Context;

use crate::settings;
use crate::store::{Store, StoreError};

/// A failure with the exit code DESIGN.md promises: 1 runtime, 2 bad usage or input.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Runtime(String),
    /// A database failure whose message does not name the file yet.
    #[error("{0}")]
    Store(String),
    /// A report (`radar doctor`) already printed, whose findings give this exit code.
    #[error("")]
    Findings(i32),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Runtime(_) | CliError::Store(_) => 1,
            CliError::Findings(code) => *code,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        match e {
            // The file given is the wrong kind of input.
            StoreError::NotRadar { .. }
            | StoreError::NewerSchema { .. }
            | StoreError::IsFolder { .. }
            | StoreError::CannotRestore { .. } => CliError::Usage(e.to_string()),
            // Named with the database path by `run`, which knows it.
            other if other.lacks_path() => CliError::Store(other.to_string()),
            other => CliError::Runtime(other.to_string()),
        }
    }
}

impl From<crate::tui::TuiError> for CliError {
    fn from(e: crate::tui::TuiError) -> CliError {
        use crate::tui::TuiError;
        match e {
            TuiError::Store(e) => e.into(),
            TuiError::Config(m) => CliError::Usage(m),
            TuiError::Terminal(m) => CliError::Runtime(m),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    // Commands about Radar itself: they work whatever the settings file or database hold.
    match &cli.command {
        Some(args::Command::Completions { shell }) => return completions_cmd::print(*shell),
        Some(args::Command::Man) => return man_cmd::print(),
        Some(args::Command::Config { action }) => return config_cmd::run(&cli.global, cli.demo, action),
        Some(args::Command::Doctor { format }) => {
            let code = doctor::run(&cli.global, cli.demo, *format)?;
            return if code == 0 { Ok(()) } else { Err(CliError::Findings(code)) };
        }
        Some(args::Command::CompleteAccounts { prefix }) => {
            completions_cmd::accounts(&cli.global, prefix);
            return Ok(());
        }
        _ => {}
    }
    let mut ctx = Context::from_cli(&cli.global, cli.demo)?;
    let settings = settings::load().map_err(|e| CliError::Usage(e.to_string()))?;
    let team = team_cmd::target(&cli.global, settings.team_url.as_deref())?;
    if team.is_some() {
        match &cli.command {
            Some(args::Command::Backup { .. } | args::Command::Restore { .. }) => {
                return Err(CliError::Usage(crate::i18n::tf(ctx.lang, "cli.team.no_backup", &[])));
            }
            // A new local file: solo only. (torture-edits runs in team mode too: the
            // concurrency test drives 20 of them as 5 logins, the benchmarks time commits.)
            Some(other @ args::Command::Demo { .. }) => {
                let name = format!("{other:?}");
                let name = name.split([' ', '{', '(']).next().unwrap_or_default().to_lowercase();
                return Err(team_cmd::not_yet(ctx.lang, &name));
            }
            _ if cli.demo => return Err(team_cmd::not_yet(ctx.lang, "--demo")),
            _ => {}
        }
        ctx.team = team.clone();
    }
    // A folder as the portfolio, for every command and the dashboard alike, in the
    // user's language (the store says it in English where no command checked first).
    if ctx.team.is_none() && ctx.db_path.is_dir() {
        let path = ctx.db_path.display().to_string();
        return Err(usage::usage(ctx.lang, "db_is_dir", &[("path", &path)]));
    }
    let result = match cli.command {
        Some(args::Command::Team { action }) => team_cmd::run(&ctx, team, &action),
        Some(args::Command::Demo { accounts, seed, force }) => demo_cmd::run(&ctx, accounts, seed, force),
        Some(args::Command::Import { kind, file, flags, list_mappings, forget_mapping }) => {
            match (kind, file, forget_mapping) {
                _ if list_mappings => import_mappings_cmd::list(&ctx),
                (_, _, Some(id)) => import_mappings_cmd::forget(&ctx, id),
                (Some(kind), Some(file), None) => import_cmd::run(&ctx, &settings, kind, &file, &flags),
                // clap requires both unless one of the flags above is given.
                _ => Err(CliError::Usage("radar import KIND FILE".into())),
            }
        }
        Some(args::Command::Export { format, out, owner, mine }) => {
            export_cmd::run(&ctx, &settings, format, out.as_deref(), (owner.as_deref(), mine))
        }
        Some(args::Command::Handover { account, stage }) => {
            handover_cmd::run(&ctx, &settings, &account, stage.as_deref())
        }
        Some(args::Command::Report { from, to, currency, owner, mine, by, format, no_recompute }) => {
            let opts = report_cmd::Options {
                from: from.as_deref(),
                to: to.as_deref(),
                currency: currency.as_deref(),
                owner: owner.as_deref(),
                mine,
                by_owner: by == Some(args::ReportBy::Owner),
                no_recompute,
            };
            report_cmd::run(&ctx, &settings, &opts, format)
        }
        Some(args::Command::Triage { limit, currency, owner, mine, format, no_recompute }) => {
            let limit = limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
            let opts = triage::Options { limit, currency: currency.as_deref(), no_recompute };
            triage::run(&ctx, &settings, &opts, (owner.as_deref(), mine), format)
        }
        Some(args::Command::Agenda { days, owner, format, mine }) => {
            agenda_cmd::run(&ctx, &settings, days, owner.as_deref(), format, mine)
        }
        Some(args::Command::Calibrate { at, owner, format, write_suggestion }) => {
            let opts = calibrate_cmd::Options {
                at,
                owner: owner.as_deref(),
                format,
                write_suggestion: write_suggestion.as_deref(),
            };
            calibrate_cmd::run(&ctx, &settings, &opts)
        }
        Some(args::Command::References { format, flagged }) => {
            references_cmd::run(&ctx, &settings, format, flagged)
        }
        Some(args::Command::Fx { action }) => fx_cmd::run(&ctx, &settings, &action),
        Some(args::Command::Search { text, limit, format, reindex }) => {
            search_cmd::run(&ctx, &text, usize::from(limit), format, reindex)
        }
        Some(args::Command::Review { account, from, to, kind, out }) => {
            review_cmd::run(&ctx, &account, from.as_deref(), to.as_deref(), &kind, out.as_deref())
        }
        Some(args::Command::Winback { action }) => winback_cmd::run(&ctx, &settings, action),
        Some(args::Command::Backup { out }) => backup_cmd::backup(&ctx, &settings, out.as_deref()),
        Some(args::Command::Restore { file, yes }) => backup_cmd::restore(&ctx, &file, yes),
        Some(args::Command::TortureEdits { count, seconds, tag }) => {
            torture_cmd::run(&ctx, &settings, count, seconds, &tag)
        }
        // Carried out above, before the settings are read.
        Some(
            args::Command::Config { .. }
            | args::Command::Completions { .. }
            | args::Command::Man
            | args::Command::Doctor { .. }
            | args::Command::CompleteAccounts { .. },
        ) => Ok(()),
        None => {
            if cli.demo {
                // No demo file is made for a dashboard that cannot open.
                crate::tui::require_terminal(ctx.lang)?;
                demo_cmd::ensure_demo(&ctx)?;
            }
            // Today's backup is taken once the list is on screen (a 100k file takes about
            // a second to copy); the startup benchmark measures the dashboard alone.
            // A team server is backed up by its admin (`pg_dump`), not by each dashboard.
            let backup = (!cli.exit_after_first_frame && ctx.team.is_none()).then(|| {
                let (db, today, keep, lang) =
                    (ctx.db_path.clone(), ctx.today, settings.backup_keep, ctx.lang);
                Box::new(move || backup_cmd::daily(&db, today, keep, lang)) as crate::tui::Background
            });
            crate::tui::run(&ctx, cli.global.today.is_some(), cli.exit_after_first_frame, backup)
                .map_err(CliError::from)
        }
    };
    result.map_err(|e| match e {
        CliError::Store(m) => CliError::Store(format!("{}: {m}", ctx.db_path.display())),
        other => other,
    })
}

/// Opens an existing portfolio for a command that reads it; a missing file is an error
/// rather than silently creating an empty one.
pub(crate) fn open_store(ctx: &Context) -> Result<Store, CliError> {
    if ctx.team.is_none() {
        require_file(ctx)?;
    }
    Ok(ctx.open_store()?)
}

fn require_file(ctx: &Context) -> Result<(), CliError> {
    // A folder was refused by `run` before any command (and by `Store::open` below it).
    let path = ctx.db_path.display().to_string();
    if !ctx.db_path.exists() {
        // `radar demo` cannot write into a folder that is not there: said so.
        let folder = ctx.db_path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            let folder = folder.display().to_string();
            return Err(usage::usage(ctx.lang, "no_folder", &[("path", &path), ("folder", &folder)]));
        }
        return Err(usage::usage(ctx.lang, "no_file", &[("path", &path)]));
    }
    Ok(())
}

/// `open_store` for a command that only reads: a file Radar may not write (shared
/// read-only, or in a read-only folder) is still read.
pub(crate) fn open_store_for_reading(ctx: &Context) -> Result<Store, CliError> {
    if ctx.team.is_some() {
        return Ok(ctx.open_store()?);
    }
    require_file(ctx)?;
    Ok(Store::open_for_reading(&ctx.db_path)?)
}

/// Prints pretty JSON (snake_case keys come from the serde derives).
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<(), CliError> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| CliError::Runtime(format!("JSON output: {e}")))?;
    text.push('\n');
    emit(&text)
}

/// Writes a command's whole output at once. A reader that went away (`radar agenda | head`)
/// is not an error.
pub(crate) fn emit(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Runtime(format!("writing output: {e}")))
        }
        _ => Ok(()),
    }
}

/// The accounts `--owner` covers; a name no account has is bad input, answered with the
/// owners the file knows (exit 2, nothing else done).
/// `--owner NAME` or `--mine`: --owner names one CSM; --mine is me (`RADAR_USER` or
/// `[user] name`; in team mode the login), the accounts I own and, in team mode, those I
/// co-own; but only when that is some account: a team lead with none gets everyone's.
pub(crate) fn owner_or_mine(
    store: &crate::store::Store,
    settings: &crate::settings::Settings,
    (owner, mine): (Option<&str>, bool),
    lang: crate::i18n::Lang,
) -> Result<crate::domain::owner::OwnerFilter, CliError> {
    use crate::domain::owner::OwnerFilter;
    // In team mode "me" is the login (the owner of the accounts one may write).
    let login = store.team_login()?;
    let me = match (mine, login.as_deref().or(settings.user.as_deref())) {
        (false, _) => None,
        (true, Some(me)) => Some(me),
        (true, None) => return Err(CliError::Usage(crate::i18n::t(lang, "cli.agenda.no_user"))),
    };
    if let (None, Some(me)) = (owner, me) {
        let named = OwnerFilter::named(me);
        let owns = store.owners()?.iter().any(|o| named.matches_name(o));
        let co = store.co_owned()?.unwrap_or_default();
        if let Some(mine) = OwnerFilter::mine(me, owns, &co) {
            return Ok(mine);
        }
    }
    owner_filter(store, owner, lang)
}

pub(crate) fn owner_filter(
    store: &crate::store::Store,
    owner: Option<&str>,
    lang: crate::i18n::Lang,
) -> Result<crate::domain::owner::OwnerFilter, CliError> {
    use crate::domain::owner::OwnerFilter;
    let Some(name) = owner else { return Ok(OwnerFilter::all()) };
    let filter = OwnerFilter::named(name);
    let owners = store.owners()?;
    if owners.iter().any(|o| filter.matches_name(o)) {
        return Ok(filter);
    }
    let known: Vec<String> =
        owners.iter().filter(|o| !o.trim().is_empty()).map(|o| crate::domain::text::clean_line(o)).collect();
    let key = if known.is_empty() { "cli.owner.unknown_none" } else { "cli.owner.unknown" };
    let name = crate::domain::text::clean_line(name);
    Err(CliError::Usage(crate::i18n::tf(lang, key, &[("name", &name), ("owners", &known.join(", "))])))
}
