//! Reading an input file into records with their real line numbers: a CSV or text file
//! (decoded, delimiter detected) or a spreadsheet's sheet. The header row is found among
//! the first rows (`header`), its columns mapped to fields, and the whole file surveyed
//! once for what must be decided file-wide: the order of day/month dates, the decimal mark
//! of amounts, and which account keys repeat (rows describing one account merge).

mod detect;
mod preview;
mod records;
#[cfg(test)]
mod tests;

use super::amount::Style;
use super::dayfirst::Order;
use super::decode::{self, Encoding};
use super::error::ImportError;
use super::fields::{F, Kind};
use super::header::{self, MapSpec, Mapping};
use super::sheet;
use crate::i18n::Lang;
use records::{first_lines, is_blank};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use super::cells::Cells;
use detect::{DATE_FIELDS, MONEY_FIELDS};
pub use preview::Preview;
pub use records::quote;

/// How to read a file: the `--map`, `--sheet`, `--header-line` and `--date-order` flags,
/// `--set` and `--default` values, and the language of row errors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    pub map: Vec<String>,
    /// Header → field pairs given as values (a saved mapping, the dashboard's column
    /// picker; None ignores the column), applied before `map`.
    pub picked: Vec<(String, Option<F>)>,
    pub sheet: Option<String>,
    pub header_line: Option<u64>,
    pub date_order: Option<Order>,
    /// `field=value` for every row.
    pub set: Vec<String>,
    /// `field=value` for blank cells.
    pub defaults: Vec<String>,
    pub lang: Option<Lang>,
    /// Only the header is wanted (`guess::of_file`, `saved::with_saved`): the required
    /// fields are not checked and the file-wide survey is skipped.
    pub head_only: bool,
}

/// One data record: the line it starts on, its cells and (for text files) where its text
/// is, to copy it byte for byte into a rejected-rows file.
pub struct Record {
    pub line: u64,
    pub cells: csv::StringRecord,
    pub span: (usize, usize),
}

enum Source {
    Text { text: String },
    Grid { rows: Vec<(u64, csv::StringRecord)> },
}

/// A file, read and with its headers mapped; records are streamed by `try_for_each`.
pub struct Table {
    pub path: PathBuf,
    pub kind: Kind,
    /// How a text file's bytes were read (None: a spreadsheet).
    pub encoding: Option<Encoding>,
    pub delimiter: u8,
    /// The sheet read, for a spreadsheet.
    pub sheet: Option<String>,
    /// Headers as written (sanitised).
    pub headers: Vec<String>,
    /// Line (or sheet row) of the header.
    pub header_line: u64,
    pub(super) mapping: Mapping,
    /// Constant values (`--set`) and values for blank cells (`--default`).
    pub(super) set: Vec<(F, String)>,
    pub(super) defaults: Vec<(F, String)>,
    pub(super) date_order: Order,
    pub(super) style: Style,
    pub lang: Lang,
    /// Account keys (names, external ids) that more than one row carries.
    repeats: HashSet<String>,
    /// Repeated account names that some row carries without an external id: only such a
    /// row can fold into an account another row of the file describes under its name.
    bare_names: HashSet<String>,
    source: Source,
    header_span: (usize, usize),
    /// Non-blank records before the first data record (the header and rows above it).
    skip: usize,
    /// The file ends its lines with CRLF.
    pub crlf: bool,
}

