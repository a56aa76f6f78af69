//! The messages that drive `App::update`, and the effects it asks the runtime for.
//! Data flows one way: input, tick and store worker send `Msg`; `update` returns `Effect`s;
//! the store worker carries them out and answers with `Msg::Db`.

use super::panes::portfolio::model::LoadedRows;
use crate::domain::change::Row;
use crate::domain::metrics::RenewalReport;
use crate::domain::risk::{Assessment, RuleId};
use crate::domain::{AccountFacts, AccountId, Change, Edit, RowKey};
use crate::store::DeletePlan;
use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: text for the focused field, never keys.
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// The ≤ 1 Hz tick, with the local date (for a dashboard left open past midnight).
    Tick(NaiveDate),
    Db(Reply),
    /// SIGTERM / SIGHUP / SIGINT / SIGQUIT: leave cleanly.
    Terminate,
    /// SIGTSTP from outside (Ctrl-Z itself arrives as a key): suspend, as the key does.
    Suspend,
    /// SIGCONT: the terminal may have been used meanwhile; take it back, redraw all.
    Continued,
    /// A save of ours is (true) / is no longer (false) waiting for another Radar's write.
    WaitingForWriter(bool),
    /// Team mode: the server has been unreachable since (local time); None: back.
    TeamServer(Option<String>),
}

/// What the store worker answers.
#[derive(Debug)]
pub enum Reply {
    /// A load of the portfolio, prepared for the list (a first page, or every account).
    Portfolio(Box<LoadedRows>),
    Detail(Box<DetailData>),
    Marks(Vec<(AccountId, Vec<Mark>)>),
    /// One account's contacts (`Effect::LoadContacts`; None: the account is gone).
    Contacts(AccountId, Option<Vec<crate::domain::Contact>>),
    /// Those contacts could not be read (why): the form waiting for them does not open.
    ContactsFailed(AccountId, String),
    /// The agenda, with the generation of the request it answers.
    Agenda(Box<AgendaData>, u64),
    /// Some accounts' agenda items (`Effect::LoadAgendaOf`), with its generation.
    AgendaPatch(Box<AgendaPatch>, u64),
    /// `[user] name` was written to this config file (Ok), or could not be (the reason).
    UserSaved(Result<String, String>),
    /// An exchange rate saved (or why not).
    FxRateSaved(Result<crate::domain::money::FxRate, String>),
    Report(Box<RenewalReport>),
    /// The metrics view's pictures and calibration (`Effect::LoadCharts`).
    Charts(Box<crate::tui::panes::metrics_charts::ChartsData>),
    /// The records found for `query` (search everything).
    Found {
        query: String,
        hits: Vec<crate::store::SearchHit>,
        /// How many match in all, when there are more than `hits` (else None).
        total: Option<u64>,
    },
    /// The metrics view's per-owner table for [from, to].
    ByOwner {
        from: NaiveDate,
        to: NaiveDate,
        rows: Vec<crate::scans::OwnerRow>,
    },
    /// Another process changed the file (PRAGMA data_version moved), or the team feed
    /// cannot say which accounts changed (an import, a catch-up past the log): reload all.
    Changed,
    /// The settings file changed and its settings are in use by the worker that read it
    /// (the other worker is told with `Effect::UseSettings`; everything shown is reloaded).
    SettingsApplied {
        path: String,
        settings: Box<LiveSettings>,
    },
    /// The settings file changed but cannot be used (why, on one line, and which file): the
    /// settings in use are kept.
    SettingsRefused {
        path: String,
        error: String,
    },
    /// The settings file loads again after a refusal, with the settings in use.
    SettingsMended(String),
    /// Team mode: another session's commits touched these accounts (the change feed).
    ChangedAccounts(Vec<AccountId>),
    /// The cached risk scores were computed again (another day, other settings, scores a
    /// write left stale): the agenda's stakes, read from them, are read again.
    Rescored,
    /// The portfolio rows of `ids` that exist now (`Effect::LoadAccounts`); an id without
    /// a row has left the list (deleted, or reassigned away under row security).
    Accounts {
        ids: Vec<AccountId>,
        rows: Vec<crate::store::PortfolioRow>,
    },
    Error(String),
    /// Something the user must read before going on (the file is damaged): a modal.
    Notice {
        title: String,
        lines: Vec<String>,
    },
    /// An edit was saved (one transaction); `token` is the one its `Effect::Apply` carried.
    Applied {
        token: u64,
        change: Box<Change>,
    },
    Undone(Box<Change>),
    Redone(Box<Change>),
    /// An edit, undo or redo was refused; nothing was written.
    EditFailed {
        op: EditOp,
        failure: Failure,
    },
    /// What deleting `target` would take with it (None: it is already gone).
    DeletePlan {
        target: RowKey,
        plan: Option<Box<DeletePlan>>,
    },
    /// The handover sheet was written to this file.
    HandoverWritten(std::path::PathBuf),
    /// The value report was written to this file.
    ReviewWritten(std::path::PathBuf),
    /// Paths starting with `typed`.
    Completions {
        typed: String,
        matches: Vec<String>,
    },
    /// What the import would do (the dry run), shown before the user's yes.
    ImportPlanned(Box<ImportPreview>),
    /// The headers fit these kinds (two), or none (every kind): the user picks.
    ImportKinds {
        path: String,
        kinds: Vec<crate::interchange::Kind>,
    },
    /// Nothing says the currency of the file's bare amounts (`ImportError::NoCurrency`,
    /// `why`): the user picks one of `offered` (the portfolio's first), and the file is
    /// planned again with it.
    ImportCurrency {
        path: String,
        kind: crate::interchange::Kind,
        picked: Vec<(String, Option<crate::interchange::fields::F>)>,
        /// The currency asked for is the new accounts' (the file has no amount), not the
        /// amounts': the question says so.
        for_accounts: bool,
        why: String,
        offered: Vec<crate::domain::Currency>,
    },
    /// The file cannot be imported (bad rows listed), or the import failed: nothing written.
    ImportFailed(String),
    /// The import's line for the status bar, and whether it wrote anything (an import that
    /// created and updated nothing leaves no mark for undo to stop at).
    Imported {
        line: String,
        wrote: bool,
    },
}

