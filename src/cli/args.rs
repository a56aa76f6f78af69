//! The command line (the contract scripts and tests rely on; see README "Command line").
//! Split by job: the commands here; the flags' values (`values`), `radar import`'s flags
//! (`import_flags`) and the subcommands' actions (`actions`) beside it, re-exported so
//! every path stays `cli::args::…`.

mod actions;
mod import_flags;
mod values;

pub use actions::{ConfigAction, FxAction, TeamAction, WinbackAction};
pub use import_flags::{DateOrder, ImportFlags, NameMatch};
pub use values::{AgendaFormat, ExportFormat, Format, ImportKind, ReportBy};

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "radar",
    version,
    about = "Renewal Radar: which accounts will not renew, why, and what to do next.",
    long_about = "Renewal Radar: a keyboard-driven terminal dashboard for Customer Success Managers.\n\
                  Run without a command to open the dashboard. Everything lives in one SQLite file you own.\n\
                  Exit codes: 0 ok, 1 runtime error, 2 bad usage or bad input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Open the dashboard on a generated demo portfolio (kept in the data dir as demo.db).
    #[arg(long)]
    pub demo: bool,
    /// Draw one frame and exit (startup benchmarks).
    #[arg(long, hide = true)]
    pub exit_after_first_frame: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The portfolio database [env: RADAR_DB] [default: <data dir>/renewal-radar/portfolio.db]
    #[arg(long, global = true, env = "RADAR_DB", hide_env = true)]
    pub db: Option<PathBuf>,
    /// The date every rule uses, YYYY-MM-DD [env: RADAR_TODAY] [default: the local date]
    #[arg(long, global = true, env = "RADAR_TODAY", hide_env = true)]
    pub today: Option<String>,
    /// Interface language: en or zh-CN [default: from LC_ALL, LC_MESSAGES or LANG, else en]
    #[arg(long, global = true)]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a deterministic, realistic demo portfolio to --db.
    Demo {
        /// How many accounts.
        #[arg(long, default_value_t = 180)]
        accounts: usize,
        /// Random seed: the same seed (and --today) always gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace a database that already holds accounts.
        #[arg(long)]
        force: bool,
    },
    /// Import a CSV, text or spreadsheet (.xlsx .xls .ods) file, or a JSON export;
    /// all-or-nothing (unless --skip-invalid), with line-numbered errors.
    Import {
        #[arg(required_unless_present_any = ["list_mappings", "forget_mapping"])]
        kind: Option<ImportKind>,
        #[arg(required_unless_present_any = ["list_mappings", "forget_mapping"])]
        file: Option<PathBuf>,
        #[command(flatten)]
        flags: ImportFlags,
        /// List the column mappings the dashboard's import saved for header sets.
        #[arg(long, conflicts_with_all = ["kind", "file", "forget_mapping"])]
        list_mappings: bool,
        /// Forget the saved column mapping with this id (see --list-mappings).
        #[arg(long, value_name = "ID", conflicts_with_all = ["kind", "file"])]
        forget_mapping: Option<i64>,
    },
    /// Export the portfolio (json is lossless; csv writes one file per kind into a folder).
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Output file (json) or folder (csv); default standard output (json only).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only the accounts of this owner (CSM), matched whole, ignoring case and spacing.
        #[arg(long)]
        owner: Option<String>,
        /// Only my accounts (RADAR_USER or [user] name; a lead with none exports all).
        #[arg(long, conflicts_with = "owner")]
        mine: bool,
    },
    /// Renewal metrics for renewals whose term ends in [from, to] (default: this quarter).
    Report {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Sum amounts in this currency (default: the one most accounts use).
        #[arg(long)]
        currency: Option<String>,
        /// Only the accounts of this owner (CSM), matched whole, ignoring case and spacing.
        #[arg(long)]
        owner: Option<String>,
        /// Only my accounts (RADAR_USER or [user] name; a lead with none sees all).
        #[arg(long, conflicts_with = "owner")]
        mine: bool,
        /// One row per owner: due, renewed, churned, pending, rates, at-risk ARR, overdue items.
        #[arg(long, value_enum)]
        by: Option<ReportBy>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// When the cached risk scores are not current, answer from them anyway (labelled
        /// stale) instead of recomputing them first.
        #[arg(long)]
        no_recompute: bool,
    },
    /// Accounts by triage priority, with the reasons behind each score.
    Triage {
        /// At most this many accounts (default: all).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
        limit: Option<u32>,
        /// Weigh ARR in this currency (default: [report] currency, else the most used one).
        #[arg(long)]
        currency: Option<String>,
        /// Only the accounts of this owner (CSM), matched whole, ignoring case and spacing.
        #[arg(long)]
        owner: Option<String>,
        /// Only my accounts (RADAR_USER or [user] name; a lead with none sees all).
        #[arg(long, conflicts_with = "owner")]
        mine: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// When the cached risk scores are not current, answer from them anyway (labelled
        /// stale) instead of recomputing them first.
        #[arg(long)]
        no_recompute: bool,
    },
    /// What is due: overdue first, then due today, then upcoming.
    Agenda {
        /// Upcoming items of the next DAYS days (0 to 3650) besides the overdue and today's.
        #[arg(long, default_value_t = 7, allow_negative_numbers = true)]
        days: i64,
        /// Only the accounts of this owner (CSM), matched whole, ignoring case and spacing.
        #[arg(long)]
        owner: Option<String>,
        /// text, json, or ics (an iCalendar feed: one event per item)
        #[arg(long, value_enum, default_value_t = AgendaFormat::Text)]
        format: AgendaFormat,
        /// Only my accounts' items (RADAR_USER or [user] name; a lead with none sees all).
        #[arg(long, conflicts_with = "owner")]
        mine: bool,
    },
    /// The Markdown handover sheet of an account (by external id or exact name).
    Handover {
        account: String,
        /// handover, onboarding, adoption, mature, renewal (default: the account's stage).
        #[arg(long)]
        stage: Option<String>,
    },
    /// The value report (annual) or business review (qbr) of an account, as Markdown:
    /// usage before and after, requirements, promises, complaints, draft goals.
    Review {
        /// External id or exact name.
        account: String,
        /// First day of the period (default: the start of the open term; for qbr, three months ago).
        #[arg(long)]
        from: Option<String>,
        /// Last day of the period (default: today, or the end of the term if earlier).
        #[arg(long)]
        to: Option<String>,
        /// annual (first three months against the last three) or qbr (first month against the last).
        #[arg(long, default_value = "annual")]
        kind: String,
        /// Write the report to this file (a private file, 0600) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// How well the risk score predicted churn: every term that ended with an outcome,
    /// scored as of T-90 (or T-60, T-30) from the facts dated before then. Churn rate by
    /// band, the ROC AUC, each rule's lift, and suggested weights (never applied).
    Calibrate {
        /// Days before the renewal date to score at: 90, 60 or 30.
        #[arg(long, default_value_t = 90)]
        at: u32,
        /// Only the accounts of this owner (CSM), matched whole, ignoring case and spacing.
        #[arg(long)]
        owner: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Write the suggested weights as a config snippet to this new file, to review and
        /// copy into your config (an existing file is never overwritten).
        #[arg(long, value_name = "FILE")]
        write_suggestion: Option<PathBuf>,
    },
    /// Find any record by a word: account names, notes, promises, requirements, complaints,
    /// contacts. Every word must match (a prefix of a word; Chinese by its characters).
    Search {
        /// The words to find.
        #[arg(required_unless_present = "reindex")]
        text: Vec<String>,
        /// At most this many results (best first).
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u16).range(1..=500))]
        limit: u16,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Rebuild the search index from the records first (a file changed by another program).
        #[arg(long)]
        reindex: bool,
    },
    /// Reference-account candidates by the [reference] rule of the config file.
    References {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// List the accounts made references (with their stage), candidates or not,
        /// instead of the candidates.
        #[arg(long)]
        flagged: bool,
    },
    /// Win-back (the playbook's section 12): churn reasons marked fixed, and the churned accounts that
    /// are back as candidates (their named requirement delivered, or their reason fixed).
    Winback {
        #[command(subcommand)]
        action: Option<WinbackAction>,
    },
    /// Back up the database now (SQLite backup API) into the backups folder, or to --out.
    Backup {
        /// Write the backup here instead of <data dir>/renewal-radar/backups/.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Replace the database with a backup; the current file is backed up first.
    Restore {
        /// The backup to restore.
        file: PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Exchange rates, each in force from a date on: set, list, rm.
    Fx {
        #[command(subcommand)]
        action: FxAction,
    },
    /// Team mode on PostgreSQL (--db postgres://…): init, add-user, assign.
    Team {
        #[command(subcommand)]
        action: TeamAction,
    },
    /// Show or change the settings (config.toml): path, show, set KEY VALUE.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script (where to put it: README, "Install").
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Check the database, the settings and keymap files, the terminal and the locale;
    /// each problem with its fix. Exit 1 when something is an error, else 0.
    Doctor {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the manual page (roff), e.g. `radar man > ~/.local/share/man/man1/radar.1`.
    Man,
    /// External ids and names of accounts starting with PREFIX, one a line (the shell
    /// completion scripts call it).
    #[command(hide = true)]
    CompleteAccounts {
        #[arg(default_value = "")]
        prefix: String,
    },
    /// Crash-safety and concurrency driver: applies COUNT edits (or as many as fit in
    /// SECONDS), printing `ACK n` after each commit.
    #[command(hide = true)]
    TortureEdits {
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// Stop starting new edits after this many seconds (then print a `DONE` summary).
        #[arg(long)]
        seconds: Option<u64>,
        /// Marks the edits (touchpoint notes and owners become TAG-n; in team mode, where
        /// the owner is the owning login, regions instead of owners).
        #[arg(long, default_value = "torture")]
        tag: String,
    },
}
