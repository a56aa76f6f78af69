//! `radar export [--format json|csv] [--out PATH]`.

use super::args::ExportFormat;
use super::{CliError, Context, emit, open_store};
use crate::domain::text::clean_line;
use crate::i18n::tf;
use crate::interchange::export::{self, ExportError};
use std::path::Path;

fn fail(e: ExportError) -> CliError {
    match e {
        ExportError::Store(s) => s.into(),
        other => CliError::Runtime(other.to_string()),
    }
}

pub fn run(ctx: &Context, format: ExportFormat, out: Option<&Path>) -> Result<(), CliError> {
    let store = open_store(ctx)?;
    match format {
        ExportFormat::Json => {
            let facts = store.load_all_facts()?;
            let bytes = export::json::to_bytes(&facts).map_err(fail)?;
            match out {
                Some(path) => {
                    export::write_atomically(path, &bytes).map_err(fail)?;
                    let file = clean_line(&path.display().to_string());
                    let n = facts.len().to_string();
                    eprintln!(
                        "{}",
                        tf(ctx.lang, "export.json_written", &[("accounts", &n), ("file", &file)])
                    );
                    Ok(())
                }
                // Invariant: serde_json writes UTF-8 only.
                None => emit(&String::from_utf8_lossy(&bytes)),
            }
        }
        ExportFormat::Csv => {
            let dir = out.ok_or_else(|| {
                CliError::Usage("--format csv writes one file per kind: give --out DIR".into())
            })?;
            let facts = store.load_all_facts()?;
            let files = export::csv::export(&facts, dir).map_err(fail)?;
            let dir = clean_line(&dir.display().to_string());
            emit(&format!(
                "{}\n",
                tf(ctx.lang, "export.csv_written", &[("n", &files.len().to_string()), ("dir", &dir)])
            ))
        }
    }
}