impl Table {
    /// Reads `path` as `kind`: a spreadsheet by its extension, else text.
    pub fn read(path: &Path, kind: Kind, options: &ReadOptions) -> Result<Table, ImportError> {
        let map = MapSpec::parse(kind, &options.map)?.after(&options.picked);
        let set = pairs(kind, "--set", &options.set)?;
        let defaults = pairs(kind, "--default", &options.defaults)?;
        if sheet::is_spreadsheet(path) {
            let sheet = sheet::read(path, options.sheet.as_deref(), options.lang.unwrap_or(Lang::En))?;
            let rows = sheet
                .rows
                .into_iter()
                .map(|(n, cells)| (n, csv::StringRecord::from(cells)))
                .filter(|(_, r)| !is_blank(r))
                .collect();
            let source = Source::Grid { rows };
            return Table::build(
                path,
                kind,
                options,
                map,
                set,
                defaults,
                source,
                None,
                b',',
                Some(sheet.name),
            );
        }
        if options.sheet.is_some() {
            return Err(ImportError::Option(format!("--sheet: {} is not a spreadsheet", path.display())));
        }
        let bytes =
            std::fs::read(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
        // A colleague's portfolio picked by mistake read as "not UTF-8, GBK or Windows-1252
        // text (byte 0x99)", which points nowhere (CSM trial, session 30).
        if bytes.starts_with(b"SQLite format 3\0") {
            return Err(ImportError::SqliteFile { path: path.to_path_buf() });
        }
        let (text, encoding) = decode::decode_owned(bytes)
            .map_err(|source| ImportError::Encoding { path: path.to_path_buf(), source })?;
        let delimiter = decode::detect_delimiter(&first_lines(&text, options.header_line));
        // Once, before any row is read: a quoted cell never closed makes the file's tail
        // one cell in every pass over the rows (CSM trial, session 31).
        if let Some(line) = records::unclosed_quote(&text, delimiter) {
            return Err(ImportError::UnclosedQuote { path: path.to_path_buf(), line });
        }
        let source = Source::Text { text };
        Table::build(path, kind, options, map, set, defaults, source, Some(encoding), delimiter, None)
    }

    /// True when some other row of the file carries this account name or external id.
    pub fn repeats(&self, key: &str) -> bool {
        !self.repeats.is_empty() && self.repeats.contains(key.trim())
    }

    /// True when some row carries this (repeated) account name without an external id.
    pub fn repeats_bare(&self, name: &str) -> bool {
        !self.bare_names.is_empty() && self.bare_names.contains(name.trim())
    }

    /// Calls `f` with every data record and how many bytes (or rows) are read so far (of
    /// `len()`), stopping at the first error; returns the number of records.
    pub fn try_for_each(
        &self,
        mut f: impl FnMut(&Record, usize) -> Result<(), ImportError>,
    ) -> Result<usize, ImportError> {
        let mut n = 0;
        let mut rows = 0;
        let grid = matches!(self.source, Source::Grid { .. });
        self.each_record(|rec| {
            n += 1;
            if n <= self.skip {
                return Ok(true);
            }
            rows += 1;
            f(rec, if grid { n } else { rec.span.0 })?;
            Ok(true)
        })?;
        Ok(rows)
    }

    /// Records (an upper bound, found without parsing them).
    pub fn line_count(&self) -> usize {
        match &self.source {
            Source::Text { text } => text.bytes().filter(|b| *b == b'\n').count(),
            Source::Grid { rows } => rows.len(),
        }
    }

    /// Length of the input for progress: bytes of text, or rows of a sheet.
    pub fn len(&self) -> usize {
        match &self.source {
            Source::Text { text } => text.len(),
            Source::Grid { rows } => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn has(&self, f: F) -> bool {
        self.column(f).is_some() || self.set.iter().chain(&self.defaults).any(|(g, _)| *g == f)
    }

    pub(super) fn column(&self, f: F) -> Option<usize> {
        self.mapping.columns[f as usize]
    }

    /// Headers that name no field.
    pub fn unknown(&self) -> &[String] {
        &self.mapping.unknown
    }

    /// Columns that fill another's blank cells, said once.
    pub fn mapping_notes(&self) -> &[crate::interchange::header::MappingNote] {
        &self.mapping.notes
    }

    /// The header line and a record as the file wrote them (text files), else the cells
    /// joined as CSV: what a rejected-rows file repeats.
    pub fn raw_header(&self) -> String {
        self.raw(self.header_span, None)
    }

    pub fn raw_record(&self, rec: &Record) -> String {
        self.raw(rec.span, Some(&rec.cells))
    }

    fn raw(&self, span: (usize, usize), cells: Option<&csv::StringRecord>) -> String {
        match &self.source {
            Source::Text { text } => {
                text[span.0..span.1.min(text.len())].trim_end_matches(['\r', '\n']).to_string()
            }
            Source::Grid { .. } => {
                let cells: Vec<String> = match cells {
                    Some(c) => c.iter().map(str::to_string).collect(),
                    None => self.headers.clone(),
                };
                cells.iter().map(|c| quote(c, b',')).collect::<Vec<_>>().join(",")
            }
        }
    }
}

impl Record {
    fn clone_record(&self) -> Record {
        Record { line: self.line, cells: self.cells.clone(), span: self.span }
    }
}

/// Parses `--set` / `--default` pairs: `field=value`, each field one of the kind's.
fn pairs(kind: Kind, flag: &str, values: &[String]) -> Result<Vec<(F, String)>, ImportError> {
    values
        .iter()
        .map(|v| {
            let (field, value) = v.split_once('=').ok_or_else(|| {
                ImportError::Option(format!("{flag} '{v}' is not field=value (e.g. {flag} currency=USD)"))
            })?;
            let f = kind.field_named(field.trim()).ok_or_else(|| {
                let names: Vec<&str> = kind.fields().iter().map(|s| s.field.name()).collect();
                let near = header::closest(field, names.iter().copied());
                ImportError::Option(format!(
                    "{flag}: '{}' is not a field of {}{} (fields: {})",
                    field.trim(),
                    kind.id(),
                    near.map_or(String::new(), |n| format!("; did you mean '{n}'?")),
                    names.join(", ")
                ))
            })?;
            Ok((f, value.trim().to_string()))
        })
        .collect()
}
