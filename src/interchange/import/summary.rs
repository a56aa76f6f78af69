//! The printable side of a plan: counts, notes, and the summary text in the user's language
//! (the same words in the CLI and the dashboard's import prompt).

use super::ImportPlan;
use super::accounts::{Length, RowResult};
use super::changes::KeptId;
use super::currency::CurrencySource;
use super::world::Outcome;
use crate::domain::Currency;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::interchange::decode::Encoding;
use crate::interchange::header::MappingNote;
use crate::interchange::table::Table;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows merged into an account an earlier row of the file described (also counted above).
    pub merged: usize,
    /// Rows set aside (`--skip-invalid`).
    pub rejected: usize,
}

impl Counts {
    pub fn add(&mut self, o: Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
        }
    }
}

/// What the rows of a file said that the summary repeats.
#[derive(Debug, Default)]
pub struct Tally {
    /// Lines of rows merged into an earlier row's account.
    pub merged: Vec<u64>,
    pub mrr: usize,
    /// New accounts without a contract term.
    pub no_term: usize,
    /// Touchpoints naming a contact the account does not have.
    pub unlinked: usize,
    /// Rows of an activities file imported as tasks that are other activities (skipped).
    pub not_tasks: usize,
    /// Lines of rows whose contract total was annualised, kept, or whose ARR may be a total.
    pub annualised: Vec<u64>,
    pub kept: Vec<u64>,
    pub unclear: Vec<u64>,
    /// Lines of rows with a term shorter than `SHORT_TERM_DAYS`.
    pub short: Vec<u64>,
    /// Lines of rows whose name is only question marks (`lost_characters`).
    pub lost: Vec<u64>,
}

impl Tally {
    pub fn account(&mut self, r: &RowResult, line: u64) {
        if r.merged {
            self.merged.push(line);
        }
        self.mrr += usize::from(r.mrr);
        self.no_term += usize::from(r.no_term && r.outcome == Outcome::Created);
        match r.length {
            Some(Length::Annualised) => self.annualised.push(line),
            Some(Length::Kept) => self.kept.push(line),
            Some(Length::Unclear) => self.unclear.push(line),
            None => {}
        }
        if r.short {
            self.short.push(line);
        }
    }
}

/// Something worth telling that did not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The header is not on the first line.
    HeaderLine(u64),
    /// The sheet of a spreadsheet that was read.
    Sheet(String),
    /// A column fills another's blank cells, or is the second phone.
    Fallback(MappingNote),
    /// Amounts without a currency are in this one.
    CurrencyAssumed(Currency, CurrencySource),
    /// Most accounts are billed in `to` once the file is in, not `from`: with no reporting
    /// currency set, every total moves to it (CSM trial, session 31: 200 contract-less
    /// USD companies turned a yuan book's status bar to dollars without a word).
    MainCurrency {
        from: Currency,
        to: Currency,
        /// The accounts the file adds in `to`.
        added: u64,
    },
    Mrr(usize),
    /// Rows merged into an earlier row's account: how many, and their lines.
    Merged(usize, Vec<u64>),
    NoTerm(usize),
    /// Rows set aside, and the file they went to.
    Rejected(usize, String),
    /// Rows a dry run would set aside, and the file they would go to (not written).
    WouldReject(usize, String),
    /// The file was not plain UTF-8 and was converted (label of the encoding).
    Converted(&'static str),
    /// The delimiter found, when not a comma.
    Delimiter(char),
    /// Headers that name no field, ignored.
    UnknownColumns(Vec<String>),
    /// A companies file's domain column, ignored: the contacts and deals exported beside it
    /// name their company by that domain, so they cannot be linked later unless it is the
    /// accounts' external id (helper's trial, session 21: every contact was refused).
    DomainIgnored(String),
    /// Touchpoints naming a contact the account does not have: kept without the link.
    UnlinkedContacts(usize),
    /// Rows of an activities export that are not tasks (calls, e-mails …), skipped.
    NotTasks(usize),
    /// The mapping saved for the file's header set was applied ("Header→field" pairs).
    SavedMapping(Vec<String>),
    /// A contract register's amount read as each contract's total: (its header, the
    /// contract number's header).
    Register(String, String),
    /// Rows (how many, the first lines) whose contract total was annualised.
    Annualised(usize, Vec<u64>),
    /// Rows whose contract total was kept as the ARR (a term under a year, or irregular).
    TotalKept(usize, Vec<u64>),
    /// Rows whose ARR, under a header that does not say "annual", has a term of another
    /// length than a year: (the header, how many, the first lines).
    UnclearArr(String, usize, Vec<u64>),
    /// Rows whose term is shorter than `SHORT_TERM_DAYS`.
    ShortTerms(usize, Vec<u64>),
    /// Rows (how many, the first lines) whose name is only question marks.
    LostCharacters(usize, Vec<u64>),
    /// Rows matched by name to an account with another external id (`--on-name-match
    /// merge`): how many, and the first (the account keeps its id).
    ExternalIdsKept(usize, Vec<KeptId>),
}

/// How many line numbers a note lists before "…".
const NOTE_LINES: usize = 10;

/// How many accounts that kept their external id the note names (each is a long line).
pub const IDS_KEPT_SHOWN: usize = 3;

/// The first lines of a list, for a note.
fn first(lines: &[u64]) -> Vec<u64> {
    lines.iter().take(NOTE_LINES).copied().collect()
}

