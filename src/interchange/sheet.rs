//! Spreadsheets read directly (`.xlsx`, `.xlsm`, `.xls`, `.ods`, through calamine): the first
//! sheet, or the one `--sheet` names, as rows of text cells like a CSV file's. Date cells
//! become ISO dates; numbers are written without a spurious `.0`.
//!
//! A spreadsheet is a zip file (`.xls` excepted), and a zip can claim or hide any size: a
//! few kilobytes that unzip to gigabytes would exhaust memory before a single row is read.
//! So before calamine sees the file, every entry's declared size is checked against
//! `MAX_UNZIPPED` and then unzipped once, counting, to prove it is no bigger than declared;
//! the rows and cells read are capped too.

use super::error::ImportError;
use crate::i18n::{Lang, tf};
use calamine::{Data, Reader};
use std::io::{Read, Seek};
use std::path::Path;

/// The most a spreadsheet may unzip to, all entries together.
pub const MAX_UNZIPPED: u64 = 1 << 30;
/// The most rows and cells read from a sheet (Excel's own row limit; 20M cells).
pub const MAX_ROWS: usize = 1_048_576;
pub const MAX_CELLS: usize = 20_000_000;

/// A sheet's rows: the 1-based row number and the cells as text.
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(u64, Vec<String>)>,
}

/// True for the file names read as spreadsheets.
pub fn is_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods"))
}

fn invalid(path: &Path, detail: impl Into<String>) -> ImportError {
    ImportError::Invalid { path: path.to_path_buf(), detail: detail.into() }
}

/// Refuses a zip whose entries unzip (or claim to unzip) to more than `MAX_UNZIPPED`, or
/// to more than they declare.
pub fn check_zip<R: Read + Seek>(path: &Path, reader: R, lang: Lang) -> Result<(), ImportError> {
    let mut zip = zip::ZipArchive::new(reader)
        .map_err(|e| invalid(path, said(lang, "import.sheet.unreadable_zip", e)))?;
    let too_big = |n: u64| {
        let (max, n) = ((MAX_UNZIPPED >> 20).to_string(), (n >> 20).to_string());
        invalid(path, tf(lang, "import.sheet.zip_bomb", &[("max", &max), ("n", &n)]))
    };
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry =
            zip.by_index_raw(i).map_err(|e| invalid(path, said(lang, "import.sheet.broken_entry", e)))?;
        declared = declared.saturating_add(entry.size());
        if declared > MAX_UNZIPPED {
            return Err(too_big(declared));
        }
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry =
            zip.by_index(i).map_err(|e| invalid(path, said(lang, "import.sheet.broken_entry", e)))?;
        let claimed = entry.size();
        let mut n: u64 = 0;
        loop {
            let got = entry
                .read(&mut buf)
                .map_err(|e| invalid(path, said(lang, "import.sheet.broken_entry", e)))?;
            if got == 0 {
                break;
            }
            n += got as u64;
            total += got as u64;
            if n > claimed || total > MAX_UNZIPPED {
                return Err(too_big(total.max(n)));
            }
        }
    }
    Ok(())
}

/// Reads sheet `wanted` (else the first) of the spreadsheet at `path`.
/// Refusals are in `lang`.
pub fn read(path: &Path, wanted: Option<&str>, lang: Lang) -> Result<Sheet, ImportError> {
    let read_err = |source| ImportError::Read { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(read_err)?;
    let mut magic = [0u8; 4];
    let zipped = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    file.rewind().map_err(read_err)?;
    if zipped {
        check_zip(path, std::io::BufReader::new(&mut file), lang)?;
        file.rewind().map_err(read_err)?;
    }
    drop(file);
    // An encrypted .xlsx is not a zip but an OLE container holding the encrypted package.
    let ole = magic == [0xD0, 0xCF, 0x11, 0xE0];
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if ole && matches!(ext.as_deref(), Some("xlsx" | "xlsm")) {
        return Err(protected(path, lang));
    }
    let mut book = calamine::open_workbook_auto(path).map_err(|e| unreadable(path, &e, lang))?;
    let names = book.sheet_names();
    let listed = || names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let name = match wanted {
        None => {
            names.first().cloned().ok_or_else(|| invalid(path, tf(lang, "import.sheet.no_sheets", &[])))?
        }
        Some(w) => names.iter().find(|n| *n == w || n.eq_ignore_ascii_case(w)).cloned().ok_or_else(|| {
            invalid(path, tf(lang, "import.sheet.no_such_sheet", &[("sheet", w), ("sheets", &listed())]))
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| unreadable(path, &e, lang))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for (r, row) in range.rows().enumerate() {
        if rows.len() >= MAX_ROWS || cells + row.len() > MAX_CELLS {
            let (rows, cells) = (MAX_ROWS.to_string(), MAX_CELLS.to_string());
            let msg =
                tf(lang, "import.sheet.too_many", &[("sheet", &name), ("rows", &rows), ("cells", &cells)]);
            return Err(invalid(path, msg));
        }
        cells += row.len();
        // Cells left of the used range are empty columns: keep column numbers true.
        let mut out: Vec<String> = vec![String::new(); first_col as usize];
        out.extend(row.iter().map(text));
        while out.last().is_some_and(String::is_empty) {
            out.pop();
        }
        rows.push((u64::from(first_row) + r as u64 + 1, out));
    }
    if rows.iter().all(|(_, cells)| cells.iter().all(|c| c.trim().is_empty())) {
        let key = if names.len() > 1 { "import.sheet.empty_others" } else { "import.sheet.empty" };
        return Err(invalid(path, tf(lang, key, &[("sheet", &name), ("sheets", &listed())])));
    }
    Ok(Sheet { name, rows })
}

/// A workbook calamine could not open: a password says how to get on, anything else is
/// named as unreadable.
fn unreadable(path: &Path, e: &calamine::Error, lang: Lang) -> ImportError {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return protected(path, lang);
    }
    invalid(path, said(lang, "import.sheet.unreadable", text))
}

/// A catalog message around what the zip or spreadsheet library said (in English: its own
/// words, which name the broken part).
fn said(lang: Lang, key: &str, error: impl std::fmt::Display) -> String {
    tf(lang, key, &[("error", &error.to_string())])
}

fn protected(path: &Path, lang: Lang) -> ImportError {
    invalid(path, tf(lang, "import.sheet.password", &[]))
}

/// A cell as the text a CSV export of it would hold.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "true" } else { "false" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => number(dt.as_f64()),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A float as written: `500000`, `873607.15` (never `500000.0` nor `1e5`).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        let s = format!("{f}");
        if s.contains('e') { format!("{f:.6}").trim_end_matches('0').to_string() } else { s }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_write_them() {
        assert_eq!(number(500000.0), "500000");
        assert_eq!(number(873607.15), "873607.15");
        assert_eq!(number(-3.0), "-3");
    }
}
