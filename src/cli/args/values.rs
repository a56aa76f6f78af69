//! The values of the command line's flags: output formats and what `radar import` reads.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `radar agenda --format`: also an iCalendar feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    Text,
    Json,
    Ics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportBy {
    /// One row per account owner (CSM).
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    Accounts,
    Contacts,
    Promises,
    Requirements,
    Usage,
    Touchpoints,
    Tasks,
    Referrals,
    Outcomes,
    /// CRM deals or opportunities (HubSpot deals, Salesforce opportunities).
    #[value(alias = "renewals", alias = "opportunities")]
    Deals,
    Json,
}
