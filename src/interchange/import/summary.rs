//! The printable side of a plan: counts, notes, and the summary text in the user's language
//! (the same words in the CLI and the dashboard's import prompt).

use super::ImportPlan;
use super::accounts::RowResult;
use super::world::Outcome;
use crate::domain::Currency;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::interchange::decode::Encoding;
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

/// Where the currency of amounts that name none came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrencySource {
    Config,
    Locale(String),
    Default,
}

/// The currency a locale (`LANG`, `LC_ALL`) suggests: `zh_CN` → CNY, `en_US` → USD,
/// `en_GB` → GBP, `de_DE`/`fr_FR`/`es_ES`/`it_IT`/… → EUR. None for C/POSIX and the unknown.
pub fn currency_of_locale(locale: &str) -> Option<Currency> {
    let l = locale.split(['.', '@']).next().unwrap_or("").replace('-', "_");
    let (lang, region) = l.split_once('_').unwrap_or((&l, ""));
    let code = match (lang.to_ascii_lowercase().as_str(), region.to_ascii_uppercase().as_str()) {
        (_, "CN") => "CNY",
        (_, "TW") => "TWD",
        (_, "HK") => "HKD",
        (_, "SG") => "SGD",
        (_, "US") => "USD",
        (_, "GB") => "GBP",
        (_, "CA") => "CAD",
        (_, "AU") => "AUD",
        (_, "NZ") => "NZD",
        (_, "IN") => "INR",
        (_, "JP") => "JPY",
        (_, "KR") => "KRW",
        (_, "CH") => "CHF",
        (_, "SE") => "SEK",
        (_, "NO") => "NOK",
        (_, "DK") => "DKK",
        (_, "PL") => "PLN",
        (_, "BR") => "BRL",
        (_, "MX") => "MXN",
        (
            "de" | "fr" | "es" | "it" | "nl" | "pt" | "fi" | "el" | "et" | "lv" | "lt" | "sk" | "sl" | "mt"
            | "ga",
            _,
        ) => "EUR",
        ("zh", _) => "CNY",
        ("ja", _) => "JPY",
        _ => return None,
    };
    Currency::new(code).ok()
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
}

impl Tally {
    pub fn account(&mut self, r: &RowResult, line: u64) {
        if r.merged {
            self.merged.push(line);
        }
        self.mrr += usize::from(r.mrr);
        self.no_term += usize::from(r.no_term && r.outcome == Outcome::Created);
    }
}

/// Something worth telling that did not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The header is not on the first line.
    HeaderLine(u64),
    /// The sheet of a spreadsheet that was read.
    Sheet(String),
    /// A column fills another's blank cells.
    Fallback(String),
    /// Amounts without a currency are in this one.
    CurrencyAssumed(Currency, CurrencySource),
    Mrr(usize),
    /// Rows merged into an earlier row's account: how many, and their lines.
    Merged(usize, Vec<u64>),
    NoTerm(usize),
    /// Rows set aside, and the file they went to.
    Rejected(usize, String),
    /// The file was not plain UTF-8 and was converted (label of the encoding).
    Converted(&'static str),
    /// The delimiter found, when not a comma.
    Delimiter(char),
    /// Headers that name no field, ignored.
    UnknownColumns(Vec<String>),
    /// Touchpoints naming a contact the account does not have: kept without the link.
    UnlinkedContacts(usize),
    /// The mapping saved for the file's header set was applied ("Header→field" pairs).
    SavedMapping(Vec<String>),
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
    notes.extend(table.mapping_notes().iter().map(|n| Note::Fallback(n.clone())));
    if let Some((c, why)) = currency {
        notes.push(Note::CurrencyAssumed(c, why));
    }
    if tally.mrr > 0 {
        notes.push(Note::Mrr(tally.mrr));
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

impl Note {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Note::Converted(enc) => tf(lang, "import.note.converted", &[("encoding", enc)]),
            Note::Delimiter(c) => {
                let name = match c {
                    '\t' => "tab".to_string(),
                    c => format!("'{c}'"),
                };
                tf(lang, "import.note.delimiter", &[("delimiter", &name)])
            }
            Note::UnknownColumns(cols) => {
                let list =
                    cols.iter().map(|c| format!("\"{}\"", clean_line(c))).collect::<Vec<_>>().join(", ");
                let example = cols.first().map_or(String::new(), |c| clean_line(c));
                tf(lang, "import.note.unknown_columns", &[("columns", &list), ("example", &example)])
            }
            Note::SavedMapping(pairs) => {
                tf(lang, "import.note.saved_mapping", &[("pairs", &clean_line(&pairs.join(", ")))])
            }
            Note::UnlinkedContacts(n) => tf(lang, "import.note.unlinked", &[("n", &n.to_string())]),
            Note::HeaderLine(l) => tf(lang, "import.note.header_line", &[("line", &l.to_string())]),
            Note::Sheet(s) => tf(lang, "import.note.sheet", &[("sheet", &clean_line(s))]),
            Note::Fallback(d) => tf(lang, "import.note.fallback", &[("detail", &clean_line(d))]),
            Note::CurrencyAssumed(c, why) => {
                let why = match why {
                    CurrencySource::Config => t(lang, "import.note.currency_why_config"),
                    CurrencySource::Locale(l) => {
                        tf(lang, "import.note.currency_why_locale", &[("locale", &clean_line(l))])
                    }
                    CurrencySource::Default => t(lang, "import.note.currency_why_default"),
                };
                tf(lang, "import.note.currency_assumed", &[("currency", c.code()), ("why", &why)])
            }
            Note::Mrr(n) => tf(lang, "import.note.mrr", &[("n", &n.to_string())]),
            Note::Merged(n, lines) => {
                let mut list = lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
                if *n > lines.len() {
                    list.push_str(", …");
                }
                tf(lang, "import.note.merged", &[("n", &n.to_string()), ("lines", &list)])
            }
            Note::NoTerm(n) => tf(lang, "import.note.no_term", &[("n", &n.to_string())]),
            Note::Rejected(n, f) => {
                tf(lang, "import.note.rejected", &[("n", &n.to_string()), ("file", &clean_line(f))])
            }
        }
    }
}

impl ImportPlan {
    /// "accounts.csv: 180 rows: 12 to create, 3 to update, 165 unchanged", then the notes,
    /// one per line (sanitised: file names and headers come from the user's files).
    pub fn describe(&self, lang: Lang) -> String {
        let c = &self.counts;
        let mut out = tf(
            lang,
            "import.summary",
            &[
                ("file", &clean_line(&self.path.display().to_string())),
                ("kind", self.kind.id()),
                ("rows", &self.rows.to_string()),
                ("created", &c.created.to_string()),
                ("updated", &c.updated.to_string()),
                ("unchanged", &c.unchanged.to_string()),
            ],
        );
        out.push('\n');
        for n in &self.notes {
            out.push_str(&format!("  {}\n", n.describe(lang)));
        }
        out
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
