//! Reading a CSV file into records with line numbers, mapping its headers to fields
//! (aliases, then `--map`), and reading typed cells with every failure recorded as a
//! `RowProblem` (the import goes on reading to list every bad row, then writes nothing).

use super::dayfirst::{self, Order};
use super::decode::{self, Encoding};
use super::error::{ImportError, Problems, RowProblem};
use super::fields::{F, Kind, fold_header};
use super::formula;
use crate::domain::dates::{check_facing, parse_date};
use crate::domain::text::{clean_line, clean_text, is_clean, truncate_to_width};
use crate::domain::{Choice, Currency, Money};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One data record: the line it starts on and its cells. Records are read one at a time
/// into the same buffers: holding 100k of them at once cost memory and, freed together,
/// left the allocator fragmented for the write that follows.
pub struct Record {
    pub line: u64,
    pub cells: csv::StringRecord,
}

/// A CSV file, decoded and with its headers mapped; records are streamed by `try_for_each`.
pub struct Table {
    pub path: PathBuf,
    pub encoding: Encoding,
    pub delimiter: u8,
    /// Headers as written (sanitised).
    pub headers: Vec<String>,
    /// Column of each field, indexed by `F as usize` (looked up for every cell of 100k rows:
    /// an array beats hashing).
    columns: Vec<Option<usize>>,
    /// Headers that name no field (reported once, not fatal).
    pub unknown: Vec<String>,
    text: String,
    /// Day- or month-first, decided from the whole file on the first date that needs it.
    date_order: std::cell::OnceCell<Order>,
}

/// Parses `--map 'Header=field,Other Header=field'`; `field` may be `-` to ignore a column.
/// Returns folded header → field (None = ignore).
pub fn parse_map(kind: Kind, map: &str) -> Result<HashMap<String, Option<F>>, ImportError> {
    let mut out = HashMap::new();
    for part in map.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((header, field)) = part.rsplit_once('=') else {
            return Err(ImportError::Map(format!("'{part}' is not Header=field")));
        };
        let field = field.trim();
        let target = if field == "-" || field.eq_ignore_ascii_case("ignore") {
            None
        } else {
            Some(kind.field_named(field).ok_or_else(|| {
                let names: Vec<_> = kind.fields().iter().map(|s| s.field.name()).collect();
                ImportError::Map(format!(
                    "'{field}' is not a field of {} (fields: {}, or - to ignore the column)",
                    kind.id(),
                    names.join(", ")
                ))
            })?)
        };
        out.insert(fold_header(header), target);
    }
    Ok(out)
}

impl Table {
    /// Reads and decodes `path`, detects the delimiter and maps the header line.
    pub fn read(path: &Path, kind: Kind, map: &str) -> Result<Table, ImportError> {
        let overrides = parse_map(kind, map)?;
        let bytes =
            std::fs::read(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
        let (text, encoding) = decode::decode_owned(bytes)
            .map_err(|source| ImportError::Encoding { path: path.to_path_buf(), source })?;
        Table::from_text(path, text, encoding, kind, overrides)
    }

    pub fn from_bytes(path: &Path, bytes: &[u8], kind: Kind, map: &str) -> Result<Table, ImportError> {
        let overrides = parse_map(kind, map)?;
        let (text, encoding) = decode::decode(bytes)
            .map_err(|source| ImportError::Encoding { path: path.to_path_buf(), source })?;
        Table::from_text(path, text, encoding, kind, overrides)
    }

    fn from_text(
        path: &Path,
        text: String,
        encoding: Encoding,
        kind: Kind,
        overrides: HashMap<String, Option<F>>,
    ) -> Result<Table, ImportError> {
        let path = path.to_path_buf();
        let delimiter = decode::detect_delimiter(&text);
        let mut reader = reader(&text, delimiter);
        let mut header = csv::StringRecord::new();
        loop {
            let more = reader.read_record(&mut header).map_err(|e| csv_error(&path, e))?;
            if !more {
                return Err(ImportError::Empty { path });
            }
            if !is_blank(&header) {
                break;
            }
        }
        let headers: Vec<String> = header.iter().map(clean_line).collect();
        let mut columns: Vec<Option<usize>> = vec![None; F::COUNT];
        let mut unknown = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            let field = match overrides.get(&fold_header(h)) {
                Some(target) => *target,
                None => match kind.field_for_header(h) {
                    Some(f) => Some(f),
                    None => {
                        unknown.push(h.clone());
                        None
                    }
                },
            };
            if let Some(f) = field {
                let slot = &mut columns[f as usize];
                if slot.is_some() {
                    // Two columns for one field (e.g. "Account Name" and "Account ID"): the first wins.
                    unknown.push(format!("{h} (a second column for {})", f.name()));
                } else {
                    *slot = Some(i);
                }
            }
        }
        let has_name_parts =
            columns[F::FirstName as usize].is_some() || columns[F::LastName as usize].is_some();
        let missing: Vec<String> = kind
            .fields()
            .iter()
            .filter(|s| s.required && columns[s.field as usize].is_none())
            .filter(|s| !(kind == Kind::Contacts && s.field == F::Name && has_name_parts))
            .map(|s| s.field.name().to_string())
            .collect();
        if !missing.is_empty() {
            let found = headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
            return Err(ImportError::MissingColumns { path, missing, found });
        }
        Ok(Table {
            path,
            encoding,
            delimiter,
            headers,
            columns,
            unknown,
            text,
            date_order: Default::default(),
        })
    }

