//! Reading an input file into records with their real line numbers: a CSV or text file
//! (decoded, delimiter detected) or a spreadsheet's sheet. The header row is found among
//! the first rows (`header`), its columns mapped to fields, and the whole file surveyed
//! once for what must be decided file-wide: the order of day/month dates, the decimal mark
//! of amounts, and which account keys repeat (rows describing one account merge).

use super::amount::{self, Style};
use super::dayfirst::{self, Order};
use super::decode::{self, Encoding};
use super::error::ImportError;
use super::fields::{F, Kind};
use super::header::{self, MapSpec, Mapping};
use super::{formula, sheet};
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use super::cells::Cells;

/// How to read a file: the `--map`, `--sheet`, `--header-line` and `--date-order` flags,
/// `--set` and `--default` values, and the language of row errors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    pub map: Vec<String>,
    pub sheet: Option<String>,
    pub header_line: Option<u64>,
    pub date_order: Option<Order>,
    /// `field=value` for every row.
    pub set: Vec<String>,
    /// `field=value` for blank cells.
    pub defaults: Vec<String>,
    pub lang: Option<Lang>,
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
    source: Source,
    header_span: (usize, usize),
    /// Non-blank records before the first data record (the header and rows above it).
    skip: usize,
    /// The file ends its lines with CRLF.
    pub crlf: bool,
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

const MONEY_FIELDS: [F; 4] = [F::Arr, F::Mrr, F::RenewedArr, F::TermArr];

impl Table {
    /// Reads `path` as `kind`: a spreadsheet by its extension, else text.
    pub fn read(path: &Path, kind: Kind, options: &ReadOptions) -> Result<Table, ImportError> {
        let map = MapSpec::parse(kind, &options.map)?;
        let set = pairs(kind, "--set", &options.set)?;
        let defaults = pairs(kind, "--default", &options.defaults)?;
        if sheet::is_spreadsheet(path) {
            let sheet = sheet::read(path, options.sheet.as_deref())?;
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
            return Err(ImportError::Map(format!("--sheet: {} is not a spreadsheet", path.display())));
        }
        let bytes =
            std::fs::read(path).map_err(|source| ImportError::Read { path: path.to_path_buf(), source })?;
        let (text, encoding) = decode::decode_owned(bytes)
            .map_err(|source| ImportError::Encoding { path: path.to_path_buf(), source })?;
        let delimiter = decode::detect_delimiter(&first_lines(&text, options.header_line));
        let source = Source::Text { text };
        Table::build(path, kind, options, map, set, defaults, source, Some(encoding), delimiter, None)
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        path: &Path,
        kind: Kind,
        options: &ReadOptions,
        map: MapSpec,
        set: Vec<(F, String)>,
        defaults: Vec<(F, String)>,
        source: Source,
        encoding: Option<Encoding>,
        delimiter: u8,
        sheet: Option<String>,
    ) -> Result<Table, ImportError> {
        let path = path.to_path_buf();
        let crlf = matches!(&source, Source::Text { text } if text.contains("\r\n"));
        let mut t = Table {
            path: path.clone(),
            kind,
            encoding,
            delimiter,
            sheet,
            headers: Vec::new(),
            header_line: 0,
            mapping: Mapping::new(kind, &[], &MapSpec::default()),
            set,
            defaults,
            date_order: options.date_order.unwrap_or(Order::Unknown),
            style: Style::Unknown,
            lang: options.lang.unwrap_or(Lang::En),
            repeats: HashSet::new(),
            source,
            header_span: (0, 0),
            skip: 0,
            crlf,
        };
        // The header: the row naming most fields among the first rows, or the one asked for.
        let mut candidates: Vec<(usize, Record)> = Vec::new();
        let mut n = 0;
        t.each_record(|rec| {
            n += 1;
            let wanted = options.header_line.is_none_or(|h| rec.line <= h);
            if wanted && (options.header_line.is_some() || n <= header::SEARCH_ROWS) {
                candidates.push((n, rec.clone_record()));
                Ok(true)
            } else {
                Ok(false)
            }
        })?;
        let chosen = match options.header_line {
            Some(h) => candidates.into_iter().find(|(_, r)| r.line == h).ok_or_else(|| {
                ImportError::Map(format!(
                    "--header-line {h}: no row of {} starts on line {h}",
                    path.display()
                ))
            })?,
            None => {
                let mut best: Option<(usize, (usize, Record))> = None;
                for c in candidates {
                    let cells: Vec<String> = c.1.cells.iter().map(clean_line).collect();
                    let s = header::score(kind, &cells);
                    if best.as_ref().is_none_or(|(b, _)| s > *b) {
                        best = Some((s, c));
                    }
                }
                best.map(|(_, c)| c).ok_or_else(|| ImportError::Empty { path: path.clone() })?
            }
        };
        let (index, rec) = chosen;
        t.skip = index;
        t.header_line = rec.line;
        t.header_span = rec.span;
        t.headers = rec.cells.iter().map(clean_line).collect();
        map.check(&t.headers, &path)?;
        t.mapping = Mapping::new(kind, &t.headers, &map);
        t.check_required()?;
        t.survey(options.date_order.is_some());
        Ok(t)
    }

