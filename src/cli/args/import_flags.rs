//! How `radar import` reads a file (`ImportFlags`, flattened into the command) and the values
//! of its flags.

use clap::{Args, ValueEnum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DateOrder {
    /// Month first: 1/31/2027 (US).
    Mdy,
    /// Day first: 31/1/2027 (Europe, most of the world).
    Dmy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NameMatch {
    /// The row is the account of that name: update it.
    Merge,
    /// The row is another customer of the same name: create a second account.
    New,
    /// The row is the account of that name, and the account takes the row's external id
    /// (files keyed by the file's ids, contacts by company domain, then find it).
    Adopt,
}

/// How `radar import` reads a file and what it does with bad rows.
#[derive(Debug, Clone, Default, Args)]
pub struct ImportFlags {
    /// Header mappings, e.g. 'Company=name,Contract End=renewal_date' (- ignores a column);
    /// may be given more than once.
    #[arg(long)]
    pub map: Vec<String>,
    /// Show what would be created, updated or unchanged, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The sheet of a spreadsheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The line of the header row (default: the row among the first 20 naming most fields).
    #[arg(long)]
    pub header_line: Option<u64>,
    /// The order of dates like 1/2/2027 when no date in the file settles it.
    #[arg(long, value_enum)]
    pub date_order: Option<DateOrder>,
    /// The currency of amounts that name none and of new accounts without one, e.g. USD
    /// (over [import] currency and the locale). Without it and them, the portfolio's one
    /// currency or the file's; when nothing says, the import is refused.
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// A value for every row, e.g. --set currency=USD (repeatable).
    #[arg(long)]
    pub set: Vec<String>,
    /// A value for blank cells, e.g. --default tier=mid (repeatable).
    #[arg(long)]
    pub default: Vec<String>,
    /// Import the valid rows and write the bad ones, with their errors, to FILE.KIND.rejected.csv (say accounts.csv.accounts.rejected.csv).
    #[arg(long)]
    pub skip_invalid: bool,
    /// A new account whose name another account has under another external id: the same
    /// customer (merge) or another one (new). Without it, such a row is refused.
    #[arg(long, value_enum)]
    pub on_name_match: Option<NameMatch>,
}