/// The dry run of an import as the dashboard shows it before a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// `ImportPlan::describe`: the counts line, then the notes (encoding, header line,
    /// ignored columns, currency assumed, …), one per line.
    pub summary: String,
    /// The accounts Radar holds that the file changes, old → new (the first ten), shown
    /// right under the counts: an import is not undone with a key.
    pub changes: Vec<String>,
    /// Nothing to write.
    pub noop: bool,
    /// Bad rows a yes sets aside (what `--skip-invalid` does); 0 when every row is good.
    pub bad: usize,
    /// The first bad rows, `file:line:column: what`.
    pub problems: Vec<String>,
    /// Where the rows set aside go (`FILE.KIND.rejected.csv`), when there are any.
    pub rejected_file: Option<String>,
    /// The first rows as they will be stored, under the fields their columns fill.
    pub table: crate::interchange::table::Preview,
    /// The file as typed, its kind and the columns the user mapped: what the column
    /// picker plans again with one more pair.
    pub path: String,
    pub kind: crate::interchange::Kind,
    pub picked: Vec<(String, Option<crate::interchange::fields::F>)>,
    /// Headers that name no field (the picker offers them).
    pub unknown: Vec<String>,
    /// Why a yes cannot import yet: a required field has no column. The preview still
    /// opens, so the picker can name one of the unknown columns.
    pub blocked: Option<String>,
    /// Said above the counts: why this preview is shown again (the file changed after the
    /// one the user said yes to, and nothing was imported).
    pub again: Option<String>,
    /// The currency decided for the file's bare amounts (or its new accounts), said as
    /// the dashboard says it, and the currencies the preview's key offers instead (the
    /// book's first); None when every amount names its own.
    pub currency: Option<(String, Vec<crate::domain::Currency>)>,
}

/// Which write a failure answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOp {
    Apply(u64),
    Undo(Box<Change>),
    Redo(Box<Change>),
}

