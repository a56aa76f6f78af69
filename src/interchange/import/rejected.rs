//! `--skip-invalid`: the rows set aside, written to `FILE.KIND.rejected.csv` as the file
//! had them — byte for byte for a text file, the cells as read for a spreadsheet — with an
//! added `error` column saying what was wrong. Fixed, that file imports again like the
//! original (the `error` column names no field and is ignored).
//!
//! The kind is in the name (`hubspot_activities.csv.touchpoints.rejected.csv`): one file
//! imported as two kinds, as HubSpot's activities are (touchpoints, then tasks), keeps
//! both lists; under one name the second import replaced the first's without a word (CSM
//! trial, session 33).

use crate::interchange::ImportError;
use crate::interchange::decode::Encoding;
use crate::interchange::table::{Record, Table, quote};
use std::path::{Path, PathBuf};

/// The column a rejected-rows file adds after the file's own (last, never translated):
/// a saved mapping is looked up without it (`saved::with_saved`).
pub const ERROR_COLUMN: &str = "error";

/// The rows set aside and where they go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub path: PathBuf,
    /// Each row as written, with its errors.
    rows: Vec<(String, String)>,
    /// The lines of the rows set aside: the preview leaves them out, since they will not be
    /// stored (it showed them, beside the same plan listing them as set aside).
    lines: std::collections::BTreeSet<u64>,
}

impl Rejected {
    pub fn new(input: &Path, kind: crate::interchange::fields::Kind) -> Rejected {
        Rejected { path: file_for(input, kind), rows: Vec::new(), lines: Default::default() }
    }

    /// A row set aside, its errors after the line it was on in the input (the rejected file
    /// numbers its rows afresh; the line finds the row in the CRM export it came from).
    pub fn add(&mut self, table: &Table, rec: &Record, errors: Vec<String>) {
        let file = table.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let file = crate::domain::text::clean_line(&file);
        let error = crate::i18n::tf(
            table.lang,
            "import.rejected_line",
            &[("line", &rec.line.to_string()), ("file", &file), ("errors", &errors.join("; "))],
        );
        self.rows.push((table.raw_record(rec), error));
        self.lines.insert(rec.line);
    }

    /// Whether the row on this line of the input is set aside.
    pub fn has_line(&self, line: u64) -> bool {
        self.lines.contains(&line)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Where the rows of `input` imported as `kind` are set aside: `FILE.KIND.rejected.csv`.
pub fn file_for(input: &Path, kind: crate::interchange::fields::Kind) -> PathBuf {
    let mut name = input.as_os_str().to_owned();
    name.push(format!(".{}.rejected.csv", kind.id()));
    PathBuf::from(name)
}

/// Whether a line of the input is set aside, for `Table::preview` (no rows set aside: none).
pub fn set_aside(r: &Option<Rejected>) -> impl Fn(u64) -> bool + '_ {
    move |line| r.as_ref().is_some_and(|r| r.has_line(line))
}

/// Writes the rejected rows beside the input, as a private file (it holds customer data),
/// with the input's delimiter and line ends. UTF-8 with a BOM, so Excel shows Chinese and
/// accented text (GBK would be wrong on a non-Chinese Windows, Windows-1252 cannot hold
/// Chinese), except for UTF-16 input: Excel's "Unicode text" is tab-separated, and Excel
/// splits tabs into columns only in that form, so it is written back as UTF-16LE with a BOM.
pub fn write(table: &Table, r: &Rejected) -> Result<(), ImportError> {
    let d = if table.encoding.is_some() { table.delimiter } else { b',' };
    let eol = if table.crlf { "\r\n" } else { "\n" };
    let mut out = String::from("\u{feff}");
    out.push_str(&table.raw_header());
    out.push(char::from(d));
    out.push_str(ERROR_COLUMN);
    out.push_str(eol);
    for (row, error) in &r.rows {
        out.push_str(row);
        out.push(char::from(d));
        out.push_str(&quote(error, d));
        out.push_str(eol);
    }
    let bytes = match table.encoding {
        Some(Encoding::Utf16Le | Encoding::Utf16Be) => {
            // `out` starts with U+FEFF: it becomes the UTF-16LE BOM.
            out.encode_utf16().flat_map(u16::to_le_bytes).collect()
        }
        _ => out.into_bytes(),
    };
    crate::private_file::write_private(&r.path, &bytes)
        .map_err(|source| ImportError::Write { path: r.path.clone(), source })
}