    /// Calls `f` with every data record and how many bytes of the text are read so far
    /// (of `len()`), stopping at the first error `f` returns; returns the number of records.
    pub fn try_for_each(
        &self,
        mut f: impl FnMut(&Record, usize) -> Result<(), ImportError>,
    ) -> Result<usize, ImportError> {
        let mut reader = reader(&self.text, self.delimiter);
        let mut rec = Record { line: 0, cells: csv::StringRecord::new() };
        let mut header_seen = false;
        let mut rows = 0;
        while reader.read_record(&mut rec.cells).map_err(|e| csv_error(&self.path, e))? {
            if is_blank(&rec.cells) {
                continue; // blank lines, and the all-empty rows spreadsheets leave at the end
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let pos = rec.cells.position();
            rec.line = pos.map_or(0, |p| p.line());
            rows += 1;
            f(&rec, pos.map_or(0, |p| p.byte() as usize))?;
        }
        Ok(rows)
    }

    /// Lines of text (an upper bound of the records, found without parsing them).
    pub fn line_count(&self) -> usize {
        self.text.bytes().filter(|b| *b == b'\n').count()
    }

    /// Length of the decoded text in bytes (for progress).
    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The order of the file's day/month-first dates, from every date column of every row.
    fn date_order(&self) -> Order {
        *self.date_order.get_or_init(|| {
            let cols: Vec<usize> = DATE_FIELDS.iter().filter_map(|f| self.column(*f)).collect();
            let mut order = None;
            let mut rec = csv::StringRecord::new();
            let mut reader = reader(&self.text, self.delimiter);
            while reader.read_record(&mut rec).unwrap_or(false) {
                order = cols.iter().filter_map(|i| rec.get(*i)).fold(order, dayfirst::observe);
            }
            order.unwrap_or(Order::Unknown)
        })
    }

    pub fn has(&self, f: F) -> bool {
        self.column(f).is_some()
    }

    fn column(&self, f: F) -> Option<usize> {
        self.columns[f as usize]
    }

    /// Typed access to one record's cells, recording problems in `problems`; `today`
    /// bounds the dates of what has already happened.
    pub fn cells<'t>(&'t self, rec: &'t Record, problems: &'t mut Problems, today: NaiveDate) -> Cells<'t> {
        let width = self.headers.len();
        if rec.cells.len() > width && rec.cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            problems.push(RowProblem {
                line: rec.line,
                column: Some(width + 1),
                header: String::new(),
                value: String::new(),
                message: format!(
                    "the row has {} fields but the header has {width} (a delimiter inside an unquoted value?)",
                    rec.cells.len()
                ),
            });
        }
        Cells { table: self, rec, problems, today }
    }
}

/// One record's cells, read as the types the fields need.
pub struct Cells<'t> {
    table: &'t Table,
    rec: &'t Record,
    pub problems: &'t mut Problems,
    today: NaiveDate,
}

