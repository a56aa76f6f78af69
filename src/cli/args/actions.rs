//! The actions of the commands that have their own subcommands: `radar winback`, `radar
//! team`, `radar fx` and `radar config`.

use super::Format;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum WinbackAction {
    /// The reasons marked fixed and today's win-back candidates (the default).
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Mark a churn reason fixed (price, service, product_fit, competitor, etc.): every account
    /// that churned for it on or before that day comes back as a win-back candidate.
    Fixed {
        reason: String,
        /// The day it was fixed (default: today).
        #[arg(long)]
        on: Option<String>,
        /// What fixed it (a cheaper plan, a support desk).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Take back a reason marked fixed.
    Unfix { reason: String },
}

#[derive(Debug, Subcommand)]
pub enum TeamAction {
    /// Create (or upgrade) the team schema, roles and access rules; you become a lead.
    Init,
    /// Add a CSM login (password prompted, or from RADAR_NEW_PASSWORD).
    AddUser {
        /// The login: lower-case letters, digits and _.
        name: String,
        /// A lead reads and writes every account.
        #[arg(long)]
        lead: bool,
        /// The team whose accounts the user may read.
        #[arg(long)]
        team: Option<String>,
    },
    /// Give ACCOUNT (id, external id or name) to USER, or add USER as a co-owner.
    Assign {
        account: String,
        user: String,
        #[arg(long)]
        co_owner: bool,
    },
    /// Write the accounts you may see into a new solo file (read offline; edits there are not synced back).
    Pull {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Move a solo portfolio file into the team database, its accounts owned by --owner (all or nothing).
    ImportSolo {
        file: std::path::PathBuf,
        #[arg(long)]
        owner: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FxAction {
    /// 1 CURRENCY = RATE BASE from --from on, until the pair's next rate (replaces that day's).
    Set {
        /// The currency the rate is for, e.g. USD.
        currency: String,
        /// An exact decimal above 0, at most 6 places, e.g. 7.10.
        rate: String,
        /// The first day the rate holds, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// The currency the rate is in (default: the reporting currency, [report] currency).
        #[arg(long)]
        base: Option<String>,
    },
    /// Every rate, by currency, base and date.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove the rate of CURRENCY that holds from --from.
    Rm {
        currency: String,
        #[arg(long)]
        from: String,
        /// Default: the reporting currency.
        #[arg(long)]
        base: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the settings file's path (it may not exist yet).
    Path,
    /// Every setting in effect, and where it came from: default, file, environment or flag.
    Show,
    /// Set KEY to VALUE in the settings file, keeping its comments; e.g. `theme.background light`.
    Set {
        key: String,
        /// The new value (a negative number is taken as a value, and refused as one).
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}