/// Why a write was refused, with what the UI needs to explain it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Someone changed the row since it was loaded; `current` is their version.
    Stale {
        key: RowKey,
        expected: i64,
        found: i64,
        current: Option<Box<Row>>,
    },
    Missing {
        key: RowKey,
    },
    /// Another Radar held the write lock for longer than the busy timeout.
    Busy,
    /// Team mode: the server could not be reached; nothing was written.
    Unreachable,
    /// Team mode: the account is not this login's to write (another CSM's, or no longer
    /// theirs: reassigned or deleted).
    NotYours {
        what: &'static str,
        id: i64,
    },
    /// A rule of the data (e.g. a renewal that ends before the term it renews).
    Invalid(String),
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The portfolio rows (recomputing stale risk scores first).
    LoadPortfolio,
    /// The portfolio rows of these accounts only (team mode's live refresh).
    LoadAccounts(Vec<AccountId>),
    /// Everything the detail pane shows about one account.
    LoadDetail(AccountId),
    /// Timeline marks for these accounts.
    LoadMarks(Vec<AccountId>),
    /// One account's contacts, for a form opened from the agenda (which holds none).
    LoadContacts(AccountId),
    LoadAgenda {
        days: i64,
        /// Only this owner's items, when they own accounts ("mine"); else everyone's.
        owner: Option<String>,
        /// Which request this is: an answer to an older one is dropped (a newer one,
        /// asked for after a save, is on its way).
        generation: u64,
    },
    /// The agenda items of the accounts an edit changed (and of those a win-back item may
    /// come from), to replace theirs in the rows held: after an item is worked, a few
    /// accounts are read, not all of the owner's (`LoadAgenda`'s `owner`, `days`).
    LoadAgendaOf {
        ids: Vec<AccountId>,
        days: i64,
        owner: Option<String>,
        /// The generation of the rows it patches: dropped if a whole agenda was asked
        /// for since (that one reads these accounts too).
        generation: u64,
    },
    /// Renewal metrics for terms ending in [from, to], of one owner's accounts if given
    /// (the owner filter, set from the portfolio or the metrics view).
    LoadReport {
        from: NaiveDate,
        to: NaiveDate,
        owner: Option<String>,
    },
    /// The metrics view's per-owner table (`radar report --by owner`) for [from, to].
    LoadByOwner {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The metrics view's pictures: rates by quarter, renewals due by month and band,
    /// accounts and ARR by band, and the calibration at T-90; of one owner's accounts if
    /// given (the owner filter), as the metrics report beside them.
    LoadCharts {
        owner: Option<String>,
    },
    /// Live refresh: has another process written to the file?
    CheckChanges,
    /// Search everything: the full-text index (answered by `Reply::Found`).
    Search(String),
    /// Saves one user edit (one transaction); answered by `Applied` or `EditFailed`.
    Apply {
        token: u64,
        edit: Box<Edit>,
    },
    Undo(Box<Change>),
    Redo(Box<Change>),
    /// Counts what deleting a record would take with it (answered by `Reply::DeletePlan`).
    PlanDelete(RowKey),
    /// Writes the account's handover sheet (Markdown) to a file.
    WriteHandover(AccountId),
    /// Writes the account's annual value report (Markdown) to a file.
    WriteReview(AccountId),
    /// Lists the paths that start with the typed text (the path prompt's Tab).
    CompletePath(String),
    /// Checks a file for import and says what it would change (nothing written yet).
    PlanImport {
        path: String,
        /// None: the worker tells the kind from the file's headers.
        kind: Option<crate::interchange::Kind>,
        /// Columns the user mapped in the preview's picker (None: ignore the column).
        picked: Vec<(String, Option<crate::interchange::fields::F>)>,
        /// The currency the user picked for the file's bare amounts (`Reply::ImportCurrency`);
        /// the worker keeps it for this file until another is planned.
        currency: Option<crate::domain::Currency>,
    },
    /// Writes the import planned last (after the user said yes).
    ApplyImport,
    /// Settings read again from the changed settings file (for the worker that did not
    /// read them).
    UseSettings(Box<LiveSettings>),
    /// Saves who "me" is as `[user] name` in the config file.
    SaveUser(String),
    /// Saves an exchange rate (answered by `Reply::FxRateSaved`).
    SetFxRate(crate::domain::money::FxRate),
    Quit,
}

impl Effect {
    /// Does it write to the file (what must still happen when the user quits)?
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Effect::Apply { .. }
                | Effect::Undo(_)
                | Effect::Redo(_)
                | Effect::ApplyImport
                | Effect::SetFxRate(_)
                | Effect::Quit
        )
    }
}

/// What the workers compute with, from the settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSettings {
    pub risk: crate::domain::risk::RiskConfig,
    /// `[import] currency`.
    pub import_currency: Option<crate::domain::Currency>,
}

/// One account, fully loaded, with its risk worked out (by the worker, off the UI thread).
#[derive(Debug, Clone)]
pub struct DetailData {
    pub facts: AccountFacts,
    pub assessment: Assessment,
    /// Score at the end of each of the last 12 weeks, oldest first.
    pub trend: Vec<u32>,
    /// Rules whose clearing would drop the account a band.
    pub flips: Vec<RuleId>,
    /// Reasons rendered in the UI language: (points, rule, detail, action).
    pub reasons: Vec<(u32, RuleId, String, String)>,
    /// Data gaps rendered in the UI language: (scores now, detail, action), in
    /// `assessment.gaps` order.
    pub gaps: Vec<(bool, String, String)>,
}

pub use super::marks::{Mark, MarkKind, MarkState};

/// An agenda item with its account's name, owner and value at stake.
pub use crate::domain::agenda_rank::AgendaRow;

/// The agenda as loaded: every item of the next week, ranked, and how many accounts each
/// owner has (the "who are you" list, and whether "mine" has anything).
#[derive(Debug, Clone, Default)]
pub struct AgendaData {
    pub rows: Vec<AgendaRow>,
    pub owners: Vec<crate::domain::owner::OwnerCount>,
    /// Whose items `rows` are: one owner's, or everyone's (None).
    pub owner: Option<String>,
    /// The accounts the login co-owns (team mode): "mine" when "me" is the login.
    pub co_owned: crate::domain::owner::CoOwned,
}

/// Some accounts' agenda items, to replace theirs in `AgendaData::rows`.
#[derive(Debug, Clone, Default)]
pub struct AgendaPatch {
    /// The accounts read, in id order: their rows held are replaced by `rows`.
    pub covered: Vec<AccountId>,
    pub rows: Vec<AgendaRow>,
    /// Every owner's number of accounts again (an edit may have moved one).
    pub owners: Vec<crate::domain::owner::OwnerCount>,
    /// Whose items they are (as `AgendaData::owner`).
    pub owner: Option<String>,
    /// As `AgendaData::co_owned`, read again.
    pub co_owned: crate::domain::owner::CoOwned,
}