impl Cells<'_> {
    pub fn line(&self) -> u64 {
        self.rec.line
    }

    /// The cell of `f` when the column exists and the cell is not blank, without the `'`
    /// the CSV export puts before formula-like text.
    fn raw(&self, f: F) -> Option<(&str, usize)> {
        let i = self.table.column(f)?;
        let cell = formula::unguard(self.rec.cells.get(i)?.trim());
        (!cell.is_empty()).then_some((cell, i))
    }

    /// Records a problem about field `f` (its column if the file has one).
    pub fn problem(&mut self, f: F, message: impl Into<String>) {
        let col = self.table.column(f);
        let value = col.and_then(|i| self.rec.cells.get(i)).map_or(String::new(), shorten);
        let header = col.map_or_else(|| f.name().to_string(), |i| self.table.headers[i].clone());
        self.problems.push(RowProblem {
            line: self.rec.line,
            column: col.map(|i| i + 1),
            header,
            value,
            message: message.into(),
        });
    }

    fn parsed<T, E: std::fmt::Display>(
        &mut self,
        f: F,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let (cell, _) = self.raw(f)?;
        match parse(cell) {
            Ok(v) => Some(v),
            Err(e) => {
                let msg = e.to_string();
                self.problem(f, msg);
                None
            }
        }
    }

    /// One-line text, sanitised; None when absent or blank.
    pub fn text(&mut self, f: F) -> Option<String> {
        self.raw(f).map(|(c, _)| line(c)).filter(|s| !s.is_empty())
    }

    /// Multi-line text (notes), sanitised.
    pub fn note(&mut self, f: F) -> Option<String> {
        let i = self.table.column(f)?;
        let s = clean_text(formula::unguard(self.rec.cells.get(i)?));
        let s = s.trim_start_matches('\n').to_string();
        (!s.trim().is_empty()).then_some(s)
    }

    /// Required one-line text: records "required" when blank.
    pub fn required_text(&mut self, f: F) -> Option<String> {
        let v = self.text(f);
        if v.is_none() {
            self.problem(f, format!("{} is required", f.name()));
        }
        v
    }

    /// A date, refused after today in a past-facing field (`F::facing`).
    pub fn date(&mut self, f: F) -> Option<NaiveDate> {
        let (table, today) = (self.table, self.today);
        self.parsed(f, |s| {
            let d = match parse_date(s) {
                Ok(d) => d,
                Err(e) if dayfirst::split(s).is_none() => return Err(e.to_string()),
                Err(_) => dayfirst::parse(s, table.date_order())?,
            };
            check_facing(d, s, today, f.facing()).map_err(|e| e.to_string())
        })
    }

    pub fn required_date(&mut self, f: F) -> Option<NaiveDate> {
        if self.raw(f).is_none() {
            self.problem(f, format!("{} is required (a date such as 2026-03-01)", f.name()));
            return None;
        }
        self.date(f)
    }

    /// An amount (an ARR): the forms' check, `Money::parse_amount` (0 or more, bounded).
    pub fn money(&mut self, f: F, default: Currency) -> Option<Money> {
        self.parsed(f, |s| Money::parse_amount(s, default))
    }

    pub fn required_money(&mut self, f: F, default: Currency) -> Option<Money> {
        if self.raw(f).is_none() {
            self.problem(f, format!("{} is required (an amount such as 120000 or ¥120,000)", f.name()));
            return None;
        }
        self.money(f, default)
    }

    pub fn currency(&mut self, f: F) -> Option<Currency> {
        self.parsed(f, Currency::new)
    }

    pub fn choice<C: Choice>(&mut self, f: F) -> Option<C> {
        self.parsed(f, C::parse)
    }

    pub fn required_choice<C: Choice>(&mut self, f: F) -> Option<C> {
        if self.raw(f).is_none() {
            let ids: Vec<_> = C::ALL.iter().map(|c| c.id()).collect();
            self.problem(f, format!("{} is required (one of: {})", f.name(), ids.join(", ")));
            return None;
        }
        self.choice(f)
    }

    /// A whole number ≥ 0: `1200`, `1,200`, `1 200`, `12.0`.
    pub fn count(&mut self, f: F) -> Option<u32> {
        self.parsed(f, |s| {
            let t: String = s.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
            let t = t.strip_suffix(".0").or_else(|| t.strip_suffix(".00")).unwrap_or(&t);
            t.parse::<u32>().map_err(|_| format!("'{s}' is not a whole number (expected e.g. 12 or 1,200)"))
        })
    }

    /// yes/no, true/false, 1/0, y/n, 是/否, x/blank.
    pub fn yes_no(&mut self, f: F) -> Option<bool> {
        self.parsed(f, |s| match fold_header(s).as_str() {
            "yes" | "y" | "true" | "1" | "是" | "x" | "✓" | "对" | "在职" => Ok(true),
            "no" | "n" | "false" | "0" | "否" | "不是" | "离职" => Ok(false),
            _ => Err(format!("'{s}' is not yes or no (expected yes/no, true/false, 1/0 or 是/否)")),
        })
    }
}

/// Fields holding dates (they decide a file's day/month order together).
const DATE_FIELDS: [F; 10] = [
    F::RenewalDate,
    F::ContractStart,
    F::ActivatedOn,
    F::LastContact,
    F::Due,
    F::RaisedOn,
    F::Date,
    F::TermEnd,
    F::TermStart,
    F::DecidedOn,
];

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|c| c.trim().is_empty())
}

fn csv_error(path: &Path, e: csv::Error) -> ImportError {
    ImportError::Csv {
        path: path.to_path_buf(),
        line: e.position().map_or(0, |p| p.line()),
        detail: e.to_string(),
    }
}

/// `clean_line`, without its copy for the common cell that has nothing to remove.
fn line(s: &str) -> String {
    if is_clean(s) && !s.contains('\n') { s.trim().to_string() } else { clean_line(s) }
}

/// A cell's text for an error message: sanitised and at most 40 cells wide.
fn shorten(v: &str) -> String {
    truncate_to_width(&clean_line(v), 40)
}