pub(super) fn notes(table: &Table, tally: &Tally, currency: Option<(Currency, CurrencySource)>) -> Vec<Note> {
    let mut notes = Vec::new();
    if let Some(sheet) = &table.sheet {
        notes.push(Note::Sheet(sheet.clone()));
    }
    if let Some(e) = table.encoding
        && !matches!(e, Encoding::Utf8 | Encoding::Utf8Bom)
    {
        notes.push(Note::Converted(e.label()));
    }
    if table.encoding.is_some() && table.delimiter != b',' {
        notes.push(Note::Delimiter(char::from(table.delimiter)));
    }
    if table.header_line > 1 {
        notes.push(Note::HeaderLine(table.header_line));
    }
    if !table.unknown().is_empty() {
        notes.push(Note::UnknownColumns(table.unknown().to_vec()));
    }
    if let Some(header) = domain_left_out(table) {
        notes.push(Note::DomainIgnored(header));
    }
    notes.extend(table.mapping_notes().iter().map(|n| Note::Fallback(n.clone())));
    if let Some((c, why)) = currency {
        notes.push(Note::CurrencyAssumed(c, why));
    }
    if tally.mrr > 0 {
        notes.push(Note::Mrr(tally.mrr));
    }
    if let Some((amount, number)) = &table.mapping.register {
        notes.push(Note::Register(amount.clone(), number.clone()));
    }
    if !tally.annualised.is_empty() {
        notes.push(Note::Annualised(tally.annualised.len(), first(&tally.annualised)));
    }
    if !tally.kept.is_empty() {
        notes.push(Note::TotalKept(tally.kept.len(), first(&tally.kept)));
    }
    if let (Some(header), false) = (&table.mapping.unclear_arr, tally.unclear.is_empty()) {
        notes.push(Note::UnclearArr(header.clone(), tally.unclear.len(), first(&tally.unclear)));
    }
    if !tally.short.is_empty() {
        notes.push(Note::ShortTerms(tally.short.len(), first(&tally.short)));
    }
    if !tally.lost.is_empty() {
        notes.push(Note::LostCharacters(tally.lost.len(), first(&tally.lost)));
    }
    if !tally.merged.is_empty() {
        notes.push(Note::Merged(tally.merged.len(), tally.merged.iter().take(10).copied().collect()));
    }
    if tally.no_term > 0 {
        notes.push(Note::NoTerm(tally.no_term));
    }
    if tally.unlinked > 0 {
        notes.push(Note::UnlinkedContacts(tally.unlinked));
    }
    notes
}

/// An accounts file's domain column ("Company Domain Name", 公司域名) left out while the
/// external id is the CRM's own record number (HubSpot's "Company ID"), or there is none:
/// the contacts and deals exported with it name their company by that domain. A file whose
/// external id is a real account number (Salesforce's Account ID) is not told to give it up.
fn domain_left_out(table: &Table) -> Option<String> {
    use crate::interchange::fields::{F, fold_header};
    if table.kind != crate::interchange::Kind::Accounts {
        return None;
    }
    let domain =
        |h: &&String| crate::interchange::aliases::DOMAIN.iter().any(|a| fold_header(a) == fold_header(h));
    let header = table.unknown().iter().find(domain)?;
    let id_header = table.column(F::ExternalId).and_then(|i| table.headers.get(i)).map(|h| fold_header(h));
    // Folded: "Company ID" is "companyid".
    match id_header.as_deref() {
        None | Some("companyid" | "recordid" | "hsobjectid") => Some(header.clone()),
        Some(_) => None,
    }
}

impl ImportPlan {
    /// "accounts.csv: 180 rows: 12 to create, 3 to update, 165 unchanged", then the
    /// accounts it changes (`changes`), then the notes, one per line (sanitised: file names and headers come from the user's files).
    pub fn describe(&self, lang: Lang) -> String {
        self.described(lang, Note::describe)
    }

    /// The same for the dashboard's preview: its notes as `Note::describe_here` says them.
    pub fn describe_here(&self, lang: Lang) -> String {
        self.described(lang, Note::describe_here)
    }

    fn described(&self, lang: Lang, note: fn(&Note, Lang) -> String) -> String {
        let c = &self.counts;
        let mut out = tf(
            lang,
            "import.summary",
            &[
                ("file", &clean_line(&self.path.display().to_string())),
                ("kind", self.kind.id()),
                // The Chinese summary names the kind in Chinese (客户), the English one by
                // the word the command takes.
                ("kind_label", &t(lang, &format!("edit.import.kind.{}", self.kind.id()))),
                ("rows", &self.rows.to_string()),
                ("created", &c.created.to_string()),
                ("updated", &c.updated.to_string()),
                ("unchanged", &c.unchanged.to_string()),
            ],
        );
        out.push('\n');
        for l in self.changes.lines(lang, super::changes::SHOWN) {
            out.push_str(&format!("  {l}\n"));
        }
        for n in &self.notes {
            out.push_str(&format!("  {}\n", note(n, lang)));
        }
        out
    }
}

impl ImportPlan {
    /// The accounts Radar holds that the file changes, as `describe` lists them (the
    /// first ten, then how many more).
    pub fn change_lines(&self, lang: Lang) -> Vec<String> {
        self.changes.lines(lang, super::changes::SHOWN)
    }
}

/// The line printed after a real import.
pub fn done_line(lang: Lang, c: &Counts) -> String {
    tf(
        lang,
        "import.done",
        &[
            ("created", &c.created.to_string()),
            ("updated", &c.updated.to_string()),
            ("unchanged", &c.unchanged.to_string()),
        ],
    )
}

/// The line printed after a dry run.
pub fn dry_run_line(lang: Lang) -> String {
    t(lang, "import.dry_run")
}
