//! The headless commands, and the shared context (database path, date, language).

pub mod args;
mod context;
mod demo_cmd;

pub use args::Cli;
pub use context::Context;

use crate::store::StoreError;

/// A failure with the exit code DESIGN.md promises: 1 runtime, 2 bad usage or input.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Runtime(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Runtime(_) => 1,
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        match e {
            // The file given is the wrong kind of input.
            StoreError::NotRadar { .. } | StoreError::NewerSchema { .. } => CliError::Usage(e.to_string()),
            other => CliError::Runtime(other.to_string()),
        }
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<(), CliError> {
    let ctx = Context::from_cli(&cli.global, cli.demo)?;
    match cli.command {
        Some(args::Command::Demo { accounts, seed, force }) => demo_cmd::run(&ctx, accounts, seed, force),
        Some(args::Command::Import { .. }) => Err(not_yet("import", "CSV and JSON import")),
        Some(args::Command::Export { .. }) => Err(not_yet("export", "JSON and CSV export")),
        Some(args::Command::Handover { .. }) => Err(not_yet("handover", "handover sheets")),
        Some(args::Command::Report { .. }) => Err(not_yet("report", "renewal metrics")),
        Some(args::Command::Triage { .. }) => Err(not_yet("triage", "risk triage")),
        Some(args::Command::Agenda { .. }) => Err(not_yet("agenda", "the agenda")),
        None => {
            if cli.demo {
                demo_cmd::ensure_demo(&ctx)?;
            }
            Err(CliError::Usage(format!(
                "the dashboard is not built yet; the portfolio is at {}. Try `radar demo --help`.",
                ctx.db_path.display()
            )))
        }
    }
}

fn not_yet(cmd: &str, what: &str) -> CliError {
    CliError::Usage(format!("radar {cmd}: {what} is not available in this version yet"))
}
