//! The printable side of a plan: counts, notes, and the summary text in the user's language
//! (the same words in the CLI and the dashboard's import prompt).

use super::ImportPlan;
use super::world::Outcome;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, t, tf};
use crate::interchange::decode::Encoding;
use crate::interchange::table::Table;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
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

/// Something worth telling that did not stop the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The file was not plain UTF-8 and was converted (label of the encoding).
    Converted(&'static str),
    /// The delimiter found, when not a comma.
    Delimiter(char),
    /// Headers that name no field, ignored.
    UnknownColumns(Vec<String>),
    /// Touchpoints naming a contact the account does not have: kept without the link.
    UnlinkedContacts(usize),
}

pub(super) fn notes(table: &Table, unlinked: usize) -> Vec<Note> {
    let mut notes = Vec::new();
    if !matches!(table.encoding, Encoding::Utf8 | Encoding::Utf8Bom) {
        notes.push(Note::Converted(table.encoding.label()));
    }
    if table.delimiter != b',' {
        notes.push(Note::Delimiter(char::from(table.delimiter)));
    }
    if !table.unknown.is_empty() {
        notes.push(Note::UnknownColumns(table.unknown.clone()));
    }
    if unlinked > 0 {
        notes.push(Note::UnlinkedContacts(unlinked));
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
            Note::UnlinkedContacts(n) => tf(lang, "import.note.unlinked", &[("n", &n.to_string())]),
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
