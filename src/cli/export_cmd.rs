//! `radar export [--format json|csv] [--out PATH]`.

use super::args::ExportFormat;
use super::{CliError, Context, emit, open_store_for_reading, owner_or_mine};
use crate::domain::text::clean_line;
use crate::i18n::tf;
use crate::interchange::export::{self, ExportError};
use crate::settings::Settings;
use std::io::Write;
use std::path::Path;

fn fail(e: ExportError) -> CliError {
    match e {
        ExportError::Store(s) => s.into(),
        other => CliError::Runtime(other.to_string()),
    }
}

pub fn run(
    ctx: &Context,
    settings: &Settings,
    format: ExportFormat,
    out: Option<&Path>,
    owner: (Option<&str>, bool),
) -> Result<(), CliError> {
    if let Some(out) = out {
        super::usage::not_the_portfolio(ctx, "--out", out)?;
    }
    let store = open_store_for_reading(ctx)?;
    let owner = owner_or_mine(&store, settings, owner, ctx.lang)?;
    match format {
        ExportFormat::Json => match out {
            Some(path) => {
                let n = export::write_file_atomically(path, |w| export::json::write_owned(&store, w, &owner))
                    .map_err(fail)?;
                let file = clean_line(&path.display().to_string());
                eprintln!(
                    "{}",
                    tf(ctx.lang, "export.json_written", &[("accounts", &n.to_string()), ("file", &file)])
                );
                Ok(())
            }
            None => {
                let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
                let written =
                    export::json::write_owned(&store, &mut stdout, &owner).and_then(|_| Ok(stdout.flush()?));
                let broken_pipe =
                    |kind: Option<std::io::ErrorKind>| kind == Some(std::io::ErrorKind::BrokenPipe);
                match written {
                    // The reader stopped (`| head`): not an error.
                    Err(ExportError::Json(e)) if broken_pipe(e.io_error_kind()) => Ok(()),
                    Err(ExportError::Io(e)) if broken_pipe(Some(e.kind())) => Ok(()),
                    other => other.map(|_| ()).map_err(fail),
                }
            }
        },
        ExportFormat::Csv => {
            let dir = out.ok_or_else(|| super::usage::usage(ctx.lang, "csv_needs_out", &[]))?;
            let files = export::csv::export_owned(&store, dir, &owner).map_err(fail)?;
            let dir = clean_line(&dir.display().to_string());
            emit(&format!(
                "{}\n",
                tf(ctx.lang, "export.csv_written", &[("n", &files.len().to_string()), ("dir", &dir)])
            ))
        }
    }
}