    fn check_required(&self) -> Result<(), ImportError> {
        let kind = self.kind;
        let has = |f: F| self.has(f);
        let missing: Vec<String> = kind
            .fields()
            .iter()
            .filter(|s| s.required && !has(s.field))
            .filter(|s| {
                !(kind == Kind::Contacts && s.field == F::Name && (has(F::FirstName) || has(F::LastName)))
            })
            .filter(|s| !(s.field == F::Account && (has(F::AccountDomain) || has(F::ContactEmail))))
            .map(|s| s.field.name().to_string())
            .collect();
        if !missing.is_empty() {
            let found = self.headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
            return Err(ImportError::MissingColumns { path: self.path.clone(), missing, found });
        }
        Ok(())
    }

    /// One pass over the data decides the file-wide readings: date order (unless given),
    /// decimal mark, and which account keys repeat.
    fn survey(&mut self, order_given: bool) {
        let cols = |fields: &[F]| -> Vec<usize> {
            fields
                .iter()
                .flat_map(|f| {
                    self.mapping.columns[*f as usize]
                        .into_iter()
                        .chain(self.mapping.fallbacks.iter().filter(move |(g, _)| g == f).map(|(_, c)| *c))
                })
                .collect()
        };
        let (dates, money) = (cols(&DATE_FIELDS), cols(&MONEY_FIELDS));
        let keys = if self.kind == Kind::Accounts { cols(&[F::Name, F::ExternalId]) } else { Vec::new() };
        let mut order = None;
        let mut style = Style::Unknown;
        let mut seen: HashMap<String, u32> = HashMap::new();
        let _ = self.try_for_each(|rec, _| {
            if !order_given {
                order = dates.iter().filter_map(|i| rec.cells.get(*i)).fold(order, dayfirst::observe);
            }
            style = money.iter().filter_map(|i| rec.cells.get(*i)).fold(style, amount::observe);
            for (k, i) in keys.iter().enumerate() {
                // Keyed as rows are matched: sanitised, without the export's formula guard.
                if let Some(v) = rec
                    .cells
                    .get(*i)
                    .map(|v| super::cells::line(formula::unguard(v.trim())))
                    .filter(|v| !v.is_empty())
                {
                    *seen.entry(format!("{k}\u{0}{v}")).or_default() += 1;
                }
            }
            Ok(())
        });
        if !order_given {
            self.date_order = order.unwrap_or(Order::Unknown);
        }
        self.style = style;
        self.repeats = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k.split_once('\u{0}').map_or(k.clone(), |(_, v)| v.to_string()))
            .collect();
    }

    /// True when some other row of the file carries this account name or external id.
    pub fn repeats(&self, key: &str) -> bool {
        !self.repeats.is_empty() && self.repeats.contains(key.trim())
    }

    /// Calls `f` with every non-blank record (header and rows above it included) until it
    /// returns false.
    fn each_record(
        &self,
        mut f: impl FnMut(&Record) -> Result<bool, ImportError>,
    ) -> Result<(), ImportError> {
        match &self.source {
            Source::Grid { rows } => {
                for (line, cells) in rows {
                    let rec = Record { line: *line, cells: cells.clone(), span: (0, 0) };
                    if !f(&rec)? {
                        break;
                    }
                }
            }
            Source::Text { text } => {
                let mut reader = reader(text, self.delimiter);
                let mut rec = Record { line: 0, cells: csv::StringRecord::new(), span: (0, 0) };
                let mut lines = LineCounter::default();
                while reader.read_record(&mut rec.cells).map_err(|e| csv_error(&self.path, text, e))? {
                    if is_blank(&rec.cells) {
                        continue;
                    }
                    let start = rec.cells.position().map_or(0, |p| p.byte() as usize);
                    let start =
                        start + text[start..].bytes().take_while(|b| matches!(b, b'\r' | b'\n')).count();
                    rec.line = lines.line_at(text, start);
                    rec.span = (start, reader.position().byte() as usize);
                    if !f(&rec)? {
                        break;
                    }
                }
            }
        }
        Ok(())
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
    pub fn mapping_notes(&self) -> &[String] {
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

/// Counts lines up to a byte offset, moving forward only: CRLF and LF files alike count
/// their real lines (the csv reader's own count is one short after a CRLF).
#[derive(Default)]
struct LineCounter {
    at: usize,
    line: u64,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> u64 {
        if offset < self.at {
            self.at = 0;
            self.line = 0;
        }
        self.line += text.as_bytes()[self.at..offset].iter().filter(|b| **b == b'\n').count() as u64;
        self.at = offset;
        self.line + 1
    }
}

/// A CSV cell, quoted when it needs to be.
pub fn quote(cell: &str, delimiter: u8) -> String {
    if cell.contains(['"', '\n', '\r', char::from(delimiter)]) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// The text the delimiter is detected from: the header line when `--header-line` names
/// it, else the first lines (the header is usually there; an instruction row above it
/// rarely has more delimiters than the header).
fn first_lines(text: &str, header_line: Option<u64>) -> String {
    match header_line {
        Some(n) => text.lines().nth(n.saturating_sub(1) as usize).unwrap_or("").to_string(),
        None => {
            let mut best = "";
            let count = |l: &str| l.matches([',', ';', '\t']).count();
            for l in text.lines().take(header::SEARCH_ROWS) {
                if count(l) > count(best) {
                    best = l;
                }
            }
            best.to_string()
        }
    }
}

/// Parses `--set` / `--default` pairs: `field=value`, each field one of the kind's.
fn pairs(kind: Kind, flag: &str, values: &[String]) -> Result<Vec<(F, String)>, ImportError> {
    values
        .iter()
        .map(|v| {
            let (field, value) = v.split_once('=').ok_or_else(|| {
                ImportError::Map(format!("{flag} '{v}' is not field=value (e.g. {flag} currency=USD)"))
            })?;
            let f = kind.field_named(field.trim()).ok_or_else(|| {
                let names: Vec<&str> = kind.fields().iter().map(|s| s.field.name()).collect();
                let near = header::closest(field, names.iter().copied());
                ImportError::Map(format!(
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

fn csv_error(path: &Path, text: &str, e: csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| {
        let at = (p.byte() as usize).min(text.len());
        text.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
    });
    ImportError::Csv { path: path.to_path_buf(), line, detail: e.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str, kind: Kind, options: &ReadOptions) -> Result<Table, ImportError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        Table::read(&path, kind, options)
    }

    fn lines(t: &Table) -> Vec<u64> {
        let mut out = Vec::new();
        t.try_for_each(|r, _| {
            out.push(r.line);
            Ok(())
        })
        .unwrap();
        out
    }

    /// Issue 14: in a CRLF file every line number after the first record was one too low.
    #[test]
    fn crlf_line_numbers_are_the_files_real_lines() {
        let o = ReadOptions::default();
        let lf = table("name,arr\nA,1\n\nB,2\n\"C\nmulti\",3\nD,4\n", Kind::Accounts, &o).unwrap();
        assert_eq!(lines(&lf), [2, 4, 5, 7]);
        let crlf =
            table("name,arr\r\nA,1\r\n\r\nB,2\r\n\"C\r\nmulti\",3\r\nD,4\r\n", Kind::Accounts, &o).unwrap();
        assert_eq!(lines(&crlf), [2, 4, 5, 7]);
        assert!(crlf.crlf);
    }

    #[test]
    fn the_header_is_found_below_an_instruction_row() {
        let text = "\"1、带星号的为必填项\r\n2、状态列说明：0-禁用 1-启用\",,,\r\n名称*,联系人,手机号码,状态*\r\n成都天府云图信息技术有限公司,张三,138,1\r\n";
        let t = table(text, Kind::Accounts, &ReadOptions::default()).unwrap();
        assert_eq!(t.header_line, 3);
        assert_eq!(t.headers[0], "名称*");
        assert_eq!(lines(&t), [4]);
        let forced = ReadOptions { header_line: Some(1), ..ReadOptions::default() };
        assert!(matches!(table(text, Kind::Accounts, &forced), Err(ImportError::MissingColumns { .. })));
        let nowhere = ReadOptions { header_line: Some(2), ..ReadOptions::default() };
        let Err(err) = table(text, Kind::Accounts, &nowhere) else { panic!("a header on line 2") };
        assert!(err.to_string().contains("line 2"), "{err}");
    }

    #[test]
    fn set_and_default_name_fields_of_the_kind() {
        let o = ReadOptions {
            set: vec!["currency=USD".into()],
            defaults: vec!["tier=mid".into()],
            ..Default::default()
        };
        let t = table("name\nA\n", Kind::Accounts, &o).unwrap();
        assert!(t.has(F::Currency) && t.has(F::Tier));
        let bad = ReadOptions { set: vec!["curency=USD".into()], ..Default::default() };
        let Err(err) = table("name\nA\n", Kind::Accounts, &bad) else { panic!("curency is no field") };
        let err = err.to_string();
        assert!(err.contains("did you mean 'currency'"), "{err}");
    }
}
