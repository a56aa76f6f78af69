//! Walking a file's records: a sheet's rows as they are, or CSV text parsed with its
//! real line numbers and byte spans (for rejected-rows files); the delimiter guess, CSV
//! quoting and CSV errors that name their line.

use super::{Record, Source, Table};
use crate::interchange::error::ImportError;
use crate::interchange::header;
use std::path::Path;

impl Table {
    /// Calls `f` with every non-blank record (header and rows above it included) until it
    /// returns false.
    pub(super) fn each_record(
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
pub(super) fn first_lines(text: &str, header_line: Option<u64>) -> String {
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

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// The line of a quoted cell still open at the end of `text`, read as the CSV reader
/// reads it: a quote opens a cell only at the cell's start, `""` inside is a quote, and
/// any other quote closes it.
pub(super) fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    let (mut line, mut opened) = (1u64, 0u64);
    let (mut quoted, mut at_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'\n' {
            line += 1;
        }
        if quoted {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            }
            continue;
        }
        match b {
            b'"' if at_start => {
                quoted = true;
                opened = line;
                at_start = false;
            }
            b'\n' | b'\r' => at_start = true,
            _ if b == delimiter => at_start = true,
            _ => at_start = false,
        }
    }
    quoted.then_some(opened)
}

pub(super) fn is_blank(rec: &csv::StringRecord) -> bool {
    rec.iter().all(|c| c.trim().is_empty())
}

fn csv_error(path: &Path, text: &str, e: csv::Error) -> ImportError {
    let line = e.position().map_or(0, |p| {
        let at = (p.byte() as usize).min(text.len());
        text.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1
    });
    ImportError::Csv { path: path.to_path_buf(), line, detail: e.to_string() }
}
